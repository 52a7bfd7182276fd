/*
 * Settling an interrupted compaction when a log is opened, before its
 * segments are listed (the files' order of appearance is in compact_impl.h):
 *
 *   "*.cleaned"                 partial output: deleted;
 *   "B.log.swap"                a complete swap: the old segments whose base
 *                               lies in [B, last offset in B.log.swap] are
 *                               unlinked (B's own files are renamed over),
 *                               then B's index ".swap" files and B.log.swap
 *                               are renamed into place;
 *   "B.<index>.swap" alone      an incomplete swap: deleted (the old segments
 *                               are all still there);
 *   a B.log.swap that is not whole batches is damage (ours are fsynced
 *   before they get the name): it and its index swaps stay for the operator.
 *
 * As in the commit, the unlinks are made durable before the renames, so an
 * old segment never reappears beside the new one that covers its offsets.
 * Index files are derived data: if one is stale or missing after a crash,
 * the normal index check rebuilds it.
 */
#include "core/log/compact_impl.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/record/batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const index_swaps[] = { ".index", ".timeindex", ".txnindex" };
#define NINDEX (sizeof(index_swaps) / sizeof(index_swaps[0]))
static const char *const segment_files[] = { ".log", ".index", ".timeindex", ".txnindex" };
#define NSEGFILES (sizeof(segment_files) / sizeof(segment_files[0]))

struct i64s {
	int64_t *v;
	size_t n;
	size_t cap;
};

static void i64s_push(struct i64s *a, int64_t x)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		int64_t *nv = realloc(a->v, cap * sizeof(*nv));
		if (!nv)
			abort();
		a->v = nv;
		a->cap = cap;
	}
	a->v[a->n++] = x;
}

static int i64s_has(const struct i64s *a, int64_t x)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i] == x)
			return 1;
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* What the directory holds of compaction's files. */
struct swap_scan {
	struct i64s logs;	/* bases of ".log" files */
	struct i64s swaps;	/* bases of ".log.swap" files */
	struct i64s idx;	/* bases of index ".swap" files */
	struct i64s txn;	/* bases of ".txnindex.swap" files */
	int changed;
};

/* The base of an index ".swap" file, -1 when name is none; *txn for a transaction index. */
static int64_t index_swap_base(const char *name, int *txn)
{
	char sfx[32];
	for (size_t i = 0; i < NINDEX; i++) {
		snprintf(sfx, sizeof(sfx), "%s.swap", index_swaps[i] + 1);
		int64_t base = log_segment_name_parse(name, sfx);
		*txn = !strcmp(index_swaps[i], ".txnindex");
		if (base >= 0)
			return base;
	}
	return -1;
}

static int scan_dir(const char *dir, struct swap_scan *s)
{
	char p[4096];
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		size_t n = strlen(name);
		int64_t base;
		int txn;
		if (n > 8 && !strcmp(name + n - 8, ".cleaned")) {
			if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, name) < sizeof(p) &&
			    unlink(p) == 0)
				s->changed = 1;
		} else if ((base = log_segment_name_parse(name, "log")) >= 0) {
			i64s_push(&s->logs, base);
		} else if ((base = log_segment_name_parse(name, "log.swap")) >= 0) {
			i64s_push(&s->swaps, base);
		} else if ((base = index_swap_base(name, &txn)) >= 0) {
			i64s_push(&s->idx, base);
			if (txn)
				i64s_push(&s->txn, base);
		} else if (n > 5 && !strcmp(name + n - 5, ".swap")) {
			say_warn("log %s: unknown leftover %s left in place", dir, name);
		}
	}
	closedir(d);
	if (s->swaps.n)
		qsort(s->swaps.v, s->swaps.n, sizeof(*s->swaps.v), cmp_i64);
	return 0;
}

/* Unlink "<base><suffix>" for each suffix; ENOENT is fine. */
static int unlink_files(const char *dir, int64_t base, const char *const *sfx, size_t n,
			const char *extra)
{
	char p[4096], name[32];
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s%s", sfx[i], extra);
		int rc = log_segment_path(p, sizeof(p), dir, base, name);
		if (rc)
			return rc;
		if (unlink(p) < 0 && errno != ENOENT)
			return -errno;
	}
	return 0;
}

/* One past the last offset in "<base>.log.swap" (base when empty); KAF_ECORRUPT if torn. */
static int swap_end(const char *dir, int64_t base, int64_t *end)
{
	char p[4096];
	int rc = log_segment_path(p, sizeof(p), dir, base, ".log.swap");
	if (rc)
		return rc;
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	int64_t pos = 0, last = base - 1;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	while (!rc && pos < st.st_size) {
		uint8_t hdr[BATCH_HEADER_SIZE];
		struct batch_header h;
		if (st.st_size - pos < BATCH_HEADER_SIZE ||
		    pread_full(fd, hdr, sizeof(hdr), pos) ||
		    batch_header_parse(hdr, sizeof(hdr), &h) ||
		    (int64_t)batch_total_size(&h) > st.st_size - pos || h.base_offset <= last ||
		    h.base_offset > INT64_MAX - h.last_offset_delta) {
			rc = KAF_ECORRUPT;
			break;
		}
		last = batch_last_offset(&h);
		pos += (int64_t)batch_total_size(&h);
	}
	close(fd);
	*end = last + 1;
	return rc;
}

/*
 * Remove what the complete swap at base replaces, except base's own files.
 * 1 when B.log.swap is not whole batches: our swaps are fsynced before they
 * are named so, so this is damage or a stranger's file; it is left for the
 * operator and the log opens from the other segments.
 */
static int swap_remove_old(const char *dir, struct swap_scan *s, int64_t base)
{
	int64_t end;
	int rc = swap_end(dir, base, &end);
	if (rc) {
		say_error("log %s: %020" PRId64 ".log.swap from an interrupted compaction is "
			  "unreadable (%s); left in place", dir, base, kaf_strerror(rc));
		return rc == KAF_ECORRUPT ? 1 : rc;
	}
	for (size_t i = 0; i < s->logs.n; i++) {
		int64_t b = s->logs.v[i];
		if (b <= base || b >= end)
			continue;
		if ((rc = unlink_files(dir, b, segment_files, NSEGFILES, "")))
			return rc;
		s->changed = 1;
	}
	/* Outputs have no transaction index; one beside the swap is the old segment's. */
	if (!i64s_has(&s->txn, base)) {
		const char *txn = ".txnindex";
		if ((rc = unlink_files(dir, base, &txn, 1, "")))
			return rc;
	}
	return 0;
}

static int rename_swap(const char *dir, int64_t base, const char *suffix)
{
	char from[4096], to[4096], name[32];
	snprintf(name, sizeof(name), "%s.swap", suffix);
	int rc = log_segment_path(from, sizeof(from), dir, base, name);
	if (!rc)
		rc = log_segment_path(to, sizeof(to), dir, base, suffix);
	if (!rc && rename(from, to) < 0 && errno != ENOENT)
		rc = -errno;
	return rc;
}

static int settle(const char *dir, struct swap_scan *s)
{
	int rc = 0, renamed = 0;
	for (size_t i = 0; i < s->idx.n && !rc; i++) {
		int64_t b = s->idx.v[i];
		if (i64s_has(&s->swaps, b))
			continue;
		rc = unlink_files(dir, b, index_swaps, NINDEX, ".swap");
		s->changed = 1;
	}
	for (size_t i = 0; i < s->swaps.n && !rc; i++) {
		if ((rc = swap_remove_old(dir, s, s->swaps.v[i])) == 1) {
			s->swaps.v[i] = -1;
			rc = 0;
		}
	}
	if (!rc && s->changed)
		rc = dir_fsync(dir);
	for (size_t i = 0; i < s->swaps.n && !rc; i++) {
		int64_t b = s->swaps.v[i];
		if (b < 0)
			continue;
		for (size_t j = 0; j < NINDEX && !rc; j++)
			rc = rename_swap(dir, b, index_swaps[j]);
		if (!rc)
			rc = rename_swap(dir, b, ".log");
		if (!rc)
			say_info("log %s: finished the swap of compacted segment %020" PRId64,
				 dir, b);
		renamed = 1;
	}
	if (!rc && renamed)
		rc = dir_fsync(dir);
	return rc;
}

int log_recover_swap_files(const char *dir)
{
	struct swap_scan s = { 0 };
	int rc = scan_dir(dir, &s);
	if (!rc)
		rc = settle(dir, &s);
	free(s.logs.v);
	free(s.swaps.v);
	free(s.idx.v);
	free(s.txn.v);
	return rc;
}
