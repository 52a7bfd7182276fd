/* Creating, deleting and growing topics: metadata first, then the logs once it is durable. */
#include "net/api/topic_ops.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/config/config.h"
#include "core/log/log.h"
#include "core/log/logdir.h"
#include "core/meta/meta.h"
#include "net/broker.h"
#include "net/flush.h"
#include "net/metasync.h"
#include "net/proto/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int name_copy(char *out, size_t n, const char *name, size_t len)
{
	if (len >= n)
		return -1;
	memcpy(out, name, len);
	out[len] = 0;
	return (int)strlen(out) == (int)len ? 0 : -1;	/* no NUL inside */
}

static void after_set(struct topic_after *a, enum topic_after_kind kind, const struct kuuid *id,
		      const char *name, int32_t from, int32_t to)
{
	a->kind = kind;
	if (id)
		a->id = *id;
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->from = from;
	a->to = to;
}

int16_t topic_create(struct broker *b, const struct topic_spec *t, int64_t now_ms,
		     struct topic_after *after, char *msg, size_t msglen)
{
	char name[256];
	msg[0] = 0;
	after->kind = TOPIC_AFTER_NONE;
	if (name_copy(name, sizeof(name), t->name, t->name_len) || !log_topic_name_valid(name)) {
		snprintf(msg, msglen, "topic name '%.*s' is not valid: use 1-249 of [a-zA-Z0-9._-], "
			 "not '.' or '..'", (int)(t->name_len > 249 ? 249 : t->name_len), t->name);
		return KERR_INVALID_TOPIC_EXCEPTION;
	}
	if (meta_topic_find(b->meta, name, strlen(name))) {
		snprintf(msg, msglen, "Topic '%s' already exists.", name);
		return KERR_TOPIC_ALREADY_EXISTS;
	}
	int32_t partitions = t->partitions == -1 ? (int32_t)config_get_num(b->cfg, CFG_NUM_PARTITIONS)
						 : t->partitions;
	if (partitions <= 0) {
		snprintf(msg, msglen, "number of partitions must be larger than 0, not %d", partitions);
		return KERR_INVALID_PARTITIONS;
	}
	int16_t rf = t->replication_factor == -1
			     ? (int16_t)config_get_num(b->cfg, CFG_DEFAULT_REPLICATION_FACTOR)
			     : t->replication_factor;
	if (rf != 1) {
		snprintf(msg, msglen, "replication factor %d is not possible on this single-node "
			 "cluster: it must be 1", rf);
		return KERR_INVALID_REPLICATION_FACTOR;
	}
	struct log_config lc;
	config_log_defaults(b->cfg, &lc);
	for (int i = 0; i < t->nconfigs; i++) {
		char err[256];
		if (config_topic_set(&lc, t->configs[i].key, t->configs[i].value, err, sizeof(err))) {
			snprintf(msg, msglen, "%s", err);
			return KERR_INVALID_CONFIG;
		}
	}
	if (t->validate_only)
		return KERR_NONE;
	struct meta_new_topic nt = {
		.name = name, .partitions = partitions, .replication_factor = rf,
		.configs = t->configs, .nconfigs = t->nconfigs,
	};
	const struct meta_topic *mt;
	int rc = meta_create_topic(b->meta, &nt, now_ms, &mt);
	if (rc) {
		snprintf(msg, msglen, "cannot record topic '%s': %s", name, kaf_strerror(rc));
		return rc == KAF_EEXIST ? KERR_TOPIC_ALREADY_EXISTS : KERR_KAFKA_STORAGE_ERROR;
	}
	say_info("created topic %s with %d partitions", name, partitions);
	after_set(after, TOPIC_AFTER_CREATE_LOGS, &mt->id, name, 0, partitions);
	return KERR_NONE;
}

int16_t topic_delete(struct broker *b, const char *name_in, size_t len, int64_t now_ms,
		     struct topic_after *after, char *msg, size_t msglen)
{
	char name[256];
	msg[0] = 0;
	after->kind = TOPIC_AFTER_NONE;
	const struct meta_topic *t = name_copy(name, sizeof(name), name_in, len) ? NULL
				     : meta_topic_find(b->meta, name, len);
	if (!t) {
		snprintf(msg, msglen, "topic '%.*s' does not exist", (int)(len > 249 ? 249 : len), name_in);
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	}
	int32_t n = t->npartitions;
	int rc = meta_delete_topic(b->meta, name, now_ms);
	if (rc) {
		snprintf(msg, msglen, "cannot record the deletion of '%s': %s", name, kaf_strerror(rc));
		return KERR_KAFKA_STORAGE_ERROR;
	}
	say_info("deleted topic %s", name);
	after_set(after, TOPIC_AFTER_REMOVE_LOGS, NULL, name, 0, n);
	return KERR_NONE;
}

int16_t topic_add_partitions(struct broker *b, const char *name_in, size_t len, int32_t count,
			     int validate_only, int64_t now_ms, struct topic_after *after, char *msg,
			     size_t msglen)
{
	char name[256];
	msg[0] = 0;
	after->kind = TOPIC_AFTER_NONE;
	const struct meta_topic *t = name_copy(name, sizeof(name), name_in, len) ? NULL
				     : meta_topic_find(b->meta, name, len);
	if (!t) {
		snprintf(msg, msglen, "topic '%.*s' does not exist", (int)(len > 249 ? 249 : len), name_in);
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	}
	int32_t old = t->npartitions;
	if (count <= old) {
		snprintf(msg, msglen, "topic '%s' has %d partitions; the count can only grow, not become %d",
			 name, old, count);
		return KERR_INVALID_PARTITIONS;
	}
	if (validate_only)
		return KERR_NONE;
	int rc = meta_create_partitions(b->meta, name, count, now_ms);
	if (rc) {
		snprintf(msg, msglen, "cannot record the new partitions of '%s': %s", name, kaf_strerror(rc));
		return KERR_KAFKA_STORAGE_ERROR;
	}
	t = meta_topic_find(b->meta, name, strlen(name));
	say_info("topic %s now has %d partitions", name, count);
	after_set(after, TOPIC_AFTER_CREATE_LOGS, &t->id, name, old, count);
	return KERR_NONE;
}

int16_t topic_alter_configs(struct broker *b, const char *name, const struct meta_config *set, int n,
			    int64_t now_ms, struct topic_after *after, char *msg, size_t msglen)
{
	msg[0] = 0;
	after->kind = TOPIC_AFTER_NONE;
	int rc = meta_alter_topic_configs(b->meta, name, set, n, now_ms);
	if (rc) {
		snprintf(msg, msglen, "cannot record the new configuration of '%s': %s", name,
			 kaf_strerror(rc));
		say_error("%s", msg);
		return rc == KAF_ETOOBIG ? KERR_INVALID_REQUEST : KERR_KAFKA_STORAGE_ERROR;
	}
	const struct meta_topic *t = meta_topic_find(b->meta, name, strlen(name));
	if (t && n) {
		say_info("topic %s: %d config override%s changed", name, n, n == 1 ? "" : "s");
		after_set(after, TOPIC_AFTER_SET_CONFIGS, &t->id, name, 0, t->npartitions);
	}
	return KERR_NONE;
}

/*
 * Once its deletion is durable, a topic's logs leave the log directory on
 * the loop (renamed to "-delete" names, which start-up removes); the fsync
 * and the deletion of their files run on the thread pool, answered by
 * nobody.
 */
struct remove_job {
	uv_work_t work;
	char (*victims)[4096];
	int n;
	int rc;				/* the first failure, and where */
	int bad;
};

static void remove_work(uv_work_t *w)
{
	struct remove_job *j = w->data;
	for (int i = 0; i < j->n; i++) {
		int rc = log_remove_finish(j->victims[i]);
		if (rc && !j->rc) {
			j->rc = rc;
			j->bad = i;
		}
	}
}

static void remove_done(uv_work_t *w, int status)
{
	struct remove_job *j = w->data;
	if (j->rc || status)
		say_error("removing %s: %s (removed at the next start)", j->victims[j->bad],
			  kaf_strerror(j->rc ? j->rc : status));
	free(j->victims);
	free(j);
}

static void remove_logs(struct broker *b, const struct topic_after *a)
{
	struct remove_job *j = calloc(1, sizeof(*j));
	if (!j || !(j->victims = calloc((size_t)(a->to > a->from ? a->to - a->from : 1),
					sizeof(*j->victims))))
		abort();
	for (int32_t p = a->from; p < a->to; p++) {
		struct log *l = log_dir_find(b->logs, a->name, p);
		if (l)
			flush_forget(b, l);
		int rc = log_dir_remove_begin(b->logs, a->name, p, j->victims[j->n], sizeof(j->victims[0]));
		if (!rc)
			j->n++;
		else if (rc != KAF_ENOTFOUND)
			say_error("removing the log of %s-%d: %s (removed at the next start)", a->name,
				  p, kaf_strerror(rc));
	}
	j->work.data = j;
	if (!j->n || uv_queue_work(b->loop, &j->work, remove_work, remove_done) < 0) {
		remove_work(&j->work);
		remove_done(&j->work, 0);
	}
}

static void set_configs(struct broker *b, const struct meta_topic *t)
{
	struct log_config lc;
	if (meta_topic_log_config(b->cfg, t, &lc))
		say_warn("topic %s: some of its config overrides could not be applied", t->name);
	for (int32_t p = 0; p < t->npartitions; p++) {
		struct log *l = log_dir_find(b->logs, t->name, p);
		if (l)
			log_set_config(l, &lc);
	}
}

/*
 * Partition logs made on the thread pool: there each directory is made
 * with its partition.metadata (fsynced) and its log files, and the data
 * directory is fsynced once; back on the loop the logs join the log
 * directory. The metadata queue is held meanwhile, so the log directory
 * work of later changes waits for this one.
 */
struct logs_job {
	uv_work_t work;
	struct broker *b;
	char dir[4096];
	char topic[256];
	struct kuuid id;
	int32_t from, to;
	uint8_t *skip;			/* partitions whose log exists already */
	struct log **logs;		/* opened on the pool, [to - from] */
	struct log_config lc;
	int64_t now_ms;
	int16_t ok;
	int rc;
	int32_t bad;			/* the partition that failed */
	topic_after_fn done;
	void *arg;
};

static void logs_work(uv_work_t *w)
{
	struct logs_job *j = w->data;
	for (int32_t p = j->from; p < j->to && !j->rc; p++) {
		char path[4400];
		if (j->skip[p - j->from])
			continue;
		j->bad = p;
		snprintf(path, sizeof(path), "%s/%s-%d", j->dir, j->topic, (int)p);
		j->rc = mkdir_p(path);
		if (!j->rc)
			j->rc = meta_partition_metadata_write(path, &j->id);
		struct log_open_args a = { .topic = j->topic, .partition = p, .log_start_offset = -1,
					   .now_ms = j->now_ms, .create = 1 };
		if (!j->rc)
			j->rc = log_open(j->dir, &j->lc, &a, &j->logs[p - j->from], NULL);
	}
	if (!j->rc)
		j->rc = dir_fsync(j->dir);
}

static void logs_done(uv_work_t *w, int status)
{
	struct logs_job *j = w->data;
	struct broker *b = j->b;
	char msg[512] = "";
	int16_t err = j->ok;
	int rc = status ? status : j->rc;
	for (int32_t p = j->from; p < j->to; p++) {
		struct log *l = j->logs[p - j->from];
		if (!l)
			continue;
		if (rc || log_dir_adopt(b->logs, l))
			log_close(l);	/* failed (reconciled at the next start), or there already */
	}
	if (rc) {
		snprintf(msg, sizeof(msg), "cannot create the log of %s-%d: %s", j->topic, (int)j->bad,
			 kaf_strerror(rc));
		say_error("%s", msg);
		err = KERR_KAFKA_STORAGE_ERROR;
	}
	j->done(j->arg, err, msg);
	free(j->skip);
	free(j->logs);
	free(j);
	metasync_release(b);
}

/* 1 when the job went to the thread pool (done is called from there), else 0. */
static int create_logs(struct broker *b, const struct topic_after *a, const struct meta_topic *t,
		       topic_after_fn done, void *arg)
{
	struct log_config lc;
	if (meta_topic_log_config(b->cfg, t, &lc)) {
		char msg[512];
		snprintf(msg, sizeof(msg), "topic '%s': its configuration no longer validates", t->name);
		done(arg, KERR_INVALID_CONFIG, msg);
		return 0;
	}
	size_t n = (size_t)(a->to > a->from ? a->to - a->from : 1);
	struct logs_job *j = calloc(1, sizeof(*j));
	uint8_t *skip = calloc(n, 1);
	struct log **logs = calloc(n, sizeof(*logs));
	if (!j || !skip || !logs)
		abort();
	*j = (struct logs_job){ .b = b, .id = t->id, .from = a->from, .to = a->to, .skip = skip,
				.logs = logs, .lc = lc, .now_ms = clock_wall_ms(), .ok = a->ok,
				.done = done, .arg = arg };
	if (j->to > t->npartitions)
		j->to = t->npartitions;
	snprintf(j->dir, sizeof(j->dir), "%s", log_dir_path(b->logs));
	snprintf(j->topic, sizeof(j->topic), "%s", t->name);
	for (int32_t p = j->from; p < j->to; p++)
		skip[p - j->from] = log_dir_find(b->logs, t->name, p) != NULL;
	j->work.data = j;
	metasync_hold(b);
	if (uv_queue_work(b->loop, &j->work, logs_work, logs_done) < 0) {
		logs_work(&j->work);
		logs_done(&j->work, 0);
	}
	return 1;
}

void topic_after_start(struct broker *b, const struct topic_after *a, int rc, topic_after_fn done,
		       void *arg)
{
	char msg[512] = "";
	if (a->kind == TOPIC_AFTER_NONE) {
		done(arg, a->ok, msg);
		return;
	}
	if (rc) {
		snprintf(msg, sizeof(msg), "the change to topic '%s' could not be written to the "
			 "metadata log: %s", a->name, kaf_strerror(rc));
		done(arg, KERR_KAFKA_STORAGE_ERROR, msg);
		return;
	}
	if (a->kind == TOPIC_AFTER_REMOVE_LOGS) {
		remove_logs(b, a);
		done(arg, a->ok, msg);
		return;
	}
	/* Gone again: a later change (already in the image, answered after this one) removed it. */
	const struct meta_topic *t = meta_topic_find_id(b->meta, &a->id);
	if (!t) {
		done(arg, a->ok, msg);
		return;
	}
	if (a->kind == TOPIC_AFTER_SET_CONFIGS) {
		set_configs(b, t);
		done(arg, a->ok, msg);
		return;
	}
	create_logs(b, a, t, done, arg);
}

struct topic_change {
	struct topic_after after;
	int16_t *err;
	struct kstr *msg;
};

struct topic_changes {
	struct req *r;
	struct topic_change *v;
	int32_t n, cap;
	void (*then)(struct req *r, void *arg);
	void *then_arg;
	int rc;				/* of the metadata log's fsync */
	int32_t next;			/* the change whose after runs */
	int starting;			/* inside topic_after_start */
	int waiting;			/* its after has not answered yet */
	int parked;			/* the handler returned REQ_PARKED */
	int finished;
};

struct topic_changes *topic_changes_new(struct req *r, int32_t max)
{
	struct topic_changes *c = arena_zalloc(&r->arena, sizeof(*c));
	c->r = r;
	c->cap = max > 0 ? max : 0;
	c->v = arena_zalloc(&r->arena, (size_t)(c->cap ? c->cap : 1) * sizeof(*c->v));
	return c;
}

struct topic_after *topic_changes_add(struct topic_changes *c, int16_t *err, struct kstr *msg)
{
	if (c->n >= c->cap)
		abort();	/* the caller said how many */
	struct topic_change *ch = &c->v[c->n++];
	ch->err = err;
	ch->msg = msg;
	return &ch->after;
}

void topic_changes_then(struct topic_changes *c, void (*fn)(struct req *r, void *arg), void *arg)
{
	c->then = fn;
	c->then_arg = arg;
}

static void changes_run(struct topic_changes *c);

static void on_after_done(void *arg, int16_t err, const char *msg)
{
	struct topic_changes *c = arg;
	struct topic_change *ch = &c->v[c->next++];
	*ch->err = err;
	if (ch->msg)
		*ch->msg = req_error_message(c->r, err, msg);
	c->waiting = 0;
	if (!c->starting)
		changes_run(c);
}

/* Run the afters in order, each once the one before has answered; then answer the request. */
static void changes_run(struct topic_changes *c)
{
	while (c->next < c->n) {
		struct topic_change *ch = &c->v[c->next];
		if (ch->after.kind == TOPIC_AFTER_NONE) {
			c->next++;
			continue;
		}
		c->waiting = 1;
		c->starting = 1;
		topic_after_start(c->r->b, &ch->after, c->rc, on_after_done, c);
		c->starting = 0;
		if (c->waiting)
			return;
	}
	if (c->then)
		c->then(c->r, c->then_arg);
	c->finished = 1;
	if (c->parked)
		req_resume(c->r, REQ_DONE);
}

static void on_changes_durable(void *arg, int rc)
{
	struct topic_changes *c = arg;
	c->rc = rc;
	changes_run(c);
}

enum req_status topic_changes_commit(struct topic_changes *c)
{
	if (c->r->b->meta && metasync_wait(c->r->b, on_changes_durable, c)) {
		c->parked = 1;
		return REQ_PARKED;
	}
	changes_run(c);
	if (c->finished)
		return REQ_DONE;
	c->parked = 1;
	return REQ_PARKED;
}
