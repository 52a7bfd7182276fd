/*
 * Log compaction, the log-thread steps: choosing what to clean (prepare)
 * and swapping the cleaned segments in (commit). The copy is in
 * compact_run.c, the files' order of appearance in compact_impl.h.
 *
 * What is cleaned: the closed segments from the first one up to, not
 * including, the first whose largest timestamp is newer than now -
 * min.compaction.lag.ms (Kafka's first uncleanable segment), never the
 * active one. They are grouped, oldest first, into runs whose summed sizes
 * fit segment.bytes (and 2 GiB), whose summed index files fit
 * segment.index.bytes and whose offsets fit 32-bit relative offsets (Kafka's
 * grouping rule); each group becomes one segment at its first base offset.
 * Empty segments are left alone. The segments after the cleaned ones,
 * active included, only feed the key map, read up to their size at prepare.
 *
 * Commit checks that nothing moved under the job (retention, truncation,
 * a roll replacing an empty segment), then per changed group renames the
 * ".cleaned" files to ".swap" (the .log last) and fsyncs the directory,
 * unlinks the replaced segments' files (readers keep them open through their
 * slices' references) and fsyncs, renames the ".swap" files into place
 * (the .log last) and fsyncs, and finally puts the new segments in the list.
 * Any failure after the first rename marks the log failed: log_open finishes
 * the swap from the files.
 */
#include "core/log/compact_impl.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/record/batch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int log_compact_crash_after_step;

/* The index and data files of an output, in the order they are renamed (.log last). */
static const char *const out_suffixes[] = { ".index", ".timeindex", ".log" };
#define NOUT (sizeof(out_suffixes) / sizeof(out_suffixes[0]))
/* The files a replaced segment may have. */
static const char *const old_suffixes[] = { ".log", ".index", ".timeindex", ".txnindex" };
#define NOLD (sizeof(old_suffixes) / sizeof(old_suffixes[0]))

/* How many closed segments from the first may be cleaned at now_ms. */
static int cleanable(const struct log *l, int64_t now_ms)
{
	int k = 0;
	int64_t lag = l->cfg.min_compaction_lag_ms;
	while (k < l->nsegs - 1) {
		if (lag > 0 && l->segs[k]->max_ts > now_ms - lag)
			break;
		k++;
	}
	return k;
}

/* Kafka's grouping of segments [0, k) into outputs. */
static int make_groups(struct log_compaction *c, int k)
{
	int64_t max_size = c->cfg.segment_bytes < INT32_MAX ? c->cfg.segment_bytes : INT32_MAX;
	int64_t max_index = c->cfg.segment_index_bytes;
	c->groups = calloc((size_t)k, sizeof(*c->groups));
	if (!c->groups)
		return -ENOMEM;
	for (int i = 0; i < k;) {
		const struct segment *s = c->in[i].seg;
		if (c->in[i].size == 0) {
			i++;
			continue;
		}
		struct cgroup *g = &c->groups[c->ngroups++];
		int64_t size = c->in[i].size;
		int64_t ob = (int64_t)s->oidx.n * OFFSET_INDEX_ENTRY;
		int64_t tb = (int64_t)s->tidx.n * TIME_INDEX_ENTRY;
		g->first = i;
		g->base = c->in[i].base;
		int j = i + 1;
		for (; j < k; j++) {
			const struct cinput *in = &c->in[j];
			const struct segment *t = in->seg;
			int64_t nob = ob + (int64_t)t->oidx.n * OFFSET_INDEX_ENTRY;
			int64_t ntb = tb + (int64_t)t->tidx.n * TIME_INDEX_ENTRY;
			if (in->size == 0 || size + in->size > max_size || nob > max_index ||
			    ntb > max_index || in->next_offset - 1 - g->base > INT32_MAX)
				break;
			size += in->size;
			ob = nob;
			tb = ntb;
		}
		g->n = j - i;
		i = j;
	}
	return 0;
}

int log_compact_prepare(struct log *l, int64_t now_ms, struct log_compaction **out)
{
	*out = NULL;
	if (l->failed)
		return KAF_EOFFLINE;
	if (!(l->cfg.cleanup_policy & LOG_CLEANUP_COMPACT))
		return 0;
	int k = cleanable(l, now_ms);
	if (k == 0)
		return 0;
	struct log_compaction *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->cfg = l->cfg;
	c->now_ms = now_ms;
	c->nclean = k;
	c->nin = log_active(l)->size ? l->nsegs : l->nsegs - 1;
	c->dir = strdup(l->path);
	c->in = calloc((size_t)c->nin, sizeof(*c->in));
	if (!c->dir || !c->in) {
		log_compaction_free(c);
		return -ENOMEM;
	}
	for (int i = 0; i < c->nin; i++) {
		struct segment *seg = l->segs[i];
		segment_ref(seg);
		c->in[i] = (struct cinput){ .seg = seg, .base = seg->base, .size = seg->size,
					    .next_offset = seg->next_offset, .last_pos = -1 };
	}
	int rc = make_groups(c, k);
	if (rc || c->ngroups == 0) {
		log_compaction_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* Whether the log still holds the job's segments as they were read. */
static int still_valid(struct log *l, const struct log_compaction *c)
{
	if (l->nsegs < c->nin || strcmp(l->path, c->dir))
		return 0;
	for (int i = 0; i < c->nin; i++) {
		const struct cinput *in = &c->in[i];
		struct segment *seg = l->segs[i];
		if (seg != in->seg || seg->deleted)
			return 0;
		if (i < c->nclean) {
			if (seg->size != in->size || seg == log_active(l))
				return 0;
			continue;
		}
		/* Newer data fed the map: it must still be there (no truncation since). */
		if (seg->size < in->size)
			return 0;
		struct batch_header h;
		if (in->last_pos >= 0 && (segment_read_header(seg, in->last_pos, &h) ||
					  h.base_offset != in->last_base || h.crc != in->last_crc))
			return 0;
	}
	return 1;
}

struct commit {
	struct log *l;
	struct log_compaction *c;
	int ops;		/* file renames and unlinks done */
};

/* The test hook: a crash after step n (1..4) or after the (n - 100)th file operation. */
static int crash_here(struct commit *x, int step)
{
	int at = log_compact_crash_after_step;
	if (!at || (step ? at != step : at != 100 + x->ops))
		return 0;
	x->c->keep_files = 1;
	return 1;
}

/* One rename or unlink done; 1 when the hook says to stop here. */
static int op_done(struct commit *x)
{
	x->ops++;
	return crash_here(x, 0);
}

static int rename_out(struct commit *x, const struct cgroup *g, const char *from_suffix,
		      const char *to_suffix, int step)
{
	char from[4096], to[4096], fs[32], ts[32];
	for (size_t i = 0; i < NOUT; i++) {
		snprintf(fs, sizeof(fs), "%s%s", out_suffixes[i], from_suffix);
		snprintf(ts, sizeof(ts), "%s%s", out_suffixes[i], to_suffix);
		int rc = log_segment_path(from, sizeof(from), x->c->dir, g->base, fs);
		if (!rc)
			rc = log_segment_path(to, sizeof(to), x->c->dir, g->base, ts);
		if (rc)
			return rc;
		if (rename(from, to) < 0)
			return -errno;
		if (op_done(x) || (step && crash_here(x, step)))
			return KAF_ESTATE;
	}
	return 0;
}

/* Unlink a replaced segment's files, one by one. */
static int remove_old(struct commit *x, struct segment *seg)
{
	char p[4096];
	for (size_t i = 0; i < NOLD; i++) {
		int rc = segment_file(p, sizeof(p), seg, old_suffixes[i]);
		if (rc)
			return rc;
		if (unlink(p) < 0 && errno != ENOENT)
			return -errno;
		if (op_done(x))
			return KAF_ESTATE;
	}
	seg->deleted = 1;
	return crash_here(x, 3) ? KAF_ESTATE : 0;
}

/* The on-disk swap (steps 2-4); KAF_ESTATE when the test hook stops it. */
static int commit_files(struct commit *x)
{
	struct log_compaction *c = x->c;
	int rc = 0;
	for (int i = 0; i < c->ngroups && !rc; i++) {
		if (!c->groups[i].changed)
			continue;
		/* One group's swap is durable before the next one's: a later group may drop a
		 * tombstone whose older values only this one drops. */
		if (!(rc = rename_out(x, &c->groups[i], ".cleaned", ".swap", 0)))
			rc = dir_fsync(c->dir);
	}
	if (rc || crash_here(x, 2))
		return rc ? rc : KAF_ESTATE;
	for (int i = 0; i < c->ngroups && !rc; i++) {
		const struct cgroup *g = &c->groups[i];
		for (int j = 0; g->changed && j < g->n && !rc; j++)
			rc = remove_old(x, c->in[g->first + j].seg);
	}
	if (!rc)
		rc = dir_fsync(c->dir);
	for (int i = 0; i < c->ngroups && !rc; i++) {
		if (c->groups[i].changed)
			rc = rename_out(x, &c->groups[i], ".swap", "", 4);
	}
	if (!rc)
		rc = dir_fsync(c->dir);
	return rc;
}

static int find_seg(const struct log *l, const struct segment *seg)
{
	for (int i = 0; i < l->nsegs; i++)
		if (l->segs[i] == seg)
			return i;
	return -1;
}

/* Put the new segment of group g in the list in place of its inputs. */
static int swap_in_memory(struct log *l, struct log_compaction *c, const struct cgroup *g,
			  struct segment **out)
{
	struct segment *seg;
	int at = find_seg(l, c->in[g->first].seg);
	if (at < 0)
		return KAF_ESTATE;
	int rc = segment_open(c->dir, g->base, &seg);
	if (rc)
		return rc;
	log_segments_detach(l, at, g->n);
	log_segments_insert(l, seg);
	*out = seg;
	int64_t next_base = at + 1 < l->nsegs ? l->segs[at + 1]->base : -1;
	if ((rc = segment_check_indexes(seg, next_base)))
		return rc;
	if (seg->size != g->size || seg->next_offset != g->next_offset)
		return KAF_ECORRUPT;
	return 0;
}

/*
 * Compaction output is fsynced: the recovery point may move over the new
 * segments when it lies in one of them, up to the first segment that is
 * not new (whose durability is not known here).
 */
static void advance_recovery_point(struct log *l, struct segment **fresh, int nfresh)
{
	for (int i = log_segment_floor(l, l->recovery_point); i < l->nsegs - 1; i++) {
		int j = 0;
		while (j < nfresh && fresh[j] != l->segs[i])
			j++;
		if (j == nfresh)
			break;
		if (l->segs[i + 1]->base > l->recovery_point)
			l->recovery_point = l->segs[i + 1]->base;
	}
}

static void stats_add(struct log_compact_stats *s, const struct log_compact_stats *g)
{
	s->segments_in += g->segments_in;
	s->segments_out += g->segments_out;
	s->records_in += g->records_in;
	s->records_out += g->records_out;
	s->bytes_in += g->bytes_in;
	s->bytes_out += g->bytes_out;
	s->tombstones_dropped += g->tombstones_dropped;
}

int log_compact_commit(struct log *l, struct log_compaction *c, struct log_compact_stats *stats)
{
	struct commit x = { .l = l, .c = c };
	struct log_compact_stats scratch;
	if (!stats)
		stats = &scratch;
	memset(stats, 0, sizeof(*stats));
	if (!c->ran || c->committed)
		return KAF_ESTATE;
	if (l->failed)
		return KAF_EOFFLINE;
	if (!still_valid(l, c)) {
		say_info("log %s: the log changed during compaction; dropping its output", c->dir);
		compact_remove_cleaned(c);
		return KAF_ESTATE;
	}
	int nfresh = 0;
	for (int i = 0; i < c->ngroups; i++)
		nfresh += c->groups[i].changed;
	if (nfresh == 0) {
		c->committed = 1;
		return 0;
	}
	struct segment **fresh = calloc((size_t)nfresh, sizeof(*fresh));
	if (!fresh)
		return -ENOMEM;
	if (crash_here(&x, 1)) {
		free(fresh);
		return KAF_ESTATE;
	}
	int rc = commit_files(&x), n = 0;
	if (rc == KAF_ESTATE) {
		free(fresh);
		return rc;
	}
	c->committed = 1;
	for (int i = 0; i < c->ngroups && !rc; i++) {
		const struct cgroup *g = &c->groups[i];
		if (!g->changed)
			continue;
		rc = swap_in_memory(l, c, g, &fresh[n++]);
		stats_add(stats, &g->st);
	}
	if (rc) {
		free(fresh);
		log_fail(l, "swapping in compacted segments", rc);
		return rc;
	}
	/* Every directory entry is durable after the last fsync. */
	l->dir_dirty = 0;
	advance_recovery_point(l, fresh, n);
	free(fresh);
	return 0;
}

void compact_remove_cleaned(struct log_compaction *c)
{
	char p[4096], sfx[32];
	if (c->keep_files || c->committed)
		return;
	for (int i = 0; i < c->ngroups; i++) {
		for (size_t j = 0; j < NOUT; j++) {
			snprintf(sfx, sizeof(sfx), "%s.cleaned", out_suffixes[j]);
			if (!log_segment_path(p, sizeof(p), c->dir, c->groups[i].base, sfx))
				unlink(p);
		}
	}
}

void log_compaction_free(struct log_compaction *c)
{
	if (!c)
		return;
	if (c->dir)
		compact_remove_cleaned(c);
	for (int i = 0; c->in && i < c->nin; i++)
		segment_unref(c->in[i].seg);
	free(c->in);
	free(c->groups);
	free(c->dir);
	free(c);
}

int log_compact(struct log *l, int64_t now_ms, struct log_compact_stats *stats)
{
	struct log_compaction *c;
	if (stats)
		memset(stats, 0, sizeof(*stats));
	int rc = log_compact_prepare(l, now_ms, &c);
	if (rc || !c)
		return rc;
	if (!(rc = log_compact_run(c)))
		rc = log_compact_commit(l, c, stats);
	log_compaction_free(c);
	return rc;
}
