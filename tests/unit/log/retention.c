/*
 * Removing data: retention by time and by size, the log start offset (from
 * the checkpoint and from DeleteRecords), truncation for followers, and a
 * reader holding a slice of a segment that retention deletes.
 */
#include "tests/unit/log/logtest.h"

#include <errno.h>
#include <pthread.h>

#define NSEG 5
#define PER 2		/* batches per segment, one record each */

static struct log_config cfg;
static char dir[300];
static int64_t seg_size;

/* A log of NSEG segments; segment s holds offsets 2s, 2s+1 with timestamp T0 + 1000 s. */
static struct log *build(const char *name, int64_t start)
{
	struct log *l;
	snprintf(dir, sizeof(dir), "%s/%s", tmp_root, name);
	if (open_log(dir, &cfg, 0, start, 0, &l, NULL))
		return NULL;
	for (int s = 0; s < NSEG; s++) {
		if (s)
			log_roll(l, T0);
		for (int b = 0; b < PER; b++)
			append_one(l, 1, T0 + 1000 * s, 50, T0);
	}
	seg_size = log_size_bytes(l) / NSEG;
	return l;
}

static int segs_on_disk(int from, int to)
{
	int n = 0;
	for (int s = from; s < to; s++)
		n += file_size(seg_path(dir, (int64_t)s * PER, ".log")) >= 0;
	return n;
}

static void test_time(void)
{
	struct log_retention_result res;
	struct log *l = build("time", -1);
	struct log_slice s;
	cfg.retention_ms = 1000;
	log_set_config(l, &cfg);
	is_int(log_enforce_retention(l, T0 + 2500, &res), 0, "retention by time");
	is_int(res.segments_deleted, 2, "two segments older than retention.ms");
	is_int(res.bytes_deleted, 2 * seg_size, "their bytes");
	is_int(log_segment_count(l), 3, "three left");
	is_int(segs_on_disk(0, 2), 0, "their files are gone");
	is_int(segs_on_disk(2, NSEG), 3, "the others stay");
	is_int(log_start_offset(l), 4, "log start moves to the first segment left");
	is_int(log_read(l, 3, 100, 10, &s), KAF_ERANGE, "reading below the start fails");
	is_int(log_read(l, 4, 100, 10, &s), 0, "reading at the start works");
	is_int(slice_check(&s, 4), 1, "one batch");
	log_slice_release(&s);
	is_int(log_enforce_retention(l, T0 + 1000000, &res), 0, "everything expired");
	is_int(log_segment_count(l), 1, "the active segment stays");
	is_int(log_start_offset(l), 8, "start at the active segment");
	is_int(log_end_offset(l), 10, "end unchanged");
	log_close(l);
	cfg.retention_ms = -1;
}

static void test_bytes(void)
{
	struct log_retention_result res;
	struct log *l = build("bytes", -1);
	cfg.retention_bytes = seg_size * 5 / 2;
	log_set_config(l, &cfg);
	is_int(log_enforce_retention(l, T0, &res), 0, "retention by size");
	is_int(res.segments_deleted, 2, "oldest segments over retention.bytes deleted");
	ok(log_size_bytes(l) >= cfg.retention_bytes, "at least retention.bytes kept");
	is_int(segs_on_disk(0, 2), 0, "files gone");

	cfg.cleanup_policy = LOG_CLEANUP_COMPACT;
	cfg.retention_bytes = 0;
	log_set_config(l, &cfg);
	is_int(log_enforce_retention(l, T0 + 1000000, &res), 0, "compacted topic");
	is_int(res.segments_deleted, 0, "no deletion by time or size");
	cfg.cleanup_policy = LOG_CLEANUP_DELETE;
	cfg.retention_bytes = -1;
	log_close(l);
}

static void test_log_start(void)
{
	struct log_retention_result res;
	struct log_slice s;
	struct log *l = build("start", -1);
	log_close(l);
	is_int(open_log(dir, &cfg, 0, 5, 0, &l, NULL), 0, "reopen with log start 5");
	is_int(log_start_offset(l), 5, "log start from the checkpoint");
	is_int(log_read(l, 4, 100, 10, &s), KAF_ERANGE, "below it unreadable");
	cfg.retention_ms = -1;
	cfg.cleanup_policy = LOG_CLEANUP_COMPACT;
	log_set_config(l, &cfg);
	is_int(log_enforce_retention(l, T0, &res), 0, "retention");
	is_int(res.segments_deleted, 2, "segments wholly below the log start deleted, any policy");
	cfg.cleanup_policy = LOG_CLEANUP_DELETE;
	log_set_config(l, &cfg);

	is_int(log_delete_records_before(l, 11), KAF_ERANGE, "delete records past the end");
	is_int(log_delete_records_before(l, 3), 0, "delete records below the start");
	is_int(log_start_offset(l), 5, "is a no-op");
	is_int(log_delete_records_before(l, 7), 0, "delete records before 7");
	is_int(log_start_offset(l), 7, "log start 7");
	is_int(log_segment_count(l), 2, "segment 4-5 deleted, 6-7 kept");
	is_int(log_read(l, 7, 1, 10, &s), 0, "read at 7");
	ok(s.first_offset == 7 && slice_check(&s, 7) == 1, "gets its batch");
	log_slice_release(&s);
	is_int(log_delete_records_before(l, 10), 0, "delete records up to the end");
	is_int(log_segment_count(l), 1, "only the active segment");
	is_int(log_start_offset(l), 10, "start = end");
	is_int(append_one(l, 1, T0, 10, T0), 10, "appends go on");
	log_close(l);
}

static void test_truncate(void)
{
	struct log_slice s;
	struct log_recovery rep;
	struct log *l = build("trunc", -1);
	is_int(log_flush(l), 0, "flush");
	is_int(log_truncate_to(l, 20), 0, "truncate past the end");
	is_int(log_end_offset(l), 10, "is a no-op");
	is_int(log_truncate_to(l, 5), 0, "truncate to 5");
	is_int(log_end_offset(l), 5, "log end 5");
	is_int(log_recovery_point(l), 5, "recovery point follows");
	is_int(log_segment_count(l), 3, "later segments removed");
	is_int(segs_on_disk(3, NSEG), 0, "their files too");
	is_int(file_size(seg_path(dir, 4, ".log")), seg_size / 2, "segment 4 cut after one batch");
	is_int(append_one(l, 3, T0, 10, T0), 5, "append at 5");
	is_int(log_truncate_to(l, 6), 0, "truncate inside a batch");
	is_int(log_end_offset(l), 5, "cuts the whole batch");
	is_int(append_one(l, 1, T0 + 9, 10, T0), 5, "append at 5 again");
	is_int(log_read(l, 0, 1 << 20, 6, &s), 0, "read");
	is_int(slice_check(&s, 0), 2, "data before intact");
	log_slice_release(&s);
	int64_t off, ts;
	is_int(log_offset_for_timestamp(l, T0 + 2000, &off, &ts), 0, "time lookup after truncation");
	is_int(off, 4, "finds the batch left");
	is_int(log_offset_for_timestamp(l, T0 + 2001, &off, &ts), KAF_ENOTFOUND,
	       "timestamps of the cut batches are gone");
	log_close(l);
	is_int(open_log(dir, &cfg, 0, -1, 0, &l, &rep), 0, "reopen with a full scan");
	is_int(rep.bytes_truncated, 0, "nothing to cut");
	is_int(log_end_offset(l), 6, "same log end");

	is_int(log_delete_records_before(l, 4), 0, "start at 4");
	is_int(log_truncate_to(l, 2), 0, "truncate below the start");
	is_int(log_end_offset(l), 2, "empty log at 2");
	is_int(log_start_offset(l), 2, "starting at 2");
	is_int(log_segment_count(l), 1, "one segment");
	is_int(file_size(seg_path(dir, 2, ".log")), 0, "named 2");
	is_int(append_one(l, 1, T0, 10, T0), 2, "appends at 2");
	log_close(l);
}

static void *release_in_thread(void *arg)
{
	log_slice_release(arg);
	return NULL;
}

static void test_slice_outlives_segment(void)
{
	struct log_slice s;
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct log_retention_result res;
	struct log *l = build("pinned", -1);
	is_int(log_read(l, 0, 1 << 20, 10, &s), 0, "read segment 0");
	slice_bytes(&s, &before);
	cfg.retention_ms = 0;
	log_set_config(l, &cfg);
	is_int(log_enforce_retention(l, T0 + 1000000, &res), 0, "retention deletes it");
	is_int(file_size(seg_path(dir, 0, ".log")), -1, "unlinked at once");
	is_int(slice_bytes(&s, &after), 0, "slice still readable");
	ok(before.len == after.len && !memcmp(before.data, after.data, before.len),
	   "same bytes");
	int fd = s.fd;
	pthread_t t;
	pthread_create(&t, NULL, release_in_thread, &s);
	pthread_join(t, NULL);
	ok(fcntl(fd, F_GETFD) < 0 && errno == EBADF, "fd closed on the last release");

	is_int(log_read(l, 8, 1 << 20, 10, &s), 0, "read the active segment");
	log_close(l);
	is_int(slice_check(&s, 8), 2, "slice survives closing the log");
	log_slice_release(&s);
	cfg.retention_ms = -1;
	buf_release(&before);
	buf_release(&after);
}

int main(void)
{
	tmp_make();
	cfg_small(&cfg);
	cfg.retention_ms = -1;
	test_time();
	test_bytes();
	test_log_start();
	test_truncate();
	test_slice_outlives_segment();
	tmp_clean();
	return tap_done();
}
