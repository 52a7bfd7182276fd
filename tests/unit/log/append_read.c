/*
 * Partition log appends and reads: offsets, rolling by size, time and full
 * index, reads from every offset, max_bytes and max_offset bounds, range
 * errors, lookups by timestamp, LogAppendTime, appends as is, flush.messages,
 * index files on disk (preallocated while active, trimmed and consistent
 * after close), and reopening after a clean and an unclean close.
 */
#include "tests/unit/log/logtest.h"
#include "core/base/bytes.h"

#include <errno.h>

#define NB 40		/* batches in the main log */
#define NREC 3
#define VSIZE 100

static const char *dir;
static struct log_config cfg;
static size_t bsize;	/* every batch of the main log has this size */
static int per_seg;	/* batches per segment */

static int64_t batch_ts(int i)
{
	return T0 + 10 * i;
}

static void test_append(struct log *l)
{
	int good = 1;
	for (int i = 0; i < NB; i++) {
		struct buf b = BUF_INIT;
		struct log_append_info info;
		make_batch(&b, NREC, batch_ts(i), VSIZE, i);
		bsize = b.len;
		int rc = log_append(l, b.data, b.len, 7, T0 + i, &info);
		if (rc || info.first_offset != i * NREC || info.last_offset != i * NREC + NREC - 1 ||
		    info.records != NREC || info.max_timestamp != batch_ts(i) + NREC - 1 ||
		    info.log_append_time != -1)
			good = 0;
		buf_release(&b);
	}
	ok(good, "offsets assigned contiguously, append info right");
	per_seg = (int)(cfg.segment_bytes / (int64_t)bsize);
	is_int(log_end_offset(l), NB * NREC, "log end offset");
	is_int(log_segment_count(l), (NB + per_seg - 1) / per_seg, "rolled by segment.bytes");
	is_int(log_size_bytes(l), (int64_t)(NB * bsize), "log size");
	int sizes_ok = 1;
	for (int s = 0; s * per_seg < NB; s++) {
		int64_t want = (int64_t)bsize * (NB - s * per_seg < per_seg ? NB - s * per_seg : per_seg);
		if (file_size(seg_path(dir, (int64_t)s * per_seg * NREC, ".log")) != want)
			sizes_ok = 0;
	}
	ok(sizes_ok, "segment files named by base offset, each within segment.bytes");
}

/* Batches a read from batch i may return with max_bytes (at least one, same segment). */
static int expect_batches(int i, size_t max_bytes)
{
	int left = per_seg - i % per_seg;
	if (NB - i < left)
		left = NB - i;
	int fit = (int)(max_bytes / bsize);
	if (fit < 1)
		fit = 1;
	return fit < left ? fit : left;
}

static void test_read_every_offset(struct log *l)
{
	static const size_t maxes[] = { 1, 500, 1000, 3000, 1 << 20 };
	int64_t leo = log_end_offset(l);
	int bad = 0;
	for (size_t m = 0; m < sizeof(maxes) / sizeof(maxes[0]); m++) {
		for (int64_t o = 0; o < leo; o++) {
			struct log_slice s;
			int rc = log_read(l, o, maxes[m], leo, &s);
			int i = (int)(o / NREC);
			int n = rc ? -1 : slice_check(&s, o);
			if (n != expect_batches(i, maxes[m]) || s.first_offset != i * NREC) {
				if (bad++ < 5)
					printf("# read %ld max %zu: rc %d batches %d want %d first %ld\n",
					       (long)o, maxes[m], rc, n, expect_batches(i, maxes[m]),
					       (long)s.first_offset);
			}
			log_slice_release(&s);
		}
	}
	ok(!bad, "a read from every offset returns whole batches from the one holding it");
}

static void test_read_bounds(struct log *l)
{
	struct log_slice s;
	int64_t leo = log_end_offset(l);
	is_int(log_read(l, 0, 1 << 20, 5, &s), 0, "read bounded by max_offset");
	is_int(slice_check(&s, 0), 2, "batch straddling max_offset included, next one not");
	is_int(s.next_offset, 6, "slice next offset");
	log_slice_release(&s);
	is_int(log_read(l, 4, 1 << 20, 4, &s), 0, "read at max_offset");
	is_int(s.len, 0, "is empty");
	is_int(log_read(l, leo, 100, leo, &s), 0, "read at the log end");
	ok(s.len == 0 && s.seg == NULL && s.next_offset == leo, "is empty");
	log_slice_release(&s);
	is_int(log_read(l, leo + 1, 100, leo, &s), KAF_ERANGE, "read past the log end");
	is_int(log_read(l, -1, 100, leo, &s), KAF_ERANGE, "read below the log start");
	is_int(log_read(l, 0, 0, leo, &s), 0, "max_bytes 0");
	is_int(slice_check(&s, 0), 1, "still returns one batch");
	log_slice_release(&s);

	/* Leader epoch patched, CRC intact (slice_check validated it). */
	struct buf b = BUF_INIT;
	is_int(log_read(l, 10, 1, leo, &s), 0, "read one batch");
	slice_bytes(&s, &b);
	is_int((int32_t)be32_get(b.data + BATCH_OFF_LEADER_EPOCH), 7, "leader epoch written");
	is_int((int64_t)be64_get(b.data), 9, "base offset written");
	log_slice_release(&s);
	buf_release(&b);
}

static void test_timestamps(struct log *l)
{
	int bad = 0;
	for (int i = 0; i < NB; i++) {
		for (int j = 0; j < NREC; j++) {
			int64_t off = -1, ts = -1;
			int rc = log_offset_for_timestamp(l, batch_ts(i) + j, &off, &ts);
			if (rc || off != i * NREC + j || ts != batch_ts(i) + j)
				bad++;
		}
		int64_t off = -1, ts = -1;
		int rc = log_offset_for_timestamp(l, batch_ts(i) + 5, &off, &ts);
		if (i + 1 < NB && (rc || off != (i + 1) * NREC || ts != batch_ts(i + 1)))
			bad++;
		if (i + 1 == NB && rc != KAF_ENOTFOUND)
			bad++;
	}
	ok(!bad, "every record found by its timestamp; gaps give the next record");
	int64_t off, ts;
	is_int(log_offset_for_timestamp(l, 0, &off, &ts), 0, "timestamp before all");
	is_int(off, 0, "gives offset 0");
	is_int(log_offset_for_timestamp(l, batch_ts(NB), &off, &ts), KAF_ENOTFOUND,
	       "timestamp after all: not found");
}

static int check_index_files(int64_t base)
{
	return index_files_match_oracle(dir, base, cfg.index_interval_bytes);
}

static void test_index_files(void)
{
	int good = 1, entries = 0;
	for (int s = 0; s * per_seg < NB; s++) {
		int64_t base = (int64_t)s * per_seg * NREC;
		good &= check_index_files(base);
		entries += (int)(file_size(seg_path(dir, base, ".index")) / 8);
	}
	ok(good, "index files trimmed to their entries and consistent with the log");
	ok(entries > NB / 4, "offset index has entries (%d)", entries);
}

static void test_reopen(void)
{
	struct log *l;
	struct log_recovery rep;
	int64_t leo = NB * NREC;
	is_int(open_log(dir, &cfg, leo, -1, 1, &l, &rep), 0, "reopen after clean close");
	is_int(rep.segments_scanned, 0, "nothing scanned");
	is_int(rep.indexes_rebuilt, 0, "no index rebuilt");
	is_int(log_end_offset(l), leo, "log end offset kept");
	is_int(log_recovery_point(l), leo, "recovery point at the end");
	test_read_every_offset(l);
	test_timestamps(l);
	is_int(append_one(l, NREC, batch_ts(NB), VSIZE, T0), leo, "append continues");
	is_int(log_flush(l), 0, "flush");
	is_int(log_recovery_point(l), leo + NREC, "flush moves the recovery point");
	is_int(log_truncate_to(l, leo), 0, "truncate the extra batch away");
	log_close(l);

	is_int(open_log(dir, &cfg, 0, -1, 0, &l, &rep), 0, "reopen after unclean stop");
	is_int(rep.segments_scanned, log_segment_count(l), "every segment scanned from 0");
	is_int(rep.indexes_rebuilt, log_segment_count(l), "indexes rebuilt");
	is_int(rep.bytes_truncated, 0, "nothing cut");
	is_int(rep.truncated_at_offset, -1, "no cut offset");
	is_int(log_end_offset(l), leo, "log end offset kept");
	is_int(log_recovery_point(l), 0, "recovery point stays until a flush");
	log_close(l);
	test_index_files();

	/* The active segment's index files are preallocated while it takes appends. */
	is_int(open_log(dir, &cfg, leo, -1, 1, &l, &rep), 0, "reopen");
	int64_t act = (int64_t)(NB / per_seg) * per_seg * NREC;
	is_int(append_one(l, NREC, batch_ts(NB), VSIZE, T0), leo, "append");
	is_int(file_size(seg_path(dir, act, ".index")), 4096, "active .index preallocated");
	is_int(file_size(seg_path(dir, act, ".timeindex")), 4092, "active .timeindex preallocated");
	log_close(l);
	ok(file_size(seg_path(dir, act, ".index")) < 4096, "trimmed after close");
	ok(check_index_files(act), "and consistent with the log");
}

static void test_time_roll(const char *root)
{
	char d[300];
	struct log *l;
	struct log_config c;
	cfg_small(&c);
	c.segment_bytes = 1 << 20;
	c.segment_ms = 1000;
	snprintf(d, sizeof(d), "%s/timeroll", root);
	is_int(open_log(d, &c, 0, -1, 0, &l, NULL), 0, "open");
	append_one(l, 1, T0, 10, T0);
	append_one(l, 1, T0, 10, T0 + 1000);
	is_int(log_segment_count(l), 1, "no roll at exactly segment.ms");
	append_one(l, 1, T0, 10, T0 + 1001);
	is_int(log_segment_count(l), 2, "append after segment.ms rolls");
	is_int(log_maybe_roll(l, T0 + 1500), 0, "maybe_roll early");
	is_int(log_segment_count(l), 2, "does nothing");
	is_int(log_maybe_roll(l, T0 + 2002), 0, "maybe_roll late");
	is_int(log_segment_count(l), 3, "rolls");
	is_int(log_maybe_roll(l, T0 + 9000), 0, "maybe_roll on an empty segment");
	is_int(log_roll(l, T0), 0, "roll on an empty segment");
	is_int(log_segment_count(l), 3, "does nothing");
	is_int(log_end_offset(l), 3, "log end");
	log_close(l);
}

static void test_index_full_roll(const char *root)
{
	char d[300];
	struct log *l;
	struct log_config c;
	cfg_small(&c);
	c.segment_bytes = 1 << 20;
	c.segment_index_bytes = 24;	/* 3 offset entries, 2 time entries */
	c.index_interval_bytes = 0;	/* entries from the second batch on */
	snprintf(d, sizeof(d), "%s/idxfull", root);
	is_int(open_log(d, &c, 0, -1, 0, &l, NULL), 0, "open");
	for (int i = 0; i < 6; i++)
		append_one(l, 1, T0 + i, 10, T0);
	/* Batches 2 and 3 fill the time index (3 offset entries would fit). */
	is_int(log_segment_count(l), 2, "rolled when the time index was full");
	struct log_slice sl;
	is_int(log_read(l, 3, 1, log_end_offset(l), &sl), 0, "read offset 3");
	is_int(sl.first_offset, 3, "offset 3 starts the second segment");
	log_slice_release(&sl);
	log_close(l);
}

static void test_flush_messages(const char *root)
{
	char d[300];
	struct log *l;
	struct log_config c;
	cfg_small(&c);
	c.flush_messages = 5;
	snprintf(d, sizeof(d), "%s/flushmsg", root);
	is_int(open_log(d, &c, 0, -1, 0, &l, NULL), 0, "open");
	append_one(l, 3, T0, 10, T0);
	is_int(log_recovery_point(l), 0, "3 messages: not flushed");
	append_one(l, 3, T0, 10, T0);
	is_int(log_recovery_point(l), 6, "6 messages: flushed");
	log_close(l);
}

static void test_log_append_time(const char *root)
{
	char d[300];
	struct log *l;
	struct log_config c;
	struct log_slice s;
	struct buf b = BUF_INIT, got = BUF_INIT;
	struct log_append_info info;
	cfg_small(&c);
	c.log_append_time = 1;
	snprintf(d, sizeof(d), "%s/lat", root);
	is_int(open_log(d, &c, 0, -1, 0, &l, NULL), 0, "open");
	make_batch(&b, 2, T0, 10, 1);
	is_int(log_append(l, b.data, b.len, 0, T0 + 777, &info), 0, "append");
	is_int(info.log_append_time, T0 + 777, "log append time reported");
	is_int(info.max_timestamp, T0 + 777, "max timestamp is the append time");
	is_int(log_read(l, 0, 1000, 2, &s), 0, "read");
	is_int(slice_check(&s, 0), 1, "batch valid after the CRC was redone");
	slice_bytes(&s, &got);
	is_int((int64_t)be64_get(got.data + BATCH_OFF_MAX_TIMESTAMP), T0 + 777, "maxTimestamp on disk");
	ok(be16_get(got.data + BATCH_OFF_ATTRIBUTES) & BATCH_ATTR_LOG_APPEND_TIME, "timestamp type bit");
	int64_t off, ts;
	is_int(log_offset_for_timestamp(l, T0 + 100, &off, &ts), 0, "lookup by time");
	ok(off == 0 && ts == T0 + 777, "records carry the append time");
	log_slice_release(&s);
	log_close(l);
	buf_release(&b);
	buf_release(&got);
}

static void test_as_is(const char *root)
{
	char d[300];
	struct log *l;
	struct log_slice s;
	struct buf b = BUF_INIT;
	struct log_config c;
	cfg_small(&c);
	snprintf(d, sizeof(d), "%s/asis", root);
	is_int(open_log(d, &c, 0, -1, 0, &l, NULL), 0, "open");
	make_batch(&b, 2, T0, 10, 1);
	batch_set_base_offset(b.data, 100);
	is_int(log_append_as_is(l, b.data, b.len, T0), 0, "append as is at 100");
	is_int(log_end_offset(l), 102, "log end after the batch");
	is_int(log_append_as_is(l, b.data, b.len, T0), KAF_ERANGE, "offset below the end refused");
	is_int(log_read(l, 50, 1000, 102, &s), 0, "read in the gap");
	ok(s.first_offset == 100 && slice_check(&s, 50) == 1, "gives the batch after the gap");
	log_slice_release(&s);
	batch_set_base_offset(b.data, 102 + (1LL << 32));
	is_int(log_append_as_is(l, b.data, b.len, T0), 0, "append as is past 2^32 offsets away");
	is_int(log_segment_count(l), 2, "starts a new segment");
	ok(file_size(seg_path(d, 102 + (1LL << 32), ".log")) == (int64_t)b.len,
	   "named by the batch's base offset");
	struct buf two = BUF_INIT;
	make_batch(&two, 1, T0, 5, 2);
	make_batch(&two, 1, T0, 5, 3);
	size_t first = two.len / 2;
	batch_set_base_offset(two.data, log_end_offset(l) + 10);
	batch_set_base_offset(two.data + first, log_end_offset(l) + 10);
	is_int(log_append_as_is(l, two.data, two.len, T0), KAF_ERANGE,
	       "batches not increasing refused");
	log_close(l);
	is_int(open_log(d, &c, 0, -1, 0, &l, NULL), 0, "reopen with a full scan");
	is_int(log_end_offset(l), 104 + (1LL << 32), "log end offset after reopen");
	log_close(l);
	buf_release(&b);
	buf_release(&two);
}

static void test_big_batch(const char *root)
{
	char d[300];
	struct log *l;
	struct log_slice s;
	struct log_config c;
	cfg_small(&c);
	snprintf(d, sizeof(d), "%s/big", root);
	is_int(open_log(d, &c, 0, -1, 0, &l, NULL), 0, "open");
	append_one(l, 1, T0, 100, T0);
	is_int(append_one(l, 2, T0, 6000, T0), 1, "a batch larger than segment.bytes");
	append_one(l, 1, T0, 100, T0);
	is_int(log_segment_count(l), 3, "gets a segment of its own");
	is_int(log_read(l, 1, 100, log_end_offset(l), &s), 0, "read it with small max_bytes");
	ok(slice_check(&s, 1) == 1 && s.len > 12000, "returned whole");
	log_slice_release(&s);
	log_close(l);
}

int main(void)
{
	const char *root = tmp_make();
	struct log *l;
	struct log_recovery rep;
	char d[300];
	snprintf(d, sizeof(d), "%s/main", root);
	dir = d;
	cfg_small(&cfg);
	is_int(open_log(dir, &cfg, 0, -1, 0, &l, &rep), 0, "create a log");
	is_int(log_end_offset(l), 0, "empty log ends at 0");
	is_int(log_segment_count(l), 1, "one segment");
	is_int(file_size(seg_path(dir, 0, ".log")), 0, "00000000000000000000.log exists");
	is_int(file_size(seg_path(dir, 0, ".index")), 0, "its .index exists");
	is_int(file_size(seg_path(dir, 0, ".timeindex")), 0, "its .timeindex exists");
	test_append(l);
	test_read_every_offset(l);
	test_read_bounds(l);
	test_timestamps(l);
	is_int(log_flush(l), 0, "flush");
	log_close(l);
	test_index_files();
	test_reopen();
	test_time_roll(root);
	test_index_full_roll(root);
	test_flush_messages(root);
	test_log_append_time(root);
	test_as_is(root);
	test_big_batch(root);

	struct log_open_args bad = { .topic = "no/slash", .partition = 0, .create = 1 };
	is_int(log_open(root, &cfg, &bad, &l, NULL), KAF_ECONFIG, "illegal topic name refused");
	struct log_open_args missing = { .topic = "absent", .partition = 0 };
	is_int(log_open(root, &cfg, &missing, &l, NULL), -ENOENT, "missing log without create");
	tmp_clean();
	return tap_done();
}
