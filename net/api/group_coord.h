/*
 * The broker's group coordinator: the groups (core/group), the partitions
 * of __consumer_offsets they are kept in, and appending their records. One
 * per broker, on the loop thread; b->groups is NULL when a test runs a
 * broker without it (group requests then answer COORDINATOR_NOT_AVAILABLE).
 */
#ifndef KAF_NET_API_GROUP_COORD_H
#define KAF_NET_API_GROUP_COORD_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "core/codec/types.h"
#include "core/group/group.h"
#include "net/api/topic_ops.h"

struct broker;
struct buf;
struct log;
struct req;

/* Kafka's offset.metadata.max.bytes default. */
#define GROUP_OFFSET_METADATA_MAX 4096

/*
 * A parked JoinGroup or SyncGroup. The state machine's answer is sent on
 * the next loop turn, never from inside the state machine: resuming a
 * request goes on to the connection's next request, which may change the
 * very group being walked.
 */
struct group_wait {
	struct req *r;
	int parked;		/* the handler returned REQ_PARKED */
	int done;		/* answered (maybe before the handler returned) */
	struct group_wait *prev, *next;	/* in the ready list once done and parked */
};

struct group_coord {
	struct groups groups;
	struct group_wait *ready;	/* answered, to resume on the next loop turn */
	uv_idle_t idle;			/* runs while ready is not empty */
	int32_t npartitions;		/* of __consumer_offsets, 0 until created */
	int creating;			/* its creation waits for the metadata log's fsync */
	struct topic_after creation;	/* ... and then makes its logs */
	struct broker *b;
	uv_timer_t timer;		/* session expiry and rebalance timeouts */
	int64_t retention_ms;		/* offsets.retention.minutes */
	int64_t retention_check_ms;	/* offsets.retention.check.interval.ms */
	int64_t next_retention_ms;	/* when the next check is due */
};

/*
 * Rebuild the groups from __consumer_offsets when it exists. As in Kafka
 * the topic itself is created on first use (group_coord_ready), so a
 * broker nobody uses groups with lists no internal topic.
 */
int group_coord_open(struct broker *b, int64_t now_ms);
/*
 * Create __consumer_offsets when missing (offsets.topic.num.partitions,
 * compacted); 1 = usable. The creation is recorded at once and usable once
 * the metadata log is durable (group_coord_creating until then): a
 * metasync_wait made after this call is answered after that.
 */
int group_coord_ready(struct broker *b, int64_t now_ms);
int group_coord_creating(const struct broker *b);
/* The broker is stopping: parked JoinGroup/SyncGroup answer now, the timer stops. */
void group_coord_stop(struct broker *b);
/* Free the groups (the timer's handle closes on the loop). */
void group_coord_close(struct broker *b);
/*
 * Remove the expired offsets of empty groups (tombstones first), and the
 * groups left with nothing. Returns how many offsets went.
 */
int group_coord_expire(struct broker *b, int64_t now_ms);
/* Resume w's request on the next loop turn; forget it (its connection went away). */
void group_wait_ready(struct broker *b, struct group_wait *w);
void group_wait_unlink(struct broker *b, struct group_wait *w);
/* The answers of parked requests (net/api/group_join.c). */
void group_join_ops(struct group_ops *ops);

/* The log of the partition holding group id, or NULL. */
/* group_instance_fenced for a request's member and instance ids (instance null = dynamic). */
int16_t group_coord_fenced(const struct group *g, struct kstr member_id, struct kstr instance_id);

struct log *group_coord_log(struct broker *b, const char *id, size_t len);

struct group_rec {
	const void *key;
	int32_t key_len;
	const void *value;
	int32_t value_len;	/* -1 = tombstone */
};
/* Append recs to l as one batch; *last = the last offset written. KERR_NONE or a Kafka error code. */
int16_t group_coord_append(struct broker *b, struct log *l, const struct group_rec *recs, int n,
			   int64_t now_ms, int64_t *last);

#endif
