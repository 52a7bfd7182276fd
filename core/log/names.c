/*
 * Names on disk: segment files "<20-digit zero-padded base>.<suffix>",
 * partition directories "<topic>-<partition>", and which topic names are
 * legal (Kafka's rule: [a-zA-Z0-9._-], 1..249 characters, not "." or "..").
 */
#include "core/log/log_impl.h"
#include "core/base/err.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define TOPIC_MAX 249

int log_segment_path(char *out, size_t n, const char *dir, int64_t base, const char *suffix)
{
	if (base < 0)
		return KAF_ERANGE;
	if ((size_t)snprintf(out, n, "%s/%020" PRId64 "%s", dir, base, suffix) >= n)
		return -ENAMETOOLONG;
	return 0;
}

int64_t log_segment_name_parse(const char *name, const char *suffix)
{
	int64_t v = 0;
	for (int i = 0; i < SEGMENT_NAME_DIGITS; i++) {
		char c = name[i];
		if (c < '0' || c > '9')
			return -1;
		if (v > (INT64_MAX - (c - '0')) / 10)
			return -1;
		v = v * 10 + (c - '0');
	}
	if (name[SEGMENT_NAME_DIGITS] != '.' || strcmp(name + SEGMENT_NAME_DIGITS + 1, suffix))
		return -1;
	return v;
}

static int topic_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static int topic_valid_n(const char *t, size_t n)
{
	if (n == 0 || n > TOPIC_MAX)
		return 0;
	if ((n == 1 && t[0] == '.') || (n == 2 && t[0] == '.' && t[1] == '.'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!topic_char(t[i]))
			return 0;
	return 1;
}

int log_topic_valid(const char *topic)
{
	return topic && topic_valid_n(topic, strlen(topic));
}

int log_topic_name_valid(const char *topic)
{
	return log_topic_valid(topic);
}

int log_dir_name_parse(const char *name, char *topic, size_t topic_size, int32_t *partition)
{
	const char *dash = strrchr(name, '-');
	if (!dash || !dash[1])
		return KAF_ECORRUPT;
	/* Canonical decimal only, so the name maps back to exactly this directory. */
	const char *d = dash + 1;
	if (d[0] == '0' && d[1])
		return KAF_ECORRUPT;
	int64_t p = 0;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return KAF_ECORRUPT;
		p = p * 10 + (*d - '0');
		if (p > INT32_MAX)
			return KAF_ECORRUPT;
	}
	size_t n = (size_t)(dash - name);
	if (!topic_valid_n(name, n) || n + 1 > topic_size)
		return KAF_ECORRUPT;
	memcpy(topic, name, n);
	topic[n] = 0;
	*partition = (int32_t)p;
	return 0;
}
