/*
 * Opening a log whose index files or directory need care: segments below
 * the recovery point with zero-filled, missing, out-of-range or unsorted
 * index files (rebuilt, or corruption found while rebuilding), an index
 * entry that disagrees with the log (reads stay right), leftovers of other
 * operations, a torn tail after a "clean" shutdown, recovery points and log
 * start offsets beyond the data, and an empty directory.
 */
#include "tests/unit/log/logtest.h"
#include "core/base/say.h"

static struct log_config cfg;
static char dir[300];
static int64_t bases[4];
static int nsegs;
static int64_t leo;

/* Three segments of eight batches each, closed cleanly. */
static void build(const char *name)
{
	struct log *l;
	snprintf(dir, sizeof(dir), "%s/%s", tmp_root, name);
	if (open_log(dir, &cfg, 0, -1, 0, &l, NULL))
		exit(1);
	nsegs = 0;
	for (int s = 0; s < 3; s++) {
		if (s)
			log_roll(l, T0);
		bases[nsegs++] = log_end_offset(l);
		for (int b = 0; b < 8; b++)
			append_one(l, 2, T0 + 100 * (s * 8 + b), 40, T0);
	}
	leo = log_end_offset(l);
	log_flush(l);
	log_close(l);
}

static int reads_all_right(struct log *l)
{
	int64_t end = log_end_offset(l);
	for (int64_t o = log_start_offset(l); o < end; o++) {
		struct log_slice s;
		int good = !log_read(l, o, 1, end, &s) && slice_check(&s, o) == 1;
		log_slice_release(&s);
		if (!good)
			return 0;
	}
	return 1;
}

static int all_indexes_right(void)
{
	int good = 1;
	for (int s = 0; s < nsegs; s++)
		good &= index_files_match_oracle(dir, bases[s], cfg.index_interval_bytes);
	return good;
}

static void append_bytes(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	write_full(fd, p, n);
	close(fd);
}

static void test_bad_indexes(void)
{
	struct log *l;
	struct log_recovery rep;
	static const uint8_t zeros[4096];
	build("badidx");
	/* Segment 0: preallocated tail left by a crash. Segment 1: no .timeindex. */
	append_bytes(seg_path(dir, bases[0], ".index"), zeros, sizeof(zeros));
	unlink(seg_path(dir, bases[1], ".timeindex"));
	is_int(open_log(dir, &cfg, leo, -1, 0, &l, &rep), 0, "open with bad indexes below the recovery point");
	is_int(rep.segments_scanned, 1, "only the active segment scanned");
	is_int(rep.indexes_rebuilt, 3, "two bad ones rebuilt, plus the scanned one");
	is_int(rep.bytes_truncated, 0, "nothing cut");
	ok(reads_all_right(l), "reads right");
	log_close(l);
	ok(all_indexes_right(), "index files rebuilt exactly");

	/* An entry past the end of the log, and entries out of order. */
	struct buf ix = BUF_INIT;
	file_read_all(seg_path(dir, bases[0], ".index"), 1 << 20, &ix);
	ok(ix.len >= 16, "segment 0 has index entries");
	struct buf bad = BUF_INIT;
	buf_append(&bad, ix.data, ix.len);
	be32_put(bad.data + bad.len - 4, 1 << 30);
	FILE *f = fopen(seg_path(dir, bases[0], ".index"), "wb");
	fwrite(bad.data, 1, bad.len, f);
	fclose(f);
	is_int(open_log(dir, &cfg, leo, -1, 1, &l, &rep), 0, "entry past the log's end");
	is_int(rep.indexes_rebuilt, 1, "rebuilt, even after a clean shutdown");
	log_close(l);
	buf_reset(&bad);
	buf_append(&bad, ix.data, ix.len);
	memcpy(bad.data, ix.data + 8, 8);
	memcpy(bad.data + 8, ix.data, 8);
	f = fopen(seg_path(dir, bases[0], ".index"), "wb");
	fwrite(bad.data, 1, bad.len, f);
	fclose(f);
	is_int(open_log(dir, &cfg, leo, -1, 1, &l, &rep), 0, "entries out of order");
	is_int(rep.indexes_rebuilt, 1, "rebuilt");
	log_close(l);
	ok(all_indexes_right(), "index files right again");

	/* A middle entry naming an offset below its batch: lookups must not trust it. */
	buf_reset(&bad);
	buf_append(&bad, ix.data, ix.len);
	uint32_t rel0 = be32_get(ix.data), rel1 = be32_get(ix.data + 8);
	ok(rel1 > rel0 + 1, "room to lower an entry");
	be32_put(bad.data + 8, rel1 - 1);
	f = fopen(seg_path(dir, bases[0], ".index"), "wb");
	fwrite(bad.data, 1, bad.len, f);
	fclose(f);
	is_int(open_log(dir, &cfg, leo, -1, 1, &l, &rep), 0, "an entry that disagrees in the middle");
	is_int(rep.indexes_rebuilt, 0, "passes the open-time check");
	ok(reads_all_right(l), "reads still right");
	log_close(l);

	/* A bad index on a segment whose data is damaged: the rebuild finds corruption. */
	unlink(seg_path(dir, bases[0], ".index"));
	struct buf log0 = BUF_INIT;
	file_read_all(seg_path(dir, bases[0], ".log"), 1 << 20, &log0);
	log0.data[log0.len - 3] ^= 0x10;
	f = fopen(seg_path(dir, bases[0], ".log"), "wb");
	fwrite(log0.data, 1, log0.len, f);
	fclose(f);
	is_int(open_log(dir, &cfg, leo, -1, 0, &l, &rep), KAF_ECORRUPT, "corrupt flushed segment found");
	ok(rep.corrupt_offset > 0 && rep.corrupt_offset < bases[1], "in segment 0");
	is_int(file_size(seg_path(dir, bases[0], ".index")), -1, "nothing written");
	buf_release(&ix);
	buf_release(&bad);
	buf_release(&log0);
}

static void test_leftovers(void)
{
	struct log *l;
	struct log_recovery rep;
	build("leftovers");
	static const char *const junk[] = {
		"00000000000000099999.index", "00000000000000099999.timeindex",
		"00000000000000099999.txnindex", "00000000000000000000.log.deleted",
		"00000000000000000016.index.deleted", "00000000000000000000.log.cleaned",
	};
	char p[400];
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		snprintf(p, sizeof(p), "%s/t-0/%s", dir, junk[i]);
		append_bytes(p, "x", 1);
	}
	snprintf(p, sizeof(p), "%s/t-0/00000000000000000016.log.swap", dir);
	append_bytes(p, "x", 1);
	snprintf(p, sizeof(p), "%s/t-0/leader-epoch-checkpoint", dir);
	append_bytes(p, "0\n0\n", 4);
	is_int(open_log(dir, &cfg, leo, -1, 1, &l, &rep), 0, "open with leftovers");
	is_int(log_segment_count(l), 3, "three segments");
	int gone = 0;
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		snprintf(p, sizeof(p), "%s/t-0/%s", dir, junk[i]);
		gone += file_size(p) < 0;
	}
	is_int(gone, sizeof(junk) / sizeof(junk[0]), "orphan indexes and leftovers removed");
	snprintf(p, sizeof(p), "%s/t-0/00000000000000000016.log.swap", dir);
	ok(file_size(p) == 1, "a .swap file is left for compaction's recovery");
	snprintf(p, sizeof(p), "%s/t-0/leader-epoch-checkpoint", dir);
	ok(file_size(p) == 4, "other files untouched");
	log_close(l);
}

static void test_clean_but_torn(void)
{
	struct log *l;
	struct log_recovery rep;
	build("cleantorn");
	int64_t size = file_size(seg_path(dir, bases[2], ".log"));
	append_bytes(seg_path(dir, bases[2], ".log"), "torn", 4);
	is_int(open_log(dir, &cfg, leo, -1, 1, &l, &rep), KAF_ECORRUPT,
	       "torn tail after a clean shutdown is corruption");
	is_int(file_size(seg_path(dir, bases[2], ".log")), size + 4, "file left as it was");
	is_int(open_log(dir, &cfg, leo, -1, 0, &l, &rep), 0, "as an unclean stop");
	is_int(rep.bytes_truncated, 4, "the four bytes are cut");
	is_int(log_end_offset(l), leo, "log end");
	log_close(l);
}

static void test_offsets_beyond(void)
{
	struct log *l;
	struct log_recovery rep;
	build("beyond");
	is_int(open_log(dir, &cfg, leo + 100, leo + 50, 0, &l, &rep), 0,
	       "recovery point and log start beyond the data");
	is_int(log_recovery_point(l), leo, "recovery point clamped");
	is_int(log_start_offset(l), leo, "log start clamped");
	log_close(l);
	is_int(open_log(dir, &cfg, 0, 10, 0, &l, &rep), 0, "log start inside");
	is_int(log_start_offset(l), 10, "kept");
	log_close(l);

	snprintf(dir, sizeof(dir), "%s/empty", tmp_root);
	is_int(open_log(dir, &cfg, 0, 50, 0, &l, &rep), 0, "new log with log start 50");
	ok(log_end_offset(l) == 50 && log_start_offset(l) == 50, "begins at 50");
	is_int(file_size(seg_path(dir, 50, ".log")), 0, "segment named 50");
	log_close(l);
}

/*
 * After a crash the segment holding the recovery point is scanned from its
 * last index entry below that point, and the indexes come out as a full
 * rebuild would make them, also after more appends. A damaged batch at that
 * entry sends the scan back to the start.
 */
static void test_resume_scan(void)
{
	struct log_config big;
	struct log *l;
	struct log_recovery rep;
	int64_t rp = -1;
	cfg_small(&big);
	big.segment_bytes = 1 << 20;
	big.segment_index_bytes = 1 << 16;
	big.index_interval_bytes = 300;
	snprintf(dir, sizeof(dir), "%s/resume", tmp_root);
	if (open_log(dir, &big, 0, -1, 0, &l, NULL))
		exit(1);
	for (int b = 0; b < 200; b++) {
		/* Timestamps go up and down so the time index skips batches. */
		append_one(l, 1 + b % 3, T0 + 1000 * b - (b % 4) * 1500, 50 + b % 7 * 20, T0);
		if (b == 149) {
			log_flush(l);
			rp = log_end_offset(l);
		}
	}
	leo = log_end_offset(l);
	log_close(l);
	bases[0] = 0;
	nsegs = 1;
	is_int(open_log(dir, &big, rp, -1, 0, &l, &rep), 0, "reopen after a crash, recovery point mid-segment");
	ok(rep.bytes_skipped > 0, "the durable head is not scanned again");
	is_int(log_end_offset(l), leo, "every batch is there");
	ok(reads_all_right(l), "reads right");
	for (int b = 0; b < 40; b++)
		append_one(l, 2, T0 + 500000 + 700 * b, 90, T0);
	leo = log_end_offset(l);
	log_close(l);
	ok(index_files_match_oracle(dir, 0, big.index_interval_bytes),
	   "indexes equal a full rebuild, appends after the restart included");

	/* Damage the batch the last kept entry points at: a full scan finds it. */
	struct buf ix = BUF_INIT;
	int32_t rel = 0, pos = -1;
	if (!file_read_all(seg_path(dir, 0, ".index"), 1 << 20, &ix) && ix.len >= 6 * 8) {
		rel = (int32_t)be32_get(ix.data + 5 * 8);
		pos = (int32_t)be32_get(ix.data + 5 * 8 + 4);
	}
	buf_release(&ix);
	ok(pos > 0, "a sixth index entry");
	int fd = open(seg_path(dir, 0, ".log"), O_WRONLY);
	static const uint8_t junk[4] = { 1, 2, 3, 4 };
	ok(fd >= 0 && pwrite(fd, junk, sizeof(junk), pos + 70) == (ssize_t)sizeof(junk),
	   "its batch damaged");
	close(fd);
	/* The recovery point just past it: that entry is the one a resume would use. */
	int rc = open_log(dir, &big, rel + 1, -1, 0, &l, &rep);
	is_int(rc, KAF_ECORRUPT, "the full scan finds the damage below the recovery point");
	if (!rc)
		log_close(l);
}

int main(void)
{
	tmp_make();
	say_set_level(SAY_ERROR);
	cfg_small(&cfg);
	cfg.index_interval_bytes = 200;
	test_bad_indexes();
	test_leftovers();
	test_clean_but_torn();
	test_offsets_beyond();
	test_resume_scan();
	tmp_clean();
	return tap_done();
}
