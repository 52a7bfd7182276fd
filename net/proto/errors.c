/* Names of Kafka error codes. */
#include "net/proto/errors.h"

#include <string.h>

struct kafka_error_info {
	int16_t code;
	const char *name;
	int retriable;
};

#define KAFKA_ERR_ROW(c, n, r) { .code = c, .name = #n, .retriable = r },
static const struct kafka_error_info kafka_errors[] = { KAFKA_ERRORS(KAFKA_ERR_ROW) };
#define NERRORS (sizeof(kafka_errors) / sizeof(kafka_errors[0]))

static const struct kafka_error_info *find(int16_t code)
{
	for (size_t i = 0; i < NERRORS; i++)
		if (kafka_errors[i].code == code)
			return &kafka_errors[i];
	return NULL;
}

const char *kafka_error_name(int16_t code)
{
	const struct kafka_error_info *e = find(code);
	return e ? e->name : "UNKNOWN";
}

int kafka_error_retriable(int16_t code)
{
	const struct kafka_error_info *e = find(code);
	return e && e->retriable;
}

int kafka_error_from_name(const char *name)
{
	for (size_t i = 0; i < NERRORS; i++)
		if (!strcmp(kafka_errors[i].name, name))
			return kafka_errors[i].code;
	return -2;
}
