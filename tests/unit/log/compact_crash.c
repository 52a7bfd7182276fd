/*
 * Compaction interrupted at every point of its commit: after each named
 * step (cleaned files written, renamed to .swap, first old segment removed,
 * first .swap renamed) and after every single rename and unlink. Each time
 * the log is abandoned as a crash would leave it, reopened (with a full
 * scan, and at its recovery point), and must read every surviving offset,
 * hold the latest value of every key, and compact to completion again.
 *
 * The log has been compacted once before, so the interrupted run also drops
 * tombstones whose delete horizon has passed: a swap finished for a later
 * group but not an earlier one would bring deleted keys back.
 */
#include "tests/unit/log/compacttest.h"

#define NOW1 (T0 + 100000)
#define NOW2 (NOW1 + 5000)	/* past the horizons set at NOW1 */

static struct log_config cfg;
static char dir[300];
static int seq;

/* A deterministic log: cleaned once at NOW1, then more segments, all flushed. */
static struct log *build(struct model *m)
{
	struct log *l;
	snprintf(dir, sizeof(dir), "%s/c%d", tmp_root, seq++);
	if (open_log(dir, &cfg, 0, -1, 0, &l, NULL))
		exit(1);
	model_init(m, l, 40, 24, 42);
	for (int i = 0; i < 90; i++) {
		model_random_batch(m, 1 + (int)(model_rand(m) % 4), 6, 30, T0 + i, NULL);
		if (i % 4 == 3)
			log_roll(l, T0);
	}
	if (log_compact(l, NOW1, NULL))
		exit(1);
	for (int i = 0; i < 40; i++) {
		model_random_batch(m, 1 + (int)(model_rand(m) % 4), 6, 30, T0 + 1000 + i, NULL);
		if (i % 4 == 3)
			log_roll(l, T0);
	}
	if (log_flush(l))
		exit(1);
	return l;
}

/*
 * A group whose last input loses every record while a later group drops the
 * tombstone that hid them: segment A (keys 0-9), B (key 20 only), C (a
 * transactional tombstone of key 20, undecided at NOW1 so it hid nothing
 * and got a delete horizon, then keys 10-19), the COMMIT marker in the
 * active segment. At NOW2 the groups are {A, B} and {C}: B's value and the
 * tombstone both go. If recovery could not tell that the swap of {A, B}
 * replaces B, key 20 would come back.
 */
static struct log *build_tail(struct model *m)
{
	struct log *l;
	int k = 20, tomb = 1;
	snprintf(dir, sizeof(dir), "%s/c%d", tmp_root, seq++);
	if (open_log(dir, &cfg, 0, -1, 0, &l, NULL))
		exit(1);
	model_init(m, l, 21, 60, 7);
	for (int i = 0; i < 10; i++) {
		int key = i;
		model_note(m, model_put(m, 1, &key, NULL, T0 + i, NULL), 1, &key, NULL);
	}
	int64_t a_size = log_size_bytes(l);
	log_roll(l, T0);
	model_note(m, model_put(m, 1, &k, NULL, T0 + 20, NULL), 1, &k, NULL);
	int64_t b_size = log_size_bytes(l) - a_size;
	log_roll(l, T0);
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	o.transactional = 1;
	o.producer_id = 7;
	o.producer_epoch = 0;
	int64_t t = model_put(m, 1, &k, &tomb, T0 + 30, &o);
	for (int i = 10; i < 20; i++) {
		int key = i;
		model_note(m, model_put(m, 1, &key, NULL, T0 + 30 + i, NULL), 1, &key, NULL);
	}
	log_roll(l, T0);
	struct log_config one = cfg;
	one.segment_bytes = 1;	/* every segment its own group: B stays as it is */
	log_set_config(l, &one);
	if (log_compact(l, NOW1, NULL))
		exit(1);
	one.segment_bytes = a_size + b_size + 10;
	log_set_config(l, &one);
	struct buf mk = BUF_INIT;
	batch_build_control(&mk, 0, 7, 0, CONTROL_COMMIT, 1, T0 + 60);
	if (log_append(l, mk.data, mk.len, 0, T0 + 60, NULL) || log_flush(l))
		exit(1);
	buf_release(&mk);
	model_note(m, t, 1, &k, &tomb);
	return l;
}

static int leftovers(void)
{
	return count_suffix(dir, ".cleaned") + count_suffix(dir, ".swap");
}

/* Reopen after a crash at hook, check, compact again, check. */
static void after_crash(struct model *m, int hook, int64_t rp, const char *how)
{
	struct log *l;
	struct log_compact_stats st;
	int rc = open_log(dir, &cfg, rp, -1, 0, &l, NULL);
	if (!ok(rc == 0, "step %d, %s: the log opens", hook, how))
		return;
	m->l = l;
	ok(leftovers() == 0, "step %d, %s: no .cleaned or .swap left", hook, how);
	ok(model_check(m, -1), "step %d, %s: latest value of every key", hook, how);
	ok(every_offset_reads(l), "step %d, %s: every offset reads", hook, how);
	ok(log_compact(l, NOW2, &st) == 0, "step %d, %s: compaction completes", hook, how);
	ok(model_check(m, active_base(dir)) && every_offset_reads(l) &&
	   all_indexes_match(dir, &cfg), "step %d, %s: and leaves only the latest", hook, how);
	log_close(l);
}

typedef struct log *(*build_fn)(struct model *m);

/* One crash at hook; 0 when the commit finished before reaching it. */
static int crash_at(build_fn build_log, int hook, int full_scan)
{
	struct model m;
	struct log_compact_stats st;
	struct log *l = build_log(&m);
	int64_t rp = log_recovery_point(l);
	log_compact_crash_after_step = hook;
	int rc = log_compact(l, NOW2, &st);
	log_compact_crash_after_step = 0;
	log_close(l);
	if (rc == 0)
		return 0;
	if (!ok(rc == KAF_ESTATE, "step %d: the commit stops there", hook))
		return 0;
	after_crash(&m, hook, full_scan ? 0 : rp,
		    full_scan ? "full scan" : "at the recovery point");
	return 1;
}

/* The uninterrupted run of the same log: how many groups and segments it swaps. */
static void reference(void)
{
	struct model m;
	struct log_compact_stats st;
	struct log *l = build(&m);
	int segs = log_segment_count(l);
	is_int(log_compact(l, NOW2, &st), 0, "the uninterrupted compaction");
	ok(st.segments_out > 1 && st.segments_in > st.segments_out,
	   "it swaps several groups of several segments (%d of %d segments -> %d)",
	   st.segments_in, segs, st.segments_out);
	ok(st.tombstones_dropped > 0, "and drops tombstones (%lld)",
	   (long long)st.tombstones_dropped);
	ok(model_check(&m, active_base(dir)), "latest value of every key");
	log_close(l);

	l = build_tail(&m);
	is_int(log_compact(l, NOW2, &st), 0, "the tail case uninterrupted");
	ok(st.segments_in == 3 && st.segments_out == 2 && st.tombstones_dropped == 1,
	   "two groups, the tombstone dropped");
	ok(model_check(&m, active_base(dir)), "key 20 is gone");
	log_close(l);
}

static void crash_everywhere(build_fn build_log, const char *name, int min_ops)
{
	for (int full = 0; full < 2; full++) {
		const char *how = full ? "full scan" : "recovery point";
		for (int step = 1; step <= 4; step++)
			crash_at(build_log, step, full);
		int n = 0;
		while (crash_at(build_log, 101 + n, full))
			n++;
		ok(n >= min_ops, "%s, %s: crashed after each of %d file operations", name, how, n);
	}
}

int main(void)
{
	tmp_make();
	cfg_small(&cfg);
	cfg.cleanup_policy = LOG_CLEANUP_COMPACT;
	cfg.retention_ms = -1;
	cfg.delete_retention_ms = 1000;
	reference();
	crash_everywhere(build, "random log", 20);
	crash_everywhere(build_tail, "emptied tail", 14);
	tmp_clean();
	return tap_done();
}
