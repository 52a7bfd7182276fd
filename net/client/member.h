/*
 * A member of a classic consumer group (protocol type "consumer") on the
 * tools' blocking client: it finds the group coordinator, joins (with the
 * MEMBER_ID_REQUIRED round trip of JoinGroup v4+), assigns partitions when
 * it is the leader (range, roundrobin; assignor.h), syncs, heartbeats when
 * due, fetches the committed offsets of its partitions, commits offsets and
 * leaves. Its Subscription and Assignment bytes are Kafka's, so Java,
 * librdkafka and kafka-python members can share the group.
 *
 * Use:
 *
 *	struct member m;
 *	member_open(&m, &client, &cfg);
 *	for (;;) {
 *		int rc = member_poll(&m, clock_mono_ns() / 1000000);
 *		if (rc == MEMBER_REVOKED)   -> stop fetching, commit what was read
 *		if (rc == MEMBER_ASSIGNED)  -> fetch m.assigned[] from each .committed
 *		if (rc == CLIENT_EUNAVAIL)  -> the coordinator is away: poll again later
 *		else if (rc < 0)            -> fatal: member_error
 *		... fetch a little, member_commit(&m, positions, n) ...
 *	}
 *	member_close(&m);	(LeaveGroup)
 *
 * member_poll must be called more often than the heartbeat interval. It
 * blocks while the group rebalances (JoinGroup waits for the other members,
 * up to the rebalance timeout). A rebalance (REBALANCE_IN_PROGRESS on a
 * heartbeat or commit), a stale generation (ILLEGAL_GENERATION) or a
 * forgotten member (UNKNOWN_MEMBER_ID, which also drops the member id) is
 * first reported as MEMBER_REVOKED with an empty assignment (the protocol
 * is eager: everything is given back), and the next call joins again, so
 * call it again soon: the others wait for this member. Between the two,
 * member_commit still carries the old generation, which the coordinator
 * accepts while it prepares the rebalance (not after a stale generation
 * or a forgotten member). A coordinator that moved (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE, or a broken connection) is looked up again;
 * CLIENT_EUNAVAIL from member_poll is transient (the next call tries
 * again), the other negative results are not. The leader joins again when
 * the partition counts of the topics it assigned change.
 *
 * Each request gets its own deadline (cfg.request_timeout_ms, plus the
 * rebalance timeout for JoinGroup): the member sets client->deadline_ns
 * before each call, so the client's own overall timeout does not apply
 * while a member uses it; a consumer that fetches with the same client
 * sets its own deadline before its own calls (or gives the member a
 * client of its own).
 */
#ifndef KAF_NET_CLIENT_MEMBER_H
#define KAF_NET_CLIENT_MEMBER_H

#include <stdint.h>

#include "core/base/arena.h"
#include "net/client/assignor.h"
#include "net/client/client.h"

#define MEMBER_MAX_TOPICS 64
#define MEMBER_MAX_ASSIGNORS 4

/* member_poll results (negative: an error, see member_error). */
enum {
	MEMBER_NOCHANGE = 0,
	MEMBER_ASSIGNED = 1,	/* a new generation: m->assigned is the new assignment */
	MEMBER_REVOKED = 2,	/* the assignment was taken back; the next poll rejoins */
};
#define MEMBER_EKAFKA (-3)	/* a Kafka error no rejoin cures; member_error names it */

struct member_config {
	const char *group;
	const char *const *topics;	/* the subscription */
	int ntopics;
	/* Protocol names in preference order; NULL = { "range", "roundrobin" }. */
	const char *const *assignors;
	int nassignors;
	int32_t session_timeout_ms;	/* 0 = 45000 */
	int32_t rebalance_timeout_ms;	/* 0 = 300000 (max.poll.interval.ms) */
	int32_t heartbeat_interval_ms;	/* 0 = 3000 */
	int32_t request_timeout_ms;	/* 0 = 30000 */
	/*
	 * How often the leader looks at the partition counts of the group's
	 * topics; a change (a topic created, partitions added) makes it
	 * join again so the group is assigned anew. 0 = 300000
	 * (metadata.max.age.ms).
	 */
	int32_t metadata_max_age_ms;
	int16_t subscription_version;	/* 0 or 1 (default 1, as librdkafka and Java) */
	/*
	 * Static membership (group.instance.id, JoinGroup v5+): the member
	 * keeps its partitions across a restart within the session timeout,
	 * and member_close sends no LeaveGroup. NULL = a dynamic member.
	 */
	const char *group_instance_id;
};

/* One assigned partition and the group's committed offset for it (-1 = none). */
struct member_partition {
	const char *topic;
	int32_t partition;
	int64_t committed;
	const char *metadata;		/* committed metadata, "" when none */
};

/* A position to commit. */
struct member_offset {
	const char *topic;
	int32_t partition;
	int64_t offset;			/* the next offset to read */
	const char *metadata;		/* NULL = none */
};

enum member_state { MS_FIND, MS_JOIN, MS_STABLE, MS_CLOSED };

struct member {
	struct client *client;
	struct member_config cfg;
	const char *topics[MEMBER_MAX_TOPICS];
	const char *assignors[MEMBER_MAX_ASSIGNORS];
	enum member_state state;
	struct client_conn *coord;
	char member_id[256];
	int32_t generation;		/* -1 = none */
	char leader_id[256];
	char protocol[64];		/* the chosen assignor */
	int is_leader;
	int64_t next_heartbeat_ms;
	int revoked_pending;		/* a rebalance seen; MEMBER_REVOKED once, then rejoin */
	int need_join;			/* no current assignment: join after finding the coordinator */
	/* The leader's view of the topics it assigned (from gen_arena), checked for changes. */
	struct assign_topic *assigned_topics;
	int nassigned_topics;
	int64_t next_metadata_ms;

	/*
	 * The current assignment. Its memory (gen_arena) stays valid after
	 * MEMBER_REVOKED, until the next MEMBER_ASSIGNED or member_close, so
	 * the caller may commit the revoked partitions by these names.
	 */
	struct member_partition *assigned;
	int nassigned;
	struct arena gen_arena;

	int16_t last_error;		/* the last Kafka error seen, 0 = none */
	char err[256];
	int joins;			/* JoinGroup calls, for tests and -v */
};

/* Copy cfg (the strings must outlive the member); no request is sent yet. */
int member_open(struct member *m, struct client *c, const struct member_config *cfg);

/*
 * Do what is due at now_ms (monotonic milliseconds): find the coordinator,
 * join and sync, or heartbeat. Returns MEMBER_NOCHANGE, MEMBER_ASSIGNED,
 * MEMBER_REVOKED, or a negative error (CLIENT_EUNAVAIL, CLIENT_EPROTO,
 * MEMBER_EKAFKA).
 */
int member_poll(struct member *m, int64_t now_ms);

/*
 * Commit positions for this generation. Returns 0, a client error, or the
 * first Kafka error code of the response as a positive number (a rebalance
 * error also makes the next poll report MEMBER_REVOKED and rejoin).
 */
int member_commit(struct member *m, const struct member_offset *pos, int n);

/*
 * Leave the group (LeaveGroup, errors ignored; not for a static member)
 * and free the member's memory.
 */
void member_close(struct member *m);

/* One line about the last failure. */
const char *member_error(const struct member *m);

/*
 * Find the coordinator of group (FindCoordinator on the bootstrap
 * connection, retried while COORDINATOR_NOT_AVAILABLE or the like, within
 * the client's deadline) and return its connection in *out and its node id
 * in *node (when not NULL). Returns 0, a client error, or a Kafka error
 * code (positive) with c's error set.
 */
int group_coordinator(struct client *c, const char *group, struct client_conn **out,
		      int32_t *node);

#endif
