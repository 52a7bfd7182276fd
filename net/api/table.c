/* Which APIs the broker serves, at which versions (the low ends matter: old clients probe with them). */
#include "net/api/api.h"
#include "net/proto/api.h"

static const struct api_handler handlers[API_KEY_COUNT] = {
	/* v0 for kafka-python's probe, v2 kafkajs, v3 librdkafka. */
	[API_API_VERSIONS] = { .fn = api_api_versions, .min_version = 0, .max_version = 3 },
	/* v0 for kafka-python's probe, v1 its requests, v4 librdkafka, v6 kafkajs. */
	[API_METADATA] = { .fn = api_metadata, .min_version = 0, .max_version = 6 },
	[API_CREATE_TOPICS] = { .fn = api_create_topics, .min_version = 0, .max_version = 4 },
	[API_DELETE_TOPICS] = { .fn = api_delete_topics, .min_version = 0, .max_version = 3 },
	[API_CREATE_PARTITIONS] = { .fn = api_create_partitions, .min_version = 0, .max_version = 1 },
};

const struct api_handler *api_handler_find(int key)
{
	if (key < 0 || key >= API_KEY_COUNT || !handlers[key].fn)
		return NULL;
	return &handlers[key];
}
