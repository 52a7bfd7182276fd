/*
 * Record batches that lie: truncations at every byte, flipped bits, records
 * whose lengths and counts disagree, hand-made malformed fields. Every case
 * must give an error, never a crash or a read outside the input (inputs are
 * exact-size heap copies so ASan sees any over-read).
 */
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/record/batch.h"
#include "core/record/codec.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

static uint8_t *dup_exact(const uint8_t *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);
	if (n)
		memcpy(c, p, n);
	return c;
}

/* Wrap a records area (uncompressed, attributes 0) into a batch with a good CRC. */
static void wrap(struct buf *out, const uint8_t *recs, size_t n, int32_t count, int32_t lod)
{
	buf_reset(out);
	uint8_t *p = buf_grow(out, BATCH_HEADER_SIZE);
	be32_put(p + BATCH_OFF_LENGTH, (uint32_t)(BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD + n));
	p[BATCH_OFF_MAGIC] = BATCH_MAGIC;
	be32_put(p + BATCH_OFF_LAST_OFFSET_DELTA, (uint32_t)lod);
	be64_put(p + BATCH_OFF_PRODUCER_ID, (uint64_t)-1);
	be32_put(p + BATCH_OFF_RECORDS_COUNT, (uint32_t)count);
	buf_append(out, recs, n);
	be32_put(out->data + BATCH_OFF_CRC, batch_compute_crc(out->data, out->len));
}

/* Walk every record and header; returns the first error, 0 at a clean end. */
static int walk(const uint8_t *p, size_t n, size_t max, int *records)
{
	struct record_iter it;
	int rc = record_iter_init(&it, p, n, max);
	*records = 0;
	struct record r;
	while (!rc && (rc = record_iter_next(&it, &r)) == 1) {
		size_t cur = 0;
		struct record_header h;
		int hrc;
		while ((hrc = record_header_next(&r, &cur, &h)) == 1)
			;
		if (hrc < 0) {
			rc = hrc;
			break;
		}
		rc = 0;
		(*records)++;
	}
	record_iter_release(&it);
	return rc;
}

static int check_records(const uint8_t *recs, size_t n, int32_t count, int32_t lod)
{
	struct buf b = BUF_INIT;
	wrap(&b, recs, n, count, lod);
	uint8_t *c = dup_exact(b.data, b.len);
	int rc = batch_validate(c, b.len, 0, NULL);
	if (!rc)
		rc = batch_validate_records(c, b.len, 1 << 20);
	free(c);
	buf_release(&b);
	return rc;
}

static int iter_records(const uint8_t *recs, size_t n, int32_t count)
{
	struct buf b = BUF_INIT;
	wrap(&b, recs, n, count, count > 0 ? count - 1 : 0);
	uint8_t *c = dup_exact(b.data, b.len);
	int k;
	int rc = walk(c, b.len, 1 << 20, &k);
	free(c);
	buf_release(&b);
	return rc;
}

static void test_malformed_records(void)
{
	/* good: one record, key "k", value "v" */
	static const uint8_t good[] = { 0x10, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0 };
	is_int(check_records(good, sizeof(good), 1, 0), 0, "wrapped good record validates");
	is_int(iter_records(good, sizeof(good), 1), 0, "wrapped good record iterates");

	static const uint8_t len_long[] = { 0x12, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0 };
	is_int(iter_records(len_long, sizeof(len_long), 1), KAF_ECORRUPT,
	       "record length past the area");
	static const uint8_t len_short[] = { 0x0e, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0, 0 };
	is_int(iter_records(len_short, sizeof(len_short), 1), KAF_ECORRUPT,
	       "fields run past the record length");
	static const uint8_t len_slack[] = { 0x12, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0, 0 };
	is_int(iter_records(len_slack, sizeof(len_slack), 1), KAF_ECORRUPT,
	       "record length longer than its fields");
	static const uint8_t neg_len[] = { 0x01, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0 };
	is_int(iter_records(neg_len, sizeof(neg_len), 1), KAF_ECORRUPT, "negative record length");
	is_int(iter_records(good, sizeof(good), 2), KAF_ECORRUPT, "fewer records than the count");
	uint8_t two[sizeof(good) * 2];
	memcpy(two, good, sizeof(good));
	memcpy(two + sizeof(good), good, sizeof(good));
	two[sizeof(good) + 3] = 0x02;	/* offsetDelta 1 */
	is_int(iter_records(two, sizeof(two), 2), 0, "two good records iterate");
	is_int(iter_records(two, sizeof(two), 1), KAF_ECORRUPT, "more records than the count");
	is_int(iter_records(good, sizeof(good), 0), KAF_ECORRUPT, "count 0 with records present");
	is_int(iter_records(good, 0, INT32_MAX), KAF_ECORRUPT, "huge count, empty area");

	static const uint8_t key_m2[] = { 0x10, 0, 0, 0, 0x03, 'k', 0x02, 'v', 0 };
	is_int(iter_records(key_m2, sizeof(key_m2), 1), KAF_ECORRUPT, "key length -2");
	static const uint8_t val_big[] = { 0x10, 0, 0, 0, 0x02, 'k', 0x7e, 'v', 0 };
	is_int(iter_records(val_big, sizeof(val_big), 1), KAF_ECORRUPT, "value length past record");
	static const uint8_t hdr_neg[] = { 0x10, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0x01 };
	is_int(iter_records(hdr_neg, sizeof(hdr_neg), 1), KAF_ECORRUPT, "negative header count");
	static const uint8_t hdr_huge[] = { 0x18, 0, 0, 0, 0x02, 'k', 0x02, 'v',
					    0xfe, 0xff, 0xff, 0xff, 0x0f };
	is_int(iter_records(hdr_huge, sizeof(hdr_huge), 1), KAF_ECORRUPT,
	       "header count INT32_MAX with no headers");
	static const uint8_t hkey_null[] = { 0x14, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0x02, 0x01, 0x01 };
	is_int(iter_records(hkey_null, sizeof(hkey_null), 1), KAF_ECORRUPT, "null header key");
	static const uint8_t hval_m2[] = { 0x14, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0x02, 0x00, 0x03 };
	is_int(iter_records(hval_m2, sizeof(hval_m2), 1), KAF_ECORRUPT,
	       "header value length -2");
	static const uint8_t hgood[] = { 0x14, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0x02, 0x00, 0x01 };
	is_int(iter_records(hgood, sizeof(hgood), 1), 0, "empty header key, null value");
	static const uint8_t overlong[] = { 0x1a, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
					    0x02, 'k', 0x02, 'v', 0 };
	is_int(iter_records(overlong, sizeof(overlong), 1), KAF_ECORRUPT,
	       "six-byte offsetDelta varint");
	static const uint8_t cut_varint[] = { 0x80 };
	is_int(iter_records(cut_varint, sizeof(cut_varint), 1), KAF_ECORRUPT,
	       "record length varint cut short");

	/* Offsets: the iterator reports them, validation orders them. */
	uint8_t same[sizeof(two)];
	memcpy(same, good, sizeof(good));
	memcpy(same + sizeof(good), good, sizeof(good));
	is_int(iter_records(same, sizeof(same), 2), 0, "repeated offset delta iterates");
	is_int(check_records(same, sizeof(same), 2, 1), KAF_ECORRUPT,
	       "repeated offset delta fails validation");
	static const uint8_t neg_delta[] = { 0x10, 0, 0, 0x01, 0x02, 'k', 0x02, 'v', 0 };
	is_int(check_records(neg_delta, sizeof(neg_delta), 1, 0), KAF_ECORRUPT,
	       "negative offset delta fails validation");
	is_int(check_records(two, sizeof(two), 2, 0), KAF_ECORRUPT,
	       "offset delta past lastOffsetDelta fails validation");
	is_int(check_records(two, sizeof(two), 2, 5), 0, "gap before lastOffsetDelta is fine");
}

/* A small batch with headers and nulls, in the given codec. */
static void build_sample(struct buf *out, int codec)
{
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	o.codec = codec;
	struct batch_builder b;
	batch_builder_init(&b, &o);
	struct record_header hs[2] = {
		{ .key_len = 3, .key = (const uint8_t *)"trc", .value_len = 4,
		  .value = (const uint8_t *)"abcd" },
		{ .key_len = 1, .key = (const uint8_t *)"n", .value_len = -1 },
	};
	batch_builder_add(&b, 1000, -1, "key1", 4, "value one", 9, hs, 2);
	batch_builder_add(&b, 990, -1, NULL, -1, "", 0, NULL, 0);
	batch_builder_add(&b, 1010, -1, "", 0, NULL, -1, hs + 1, 1);
	buf_reset(out);
	batch_builder_finish(&b, 0, -1, out);
	batch_builder_release(&b);
}

static void test_truncations(int codec)
{
	struct buf b = BUF_INIT;
	build_sample(&b, codec);
	const char *name = codec_name(codec);
	int records;
	is_int(walk(b.data, b.len, 1 << 20, &records), 0, "%s sample walks", name);
	is_int(records, 3, "%s sample has 3 records", name);

	/* Cut the stored bytes: the header's length now points past the input. */
	int bad_validate = 0, bad_records = 0, bad_walk = 0;
	for (size_t n = 0; n < b.len; n++) {
		uint8_t *c = dup_exact(b.data, n);
		if (batch_validate(c, n, 0, NULL) >= 0)
			bad_validate++;
		if (batch_validate_records(c, n, 1 << 20) >= 0)
			bad_records++;
		if (walk(c, n, 1 << 20, &records) >= 0)
			bad_walk++;
		free(c);
	}
	is_int(bad_validate, 0, "%s: every truncation fails batch_validate", name);
	is_int(bad_records, 0, "%s: every truncation fails batch_validate_records", name);
	is_int(bad_walk, 0, "%s: every truncation fails the iterator", name);

	/* Cut the records area and fix length and CRC: only the records can tell. */
	bad_validate = bad_records = 0;
	for (size_t n = BATCH_HEADER_SIZE; n < b.len; n++) {
		uint8_t *c = dup_exact(b.data, n);
		be32_put(c + BATCH_OFF_LENGTH, (uint32_t)(n - BATCH_LOG_OVERHEAD));
		be32_put(c + BATCH_OFF_CRC, batch_compute_crc(c, n));
		if (batch_validate(c, n, 0, NULL) != 0)
			bad_validate++;
		int rc = batch_validate_records(c, n, 1 << 20);
		if (rc != KAF_ECORRUPT)
			bad_records++;
		free(c);
	}
	is_int(bad_validate, 0, "%s: re-CRCed cuts pass the header checks", name);
	is_int(bad_records, 0, "%s: every records-area cut is KAF_ECORRUPT", name);
	buf_release(&b);
}

static void test_bit_flips(int codec)
{
	struct buf b = BUF_INIT;
	build_sample(&b, codec);
	const char *name = codec_name(codec);
	int wrong = 0, crashes_avoided = 0;
	for (size_t i = BATCH_OFF_CRC; i < b.len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			uint8_t *c = dup_exact(b.data, b.len);
			c[i] ^= (uint8_t)(1 << bit);
			if (batch_validate(c, b.len, 0, NULL) != KAF_ECORRUPT)
				wrong++;
			/* Same flip with a fixed-up CRC: the deep checks must cope. */
			be32_put(c + BATCH_OFF_CRC, batch_compute_crc(c, b.len));
			int records;
			if (batch_validate(c, b.len, 0, NULL) == 0) {
				batch_validate_records(c, b.len, 1 << 20);
				walk(c, b.len, 1 << 20, &records);
				crashes_avoided++;
			}
			free(c);
		}
	}
	is_int(wrong, 0, "%s: every flipped bit under the CRC gives KAF_ECORRUPT", name);
	ok(crashes_avoided > 0, "%s: re-CRCed flips walked without crashing (%d)", name,
	   crashes_avoided);

	uint8_t *c = dup_exact(b.data, b.len);
	c[BATCH_OFF_MAGIC] = 1;
	is_int(batch_validate(c, b.len, 0, NULL), KAF_ECORRUPT, "%s: magic 1 refused", name);
	free(c);
	buf_release(&b);
}

int main(void)
{
	test_malformed_records();
	for (int c = 0; c < CODEC_COUNT; c++) {
		test_truncations(c);
		test_bit_flips(c);
	}
	return tap_done();
}
