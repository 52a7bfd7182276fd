/*
 * The log directory against the metadata image: the settings a topic's logs
 * get (broker defaults, then the topic's overrides), and the repair after a
 * crash between a metadata change and the log operations that follow it
 * (a created topic without its logs, a removed topic with its logs).
 *
 * Each partition directory holds Kafka's partition.metadata, naming the
 * topic id its data belongs to, so a log left over from a deleted topic of
 * the same name is told apart from the new topic's:
 *
 *   version: 0\n
 *   topic_id: <22-char base64url uuid>          (no final newline)
 */
#include "core/meta/meta_impl.h"
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/config/config.h"
#include "core/log/log.h"
#include "core/log/logdir.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int meta_topic_log_config(const struct config *cfg, const struct meta_topic *t,
			  struct log_config *out)
{
	int rc = 0;
	config_log_defaults(cfg, out);
	for (int i = 0; i < t->nconfigs; i++) {
		char err[256];
		int r = config_topic_set(out, t->configs[i].key, t->configs[i].value, err, sizeof(err));
		if (r && !rc)
			rc = r;
	}
	return rc;
}

static int log_config_equal(const struct log_config *a, const struct log_config *b)
{
	return a->segment_bytes == b->segment_bytes && a->segment_ms == b->segment_ms &&
	       a->retention_bytes == b->retention_bytes && a->retention_ms == b->retention_ms &&
	       a->index_interval_bytes == b->index_interval_bytes &&
	       a->segment_index_bytes == b->segment_index_bytes &&
	       a->max_message_bytes == b->max_message_bytes &&
	       a->cleanup_policy == b->cleanup_policy &&
	       a->delete_retention_ms == b->delete_retention_ms &&
	       a->min_compaction_lag_ms == b->min_compaction_lag_ms &&
	       a->flush_messages == b->flush_messages && a->log_append_time == b->log_append_time;
}

#define PARTITION_METADATA "partition.metadata"

int meta_partition_metadata_write(const char *log_path, const struct kuuid *topic_id)
{
	char path[4096], id[23], text[64];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", log_path, PARTITION_METADATA) >= sizeof(path))
		return -ENAMETOOLONG;
	meta_uuid_format(topic_id, id);
	int n = snprintf(text, sizeof(text), "version: 0\ntopic_id: %s", id);
	return file_write_atomic(path, text, (size_t)n);
}

/* 0 with *id; KAF_ENOTFOUND when there is no file; KAF_ECORRUPT when it is not Kafka's form. */
static int partition_metadata_read(const char *log_path, struct kuuid *id)
{
	char path[4096], word[32];
	struct buf b = BUF_INIT;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", log_path, PARTITION_METADATA) >= sizeof(path))
		return -ENAMETOOLONG;
	int rc = file_read_all(path, 1024, &b);
	if (rc == -ENOENT)
		rc = KAF_ENOTFOUND;
	if (!rc) {
		buf_put_u8(&b, 0);
		int version;
		/* Kafka splits each line at ":" and the white space after it. */
		if (sscanf((char *)b.data, "version: %d topic_id: %31s", &version, word) != 2 ||
		    version < 0 || meta_uuid_parse(word, id))
			rc = KAF_ECORRUPT;
	}
	buf_release(&b);
	return rc;
}

struct log_name {
	char topic[250];
	int32_t partition;
};

/* Remove the logs of removed topics (and partitions); warn about logs nobody knows. */
static int remove_stale(struct meta *m, struct log_dir *logs, int *changes)
{
	size_t n;
	struct log **v = log_dir_logs(logs, &n);
	int rc = 0;
	if (!n)
		return 0;
	/* Removal reorders the directory's array: work from a copy of the names. */
	struct log_name *names = calloc(n, sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i].topic, sizeof(names[i].topic), "%s", log_topic(v[i]));
		names[i].partition = log_partition(v[i]);
	}
	for (size_t i = 0; i < n; i++) {
		const char *topic = names[i].topic;
		int32_t part = names[i].partition;
		if (!strcmp(topic, META_LOG_TOPIC))
			continue;
		const struct meta_topic *t = meta_image_find(&m->img, topic, strlen(topic));
		if (t && part < t->npartitions)
			continue;
		if (!meta_image_was_removed(&m->img, topic)) {
			say_warn("log %s-%" PRId32 " in %s belongs to no topic in the cluster metadata; "
				 "left in place", topic, part, log_dir_path(logs));
			continue;
		}
		int r = log_dir_remove(logs, topic, part);
		if (r) {
			say_error("cannot remove log %s-%" PRId32 " of a deleted topic: %s", topic,
				  part, kaf_strerror(r));
			if (!rc)
				rc = r;
			continue;
		}
		say_info("removed log %s-%" PRId32 " of a deleted topic", topic, part);
		(*changes)++;
	}
	free(names);
	return rc;
}

/*
 * Whether log l holds the data of topic t: its partition.metadata names t's
 * id. A log without the file is taken as t's and gets one (logs made before
 * the file was written, or by Kafka versions without it).
 */
static int log_is_topics(struct log *l, const struct meta_topic *t)
{
	struct kuuid id;
	int rc = partition_metadata_read(log_path(l), &id);
	if (!rc)
		return !memcmp(id.b, t->id.b, 16);
	if (rc != KAF_ENOTFOUND)
		say_warn("log %s: unreadable %s (%s); rewritten for topic %s", log_path(l),
			 PARTITION_METADATA, kaf_strerror(rc), t->name);
	if ((rc = meta_partition_metadata_write(log_path(l), &t->id)))
		say_warn("log %s: cannot write %s: %s", log_path(l), PARTITION_METADATA,
			 kaf_strerror(rc));
	return 1;
}

/* Create the topic's missing logs and give each its settings. */
static int topic_logs(const struct meta_topic *t, struct log_dir *logs, const struct config *cfg,
		      int64_t now_ms, int *changes)
{
	struct log_config lc;
	int rc = 0;
	if (meta_topic_log_config(cfg, t, &lc))
		say_warn("topic %s: some of its config overrides could not be applied", t->name);
	for (int32_t p = 0; p < t->npartitions; p++) {
		struct log *l = log_dir_find(logs, t->name, p);
		if (l && !log_is_topics(l, t)) {
			/* A deleted topic's data under the new topic's name. */
			int r = log_dir_remove(logs, t->name, p);
			if (r) {
				say_error("cannot remove log %s-%" PRId32 " of a deleted topic: %s",
					  t->name, p, kaf_strerror(r));
				if (!rc)
					rc = r;
				continue;
			}
			say_info("removed log %s-%" PRId32 " of an earlier topic of that name",
				 t->name, p);
			(*changes)++;
			l = NULL;
		}
		if (!l) {
			int r = log_dir_create(logs, t->name, p, &lc, now_ms, &l);
			if (r) {
				say_error("cannot create log %s-%" PRId32 ": %s", t->name, p,
					  kaf_strerror(r));
				if (!rc)
					rc = r;
				continue;
			}
			say_info("created missing log %s-%" PRId32, t->name, p);
			(*changes)++;
			if ((r = meta_partition_metadata_write(log_path(l), &t->id))) {
				say_error("log %s: cannot write %s: %s", log_path(l),
					  PARTITION_METADATA, kaf_strerror(r));
				if (!rc)
					rc = r;
			}
		} else if (!log_config_equal(log_get_config(l), &lc)) {
			/* Logs open with the directory's defaults: giving them their
			 * topic's settings is every start's work, not a repair. */
			log_set_config(l, &lc);
		}
	}
	return rc;
}

int meta_reconcile_logs(struct meta *m, struct log_dir *logs, const struct config *cfg,
			int64_t now_ms)
{
	int changes = 0;
	int rc = remove_stale(m, logs, &changes);
	for (size_t i = 0; i < m->img.n; i++) {
		int r = topic_logs(m->img.by_name[i], logs, cfg, now_ms, &changes);
		if (r && !rc)
			rc = r;
	}
	return rc ? rc : changes;
}
