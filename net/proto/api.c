/* The API table of the codec and the request/response headers. */
#include "net/proto/api.h"
#include "core/codec/codec.h"
#include "net/proto/msg_admin.h"
#include "net/proto/msg_cluster.h"
#include "net/proto/msg_data.h"
#include "net/proto/msg_group.h"
#include "net/proto/msg_security.h"
#include "net/proto/msg_txn.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/base/reader.h"

#include <string.h>

#define API(k, n, msg, lo, hi, flex) \
	[k] = { .key = k, .name = n, .request = &msg##_req_desc, .response = &msg##_resp_desc, \
		.min_version = lo, .max_version = hi, .flexible_from = flex }

static const struct proto_api apis[API_KEY_COUNT] = {
	API(API_PRODUCE, "Produce", produce, 3, 7, 9),
	API(API_FETCH, "Fetch", fetch, 4, 11, 12),
	API(API_LIST_OFFSETS, "ListOffsets", list_offsets, 1, 3, 6),
	API(API_METADATA, "Metadata", metadata, 0, 12, 9),
	API(API_OFFSET_COMMIT, "OffsetCommit", offset_commit, 2, 7, 8),
	API(API_OFFSET_FETCH, "OffsetFetch", offset_fetch, 1, 7, 6),
	API(API_FIND_COORDINATOR, "FindCoordinator", find_coordinator, 0, 2, 3),
	API(API_JOIN_GROUP, "JoinGroup", join_group, 0, 5, 6),
	API(API_HEARTBEAT, "Heartbeat", heartbeat, 0, 3, 4),
	API(API_LEAVE_GROUP, "LeaveGroup", leave_group, 0, 3, 4),
	API(API_SYNC_GROUP, "SyncGroup", sync_group, 0, 3, 4),
	API(API_DESCRIBE_GROUPS, "DescribeGroups", describe_groups, 0, 4, 5),
	API(API_LIST_GROUPS, "ListGroups", list_groups, 0, 4, 3),
	API(API_SASL_HANDSHAKE, "SaslHandshake", sasl_handshake, 0, 1, -1),
	API(API_API_VERSIONS, "ApiVersions", api_versions, 0, 3, 3),
	API(API_CREATE_TOPICS, "CreateTopics", create_topics, 0, 4, 5),
	API(API_DELETE_TOPICS, "DeleteTopics", delete_topics, 0, 3, 4),
	API(API_DELETE_RECORDS, "DeleteRecords", delete_records, 0, 1, 2),
	API(API_INIT_PRODUCER_ID, "InitProducerId", init_producer_id, 0, 4, 2),
	API(API_OFFSET_FOR_LEADER_EPOCH, "OffsetForLeaderEpoch", offset_for_leader_epoch, 2, 4, 4),
	API(API_ADD_PARTITIONS_TO_TXN, "AddPartitionsToTxn", add_partitions_to_txn, 0, 1, 3),
	API(API_ADD_OFFSETS_TO_TXN, "AddOffsetsToTxn", add_offsets_to_txn, 0, 1, 3),
	API(API_END_TXN, "EndTxn", end_txn, 0, 1, 3),
	API(API_TXN_OFFSET_COMMIT, "TxnOffsetCommit", txn_offset_commit, 0, 3, 3),
	API(API_DESCRIBE_ACLS, "DescribeAcls", describe_acls, 0, 1, 2),
	API(API_CREATE_ACLS, "CreateAcls", create_acls, 0, 1, 2),
	API(API_DELETE_ACLS, "DeleteAcls", delete_acls, 0, 1, 2),
	API(API_DESCRIBE_CONFIGS, "DescribeConfigs", describe_configs, 0, 2, 4),
	API(API_ALTER_CONFIGS, "AlterConfigs", alter_configs, 0, 1, 2),
	API(API_SASL_AUTHENTICATE, "SaslAuthenticate", sasl_authenticate, 0, 1, 2),
	API(API_CREATE_PARTITIONS, "CreatePartitions", create_partitions, 0, 1, 2),
	API(API_DELETE_GROUPS, "DeleteGroups", delete_groups, 0, 1, 2),
	API(API_INCREMENTAL_ALTER_CONFIGS, "IncrementalAlterConfigs", incremental_alter_configs, 0, 1, 1),
	API(API_OFFSET_DELETE, "OffsetDelete", offset_delete, 0, 0, -1),
	API(API_DESCRIBE_CLUSTER, "DescribeCluster", describe_cluster, 0, 1, 0),
};

const struct proto_api *proto_api_find(int key)
{
	if (key < 0 || key >= API_KEY_COUNT || !apis[key].name)
		return NULL;
	return &apis[key];
}

int proto_api_flexible(int key, int version)
{
	const struct proto_api *api = proto_api_find(key);
	return api && api->flexible_from >= 0 && version >= api->flexible_from;
}

int request_header_decode(struct reader *r, struct request_header *h)
{
	h->api_key = reader_i16(r);
	h->api_version = reader_i16(r);
	h->correlation_id = reader_i32(r);
	int16_t len = reader_i16(r);
	if (len < -1 && !r->err)
		return KAF_ECORRUPT;
	h->client_id.len = len;
	h->client_id.p = len >= 0 ? (const char *)reader_take(r, (size_t)len) : NULL;
	if (r->err)
		return r->err;
	h->flexible = proto_api_flexible(h->api_key, h->api_version);
	if (h->api_key == API_API_VERSIONS && h->api_version >= 3)
		h->flexible = 1;
	if (h->flexible) {
		/* Header tags carry nothing we use; skip them. */
		uint64_t n = reader_uvarint(r);
		if (n > reader_left(r))
			return r->err ? r->err : KAF_ETRUNC;
		for (uint64_t i = 0; i < n && !r->err; i++) {
			reader_uvarint(r);
			reader_take(r, reader_uvarint(r));
		}
	}
	return r->err;
}

int response_header_size(const struct request_header *h)
{
	return h->flexible && h->api_key != API_API_VERSIONS ? 5 : 4;
}

void response_header_encode(const struct request_header *h, uint8_t *p)
{
	be32_put(p, (uint32_t)h->correlation_id);
	if (response_header_size(h) == 5)
		p[4] = 0;
}

size_t request_header_size(const struct request_header *h)
{
	return 10 + (h->client_id.len > 0 ? (size_t)h->client_id.len : 0) + (h->flexible ? 1 : 0);
}

void request_header_encode(const struct request_header *h, uint8_t *p)
{
	int16_t len = h->client_id.len > 0 ? (int16_t)h->client_id.len : h->client_id.len < 0 ? -1 : 0;

	be16_put(p, (uint16_t)h->api_key);
	be16_put(p + 2, (uint16_t)h->api_version);
	be32_put(p + 4, (uint32_t)h->correlation_id);
	be16_put(p + 8, (uint16_t)len);
	if (len > 0)
		memcpy(p + 10, h->client_id.p, (size_t)len);
	if (h->flexible)
		p[10 + (len > 0 ? len : 0)] = 0;
}

int response_header_decode(struct reader *r, const struct request_header *h, int32_t *correlation_id)
{
	*correlation_id = reader_i32(r);
	if (!r->err && response_header_size(h) == 5) {
		uint64_t n = reader_uvarint(r);
		if (n > reader_left(r))
			return r->err ? r->err : KAF_ECORRUPT;
		for (uint64_t i = 0; i < n && !r->err; i++) {
			reader_uvarint(r);
			reader_take(r, reader_uvarint(r));
		}
	}
	return r->err;
}
