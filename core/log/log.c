/*
 * The partition log object: opening and closing, the segment list, appends
 * (offset assignment, rolling), flushing and removal. Reads live in
 * log_read.c, recovery in recover.c, retention and truncation in retention.c.
 */
#include "core/log/log_impl.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/record/batch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

void log_config_default(struct log_config *cfg)
{
	*cfg = (struct log_config){
		.segment_bytes = 1073741824,
		.segment_ms = 7 * 24 * 3600 * 1000LL,
		.retention_bytes = -1,
		.retention_ms = 7 * 24 * 3600 * 1000LL,
		.index_interval_bytes = 4096,
		.segment_index_bytes = 10 * 1024 * 1024,
		.max_message_bytes = 1048588,
		.cleanup_policy = LOG_CLEANUP_DELETE,
		.delete_retention_ms = 24 * 3600 * 1000LL,
		.min_compaction_lag_ms = 0,
		.flush_messages = 0,
		.flush_ms = INT64_MAX,
		.log_append_time = 0,
	};
}

static void log_free(struct log *l)
{
	for (int i = 0; i < l->nsegs; i++)
		segment_unref(l->segs[i]);
	free(l->segs);
	free(l->path);
	free(l);
}

int log_open(const char *dir, const struct log_config *cfg, const struct log_open_args *args,
	     struct log **out, struct log_recovery *rep)
{
	struct log_recovery scratch;
	if (!rep)
		rep = &scratch;
	memset(rep, 0, sizeof(*rep));
	rep->truncated_at_offset = -1;
	rep->corrupt_offset = -1;
	*out = NULL;
	if (!log_topic_valid(args->topic) || args->partition < 0)
		return KAF_ECONFIG;

	struct log *l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	size_t plen = strlen(dir) + strlen(args->topic) + 16;
	l->path = malloc(plen);
	if (!l->path) {
		free(l);
		return -ENOMEM;
	}
	snprintf(l->path, plen, "%s/%s-%d", dir, args->topic, (int)args->partition);
	snprintf(l->topic, sizeof(l->topic), "%s", args->topic);
	l->partition = args->partition;
	l->cfg = *cfg;
	l->appended_in_flush = -1;

	int rc = 0;
	struct stat st;
	if (stat(l->path, &st) < 0) {
		if (errno != ENOENT || !args->create)
			rc = -errno;
		else if (!(rc = mkdir_p(l->path)))
			rc = dir_fsync(dir);
	} else if (!S_ISDIR(st.st_mode)) {
		rc = -ENOTDIR;
	}
	if (!rc)
		rc = log_recover(l, args, rep);
	if (rc) {
		log_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void log_close(struct log *l)
{
	if (!l)
		return;
	segment_close_active(log_active(l));
	log_free(l);
}

int log_remove_begin(struct log *l, char *victim, size_t n)
{
	uint64_t id = 0;
	if (getrandom(&id, sizeof(id), 0) != (ssize_t)sizeof(id))
		id = (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)l;
	/* Kafka's "<topic>-<partition>.<id>-delete": a crash mid-removal leaves no half log. */
	int w = snprintf(victim, n, "%s.%016llx-delete", l->path, (unsigned long long)id);
	int rc = w < 0 || (size_t)w >= n ? -ENAMETOOLONG : 0;
	for (int i = 0; i < l->nsegs; i++)
		l->segs[i]->deleted = 1;
	if (!rc && rename(l->path, victim) < 0)
		rc = -errno;
	log_free(l);
	return rc;
}

int log_remove_finish(const char *victim)
{
	/* The parent lost the log's name: that is what must be durable. */
	char parent[4096];
	snprintf(parent, sizeof(parent), "%s", victim);
	char *slash = strrchr(parent, '/');
	if (slash)
		slash[slash == parent] = 0;
	int rc = dir_fsync(slash ? parent : ".");
	int r = rm_rf(victim);
	return rc ? rc : r;
}

int log_remove(struct log *l)
{
	char victim[4096];
	int rc = log_remove_begin(l, victim, sizeof(victim));
	return rc ? rc : log_remove_finish(victim);
}

void log_set_config(struct log *l, const struct log_config *cfg)
{
	l->cfg = *cfg;
}

const struct log_config *log_get_config(const struct log *l)
{
	return &l->cfg;
}

const char *log_topic(const struct log *l)
{
	return l->topic;
}

int32_t log_partition(const struct log *l)
{
	return l->partition;
}

const char *log_path(const struct log *l)
{
	return l->path;
}

int64_t log_start_offset(const struct log *l)
{
	return l->start_offset;
}

int64_t log_end_offset(const struct log *l)
{
	return log_active(l)->next_offset;
}

int64_t log_recovery_point(const struct log *l)
{
	return l->recovery_point;
}

int64_t log_size_bytes(const struct log *l)
{
	int64_t n = 0;
	for (int i = 0; i < l->nsegs; i++)
		n += l->segs[i]->size;
	return n;
}

int log_segment_count(const struct log *l)
{
	return l->nsegs;
}

int log_segment_floor(const struct log *l, int64_t offset)
{
	int lo = 0, hi = l->nsegs;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (l->segs[mid]->base <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? lo - 1 : 0;
}

void log_segments_insert(struct log *l, struct segment *seg)
{
	if (l->nsegs == l->cap) {
		int cap = l->cap ? l->cap * 2 : 8;
		struct segment **s = realloc(l->segs, (size_t)cap * sizeof(*s));
		if (!s)
			abort();
		l->segs = s;
		l->cap = cap;
	}
	int i = l->nsegs;
	while (i > 0 && l->segs[i - 1]->base > seg->base)
		i--;
	memmove(l->segs + i + 1, l->segs + i, (size_t)(l->nsegs - i) * sizeof(*l->segs));
	l->segs[i] = seg;
	l->nsegs++;
}

void log_segments_detach(struct log *l, int from, int n)
{
	if (n <= 0)
		return;
	for (int i = from; i < from + n; i++) {
		l->segs[i]->deleted = 1;
		segment_unref(l->segs[i]);
	}
	memmove(l->segs + from, l->segs + from + n,
		(size_t)(l->nsegs - from - n) * sizeof(*l->segs));
	l->nsegs -= n;
}

int log_segments_delete(struct log *l, int from, int n)
{
	int rc = 0;
	if (n <= 0)
		return 0;
	for (int i = from; i < from + n; i++) {
		int r = segment_delete_files(l->segs[i]);
		if (r && !rc)
			rc = r;
	}
	log_segments_detach(l, from, n);
	int r = dir_fsync(l->path);
	return rc ? rc : r;
}

void log_fail(struct log *l, const char *what, int rc)
{
	if (!l->failed)
		say_error("log %s: %s failed: %s; refusing further writes", l->path, what,
			  kaf_strerror(rc));
	l->failed = 1;
}

/*
 * The new file's directory entry is made durable by the next log_flush,
 * before the recovery point can pass it.
 */
int log_roll_at(struct log *l, int64_t base, int64_t now_ms)
{
	struct segment *old = log_active(l), *seg;
	if (old->size == 0 && old->base == base)
		return 0;
	int rc = segment_create(l->path, base, &seg);
	if (rc) {
		log_fail(l, "creating a segment", rc);
		return rc;
	}
	l->dir_dirty = 1;
	if (old->size == 0) {
		/* An empty active segment is replaced rather than kept. */
		segment_delete_files(old);
		segment_unref(old);
		l->nsegs--;
	} else if ((rc = segment_close_active(old))) {
		log_fail(l, "trimming index files", rc);
	}
	log_segments_insert(l, seg);
	return rc;
}

int log_roll(struct log *l, int64_t now_ms)
{
	if (l->failed)
		return KAF_EOFFLINE;
	return log_roll_at(l, log_end_offset(l), now_ms);
}

static int time_to_roll(const struct log *l, const struct segment *seg, int64_t now_ms)
{
	return seg->size > 0 && seg->roll_ms >= 0 && now_ms - seg->roll_ms > l->cfg.segment_ms;
}

int log_maybe_roll(struct log *l, int64_t now_ms)
{
	if (l->failed)
		return KAF_EOFFLINE;
	if (!time_to_roll(l, log_active(l), now_ms))
		return 0;
	return log_roll_at(l, log_end_offset(l), now_ms);
}

/* Whether an append of len bytes in nb batches ending at offset last needs a new segment. */
static int should_roll(const struct log *l, size_t len, int nb, int64_t last, int64_t now_ms)
{
	const struct segment *seg = log_active(l);
	int64_t ibytes = l->cfg.segment_index_bytes > 0 ? l->cfg.segment_index_bytes : 0;
	if (seg->size == 0)
		return 0;
	return seg->size + (int64_t)len > l->cfg.segment_bytes ||
	       seg->size + (int64_t)len > INT32_MAX ||
	       last - seg->base > INT32_MAX ||
	       time_to_roll(l, seg, now_ms) ||
	       (int64_t)seg->oidx.n + nb > ibytes / OFFSET_INDEX_ENTRY ||
	       (int64_t)seg->tidx.n + nb > ibytes / TIME_INDEX_ENTRY;
}

/* Batch count, offsets spanned and records of a buffer of whole batches. */
struct batches_info {
	int n;
	int64_t first_base;
	int64_t last;		/* as stored (for appends as is) */
	int64_t span;		/* sum of lastOffsetDelta + 1 */
	int64_t records;
	int64_t max_ts;
};

static int batches_scan(const uint8_t *p, size_t len, int64_t prev_last, struct batches_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->first_base = -1;
	bi->last = prev_last;
	bi->max_ts = -1;
	size_t off = 0;
	while (off < len) {
		struct batch_header h;
		if (batch_header_parse(p + off, len - off, &h) ||
		    batch_total_size(&h) > len - off ||
		    h.base_offset > INT64_MAX - h.last_offset_delta)
			return KAF_ECORRUPT;
		if (bi->n++ == 0)
			bi->first_base = h.base_offset;
		if (prev_last >= -1 && h.base_offset <= bi->last)
			return KAF_ERANGE;
		bi->last = batch_last_offset(&h);
		bi->span += (int64_t)h.last_offset_delta + 1;
		bi->records += h.records_count;
		if (h.max_timestamp > bi->max_ts)
			bi->max_ts = h.max_timestamp;
		off += batch_total_size(&h);
	}
	return 0;
}

static int log_write(struct log *l, const uint8_t *p, size_t len, int64_t now_ms)
{
	/* Age of unflushed data, for flush.ms: from the first append after a flush. */
	if (log_unflushed(l) == 0)
		l->unflushed_since = now_ms;
	if (l->flushing && l->appended_in_flush < 0)
		l->appended_in_flush = now_ms;
	int rc = segment_append(log_active(l), &l->cfg, p, len, now_ms);
	if (rc) {
		log_fail(l, "appending", rc);
		return rc;
	}
	if (!l->external_flush && !l->flushing && l->cfg.flush_messages > 0 &&
	    log_end_offset(l) - l->recovery_point >= l->cfg.flush_messages)
		return log_flush(l);
	return 0;
}

int log_append(struct log *l, uint8_t *batches, size_t len, int32_t leader_epoch,
	       int64_t now_ms, struct log_append_info *info)
{
	struct log_append_info scratch;
	struct batches_info bi;
	if (!info)
		info = &scratch;
	int64_t leo = log_end_offset(l);
	*info = (struct log_append_info){ .first_offset = leo, .last_offset = leo - 1,
					  .log_append_time = -1, .max_timestamp = -1 };
	if (l->failed)
		return KAF_EOFFLINE;
	int rc = batches_scan(batches, len, -2, &bi);
	if (rc)
		return rc;
	if (len == 0)
		return 0;
	if (len > INT32_MAX || bi.span > INT32_MAX || leo > INT64_MAX - bi.span)
		return KAF_ETOOBIG;
	int64_t last = leo + bi.span - 1;
	if (should_roll(l, len, bi.n, last, now_ms) && (rc = log_roll_at(l, leo, now_ms)))
		return rc;

	int64_t next = leo;
	for (size_t off = 0; off < len;) {
		uint8_t *b = batches + off;
		struct batch_header h;
		batch_header_parse(b, len - off, &h);
		size_t total = batch_total_size(&h);
		batch_set_base_offset(b, next);
		batch_set_leader_epoch(b, leader_epoch);
		if (l->cfg.log_append_time)
			batch_set_log_append_time(b, total, now_ms);
		next += (int64_t)h.last_offset_delta + 1;
		off += total;
	}
	if ((rc = log_write(l, batches, len, now_ms)))
		return rc;
	info->last_offset = last;
	info->records = (int)bi.records;
	info->max_timestamp = l->cfg.log_append_time ? now_ms : bi.max_ts;
	info->log_append_time = l->cfg.log_append_time ? now_ms : -1;
	return rc;
}

int log_append_as_is(struct log *l, const uint8_t *batches, size_t len, int64_t now_ms)
{
	struct batches_info bi;
	if (l->failed)
		return KAF_EOFFLINE;
	int64_t leo = log_end_offset(l);
	int rc = batches_scan(batches, len, leo - 1, &bi);
	if (rc || len == 0)
		return rc;
	if (len > INT32_MAX)
		return KAF_ETOOBIG;
	struct segment *seg = log_active(l);
	if (should_roll(l, len, bi.n, bi.last, now_ms) ||
	    (seg->size == 0 && bi.last - seg->base > INT32_MAX)) {
		/* A gap before the first batch goes between segments, as Kafka rolls. */
		if ((rc = log_roll_at(l, bi.first_base, now_ms)))
			return rc;
	}
	if (bi.last - log_active(l)->base > INT32_MAX)
		return KAF_ETOOBIG;
	return log_write(l, batches, len, now_ms);
}

struct log_flush_job {
	struct segment **segs;		/* referenced */
	int nsegs;
	struct segment *active;		/* its .log only: indexes wait for the roll */
	int64_t end;			/* log end at begin */
	char *dir;			/* set when the directory needs an fsync */
};

void log_flush_job_free(struct log_flush_job *j)
{
	if (!j)
		return;
	for (int i = 0; i < j->nsegs; i++)
		segment_unref(j->segs[i]);
	free(j->segs);
	free(j->dir);
	free(j);
}

int64_t log_flush_job_end(const struct log_flush_job *j)
{
	return j->end;
}

int log_flush_begin(struct log *l, struct log_flush_job **out)
{
	*out = NULL;
	if (l->failed)
		return KAF_EOFFLINE;
	if (l->flushing)
		return KAF_ESTATE;
	struct log_flush_job *j = calloc(1, sizeof(*j));
	if (!j || !(j->segs = calloc((size_t)l->nsegs, sizeof(*j->segs)))) {
		free(j);
		return -ENOMEM;
	}
	/*
	 * Dirty flags are cleared now: what is appended from here on is the
	 * next flush's. The active segment's index files are left dirty: they
	 * are synced once it is rolled, as recovery checks the index of the
	 * segment holding the recovery point against the log anyway (and one
	 * fdatasync instead of three per acks=all flush is what makes group
	 * commit cheap).
	 */
	struct segment *act = log_active(l);
	for (int i = 0; i < l->nsegs; i++) {
		struct segment *seg = l->segs[i];
		if (!seg->dirty && (!seg->index_dirty || seg == act))
			continue;
		seg->dirty = 0;
		if (seg != act)
			seg->index_dirty = 0;
		else
			j->active = seg;
		segment_ref(seg);
		j->segs[j->nsegs++] = seg;
	}
	if (l->dir_dirty) {
		j->dir = strdup(l->path);
		l->dir_dirty = 0;
	}
	j->end = log_end_offset(l);
	if (!j->nsegs && !j->dir && j->end == l->recovery_point) {
		log_flush_job_free(j);
		return 0;
	}
	l->flushing = 1;
	*out = j;
	return 0;
}

int log_flush_run(struct log_flush_job *j)
{
	for (int i = 0; i < j->nsegs; i++) {
		int rc = segment_sync_files(j->segs[i], j->segs[i] != j->active);
		if (rc)
			return rc;
	}
	return j->dir ? dir_fsync(j->dir) : 0;
}

int log_flush_end(struct log *l, struct log_flush_job *j, int run_rc)
{
	l->flushing = 0;
	if (run_rc) {
		log_fail(l, "fsync", run_rc);
	} else if (j->end > l->recovery_point) {
		l->recovery_point = j->end;
		/* What is left unflushed came during the job. */
		if (l->appended_in_flush >= 0)
			l->unflushed_since = l->appended_in_flush;
	}
	l->appended_in_flush = -1;
	log_flush_job_free(j);
	return run_rc;
}

int log_flush(struct log *l)
{
	struct log_flush_job *j;
	int rc = log_flush_begin(l, &j);
	if (rc || !j)
		return rc;
	return log_flush_end(l, j, log_flush_run(j));
}

void log_set_external_flush(struct log *l, int on)
{
	l->external_flush = on;
}

int64_t log_unflushed_since(const struct log *l)
{
	return log_unflushed(l) > 0 ? l->unflushed_since : -1;
}

int log_failed(const struct log *l)
{
	return l->failed;
}

int64_t log_unflushed(const struct log *l)
{
	return log_end_offset(l) - l->recovery_point;
}
