/*
 * Opening the cluster metadata (lock, meta.properties, the metadata log and
 * its replay) and changing it: every change is one record batch appended to
 * "__cluster_metadata-0" and fsynced, then applied to the image by the same
 * function replay uses, so what the image holds is what a restart rebuilds.
 */
#include "core/meta/meta_impl.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/log/log.h"
#include "core/log/logdir.h"
#include "core/record/batch.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Kafka's limit on one metadata batch; a change larger than this is refused. */
#define META_MAX_BATCH (8 << 20)
#define META_MAX_UNCOMPRESSED (64 << 20)
#define META_READ_CHUNK (1 << 20)

struct meta_lock {
	int fd;
};

int meta_lock_dir(const char *data_dir, struct meta_lock **out, char *err, size_t errlen)
{
	*out = NULL;
	int rc = mkdir_p(data_dir);
	if (rc)
		return meta_err(rc, err, errlen, "cannot create data directory %s: %s", data_dir,
				kaf_strerror(rc));
	struct meta_lock *lk = malloc(sizeof(*lk));
	if (!lk)
		return meta_err(-ENOMEM, err, errlen, "out of memory");
	if ((rc = meta_dir_lock(data_dir, &lk->fd, err, errlen))) {
		free(lk);
		return rc;
	}
	*out = lk;
	return 0;
}

void meta_lock_release(struct meta_lock *lk)
{
	if (!lk)
		return;
	close(lk->fd);	/* closing the only descriptor drops both locks */
	free(lk);
}

/* The metadata log keeps everything: the image is rebuilt from its first record. */
static void meta_log_config(struct log_config *c)
{
	log_config_default(c);
	c->retention_ms = -1;
	c->retention_bytes = -1;
	c->cleanup_policy = LOG_CLEANUP_DELETE;
	c->flush_messages = 0;		/* every change is flushed before it is applied */
	c->log_append_time = 0;
	c->max_message_bytes = META_MAX_BATCH;
}

/* Unknown types are a newer writer's; say so once per type, then read past them. */
static void warn_unknown(struct meta *m, const struct meta_record *rec, int64_t offset)
{
	if (rec->type < 64) {
		if (m->warned_types & (UINT64_C(1) << rec->type))
			return;
		m->warned_types |= UINT64_C(1) << rec->type;
	} else {
		if (m->warned_other)
			return;
		m->warned_other = 1;
	}
	say_warn("metadata log: skipping records of unknown type %d (first at offset %" PRId64 ")",
		 rec->type, offset);
}

static int replay_record(struct meta *m, const struct record *r, struct arena *a, char *err,
			 size_t errlen)
{
	struct meta_record rec;
	char why[512];
	if (r->value_len < 0)
		return meta_err(KAF_ECORRUPT, err, errlen,
				"metadata log offset %" PRId64 ": record without a value", r->offset);
	int rc = meta_record_decode(r->value, (size_t)r->value_len, &rec, a, why, sizeof(why));
	if (rc == KAF_ENOTFOUND) {
		warn_unknown(m, &rec, r->offset);
		return 0;
	}
	if (!rc)
		rc = meta_image_apply(&m->img, &rec, why, sizeof(why));
	if (rc == -ENOMEM)
		return meta_err(rc, err, errlen, "out of memory replaying the metadata log");
	if (rc)
		return meta_err(KAF_ECORRUPT, err, errlen, "metadata log offset %" PRId64 ": %s",
				r->offset, why);
	return 0;
}

/* Apply every record of the batches in p[0..n); *next set past the last one applied. */
static int replay_batches(struct meta *m, const uint8_t *p, size_t n, int64_t *next, char *err,
			  size_t errlen)
{
	struct arena a;
	arena_init(&a, 4096);
	int rc = 0;
	for (size_t off = 0; off < n && !rc;) {
		struct batch_header h;
		struct record_iter it;
		struct record r;
		rc = batch_validate(p + off, n - off, 0, &h);
		if (rc) {
			rc = meta_err(KAF_ECORRUPT, err, errlen,
				      "metadata log offset %" PRId64 ": invalid batch (%s)", *next,
				      kaf_strerror(rc));
			break;
		}
		size_t total = batch_total_size(&h);
		/* Kafka's metadata log also holds control batches (leader changes): not state. */
		if (!(h.attributes & BATCH_ATTR_CONTROL)) {
			rc = record_iter_init(&it, p + off, total, META_MAX_UNCOMPRESSED);
			if (rc) {
				rc = meta_err(KAF_ECORRUPT, err, errlen,
					      "metadata log offset %" PRId64 ": %s", h.base_offset,
					      kaf_strerror(rc));
				break;
			}
			int more = 0;
			while (!rc && (more = record_iter_next(&it, &r)) > 0)
				rc = replay_record(m, &r, &a, err, errlen);
			if (!rc && more < 0)
				rc = meta_err(KAF_ECORRUPT, err, errlen,
					      "metadata log offset %" PRId64 ": bad record in batch",
					      h.base_offset);
			record_iter_release(&it);
			arena_release(&a);
		}
		*next = batch_last_offset(&h) + 1;
		off += total;
	}
	arena_release(&a);
	return rc;
}

/* Replay the records below end into the image. */
static int replay(struct meta *m, int64_t end, char *err, size_t errlen)
{
	int64_t off = log_start_offset(m->log);
	struct buf b = BUF_INIT;
	int rc = 0;
	if (off > 0)
		return meta_err(KAF_ECORRUPT, err, errlen,
				"metadata log %s starts at offset %" PRId64 ": earlier records are gone",
				log_path(m->log), off);
	while (off < end && !rc) {
		struct log_slice s;
		rc = log_read(m->log, off, META_READ_CHUNK, end, &s);
		if (!rc && !s.len)
			rc = KAF_ERANGE;	/* no batch where the log says one is */
		if (!rc && s.len > META_MAX_UNCOMPRESSED)
			rc = KAF_ETOOBIG;
		if (!rc) {
			buf_reset(&b);
			rc = pread_full(s.fd, buf_grow(&b, s.len), s.len, s.pos);
		}
		log_slice_release(&s);
		if (rc) {
			rc = meta_err(rc == KAF_ETRUNC || rc == KAF_ERANGE ? KAF_ECORRUPT : rc, err,
				      errlen, "metadata log offset %" PRId64 ": cannot read: %s", off,
				      kaf_strerror(rc));
			break;
		}
		rc = replay_batches(m, b.data, b.len, &off, err, errlen);
	}
	buf_release(&b);
	return rc;
}

static int open_log(struct meta *m, int64_t now_ms, char *err, size_t errlen)
{
	struct log_config c;
	meta_log_config(&c);
	m->log = log_dir_find(m->logs, META_LOG_TOPIC, 0);
	if (m->log) {
		log_set_config(m->log, &c);
		return 0;
	}
	int rc = log_dir_create(m->logs, META_LOG_TOPIC, 0, &c, now_ms, &m->log);
	if (rc)
		return meta_err(rc, err, errlen, "cannot create the metadata log %s-0 in %s: %s",
				META_LOG_TOPIC, m->data_dir, kaf_strerror(rc));
	return 0;
}

int meta_open(const struct meta_open_args *args, struct meta **out, char *err, size_t errlen)
{
	*out = NULL;
	struct meta_lock *lk = args->lock;
	int rc = 0;
	if (!lk && (rc = meta_lock_dir(args->data_dir, &lk, err, errlen)))
		return rc;
	struct meta *m = calloc(1, sizeof(*m));
	if (!m || !(m->data_dir = strdup(args->data_dir))) {
		free(m);
		meta_lock_release(lk);
		return meta_err(-ENOMEM, err, errlen, "out of memory");
	}
	m->lock_fd = lk->fd;
	free(lk);
	m->logs = args->logs;
	m->node_id = args->node_id;
	meta_image_init(&m->img);
	rc = meta_props_check(args->data_dir, args->node_id, args->cluster_id, m->cluster_id, err,
			      errlen);
	if (!rc)
		rc = open_log(m, args->now_ms, err, errlen);
	if (!rc)
		rc = replay(m, log_end_offset(m->log), err, errlen);
	if (rc) {
		meta_close(m);
		return rc;
	}
	say_info("metadata: cluster %s, node %" PRId32 ", %zu topics from %" PRId64
		 " metadata records", m->cluster_id, m->node_id, m->img.n, log_end_offset(m->log));
	*out = m;
	return 0;
}

void meta_close(struct meta *m)
{
	if (!m)
		return;
	meta_image_release(&m->img);
	if (m->lock_fd >= 0)
		close(m->lock_fd);
	free(m->data_dir);
	free(m);
}

const char *meta_cluster_id(const struct meta *m)
{
	return m->cluster_id;
}

int32_t meta_node_id(const struct meta *m)
{
	return m->node_id;
}

size_t meta_topic_count(const struct meta *m)
{
	return m->img.n;
}

const struct meta_topic *meta_topic_at(const struct meta *m, size_t i)
{
	return i < m->img.n ? m->img.by_name[i] : NULL;
}

const struct meta_topic *meta_topic_find(const struct meta *m, const char *name, size_t len)
{
	return name ? meta_image_find(&m->img, name, len) : NULL;
}

const struct meta_topic *meta_topic_find_id(const struct meta *m, const struct kuuid *id)
{
	return meta_image_find_id(&m->img, id);
}

const char *meta_topic_config(const struct meta_topic *t, const char *key)
{
	int lo = 0, hi = t->nconfigs;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(t->configs[mid].key, key);
		if (!c)
			return t->configs[mid].value;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Write recs as one batch, fsync it (unless the flush is deferred), then
 * apply them. A failure before the fsync completes leaves the image as it
 * was (the log refuses writes after a failed write or fsync, so the two
 * cannot drift further apart). With the flush deferred the image runs ahead
 * of the disk until the owner's fsync; meta_rollback undoes that when the
 * fsync fails.
 */
static int commit(struct meta *m, const struct meta_record *recs, size_t n, int64_t now_ms)
{
	struct batch_builder bb;
	struct buf val = BUF_INIT, batch = BUF_INIT;
	struct arena a;
	arena_init(&a, 4096);
	batch_builder_init(&bb, NULL);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&val);
		meta_record_encode(&recs[i], &val, &a);
		batch_builder_add(&bb, now_ms, -1, NULL, -1, val.data, (int32_t)val.len, NULL, 0);
		if (bb.records.len > META_MAX_BATCH)
			break;
	}
	int rc = bb.records.len > META_MAX_BATCH ? KAF_ETOOBIG
						   : batch_builder_finish(&bb, 0, -1, &batch);
	batch_builder_release(&bb);
	arena_release(&a);
	buf_release(&val);
	if (!rc && batch.len > META_MAX_BATCH)
		rc = KAF_ETOOBIG;
	if (!rc)
		rc = log_append(m->log, batch.data, batch.len, 0, now_ms, NULL);
	if (!rc && !m->deferred_flush)
		rc = log_flush(m->log);
	buf_release(&batch);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		char why[512];
		int r = meta_image_apply(&m->img, &recs[i], why, sizeof(why));
		if (r) {
			/* Checked before writing, so only memory can run out here. */
			say_error("metadata: a change written to the log could not be applied (%s); "
				  "restart the server to rebuild the metadata from the log",
				  r == -ENOMEM ? "out of memory" : why);
			return KAF_ESTATE;
		}
	}
	return 0;
}

void meta_set_deferred_flush(struct meta *m, int on)
{
	m->deferred_flush = on;
}

struct log *meta_log(struct meta *m)
{
	return m->log;
}

int meta_durable(const struct meta *m)
{
	return log_recovery_point(m->log) >= log_end_offset(m->log);
}

int meta_rollback(struct meta *m, char *err, size_t errlen)
{
	int64_t end = log_recovery_point(m->log);
	if (end >= log_end_offset(m->log))
		return 0;
	struct meta_image keep = m->img;
	meta_image_init(&m->img);
	int rc = replay(m, end, err, errlen);
	if (rc) {
		meta_image_release(&m->img);
		m->img = keep;
		return rc;
	}
	meta_image_release(&keep);
	say_warn("metadata: changes after offset %" PRId64 " were not written; the image "
		 "holds only what the log has on disk", end);
	return 1;
}

static struct meta_record partition_record(const struct kuuid *topic_id, int32_t partition,
					   int32_t *node)
{
	struct meta_record r = { .type = META_REC_PARTITION, .version = 0 };
	struct meta_partition_record *p = &r.u.partition;
	p->partition_id = partition;
	p->topic_id = *topic_id;
	p->replicas.n = 1;
	p->replicas.v = node;
	p->isr.n = 1;
	p->isr.v = node;
	p->leader = *node;
	p->leader_epoch = 0;
	p->partition_epoch = 0;
	return r;
}

static struct meta_record config_record(const char *topic, const char *key, const char *value)
{
	struct meta_record r = { .type = META_REC_CONFIG, .version = 0 };
	r.u.config.resource_type = META_RESOURCE_TOPIC;
	r.u.config.resource_name = kstr_c(topic);
	r.u.config.name = kstr_c(key);
	r.u.config.value = kstr_c(value);
	return r;
}

static int configs_valid(const struct meta_config *c, int n)
{
	for (int i = 0; i < n; i++)
		if (!c[i].key || !c[i].key[0])
			return 0;
	return n >= 0;
}

int meta_create_topic(struct meta *m, const struct meta_new_topic *t, int64_t now_ms,
		      const struct meta_topic **out)
{
	if (out)
		*out = NULL;
	if (!t->name || !log_topic_name_valid(t->name) || !strcmp(t->name, META_LOG_TOPIC))
		return KAF_ECORRUPT;
	if (t->partitions < 1)
		return KAF_ERANGE;
	if (t->replication_factor != 1 && t->replication_factor != -1)
		return KAF_ECONFIG;
	if (!configs_valid(t->configs, t->nconfigs))
		return KAF_ECONFIG;
	if (meta_image_find(&m->img, t->name, strlen(t->name)))
		return KAF_EEXIST;
	/* A topic record, its configs, then its partitions: Kafka's order. */
	size_t n = 1 + (size_t)t->nconfigs + (size_t)t->partitions;
	if ((size_t)t->partitions > META_MAX_BATCH / 32)
		return KAF_ETOOBIG;
	struct meta_record *recs = calloc(n, sizeof(*recs));
	if (!recs)
		return -ENOMEM;
	struct kuuid id;
	int rc = 0;
	do {
		rc = meta_random_uuid(&id);
	} while (!rc && meta_image_find_id(&m->img, &id));
	if (rc) {
		free(recs);
		return rc;
	}
	int32_t node = m->node_id;
	size_t k = 0;
	recs[k].type = META_REC_TOPIC;
	recs[k].u.topic.name = kstr_c(t->name);
	recs[k++].u.topic.topic_id = id;
	for (int i = 0; i < t->nconfigs; i++)
		recs[k++] = config_record(t->name, t->configs[i].key, t->configs[i].value);
	for (int32_t p = 0; p < t->partitions; p++)
		recs[k++] = partition_record(&id, p, &node);
	rc = commit(m, recs, n, now_ms);
	free(recs);
	if (!rc && out)
		*out = meta_image_find_id(&m->img, &id);
	return rc;
}

int meta_delete_topic(struct meta *m, const char *name, int64_t now_ms)
{
	const struct meta_topic *t = name ? meta_image_find(&m->img, name, strlen(name)) : NULL;
	if (!t)
		return KAF_ENOTFOUND;
	struct meta_record r = { .type = META_REC_REMOVE_TOPIC, .version = 0 };
	r.u.remove_topic.topic_id = t->id;
	return commit(m, &r, 1, now_ms);
}

int meta_create_partitions(struct meta *m, const char *name, int32_t count, int64_t now_ms)
{
	const struct meta_topic *t = name ? meta_image_find(&m->img, name, strlen(name)) : NULL;
	if (!t)
		return KAF_ENOTFOUND;
	if (count <= t->npartitions)
		return KAF_ERANGE;
	size_t n = (size_t)(count - t->npartitions);
	if (n > META_MAX_BATCH / 32)
		return KAF_ETOOBIG;
	struct meta_record *recs = calloc(n, sizeof(*recs));
	if (!recs)
		return -ENOMEM;
	int32_t node = m->node_id;
	for (size_t i = 0; i < n; i++)
		recs[i] = partition_record(&t->id, t->npartitions + (int32_t)i, &node);
	int rc = commit(m, recs, n, now_ms);
	free(recs);
	return rc;
}

int meta_alter_topic_configs(struct meta *m, const char *name, const struct meta_config *set,
			     int n, int64_t now_ms)
{
	const struct meta_topic *t = name ? meta_image_find(&m->img, name, strlen(name)) : NULL;
	if (!t)
		return KAF_ENOTFOUND;
	if (!configs_valid(set, n))
		return KAF_ECONFIG;
	if (!n)
		return 0;
	struct meta_record *recs = calloc((size_t)n, sizeof(*recs));
	if (!recs)
		return -ENOMEM;
	for (int i = 0; i < n; i++)
		recs[i] = config_record(t->name, set[i].key, set[i].value);
	int rc = commit(m, recs, (size_t)n, now_ms);
	free(recs);
	return rc;
}
