/*
 * Record batch v2 (magic 2), Kafka's unit on the wire and on disk.
 *
 *  off size field                  notes
 *    0    8 baseOffset     i64     broker assigns; producers send 0
 *    8    4 batchLength    i32     bytes after this field (total - 12)
 *   12    4 leaderEpoch    i32     not covered by the CRC
 *   16    1 magic          i8      2
 *   17    4 crc            u32     CRC-32C over bytes [21, end)
 *   21    2 attributes     i16     bits 0-2 codec, 3 LogAppendTime,
 *                                  4 transactional, 5 control, 6 delete horizon
 *   23    4 lastOffsetDelta i32
 *   27    8 baseTimestamp  i64
 *   35    8 maxTimestamp   i64
 *   43    8 producerId     i64     -1 when not idempotent
 *   51    2 producerEpoch  i16
 *   53    4 baseSequence   i32
 *   57    4 recordsCount   i32     in the clear even when compressed
 *   61      records                plain, or one compressed blob of them all
 *
 * Record (all varints zig-zag): length varint, attributes i8,
 * timestampDelta varlong, offsetDelta varint, keyLength varint (-1 null), key,
 * valueLength varint (-1 null), value, headersCount varint, then per header
 * keyLength varint, key, valueLength varint (-1 null), value.
 *
 * Control batches (transaction markers) hold one record: key = version i16 0,
 * type i16 (0 ABORT, 1 COMMIT); value = version i16 0, coordinatorEpoch i32.
 */
#ifndef KAF_RECORD_BATCH_H
#define KAF_RECORD_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/buf.h"

#define BATCH_HEADER_SIZE 61
#define BATCH_LOG_OVERHEAD 12	/* baseOffset + batchLength */
#define BATCH_MAGIC 2

/* Field offsets, for code that patches batches in place. */
#define BATCH_OFF_BASE_OFFSET 0
#define BATCH_OFF_LENGTH 8
#define BATCH_OFF_LEADER_EPOCH 12
#define BATCH_OFF_MAGIC 16
#define BATCH_OFF_CRC 17
#define BATCH_OFF_ATTRIBUTES 21
#define BATCH_OFF_LAST_OFFSET_DELTA 23
#define BATCH_OFF_BASE_TIMESTAMP 27
#define BATCH_OFF_MAX_TIMESTAMP 35
#define BATCH_OFF_PRODUCER_ID 43
#define BATCH_OFF_PRODUCER_EPOCH 51
#define BATCH_OFF_BASE_SEQUENCE 53
#define BATCH_OFF_RECORDS_COUNT 57

#define BATCH_ATTR_CODEC_MASK 0x07
#define BATCH_ATTR_LOG_APPEND_TIME 0x08
#define BATCH_ATTR_TRANSACTIONAL 0x10
#define BATCH_ATTR_CONTROL 0x20
#define BATCH_ATTR_DELETE_HORIZON 0x40
#define BATCH_ATTR_KNOWN 0x7f

enum control_type { CONTROL_ABORT = 0, CONTROL_COMMIT = 1 };

struct batch_header {
	int64_t base_offset;
	int32_t length;		/* batchLength: bytes after the field */
	int32_t leader_epoch;
	int8_t magic;
	uint32_t crc;
	int16_t attributes;
	int32_t last_offset_delta;
	int64_t base_timestamp;
	int64_t max_timestamp;
	int64_t producer_id;
	int16_t producer_epoch;
	int32_t base_sequence;
	int32_t records_count;
};

static inline int64_t batch_last_offset(const struct batch_header *h)
{
	return h->base_offset + h->last_offset_delta;
}

static inline size_t batch_total_size(const struct batch_header *h)
{
	return (size_t)h->length + BATCH_LOG_OVERHEAD;
}

static inline int batch_codec(const struct batch_header *h)
{
	return h->attributes & BATCH_ATTR_CODEC_MASK;
}

/*
 * Decode the 61-byte header at p (n bytes available). Checks only what the
 * header alone can tell: n >= 61, magic 2, batchLength >= 49 (a header with
 * no records), records count >= 0, lastOffsetDelta >= 0.
 * Returns 0, KAF_ETRUNC (fewer than 61 bytes) or KAF_ECORRUPT.
 */
int batch_header_parse(const uint8_t *p, size_t n, struct batch_header *h);

/* CRC-32C the batch's bytes [21, total) as stored in the header's field. */
uint32_t batch_compute_crc(const uint8_t *batch, size_t total);

/*
 * Validate the batch at the start of p[0..n): header checks, the whole batch
 * lies within n and is at most max_size bytes (0 = no limit; KAF_ETOOBIG),
 * the CRC matches, the codec is one of the five known, no unknown attribute
 * bits. Does not look inside the records; see batch_validate_records.
 * On success stores the header in *h (may be NULL) and returns 0.
 */
int batch_validate(const uint8_t *p, size_t n, size_t max_size, struct batch_header *h);

/*
 * Deep check of a validated batch: decompress (refusing output larger than
 * max_uncompressed), walk every record, require recordsCount records whose
 * lengths add up exactly, offset deltas strictly increasing and the last one
 * <= lastOffsetDelta, control batches holding one 4-byte-key record.
 * Returns 0 or KAF_ECORRUPT / KAF_ECODEC / KAF_ETOOBIG.
 */
int batch_validate_records(const uint8_t *batch, size_t total, size_t max_uncompressed);

/* In-place patches of a stored batch (total bytes at p). */
void batch_set_base_offset(uint8_t *p, int64_t base_offset);
void batch_set_leader_epoch(uint8_t *p, int32_t epoch);
/* Mark LogAppendTime with the broker's time in maxTimestamp, then re-CRC. */
void batch_set_log_append_time(uint8_t *p, size_t total, int64_t now_ms);

/* One record, its views pointing into the batch or the iterator's buffer. */
struct record {
	int8_t attributes;
	int64_t offset;		/* baseOffset + offsetDelta */
	int64_t timestamp;	/* baseTimestamp + delta (see record_iter) */
	int32_t key_len;	/* -1 = null */
	const uint8_t *key;
	int32_t value_len;	/* -1 = null */
	const uint8_t *value;
	int32_t header_count;
	const uint8_t *headers;	/* raw header area, walk with record_header_next */
	size_t headers_len;
};

struct record_header {
	int32_t key_len;
	const uint8_t *key;
	int32_t value_len;	/* -1 = null */
	const uint8_t *value;
};

/*
 * Walks the records of one batch. For a compressed batch, init decompresses
 * into the iterator's own buffer (at most max_uncompressed bytes, else
 * KAF_ETOOBIG), so record views stay valid until record_iter_release.
 * For LogAppendTime batches every record's timestamp is maxTimestamp, as
 * clients read it. A failed init holds nothing; release is safe either way.
 */
struct record_iter {
	struct batch_header h;
	const uint8_t *p;	/* next record */
	const uint8_t *end;
	int32_t index;		/* records returned so far */
	struct buf inflated;
};

int record_iter_init(struct record_iter *it, const uint8_t *batch, size_t total,
		     size_t max_uncompressed);
/* 1 = *r filled, 0 = no more records, <0 = KAF_ECORRUPT. */
int record_iter_next(struct record_iter *it, struct record *r);
void record_iter_release(struct record_iter *it);

/* Walk r->headers: 1 = *h filled and *cursor advanced, 0 = end, <0 = corrupt. */
int record_header_next(const struct record *r, size_t *cursor, struct record_header *h);

/* Decode a control record's key; returns 0 and sets *type, or KAF_ECORRUPT. */
int control_record_type(const struct record *r, int16_t *type);

/* Building batches, for the tools, the group coordinator and the tests. */
struct batch_opts {
	int codec;			/* CODEC_* */
	int log_append_time;		/* timestamp type bit */
	int transactional;
	int control;
	int64_t producer_id;		/* -1 */
	int16_t producer_epoch;		/* -1 */
	int32_t base_sequence;		/* -1 */
	int32_t leader_epoch;		/* -1 on the wire from producers */
	int compression_level;		/* 0 = codec default */
	int64_t delete_horizon_ms;	/* > 0: attributes bit 6, baseTimestamp = this (compaction) */
};

#define BATCH_OPTS_DEFAULT { .codec = 0, .producer_id = -1, .producer_epoch = -1, \
			     .base_sequence = -1, .leader_epoch = -1 }

struct batch_builder {
	struct batch_opts opts;
	struct buf records;		/* encoded records, uncompressed */
	int32_t count;
	int64_t base_timestamp;
	int64_t max_timestamp;
	int32_t last_offset_delta;
};

void batch_builder_init(struct batch_builder *b, const struct batch_opts *opts);
/*
 * Add a record with offsetDelta = the previous record's delta + 1 (so the
 * number of records added before it when no explicit deltas are given), or
 * explicit_delta when >= 0, which must be larger than the last one;
 * compaction uses it to keep offsets. A negative key/value length means null
 * (NULL with len -1); NULL with len 0 is an empty field. Header keys are never
 * null (a NULL one is written empty).
 */
void batch_builder_add(struct batch_builder *b, int64_t timestamp, int32_t explicit_delta,
		       const void *key, int32_t key_len, const void *value, int32_t value_len,
		       const struct record_header *headers, int32_t header_count);
/*
 * Append the finished batch (header, compressed records, CRC) to out with
 * the given baseOffset. lastOffsetDelta is the last record's delta unless
 * last_offset_delta_override >= 0. Returns 0 or KAF_ECODEC.
 */
int batch_builder_finish(struct batch_builder *b, int64_t base_offset,
			 int32_t last_offset_delta_override, struct buf *out);
void batch_builder_release(struct batch_builder *b);

/* Append a control batch (one marker record) to out. */
int batch_build_control(struct buf *out, int64_t base_offset, int64_t producer_id,
			int16_t producer_epoch, enum control_type type,
			int32_t coordinator_epoch, int64_t timestamp);

#endif
