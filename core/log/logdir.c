/*
 * A log directory: the partition logs under it, the two checkpoint files
 * beside them and the clean-shutdown marker. Opening trusts the files only
 * when the marker says the last close was clean, and removes the marker so
 * that a crash from then on is seen as unclean. Partitions that fail to open
 * keep their checkpoint entries, so a later start still knows which of their
 * data was flushed.
 */
#include "core/log/logdir.h"
#include "core/log/log_impl.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Kafka's marker holds JSON; its presence is what counts. */
#define CLEAN_SHUTDOWN_CONTENT "{\"version\":0,\"brokerEpoch\":-1}"

struct log_dir {
	char *path;
	struct log_config cfg;
	struct log **logs;		/* sorted by topic, partition */
	size_t n;
	size_t cap;
	struct checkpoint_entry *kept_rp;	/* of partitions that failed to open */
	size_t nkept_rp;
	struct checkpoint_entry *kept_start;
	size_t nkept_start;
	int offline;			/* partitions that failed to open */
	int external_flush;		/* given to every log (log_set_external_flush) */
};

static int cmp_key(const char *t1, int32_t p1, const char *t2, int32_t p2)
{
	int c = strcmp(t1, t2);
	return c ? c : (p1 < p2 ? -1 : p1 > p2);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct checkpoint_entry *x = a, *y = b;
	return cmp_key(x->topic, x->partition, y->topic, y->partition);
}

/* Position of (topic, partition) in d->logs, or where it would go; *found set. */
static size_t find_pos(const struct log_dir *d, const char *topic, int32_t partition, int *found)
{
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_key(log_topic(d->logs[mid]), log_partition(d->logs[mid]), topic, partition);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < d->n && !cmp_key(log_topic(d->logs[lo]), log_partition(d->logs[lo]),
				       topic, partition);
	return lo;
}

static void insert_log(struct log_dir *d, struct log *l)
{
	int found;
	size_t i = find_pos(d, log_topic(l), log_partition(l), &found);
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct log **nl = realloc(d->logs, cap * sizeof(*nl));
		if (!nl)
			abort();
		d->logs = nl;
		d->cap = cap;
	}
	memmove(d->logs + i + 1, d->logs + i, (d->n - i) * sizeof(*d->logs));
	d->logs[i] = l;
	d->n++;
}

static int dir_file(char *out, size_t n, const char *dir, const char *name)
{
	if ((size_t)snprintf(out, n, "%s/%s", dir, name) >= n)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Read a checkpoint, sorted for lookups. A damaged one fails the open, as in
 * Kafka: guessing "nothing was flushed" would turn corruption into silent
 * truncation. Removing the file is the operator's way to accept that.
 */
static int read_checkpoint(const char *dir, const char *name, struct checkpoint_entry **e,
			   size_t *n)
{
	char p[4096], tmp[4200];
	int rc = dir_file(p, sizeof(p), dir, name);
	if (!rc)
		rc = checkpoint_read(p, e, n);
	if (rc) {
		say_error("log dir %s: cannot read %s: %s (remove it to check every log from "
			  "its start)", dir, name, kaf_strerror(rc));
		return rc;
	}
	if (*n)
		qsort(*e, *n, sizeof(**e), cmp_entry);
	/* A stale temporary of an interrupted write is useless now. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	unlink(tmp);
	return 0;
}

static const struct checkpoint_entry *lookup(const struct checkpoint_entry *e, size_t n,
					     const char *topic, int32_t partition)
{
	struct checkpoint_entry key;
	snprintf(key.topic, sizeof(key.topic), "%s", topic);
	key.partition = partition;
	return n ? bsearch(&key, e, n, sizeof(*e), cmp_entry) : NULL;
}

static void keep_entry(struct checkpoint_entry **v, size_t *n, const struct checkpoint_entry *e)
{
	if (!e)
		return;
	struct checkpoint_entry *nv = realloc(*v, (*n + 1) * sizeof(**v));
	if (!nv)
		abort();
	*v = nv;
	nv[(*n)++] = *e;
}

static int name_ends(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);
	return n > s && !strcmp(name + n - s, suffix);
}

struct open_ctx {
	struct log_dir *d;
	struct checkpoint_entry *rp, *start;
	size_t nrp, nstart;
	int clean;
	int64_t now_ms;
	struct log_dir_report *rep;
};

static void open_partition(struct open_ctx *c, const char *name)
{
	char topic[250];
	int32_t partition;
	if (log_dir_name_parse(name, topic, sizeof(topic), &partition))
		return;
	const struct checkpoint_entry *rp = lookup(c->rp, c->nrp, topic, partition);
	const struct checkpoint_entry *st = lookup(c->start, c->nstart, topic, partition);
	struct log_open_args a = {
		.topic = topic,
		.partition = partition,
		.recovery_point = rp ? rp->offset : 0,
		.log_start_offset = st ? st->offset : -1,
		.now_ms = c->now_ms,
		.clean_shutdown = c->clean,
	};
	struct log_recovery rr;
	struct log *l;
	int rc = log_open(c->d->path, &c->d->cfg, &a, &l, &rr);
	if (rc) {
		say_error("log dir %s: partition %s left offline: %s%s%s", c->d->path, name,
			  kaf_strerror(rc), rr.detail[0] ? ": " : "", rr.detail);
		c->rep->failed++;
		c->d->offline++;
		keep_entry(&c->d->kept_rp, &c->d->nkept_rp, rp);
		keep_entry(&c->d->kept_start, &c->d->nkept_start, st);
		return;
	}
	insert_log(c->d, l);
	c->rep->partitions++;
	if (rr.segments_scanned)
		c->rep->partitions_recovered++;
	c->rep->bytes_truncated += rr.bytes_truncated;
}

static int open_partitions(struct open_ctx *c)
{
	DIR *dir = opendir(c->d->path);
	if (!dir)
		return -errno;
	struct dirent *e;
	while ((e = readdir(dir))) {
		char p[4096];
		struct stat st;
		if (e->d_name[0] == '.' || dir_file(p, sizeof(p), c->d->path, e->d_name) ||
		    stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (name_ends(e->d_name, "-delete")) {
			/* A removal that a crash interrupted: finish it. */
			rm_rf(p);
			continue;
		}
		if (name_ends(e->d_name, "-future") || name_ends(e->d_name, "-stray"))
			continue;
		open_partition(c, e->d_name);
	}
	closedir(dir);
	return 0;
}

int log_dir_open(const char *path, const struct log_config *cfg, int64_t now_ms,
		 struct log_dir **out, struct log_dir_report *rep)
{
	struct log_dir_report scratch;
	char marker[4096];
	if (!rep)
		rep = &scratch;
	memset(rep, 0, sizeof(*rep));
	*out = NULL;
	int rc = mkdir_p(path);
	if (rc || (rc = dir_file(marker, sizeof(marker), path, CLEAN_SHUTDOWN_FILE)))
		return rc;
	struct log_dir *d = calloc(1, sizeof(*d));
	if (!d || !(d->path = strdup(path))) {
		free(d);
		return -ENOMEM;
	}
	d->cfg = *cfg;
	struct open_ctx c = { .d = d, .now_ms = now_ms, .rep = rep };
	c.clean = access(marker, F_OK) == 0;
	rep->clean_shutdown = c.clean;
	rc = read_checkpoint(path, CHECKPOINT_RECOVERY_POINT, &c.rp, &c.nrp);
	if (!rc)
		rc = read_checkpoint(path, CHECKPOINT_LOG_START, &c.start, &c.nstart);
	if (!rc)
		rc = open_partitions(&c);
	free(c.rp);
	free(c.start);
	if (!rc && c.clean && unlink(marker) < 0)
		rc = -errno;
	if (!rc)
		rc = dir_fsync(path);
	if (rc) {
		log_dir_abandon(d);
		return rc;
	}
	*out = d;
	return 0;
}

static void dir_free(struct log_dir *d)
{
	free(d->logs);
	free(d->kept_rp);
	free(d->kept_start);
	free(d->path);
	free(d);
}

void log_dir_abandon(struct log_dir *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		log_close(d->logs[i]);
	dir_free(d);
}

int log_dir_close(struct log_dir *d)
{
	char marker[4096];
	int rc = 0;
	for (size_t i = 0; i < d->n; i++) {
		/* Trimmed index files reach the disk too, so a clean start need not rebuild them. */
		struct segment *act = log_active(d->logs[i]);
		int r = log_flush(d->logs[i]);
		if (!r && !(r = segment_close_active(act)))
			r = segment_flush(act);
		if (r && !rc)
			rc = r;
	}
	int r = log_dir_checkpoint(d);
	if (r && !rc)
		rc = r;
	/*
	 * Only a close where everything reached the disk may be called clean;
	 * with a partition offline the next start must look at it again.
	 */
	if (!rc && !d->offline &&
	    !(rc = dir_file(marker, sizeof(marker), d->path, CLEAN_SHUTDOWN_FILE)))
		rc = file_write_atomic(marker, CLEAN_SHUTDOWN_CONTENT,
				       sizeof(CLEAN_SHUTDOWN_CONTENT) - 1);
	log_dir_abandon(d);
	return rc;
}

const char *log_dir_path(const struct log_dir *d)
{
	return d->path;
}

struct log *log_dir_find(struct log_dir *d, const char *topic, int32_t partition)
{
	int found;
	size_t i = find_pos(d, topic, partition, &found);
	return found ? d->logs[i] : NULL;
}

int log_dir_create(struct log_dir *d, const char *topic, int32_t partition,
		   const struct log_config *cfg, int64_t now_ms, struct log **out)
{
	*out = NULL;
	if (!log_topic_valid(topic) || partition < 0)
		return KAF_ECONFIG;
	if (log_dir_find(d, topic, partition))
		return KAF_EEXIST;
	struct log_open_args a = {
		.topic = topic,
		.partition = partition,
		.recovery_point = 0,
		.log_start_offset = -1,
		.now_ms = now_ms,
		.create = 1,
	};
	struct log *l;
	int rc = log_open(d->path, cfg ? cfg : &d->cfg, &a, &l, NULL);
	if (rc)
		return rc;
	log_set_external_flush(l, d->external_flush);
	insert_log(d, l);
	*out = l;
	return 0;
}

int log_dir_adopt(struct log_dir *d, struct log *l)
{
	if (log_dir_find(d, log_topic(l), log_partition(l)))
		return KAF_EEXIST;
	log_set_external_flush(l, d->external_flush);
	insert_log(d, l);
	return 0;
}

static void drop_kept(struct checkpoint_entry *v, size_t *n, const char *topic, int32_t partition)
{
	for (size_t i = 0; i < *n; i++) {
		if (!cmp_key(v[i].topic, v[i].partition, topic, partition)) {
			v[i] = v[--*n];
			return;
		}
	}
}

int log_dir_remove_begin(struct log_dir *d, const char *topic, int32_t partition, char *victim,
			 size_t n)
{
	int found;
	size_t i = find_pos(d, topic, partition, &found);
	drop_kept(d->kept_rp, &d->nkept_rp, topic, partition);
	drop_kept(d->kept_start, &d->nkept_start, topic, partition);
	if (!found)
		return KAF_ENOTFOUND;
	struct log *l = d->logs[i];
	memmove(d->logs + i, d->logs + i + 1, (d->n - i - 1) * sizeof(*d->logs));
	d->n--;
	return log_remove_begin(l, victim, n);
}

int log_dir_remove(struct log_dir *d, const char *topic, int32_t partition)
{
	char victim[4096];
	int rc = log_dir_remove_begin(d, topic, partition, victim, sizeof(victim));
	return rc ? rc : log_remove_finish(victim);
}

struct log **log_dir_logs(struct log_dir *d, size_t *n)
{
	*n = d->n;
	return d->logs;
}

/* One checkpoint file's path and entries, snapshot on the log's thread. */
struct checkpoint_file {
	char path[4096];
	struct checkpoint_entry *e;
	size_t n;
};

struct log_dir_checkpoint_job {
	struct checkpoint_file files[2];	/* recovery points, log start offsets */
};

static int snapshot_checkpoint(struct log_dir *d, const char *name, int start,
			       const struct checkpoint_entry *kept, size_t nkept,
			       struct checkpoint_file *f)
{
	int rc = dir_file(f->path, sizeof(f->path), d->path, name);
	if (rc)
		return rc;
	f->e = calloc(d->n + nkept + 1, sizeof(*f->e));
	if (!f->e)
		return -ENOMEM;
	for (size_t i = 0; i < d->n; i++) {
		snprintf(f->e[i].topic, sizeof(f->e[i].topic), "%s", log_topic(d->logs[i]));
		f->e[i].partition = log_partition(d->logs[i]);
		f->e[i].offset = start ? log_start_offset(d->logs[i]) : log_recovery_point(d->logs[i]);
	}
	if (nkept)
		memcpy(f->e + d->n, kept, nkept * sizeof(*f->e));
	f->n = d->n + nkept;
	return 0;
}

void log_dir_checkpoint_job_free(struct log_dir_checkpoint_job *j)
{
	if (!j)
		return;
	free(j->files[0].e);
	free(j->files[1].e);
	free(j);
}

int log_dir_checkpoint_begin(struct log_dir *d, struct log_dir_checkpoint_job **out)
{
	struct log_dir_checkpoint_job *j = calloc(1, sizeof(*j));
	int rc;
	*out = NULL;
	if (!j)
		return -ENOMEM;
	if ((rc = snapshot_checkpoint(d, CHECKPOINT_RECOVERY_POINT, 0, d->kept_rp, d->nkept_rp,
				      &j->files[0])) ||
	    (rc = snapshot_checkpoint(d, CHECKPOINT_LOG_START, 1, d->kept_start, d->nkept_start,
				      &j->files[1]))) {
		log_dir_checkpoint_job_free(j);
		return rc;
	}
	*out = j;
	return 0;
}

int log_dir_checkpoint_run(struct log_dir_checkpoint_job *j)
{
	int rc = checkpoint_write(j->files[0].path, j->files[0].e, j->files[0].n);
	int rc2 = checkpoint_write(j->files[1].path, j->files[1].e, j->files[1].n);
	return rc ? rc : rc2;
}

int log_dir_checkpoint(struct log_dir *d)
{
	struct log_dir_checkpoint_job *j;
	int rc = log_dir_checkpoint_begin(d, &j);
	if (rc)
		return rc;
	rc = log_dir_checkpoint_run(j);
	log_dir_checkpoint_job_free(j);
	return rc;
}

void log_dir_set_external_flush(struct log_dir *d, int on)
{
	d->external_flush = on;
	for (size_t i = 0; i < d->n; i++)
		log_set_external_flush(d->logs[i], on);
}
