/*
 * Log compaction (cleanup.policy=compact): keep the latest record per key
 * in the closed segments, drop tombstones older than delete.retention.ms,
 * keep every surviving record's offset (gaps are fine) and never touch the
 * active segment.
 *
 * Three steps so the copy runs off the loop thread:
 *   log_compact_prepare  (log's thread) pick closed segments, pin them;
 *   log_compact_run      (any thread)   read pinned segments, write
 *                                       "<base>.log.cleaned" (+ indexes) beside them;
 *   log_compact_commit   (log's thread) swap the cleaned files in.
 *
 * The swap is crash-safe: cleaned files are renamed to ".swap" and the
 * directory fsynced; old segments are then removed and the ".swap" files
 * renamed to their final names. log_open finishes a swap whose ".swap"
 * files are complete and deletes ".cleaned" leftovers, so a crash at any
 * point leaves a readable log with the same latest value per key.
 */
#ifndef KAF_LOG_COMPACT_H
#define KAF_LOG_COMPACT_H

#include <stdint.h>

struct log;
struct log_compaction;

struct log_compact_stats {
	int segments_in;
	int segments_out;
	int64_t records_in;
	int64_t records_out;
	int64_t bytes_in;
	int64_t bytes_out;
	int64_t tombstones_dropped;
};

/*
 * NULL in *out (and 0) when there is nothing to compact. One job per log at
 * a time. Commit fails with KAF_ESTATE (dropping the output) when the log
 * changed under the job (retention, truncation); prepare again later.
 */
int log_compact_prepare(struct log *l, int64_t now_ms, struct log_compaction **out);
int log_compact_run(struct log_compaction *c);
int log_compact_commit(struct log *l, struct log_compaction *c, struct log_compact_stats *stats);
/* Drop a prepared or run compaction (removes its .cleaned files). */
void log_compaction_free(struct log_compaction *c);

/* All three steps on the calling thread (tools and tests). */
int log_compact(struct log *l, int64_t now_ms, struct log_compact_stats *stats);

/*
 * Test hook: when set, log_compact_commit returns KAF_ESTATE right after the
 * given step (1 = cleaned files written, 2 = renamed to .swap, 3 = first old
 * segment removed, 4 = first .swap renamed), leaving the files as a crash would.
 * 100 + n stops right after the commit's n-th file rename or unlink.
 */
extern int log_compact_crash_after_step;

#endif
