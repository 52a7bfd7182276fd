/*
 * `kaf dump-log` on a segment (.log) or a KRaft snapshot (.checkpoint): one
 * line per batch and, with --deep, one per record, in the shapes of Kafka's
 * DumpLogSegments, or the same facts as JSON lines.
 *
 * Framing follows Kafka's file reader, so both tools stop at the same byte:
 *
 *   off size
 *     0    8 baseOffset (magic 2) / offset (magic 0, 1)
 *     8    4 size: bytes after this field; below 14 nothing can be framed
 *    12    4 partitionLeaderEpoch (magic 2) / crc (magic 0, 1)
 *    16    1 magic
 *
 * A batch whose size runs past the end of the file (a torn write), a size
 * below the minimum, or a header that cannot be decoded ends the walk; the
 * bytes from there on are "invalid bytes at the end". A complete batch with
 * a wrong CRC is printed with isvalid: false and the walk goes on.
 */
#include "cmd/dump_log.h"
#include "cmd/cmd.h"
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/arena.h"
#include "core/base/err.h"
#include "core/meta/records.h"
#include "core/record/batch.h"
#include "core/record/codec.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define FRAME_MIN 17		/* bytes up to and including magic */
#define LEGACY_MIN_SIZE 14	/* smallest magic 0 message after the size field */

struct seg {
	struct dl_run *run;
	const struct dl_opts *o;
	const char *path;
	int64_t last_offset;	/* previous record's offset for the consecutive check, -1 */
	struct buf line;	/* the text line or JSON object being built */
	struct buf tmp;
};

static int32_t seq_increment(int32_t seq, int32_t inc)
{
	if (seq > INT32_MAX - inc)
		return inc - (INT32_MAX - seq) - 1;
	return seq + inc;
}

static const char *ts_type_name(int16_t attributes)
{
	return attributes & BATCH_ATTR_LOG_APPEND_TIME ? "LogAppendTime" : "CreateTime";
}

static const char *control_name(int16_t type)
{
	static const char *const names[] = {
		"ABORT", "COMMIT", "LEADER_CHANGE", "SNAPSHOT_HEADER", "SNAPSHOT_FOOTER",
		"KRAFT_VERSION", "KRAFT_VOTERS",
	};
	return type >= 0 && type < (int16_t)(sizeof(names) / sizeof(names[0])) ? names[type]
									      : "UNKNOWN";
}

/* Render bytes per --key-decoder/--value-decoder into b; returns the encoding name. */
static const char *render_bytes(struct buf *b, enum dl_format fmt, const uint8_t *p, size_t n,
				int json)
{
	switch (fmt) {
	case DL_FMT_HEX:
		dl_hex(b, p, n);
		return "hex";
	case DL_FMT_BASE64:
		dl_base64(b, p, n);
		return "base64";
	case DL_FMT_NONE:
		return NULL;
	case DL_FMT_STRING:
		break;
	}
	if (json && !dl_utf8_valid(p, n)) {
		dl_base64(b, p, n);
		return "base64";
	}
	dl_utf8_sanitize(b, p, n);
	return "utf8";
}

/* Append "key":<json string>,"key_encoding":"..." (or null) to the JSON object. */
static void json_bytes_field(struct seg *s, const char *name, enum dl_format fmt,
			     const uint8_t *p, int32_t len)
{
	if (fmt == DL_FMT_NONE)
		return;
	if (len < 0 || !p) {
		dl_bprintf(&s->line, ",\"%s\":null", name);
		return;
	}
	buf_reset(&s->tmp);
	const char *enc = render_bytes(&s->tmp, fmt, p, (size_t)len, 1);
	dl_bprintf(&s->line, ",\"%s\":", name);
	dl_json_str(&s->line, (const char *)s->tmp.data, s->tmp.len);
	dl_bprintf(&s->line, ",\"%s_encoding\":\"%s\"", name, enc);
}

static void check_consecutive(struct seg *s, int64_t offset)
{
	if (s->last_offset == -1)
		s->last_offset = offset;
	else if (offset != s->last_offset + 1)
		dl_report_add(s->run, DL_REP_NONCONSECUTIVE, s->path, s->last_offset, offset);
	s->last_offset = offset;
}

/* " endTxnMarker: COMMIT coordinatorEpoch: 4" or " controlType: X(n)". */
static void control_text(struct seg *s, const struct record *r)
{
	int16_t type;
	if (control_record_type(r, &type)) {
		dl_bprintf(&s->line, " controlType: UNKNOWN(-1)");
		return;
	}
	if ((type == CONTROL_ABORT || type == CONTROL_COMMIT) && r->value && r->value_len >= 6) {
		int32_t epoch = (int32_t)be32_get(r->value + 2);
		dl_bprintf(&s->line, " endTxnMarker: %s coordinatorEpoch: %" PRId32,
			   control_name(type), epoch);
		return;
	}
	dl_bprintf(&s->line, " controlType: %s(%d)", control_name(type), type);
}

static void control_json(struct seg *s, const struct record *r)
{
	int16_t type;
	if (control_record_type(r, &type)) {
		dl_bprintf(&s->line, ",\"control\":{\"type\":\"UNKNOWN\",\"type_id\":-1}");
		return;
	}
	dl_bprintf(&s->line, ",\"control\":{\"type\":\"%s\",\"type_id\":%d", control_name(type),
		   type);
	if ((type == CONTROL_ABORT || type == CONTROL_COMMIT) && r->value && r->value_len >= 6)
		dl_bprintf(&s->line, ",\"coordinator_epoch\":%" PRId32,
			   (int32_t)be32_get(r->value + 2));
	dl_bprintf(&s->line, "}");
}

/*
 * A metadata record value as Kafka's JSON into b; 0, or -1 with Kafka's
 * "Error at <offset>, skipping. <why>" text in b instead.
 */
static int metadata_json(struct buf *b, const struct record *r)
{
	struct meta_record rec;
	struct arena a;
	char why[256] = "";
	int rc = KAF_ECORRUPT;
	arena_init(&a, 0);
	if (!r->value)
		snprintf(why, sizeof(why), "the record has no value");
	else if ((rc = meta_record_decode(r->value, (size_t)r->value_len, &rec, &a, why,
					  sizeof(why))) == KAF_ENOTFOUND)
		snprintf(why, sizeof(why), "unknown metadata record type %d", rec.type);
	if (!rc)
		meta_record_json(&rec, b);
	else
		dl_bprintf(b, "Error at %" PRId64 ", skipping. %s", r->offset, why);
	arena_release(&a);
	return rc ? -1 : 0;
}

/* The key and payload of a data record, as Kafka's message parsers print them. */
static void record_data_text(struct seg *s, const struct record *r, const char *prefix)
{
	const struct dl_opts *o = s->o;
	if (o->decoder == DL_DEC_METADATA) {
		/* Metadata records have no key; Kafka prints the payload alone. */
		dl_bprintf(&s->line, " payload: ");
		metadata_json(&s->line, r);
		return;
	}
	if (o->decoder != DL_DEC_PLAIN) {
		struct buf k = BUF_INIT, v = BUF_INIT;
		int has_value, is_json;
		if (!r->key) {
			dl_bprintf(&s->line, "%skey: Failed to decode message at offset %" PRId64
				   " using the specified decoder (message had a missing key)",
				   prefix, r->offset);
		} else {
			dl_decode_coordinator(o->decoder, r, &k, &v, &has_value, &is_json);
			dl_bprintf(&s->line, "%skey: ", prefix);
			buf_append(&s->line, k.data, k.len);
			if (has_value) {
				dl_bprintf(&s->line, " payload: ");
				buf_append(&s->line, v.data, v.len);
			}
		}
		buf_release(&k);
		buf_release(&v);
		return;
	}
	if (r->key && o->key_fmt != DL_FMT_NONE) {
		dl_bprintf(&s->line, "%skey: ", prefix);
		render_bytes(&s->line, o->key_fmt, r->key, (size_t)r->key_len, 0);
	}
	if (r->value && o->value_fmt != DL_FMT_NONE) {
		dl_bprintf(&s->line, " payload: ");
		render_bytes(&s->line, o->value_fmt, r->value, (size_t)r->value_len, 0);
	}
}

static void record_data_json(struct seg *s, const struct record *r)
{
	const struct dl_opts *o = s->o;
	if (o->decoder == DL_DEC_METADATA) {
		buf_reset(&s->tmp);
		if (metadata_json(&s->tmp, r) == 0) {
			dl_bprintf(&s->line, ",\"key\":null,\"value\":");
			buf_append(&s->line, s->tmp.data, s->tmp.len);
			dl_bprintf(&s->line, ",\"value_encoding\":\"json\"");
		} else {
			dl_bprintf(&s->line, ",\"decode_error\":");
			dl_json_str(&s->line, (const char *)s->tmp.data, s->tmp.len);
		}
	} else if (o->decoder != DL_DEC_PLAIN && r->key) {
		struct buf k = BUF_INIT, v = BUF_INIT;
		int has_value, is_json;
		dl_decode_coordinator(o->decoder, r, &k, &v, &has_value, &is_json);
		if (is_json) {
			dl_bprintf(&s->line, ",\"key\":");
			buf_append(&s->line, k.data, k.len);
			dl_bprintf(&s->line, ",\"key_encoding\":\"json\",\"value\":");
			if (r->value)
				buf_append(&s->line, v.data, v.len);
			else
				dl_bprintf(&s->line, "null");
			dl_bprintf(&s->line, ",\"value_encoding\":\"json\"");
		} else {
			dl_bprintf(&s->line, ",\"decode_error\":");
			dl_json_str(&s->line, (const char *)k.data, k.len);
		}
		buf_release(&k);
		buf_release(&v);
	} else {
		json_bytes_field(s, "key", o->decoder == DL_DEC_PLAIN ? o->key_fmt : DL_FMT_STRING,
				 r->key, r->key_len);
		json_bytes_field(s, "value", o->decoder == DL_DEC_PLAIN ? o->value_fmt : DL_FMT_STRING,
				 r->value, r->value_len);
	}
	size_t cur = 0;
	struct record_header h;
	dl_bprintf(&s->line, ",\"headers\":[");
	for (int i = 0; record_header_next(r, &cur, &h) == 1; i++) {
		dl_bprintf(&s->line, "%s{\"key\":", i ? "," : "");
		buf_reset(&s->tmp);
		dl_utf8_sanitize(&s->tmp, h.key, (size_t)h.key_len);
		dl_json_str(&s->line, (const char *)s->tmp.data, s->tmp.len);
		if (!h.value) {
			dl_bprintf(&s->line, ",\"value\":null}");
			continue;
		}
		buf_reset(&s->tmp);
		const char *enc = render_bytes(&s->tmp, DL_FMT_STRING, h.value, (size_t)h.value_len, 1);
		dl_bprintf(&s->line, ",\"value\":");
		dl_json_str(&s->line, (const char *)s->tmp.data, s->tmp.len);
		dl_bprintf(&s->line, ",\"value_encoding\":\"%s\"}", enc);
	}
	dl_bprintf(&s->line, "]");
}

static void header_keys(struct seg *s, const struct record *r, int json)
{
	size_t cur = 0;
	struct record_header h;
	for (int i = 0; record_header_next(r, &cur, &h) == 1; i++) {
		if (i)
			buf_put_u8(&s->line, ',');
		if (json) {
			buf_reset(&s->tmp);
			dl_utf8_sanitize(&s->tmp, h.key, (size_t)h.key_len);
			dl_json_str(&s->line, (const char *)s->tmp.data, s->tmp.len);
		} else {
			dl_utf8_sanitize(&s->line, h.key, (size_t)h.key_len);
		}
	}
}

/* One record of a v2 batch: a "| offset: ..." line, or an element of "records". */
static void record_out(struct seg *s, const struct batch_header *h, const struct record *r,
		       int index)
{
	const struct dl_opts *o = s->o;
	int control = h->attributes & BATCH_ATTR_CONTROL;
	int32_t delta = (int32_t)(uint32_t)((uint64_t)r->offset - (uint64_t)h->base_offset);
	int32_t seq = h->base_sequence >= 0 ? seq_increment(h->base_sequence, delta) : -1;
	if (o->jsonl) {
		dl_bprintf(&s->line, "%s{\"offset\":%" PRId64, index ? "," : "", r->offset);
		if (!o->skip_metadata) {
			dl_bprintf(&s->line, ",\"timestamp\":%" PRId64 ",\"key_size\":%" PRId32
				   ",\"value_size\":%" PRId32 ",\"sequence\":%" PRId32
				   ",\"header_keys\":[", r->timestamp, r->key_len, r->value_len, seq);
			header_keys(s, r, 1);
			dl_bprintf(&s->line, "]");
			if (control)
				control_json(s, r);
		}
		if (o->print_data && !control)
			record_data_json(s, r);
		dl_bprintf(&s->line, "}");
		return;
	}
	buf_reset(&s->line);
	const char *prefix = "| ";
	if (!o->skip_metadata) {
		dl_bprintf(&s->line, "| offset: %" PRId64 " %s: %" PRId64 " keySize: %" PRId32
			   " valueSize: %" PRId32 " sequence: %" PRId32 " headerKeys: [",
			   r->offset, ts_type_name(h->attributes), r->timestamp, r->key_len,
			   r->value_len, seq);
		header_keys(s, r, 0);
		buf_put_u8(&s->line, ']');
		prefix = " ";
		if (control)
			control_text(s, r);
	}
	if (o->print_data && !control)
		record_data_text(s, r, prefix);
	buf_put_u8(&s->line, '\n');
	dl_out(&s->line);
}

static void records_out(struct seg *s, const uint8_t *p, size_t total, int64_t pos)
{
	struct record_iter it;
	int rc = record_iter_init(&it, p, total, s->o->max_uncompressed);
	if (rc == 0) {
		struct record r;
		int i = 0;
		while ((rc = record_iter_next(&it, &r)) == 1) {
			check_consecutive(s, r.offset);
			record_out(s, &it.h, &r, i++);
		}
	}
	record_iter_release(&it);
	if (rc == KAF_ETOOBIG)
		dl_anomaly(s->run, s->path, "records_too_large", pos,
			   "batch at position %" PRId64 ": records decompress to more than %zu bytes"
			   " (raise --max-message-size to read them)", pos, s->o->max_uncompressed);
	else if (rc == KAF_ECODEC)
		dl_anomaly(s->run, s->path, "unsupported_codec", pos,
			   "batch at position %" PRId64 ": cannot decompress %s records: %s", pos,
			   codec_name(p[BATCH_OFF_ATTRIBUTES + 1] & BATCH_ATTR_CODEC_MASK),
			   kaf_strerror(rc));
	else if (rc < 0)
		dl_anomaly(s->run, s->path, "corrupt_records", pos,
			   "batch at position %" PRId64 ": records are corrupt (%s)", pos,
			   kaf_strerror(rc));
}

static void batch_line(struct seg *s, const struct batch_header *h, int64_t pos, size_t total,
		       int valid)
{
	int codec = batch_codec(h);
	int32_t last_seq = h->base_sequence == -1 ? -1
			   : seq_increment(h->base_sequence, h->last_offset_delta);
	int horizon = h->attributes & BATCH_ATTR_DELETE_HORIZON;
	buf_reset(&s->line);
	if (s->o->jsonl) {
		dl_bprintf(&s->line, "{\"type\":\"batch\",\"path\":");
		dl_json_str(&s->line, s->path, strlen(s->path));
		dl_bprintf(&s->line, ",\"base_offset\":%" PRId64 ",\"last_offset\":%" PRId64
			   ",\"count\":%" PRId32 ",\"base_sequence\":%" PRId32
			   ",\"last_sequence\":%" PRId32 ",\"producer_id\":%" PRId64
			   ",\"producer_epoch\":%d,\"partition_leader_epoch\":%" PRId32
			   ",\"is_transactional\":%s,\"is_control\":%s,\"delete_horizon_ms\":",
			   h->base_offset, batch_last_offset(h), h->records_count, h->base_sequence,
			   last_seq, h->producer_id, h->producer_epoch, h->leader_epoch,
			   h->attributes & BATCH_ATTR_TRANSACTIONAL ? "true" : "false",
			   h->attributes & BATCH_ATTR_CONTROL ? "true" : "false");
		if (horizon)
			dl_bprintf(&s->line, "%" PRId64, h->base_timestamp);
		else
			dl_bprintf(&s->line, "null");
		dl_bprintf(&s->line, ",\"position\":%" PRId64 ",\"timestamp_type\":\"%s\""
			   ",\"max_timestamp\":%" PRId64 ",\"size\":%zu,\"magic\":2"
			   ",\"compression\":\"%s\",\"crc\":%" PRIu32 ",\"is_valid\":%s",
			   pos, ts_type_name(h->attributes), h->max_timestamp, total,
			   codec_name(codec), h->crc, valid ? "true" : "false");
		return;
	}
	dl_bprintf(&s->line, "baseOffset: %" PRId64 " lastOffset: %" PRId64 " count: %" PRId32
		   " baseSequence: %" PRId32 " lastSequence: %" PRId32 " producerId: %" PRId64
		   " producerEpoch: %d partitionLeaderEpoch: %" PRId32 " isTransactional: %s"
		   " isControl: %s deleteHorizonMs: ",
		   h->base_offset, batch_last_offset(h), h->records_count, h->base_sequence, last_seq,
		   h->producer_id, h->producer_epoch, h->leader_epoch,
		   h->attributes & BATCH_ATTR_TRANSACTIONAL ? "true" : "false",
		   h->attributes & BATCH_ATTR_CONTROL ? "true" : "false");
	if (horizon)
		dl_bprintf(&s->line, "OptionalLong[%" PRId64 "]", h->base_timestamp);
	else
		dl_bprintf(&s->line, "OptionalLong.empty");
	dl_bprintf(&s->line, " position: %" PRId64 " %s: %" PRId64 " size: %zu magic: 2"
		   " compresscodec: %s crc: %" PRIu32 " isvalid: %s\n",
		   pos, ts_type_name(h->attributes), h->max_timestamp, total, codec_name(codec),
		   h->crc, valid ? "true" : "false");
	dl_out(&s->line);
}

/* A magic 2 batch of total bytes at p (framed already). 0, or -1 when undecodable. */
static int batch_v2(struct seg *s, const uint8_t *p, size_t total, int64_t pos)
{
	struct batch_header h;
	if (batch_header_parse(p, total, &h))
		return -1;
	uint32_t computed = batch_compute_crc(p, total);
	int valid = computed == h.crc;
	batch_line(s, &h, pos, total, valid);
	if (!valid)
		dl_anomaly(s->run, s->path, "crc_mismatch", pos,
			   "batch at position %" PRId64 " (offsets %" PRId64 "-%" PRId64
			   "): CRC-32C mismatch: stored %" PRIu32 ", computed %" PRIu32,
			   pos, h.base_offset, batch_last_offset(&h), h.crc, computed);
	if (batch_codec(&h) >= CODEC_COUNT)
		dl_anomaly(s->run, s->path, "unknown_codec", pos,
			   "batch at position %" PRId64 ": unknown compression codec %d", pos,
			   batch_codec(&h));
	if (s->o->jsonl && s->o->deep)
		dl_bprintf(&s->line, ",\"records\":[");
	if (s->o->deep)
		records_out(s, p, total, pos);
	if (s->o->jsonl) {
		dl_bprintf(&s->line, "%s}\n", s->o->deep ? "]" : "");
		dl_out(&s->line);
	}
	return 0;
}

/*
 * A magic 0 or 1 message (Kafka before 0.11): offset i64, size i32, then
 * crc u32 (CRC-32 over magic..end), magic i8, attributes i8, timestamp i64
 * (magic 1 only), key bytes (i32 length), value bytes (i32 length). A
 * compressed message wraps a nested message set; those are shown shallow.
 */
static int batch_legacy(struct seg *s, const uint8_t *p, size_t total, int64_t pos)
{
	int magic = p[16];
	size_t fixed = BATCH_LOG_OVERHEAD + (magic == 1 ? 22 : 14);
	if (total < fixed)
		return -1;
	int64_t offset = (int64_t)be64_get(p);
	uint32_t crc = be32_get(p + 12);
	uint8_t attr = p[17];
	int64_t ts = magic == 1 ? (int64_t)be64_get(p + 18) : -1;
	const char *ts_type = magic == 0 ? "NoTimestampType"
			      : attr & BATCH_ATTR_LOG_APPEND_TIME ? "LogAppendTime" : "CreateTime";
	uLong computed = crc32(0L, p + 16, (uInt)(total - 16));
	int valid = computed == crc;
	int codec = attr & BATCH_ATTR_CODEC_MASK;
	buf_reset(&s->line);
	if (s->o->jsonl) {
		dl_bprintf(&s->line, "{\"type\":\"batch\",\"path\":");
		dl_json_str(&s->line, s->path, strlen(s->path));
		dl_bprintf(&s->line, ",\"last_offset\":%" PRId64 ",\"position\":%" PRId64
			   ",\"timestamp_type\":\"%s\",\"max_timestamp\":%" PRId64 ",\"size\":%zu"
			   ",\"magic\":%d,\"compression\":\"%s\",\"crc\":%" PRIu32
			   ",\"is_valid\":%s}\n", offset, pos, ts_type, ts, total, magic,
			   codec_name(codec), crc, valid ? "true" : "false");
	} else {
		dl_bprintf(&s->line, "offset: %" PRId64 " position: %" PRId64 " %s: %" PRId64
			   " size: %zu magic: %d compresscodec: %s crc: %" PRIu32 " isvalid: %s\n",
			   offset, pos, ts_type, ts, total, magic, codec_name(codec), crc,
			   valid ? "true" : "false");
	}
	dl_out(&s->line);
	if (!valid)
		dl_anomaly(s->run, s->path, "crc_mismatch", pos,
			   "message at position %" PRId64 " (offset %" PRId64 "): CRC-32 mismatch:"
			   " stored %" PRIu32 ", computed %lu", pos, offset, crc, computed);
	if (!s->o->deep)
		return 0;
	if (codec) {
		dl_anomaly(s->run, s->path, "unsupported_format", pos,
			   "message at position %" PRId64 ": records inside compressed magic %d"
			   " messages are not shown", pos, magic);
		return 0;
	}
	/* An uncompressed legacy message is its own single record. */
	size_t kp = fixed - 8;
	int32_t klen = (int32_t)be32_get(p + kp);
	size_t vp = kp + 4 + (klen > 0 ? (size_t)klen : 0);
	if (klen < -1 || vp + 4 > total) {
		dl_anomaly(s->run, s->path, "corrupt_records", pos,
			   "message at position %" PRId64 ": key length %" PRId32 " is corrupt", pos,
			   klen);
		return 0;
	}
	int32_t vlen = (int32_t)be32_get(p + vp);
	if (vlen < -1 || vp + 4 + (vlen > 0 ? (size_t)vlen : 0) != total) {
		dl_anomaly(s->run, s->path, "corrupt_records", pos,
			   "message at position %" PRId64 ": value length %" PRId32 " is corrupt", pos,
			   vlen);
		return 0;
	}
	struct record r = {
		.offset = offset, .timestamp = ts, .key_len = klen, .value_len = vlen,
		.key = klen >= 0 ? p + kp + 4 : NULL, .value = vlen >= 0 ? p + vp + 4 : NULL,
	};
	check_consecutive(s, offset);
	if (s->o->jsonl)
		return 0;
	buf_reset(&s->line);
	const char *prefix = "| ";
	if (!s->o->skip_metadata) {
		dl_bprintf(&s->line, "| offset: %" PRId64 " %s: %" PRId64 " keySize: %" PRId32
			   " valueSize: %" PRId32 " isValid: %s crc: %" PRIu32 "}", offset, ts_type,
			   ts, klen, vlen, valid ? "true" : "false", crc);
		prefix = " ";
	}
	if (s->o->print_data)
		record_data_text(s, &r, prefix);
	buf_put_u8(&s->line, '\n');
	dl_out(&s->line);
	return 0;
}

static void print_log_header(struct dl_run *run, const char *path, int kraft_snapshot)
{
	if (run->o.jsonl)
		return;
	const char *name = dl_basename(path);
	int64_t base = dl_name_offset(path);
	if (!kraft_snapshot) {
		if (base >= 0)
			printf("Log starting offset: %" PRId64 "\n", base);
		return;
	}
	if (!strcmp(name, "bootstrap.checkpoint")) {
		printf("KRaft bootstrap snapshot\n");
		return;
	}
	/* <20-digit end offset>-<10-digit epoch>.checkpoint */
	char *end;
	if (base >= 0 && name[20] == '-') {
		long long epoch = strtoll(name + 21, &end, 10);
		if (end == name + 31 && *end == '.')
			printf("Snapshot end offset: %" PRId64 ", epoch: %lld\n", base, epoch);
	}
}

void dl_dump_log(struct dl_run *run, const char *path, int kraft_snapshot)
{
	struct dl_file f;
	int rc = dl_file_open(&f, path);
	if (rc) {
		dl_cannot_open(run, path, rc);
		return;
	}
	dl_print_dumping(run, path, kraft_snapshot ? "kraft_snapshot" : "log");
	print_log_header(run, path, kraft_snapshot);
	struct seg s = { .run = run, .o = &run->o, .path = path, .last_offset = -1 };
	buf_init(&s.line);
	buf_init(&s.tmp);
	size_t end = f.len;
	if (run->o.max_bytes >= 0 && (uint64_t)run->o.max_bytes < end)
		end = (size_t)run->o.max_bytes;
	size_t pos = 0;
	char why[160] = "";
	int cut = 0;		/* stopped by --max-bytes, not by bad bytes */
	while (pos < end) {
		const uint8_t *p = f.data + pos;
		size_t left = end - pos;
		if (left <= FRAME_MIN) {
			cut = end < f.len;
			snprintf(why, sizeof(why), "%zu bytes are too few for a batch header", left);
			break;
		}
		int32_t size = (int32_t)be32_get(p + BATCH_OFF_LENGTH);
		if (size < LEGACY_MIN_SIZE) {
			snprintf(why, sizeof(why), "batch size %" PRId32 " is below the minimum of %d",
				 size, LEGACY_MIN_SIZE);
			break;
		}
		if ((uint64_t)size > left - BATCH_LOG_OVERHEAD) {
			cut = (uint64_t)size <= f.len - pos - BATCH_LOG_OVERHEAD;
			snprintf(why, sizeof(why), "a batch of %" PRId64 " bytes runs past the end of the file",
				 (int64_t)size + BATCH_LOG_OVERHEAD);
			break;
		}
		size_t total = (size_t)size + BATCH_LOG_OVERHEAD;
		int magic = (int8_t)p[BATCH_OFF_MAGIC];
		int r = -1;
		if (magic == BATCH_MAGIC && total >= BATCH_HEADER_SIZE)
			r = batch_v2(&s, p, total, (int64_t)pos);
		else if (magic == 0 || magic == 1)
			r = batch_legacy(&s, p, total, (int64_t)pos);
		if (r) {
			snprintf(why, sizeof(why), "a batch with magic %d and size %zu cannot be decoded",
				 magic, total);
			break;
		}
		pos += total;
	}
	if (pos < end && !cut) {
		size_t n = f.len - pos;
		if (run->o.max_bytes < 0 && !run->o.jsonl)
			printf("Found %zu invalid bytes at the end of %s\n", n, dl_basename(path));
		dl_anomaly(run, path, "invalid_bytes", (int64_t)pos,
			   "%zu invalid bytes at position %zu: %s", n, pos, why);
	}
	buf_release(&s.line);
	buf_release(&s.tmp);
	dl_file_close(&f);
}
