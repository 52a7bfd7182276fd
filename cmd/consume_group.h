/*
 * `kaf consume -g GROUP`: the consumer engine (net/client/consumer.h) driven
 * by a consumer-group member (net/client/member.h) on a client of its own.
 * The member decides which partitions the engine reads; each assigned
 * partition starts at the group's committed offset, or at the -o point
 * where the group has none; positions are committed every commit interval,
 * when partitions are taken back, and on close, which also leaves the group.
 *
 * This file stays free of the command layer (no printing, no exit codes) so
 * its logic can be tested on its own; consume.c reports g->err.
 *
 *	cgroup_open(&g, &member_client, &k, topics, n, &cfg);
 *	while (...) {
 *		cgroup_tick(&g, now_ms);	// heartbeats, (re)assignment, commits
 *		if (exit_at_end && cgroup_done(&g)) break;
 *		consumer_poll(&k, ...);
 *	}
 *	cgroup_close(&g);			// commit, LeaveGroup
 */
#ifndef KAF_CMD_CONSUME_GROUP_H
#define KAF_CMD_CONSUME_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "net/client/consumer.h"
#include "net/client/member.h"

struct cgroup_config {
	const char *group;
	const char *instance_id;	/* static membership; NULL = dynamic */
	const char *assignors[MEMBER_MAX_ASSIGNORS];
	int nassignors;			/* 0 = range, roundrobin */
	int32_t session_ms, heartbeat_ms, rebalance_ms;	/* 0 = the member's defaults */
	int64_t commit_interval_ms;	/* 0 = commit only on revoke and close */
	int no_commit;
	struct consumer_point start;	/* where the group has no committed offset */
	struct consumer_point stop;	/* CONSUMER_AT_NONE, or -e's end, or a range's end */
};

/* A partition the member holds and the offset last committed for it (-1 = none). */
struct cgroup_part {
	const char *topic;		/* one of the subscription's strings */
	int32_t partition;
	int64_t committed;
};

struct cgroup {
	struct member m;
	struct consumer *k;
	struct cgroup_config cfg;
	const char *const *topics;
	int ntopics;
	struct cgroup_part *parts;	/* held now */
	int nparts, cap;
	int assignments;		/* MEMBER_ASSIGNED seen so far */
	int holding;			/* between MEMBER_ASSIGNED and MEMBER_REVOKED */
	int64_t next_commit_ms;
	int64_t commits;		/* offsets committed, for -v and tests */
	int64_t assigned_at_ms;		/* when the current assignment came */
	int64_t unavail_since_ms;	/* the coordinator unreachable since; 0 = reachable */
	char err[320];
};

/*
 * Canonical assignor names from a comma list: range, roundrobin, or Java's
 * class names (org.apache.kafka.clients.consumer.RangeAssignor, ...).
 * Returns the count (1..max), or -1 with the bad name in err.
 */
int cgroup_parse_assignors(const char *list, const char **out, int max, char *err,
			   size_t errlen);

/* Where a newly assigned partition starts: its committed offset, else policy. */
struct consumer_point cgroup_start_point(int64_t committed, struct consumer_point policy);

/*
 * Join as cfg says, with the member on mc (not the engine's client: each
 * keeps its own deadlines). The strings must outlive g. 0, or -1 with g->err.
 */
int cgroup_open(struct cgroup *g, struct client *mc, struct consumer *k,
		const char *const *topics, int ntopics, const struct cgroup_config *cfg);

/*
 * What is due at now_ms: heartbeat, hand a new assignment to the engine
 * (after committing and revoking the old one), commit on the interval.
 * Returns 0, or a negative member_poll code with g->err: a failure no
 * retry cures, or a coordinator unreachable for a minute (CLIENT_EUNAVAIL).
 */
int cgroup_tick(struct cgroup *g, int64_t now_ms);

/* For -e: an assignment is held and each of its partitions reached its stop point. */
int cgroup_done(const struct cgroup *g);

/* Commit the positions of the held partitions that moved; 0, or -1 with g->err. */
int cgroup_commit(struct cgroup *g);

/* Commit (unless no_commit), leave the group (not a static member) and free g. */
void cgroup_close(struct cgroup *g);

#endif
