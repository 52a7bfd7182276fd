/* Creating, deleting and growing topics: metadata first, then the logs. */
#include "net/api/topic_ops.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/config/config.h"
#include "core/log/log.h"
#include "core/log/logdir.h"
#include "core/meta/meta.h"
#include "net/broker.h"
#include "net/flush.h"
#include "net/proto/errors.h"

#include <stdio.h>
#include <string.h>

static int name_copy(char *out, size_t n, const char *name, size_t len)
{
	if (len >= n)
		return -1;
	memcpy(out, name, len);
	out[len] = 0;
	return (int)strlen(out) == (int)len ? 0 : -1;	/* no NUL inside */
}

/* Create the logs of partitions [from, to) of t with its settings. */
static int16_t create_logs(struct broker *b, const struct meta_topic *t, int32_t from, int64_t now_ms,
			   char *msg, size_t msglen)
{
	struct log_config lc;
	if (meta_topic_log_config(b->cfg, t, &lc)) {
		snprintf(msg, msglen, "topic '%s': its configuration no longer validates", t->name);
		return KERR_INVALID_CONFIG;
	}
	for (int32_t p = from; p < t->npartitions; p++) {
		struct log *l;
		int rc = log_dir_create(b->logs, t->name, p, &lc, now_ms, &l);
		if (!rc)
			rc = meta_partition_metadata_write(log_path(l), &t->id);
		if (rc && rc != KAF_EEXIST) {
			snprintf(msg, msglen, "cannot create the log of %s-%d: %s", t->name, p, kaf_strerror(rc));
			say_error("%s", msg);
			return KERR_KAFKA_STORAGE_ERROR;
		}
	}
	return KERR_NONE;
}

int16_t topic_create(struct broker *b, const struct topic_spec *t, int64_t now_ms, char *msg, size_t msglen)
{
	char name[256];
	msg[0] = 0;
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
	return create_logs(b, mt, 0, now_ms, msg, msglen);
}

int16_t topic_delete(struct broker *b, const char *name_in, size_t len, int64_t now_ms, char *msg, size_t msglen)
{
	char name[256];
	msg[0] = 0;
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
	for (int32_t p = 0; p < n; p++) {
		struct log *l = log_dir_find(b->logs, name, p);
		if (l)
			flush_forget(b, l);
		rc = log_dir_remove(b->logs, name, p);
		if (rc && rc != KAF_ENOTFOUND)
			say_error("removing the log of %s-%d: %s (removed at the next start)", name, p,
				  kaf_strerror(rc));
	}
	say_info("deleted topic %s", name);
	return KERR_NONE;
}

int16_t topic_add_partitions(struct broker *b, const char *name_in, size_t len, int32_t count,
			     int validate_only, int64_t now_ms, char *msg, size_t msglen)
{
	char name[256];
	msg[0] = 0;
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
	return create_logs(b, t, old, now_ms, msg, msglen);
}
