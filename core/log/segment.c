/*
 * One segment: "<base>.log" (record batches back to back) with its offset
 * and time indexes. Appends go to the tail with pwrite; readers find batches
 * through the offset index and then walk the 61-byte batch headers.
 * A segment is reference counted so a reader on another thread can keep its
 * file open after retention unlinked it.
 */
#include "core/log/log_impl.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/record/batch.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int segment_file(char *out, size_t n, const struct segment *seg, const char *suffix)
{
	if ((size_t)snprintf(out, n, "%s%s", seg->path, suffix) >= n)
		return -ENAMETOOLONG;
	return 0;
}

static struct segment *segment_alloc(const char *dir, int64_t base)
{
	size_t plen = strlen(dir) + 1 + SEGMENT_NAME_DIGITS + 1;
	struct segment *seg = calloc(1, sizeof(*seg) + plen);
	if (!seg)
		return NULL;
	snprintf(seg->path, plen, "%s/%020" PRId64, dir, base);
	seg->refs = 1;
	seg->fd = -1;
	seg->base = base;
	seg->next_offset = base;
	seg->max_ts = -1;
	seg->roll_ms = -1;
	seg->indexer = (struct indexer)INDEXER_INIT;
	index_init(&seg->oidx, OFFSET_INDEX_ENTRY);
	index_init(&seg->tidx, TIME_INDEX_ENTRY);
	return seg;
}

int segment_open(const char *dir, int64_t base, struct segment **out)
{
	char p[4096];
	*out = NULL;
	struct segment *seg = segment_alloc(dir, base);
	if (!seg)
		return -ENOMEM;
	int rc = segment_file(p, sizeof(p), seg, ".log");
	if (!rc) {
		seg->fd = open(p, O_RDWR | O_CLOEXEC);
		if (seg->fd < 0)
			rc = -errno;
	}
	struct stat st;
	if (!rc && fstat(seg->fd, &st) < 0)
		rc = -errno;
	if (rc) {
		segment_unref(seg);
		return rc;
	}
	seg->size = st.st_size;
	*out = seg;
	return 0;
}

static int touch_empty(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int segment_create(const char *dir, int64_t base, struct segment **out)
{
	char p[4096];
	*out = NULL;
	struct segment *seg = segment_alloc(dir, base);
	if (!seg)
		return -ENOMEM;
	int rc = segment_file(p, sizeof(p), seg, ".log");
	if (!rc) {
		seg->fd = open(p, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (seg->fd < 0)
			rc = -errno;
	}
	if (!rc && !(rc = segment_file(p, sizeof(p), seg, ".index")))
		rc = touch_empty(p);
	if (!rc && !(rc = segment_file(p, sizeof(p), seg, ".timeindex")))
		rc = touch_empty(p);
	if (rc) {
		segment_delete_files(seg);
		segment_unref(seg);
		return rc;
	}
	*out = seg;
	return 0;
}

void segment_ref(struct segment *seg)
{
	__atomic_add_fetch(&seg->refs, 1, __ATOMIC_RELAXED);
}

void segment_unref(struct segment *seg)
{
	if (!seg || __atomic_sub_fetch(&seg->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	index_release(&seg->oidx);
	index_release(&seg->tidx);
	if (seg->fd >= 0)
		close(seg->fd);
	free(seg);
}

int segment_delete_files(struct segment *seg)
{
	static const char *const suffixes[] = { ".log", ".index", ".timeindex", ".txnindex" };
	char p[4096];
	int rc = 0;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		if (segment_file(p, sizeof(p), seg, suffixes[i]) == 0 && unlink(p) < 0 &&
		    errno != ENOENT && !rc)
			rc = -errno;
	}
	seg->deleted = 1;
	return rc;
}

int segment_open_for_append(struct segment *seg, const struct log_config *cfg)
{
	char p[4096];
	int64_t bytes = cfg->segment_index_bytes > 0 ? cfg->segment_index_bytes : 0;
	int rc;
	if (!seg->oidx.writable) {
		if ((rc = segment_file(p, sizeof(p), seg, ".index")) ||
		    (rc = index_make_writable(&seg->oidx, p, (uint32_t)(bytes / OFFSET_INDEX_ENTRY))))
			return rc;
	}
	if (!seg->tidx.writable) {
		if ((rc = segment_file(p, sizeof(p), seg, ".timeindex")) ||
		    (rc = index_make_writable(&seg->tidx, p, (uint32_t)(bytes / TIME_INDEX_ENTRY))))
			return rc;
	}
	return 0;
}

int segment_close_active(struct segment *seg)
{
	int rc = index_trim(&seg->oidx);
	int rc2 = index_trim(&seg->tidx);
	seg->index_dirty = 1;
	return rc ? rc : rc2;
}

int segment_map_indexes(struct segment *seg)
{
	char p[4096];
	int rc;
	if ((rc = segment_file(p, sizeof(p), seg, ".index")) || (rc = index_map(&seg->oidx, p)))
		return rc;
	if ((rc = segment_file(p, sizeof(p), seg, ".timeindex")) || (rc = index_map(&seg->tidx, p)))
		return rc;
	return 0;
}

int segment_append(struct segment *seg, const struct log_config *cfg, const uint8_t *p,
		   size_t len, int64_t now_ms)
{
	int rc = segment_open_for_append(seg, cfg);
	if (rc)
		return rc;
	rc = pwrite_full(seg->fd, p, len, seg->size);
	if (rc) {
		/* Leave no partial batch behind for readers or recovery. */
		if (ftruncate(seg->fd, (off_t)seg->size) < 0)
			rc = rc ? rc : -errno;
		return rc;
	}
	size_t off = 0;
	int64_t last = seg->next_offset - 1;
	while (off < len) {
		struct batch_header h;
		uint8_t oent[OFFSET_INDEX_ENTRY], tent[TIME_INDEX_ENTRY];
		batch_header_parse(p + off, len - off, &h);
		last = batch_last_offset(&h);
		int what = indexer_step(&seg->indexer, cfg->index_interval_bytes,
					seg->size + (int64_t)off, (int64_t)batch_total_size(&h),
					(int32_t)(last - seg->base), h.max_timestamp, oent, tent);
		/* A full index only costs lookup speed; the caller rolls before that. */
		if ((what & INDEXER_OFFSET) && seg->oidx.n < seg->oidx.cap)
			index_append(&seg->oidx, oent);
		if ((what & INDEXER_TIME) && seg->tidx.n < seg->tidx.cap)
			index_append(&seg->tidx, tent);
		if (h.max_timestamp > seg->max_ts)
			seg->max_ts = h.max_timestamp;
		off += batch_total_size(&h);
	}
	if (seg->size == 0)
		seg->roll_ms = now_ms;
	seg->size += (int64_t)len;
	seg->next_offset = last + 1;
	seg->dirty = 1;
	seg->index_dirty = 1;
	return 0;
}

int segment_read_header(struct segment *seg, int64_t pos, struct batch_header *h)
{
	uint8_t hdr[BATCH_HEADER_SIZE];
	if (pos < 0 || pos + BATCH_HEADER_SIZE > seg->size)
		return KAF_ECORRUPT;
	int rc = pread_full(seg->fd, hdr, sizeof(hdr), pos);
	if (rc)
		return rc == KAF_ETRUNC ? KAF_ECORRUPT : rc;
	rc = batch_header_parse(hdr, sizeof(hdr), h);
	if (rc)
		return KAF_ECORRUPT;
	/* Trusted files were not scanned: keep their offsets computable and in the file. */
	if ((int64_t)batch_total_size(h) > seg->size - pos ||
	    h->base_offset > INT64_MAX - h->last_offset_delta)
		return KAF_ECORRUPT;
	return 0;
}

int segment_entry_agrees(const struct segment *seg, int32_t rel, const struct batch_header *h)
{
	return h->base_offset >= seg->base && batch_last_offset(h) <= seg->base + rel;
}

int64_t segment_seek(struct segment *seg, int64_t offset, struct batch_header *h, int *have)
{
	*have = 0;
	if (segment_map_indexes(seg))
		return 0;
	int64_t rel = offset - seg->base;
	if (rel > INT32_MAX)
		rel = INT32_MAX;
	int64_t i = oidx_floor(&seg->oidx, rel);
	if (i < 0)
		return 0;
	int32_t r, ep;
	oidx_entry(index_entry(&seg->oidx, (uint32_t)i), &r, &ep);
	/* Only the last entry was checked at open: trust an entry once its batch agrees. */
	if (segment_read_header(seg, ep, h) == 0 && segment_entry_agrees(seg, r, h)) {
		*have = 1;
		return ep;
	}
	if (!seg->index_warned)
		say_warn("segment %s.index disagrees with its log; reading without it", seg->path);
	seg->index_warned = 1;
	return 0;
}

int segment_find(struct segment *seg, int64_t offset, int64_t *pos, struct batch_header *h)
{
	int rc, have;
	if (offset >= seg->next_offset)
		return KAF_ENOTFOUND;
	int64_t p = segment_seek(seg, offset, h, &have);
	while (p < seg->size) {
		if (!have && (rc = segment_read_header(seg, p, h)))
			return rc;
		have = 0;
		if (batch_last_offset(h) >= offset) {
			*pos = p;
			return 0;
		}
		p += (int64_t)batch_total_size(h);
	}
	return KAF_ENOTFOUND;
}

int segment_walk_tail(struct segment *seg, int64_t pos, int64_t prev_last, int64_t next_base)
{
	int64_t last = prev_last, bytes = 0;
	while (pos < seg->size) {
		struct batch_header h;
		if (segment_read_header(seg, pos, &h))
			return KAF_ECORRUPT;
		int64_t total = (int64_t)batch_total_size(&h);
		if (h.base_offset <= last || h.base_offset < seg->base ||
		    h.base_offset > INT64_MAX - h.last_offset_delta)
			return KAF_ECORRUPT;
		last = batch_last_offset(&h);
		if (last - seg->base > INT32_MAX || (next_base >= 0 && last >= next_base) ||
		    pos + total > INT32_MAX)
			return KAF_ECORRUPT;
		if (h.max_timestamp > seg->max_ts)
			seg->max_ts = h.max_timestamp;
		if (h.max_timestamp > seg->indexer.run_ts) {
			seg->indexer.run_ts = h.max_timestamp;
			seg->indexer.run_rel = (int32_t)(last - seg->base);
		}
		bytes += total;
		pos += total;
	}
	if (pos != seg->size)
		return KAF_ECORRUPT;
	seg->next_offset = last >= seg->base ? last + 1 : seg->base;
	seg->indexer.bytes_since = bytes;
	return 0;
}

int segment_truncate(struct segment *seg, int64_t offset)
{
	char p[4096];
	int64_t pos;
	struct batch_header h;
	int rc = segment_find(seg, offset, &pos, &h);
	if (rc == KAF_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (ftruncate(seg->fd, (off_t)pos) < 0)
		return -errno;
	seg->size = pos;
	seg->dirty = 1;
	seg->index_dirty = 1;

	uint32_t on = oidx_count_below_pos(&seg->oidx, pos);
	uint32_t tn = tidx_count_below(&seg->tidx, offset - seg->base);
	if ((rc = segment_file(p, sizeof(p), seg, ".index")) ||
	    (rc = index_truncate(&seg->oidx, p, on)))
		return rc;
	if ((rc = segment_file(p, sizeof(p), seg, ".timeindex")) ||
	    (rc = index_truncate(&seg->tidx, p, tn)))
		return rc;
	if ((rc = segment_map_indexes(seg)))
		return rc;

	/* The last time entry left, then the walk from the last offset entry,
	 * give the largest timestamp left (see struct indexer). */
	seg->max_ts = -1;
	seg->indexer = (struct indexer)INDEXER_INIT;
	if (tn) {
		int64_t ts;
		int32_t rel;
		tidx_entry(index_entry(&seg->tidx, tn - 1), &ts, &rel);
		seg->max_ts = seg->indexer.last_ts = seg->indexer.run_ts = ts;
		seg->indexer.run_rel = rel;
	}
	int64_t from = 0;
	if (on) {
		int32_t rel, ep;
		oidx_entry(index_entry(&seg->oidx, on - 1), &rel, &ep);
		from = ep;
	}
	rc = segment_walk_tail(seg, from, seg->base - 1, -1);
	if (seg->size == 0) {
		seg->roll_ms = -1;
	} else if (seg->roll_ms < 0 && !rc) {
		/* A closed segment becoming active: segment.ms from its first batch, as on reload. */
		if (!segment_read_header(seg, 0, &h) && h.max_timestamp >= 0)
			seg->roll_ms = h.max_timestamp;
	}
	return rc;
}

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	int rc = fsync(fd) < 0 ? -errno : 0;
	close(fd);
	return rc;
}

int segment_sync_files(struct segment *seg, int indexes)
{
	static const char *const suffixes[] = { ".index", ".timeindex" };
	char p[4096];
	if (fdatasync(seg->fd) < 0)
		return -errno;
	for (int i = 0; indexes && i < 2; i++) {
		int rc = segment_file(p, sizeof(p), seg, suffixes[i]);
		if (!rc)
			rc = fsync_path(p);
		if (rc && rc != -ENOENT)
			return rc;
	}
	return 0;
}

int segment_flush(struct segment *seg)
{
	char p[4096];
	int rc;
	if (seg->dirty) {
		if (fdatasync(seg->fd) < 0)
			return -errno;
		seg->dirty = 0;
	}
	if (!seg->index_dirty)
		return 0;
	if (seg->oidx.writable)
		rc = index_sync(&seg->oidx);
	else if (!(rc = segment_file(p, sizeof(p), seg, ".index")))
		rc = fsync_path(p);
	if (rc)
		return rc;
	if (seg->tidx.writable)
		rc = index_sync(&seg->tidx);
	else if (!(rc = segment_file(p, sizeof(p), seg, ".timeindex")))
		rc = fsync_path(p);
	if (rc)
		return rc;
	seg->index_dirty = 0;
	return 0;
}
