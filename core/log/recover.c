/*
 * Opening a partition directory: find the segments, validate and repair
 * (docs/STORAGE.md, "Recovery").
 *
 *   1. Compaction's leftovers are settled first (log_recover_swap_files, in
 *      compact_recover.c).
 *   2. Segments below the one holding the recovery point were fsynced: they
 *      are not read, but their index files are sanity-checked (sizes, order,
 *      ranges, and a walk of the batch headers after the last offset index
 *      entry); a missing or bad index is rebuilt from a full scan.
 *   3. From the segment holding the recovery point on, every batch is
 *      validated (length, magic, CRC, offsets increasing and inside the
 *      segment) and the indexes rebuilt; in that first segment the scan
 *      starts after the last index entry below the recovery point when the
 *      index up to it checks out (a 1 GiB active segment is not read again
 *      after a crash). The first invalid or torn batch
 *      ends the log: its file is cut there, later segments are deleted.
 *   4. An invalid batch below the recovery point is corruption, not a torn
 *      write: nothing on disk is changed and KAF_ECORRUPT is returned.
 *
 * Steps 2-4 only read until the outcome is known; the changes (cuts,
 * deletions, rebuilt index files) are made together at the end.
 * After a clean shutdown every segment is treated as in step 2.
 */
#include "core/log/log_impl.h"
#include "core/base/buf.h"
#include "core/base/crc32c.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/record/batch.h"
#include "core/record/codec.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCAN_CHUNK (4 << 20)

/* File bytes [start, start + len) of the segment being scanned. */
struct scan_buf {
	uint8_t *data;
	size_t cap;
	int64_t start;
	size_t len;
	int fd;
};

/* Pointer to file bytes [pos, pos + n), n <= cap, reading when needed. */
static const uint8_t *scan_fetch(struct scan_buf *sb, int64_t file_size, int64_t pos, size_t n,
				 int *err)
{
	if (pos >= sb->start && pos + (int64_t)n <= sb->start + (int64_t)sb->len)
		return sb->data + (pos - sb->start);
	size_t want = sb->cap;
	if ((int64_t)want > file_size - pos)
		want = (size_t)(file_size - pos);
	sb->start = pos;
	sb->len = 0;
	int rc = pread_full(sb->fd, sb->data, want, pos);
	if (rc) {
		*err = rc == KAF_ETRUNC ? KAF_ECORRUPT : rc;
		return NULL;
	}
	sb->len = want;
	return sb->data;
}

/* What a full scan of one segment found. */
struct seg_scan {
	int scanned;
	int bad;		/* stopped at an invalid batch */
	const char *why;
	int64_t bad_pos;
	int64_t valid_size;
	int64_t next_offset;	/* also where the bad batch should have started */
	int64_t max_ts;
	int64_t resumed_at;	/* bytes of a durable head not scanned again */
	struct indexer ixr;
	struct buf oidx;
	struct buf tidx;
};

/* CRC and attribute checks of a batch too large for the scan buffer. */
static int scan_check_large(struct scan_buf *sb, int64_t file_size, int64_t pos,
			    const struct batch_header *h, const char **why)
{
	uint32_t crc = 0;
	int64_t at = pos + BATCH_OFF_ATTRIBUTES, end = pos + (int64_t)batch_total_size(h);
	int err = 0;
	while (at < end) {
		size_t n = (size_t)(end - at) < sb->cap ? (size_t)(end - at) : sb->cap;
		const uint8_t *p = scan_fetch(sb, file_size, at, n, &err);
		if (!p)
			return err;
		crc = crc32c(crc, p, n);
		at += (int64_t)n;
	}
	if (crc != h->crc) {
		*why = "CRC mismatch";
		return KAF_ECORRUPT;
	}
	if (batch_codec(h) >= CODEC_COUNT || (h->attributes & ~BATCH_ATTR_KNOWN)) {
		*why = "unknown attributes";
		return KAF_ECORRUPT;
	}
	return 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/*
 * Check one batch at pos: on success *h is its header. Returns 0, 1 with
 * *why set for an invalid batch, or a negative I/O error.
 */
static int scan_batch(struct scan_buf *sb, const struct segment *seg, int64_t pos, int64_t prev_last,
		      int64_t next_base, struct batch_header *h, const char **why)
{
	int err = 0;
	int64_t avail = seg->size - pos;
	if (avail < BATCH_HEADER_SIZE) {
		*why = "partial batch header";
		return 1;
	}
	const uint8_t *p = scan_fetch(sb, seg->size, pos, BATCH_HEADER_SIZE, &err);
	if (!p)
		return err;
	if (batch_header_parse(p, BATCH_HEADER_SIZE, h)) {
		*why = all_zero(p, BATCH_HEADER_SIZE) ? "zeros" : "bad batch header";
		return 1;
	}
	int64_t total = (int64_t)batch_total_size(h);
	if (total > avail) {
		*why = "batch runs past the end of the file";
		return 1;
	}
	if (pos + total > INT32_MAX) {
		*why = "batch beyond 2 GiB into the segment";
		return 1;
	}
	if (h->base_offset <= prev_last || h->base_offset < seg->base ||
	    h->base_offset > INT64_MAX - h->last_offset_delta) {
		*why = "offsets not increasing";
		return 1;
	}
	int64_t last = batch_last_offset(h);
	if (last - seg->base > INT32_MAX || (next_base >= 0 && last >= next_base)) {
		*why = "offsets outside the segment";
		return 1;
	}
	if ((size_t)total > sb->cap) {
		int rc = scan_check_large(sb, seg->size, pos, h, why);
		return rc == KAF_ECORRUPT ? 1 : rc;
	}
	if (!(p = scan_fetch(sb, seg->size, pos, (size_t)total, &err)))
		return err;
	if (batch_validate(p, (size_t)total, 0, NULL)) {
		*why = batch_compute_crc(p, (size_t)total) != h->crc ? "CRC mismatch"
								      : "unknown attributes";
		return 1;
	}
	return 0;
}

/*
 * Skip the durable head of the segment holding the recovery point: find the
 * last offset index entry whose batch ends below rp, check the entries up to
 * it and that batch (header, offsets, CRC), and take the indexes up to it as
 * they are. The indexer state after that batch follows from the entries
 * (see segment_check_indexes): time entries are made only at offset
 * entries, so the last one kept holds the largest timestamp so far.
 * Returns the position after that batch (and its last offset in *last), or
 * 0 when the whole segment must be scanned.
 */
static int64_t scan_resume(struct scan_buf *sb, struct segment *seg, int64_t rp, int64_t next_base,
			   struct seg_scan *s, int64_t *last)
{
	char p[4096];
	int64_t from = 0;
	if (segment_file(p, sizeof(p), seg, ".index") || index_load(&seg->oidx, p) ||
	    segment_file(p, sizeof(p), seg, ".timeindex") || index_load(&seg->tidx, p) ||
	    segment_map_indexes(seg))
		goto out;
	int32_t rel = -1, pos = -1, prev_rel = -1, prev_pos = -1;
	uint32_t keep = 0;
	for (uint32_t j = 0; j < seg->oidx.n; j++) {
		oidx_entry(index_entry(&seg->oidx, j), &rel, &pos);
		if (rel < 0 || pos <= prev_pos || rel <= prev_rel || pos >= seg->size)
			goto out;
		if (seg->base + rel >= rp)
			break;
		keep = j + 1;
		prev_rel = rel;
		prev_pos = pos;
	}
	if (!keep)
		goto out;
	rel = prev_rel;
	pos = prev_pos;
	struct batch_header h;
	const char *why;
	if (scan_batch(sb, seg, pos, seg->base - 1, next_base, &h, &why) ||
	    !segment_entry_agrees(seg, rel, &h))
		goto out;
	int64_t ts = -1, prev_ts = INT64_MIN;
	int32_t trel = 0, prev_trel = -1;
	uint32_t tkeep = 0;
	for (uint32_t j = 0; j < seg->tidx.n; j++) {
		int64_t t;
		int32_t r;
		tidx_entry(index_entry(&seg->tidx, j), &t, &r);
		if (r > rel)
			break;
		if (r < prev_trel || t < prev_ts)
			goto out;
		prev_ts = ts = t;
		prev_trel = trel = r;
		tkeep = j + 1;
	}
	buf_append(&s->oidx, index_entry(&seg->oidx, 0), (size_t)keep * OFFSET_INDEX_ENTRY);
	if (tkeep)
		buf_append(&s->tidx, index_entry(&seg->tidx, 0), (size_t)tkeep * TIME_INDEX_ENTRY);
	s->ixr.bytes_since = (int64_t)batch_total_size(&h);
	if (tkeep) {
		s->ixr.last_ts = s->ixr.run_ts = ts;
		s->ixr.run_rel = trel;
		s->max_ts = ts;
	}
	*last = batch_last_offset(&h);
	from = pos + (int64_t)batch_total_size(&h);
out:
	index_release(&seg->oidx);
	index_release(&seg->tidx);
	return from;
}

/*
 * Validate every batch of seg, building its indexes in memory: from its
 * start, or (rp >= 0) from the first batch after the durable head.
 */
static int scan_segment(struct scan_buf *sb, const struct log_config *cfg, struct segment *seg,
			int64_t next_base, int64_t rp, struct seg_scan *s)
{
	s->scanned = 1;
	s->ixr = (struct indexer)INDEXER_INIT;
	s->max_ts = -1;
	sb->fd = seg->fd;
	sb->start = 0;
	sb->len = 0;
	int64_t last = seg->base - 1;
	int64_t pos = rp >= 0 ? scan_resume(sb, seg, rp, next_base, s, &last) : 0;
	if (pos)
		s->resumed_at = pos;
	while (pos < seg->size) {
		struct batch_header h;
		int rc = scan_batch(sb, seg, pos, last, next_base, &h, &s->why);
		if (rc < 0)
			return rc;
		if (rc > 0) {
			s->bad = 1;
			s->bad_pos = pos;
			break;
		}
		uint8_t oent[OFFSET_INDEX_ENTRY], tent[TIME_INDEX_ENTRY];
		int64_t total = (int64_t)batch_total_size(&h);
		last = batch_last_offset(&h);
		int what = indexer_step(&s->ixr, cfg->index_interval_bytes, pos, total,
					(int32_t)(last - seg->base), h.max_timestamp, oent, tent);
		if (what & INDEXER_OFFSET)
			buf_append(&s->oidx, oent, sizeof(oent));
		if (what & INDEXER_TIME)
			buf_append(&s->tidx, tent, sizeof(tent));
		if (h.max_timestamp > s->max_ts)
			s->max_ts = h.max_timestamp;
		pos += total;
	}
	s->valid_size = pos;
	s->next_offset = last + 1;
	return 0;
}

int segment_check_indexes(struct segment *seg, int64_t next_base)
{
	char p[4096];
	int rc;
	if ((rc = segment_file(p, sizeof(p), seg, ".index")) || (rc = index_load(&seg->oidx, p)) ||
	    (rc = segment_file(p, sizeof(p), seg, ".timeindex")) ||
	    (rc = index_load(&seg->tidx, p)) || (rc = segment_map_indexes(seg)))
		return rc;
	int32_t rel = -1, pos = -1, prev_rel = -1, prev_pos = -1;
	for (uint32_t j = 0; j < seg->oidx.n; j++) {
		oidx_entry(index_entry(&seg->oidx, j), &rel, &pos);
		if (rel < 0 || pos < 0 || (j && (rel <= prev_rel || pos <= prev_pos)))
			return KAF_ECORRUPT;
		prev_rel = rel;
		prev_pos = pos;
	}
	if (seg->oidx.n && (pos >= seg->size || (next_base >= 0 && seg->base + rel >= next_base)))
		return KAF_ECORRUPT;
	int64_t ts = -1, prev_ts = INT64_MIN;
	int32_t trel = -1, prev_trel = -1;
	for (uint32_t j = 0; j < seg->tidx.n; j++) {
		tidx_entry(index_entry(&seg->tidx, j), &ts, &trel);
		if (trel < 0 || trel < prev_trel || ts < prev_ts)
			return KAF_ECORRUPT;
		prev_ts = ts;
		prev_trel = trel;
	}

	/* The batch at the last entry must end at that entry's offset; walk on from it. */
	int64_t from = 0;
	if (seg->oidx.n) {
		struct batch_header h;
		if (segment_read_header(seg, pos, &h) || !segment_entry_agrees(seg, rel, &h))
			return KAF_ECORRUPT;
		from = pos;
	}
	/* Entries are only made at offset entries: the last time entry and a walk
	 * from the last offset entry see the segment's largest timestamp. */
	seg->max_ts = seg->tidx.n ? ts : -1;
	seg->indexer = (struct indexer)INDEXER_INIT;
	if (seg->tidx.n) {
		seg->indexer.last_ts = seg->indexer.run_ts = ts;
		seg->indexer.run_rel = trel;
	}
	if ((rc = segment_walk_tail(seg, from, seg->base - 1, next_base)))
		return rc;
	if (seg->tidx.n && seg->base + trel >= seg->next_offset)
		return KAF_ECORRUPT;
	/* Map again lazily when a lookup needs it. */
	index_release(&seg->oidx);
	index_release(&seg->tidx);
	return 0;
}

/* Names in the partition directory, sorted out. */
struct dir_listing {
	int64_t *bases;		/* of .log files, sorted */
	size_t nbases;
	char **remove;		/* orphan index files and ".deleted" leftovers */
	size_t nremove;
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void listing_release(struct dir_listing *ls)
{
	for (size_t i = 0; i < ls->nremove; i++)
		free(ls->remove[i]);
	free(ls->remove);
	free(ls->bases);
}

static void push_name(char ***v, size_t *n, const char *name)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));
	char *dup = strdup(name);
	if (!nv || !dup)
		abort();
	*v = nv;
	nv[(*n)++] = dup;
}

static int list_dir(const char *dir, struct dir_listing *ls)
{
	char **indexes = NULL;
	size_t nindexes = 0, cap = 0;
	memset(ls, 0, sizeof(*ls));
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		size_t n = strlen(name);
		int64_t base = log_segment_name_parse(name, "log");
		if (base >= 0) {
			if (ls->nbases == cap) {
				cap = cap ? cap * 2 : 16;
				int64_t *nb = realloc(ls->bases, cap * sizeof(*nb));
				if (!nb)
					abort();
				ls->bases = nb;
			}
			ls->bases[ls->nbases++] = base;
		} else if (log_segment_name_parse(name, "index") >= 0 ||
			   log_segment_name_parse(name, "timeindex") >= 0 ||
			   log_segment_name_parse(name, "txnindex") >= 0) {
			push_name(&indexes, &nindexes, name);
		} else if (n > 8 && !strcmp(name + n - 8, ".deleted")) {
			push_name(&ls->remove, &ls->nremove, name);
		}
	}
	closedir(d);
	if (ls->nbases)
		qsort(ls->bases, ls->nbases, sizeof(*ls->bases), cmp_i64);
	for (size_t i = 0; i < nindexes; i++) {
		int64_t base = strtoll(indexes[i], NULL, 10);
		if (!ls->nbases || !bsearch(&base, ls->bases, ls->nbases, sizeof(*ls->bases), cmp_i64))
			push_name(&ls->remove, &ls->nremove, indexes[i]);
		free(indexes[i]);
	}
	free(indexes);
	return 0;
}

/* Where the scan stopped, and what it means. */
struct outcome {
	int cut_seg;		/* segment cut at a bad batch, -1 none */
	int rebuilt;
	int64_t bytes_cut;
	int deleted;
};

static void detail_bad(struct log_recovery *rep, const struct segment *seg, const struct seg_scan *s,
		       const char *what)
{
	snprintf(rep->detail, sizeof(rep->detail),
		 "%s at offset %" PRId64 " (%s.log position %" PRId64 ": %s)", what,
		 s->next_offset, seg->path + strlen(seg->path) - SEGMENT_NAME_DIGITS, s->bad_pos,
		 s->why);
}

/* Write the outcome to disk: cut, delete, rebuilt indexes, leftovers. */
static int recover_apply(struct log *l, struct seg_scan *scans, struct dir_listing *ls,
			 struct outcome *o)
{
	char p[4096];
	int rc = 0;
	if (o->cut_seg >= 0) {
		struct segment *seg = l->segs[o->cut_seg];
		struct seg_scan *s = &scans[o->cut_seg];
		o->bytes_cut = seg->size - s->valid_size;
		if (ftruncate(seg->fd, (off_t)s->valid_size) < 0)
			return -errno;
		seg->size = s->valid_size;
		int later = l->nsegs - o->cut_seg - 1;
		for (int i = o->cut_seg + 1; i < l->nsegs; i++)
			o->bytes_cut += l->segs[i]->size;
		if ((rc = log_segments_delete(l, o->cut_seg + 1, later)))
			return rc;
		o->deleted = later;
	}
	for (int i = 0; i < l->nsegs; i++) {
		struct segment *seg = l->segs[i];
		struct seg_scan *s = &scans[i];
		if (!s->scanned)
			continue;
		seg->next_offset = s->next_offset;
		seg->max_ts = s->max_ts;
		seg->indexer = s->ixr;
		if ((rc = segment_file(p, sizeof(p), seg, ".index")) ||
		    (rc = index_write(&seg->oidx, p, s->oidx.data,
				      (uint32_t)(s->oidx.len / OFFSET_INDEX_ENTRY))) ||
		    (rc = segment_file(p, sizeof(p), seg, ".timeindex")) ||
		    (rc = index_write(&seg->tidx, p, s->tidx.data,
				      (uint32_t)(s->tidx.len / TIME_INDEX_ENTRY))))
			return rc;
		o->rebuilt++;
	}
	for (size_t i = 0; i < ls->nremove; i++) {
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", l->path, ls->remove[i]) < sizeof(p))
			unlink(p);
	}
	if (ls->nremove)
		l->dir_dirty = 1;
	return 0;
}

/* Segments, recovery point and log start once the files are settled. */
static int recover_finish(struct log *l, const struct log_open_args *a, int64_t rp)
{
	int rc;
	if (l->nsegs == 0) {
		struct segment *seg;
		int64_t base = a->log_start_offset > 0 ? a->log_start_offset : 0;
		if ((rc = segment_create(l->path, base, &seg)))
			return rc;
		log_segments_insert(l, seg);
		l->dir_dirty = 1;
	}
	if (l->dir_dirty) {
		if ((rc = dir_fsync(l->path)))
			return rc;
		l->dir_dirty = 0;
	}
	struct segment *act = log_active(l);
	if (act->size > 0) {
		/* segment.ms counts from the first batch's time, as Kafka does on reload. */
		struct batch_header h;
		act->roll_ms = a->now_ms;
		if (!segment_read_header(act, 0, &h) && h.max_timestamp >= 0 &&
		    h.max_timestamp < a->now_ms)
			act->roll_ms = h.max_timestamp;
	}
	int64_t leo = log_end_offset(l);
	if (rp > leo)
		say_warn("log %s: recovery point %" PRId64 " is beyond the log end %" PRId64
			 ": flushed data is missing", l->path, rp, leo);
	l->recovery_point = a->clean_shutdown || rp > leo ? leo : rp;
	l->start_offset = a->log_start_offset > l->segs[0]->base ? a->log_start_offset
								  : l->segs[0]->base;
	if (l->start_offset > leo)
		l->start_offset = leo;
	return 0;
}

/*
 * Read-only part: check trusted segments, scan the rest. Returns 0 with the
 * outcome, KAF_ECORRUPT with rep filled, or an I/O error.
 */
static int recover_check(struct log *l, int64_t rp, int first_scan, struct scan_buf *sb,
			 struct seg_scan *scans, struct outcome *o, struct log_recovery *rep)
{
	int rc;
	o->cut_seg = -1;
	for (int i = 0; i < l->nsegs; i++) {
		struct segment *seg = l->segs[i];
		int64_t next_base = i + 1 < l->nsegs ? l->segs[i + 1]->base : -1;
		struct seg_scan *s = &scans[i];
		if (i < first_scan && segment_check_indexes(seg, next_base) == 0)
			continue;
		/* Scanning this one: size the buffer to it, up to SCAN_CHUNK. */
		size_t want = seg->size < SCAN_CHUNK ? (size_t)seg->size : SCAN_CHUNK;
		if (want < BATCH_HEADER_SIZE)
			want = BATCH_HEADER_SIZE;
		if (want > sb->cap) {
			uint8_t *nd = realloc(sb->data, want);
			if (!nd)
				return -ENOMEM;
			sb->data = nd;
			sb->cap = want;
		}
		if ((rc = scan_segment(sb, &l->cfg, seg, next_base, i == first_scan ? rp : -1, s)))
			return rc;
		if (i >= first_scan)
			rep->segments_scanned++;
		rep->bytes_skipped += s->resumed_at;
		if (!s->bad)
			continue;
		if (i < first_scan || s->next_offset < rp) {
			rep->corrupt_offset = s->next_offset;
			detail_bad(rep, seg, s, "corrupt batch below the recovery point");
			return KAF_ECORRUPT;
		}
		o->cut_seg = i;
		return 0;
	}
	return 0;
}

int log_recover(struct log *l, const struct log_open_args *a, struct log_recovery *rep)
{
	struct dir_listing ls;
	struct scan_buf sb = { 0 };
	struct seg_scan *scans = NULL;
	struct outcome o = { .cut_seg = -1 };
	int64_t rp = a->recovery_point > 0 ? a->recovery_point : 0;
	int rc = log_recover_swap_files(l->path);
	if (rc || (rc = list_dir(l->path, &ls)))
		return rc;
	for (size_t i = 0; i < ls.nbases && !rc; i++) {
		struct segment *seg;
		if (!(rc = segment_open(l->path, ls.bases[i], &seg)))
			log_segments_insert(l, seg);
	}
	if (!rc && l->nsegs) {
		scans = calloc((size_t)l->nsegs, sizeof(*scans));
		if (!scans)
			rc = -ENOMEM;
	}
	if (!rc && l->nsegs) {
		int first_scan = a->clean_shutdown ? l->nsegs : log_segment_floor(l, rp);
		rc = recover_check(l, rp, first_scan, &sb, scans, &o, rep);
	}
	if (!rc)
		rc = recover_apply(l, scans, &ls, &o);
	if (!rc)
		rc = recover_finish(l, a, rp);
	if (!rc) {
		rep->segments = l->nsegs;
		rep->segments_deleted = o.deleted;
		rep->indexes_rebuilt = o.rebuilt;
		rep->bytes_truncated = o.bytes_cut;
		if (o.cut_seg >= 0) {
			struct seg_scan *s = &scans[o.cut_seg];
			rep->truncated_at_offset = s->next_offset;
			char what[96];
			snprintf(what, sizeof(what), "cut %" PRId64 " bytes, %d later segment%s deleted,",
				 o.bytes_cut, o.deleted, o.deleted == 1 ? "" : "s");
			detail_bad(rep, l->segs[o.cut_seg], s, what);
			say_warn("log %s: torn tail: %s", l->path, rep->detail);
		} else {
			snprintf(rep->detail, sizeof(rep->detail),
				 "%d segment%s, %d scanned, %d index%s rebuilt, nothing cut",
				 l->nsegs, l->nsegs == 1 ? "" : "s", rep->segments_scanned,
				 o.rebuilt, o.rebuilt == 1 ? "" : "es");
		}
	}
	for (int i = 0; scans && i < (int)ls.nbases; i++) {
		buf_release(&scans[i].oidx);
		buf_release(&scans[i].tidx);
	}
	free(scans);
	free(sb.data);
	listing_release(&ls);
	return rc;
}
