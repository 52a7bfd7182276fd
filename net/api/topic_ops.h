/*
 * Topic changes shared by the APIs that make them (CreateTopics, Metadata's
 * auto-creation, DeleteTopics, CreatePartitions, the config alters, the
 * group coordinator's __consumer_offsets): the metadata record first, then
 * the partition logs. A change is appended to the metadata log and applied
 * to the image at once; its log directory part (struct topic_after) waits
 * until the metadata log is durable through it (net/metasync.h), as the
 * answer to the client does, and its file work (directories, files,
 * fsyncs) runs on the thread pool. Each call returns a Kafka error code
 * and, on error, a message for the response's ErrorMessage field.
 */
#ifndef KAF_NET_API_TOPIC_OPS_H
#define KAF_NET_API_TOPIC_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "core/codec/types.h"
#include "net/req.h"

struct broker;
struct meta_config;

struct topic_spec {
	const char *name;
	size_t name_len;
	int32_t partitions;		/* -1 = num.partitions */
	int16_t replication_factor;	/* -1 = default.replication.factor */
	const struct meta_config *configs;
	int nconfigs;
	int validate_only;
};

enum topic_after_kind {
	TOPIC_AFTER_NONE,		/* nothing was recorded */
	TOPIC_AFTER_CREATE_LOGS,	/* partitions [from, to) of topic id get their logs */
	TOPIC_AFTER_REMOVE_LOGS,	/* the logs of partitions [from, to) of name go */
	TOPIC_AFTER_SET_CONFIGS,	/* topic id's logs take its (new) settings */
};

/* The log directory's part of a recorded change, done once it is durable. */
struct topic_after {
	enum topic_after_kind kind;
	struct kuuid id;
	char name[256];
	int32_t from, to;
	int16_t ok;			/* the answer when all goes well (KERR_NONE unless set) */
};

/* Each fills *after (kind NONE when nothing was recorded: refused or validate_only). */
int16_t topic_create(struct broker *b, const struct topic_spec *t, int64_t now_ms,
		     struct topic_after *after, char *msg, size_t msglen);
int16_t topic_delete(struct broker *b, const char *name, size_t len, int64_t now_ms,
		     struct topic_after *after, char *msg, size_t msglen);
int16_t topic_add_partitions(struct broker *b, const char *name, size_t len, int32_t count,
			     int validate_only, int64_t now_ms, struct topic_after *after, char *msg,
			     size_t msglen);
/* Set (value) or remove (NULL value) config overrides of the topic name, in one record batch. */
int16_t topic_alter_configs(struct broker *b, const char *name, const struct meta_config *set, int n,
			    int64_t now_ms, struct topic_after *after, char *msg, size_t msglen);

/*
 * The change of after is durable (rc 0) or could not be made so (rc < 0,
 * the image no longer holds it): do its log directory part, or nothing,
 * then done(arg, err, msg) with the change's final error code (after->ok
 * when all went well) and, on error, a message. done may be called at once
 * or, when partition logs are made (on the thread pool), later; the
 * metadata queue (net/metasync.h) is held until then.
 */
typedef void (*topic_after_fn)(void *arg, int16_t err, const char *msg);
void topic_after_start(struct broker *b, const struct topic_after *after, int rc,
		       topic_after_fn done, void *arg);

/*
 * The changes of one request, answered together: topic_changes_add gives
 * each change its after and where its final error code (and message, when
 * msg is not NULL) go; topic_changes_commit returns REQ_DONE when nothing
 * waits for an fsync (every after has run), else REQ_PARKED and resumes the
 * request once the metadata log is durable through all of them. A request
 * that changed nothing still waits for the changes of others it may have
 * seen, so no answer rests on metadata that is not on disk yet.
 */
struct topic_changes;
struct topic_changes *topic_changes_new(struct req *r, int32_t max);
struct topic_after *topic_changes_add(struct topic_changes *c, int16_t *err, struct kstr *msg);
/* fn(r, arg) runs once every after has run, before the answer is sent. */
void topic_changes_then(struct topic_changes *c, void (*fn)(struct req *r, void *arg), void *arg);
enum req_status topic_changes_commit(struct topic_changes *c);

#endif
