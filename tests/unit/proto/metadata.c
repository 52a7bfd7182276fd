/*
 * Metadata v0-v12 against byte layouts written out by hand from the
 * protocol's field lists (not from the codec): the v10 and v12 requests
 * (topic id before the name, the name nullable from v10, the cluster
 * operations flag only in v8-v10), the v12 response (flexible: compact
 * types and tag buffers, topic id after the name, leader epoch, topic
 * operations, no cluster operations), the v8 response (cluster operations
 * last), and a v6 response still laid out as before. Each is decoded into
 * the fields it carries and encoded back to the same bytes.
 */
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/reader.h"
#include "core/codec/codec.h"
#include "net/proto/api.h"
#include "net/proto/msg_cluster.h"
#include "tests/unit/tap.h"

#include <string.h>

static struct arena a;
static const struct kuuid ID = { { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
				   0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f } };

/* Decode bytes as (m, v), encode the result again: 1 when the bytes come back unchanged. */
static int decode_encode(const struct proto_msg *m, int v, const struct buf *in, void *out)
{
	int flex = proto_api_flexible(API_METADATA, v);
	struct reader r;
	reader_init(&r, in->data, in->len);
	if (proto_decode(m, v, flex, &r, out, &a) || reader_left(&r))
		return 0;
	struct proto_out po = { 0 };
	proto_encode(m, v, flex, out, &po, &a);
	if (po.total != in->len || proto_size(m, v, flex, out) != in->len)
		return 0;
	uint8_t *flat = arena_alloc(&a, po.total + 1);
	proto_out_flatten(&po, flat);
	return !memcmp(flat, in->data, in->len);
}

static void put_id(struct buf *b)
{
	buf_append(b, ID.b, 16);
}

/* A compact string: uvarint length + 1, then the bytes. */
static void put_cstr(struct buf *b, const char *s)
{
	buf_put_uvarint(b, strlen(s) + 1);
	buf_append(b, s, strlen(s));
}

static void put_str(struct buf *b, const char *s)
{
	buf_put_be16(b, (uint16_t)strlen(s));
	buf_append(b, s, strlen(s));
}

static void test_requests(void)
{
	struct buf b = BUF_INIT;
	struct metadata_req q;

	/* v12: one topic by id (null name), auto-create false, topic operations asked. */
	buf_put_uvarint(&b, 2);		/* one topic */
	put_id(&b);
	buf_put_u8(&b, 0);		/* null name */
	buf_put_u8(&b, 0);		/* topic's tag buffer */
	buf_put_u8(&b, 0);		/* AllowAutoTopicCreation */
	buf_put_u8(&b, 1);		/* IncludeTopicAuthorizedOperations */
	buf_put_u8(&b, 0);		/* tag buffer */
	ok(decode_encode(&metadata_req_desc, 12, &b, &q), "v12 request: bytes round-trip");
	ok(q.topics.n == 1 && q.topics.v[0].name.len < 0 && !memcmp(&q.topics.v[0].topic_id, &ID, 16),
	   "v12: the topic by id, its name null");
	ok(!q.allow_auto_topic_creation && q.include_topic_authorized_operations &&
	   !q.include_cluster_authorized_operations, "v12: flags (no cluster operations flag)");

	/* v10: the cluster operations flag is still there. */
	buf_reset(&b);
	buf_put_uvarint(&b, 2);
	put_id(&b);
	put_cstr(&b, "abc");
	buf_put_u8(&b, 0);
	buf_put_u8(&b, 1);
	buf_put_u8(&b, 1);		/* IncludeClusterAuthorizedOperations */
	buf_put_u8(&b, 0);
	buf_put_u8(&b, 0);
	ok(decode_encode(&metadata_req_desc, 10, &b, &q), "v10 request: bytes round-trip");
	ok(q.topics.v[0].name.len == 3 && q.include_cluster_authorized_operations &&
	   !q.include_topic_authorized_operations, "v10: name and flags");

	/* v8: not flexible; int16 strings, int32 counts, no topic id. */
	buf_reset(&b);
	buf_put_be32(&b, 1);
	put_str(&b, "abc");
	buf_put_u8(&b, 1);
	buf_put_u8(&b, 0);
	buf_put_u8(&b, 1);
	ok(decode_encode(&metadata_req_desc, 8, &b, &q), "v8 request: bytes round-trip");
	ok(q.topics.n == 1 && q.topics.v[0].name.len == 3 && q.include_topic_authorized_operations,
	   "v8: name and flags");

	/* v9 with a null topic list (all topics): compact null is 0. */
	buf_reset(&b);
	buf_put_uvarint(&b, 0);
	buf_put_u8(&b, 1);
	buf_put_u8(&b, 0);
	buf_put_u8(&b, 0);
	buf_put_u8(&b, 0);
	ok(decode_encode(&metadata_req_desc, 9, &b, &q) && q.topics.n == -1, "v9: null list = all");
	buf_release(&b);
}

/* One broker (1, "h", 9092), cluster "c", controller 1; one topic "t" of one partition. */
static void response_v12(struct buf *b, int v)
{
	buf_put_be32(b, 0);			/* ThrottleTimeMs */
	buf_put_uvarint(b, 2);			/* Brokers */
	buf_put_be32(b, 1);
	put_cstr(b, "h");
	buf_put_be32(b, 9092);
	buf_put_u8(b, 0);			/* Rack null */
	buf_put_u8(b, 0);
	put_cstr(b, "c");			/* ClusterId */
	buf_put_be32(b, 1);			/* ControllerId */
	buf_put_uvarint(b, 2);			/* Topics */
	buf_put_be16(b, 0);
	put_cstr(b, "t");
	put_id(b);				/* TopicId (v10+) */
	buf_put_u8(b, 0);			/* IsInternal */
	buf_put_uvarint(b, 2);			/* Partitions */
	buf_put_be16(b, 0);
	buf_put_be32(b, 0);			/* PartitionIndex */
	buf_put_be32(b, 1);			/* LeaderId */
	buf_put_be32(b, 5);			/* LeaderEpoch (v7+) */
	buf_put_uvarint(b, 2);
	buf_put_be32(b, 1);			/* ReplicaNodes */
	buf_put_uvarint(b, 2);
	buf_put_be32(b, 1);			/* IsrNodes */
	buf_put_uvarint(b, 1);			/* OfflineReplicas: empty */
	buf_put_u8(b, 0);
	buf_put_be32(b, 0xDF8);			/* TopicAuthorizedOperations (v8+) */
	buf_put_u8(b, 0);
	if (v <= 10)
		buf_put_be32(b, 0x80000000);	/* ClusterAuthorizedOperations (v8-v10) */
	buf_put_u8(b, 0);
}

static void test_responses(void)
{
	struct buf b = BUF_INIT;
	struct metadata_resp r;

	response_v12(&b, 12);
	ok(decode_encode(&metadata_resp_desc, 12, &b, &r), "v12 response: bytes round-trip");
	const struct metadata_resp_topics *t = &r.topics.v[0];
	ok(r.brokers.n == 1 && r.brokers.v[0].port == 9092 && r.brokers.v[0].rack.len < 0 &&
	   r.controller_id == 1, "v12: broker and controller");
	ok(t->name.len == 1 && !memcmp(&t->topic_id, &ID, 16) && t->topic_authorized_operations == 0xDF8,
	   "v12: topic name, id and operations");
	ok(t->partitions.n == 1 && t->partitions.v[0].leader_epoch == 5 &&
	   t->partitions.v[0].replica_nodes.n == 1 && t->partitions.v[0].offline_replicas.n == 0,
	   "v12: partition");

	buf_reset(&b);
	response_v12(&b, 10);
	ok(decode_encode(&metadata_resp_desc, 10, &b, &r) &&
	   r.cluster_authorized_operations == INT32_MIN, "v10 response: cluster operations last");

	/* v12: a topic looked up by an unknown id, its name null. */
	buf_reset(&b);
	buf_put_be32(&b, 0);
	buf_put_uvarint(&b, 1);			/* no brokers */
	buf_put_u8(&b, 0);			/* ClusterId null */
	buf_put_be32(&b, 1);
	buf_put_uvarint(&b, 2);
	buf_put_be16(&b, 100);			/* UNKNOWN_TOPIC_ID */
	buf_put_u8(&b, 0);			/* name null */
	put_id(&b);
	buf_put_u8(&b, 0);
	buf_put_uvarint(&b, 1);
	buf_put_be32(&b, 0x80000000);
	buf_put_u8(&b, 0);
	buf_put_u8(&b, 0);
	ok(decode_encode(&metadata_resp_desc, 12, &b, &r) && r.topics.v[0].error_code == 100 &&
	   r.topics.v[0].name.len < 0, "v12: a null topic name with UNKNOWN_TOPIC_ID");
	ok(!decode_encode(&metadata_resp_desc, 11, &b, &r), "v11: a null topic name is refused");

	/* v8: not flexible; leader epoch, topic then cluster operations. */
	buf_reset(&b);
	buf_put_be32(&b, 0);
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 1);
	put_str(&b, "h");
	buf_put_be32(&b, 9092);
	buf_put_be16(&b, 0xffff);		/* Rack null */
	put_str(&b, "c");
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 1);
	buf_put_be16(&b, 0);
	put_str(&b, "t");
	buf_put_u8(&b, 1);			/* internal */
	buf_put_be32(&b, 0);			/* no partitions */
	buf_put_be32(&b, 0x80000000);
	buf_put_be32(&b, 0x1FA0);
	ok(decode_encode(&metadata_resp_desc, 8, &b, &r) && r.topics.v[0].is_internal == 1 &&
	   r.cluster_authorized_operations == 0x1FA0, "v8 response: bytes round-trip");

	/* v6 as before: no leader epoch, no operations, no id. */
	buf_reset(&b);
	buf_put_be32(&b, 0);
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 1);
	put_str(&b, "h");
	buf_put_be32(&b, 9092);
	buf_put_be16(&b, 0xffff);
	put_str(&b, "c");
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 1);
	buf_put_be16(&b, 0);
	put_str(&b, "t");
	buf_put_u8(&b, 0);
	buf_put_be32(&b, 1);
	buf_put_be16(&b, 0);
	buf_put_be32(&b, 0);
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 1);
	buf_put_be32(&b, 0);
	ok(decode_encode(&metadata_resp_desc, 6, &b, &r) && r.topics.v[0].partitions.v[0].leader_id == 1,
	   "v6 response: the layout of before");
	buf_release(&b);
}

int main(void)
{
	arena_init(&a, 4096);
	const struct proto_api *api = proto_api_find(API_METADATA);
	ok(api && api->max_version == 12 && api->flexible_from == 9, "Metadata v0-12, flexible from v9");
	test_requests();
	test_responses();
	arena_release(&a);
	return tap_done();
}
