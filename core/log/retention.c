/*
 * Removing data from a partition log: retention (by time, by size, below
 * the log start offset), DeleteRecords, and a follower's truncation.
 * Whole segments go from the oldest end only, and never the active one;
 * truncation cuts at a batch boundary from the newest end.
 */
#include "core/log/log_impl.h"
#include "core/base/err.h"

#include <sys/stat.h>

/* A segment's age: its largest timestamp, else the file's modification time (as Kafka). */
static int64_t segment_largest_ts(const struct segment *seg)
{
	struct stat st;
	if (seg->max_ts >= 0)
		return seg->max_ts;
	if (fstat(seg->fd, &st) < 0)
		return -1;
	return (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
}

/* Closed segments at the front lying wholly below the log start offset. */
static int below_start(const struct log *l, int k)
{
	while (k < l->nsegs - 1 && l->segs[k + 1]->base <= l->start_offset)
		k++;
	return k;
}

static int drop_front(struct log *l, int k)
{
	int rc = log_segments_delete(l, 0, k);
	if (l->start_offset < l->segs[0]->base)
		l->start_offset = l->segs[0]->base;
	return rc;
}

int log_enforce_retention(struct log *l, int64_t now_ms, struct log_retention_result *res)
{
	struct log_retention_result scratch;
	if (!res)
		res = &scratch;
	res->segments_deleted = 0;
	res->bytes_deleted = 0;
	int closed = l->nsegs - 1, k = 0;
	if (l->cfg.cleanup_policy & LOG_CLEANUP_DELETE) {
		if (l->cfg.retention_ms >= 0)
			while (k < closed &&
			       now_ms - segment_largest_ts(l->segs[k]) > l->cfg.retention_ms)
				k++;
		if (l->cfg.retention_bytes >= 0) {
			int64_t diff = -l->cfg.retention_bytes;
			for (int i = k; i < l->nsegs; i++)
				diff += l->segs[i]->size;
			while (k < closed && diff - l->segs[k]->size >= 0)
				diff -= l->segs[k++]->size;
		}
	}
	k = below_start(l, k);
	for (int i = 0; i < k; i++)
		res->bytes_deleted += l->segs[i]->size;
	res->segments_deleted = k;
	return drop_front(l, k);
}

int log_delete_records_before(struct log *l, int64_t offset)
{
	if (offset > log_end_offset(l) || offset < 0)
		return KAF_ERANGE;
	if (offset <= l->start_offset)
		return 0;
	l->start_offset = offset;
	return drop_front(l, below_start(l, 0));
}

/* Everything goes; the log restarts empty at offset (below the log start). */
static int truncate_fully(struct log *l, int64_t offset)
{
	int rc = log_segments_delete(l, 1, l->nsegs - 1);
	if (rc)
		return rc;
	struct segment *old = l->segs[0], *seg;
	if (old->base == offset)
		return segment_truncate(old, offset);
	if ((rc = segment_create(l->path, offset, &seg)))
		return rc;
	log_segments_insert(l, seg);
	l->dir_dirty = 1;
	/* The new segment sorts before or after the old one; remove the old either way. */
	return log_segments_delete(l, l->segs[0] == old ? 0 : 1, 1);
}

int log_truncate_to(struct log *l, int64_t offset)
{
	if (offset < 0)
		return KAF_ERANGE;
	if (l->failed)
		return KAF_EOFFLINE;
	if (offset >= log_end_offset(l))
		return 0;
	int rc;
	if (offset < l->start_offset) {
		rc = truncate_fully(l, offset);
		if (!rc)
			l->start_offset = offset;
	} else {
		int i = log_segment_floor(l, offset);
		rc = log_segments_delete(l, i + 1, l->nsegs - i - 1);
		if (!rc)
			rc = segment_truncate(log_active(l), offset);
	}
	if (rc) {
		log_fail(l, "truncating", rc);
		return rc;
	}
	int64_t leo = log_end_offset(l);
	if (l->recovery_point > leo)
		l->recovery_point = leo;
	if (l->start_offset > leo)
		l->start_offset = leo;
	return 0;
}
