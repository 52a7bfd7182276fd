/*
 * Record batches: builder -> iterator round trips, the exact bytes of a
 * hand-built batch and its CRC, LogAppendTime, control batches and
 * batch_validate_records on good input.
 */
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/record/batch.h"
#include "core/record/codec.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

/* CRC-32C bit by bit, independent of core/base/crc32c.c. */
static uint32_t crc32c_bitwise(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffff;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (crc & 1 ? 0x82f63b78 : 0);
	}
	return ~crc;
}

/*
 * Two records: (ts 1700000000000, key "k", value "v") and (ts +5, null key,
 * value "xy", one header "h" with a null value). CRC 0x7dbf98c5 was computed
 * by a separate bitwise CRC-32C program over bytes [21, 82).
 */
static const uint8_t hand_batch[] = {
	0, 0, 0, 0, 0, 0, 0, 0,			/* baseOffset 0 */
	0, 0, 0, 0x46,				/* batchLength 70 */
	0xff, 0xff, 0xff, 0xff,			/* leaderEpoch -1 */
	2,					/* magic */
	0x7d, 0xbf, 0x98, 0xc5,			/* crc */
	0, 0,					/* attributes */
	0, 0, 0, 1,				/* lastOffsetDelta */
	0, 0, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00,	/* baseTimestamp */
	0, 0, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x05,	/* maxTimestamp */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* producerId */
	0xff, 0xff,				/* producerEpoch */
	0xff, 0xff, 0xff, 0xff,			/* baseSequence */
	0, 0, 0, 2,				/* recordsCount */
	0x10, 0, 0, 0, 0x02, 'k', 0x02, 'v', 0,
	0x16, 0, 0x0a, 0x02, 0x01, 0x04, 'x', 'y', 0x02, 0x02, 'h', 0x01,
};

static void test_hand_batch(void)
{
	size_t n = sizeof(hand_batch);
	is_int(n, 82, "hand batch is 82 bytes");
	is_int(crc32c_bitwise(hand_batch + 21, n - 21), 0x7dbf98c5, "bitwise CRC-32C known answer");
	is_int(batch_compute_crc(hand_batch, n), 0x7dbf98c5, "batch_compute_crc known answer");
	struct batch_header h;
	is_int(batch_validate(hand_batch, n, 0, &h), 0, "hand batch validates");
	is_int(h.records_count, 2, "records count");
	is_int(h.last_offset_delta, 1, "last offset delta");
	is_int(batch_validate_records(hand_batch, n, 1 << 20), 0, "hand batch records validate");

	/* The builder must produce exactly these bytes. */
	struct batch_builder b;
	batch_builder_init(&b, NULL);
	batch_builder_add(&b, 1700000000000, -1, "k", 1, "v", 1, NULL, 0);
	struct record_header hd = { .key_len = 1, .key = (const uint8_t *)"h", .value_len = -1 };
	batch_builder_add(&b, 1700000000005, -1, NULL, -1, "xy", 2, &hd, 1);
	struct buf out = BUF_INIT;
	is_int(batch_builder_finish(&b, 0, -1, &out), 0, "builder finish");
	is_int(out.len, n, "builder output size");
	ok(out.len == n && !memcmp(out.data, hand_batch, n), "builder output is byte-identical");
	batch_builder_release(&b);
	buf_release(&out);

	struct record_iter it;
	struct record r;
	is_int(record_iter_init(&it, hand_batch, n, 0), 0, "iter init");
	is_int(record_iter_next(&it, &r), 1, "first record");
	is_int(r.offset, 0, "first offset");
	is_int(r.timestamp, 1700000000000, "first timestamp");
	ok(r.key_len == 1 && r.key[0] == 'k', "first key");
	ok(r.value_len == 1 && r.value[0] == 'v', "first value");
	is_int(r.header_count, 0, "first has no headers");
	is_int(record_iter_next(&it, &r), 1, "second record");
	is_int(r.offset, 1, "second offset");
	is_int(r.timestamp, 1700000000005, "second timestamp");
	ok(r.key_len == -1 && r.key == NULL, "second key is null");
	ok(r.value_len == 2 && !memcmp(r.value, "xy", 2), "second value");
	is_int(r.header_count, 1, "second has one header");
	size_t cur = 0;
	struct record_header h2;
	is_int(record_header_next(&r, &cur, &h2), 1, "header read");
	ok(h2.key_len == 1 && h2.key[0] == 'h', "header key");
	ok(h2.value_len == -1 && h2.value == NULL, "header value null");
	is_int(record_header_next(&r, &cur, &h2), 0, "header end");
	is_int(record_iter_next(&it, &r), 0, "end of records");
	record_iter_release(&it);
}

struct rec_spec {
	int64_t ts;
	int32_t key_len, value_len;
	int nhdr;
};

/* Deterministic bytes for record i's fields. */
static void fill(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 8));
}

/* Build a batch of count records with varied shapes, check every field back. */
static void round_trip(const char *name, const struct batch_opts *o, int count, size_t big)
{
	struct batch_builder b;
	batch_builder_init(&b, o);
	uint8_t *data = malloc(big + 64);
	int64_t base_ts = 1600000000000, max_ts = INT64_MIN;
	for (int i = 0; i < count; i++) {
		/* timestamps go up and down, so deltas are negative too */
		int64_t ts = base_ts + (i % 3 == 2 ? -1000 * i : 7 * i);
		if (ts > max_ts)
			max_ts = ts;
		int32_t kl = i % 5 == 0 ? -1 : i % 5 == 1 ? 0 : i % 7 + 1;
		int32_t vl = i % 4 == 3 ? -1 : i % 11 == 0 ? (int32_t)big : i % 13;
		fill(data, (size_t)(vl > 0 ? vl : 0), (unsigned)i);
		struct record_header hs[3] = {
			{ .key_len = 2, .key = (const uint8_t *)"h0", .value_len = 3,
			  .value = (const uint8_t *)"abc" },
			{ .key_len = 0, .key = (const uint8_t *)"", .value_len = -1 },
			{ .key_len = 2, .key = (const uint8_t *)"h2", .value_len = 0,
			  .value = (const uint8_t *)"" },
		};
		batch_builder_add(&b, ts, -1, kl > 0 ? "kkkkkkkk" : kl == 0 ? "" : NULL, kl,
				  vl >= 0 ? data : NULL, vl, hs, i % 4);
	}
	struct buf out = BUF_INIT;
	buf_append(&out, "xyz", 3);	/* finish appends after what is there */
	int rc = batch_builder_finish(&b, 1000, -1, &out);
	is_int(rc, 0, "%s: finish", name);
	batch_builder_release(&b);
	const uint8_t *batch = out.data + 3;
	size_t total = out.len - 3;
	struct batch_header h;
	is_int(batch_validate(batch, total, 0, &h), 0, "%s: validates", name);
	is_int(h.records_count, count, "%s: count", name);
	is_int(h.last_offset_delta, count ? count - 1 : 0, "%s: lastOffsetDelta", name);
	is_int(h.base_offset, 1000, "%s: baseOffset", name);
	is_int(batch_codec(&h), o->codec, "%s: codec bits", name);
	if (count) {
		is_int(h.base_timestamp, base_ts, "%s: baseTimestamp is the first record's", name);
		is_int(h.max_timestamp, max_ts, "%s: maxTimestamp is the max", name);
	}
	is_int(h.producer_id, o->producer_id, "%s: producerId", name);
	is_int(h.producer_epoch, o->producer_epoch, "%s: producerEpoch", name);
	is_int(h.base_sequence, o->base_sequence, "%s: baseSequence", name);
	is_int(h.leader_epoch, o->leader_epoch, "%s: leaderEpoch", name);
	is_int(!!(h.attributes & BATCH_ATTR_TRANSACTIONAL), !!o->transactional,
	       "%s: transactional bit", name);
	is_int(batch_validate_records(batch, total, 64 << 20), 0,
	       "%s: records validate", name);

	struct record_iter it;
	is_int(record_iter_init(&it, batch, total, 64 << 20), 0, "%s: iter init", name);
	int bad = 0, i = 0;
	struct record r;
	while ((rc = record_iter_next(&it, &r)) == 1) {
		int64_t ts = base_ts + (i % 3 == 2 ? -1000 * i : 7 * i);
		int32_t kl = i % 5 == 0 ? -1 : i % 5 == 1 ? 0 : i % 7 + 1;
		int32_t vl = i % 4 == 3 ? -1 : i % 11 == 0 ? (int32_t)big : i % 13;
		fill(data, (size_t)(vl > 0 ? vl : 0), (unsigned)i);
		int64_t want_ts = o->log_append_time ? max_ts : ts;
		if (r.offset != 1000 + i || r.timestamp != want_ts || r.key_len != kl ||
		    r.value_len != vl || r.header_count != i % 4 || r.attributes != 0)
			bad++;
		if ((kl < 0) != (r.key == NULL) || (vl < 0) != (r.value == NULL))
			bad++;
		if (kl > 0 && memcmp(r.key, "kkkkkkkk", (size_t)kl))
			bad++;
		if (vl > 0 && memcmp(r.value, data, (size_t)vl))
			bad++;
		size_t cur = 0;
		struct record_header hh;
		int nh = 0, hrc;
		while ((hrc = record_header_next(&r, &cur, &hh)) == 1) {
			if (nh == 0 && (hh.key_len != 2 || memcmp(hh.key, "h0", 2) ||
					hh.value_len != 3 || memcmp(hh.value, "abc", 3)))
				bad++;
			if (nh == 1 && (hh.key_len != 0 || hh.value_len != -1 || hh.value))
				bad++;
			if (nh == 2 && (hh.key_len != 2 || hh.value_len != 0 || !hh.value))
				bad++;
			nh++;
		}
		if (hrc != 0 || nh != i % 4)
			bad++;
		i++;
	}
	is_int(rc, 0, "%s: iteration ends cleanly", name);
	is_int(i, count, "%s: all records returned", name);
	is_int(bad, 0, "%s: every field matches", name);
	record_iter_release(&it);
	free(data);
	buf_release(&out);
}

static void test_round_trips(void)
{
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	round_trip("one record", &o, 1, 10);
	round_trip("small", &o, 12, 100);
	round_trip("many records", &o, 5000, 300);
	round_trip("large values", &o, 23, 3 << 20);
	o.log_append_time = 1;
	round_trip("LogAppendTime", &o, 40, 50);
	o.log_append_time = 0;
	o.transactional = 1;
	o.producer_id = 4242;
	o.producer_epoch = 7;
	o.base_sequence = 99;
	o.leader_epoch = 3;
	round_trip("idempotent transactional", &o, 9, 20);
	for (int c = CODEC_GZIP; c < CODEC_COUNT; c++) {
		struct batch_opts oc = BATCH_OPTS_DEFAULT;
		char name[64];
		oc.codec = c;
		snprintf(name, sizeof(name), "%s small", codec_name(c));
		round_trip(name, &oc, 12, 100);
		snprintf(name, sizeof(name), "%s many", codec_name(c));
		round_trip(name, &oc, 3000, 70000);
		oc.log_append_time = 1;
		snprintf(name, sizeof(name), "%s LogAppendTime", codec_name(c));
		round_trip(name, &oc, 5, 10);
	}
}

static void test_empty_and_explicit(void)
{
	struct batch_builder b;
	struct buf out = BUF_INIT;
	batch_builder_init(&b, NULL);
	is_int(batch_builder_finish(&b, 0, -1, &out), 0, "empty batch builds");
	is_int(out.len, BATCH_HEADER_SIZE, "empty batch is a bare header");
	is_int(batch_validate(out.data, out.len, 0, NULL), 0, "empty batch validates");
	is_int(batch_validate_records(out.data, out.len, 0), 0, "empty batch records validate");
	batch_builder_release(&b);

	/* Compaction keeps offsets: explicit deltas, preserved lastOffsetDelta. */
	buf_reset(&out);
	batch_builder_init(&b, NULL);
	batch_builder_add(&b, 10, 2, "a", 1, "1", 1, NULL, 0);
	batch_builder_add(&b, 11, 5, "b", 1, "2", 1, NULL, 0);
	batch_builder_add(&b, 12, -1, "c", 1, "3", 1, NULL, 0);
	is_int(batch_builder_finish(&b, 100, 9, &out), 0, "explicit deltas build");
	batch_builder_release(&b);
	struct batch_header h;
	is_int(batch_validate(out.data, out.len, 0, &h), 0, "explicit deltas validate");
	is_int(h.last_offset_delta, 9, "lastOffsetDelta override kept");
	is_int(batch_validate_records(out.data, out.len, 0), 0, "explicit deltas records validate");
	struct record_iter it;
	struct record r;
	record_iter_init(&it, out.data, out.len, 0);
	int64_t offs[3] = { 0 };
	for (int i = 0; i < 3 && record_iter_next(&it, &r) == 1; i++)
		offs[i] = r.offset;
	record_iter_release(&it);
	ok(offs[0] == 102 && offs[1] == 105 && offs[2] == 106, "offsets 102 105 106");

	/* An override below the last record's delta is refused by validation. */
	buf_reset(&out);
	batch_builder_init(&b, NULL);
	batch_builder_add(&b, 10, -1, "a", 1, "1", 1, NULL, 0);
	batch_builder_add(&b, 10, -1, "a", 1, "1", 1, NULL, 0);
	batch_builder_finish(&b, 0, 0, &out);
	batch_builder_release(&b);
	is_int(batch_validate_records(out.data, out.len, 0), KAF_ECORRUPT,
	       "record delta past lastOffsetDelta is corrupt");
	buf_release(&out);
}

static void test_log_append_time_patch(void)
{
	struct batch_builder b;
	struct buf out = BUF_INIT;
	batch_builder_init(&b, NULL);
	batch_builder_add(&b, 5, -1, "a", 1, "1", 1, NULL, 0);
	batch_builder_add(&b, 3, -1, "b", 1, "2", 1, NULL, 0);
	batch_builder_finish(&b, 0, -1, &out);
	batch_builder_release(&b);
	batch_set_log_append_time(out.data, out.len, 777);
	struct batch_header h;
	is_int(batch_validate(out.data, out.len, 0, &h), 0, "patched batch validates");
	struct record_iter it;
	struct record r;
	record_iter_init(&it, out.data, out.len, 0);
	int n = 0, all = 1;
	while (record_iter_next(&it, &r) == 1) {
		n++;
		all &= r.timestamp == 777;
	}
	record_iter_release(&it);
	ok(n == 2 && all, "LogAppendTime: every record reads maxTimestamp");
	buf_release(&out);
}

static void test_control(void)
{
	struct buf out = BUF_INIT;
	buf_append(&out, "zz", 2);
	is_int(batch_build_control(&out, 50, 1234, 5, CONTROL_COMMIT, 17, 99999), 0,
	       "commit marker builds");
	const uint8_t *p = out.data + 2;
	size_t n = out.len - 2;
	struct batch_header h;
	is_int(batch_validate(p, n, 0, &h), 0, "control batch validates");
	is_int(h.attributes, BATCH_ATTR_TRANSACTIONAL | BATCH_ATTR_CONTROL, "attributes 0x30");
	is_int(h.producer_id, 1234, "control producerId");
	is_int(h.producer_epoch, 5, "control producerEpoch");
	is_int(h.base_sequence, -1, "control baseSequence -1");
	is_int(h.records_count, 1, "one record");
	is_int(h.last_offset_delta, 0, "lastOffsetDelta 0");
	is_int(h.base_timestamp, 99999, "control baseTimestamp");
	is_int(h.max_timestamp, 99999, "control maxTimestamp");
	is_int(batch_validate_records(p, n, 0), 0, "control records validate");
	struct record_iter it;
	struct record r;
	record_iter_init(&it, p, n, 0);
	is_int(record_iter_next(&it, &r), 1, "control record");
	static const uint8_t key[4] = { 0, 0, 0, 1 }, value[6] = { 0, 0, 0, 0, 0, 17 };
	ok(r.key_len == 4 && !memcmp(r.key, key, 4), "control key 00 00 00 01");
	ok(r.value_len == 6 && !memcmp(r.value, value, 6), "control value version 0 epoch 17");
	int16_t type = -1;
	is_int(control_record_type(&r, &type), 0, "control type decodes");
	is_int(type, CONTROL_COMMIT, "type COMMIT");
	is_int(r.offset, 50, "marker offset");
	record_iter_release(&it);

	buf_reset(&out);
	batch_build_control(&out, 0, 1, 0, CONTROL_ABORT, 0, 0);
	record_iter_init(&it, out.data, out.len, 0);
	record_iter_next(&it, &r);
	type = -1;
	is_int(control_record_type(&r, &type), 0, "abort type decodes");
	is_int(type, CONTROL_ABORT, "type ABORT");
	record_iter_release(&it);

	/* A non-control record with a short key is not a control key. */
	struct record fake = { .key_len = 3, .key = key };
	is_int(control_record_type(&fake, &type), KAF_ECORRUPT, "3-byte control key refused");
	fake.key_len = -1;
	fake.key = NULL;
	is_int(control_record_type(&fake, &type), KAF_ECORRUPT, "null control key refused");
	static const uint8_t negver[4] = { 0xff, 0xff, 0, 1 };
	fake.key = negver;
	fake.key_len = 4;
	is_int(control_record_type(&fake, &type), KAF_ECORRUPT, "negative key version refused");

	/* A control batch of two records, or with a 5-byte key, fails validation. */
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	o.control = o.transactional = 1;
	struct batch_builder b;
	buf_reset(&out);
	batch_builder_init(&b, &o);
	batch_builder_add(&b, 0, -1, key, 4, value, 6, NULL, 0);
	batch_builder_add(&b, 0, -1, key, 4, value, 6, NULL, 0);
	batch_builder_finish(&b, 0, -1, &out);
	batch_builder_release(&b);
	is_int(batch_validate_records(out.data, out.len, 0), KAF_ECORRUPT,
	       "control batch with two records refused");
	buf_reset(&out);
	batch_builder_init(&b, &o);
	batch_builder_add(&b, 0, -1, "\0\0\0\1\1", 5, value, 6, NULL, 0);
	batch_builder_finish(&b, 0, -1, &out);
	batch_builder_release(&b);
	is_int(batch_validate_records(out.data, out.len, 0), KAF_ECORRUPT,
	       "control record with a 5-byte key refused");
	buf_release(&out);
}

/* Compressed batches are inflated under the caller's limit. */
static void test_uncompressed_limit(void)
{
	size_t vlen = 2 << 20;
	uint8_t *v = calloc(1, vlen);
	for (int c = CODEC_GZIP; c < CODEC_COUNT; c++) {
		struct batch_opts o = BATCH_OPTS_DEFAULT;
		o.codec = c;
		struct batch_builder b;
		struct buf out = BUF_INIT;
		batch_builder_init(&b, &o);
		batch_builder_add(&b, 1, -1, "k", 1, v, (int32_t)vlen, NULL, 0);
		batch_builder_finish(&b, 0, -1, &out);
		batch_builder_release(&b);
		ok(out.len < vlen / 20, "%s: 2 MiB of zeros make a small batch (%zu bytes)",
		   codec_name(c), out.len);
		is_int(batch_validate_records(out.data, out.len, 1 << 20), KAF_ETOOBIG,
		       "%s: records over the limit are KAF_ETOOBIG", codec_name(c));
		struct record_iter it;
		is_int(record_iter_init(&it, out.data, out.len, 1 << 20), KAF_ETOOBIG,
		       "%s: iterator refuses them too", codec_name(c));
		is_int(it.inflated.cap, 0, "%s: and keeps no buffer", codec_name(c));
		record_iter_release(&it);
		is_int(batch_validate_records(out.data, out.len, 3 << 20), 0,
		       "%s: fine under a 3 MiB limit", codec_name(c));
		buf_release(&out);
	}
	free(v);
}

int main(void)
{
	test_hand_batch();
	test_round_trips();
	test_empty_and_explicit();
	test_log_append_time_patch();
	test_control();
	test_uncompressed_limit();
	return tap_done();
}
