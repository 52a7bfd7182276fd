/*
 * Log compaction: the latest value per key survives with its offset, the
 * active segment is untouched, every offset (kept or removed) reads through
 * the index, index files follow the append rule, tombstones get a delete
 * horizon and go after it, compressed and transactional batches keep their
 * codec and producer fields, control batches stay, a second run changes
 * nothing, min.compaction.lag.ms is respected, a reader keeps the old bytes,
 * and a log that changed under a job refuses its commit.
 */
#include "tests/unit/log/compacttest.h"

#include <pthread.h>

#define NOW (T0 + 1000000)

static struct log_config cfg;
static char dir[300];

static void cfg_compact(void)
{
	cfg_small(&cfg);
	cfg.segment_bytes = 16384;
	cfg.cleanup_policy = LOG_CLEANUP_COMPACT;
	cfg.retention_ms = -1;
}

static struct log *fresh(const char *name)
{
	struct log *l;
	snprintf(dir, sizeof(dir), "%s/%s", tmp_root, name);
	if (open_log(dir, &cfg, 0, -1, 0, &l, NULL))
		exit(1);
	return l;
}

/* nb random batches of 1-5 records over nkeys keys, a roll every roll_every batches. */
static void workload(struct model *m, int nb, int roll_every, const struct batch_opts *opts)
{
	for (int i = 0; i < nb; i++) {
		model_random_batch(m, 1 + (int)(model_rand(m) % 5), 12, 25, T0 + 10 * i, opts);
		if ((i + 1) % roll_every == 0)
			log_roll(m->l, T0);
	}
}

static int file_eq(const char *path, const struct buf *want)
{
	struct buf b = BUF_INIT;
	int good = !file_read_all(path, 1 << 26, &b) && b.len == want->len &&
		   (!b.len || !memcmp(b.data, want->data, b.len));
	buf_release(&b);
	return good;
}

static int64_t files_size(const char *d)
{
	int64_t b[256], n = log_bases(d, b, 256), sum = 0;
	for (int i = 0; i < n; i++)
		sum += file_size(seg_path(d, b[i], ".log"));
	return sum;
}

static int reopen_check(struct model *m, int64_t rp, int clean, int64_t strict)
{
	struct log *l;
	if (open_log(dir, &cfg, rp, -1, clean, &l, NULL))
		return 0;
	m->l = l;
	int good = model_check(m, strict) && every_offset_reads(l);
	log_close(l);
	return good;
}

static void test_basic(void)
{
	struct model m;
	struct log_compact_stats st;
	struct buf act = BUF_INIT;
	struct log *l = fresh("basic");
	model_init(&m, l, 60, 30, 1);
	workload(&m, 400, 9, NULL);
	int64_t leo = log_end_offset(l), start = log_start_offset(l), ab = active_base(dir);
	int before = log_segment_count(l);
	file_read_all(seg_path(dir, ab, ".log"), 1 << 26, &act);
	ok(model_check(&m, -1), "the model matches the log before compaction");

	is_int(log_compact(l, NOW, &st), 0, "compaction runs");
	ok(st.segments_in > st.segments_out && st.segments_out > 0, "segments merged (%d -> %d)",
	   st.segments_in, st.segments_out);
	ok(st.records_out < st.records_in, "records dropped (%lld -> %lld)",
	   (long long)st.records_in, (long long)st.records_out);
	ok(st.bytes_out < st.bytes_in, "bytes shrink");
	is_int(st.tombstones_dropped, 0, "no tombstone dropped before a horizon");
	ok(model_check(&m, ab), "latest value per key, closed segments hold only the latest");
	ok(every_offset_reads(l), "every offset, kept or removed, reads through the index");
	ok(all_indexes_match(dir, &cfg), "index files follow the append rule");
	ok(file_eq(seg_path(dir, ab, ".log"), &act), "the active segment is byte-identical");
	is_int(active_base(dir), ab, "active base unchanged");
	is_int(log_end_offset(l), leo, "log end unchanged");
	is_int(log_start_offset(l), start, "log start unchanged");
	ok(log_segment_count(l) < before, "fewer segments (%d -> %d)", before,
	   log_segment_count(l));
	int64_t bases[256];
	is_int(log_segment_count(l), log_bases(dir, bases, 256), "list and directory agree");
	is_int(log_size_bytes(l), files_size(dir), "log size is the files' size");
	is_int(count_suffix(dir, ".cleaned") + count_suffix(dir, ".swap"), 0, "no leftovers");

	/* More data after compaction goes on as usual (new keys: the strict check holds). */
	int nk[3] = { 60, 61, 62 };
	m.nkeys = 63;
	model_note(&m, model_put(&m, 3, nk, NULL, T0 + 99999, NULL), 3, nk, NULL);
	ok(model_check(&m, ab), "appends after compaction");
	log_flush(l);
	int64_t rp = log_recovery_point(l);
	log_close(l);
	ok(reopen_check(&m, 0, 0, ab), "reopened with a full scan");
	ok(reopen_check(&m, rp, 0, ab), "reopened at the recovery point");
	ok(reopen_check(&m, rp, 1, ab), "reopened after a clean shutdown");
	buf_release(&act);
}

static void test_idempotent(void)
{
	struct model m;
	struct log_compact_stats st;
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct log *l = fresh("idem");
	model_init(&m, l, 40, 20, 2);
	workload(&m, 300, 7, NULL);
	int runs = 0;
	do {
		if (log_compact(l, NOW, &st))
			break;
	} while (st.segments_in && ++runs < 5);
	ok(runs >= 1 && runs < 5, "stable after %d runs", runs);
	dir_snapshot(dir, &a);
	is_int(log_compact(l, NOW, &st), 0, "another run");
	is_int(st.segments_in + st.segments_out + st.records_in + st.bytes_out, 0,
	       "it reports no work");
	dir_snapshot(dir, &b);
	ok(a.len == b.len && !memcmp(a.data, b.data, a.len), "and leaves every file as it was");
	ok(model_check(&m, active_base(dir)), "still the latest per key");
	log_close(l);
	buf_release(&a);
	buf_release(&b);
}

/* The header of the batch holding offset o. */
static int header_at(struct log *l, int64_t o, struct batch_header *h)
{
	struct log_slice s;
	struct buf b = BUF_INIT;
	int rc = log_read(l, o, 1, log_end_offset(l), &s);
	if (!rc)
		rc = slice_bytes(&s, &b);
	if (!rc)
		rc = batch_header_parse(b.data, b.len, h);
	log_slice_release(&s);
	buf_release(&b);
	return rc;
}

static int64_t put1(struct model *m, int key, int tomb, int64_t ts)
{
	int64_t o = model_put(m, 1, &key, &tomb, ts, NULL);
	model_note(m, o, 1, &key, &tomb);
	return o;
}

static int key_records(struct log *l, int key)
{
	struct readback rb;
	int n = 0;
	if (read_all(l, &rb))
		return -1;
	for (size_t i = 0; i < rb.n; i++)
		n += rb.v[i].key == key;
	readback_release(&rb);
	return n;
}

static void test_tombstones(void)
{
	struct model m;
	struct log_compact_stats st;
	struct batch_header h;
	cfg.delete_retention_ms = 1000;
	struct log *l = fresh("tomb");
	model_init(&m, l, 8, 10, 3);
	put1(&m, 0, 0, T0);
	int64_t t = put1(&m, 0, 1, T0 + 1);
	put1(&m, 1, 0, T0 + 2);
	int64_t t_last = put1(&m, 2, 1, T0 + 3);	/* a tombstone ending the segment */
	log_roll(l, T0);
	put1(&m, 3, 0, T0 + 4);

	int64_t now = T0 + 5000;
	is_int(log_compact(l, now, &st), 0, "first compaction");
	is_int(st.tombstones_dropped, 0, "tombstones kept");
	ok(model_check(&m, active_base(dir)), "older value gone, tombstone there");
	is_int(key_records(l, 0), 1, "key 0: only its tombstone");
	ok(!header_at(l, t, &h) && (h.attributes & BATCH_ATTR_DELETE_HORIZON) &&
	   h.base_timestamp == now + 1000,
	   "its batch carries the delete horizon now + delete.retention.ms");
	struct readback rb;
	read_all(l, &rb);
	int ts_kept = 0;
	for (size_t i = 0; i < rb.n; i++)
		if (rb.v[i].off == t)
			ts_kept = rb.v[i].ts == T0 + 1;
	readback_release(&rb);
	ok(ts_kept, "the tombstone keeps its timestamp under the horizon");

	is_int(log_compact(l, now + 999, &st), 0, "before the horizon");
	is_int(st.tombstones_dropped + st.segments_in, 0, "nothing to do");
	is_int(key_records(l, 0), 1, "tombstone still there");

	is_int(log_compact(l, now + 1000, &st), 0, "at the horizon");
	is_int(st.tombstones_dropped, 2, "both tombstones dropped");
	is_int(key_records(l, 0), 0, "key 0 is gone");
	is_int(key_records(l, 2), 0, "key 2 is gone");
	ok(model_check(&m, active_base(dir)), "the others stay");
	ok(!header_at(l, t_last, &h) && h.records_count == 0 && batch_last_offset(&h) == t_last,
	   "the segment's last batch stays as an empty batch");
	ok(every_offset_reads(l), "every offset reads");
	log_close(l);
	cfg.delete_retention_ms = 24 * 3600 * 1000LL;
}

static void test_codecs(void)
{
	struct model m;
	struct log_compact_stats st;
	struct readback rb;
	struct log *l = fresh("codecs");
	model_init(&m, l, 30, 40, 4);
	for (int i = 0; i < 120; i++) {
		struct batch_opts o = BATCH_OPTS_DEFAULT;
		o.codec = i % 2 ? CODEC_GZIP : CODEC_ZSTD;
		model_random_batch(&m, 4, 15, 0, T0 + i, &o);
		if (i % 10 == 9)
			log_roll(l, T0);
	}
	is_int(log_compact(l, NOW, &st), 0, "compaction of gzip and zstd batches");
	ok(st.records_out < st.records_in, "records dropped");
	ok(model_check(&m, active_base(dir)), "latest per key");
	int plain = 0, gz = 0, zs = 0;
	if (!read_all(l, &rb)) {
		for (size_t i = 0; i < rb.n; i++) {
			plain += rb.v[i].codec == CODEC_NONE;
			gz += rb.v[i].codec == CODEC_GZIP;
			zs += rb.v[i].codec == CODEC_ZSTD;
		}
	}
	readback_release(&rb);
	is_int(plain, 0, "no record lost its compression");
	ok(gz > 0 && zs > 0, "gzip and zstd batches remain (%d, %d records)", gz, zs);
	ok(every_offset_reads(l), "every offset reads");
	log_close(l);
}

static int64_t put_txn(struct model *m, int64_t pid, int n, const int *keys, int32_t seq)
{
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	o.transactional = 1;
	o.producer_id = pid;
	o.producer_epoch = 1;
	o.base_sequence = seq;
	return model_put(m, n, keys, NULL, T0, &o);
}

static void put_marker(struct log *l, int64_t pid, enum control_type type)
{
	struct buf b = BUF_INIT;
	batch_build_control(&b, 0, pid, 1, type, 5, T0);
	log_append(l, b.data, b.len, 0, T0, NULL);
	buf_release(&b);
}

static int has_offset(const struct readback *rb, int64_t o)
{
	for (size_t i = 0; i < rb->n; i++)
		if (rb->v[i].off == o)
			return 1;
	return 0;
}

static void test_transactions(void)
{
	struct model m;
	struct log_compact_stats st;
	struct readback rb;
	struct batch_header h;
	struct log *l = fresh("txn");
	model_init(&m, l, 8, 10, 5);
	int k01[2] = { 0, 1 }, k2 = 2, k3 = 3;
	int64_t a0 = put1(&m, 0, 0, T0);
	int64_t txn = put_txn(&m, 77, 2, k01, 10);		/* committed */
	put_marker(l, 77, CONTROL_COMMIT);
	int64_t b2 = put1(&m, 2, 0, T0);
	int64_t ab2 = put_txn(&m, 88, 1, &k2, 0);		/* aborted */
	put_marker(l, 88, CONTROL_ABORT);
	int64_t c3 = put1(&m, 3, 0, T0);
	int64_t u3 = put_txn(&m, 99, 1, &k3, 0);		/* no marker yet */
	log_roll(l, T0);
	int64_t n1 = put1(&m, 1, 0, T0);			/* hides the committed key 1 */

	is_int(log_compact(l, NOW, &st), 0, "compaction with transactions");
	ok(!read_all(l, &rb), "reads back");
	ok(!has_offset(&rb, a0), "a committed transaction hides the older value");
	ok(has_offset(&rb, txn), "its record of key 0 stays");
	ok(!has_offset(&rb, txn + 1), "its record of key 1, hidden by a newer one, goes");
	ok(has_offset(&rb, n1), "the newer one is there");
	ok(has_offset(&rb, b2) && has_offset(&rb, ab2), "an aborted record hides nothing");
	ok(has_offset(&rb, c3) && has_offset(&rb, u3), "an undecided one hides nothing");
	is_int(rb.control_batches, 2, "both markers stay");
	readback_release(&rb);
	ok(!header_at(l, txn, &h) && h.base_offset == txn && h.last_offset_delta == 1 &&
	   h.producer_id == 77 && h.producer_epoch == 1 && h.base_sequence == 10 &&
	   (h.attributes & BATCH_ATTR_TRANSACTIONAL) && h.records_count == 1,
	   "the rewritten batch keeps its offsets, producer fields and transactional bit");
	ok(every_offset_reads(l), "every offset reads");
	log_close(l);
}

static void test_min_lag(void)
{
	struct model m;
	struct log_compact_stats st;
	struct buf seg3 = BUF_INIT;
	cfg.min_compaction_lag_ms = 3000;
	struct log *l = fresh("lag");
	model_init(&m, l, 10, 10, 6);
	int64_t bases[6];
	for (int s = 0; s < 6; s++) {
		if (s)
			log_roll(l, T0);
		bases[s] = log_end_offset(l);
		for (int i = 0; i < 10; i++)
			model_random_batch(&m, 2, 0, 0, T0 + 1000 * s + i, NULL);
	}
	file_read_all(seg_path(dir, bases[3], ".log"), 1 << 26, &seg3);
	/* now - lag = T0 + 2500: segments 0-2 (max T0 + 2009) may go, 3 and 4 are too young. */
	is_int(log_compact(l, T0 + 5500, &st), 0, "compaction with a lag");
	ok(st.segments_in > 0 && st.segments_in <= 3, "only the old segments (%d)", st.segments_in);
	ok(file_eq(seg_path(dir, bases[3], ".log"), &seg3), "a young closed segment is untouched");
	ok(file_size(seg_path(dir, bases[4], ".log")) > 0, "and the next one is there");
	ok(model_check(&m, bases[3]), "latest per key; old segments hold only the latest");
	model_quiet = 1;
	ok(!model_check(&m, bases[5]), "young segments still hold older values");
	model_quiet = 0;
	is_int(log_compact(l, T0 + 2000, &st), 0, "earlier than any segment's lag");
	is_int(st.segments_in, 0, "nothing");
	log_close(l);
	buf_release(&seg3);
	cfg.min_compaction_lag_ms = 0;
}

static void test_reader_keeps_old_bytes(void)
{
	struct model m;
	struct log_compaction *c;
	struct log_slice s;
	struct buf before = BUF_INIT, after = BUF_INIT, now_bytes = BUF_INIT;
	struct log *l = fresh("reader");
	model_init(&m, l, 20, 20, 7);
	workload(&m, 100, 6, NULL);
	int64_t start = log_start_offset(l);
	is_int(log_compact_prepare(l, NOW, &c), 0, "prepare");
	ok(c != NULL, "there is work");
	is_int(log_compact_run(c), 0, "run");
	ok(count_suffix(dir, ".log.cleaned") > 0 &&
	   count_suffix(dir, ".log.cleaned") == count_suffix(dir, ".timeindex.cleaned"),
	   "cleaned files beside the segments");
	is_int(log_read(l, start, 1 << 20, log_end_offset(l), &s), 0, "a reader takes a slice");
	slice_bytes(&s, &before);
	is_int(log_compact_commit(l, c, NULL), 0, "commit");
	log_compaction_free(c);
	slice_bytes(&s, &after);
	ok(before.len && after.len == before.len && !memcmp(before.data, after.data, before.len),
	   "the reader still reads the old bytes");
	log_slice_release(&s);
	struct log_slice s2;
	log_read(l, start, 1 << 20, log_end_offset(l), &s2);
	slice_bytes(&s2, &now_bytes);
	log_slice_release(&s2);
	ok(now_bytes.len != before.len || memcmp(now_bytes.data, before.data, before.len),
	   "a new read sees the compacted segment");
	ok(model_check(&m, active_base(dir)), "latest per key");
	log_close(l);
	buf_release(&before);
	buf_release(&after);
	buf_release(&now_bytes);
}

static void test_changed_underneath(void)
{
	struct model m;
	struct log_compaction *c;
	struct log *l = fresh("under");
	model_init(&m, l, 20, 20, 8);
	workload(&m, 60, 6, NULL);
	model_random_batch(&m, 2, 0, 0, T0, NULL);

	/* A truncation of the newer data the map read. */
	log_compact_prepare(l, NOW, &c);
	log_compact_run(c);
	log_truncate_to(l, log_end_offset(l) - 1);
	is_int(log_compact_commit(l, c, NULL), KAF_ESTATE, "commit refused after a truncation");
	log_compaction_free(c);
	is_int(count_suffix(dir, ".cleaned"), 0, "its files are gone");
	ok(every_offset_reads(l), "the log reads as before");

	/* Appends and a roll in between are fine. */
	model_init(&m, l, 20, 20, 9);
	workload(&m, 30, 6, NULL);
	log_compact_prepare(l, NOW, &c);
	log_compact_run(c);
	workload(&m, 10, 4, NULL);
	is_int(log_compact_commit(l, c, NULL), 0, "commit after appends and rolls");
	log_compaction_free(c);
	ok(every_offset_reads(l), "every offset reads");

	/* Retention removing a segment the job holds. */
	log_compact_prepare(l, NOW, &c);
	log_compact_run(c);
	cfg.cleanup_policy = LOG_CLEANUP_COMPACT | LOG_CLEANUP_DELETE;
	cfg.retention_bytes = 1;
	log_set_config(l, &cfg);
	struct log_retention_result res;
	log_enforce_retention(l, NOW, &res);
	ok(res.segments_deleted > 0, "retention deletes segments under the job");
	is_int(log_compact_commit(l, c, NULL), KAF_ESTATE, "commit refused after retention");
	log_compaction_free(c);
	is_int(count_suffix(dir, ".cleaned"), 0, "its files are gone");
	ok(every_offset_reads(l), "the log reads");
	cfg_compact();
	log_close(l);

	/* Not a compacted topic: nothing happens. */
	struct log_compact_stats st;
	cfg.cleanup_policy = LOG_CLEANUP_DELETE;
	l = fresh("delete-only");
	model_init(&m, l, 5, 10, 10);
	workload(&m, 40, 5, NULL);
	is_int(log_compact_prepare(l, NOW, &c), 0, "prepare on a delete-only log");
	ok(c == NULL, "finds nothing to do");
	is_int(log_compact(l, NOW, &st), 0, "log_compact");
	is_int(st.segments_in, 0, "does nothing");
	log_close(l);
	cfg_compact();
}

static void *run_job(void *arg)
{
	static int rc;
	rc = log_compact_run(arg);
	return &rc;
}

/* The copy on another thread while the log's thread appends and rolls. */
static void test_threaded(void)
{
	struct model m;
	struct log_compaction *c;
	struct log_compact_stats st;
	pthread_t th;
	void *res;
	struct log *l = fresh("thread");
	model_init(&m, l, 50, 200, 12);
	workload(&m, 300, 10, NULL);
	is_int(log_compact_prepare(l, NOW, &c), 0, "prepare");
	ok(c && !pthread_create(&th, NULL, run_job, c), "run on another thread");
	workload(&m, 200, 25, NULL);
	ok(!pthread_join(th, &res) && *(int *)res == 0, "the run finished");
	is_int(log_compact_commit(l, c, &st), 0, "commit on the log's thread");
	log_compaction_free(c);
	ok(st.segments_in > 0, "segments swapped");
	ok(model_check(&m, -1) && every_offset_reads(l), "latest per key, every offset reads");
	is_int(log_compact(l, NOW, NULL), 0, "once more");
	ok(model_check(&m, active_base(dir)), "only the latest in closed segments");
	log_close(l);
}

static void test_recovery_point(void)
{
	struct model m;
	struct log *l = fresh("rp");
	model_init(&m, l, 20, 20, 11);
	workload(&m, 80, 6, NULL);
	is_int(log_recovery_point(l), 0, "nothing flushed yet");
	is_int(log_compact(l, NOW, NULL), 0, "compaction");
	int64_t rp = log_recovery_point(l), ab = active_base(dir);
	ok(rp > 0 && rp <= ab, "the recovery point moves over the fsynced output (%lld)",
	   (long long)rp);
	log_close(l);
	ok(reopen_check(&m, rp, 0, ab), "reopened at that recovery point");
}

int main(void)
{
	tmp_make();
	cfg_compact();
	test_basic();
	test_idempotent();
	test_tombstones();
	test_codecs();
	test_transactions();
	test_min_lag();
	test_reader_keeps_old_bytes();
	test_changed_underneath();
	test_recovery_point();
	test_threaded();
	tmp_clean();
	return tap_done();
}
