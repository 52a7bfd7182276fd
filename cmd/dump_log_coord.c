/*
 * `kaf dump-log --offsets-decoder` and `--transaction-log-decoder`: the
 * records of __consumer_offsets and __transaction_state as the JSON that
 * Kafka's tool prints: key {"type":"<key version>","data":{...}}, value
 * {"version":"<value version>","data":{...}} or <DELETE> for a tombstone.
 * Field names and order follow Kafka's message schemas; only the fields of
 * the record's version appear. Keys and values start with an i16 version;
 * flexible versions use compact lengths (uvarint n+1) and end each struct
 * with tagged fields (uvarint count, then tag, size, bytes), skipped here.
 *
 *   __consumer_offsets key    0,1 OffsetCommitKey   group, topic, partition i32
 *                             2   GroupMetadataKey  group
 *   OffsetCommitValue 0-4 (4 flexible): offset i64, leaderEpoch i32 (3+),
 *       metadata, commitTimestamp i64, expireTimestamp i64 (1 only)
 *   GroupMetadataValue 0-4 (4 flexible): protocolType, generation i32,
 *       protocol (nullable), leader (nullable), currentStateTimestamp i64 (2+),
 *       members [memberId, groupInstanceId (3+, nullable), clientId,
 *       clientHost, rebalanceTimeout i32 (1+), sessionTimeout i32,
 *       subscription bytes, assignment bytes]
 *   With protocolType "consumer", subscription and assignment are decoded
 *   (i16 version, never flexible, versions 0-3), else shown as base64:
 *     ConsumerProtocolSubscription: topics [string], userData (nullable
 *       bytes), ownedPartitions (1+) [topic, partitions [i32]],
 *       generationId i32 (2+), rackId (3+, nullable)
 *     ConsumerProtocolAssignment: assignedPartitions [topic, partitions
 *       [i32]], userData (nullable bytes)
 *
 *   __transaction_state key 0 TransactionLogKey: transactionalId
 *   TransactionLogValue 0-1 (1 flexible): producerId i64, producerEpoch i16,
 *       transactionTimeoutMs i32, transactionStatus i8,
 *       transactionPartitions (nullable) [topic, partitionIds [i32]],
 *       transactionLastUpdateTimestampMs i64, transactionStartTimestampMs i64
 */
#include "cmd/dump_log.h"
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/reader.h"
#include "core/record/batch.h"

#include <inttypes.h>
#include <string.h>

/* Arrays longer than this are refused (each element takes at least a byte). */
#define MAX_ARRAY (1 << 24)

struct msg {
	struct reader rd;
	int flex;
	struct buf *out;
	struct buf tmp;
};

static void fail(struct msg *m)
{
	if (!m->rd.err)
		m->rd.err = KAF_ECORRUPT;
}

/* A length: i16/i32 for classic versions, uvarint n+1 for flexible ones; -1 = null. */
static int64_t read_len(struct msg *m, int wide)
{
	if (m->flex) {
		uint64_t v = reader_uvarint(&m->rd);
		if (v > (uint64_t)INT32_MAX + 1)
			fail(m);
		return (int64_t)v - 1;
	}
	return wide ? reader_i32(&m->rd) : reader_i16(&m->rd);
}

static void json_text(struct msg *m, const uint8_t *p, size_t n)
{
	buf_reset(&m->tmp);
	dl_utf8_sanitize(&m->tmp, p, n);
	dl_json_str(m->out, (const char *)m->tmp.data, m->tmp.len);
}

static void comma_name(struct msg *m, const char *name)
{
	dl_bprintf(m->out, "%s\"%s\":", m->out->len && m->out->data[m->out->len - 1] != '{' ? ","
			   : "", name);
}

/* "name":"value" for a string field (null only when nullable). */
static void field_string(struct msg *m, const char *name, int nullable)
{
	int64_t n = read_len(m, 0);
	const uint8_t *p = n >= 0 ? reader_take(&m->rd, (size_t)n) : NULL;
	if (m->rd.err || (n < 0 && (!nullable || n != -1))) {
		fail(m);
		return;
	}
	comma_name(m, name);
	if (!p)
		dl_bprintf(m->out, "null");
	else
		json_text(m, p, (size_t)n);
}

static void field_i64(struct msg *m, const char *name)
{
	int64_t v = reader_i64(&m->rd);
	comma_name(m, name);
	dl_bprintf(m->out, "%" PRId64, v);
}

static void field_i32(struct msg *m, const char *name)
{
	int32_t v = reader_i32(&m->rd);
	comma_name(m, name);
	dl_bprintf(m->out, "%" PRId32, v);
}

static void field_i16(struct msg *m, const char *name)
{
	int16_t v = reader_i16(&m->rd);
	comma_name(m, name);
	dl_bprintf(m->out, "%d", v);
}

static void field_i8(struct msg *m, const char *name)
{
	int8_t v = reader_i8(&m->rd);
	comma_name(m, name);
	dl_bprintf(m->out, "%d", v);
}

/* Raw bytes of a bytes field; *n = -1 for null. NULL with the error set on failure. */
static const uint8_t *take_bytes(struct msg *m, int64_t *n)
{
	*n = read_len(m, 1);
	if (*n < -1)
		fail(m);
	if (*n < 0)
		return NULL;
	return reader_take(&m->rd, (size_t)*n);
}

/* A bytes field as base64 (how Kafka's JSON converters write bytes). */
static void field_bytes(struct msg *m, const char *name)
{
	int64_t n;
	const uint8_t *p = take_bytes(m, &n);
	if (m->rd.err)
		return;
	comma_name(m, name);
	if (n < 0) {
		dl_bprintf(m->out, "null");
		return;
	}
	buf_reset(&m->tmp);
	dl_base64(&m->tmp, p, (size_t)n);
	dl_json_str(m->out, (const char *)m->tmp.data, m->tmp.len);
}

static int64_t array_len(struct msg *m, int nullable)
{
	int64_t n = read_len(m, 1);
	if (n > MAX_ARRAY || (int64_t)reader_left(&m->rd) < n || n < -1 || (n == -1 && !nullable)) {
		fail(m);
		return 0;
	}
	return n;
}

static void skip_tags(struct msg *m)
{
	if (!m->flex)
		return;
	uint64_t count = reader_uvarint(&m->rd);
	for (uint64_t i = 0; i < count && !m->rd.err; i++) {
		reader_uvarint(&m->rd);
		uint64_t size = reader_uvarint(&m->rd);
		if (size > reader_left(&m->rd))
			fail(m);
		else
			reader_take(&m->rd, (size_t)size);
	}
}

/* "name":[{"topic":..,"<parts>":[..]},...] */
static void field_topic_partitions(struct msg *m, const char *name, const char *parts,
				   int nullable)
{
	int64_t n = array_len(m, nullable);
	if (m->rd.err)
		return;
	comma_name(m, name);
	if (n < 0) {
		dl_bprintf(m->out, "null");
		return;
	}
	dl_bprintf(m->out, "[");
	for (int64_t i = 0; i < n && !m->rd.err; i++) {
		dl_bprintf(m->out, "%s{", i ? "," : "");
		field_string(m, "topic", 0);
		int64_t k = array_len(m, 0);
		comma_name(m, parts);
		dl_bprintf(m->out, "[");
		for (int64_t j = 0; j < k && !m->rd.err; j++)
			dl_bprintf(m->out, "%s%" PRId32, j ? "," : "", reader_i32(&m->rd));
		dl_bprintf(m->out, "]");
		skip_tags(m);
		dl_bprintf(m->out, "}");
	}
	dl_bprintf(m->out, "]");
}

static void msg_init(struct msg *m, const uint8_t *p, size_t n, int flex, struct buf *out)
{
	reader_init(&m->rd, p, n);
	m->flex = flex;
	m->out = out;
	buf_init(&m->tmp);
}

/* ConsumerProtocolSubscription or Assignment inside a member; 0 or -1 (keep the bytes). */
static int consumer_protocol(const uint8_t *p, size_t n, int subscription, struct buf *out)
{
	struct msg m;
	struct buf json = BUF_INIT;
	msg_init(&m, p, n, 0, &json);
	int16_t v = reader_i16(&m.rd);
	if (v < 0 || v > 3)
		fail(&m);
	dl_bprintf(&json, "{");
	if (subscription) {
		int64_t k = array_len(&m, 0);
		dl_bprintf(&json, "\"topics\":[");
		for (int64_t i = 0; i < k && !m.rd.err; i++) {
			int64_t len = read_len(&m, 0);
			const uint8_t *s = len >= 0 ? reader_take(&m.rd, (size_t)len) : NULL;
			if (!s) {
				fail(&m);
				break;
			}
			if (i)
				dl_bprintf(&json, ",");
			json_text(&m, s, (size_t)len);
		}
		dl_bprintf(&json, "]");
		field_bytes(&m, "userData");
		if (v >= 1)
			field_topic_partitions(&m, "ownedPartitions", "partitions", 0);
		if (v >= 2)
			field_i32(&m, "generationId");
		if (v >= 3)
			field_string(&m, "rackId", 1);
	} else {
		field_topic_partitions(&m, "assignedPartitions", "partitions", 0);
		field_bytes(&m, "userData");
	}
	dl_bprintf(&json, "}");
	int ok = !m.rd.err;
	if (ok)
		buf_append(out, json.data, json.len);
	buf_release(&json);
	buf_release(&m.tmp);
	return ok ? 0 : -1;
}

static void member_protocol_field(struct msg *m, const char *name, int consumer, int sub)
{
	int64_t n;
	const uint8_t *p = take_bytes(m, &n);
	if (m->rd.err)
		return;
	comma_name(m, name);
	if (n < 0) {
		dl_bprintf(m->out, "null");
		return;
	}
	if (consumer && consumer_protocol(p, (size_t)n, sub, m->out) == 0)
		return;
	buf_reset(&m->tmp);
	dl_base64(&m->tmp, p, (size_t)n);
	dl_json_str(m->out, (const char *)m->tmp.data, m->tmp.len);
}

static void group_metadata_value(struct msg *m, int16_t v)
{
	size_t type_at = m->out->len;
	field_string(m, "protocolType", 0);
	int consumer = !m->rd.err && !strncmp((const char *)m->out->data + type_at,
					      "\"protocolType\":\"consumer\"", 25) &&
		       m->out->len == type_at + 25;
	field_i32(m, "generation");
	field_string(m, "protocol", 1);
	field_string(m, "leader", 1);
	if (v >= 2)
		field_i64(m, "currentStateTimestamp");
	int64_t n = array_len(m, 0);
	comma_name(m, "members");
	dl_bprintf(m->out, "[");
	for (int64_t i = 0; i < n && !m->rd.err; i++) {
		dl_bprintf(m->out, "%s{", i ? "," : "");
		field_string(m, "memberId", 0);
		if (v >= 3)
			field_string(m, "groupInstanceId", 1);
		field_string(m, "clientId", 0);
		field_string(m, "clientHost", 0);
		if (v >= 1)
			field_i32(m, "rebalanceTimeout");
		field_i32(m, "sessionTimeout");
		member_protocol_field(m, "subscription", consumer, 1);
		member_protocol_field(m, "assignment", consumer, 0);
		skip_tags(m);
		dl_bprintf(m->out, "}");
	}
	dl_bprintf(m->out, "]");
	skip_tags(m);
}

static void offset_commit_value(struct msg *m, int16_t v)
{
	field_i64(m, "offset");
	if (v >= 3)
		field_i32(m, "leaderEpoch");
	field_string(m, "metadata", 0);
	field_i64(m, "commitTimestamp");
	if (v == 1)
		field_i64(m, "expireTimestamp");
	skip_tags(m);
}

static void txn_log_value(struct msg *m)
{
	field_i64(m, "producerId");
	field_i16(m, "producerEpoch");
	field_i32(m, "transactionTimeoutMs");
	field_i8(m, "transactionStatus");
	field_topic_partitions(m, "transactionPartitions", "partitionIds", 1);
	field_i64(m, "transactionLastUpdateTimestampMs");
	field_i64(m, "transactionStartTimestampMs");
	skip_tags(m);
}

/* Highest value version of each message, and the first flexible one. */
struct value_kind {
	const char *name;
	int16_t max_version;
	int16_t flexible_from;
};

static const struct value_kind offset_commit_kind = { "OffsetCommitValue", 4, 4 };
static const struct value_kind group_metadata_kind = { "GroupMetadataValue", 4, 4 };
static const struct value_kind txn_log_kind = { "TransactionLogValue", 1, 1 };

void dl_decode_coordinator(enum dl_decoder dec, const struct record *r, struct buf *key,
			   struct buf *value, int *has_value, int *is_json)
{
	struct msg m;
	struct buf data = BUF_INIT;
	*has_value = 0;
	*is_json = 0;
	msg_init(&m, r->key, (size_t)r->key_len, 0, &data);
	int16_t kv = reader_i16(&m.rd);
	int known = dec == DL_DEC_OFFSETS ? kv >= 0 && kv <= 2 : kv == 0;
	if (m.rd.err || !known) {
		dl_bprintf(key, "Unknown record type %d at offset %" PRId64 ", skipping.", kv,
			   r->offset);
		goto out;
	}
	dl_bprintf(&data, "{");
	if (dec == DL_DEC_TXNLOG) {
		field_string(&m, "transactionalId", 0);
	} else {
		field_string(&m, "group", 0);
		if (kv < 2) {
			field_string(&m, "topic", 0);
			field_i32(&m, "partition");
		}
	}
	dl_bprintf(&data, "}");
	if (m.rd.err) {
		dl_bprintf(key, "Error at offset %" PRId64 ", skipping. The key of type %d is %s.",
			   r->offset, kv, kaf_strerror(m.rd.err));
		goto out;
	}
	dl_bprintf(key, "{\"type\":\"%d\",\"data\":", kv);
	buf_append(key, data.data, data.len);
	dl_bprintf(key, "}");
	*is_json = 1;
	*has_value = 1;
	if (!r->value) {
		dl_bprintf(value, "<DELETE>");
		goto out;
	}
	const struct value_kind *vk = dec == DL_DEC_TXNLOG ? &txn_log_kind
				      : kv < 2 ? &offset_commit_kind : &group_metadata_kind;
	buf_release(&m.tmp);
	buf_reset(&data);
	msg_init(&m, r->value, (size_t)r->value_len, 0, &data);
	int16_t vv = reader_i16(&m.rd);
	if (m.rd.err || vv < 0 || vv > vk->max_version) {
		buf_reset(key);
		dl_bprintf(key, "Error at offset %" PRId64 ", skipping. Can't read version %d of %s",
			   r->offset, vv, vk->name);
		*is_json = *has_value = 0;
		goto out;
	}
	m.flex = vv >= vk->flexible_from;
	dl_bprintf(&data, "{");
	if (vk == &txn_log_kind)
		txn_log_value(&m);
	else if (vk == &offset_commit_kind)
		offset_commit_value(&m, vv);
	else
		group_metadata_value(&m, vv);
	dl_bprintf(&data, "}");
	if (m.rd.err) {
		buf_reset(key);
		dl_bprintf(key, "Error at offset %" PRId64 ", skipping. The %s (version %d) is %s.",
			   r->offset, vk->name, vv, kaf_strerror(m.rd.err));
		*is_json = *has_value = 0;
		goto out;
	}
	dl_bprintf(value, "{\"version\":\"%d\",\"data\":", vv);
	buf_append(value, data.data, data.len);
	dl_bprintf(value, "}");
out:
	buf_release(&m.tmp);
	buf_release(&data);
}
