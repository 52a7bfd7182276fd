/*
 * Cluster metadata: the cluster id, topics with their ids, partitions
 * (leader, replicas, ISR, epochs) and per-topic config overrides. Kafka's
 * KRaft model: the state is an image built by replaying a log of metadata
 * records, and every change is a batch of records appended (and fsynced)
 * to that log before it is applied. On a single node the log is the
 * partition log "__cluster_metadata-0" of the data directory; a cluster
 * will replicate the same records.
 *
 * Record values use Kafka's metadata record framing so Kafka's tools can
 * decode them: uvarint frame version (1), uvarint record type (api key),
 * uvarint record version, then the record in flexible encoding:
 *
 *   2 TopicRecord        Name string, TopicId uuid
 *   3 PartitionRecord    PartitionId i32, TopicId uuid, Replicas [i32], Isr [i32],
 *                        RemovingReplicas [i32], AddingReplicas [i32],
 *                        Leader i32, LeaderEpoch i32, PartitionEpoch i32
 *   4 ConfigRecord       ResourceType i8 (2 topic, 4 broker), ResourceName string,
 *                        Name string, Value nullable string (null = delete)
 *   9 RemoveTopicRecord  TopicId uuid
 *
 * (core/meta/records.h has the details: tagged fields, FeatureLevelRecord,
 * which versions are read.) A change is one batch, so a torn tail loses a
 * change whole; replay reads past control batches and, with a warning, past
 * record types it does not know.
 *
 * Beside it in the data directory: meta.properties (version=1, node.id,
 * cluster.id, written once at first start, checked at every start) and
 * .lock (held with flock while a broker uses the directory, plus an
 * open-file-description lock so a Java broker's lock is seen); in each
 * partition directory Kafka's partition.metadata names the topic id.
 *
 * Owned by the broker's loop thread; functions taking now_ms never read a clock.
 */
#ifndef KAF_META_META_H
#define KAF_META_META_H

#include <stddef.h>
#include <stdint.h>

#include "core/codec/types.h"

struct log_dir;
struct log_config;
struct config;

#define META_LOG_TOPIC "__cluster_metadata"

struct meta_config {
	char *key;
	char *value;
};

struct meta_partition {
	int32_t id;
	int32_t leader;
	int32_t leader_epoch;
	int32_t partition_epoch;
	int32_t *replicas;
	int32_t nreplicas;
	int32_t *isr;
	int32_t nisr;
};

struct meta_topic {
	char *name;
	struct kuuid id;
	int internal;			/* names starting with "__" (Kafka's internal topics) */
	int32_t npartitions;
	struct meta_partition *partitions;
	struct meta_config *configs;	/* overrides only, sorted by key */
	int nconfigs;
};

struct meta;
struct meta_lock;

/*
 * Lock data_dir (creating it when missing) before anything opens its logs:
 * log_dir_open recovers and truncates logs, which must not happen under a
 * running server. KAF_ESTATE with err naming the directory when another
 * server holds it. Hand the lock to meta_open, or release it.
 */
int meta_lock_dir(const char *data_dir, struct meta_lock **out, char *err, size_t errlen);
void meta_lock_release(struct meta_lock *lk);

struct meta_open_args {
	const char *data_dir;		/* the (first) log directory */
	struct log_dir *logs;		/* opened on data_dir; holds the metadata log */
	int32_t node_id;
	const char *cluster_id;		/* required id, or NULL: generate on first start */
	int64_t now_ms;
	struct meta_lock *lock;		/* from meta_lock_dir, owned by meta_open from the
					 * call on (released on failure); NULL = lock here */
};

/*
 * Lock the data directory, check or write meta.properties, open the metadata
 * log (creating it on first start) and replay it. On failure err names the
 * problem for the operator ("data directory ./data is used by another kaf
 * server (pid 1234)", "cluster id mismatch: ...") and the return is
 * KAF_ESTATE (locked), KAF_ECONFIG (id mismatch), KAF_ECORRUPT (bad
 * records) or -errno.
 */
int meta_open(const struct meta_open_args *args, struct meta **out, char *err, size_t errlen);
/* Release the lock and the image (the metadata log belongs to the log_dir). */
void meta_close(struct meta *m);

const char *meta_cluster_id(const struct meta *m);	/* 22-char base64url */
int32_t meta_node_id(const struct meta *m);

/* Topics sorted by name. */
size_t meta_topic_count(const struct meta *m);
const struct meta_topic *meta_topic_at(const struct meta *m, size_t i);
const struct meta_topic *meta_topic_find(const struct meta *m, const char *name, size_t len);
const struct meta_topic *meta_topic_find_id(const struct meta *m, const struct kuuid *id);
/* The topic's override of key, or NULL. */
const char *meta_topic_config(const struct meta_topic *t, const char *key);

struct meta_new_topic {
	const char *name;
	int32_t partitions;
	int16_t replication_factor;
	const struct meta_config *configs;	/* validated by the caller */
	int nconfigs;
};

/*
 * Record a new topic (leader = this node, replicas = ISR = {node}, epochs 0)
 * with a fresh topic id. KAF_EEXIST when the name is taken. Records are
 * fsynced before the image changes (see meta_set_deferred_flush). The
 * caller creates the partition logs (see meta_reconcile_logs for the crash
 * between the two).
 * Refused without writing: an illegal name (or the metadata log's) with
 * KAF_ECORRUPT, partitions < 1 with KAF_ERANGE, a replication factor other
 * than 1 (or -1, the default, which is 1 on one node) with KAF_ECONFIG, a
 * config with no key with KAF_ECONFIG, a change over the 8 MiB batch limit
 * with KAF_ETOOBIG.
 */
int meta_create_topic(struct meta *m, const struct meta_new_topic *t, int64_t now_ms,
		      const struct meta_topic **out);
/* Record the removal; KAF_ENOTFOUND when unknown. The caller removes the logs. */
int meta_delete_topic(struct meta *m, const char *name, int64_t now_ms);
/* Grow the partition count; KAF_ERANGE when count <= the current one. */
int meta_create_partitions(struct meta *m, const char *name, int32_t count, int64_t now_ms);
/* Set (value) or delete (NULL value) topic config overrides, all in one batch. */
int meta_alter_topic_configs(struct meta *m, const char *name, const struct meta_config *set,
			     int n, int64_t now_ms);

/*
 * Deferred flush (the broker's group commit): from the call on, a change is
 * appended and applied to the image at once, and not fsynced. The caller
 * acknowledges it only once the metadata log (meta_log) is durable through
 * the change (log_recovery_point past the log end it had after the call),
 * and does the log directory's part of the change after that, as without
 * deferral. When the fsync fails, meta_rollback brings the image back to
 * what is on disk. Off by default: every change is fsynced before it is
 * applied.
 */
void meta_set_deferred_flush(struct meta *m, int on);
struct log *meta_log(struct meta *m);
/* Whether every change so far is durable. */
int meta_durable(const struct meta *m);
/*
 * Rebuild the image from the records below the metadata log's recovery
 * point, dropping changes that were applied but never made durable. 1 when
 * something was dropped, 0 when there was nothing to drop, or the replay's
 * error (err says why; the image is then left as it was).
 */
int meta_rollback(struct meta *m, char *err, size_t errlen);

/* The log settings of a topic: broker defaults from cfg, then its overrides. */
int meta_topic_log_config(const struct config *cfg, const struct meta_topic *t,
			  struct log_config *out);

/*
 * Make the log directory agree with the image after a crash between a
 * metadata change and its log operations: create missing partition logs,
 * remove logs of topics that no longer exist (not the metadata log), and
 * give every log its topic's settings. Returns the number of logs created or
 * removed (settings are not counted: applying them is every start's work), or <0.
 * Only logs the metadata log explains are removed: those of a topic it
 * removed (and those whose partition.metadata names another topic id than
 * the current topic of that name). A log of a topic it never knew is left
 * in place with a warning (data from elsewhere is not deleted on a guess).
 */
int meta_reconcile_logs(struct meta *m, struct log_dir *logs, const struct config *cfg,
			int64_t now_ms);

/*
 * Write Kafka's partition.metadata ("version: 0\ntopic_id: <id>") into a
 * partition log's directory (log_path), naming the topic its data belongs
 * to. Call it after creating a topic's logs: meta_reconcile_logs replaces a
 * log whose file names another id (a deleted topic's data under a re-created
 * name) and gives a log without the file its topic's id.
 */
int meta_partition_metadata_write(const char *log_path, const struct kuuid *topic_id);

#endif
