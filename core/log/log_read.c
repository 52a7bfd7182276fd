/*
 * Reading a partition log: by offset (the offset index's floor entry, then a
 * walk over 61-byte batch headers with pread) into slices of whole batches
 * pinned by a segment reference, and by timestamp (the time index, then the
 * headers, then the records of the one batch that matters).
 */
#include "core/log/log_impl.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/record/batch.h"

#include <errno.h>
#include <stdlib.h>

/* Cap on a batch's decompressed records when searching by timestamp. */
#define LOG_MAX_UNCOMPRESSED (256 << 20)

/* The batch at pos if it ends within limit and starts below max_offset. */
static int batch_fits(struct segment *seg, int64_t pos, int64_t limit, int64_t max_offset,
		      struct batch_header *h, int *fits)
{
	int rc = segment_read_header(seg, pos, h);
	if (rc)
		return rc;
	*fits = pos + (int64_t)batch_total_size(h) <= limit && h->base_offset < max_offset;
	return 0;
}

/*
 * Extend a slice from the batch at pos over the following whole batches that
 * end within limit and start below max_offset. The offset index skips most
 * of the walk: every batch before an entry whose batch fits fits too.
 */
static int slice_extend(struct segment *seg, int64_t pos, const struct batch_header *first,
			int64_t limit, int64_t max_offset, int64_t *end, int64_t *last)
{
	struct batch_header h;
	int rc, fits;
	int64_t cur = pos + (int64_t)batch_total_size(first);
	*last = batch_last_offset(first);
	if (seg->next_offset <= max_offset && seg->size <= limit) {
		*end = seg->size;
		*last = seg->next_offset - 1;
		return 0;
	}
	int64_t j = oidx_floor_pos(&seg->oidx, limit, max_offset - seg->base);
	for (int tries = 0; j >= 0 && tries < 2; tries++, j--) {
		int32_t rel, ep;
		oidx_entry(index_entry(&seg->oidx, (uint32_t)j), &rel, &ep);
		if (ep < cur)
			break;
		if ((rc = batch_fits(seg, ep, limit, max_offset, &h, &fits)))
			return rc;
		if (!segment_entry_agrees(seg, rel, &h))
			break;	/* an entry that disagrees with the log: walk instead */
		if (fits) {
			cur = ep + (int64_t)batch_total_size(&h);
			*last = batch_last_offset(&h);
			break;
		}
	}
	while (cur < seg->size) {
		if ((rc = batch_fits(seg, cur, limit, max_offset, &h, &fits)))
			return rc;
		if (!fits)
			break;
		cur += (int64_t)batch_total_size(&h);
		*last = batch_last_offset(&h);
	}
	*end = cur;
	return 0;
}

int log_read(struct log *l, int64_t offset, size_t max_bytes, int64_t max_offset,
	     struct log_slice *out)
{
	*out = (struct log_slice){ .seg = NULL, .fd = -1, .first_offset = offset,
				   .next_offset = offset };
	int64_t leo = log_end_offset(l);
	if (offset < l->start_offset || offset > leo)
		return KAF_ERANGE;
	if (max_offset > leo)
		max_offset = leo;
	if (offset >= max_offset)
		return 0;
	for (int i = log_segment_floor(l, offset); i < l->nsegs; i++) {
		struct segment *seg = l->segs[i];
		struct batch_header h;
		int64_t pos, end, last;
		int rc = segment_find(seg, offset, &pos, &h);
		if (rc == KAF_ENOTFOUND)
			continue;
		if (rc)
			return rc;
		if (h.base_offset >= max_offset)
			return 0;
		int64_t limit = max_bytes > (size_t)(INT64_MAX - pos) ? INT64_MAX
								     : pos + (int64_t)max_bytes;
		if ((rc = slice_extend(seg, pos, &h, limit, max_offset, &end, &last)))
			return rc;
		segment_ref(seg);
		out->seg = seg;
		out->fd = seg->fd;
		out->pos = pos;
		out->len = (size_t)(end - pos);
		out->first_offset = h.base_offset;
		out->next_offset = last + 1;
		return 0;
	}
	return 0;
}

void log_slice_release(struct log_slice *s)
{
	if (s->seg)
		segment_unref(s->seg);
	s->seg = NULL;
	s->fd = -1;
	s->len = 0;
}

/* The first record at or after start_offset with timestamp >= ts in the batch at pos. */
static int batch_search_ts(struct segment *seg, int64_t pos, const struct batch_header *h,
			   int64_t ts, int64_t start_offset, int64_t *offset, int64_t *timestamp)
{
	size_t total = batch_total_size(h);
	uint8_t *b = malloc(total);	/* total was checked against the segment's size */
	if (!b)
		return -ENOMEM;
	int rc = pread_full(seg->fd, b, total, pos);
	struct record_iter it;
	if (!rc)
		rc = record_iter_init(&it, b, total, LOG_MAX_UNCOMPRESSED);
	if (rc) {
		free(b);
		return rc == KAF_ETRUNC ? KAF_ECORRUPT : rc;
	}
	struct record r;
	rc = KAF_ENOTFOUND;
	int more;
	while ((more = record_iter_next(&it, &r)) > 0) {
		if (r.timestamp >= ts && r.offset >= start_offset) {
			*offset = r.offset;
			*timestamp = r.timestamp;
			rc = 0;
			break;
		}
	}
	if (more < 0)
		rc = more;
	record_iter_release(&it);
	free(b);
	return rc;
}

static int segment_search_ts(struct segment *seg, int64_t ts, int64_t start_offset,
			     int64_t *offset, int64_t *timestamp)
{
	struct batch_header h;
	int have = 0, rc = segment_map_indexes(seg);
	if (rc)
		return rc;
	/* Nothing before the floor entry's offset reaches ts: start at its batch. */
	int64_t pos = 0, j = tidx_floor(&seg->tidx, ts);
	if (j >= 0) {
		int64_t ets;
		int32_t rel;
		tidx_entry(index_entry(&seg->tidx, (uint32_t)j), &ets, &rel);
		pos = segment_seek(seg, seg->base + rel, &h, &have);
	}
	while (pos < seg->size) {
		if (!have && (rc = segment_read_header(seg, pos, &h)))
			return rc;
		have = 0;
		if (h.max_timestamp >= ts && batch_last_offset(&h) >= start_offset) {
			rc = batch_search_ts(seg, pos, &h, ts, start_offset, offset, timestamp);
			if (rc != KAF_ENOTFOUND)
				return rc;
		}
		pos += (int64_t)batch_total_size(&h);
	}
	return KAF_ENOTFOUND;
}

int log_offset_for_timestamp(struct log *l, int64_t ts, int64_t *offset, int64_t *timestamp)
{
	for (int i = 0; i < l->nsegs; i++) {
		struct segment *seg = l->segs[i];
		if (seg->max_ts < ts || seg->next_offset <= l->start_offset)
			continue;
		int rc = segment_search_ts(seg, ts, l->start_offset, offset, timestamp);
		if (rc != KAF_ENOTFOUND)
			return rc;
	}
	return KAF_ENOTFOUND;
}
