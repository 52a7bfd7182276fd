/* Which APIs the broker serves, at which versions (PROTOCOL.md §2). */
#include "net/api/api.h"
#include "net/proto/api.h"

static const struct api_handler handlers[API_KEY_COUNT] = {
	/* v0 for kafka-python's probe, v2 kafkajs, v3 librdkafka. */
	[API_API_VERSIONS] = { .fn = api_api_versions, .min_version = 0, .max_version = 3 },
};

const struct api_handler *api_handler_find(int key)
{
	if (key < 0 || key >= API_KEY_COUNT || !handlers[key].fn)
		return NULL;
	return &handlers[key];
}
