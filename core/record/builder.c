/*
 * Building v2 record batches the way Kafka producers do: records encoded
 * into a side buffer as they are added, then one header (layout in batch.h)
 * with baseTimestamp = the first record's timestamp, maxTimestamp = the
 * largest, the records area compressed as one blob, and the CRC-32C over
 * everything from the attributes on. Control batches (transaction markers)
 * are one record with a 4-byte key and a 6-byte value (layout in batch.h).
 */
#include "core/record/batch.h"
#include "core/record/codec.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/base/varint.h"

#include <string.h>

void batch_builder_init(struct batch_builder *b, const struct batch_opts *opts)
{
	static const struct batch_opts defaults = BATCH_OPTS_DEFAULT;
	memset(b, 0, sizeof(*b));
	b->opts = opts ? *opts : defaults;
	buf_init(&b->records);
	b->base_timestamp = -1;
	b->max_timestamp = -1;
	b->last_offset_delta = -1;
}

void batch_builder_release(struct batch_builder *b)
{
	buf_release(&b->records);
}

/* Bytes a nullable field takes: its length varint plus its bytes. */
static size_t field_size(int32_t len)
{
	return varint_size(len) + (len > 0 ? (size_t)len : 0);
}

/* The length a field is written with: -1 (null) for a negative length or no bytes. */
static int32_t field_len(const void *p, int32_t len)
{
	return len < 0 || (!p && len > 0) ? -1 : len;
}

/* Header keys are not nullable; a null one is written empty. */
static int32_t header_key_len(const struct record_header *h)
{
	int32_t len = field_len(h->key, h->key_len);
	return len < 0 ? 0 : len;
}

static void put_field(struct buf *out, const void *p, int32_t len)
{
	buf_put_varint(out, len);
	if (len > 0)
		buf_append(out, p, (size_t)len);
}

void batch_builder_add(struct batch_builder *b, int64_t timestamp, int32_t explicit_delta,
		       const void *key, int32_t key_len, const void *value, int32_t value_len,
		       const struct record_header *headers, int32_t header_count)
{
	/* A delete horizon takes baseTimestamp's place; record deltas count from it. */
	if (b->count == 0)
		b->base_timestamp = b->opts.delete_horizon_ms > 0 ? b->opts.delete_horizon_ms
								   : timestamp;
	if (b->count == 0 || timestamp > b->max_timestamp)
		b->max_timestamp = timestamp;
	int32_t delta = explicit_delta >= 0 ? explicit_delta : b->last_offset_delta + 1;
	int64_t ts_delta = (int64_t)((uint64_t)timestamp - (uint64_t)b->base_timestamp);
	key_len = field_len(key, key_len);
	value_len = field_len(value, value_len);
	if (header_count < 0)
		header_count = 0;

	size_t body = 1 + varlong_size(ts_delta) + varint_size(delta) + field_size(key_len) +
		      field_size(value_len) + varint_size(header_count);
	for (int32_t i = 0; i < header_count; i++) {
		const struct record_header *h = &headers[i];
		body += field_size(header_key_len(h)) + field_size(field_len(h->value, h->value_len));
	}

	struct buf *out = &b->records;
	buf_put_varint(out, (int32_t)body);
	buf_put_u8(out, 0);
	buf_put_varlong(out, ts_delta);
	buf_put_varint(out, delta);
	put_field(out, key, key_len);
	put_field(out, value, value_len);
	buf_put_varint(out, header_count);
	for (int32_t i = 0; i < header_count; i++) {
		const struct record_header *h = &headers[i];
		put_field(out, h->key, header_key_len(h));
		put_field(out, h->value, field_len(h->value, h->value_len));
	}
	b->count++;
	b->last_offset_delta = delta;
}

int batch_builder_finish(struct batch_builder *b, int64_t base_offset,
			 int32_t last_offset_delta_override, struct buf *out)
{
	const struct batch_opts *o = &b->opts;
	if (o->codec < 0 || o->codec >= CODEC_COUNT)
		return KAF_ECODEC;
	size_t start = out->len;
	buf_grow(out, BATCH_HEADER_SIZE);
	if (o->codec == CODEC_NONE) {
		buf_append(out, b->records.data, b->records.len);
	} else {
		int rc = codec_compress(o->codec, o->compression_level, b->records.data,
					b->records.len, out);
		if (rc) {
			out->len = start;
			return rc;
		}
	}
	size_t total = out->len - start;
	int32_t lod = last_offset_delta_override >= 0 ? last_offset_delta_override
		      : b->last_offset_delta >= 0 ? b->last_offset_delta : 0;
	uint16_t attr = (uint16_t)o->codec;
	if (o->log_append_time)
		attr |= BATCH_ATTR_LOG_APPEND_TIME;
	if (o->transactional)
		attr |= BATCH_ATTR_TRANSACTIONAL;
	if (o->control)
		attr |= BATCH_ATTR_CONTROL;
	if (o->delete_horizon_ms > 0)
		attr |= BATCH_ATTR_DELETE_HORIZON;

	uint8_t *p = out->data + start;
	be64_put(p + BATCH_OFF_BASE_OFFSET, (uint64_t)base_offset);
	be32_put(p + BATCH_OFF_LENGTH, (uint32_t)(total - BATCH_LOG_OVERHEAD));
	be32_put(p + BATCH_OFF_LEADER_EPOCH, (uint32_t)o->leader_epoch);
	p[BATCH_OFF_MAGIC] = BATCH_MAGIC;
	be16_put(p + BATCH_OFF_ATTRIBUTES, attr);
	be32_put(p + BATCH_OFF_LAST_OFFSET_DELTA, (uint32_t)lod);
	be64_put(p + BATCH_OFF_BASE_TIMESTAMP, (uint64_t)b->base_timestamp);
	be64_put(p + BATCH_OFF_MAX_TIMESTAMP, (uint64_t)b->max_timestamp);
	be64_put(p + BATCH_OFF_PRODUCER_ID, (uint64_t)o->producer_id);
	be16_put(p + BATCH_OFF_PRODUCER_EPOCH, (uint16_t)o->producer_epoch);
	be32_put(p + BATCH_OFF_BASE_SEQUENCE, (uint32_t)o->base_sequence);
	be32_put(p + BATCH_OFF_RECORDS_COUNT, (uint32_t)b->count);
	be32_put(p + BATCH_OFF_CRC, batch_compute_crc(p, total));
	return 0;
}

int batch_build_control(struct buf *out, int64_t base_offset, int64_t producer_id,
			int16_t producer_epoch, enum control_type type,
			int32_t coordinator_epoch, int64_t timestamp)
{
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	o.transactional = 1;
	o.control = 1;
	o.producer_id = producer_id;
	o.producer_epoch = producer_epoch;
	uint8_t key[4], value[6];
	be16_put(key, 0);
	be16_put(key + 2, (uint16_t)type);
	be16_put(value, 0);
	be32_put(value + 2, (uint32_t)coordinator_epoch);
	struct batch_builder b;
	batch_builder_init(&b, &o);
	batch_builder_add(&b, timestamp, -1, key, sizeof(key), value, sizeof(value), NULL, 0);
	int rc = batch_builder_finish(&b, base_offset, -1, out);
	batch_builder_release(&b);
	return rc;
}
