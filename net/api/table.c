/* Which APIs the broker serves, at which versions (the low ends matter: old clients probe with them). */
#include "net/api/api.h"
#include "net/proto/api.h"

static const struct api_handler handlers[API_KEY_COUNT] = {
	/* v0 for kafka-python's probe, v2 kafkajs, v3 librdkafka. */
	[API_API_VERSIONS] = { .fn = api_api_versions, .min_version = 0, .max_version = 3 },
	/* v0 for kafka-python's probe, v1 its requests, v4 librdkafka, v6 kafkajs. */
	[API_METADATA] = { .fn = api_metadata, .min_version = 0, .max_version = 12 },
	[API_CREATE_TOPICS] = { .fn = api_create_topics, .min_version = 0, .max_version = 4 },
	[API_DELETE_TOPICS] = { .fn = api_delete_topics, .min_version = 0, .max_version = 3 },
	[API_CREATE_PARTITIONS] = { .fn = api_create_partitions, .min_version = 0, .max_version = 1 },
	/*
	 * v3 is the first with record batches v2; v7 allows zstd (librdkafka,
	 * kafka-python). Advertised from v0 as Kafka 4 does (KAFKA-18659):
	 * librdkafka before 2.10 sends gzip, snappy and lz4 batches only to a
	 * broker whose Produce range includes v0, and otherwise silently sends
	 * them uncompressed. No client picks v0-2 when v7 is on offer; such a
	 * request is refused like any version not served.
	 */
	[API_PRODUCE] = { .fn = api_produce, .min_version = 3, .max_version = 7, .advertise_v0 = 1 },
	/* v4 for batches v2 (kafka-python's v4); v10+ makes kafka-python guess 2.1 and use zstd. */
	[API_FETCH] = { .fn = api_fetch, .min_version = 4, .max_version = 11 },
	/* v1 is what kafka-python and librdkafka's offset-by-time lookups send. */
	[API_LIST_OFFSETS] = { .fn = api_list_offsets, .min_version = 1, .max_version = 3 },
	[API_DELETE_RECORDS] = { .fn = api_delete_records, .min_version = 0, .max_version = 1 },
	/* v0 librdkafka's and kafka-python's oldest; v1 adds synonyms and sources. */
	[API_DESCRIBE_CONFIGS] = { .fn = api_describe_configs, .min_version = 0, .max_version = 2 },
	[API_ALTER_CONFIGS] = { .fn = api_alter_configs, .min_version = 0, .max_version = 1 },
	[API_INCREMENTAL_ALTER_CONFIGS] = { .fn = api_incremental_alter_configs, .min_version = 0,
					    .max_version = 1 },
	/* v0 is what librdkafka needs before it uses a group (and its lz4 framing check). */
	[API_FIND_COORDINATOR] = { .fn = api_find_coordinator, .min_version = 0, .max_version = 2 },
	[API_OFFSET_COMMIT] = { .fn = api_offset_commit, .min_version = 2, .max_version = 7 },
	[API_OFFSET_FETCH] = { .fn = api_offset_fetch, .min_version = 1, .max_version = 7 },
	[API_JOIN_GROUP] = { .fn = api_join_group, .min_version = 0, .max_version = 5 },
	[API_SYNC_GROUP] = { .fn = api_sync_group, .min_version = 0, .max_version = 3 },
	[API_HEARTBEAT] = { .fn = api_heartbeat, .min_version = 0, .max_version = 3 },
	[API_LEAVE_GROUP] = { .fn = api_leave_group, .min_version = 0, .max_version = 3 },
	[API_LIST_GROUPS] = { .fn = api_list_groups, .min_version = 0, .max_version = 4 },
	[API_DESCRIBE_GROUPS] = { .fn = api_describe_groups, .min_version = 0, .max_version = 4 },
	[API_DELETE_GROUPS] = { .fn = api_delete_groups, .min_version = 0, .max_version = 1 },
	[API_OFFSET_DELETE] = { .fn = api_offset_delete, .min_version = 0, .max_version = 0 },
	[API_DESCRIBE_CLUSTER] = { .fn = api_describe_cluster, .min_version = 0, .max_version = 1 },
};

const struct api_handler *api_handler_find(int key)
{
	if (key < 0 || key >= API_KEY_COUNT || !handlers[key].fn)
		return NULL;
	return &handlers[key];
}
