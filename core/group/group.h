/*
 * Consumer groups as the coordinator keeps them: each group's state,
 * members and committed offsets. Pure state: no sockets, no clock reads
 * (time comes in as now_ms), no disk. Callers (net/api/group_*.c) persist
 * what changes through the records of core/group/records.h and apply the
 * change here once it is appended.
 *
 * Error returns are Kafka wire error codes (the GERR_* below), since they
 * go straight into responses.
 */
#ifndef KAF_GROUP_GROUP_H
#define KAF_GROUP_GROUP_H

#include <stddef.h>
#include <stdint.h>

/* Kafka error codes the group logic answers with. */
#define GERR_NONE 0
#define GERR_COORDINATOR_NOT_AVAILABLE 15
#define GERR_ILLEGAL_GENERATION 22
#define GERR_INCONSISTENT_GROUP_PROTOCOL 23
#define GERR_INVALID_GROUP_ID 24
#define GERR_UNKNOWN_MEMBER_ID 25
#define GERR_INVALID_SESSION_TIMEOUT 26
#define GERR_REBALANCE_IN_PROGRESS 27
#define GERR_OFFSET_METADATA_TOO_LARGE 12
#define GERR_GROUP_ID_NOT_FOUND 69
#define GERR_NON_EMPTY_GROUP 68
#define GERR_MEMBER_ID_REQUIRED 79
#define GERR_GROUP_MAX_SIZE_REACHED 81
#define GERR_FENCED_INSTANCE_ID 82

enum group_state {
	GROUP_EMPTY,
	GROUP_PREPARING_REBALANCE,
	GROUP_COMPLETING_REBALANCE,
	GROUP_STABLE,
	GROUP_DEAD,
};

struct group_offset {
	char *topic;
	int32_t partition;
	int64_t offset;
	int32_t leader_epoch;
	char *metadata;
	int64_t commit_ms;
};

struct group_protocol {
	char *name;
	uint8_t *metadata;
	int32_t metadata_len;
};

struct group_member {
	char *id;			/* "<client.id>-<uuid>" */
	char *instance_id;		/* static membership, NULL when dynamic */
	char *client_id;
	char *client_host;
	int32_t session_timeout_ms;
	int32_t rebalance_timeout_ms;
	struct group_protocol *protocols;	/* in the member's order of preference */
	int nprotocols;
	uint8_t *assignment;
	int32_t assignment_len;
	int64_t last_seen_ms;		/* last request from it (session expiry) */
	int joined;			/* rejoined in the current rebalance */
	int pending;			/* given an id by MEMBER_ID_REQUIRED, not yet joined */
	void *join_waiter;		/* the caller's parked JoinGroup, NULL when none */
	void *sync_waiter;		/* the caller's parked SyncGroup */
};

struct group {
	char *id;
	enum group_state state;
	char *protocol_type;		/* NULL until the first member joins */
	char *protocol;			/* chosen protocol name, NULL when none */
	int32_t generation;
	char *leader;			/* member id, NULL when none */
	int64_t state_ms;		/* when the state last changed */
	int64_t deadline_ms;		/* rebalance (or sync) timeout, 0 = none */
	int64_t delay_until_ms;		/* group.initial.rebalance.delay.ms end, 0 = none */
	int joined_in_delay;		/* a new member came during the delay: extend it */
	struct group_member *members;
	int nmembers;
	struct group_offset *offsets;
	size_t noffsets, cap;
};

/*
 * What the state machine asks of its caller. Answers to parked requests
 * come through join_done / sync_done, possibly from inside the call that
 * parked them (then the caller answers at once). m is valid only during
 * the call; err is a Kafka error code (with err, g and m may be NULL).
 * persist: g changed in a way worth a GroupMetadata record.
 */
struct group_ops {
	void (*join_done)(void *arg, void *waiter, const struct group *g,
			  const struct group_member *m, int16_t err);
	void (*sync_done)(void *arg, void *waiter, const struct group *g,
			  const struct group_member *m, int16_t err);
	void (*persist)(void *arg, const struct group *g);
	void *arg;
};

struct groups {
	struct group **v;
	size_t n, cap;
	struct group_ops ops;
	int64_t initial_delay_ms;	/* group.initial.rebalance.delay.ms */
	int32_t max_size;		/* group.max.size; 0 = no limit */
};

void groups_init(struct groups *gs);
void groups_release(struct groups *gs);
struct group *groups_find(const struct groups *gs, const char *id, size_t len);
/* Find or create (as Empty); NULL only when out of memory. */
struct group *groups_get(struct groups *gs, const char *id, size_t len, int64_t now_ms);
/* Forget a group (after DeleteGroups or a tombstone). */
void groups_remove(struct groups *gs, struct group *g);

const char *group_state_name(enum group_state s);

struct group_offset *group_offset_find(const struct group *g, const char *topic, size_t len,
				       int32_t partition);
/* Set (or replace) a committed offset; 0 or -ENOMEM. */
int group_offset_set(struct group *g, const char *topic, size_t len, int32_t partition,
		     int64_t offset, int32_t leader_epoch, const char *metadata, size_t mlen,
		     int64_t commit_ms);
void group_offset_delete(struct group *g, const char *topic, size_t len, int32_t partition);

/*
 * Whether offsets.retention has passed for o (Kafka's rule since KIP-211):
 * in an Empty group, counted from the later of its commit and the group
 * becoming Empty; in a Stable consumer group, for a topic no member
 * subscribes to any more, counted from its commit; never otherwise.
 */
int group_offset_expired(const struct group *g, const struct group_offset *o, int64_t now_ms,
			 int64_t retention_ms);

/* Whether a member of a "consumer" group subscribes to topic (its subscription parsed). */
int group_subscribed(const struct group *g, const char *topic, size_t len);
struct group_member *group_member_find(const struct group *g, const char *id, size_t len);
void group_member_release(struct group_member *m);

/*
 * May (generation, member_id) commit offsets to g now? A simple commit
 * (generation -1, empty member id) is allowed while the group has no
 * members; otherwise the member must exist and the generation be current.
 */
int group_commit_check(const struct group *g, int32_t generation, const char *member_id,
		       size_t member_len);

/*
 * A static member's request (instance_id non-NULL) whose member id is not
 * the one that instance holds now: GERR_FENCED_INSTANCE_ID, so an old
 * process that restarted under the same group.instance.id stops; else 0.
 * SyncGroup, Heartbeat and OffsetCommit check it before anything else.
 */
int group_instance_fenced(const struct group *g, const char *member_id, size_t member_len,
			  const char *instance_id, size_t instance_len);

/* What a JoinGroup brings. Strings are not NUL-terminated; lengths are >= 0. */
struct group_join_args {
	const char *member_id;
	size_t member_len;		/* 0 = a new member */
	const char *instance_id;	/* NULL = dynamic member */
	size_t instance_len;
	const char *client_id, *client_host;	/* NUL-terminated */
	const char *new_member_id;	/* the id a new member gets ("<client.id>-<uuid>") */
	int32_t session_timeout_ms;
	int32_t rebalance_timeout_ms;
	const char *protocol_type;	/* NUL-terminated */
	const struct group_protocol *protocols;
	int nprotocols;
	int require_known_member;	/* v4+: a new member first gets MEMBER_ID_REQUIRED */
	void *waiter;
};

/*
 * JoinGroup. Returns a Kafka error code: an error is the whole answer (for
 * MEMBER_ID_REQUIRED the new id is in *assigned_id, owned by g). 0 means
 * ops.join_done answers a->waiter, now or later.
 */
int group_join(struct groups *gs, struct group *g, const struct group_join_args *a, int64_t now_ms,
	       const char **assigned_id);
/* SyncGroup: like group_join, 0 means ops.sync_done answers waiter. Assignments for the leader only. */
struct group_assignment {
	const char *member_id;
	size_t member_len;
	const uint8_t *data;
	int32_t len;
};
int group_sync(struct groups *gs, struct group *g, const char *member_id, size_t member_len,
	       int32_t generation, const struct group_assignment *as, int nas, void *waiter,
	       int64_t now_ms);
int group_heartbeat(struct groups *gs, struct group *g, const char *member_id, size_t member_len,
		    int32_t generation, int64_t now_ms);
/* LeaveGroup of one member, by member id or (member_len 0) by instance id. */
int group_leave(struct groups *gs, struct group *g, const char *member_id, size_t member_len,
		const char *instance_id, size_t instance_len, int64_t now_ms);
/* A parked request's connection went away: forget the waiter. */
void group_forget_waiter(struct groups *gs, void *waiter);
/* Expire sessions and finish rebalances whose time is up. */
void groups_tick(struct groups *gs, int64_t now_ms);

#endif
