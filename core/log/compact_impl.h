/*
 * Internals of log compaction shared by its files: compact.c chooses the
 * segments and swaps the output in, compact_run.c builds the key map and
 * writes the output, compact_recover.c settles an interrupted swap at open.
 *
 * Files of one output segment on its way in (B = base of its first input):
 *
 *   B.log.cleaned B.index.cleaned B.timeindex.cleaned   written, fsynced (run)
 *   B.index.swap B.timeindex.swap, then B.log.swap      renamed, dir fsynced
 *   the inputs' .log/.index/.timeindex/.txnindex        unlinked, dir fsynced
 *   B.index B.timeindex, then B.log                     renamed, dir fsynced
 *
 * B.log.swap is the last file renamed to ".swap" and the last renamed out
 * of it, so while it exists the swap is complete and its index files are
 * either beside it as ".swap" or already in place. The output always ends
 * with the last batch of its last input (kept empty when none of its
 * records survive), so the offsets of B.log.swap, [B, its last offset],
 * cover exactly the input segments it replaces: recovery knows which old
 * segments to remove without any other record.
 */
#ifndef KAF_LOG_COMPACT_IMPL_H
#define KAF_LOG_COMPACT_IMPL_H

#include "core/log/compact.h"
#include "core/log/log_impl.h"

/* One pinned segment, read up to the size it had when the job was prepared. */
struct cinput {
	struct segment *seg;	/* a reference held by the job */
	int64_t base;
	int64_t size;
	int64_t next_offset;
	/* Set by the run: the last batch read, to notice a truncation before commit. */
	int64_t last_pos;	/* -1 when none */
	int64_t last_base;
	uint32_t last_crc;
};

/* One output segment replacing inputs [first, first + n). */
struct cgroup {
	int first;
	int n;
	int64_t base;
	int changed;		/* the output differs from the input: swap it in */
	int64_t size;		/* of the output */
	int64_t next_offset;
	struct log_compact_stats st;
};

struct log_compaction {
	char *dir;
	struct log_config cfg;
	int64_t now_ms;
	struct cinput *in;	/* the log's segments in order, less a trailing empty active */
	int nin;
	int nclean;		/* in[0, nclean) may be cleaned, the rest only feed the map */
	struct cgroup *groups;
	int ngroups;
	int ran;		/* log_compact_run finished */
	int committed;		/* the files belong to the log now */
	int keep_files;		/* a simulated crash: leave every file as it is */
};

/* Unlink the .cleaned files of every group (a failed or dropped job). */
void compact_remove_cleaned(struct log_compaction *c);

#endif
