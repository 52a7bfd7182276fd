/*
 * Reading the records inside a v2 batch: the iterator, header walking,
 * control-record keys and the deep validation of a batch's records.
 *
 * Record layout (every integer a zig-zag varint/varlong unless noted):
 *
 *   length          varint   bytes after this field, exactly
 *   attributes      i8       unused, 0
 *   timestampDelta  varlong  vs baseTimestamp
 *   offsetDelta     varint   vs baseOffset
 *   keyLength       varint   -1 = null
 *   key             bytes
 *   valueLength     varint   -1 = null
 *   value           bytes
 *   headersCount    varint
 *   headers         per header: keyLength varint (>= 0), key,
 *                   valueLength varint (-1 = null), value
 *
 * The records area is untrusted: every length is checked against the bytes
 * that remain of its record before it is used, and a record whose fields do
 * not fill its length exactly is corrupt (Kafka rejects those too).
 */
#include "core/record/batch.h"
#include "core/record/codec.h"
#include "core/base/err.h"
#include "core/base/reader.h"

#include <string.h>

/* Take a nullable byte field of length len (-1 = null); NULL on error. */
static const uint8_t *take_nullable(struct reader *rd, int32_t len)
{
	if (len == -1)
		return NULL;
	if (len < -1) {
		if (!rd->err)
			rd->err = KAF_ECORRUPT;
		return NULL;
	}
	return reader_take(rd, (size_t)len);
}

/* Read one header, leaving the reader's sticky error set on failure. */
static void read_header(struct reader *rd, struct record_header *h)
{
	h->key_len = reader_varint(rd);
	if (h->key_len < 0 && !rd->err)
		rd->err = KAF_ECORRUPT;
	h->key = take_nullable(rd, h->key_len);
	h->value_len = reader_varint(rd);
	h->value = take_nullable(rd, h->value_len);
}

static int64_t add_wrapping(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

int record_iter_init(struct record_iter *it, const uint8_t *batch, size_t total,
		     size_t max_uncompressed)
{
	memset(it, 0, sizeof(*it));
	buf_init(&it->inflated);
	int rc = batch_header_parse(batch, total, &it->h);
	if (rc)
		return rc;
	size_t size = batch_total_size(&it->h);
	if (size > total)
		return KAF_ETRUNC;
	const uint8_t *area = batch + BATCH_HEADER_SIZE;
	size_t area_len = size - BATCH_HEADER_SIZE;
	int codec = batch_codec(&it->h);
	if (codec == CODEC_NONE) {
		it->p = area;
		it->end = area + area_len;
		return 0;
	}
	if (codec >= CODEC_COUNT)
		return KAF_ECODEC;
	/* Compaction can leave an empty batch with no records area at all. */
	if (area_len == 0 && it->h.records_count == 0) {
		it->p = it->end = area;
		return 0;
	}
	rc = codec_decompress(codec, area, area_len, max_uncompressed, &it->inflated);
	if (rc) {
		buf_release(&it->inflated);
		return rc;
	}
	/* An empty buffer has no data pointer; give the views a non-NULL base. */
	it->p = it->inflated.data ? it->inflated.data : area;
	it->end = it->p + it->inflated.len;
	return 0;
}

/* Decode the record body [p, p+len) into *r; 0 or KAF_ECORRUPT. */
static int record_decode(const struct batch_header *h, const uint8_t *p, size_t len,
			 struct record *r)
{
	struct reader rd;
	reader_init(&rd, p, len);
	r->attributes = reader_i8(&rd);
	int64_t ts_delta = reader_varlong(&rd);
	int32_t off_delta = reader_varint(&rd);
	r->key_len = reader_varint(&rd);
	r->key = take_nullable(&rd, r->key_len);
	r->value_len = reader_varint(&rd);
	r->value = take_nullable(&rd, r->value_len);
	r->header_count = reader_varint(&rd);
	if (r->header_count < 0 && !rd.err)
		rd.err = KAF_ECORRUPT;
	r->headers = rd.p;
	for (int32_t i = 0; i < r->header_count && !rd.err; i++) {
		struct record_header hdr;
		read_header(&rd, &hdr);
	}
	if (rd.err || rd.p != rd.end)
		return KAF_ECORRUPT;
	r->headers_len = (size_t)(rd.p - r->headers);
	r->offset = add_wrapping(h->base_offset, off_delta);
	if (h->attributes & BATCH_ATTR_LOG_APPEND_TIME)
		r->timestamp = h->max_timestamp;
	else
		r->timestamp = add_wrapping(h->base_timestamp, ts_delta);
	return 0;
}

int record_iter_next(struct record_iter *it, struct record *r)
{
	if (it->index >= it->h.records_count)
		return it->p == it->end ? 0 : KAF_ECORRUPT;
	struct reader rd;
	reader_init(&rd, it->p, (size_t)(it->end - it->p));
	int32_t len = reader_varint(&rd);
	if (rd.err || len < 0 || (size_t)len > reader_left(&rd))
		return KAF_ECORRUPT;
	int rc = record_decode(&it->h, rd.p, (size_t)len, r);
	if (rc)
		return rc;
	it->p = rd.p + len;
	it->index++;
	return 1;
}

void record_iter_release(struct record_iter *it)
{
	buf_release(&it->inflated);
	it->p = it->end = NULL;
}

int record_header_next(const struct record *r, size_t *cursor, struct record_header *h)
{
	if (*cursor == r->headers_len)
		return 0;
	if (*cursor > r->headers_len)
		return KAF_ECORRUPT;
	struct reader rd;
	reader_init(&rd, r->headers + *cursor, r->headers_len - *cursor);
	read_header(&rd, h);
	if (rd.err)
		return KAF_ECORRUPT;
	*cursor = (size_t)(rd.p - r->headers);
	return 1;
}

/*
 * A control key is version i16 then type i16. Like Kafka, a newer key
 * version with extra bytes still yields its type; a negative version or a
 * key too short for the two fields is corrupt.
 */
int control_record_type(const struct record *r, int16_t *type)
{
	if (!r->key || r->key_len < 4)
		return KAF_ECORRUPT;
	struct reader rd;
	reader_init(&rd, r->key, (size_t)r->key_len);
	int16_t version = reader_i16(&rd);
	int16_t t = reader_i16(&rd);
	if (rd.err || version < 0)
		return KAF_ECORRUPT;
	*type = t;
	return 0;
}

int batch_validate_records(const uint8_t *batch, size_t total, size_t max_uncompressed)
{
	struct record_iter it;
	int rc = record_iter_init(&it, batch, total, max_uncompressed);
	if (rc) {
		record_iter_release(&it);
		return rc == KAF_ETRUNC ? KAF_ECORRUPT : rc;
	}
	int control = it.h.attributes & BATCH_ATTR_CONTROL;
	if (control && it.h.records_count != 1)
		rc = KAF_ECORRUPT;
	int64_t prev_delta = -1;
	struct record r;
	while (!rc && (rc = record_iter_next(&it, &r)) == 1) {
		int64_t delta = (int64_t)((uint64_t)r.offset - (uint64_t)it.h.base_offset);
		if (delta <= prev_delta || delta > it.h.last_offset_delta) {
			rc = KAF_ECORRUPT;
			break;
		}
		prev_delta = delta;
		int16_t type;
		if (control && (r.key_len != 4 || control_record_type(&r, &type)))
			rc = KAF_ECORRUPT;
		else
			rc = 0;
	}
	record_iter_release(&it);
	return rc < 0 ? rc : 0;
}
