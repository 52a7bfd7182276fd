/*
 * Segment index files (.index, .timeindex): fixed-size big-endian entries,
 * mapped into memory so lookups never touch the disk.
 *
 *   .index      off 0  relativeOffset i32   last offset of the batch - base
 *               off 4  position i32         where that batch starts in .log
 *   .timeindex  off 0  timestamp i64        largest maxTimestamp so far
 *               off 8  relativeOffset i32   last offset of the batch carrying it
 *
 * Both are sorted by every field. A writable (active) file is preallocated
 * with zeros, so a crash leaves a zero tail; closed files are trimmed to
 * their entries, which Kafka's own readers expect.
 */
#include "core/log/log_impl.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void index_init(struct index_file *ix, uint8_t esize)
{
	memset(ix, 0, sizeof(*ix));
	ix->esize = esize;
	ix->fd = -1;
}

static void index_unmap(struct index_file *ix)
{
	if (ix->map)
		munmap(ix->map, ix->map_len);
	ix->map = NULL;
	ix->map_len = 0;
}

int index_load(struct index_file *ix, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -errno;
	if (st.st_size % ix->esize || st.st_size / ix->esize > UINT32_MAX)
		return KAF_ECORRUPT;
	index_unmap(ix);
	ix->n = (uint32_t)(st.st_size / ix->esize);
	return 0;
}

int index_map(struct index_file *ix, const char *path)
{
	if (ix->map || ix->n == 0)
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
	} else {
		/* Someone may have shortened the file under us: never map past its end. */
		if ((uint64_t)st.st_size < (uint64_t)ix->n * ix->esize)
			ix->n = (uint32_t)(st.st_size / ix->esize);
		size_t len = (size_t)ix->n * ix->esize;
		if (len) {
			void *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
			if (m == MAP_FAILED) {
				rc = -errno;
			} else {
				ix->map = m;
				ix->map_len = len;
			}
		}
	}
	close(fd);
	return rc;
}

int index_make_writable(struct index_file *ix, const char *path, uint32_t cap)
{
	if (ix->writable)
		return 0;
	index_unmap(ix);
	if (cap < ix->n)
		cap = ix->n;
	if (cap == 0)
		cap = 1;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	size_t len = (size_t)cap * ix->esize;
	int rc = 0;
	struct stat st;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if ((uint64_t)st.st_size < (uint64_t)ix->n * ix->esize)
		rc = KAF_ECORRUPT;	/* entries we counted are gone */
	else if (ftruncate(fd, (off_t)len) < 0)
		rc = -errno;
	void *m = MAP_FAILED;
	if (!rc) {
		m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED)
			rc = -errno;
		else
			/*
			 * Appends touch the preallocated hole a page at a time;
			 * readahead would zero-fill large folios of it on every
			 * first touch (most of the broker's CPU with many
			 * partitions).
			 */
			(void)madvise(m, len, MADV_RANDOM);
	}
	if (rc) {
		close(fd);
		return rc;
	}
	ix->map = m;
	ix->map_len = len;
	ix->fd = fd;
	ix->cap = cap;
	ix->writable = 1;
	return 0;
}

void index_append(struct index_file *ix, const uint8_t *entry)
{
	memcpy(ix->map + (size_t)ix->n * ix->esize, entry, ix->esize);
	ix->n++;
}

int index_truncate(struct index_file *ix, const char *path, uint32_t n)
{
	if (n >= ix->n)
		return 0;
	if (ix->writable) {
		memset(ix->map + (size_t)n * ix->esize, 0, (size_t)(ix->n - n) * ix->esize);
		ix->n = n;
		return 0;
	}
	index_unmap(ix);
	ix->n = n;
	if (truncate(path, (off_t)n * ix->esize) < 0)
		return -errno;
	return 0;
}

int index_trim(struct index_file *ix)
{
	if (!ix->writable)
		return 0;
	int rc = 0;
	index_unmap(ix);
	if (ftruncate(ix->fd, (off_t)ix->n * ix->esize) < 0)
		rc = -errno;
	close(ix->fd);
	ix->fd = -1;
	ix->writable = 0;
	ix->cap = 0;
	return rc;
}

int index_write(struct index_file *ix, const char *path, const uint8_t *entries, uint32_t n)
{
	index_release(ix);
	/* Overwrite, then cut: no truncation to zero, which ext4 answers with a flush. */
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	size_t len = (size_t)n * ix->esize;
	int rc = pwrite_full(fd, entries, len, 0);
	if (!rc && ftruncate(fd, (off_t)len) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	ix->n = rc ? 0 : n;
	return rc;
}

int index_sync(struct index_file *ix)
{
	if (!ix->writable)
		return 0;
	if (ix->map && msync(ix->map, ix->map_len, MS_SYNC) < 0)
		return -errno;
	if (fdatasync(ix->fd) < 0)
		return -errno;
	return 0;
}

void index_release(struct index_file *ix)
{
	index_unmap(ix);
	if (ix->fd >= 0)
		close(ix->fd);
	ix->fd = -1;
	ix->writable = 0;
	ix->cap = 0;
}

void oidx_entry(const uint8_t *e, int32_t *rel, int32_t *pos)
{
	*rel = (int32_t)be32_get(e);
	*pos = (int32_t)be32_get(e + 4);
}

void tidx_entry(const uint8_t *e, int64_t *ts, int32_t *rel)
{
	*ts = (int64_t)be64_get(e);
	*rel = (int32_t)be32_get(e + 8);
}

void oidx_encode(uint8_t *e, int32_t rel, int32_t pos)
{
	be32_put(e, (uint32_t)rel);
	be32_put(e + 4, (uint32_t)pos);
}

void tidx_encode(uint8_t *e, int64_t ts, int32_t rel)
{
	be64_put(e, (uint64_t)ts);
	be32_put(e + 8, (uint32_t)rel);
}

/* Number of leading entries for which below(entry) holds (entries sorted). */
static uint32_t index_count_while(const struct index_file *ix,
				  int (*below)(const uint8_t *e, int64_t a, int64_t b),
				  int64_t a, int64_t b)
{
	uint32_t lo = 0, hi = ix->map ? ix->n : 0;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (below(index_entry(ix, mid), a, b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int oidx_rel_le(const uint8_t *e, int64_t rel, int64_t unused)
{
	return (int64_t)(int32_t)be32_get(e) <= rel;
}

static int oidx_pos_rel(const uint8_t *e, int64_t pos, int64_t rel_limit)
{
	return (int64_t)(int32_t)be32_get(e + 4) <= pos && (int64_t)(int32_t)be32_get(e) < rel_limit;
}

static int oidx_pos_lt(const uint8_t *e, int64_t pos, int64_t unused)
{
	return (int64_t)(int32_t)be32_get(e + 4) < pos;
}

static int tidx_ts_le(const uint8_t *e, int64_t ts, int64_t unused)
{
	return (int64_t)be64_get(e) <= ts;
}

static int tidx_rel_lt(const uint8_t *e, int64_t rel, int64_t unused)
{
	return (int64_t)(int32_t)be32_get(e + 8) < rel;
}

int64_t oidx_floor(const struct index_file *ix, int64_t rel)
{
	return (int64_t)index_count_while(ix, oidx_rel_le, rel, 0) - 1;
}

int64_t oidx_floor_pos(const struct index_file *ix, int64_t pos, int64_t rel_limit)
{
	return (int64_t)index_count_while(ix, oidx_pos_rel, pos, rel_limit) - 1;
}

uint32_t oidx_count_below_pos(const struct index_file *ix, int64_t pos)
{
	return index_count_while(ix, oidx_pos_lt, pos, 0);
}

int64_t tidx_floor(const struct index_file *ix, int64_t ts)
{
	return (int64_t)index_count_while(ix, tidx_ts_le, ts, 0) - 1;
}

uint32_t tidx_count_below(const struct index_file *ix, int64_t rel)
{
	return index_count_while(ix, tidx_rel_lt, rel, 0);
}

int indexer_step(struct indexer *ix, int64_t interval, int64_t pos, int64_t total,
		 int32_t last_rel, int64_t max_ts, uint8_t oent[OFFSET_INDEX_ENTRY],
		 uint8_t tent[TIME_INDEX_ENTRY])
{
	int what = 0;
	if (max_ts > ix->run_ts) {
		ix->run_ts = max_ts;
		ix->run_rel = last_rel;
	}
	if (ix->bytes_since > interval) {
		oidx_encode(oent, last_rel, (int32_t)pos);
		ix->bytes_since = 0;
		what |= INDEXER_OFFSET;
		if (ix->run_ts > ix->last_ts) {
			tidx_encode(tent, ix->run_ts, ix->run_rel);
			ix->last_ts = ix->run_ts;
			what |= INDEXER_TIME;
		}
	}
	ix->bytes_since += total;
	return what;
}
