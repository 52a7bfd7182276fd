/* The group state machine under a fake clock: joins, syncs, heartbeats, leaves, expiry. */
#include "../tap.h"
#include "core/group/group.h"

#include <stdio.h>
#include <string.h>

/* A parked request as the tests see it: answered or not, with what. */
struct waiter {
	int answered;
	int16_t err;
	int32_t generation;
	char member[64];
	char leader[64];
	int nmembers;		/* members in the join answer (the leader's) */
	char assignment[32];
};

static int persisted;

static void join_done(void *arg, void *w_, const struct group *g, const struct group_member *m,
		      int16_t err)
{
	(void)arg;
	struct waiter *w = w_;
	w->answered++;
	w->err = err;
	if (err)
		return;
	w->generation = g->generation;
	snprintf(w->member, sizeof(w->member), "%s", m->id);
	snprintf(w->leader, sizeof(w->leader), "%s", g->leader ? g->leader : "");
	w->nmembers = 0;
	if (g->leader && !strcmp(g->leader, m->id))
		for (int i = 0; i < g->nmembers; i++)
			w->nmembers += !g->members[i].pending;
}

static void sync_done(void *arg, void *w_, const struct group *g, const struct group_member *m,
		      int16_t err)
{
	(void)arg;
	(void)g;
	struct waiter *w = w_;
	w->answered++;
	w->err = err;
	if (!err)
		snprintf(w->assignment, sizeof(w->assignment), "%.*s", m->assignment_len,
			 m->assignment ? (const char *)m->assignment : "");
}

static void persist(void *arg, const struct group *g)
{
	(void)arg;
	(void)g;
	persisted++;
}

static const struct group_protocol range_rr[] = {
	{ "range", (uint8_t *)"R", 1 }, { "roundrobin", (uint8_t *)"Q", 1 },
};
static const struct group_protocol rr_only[] = { { "roundrobin", (uint8_t *)"Q", 1 } };
static const struct group_protocol sticky_only[] = { { "sticky", (uint8_t *)"S", 1 } };

static int join(struct groups *gs, struct group *g, const char *member, const char *new_id,
		const struct group_protocol *ps, int n, int v4, struct waiter *w, int64_t now,
		const char **assigned)
{
	const char *dummy;
	memset(w, 0, sizeof(*w));
	struct group_join_args a = {
		.member_id = member, .member_len = member ? strlen(member) : 0,
		.client_id = "c", .client_host = "/127.0.0.1", .new_member_id = new_id,
		.session_timeout_ms = 6000, .rebalance_timeout_ms = 10000, .protocol_type = "consumer",
		.protocols = ps, .nprotocols = n, .require_known_member = v4, .waiter = w,
	};
	return group_join(gs, g, &a, now, assigned ? assigned : &dummy);
}

static int sync_(struct groups *gs, struct group *g, const char *member, int32_t gen,
		 const struct group_assignment *as, int n, struct waiter *w, int64_t now)
{
	memset(w, 0, sizeof(*w));
	return group_sync(gs, g, member, strlen(member), gen, as, n, w, now);
}

static void setup(struct groups *gs)
{
	groups_init(gs);
	gs->ops.join_done = join_done;
	gs->ops.sync_done = sync_done;
	gs->ops.persist = persist;
}

/* Three members join at once; the leader assigns; everyone gets its part. */
static void test_join_storm(void)
{
	struct groups gs;
	setup(&gs);
	struct group *g = groups_get(&gs, "g", 1, 0);
	struct waiter w[3], s[3];
	is_int(join(&gs, g, NULL, "a", range_rr, 2, 0, &w[0], 0, NULL), 0, "a joins");
	is_int(w[0].answered, 1, "with no delay a lone member completes at once");
	is_int(w[0].generation, 1, "generation 1");
	is_str(w[0].leader, "a", "a leads");
	is_int(g->state, GROUP_COMPLETING_REBALANCE, "CompletingRebalance");
	is_int(join(&gs, g, NULL, "b", rr_only, 1, 0, &w[1], 10, NULL), 0, "b joins");
	is_int(g->state, GROUP_PREPARING_REBALANCE, "a new member starts a rebalance");
	is_int(w[1].answered, 0, "b waits for a to rejoin");
	is_int(join(&gs, g, NULL, "c", range_rr, 2, 0, &w[2], 20, NULL), 0, "c joins");
	is_int(group_heartbeat(&gs, g, "a", 1, 1, 30), GERR_REBALANCE_IN_PROGRESS,
	       "a's heartbeat says rebalance");
	is_int(join(&gs, g, "a", NULL, range_rr, 2, 0, &w[0], 40, NULL), 0, "a rejoins");
	ok(w[0].answered == 1 && w[1].answered == 1 && w[2].answered == 1, "all three answered");
	ok(w[0].generation == 2 && w[1].generation == 2 && w[2].generation == 2, "generation 2");
	is_str(g->protocol, "roundrobin", "the protocol all support wins over the most preferred");
	is_int(w[0].nmembers, 3, "the leader sees all members");
	is_int(w[1].nmembers, 0, "a follower sees none");
	is_int(sync_(&gs, g, "b", 2, NULL, 0, &s[1], 50), 0, "b syncs");
	is_int(s[1].answered, 0, "a follower waits for the leader");
	struct group_assignment as[] = { { "a", 1, (const uint8_t *)"A", 1 },
					 { "b", 1, (const uint8_t *)"B", 1 },
					 { "c", 1, (const uint8_t *)"C", 1 } };
	is_int(sync_(&gs, g, "a", 2, as, 3, &s[0], 60), 0, "the leader syncs");
	is_int(g->state, GROUP_STABLE, "Stable");
	is_str(s[0].assignment, "A", "the leader gets its part");
	is_str(s[1].assignment, "B", "the parked follower gets its part");
	is_int(sync_(&gs, g, "c", 2, NULL, 0, &s[2], 70), 0, "a late SyncGroup");
	ok(s[2].answered == 1 && !strcmp(s[2].assignment, "C"), "a late SyncGroup is answered at once");
	ok(persisted > 0, "a Stable group is persisted");
	is_int(group_heartbeat(&gs, g, "b", 1, 1, 80), GERR_ILLEGAL_GENERATION, "old generation");
	is_int(group_heartbeat(&gs, g, "z", 1, 2, 80), GERR_UNKNOWN_MEMBER_ID, "unknown member");
	is_int(group_heartbeat(&gs, g, "b", 1, 2, 80), 0, "heartbeat ok");
	is_int(sync_(&gs, g, "b", 1, NULL, 0, &s[1], 80), GERR_ILLEGAL_GENERATION, "sync with an old generation");
	is_int(group_commit_check(g, 1, "b", 1), GERR_ILLEGAL_GENERATION, "commit with an old generation");
	is_int(group_commit_check(g, 2, "b", 1), 0, "commit by a member");
	is_int(group_commit_check(g, -1, "", 0), GERR_ILLEGAL_GENERATION, "no simple commit to an active group");
	is_int(join(&gs, g, NULL, "d", sticky_only, 1, 0, &w[0], 90, NULL), GERR_INCONSISTENT_GROUP_PROTOCOL,
	       "a member with no common protocol is refused");
	gs.max_size = 3;
	is_int(join(&gs, g, NULL, "d", range_rr, 2, 0, &w[0], 90, NULL), GERR_GROUP_MAX_SIZE_REACHED,
	       "group.max.size: a fourth member is refused");
	is_int(g->state, GROUP_STABLE, "and the group does not rebalance");
	groups_release(&gs);
}

/* Members that stop heartbeating are removed; the others rebalance; the last leaves it Empty. */
static void test_expiry(void)
{
	struct groups gs;
	setup(&gs);
	struct group *g = groups_get(&gs, "g", 1, 0);
	struct waiter w[2], s[2];
	join(&gs, g, NULL, "a", range_rr, 2, 0, &w[0], 0, NULL);
	join(&gs, g, NULL, "b", range_rr, 2, 0, &w[1], 0, NULL);
	join(&gs, g, "a", NULL, range_rr, 2, 0, &w[0], 0, NULL);
	is_int(w[1].generation, 2, "two members in generation 2");
	struct group_assignment as[] = { { "a", 1, (const uint8_t *)"A", 1 }, { "b", 1, (const uint8_t *)"B", 1 } };
	sync_(&gs, g, "a", 2, as, 2, &s[0], 0);
	sync_(&gs, g, "b", 2, NULL, 0, &s[1], 0);
	is_int(g->state, GROUP_STABLE, "Stable");
	for (int64_t t = 1000; t <= 5000; t += 1000)
		group_heartbeat(&gs, g, "a", 1, 2, t);
	groups_tick(&gs, 5000);
	is_int(g->nmembers, 2, "both still members within the session");
	groups_tick(&gs, 6001);
	is_int(g->nmembers, 1, "b is gone once its session expired");
	is_int(g->state, GROUP_PREPARING_REBALANCE, "a must rejoin");
	is_int(group_heartbeat(&gs, g, "a", 1, 2, 6100), GERR_REBALANCE_IN_PROGRESS, "a is told");
	join(&gs, g, "a", NULL, range_rr, 2, 0, &w[0], 6200, NULL);
	ok(w[0].answered && w[0].generation == 3 && w[0].nmembers == 1, "a alone in generation 3");
	groups_tick(&gs, 6200 + 16300);
	is_int(g->nmembers, 0, "a silent too: gone");
	is_int(g->state, GROUP_EMPTY, "the group is Empty");
	is_int(group_commit_check(g, -1, "", 0), 0, "an Empty group takes simple commits");
	int64_t empty_at = g->state_ms;
	group_offset_set(g, "t", 1, 0, 5, -1, "", 0, empty_at - 1000);
	group_offset_set(g, "t", 1, 1, 5, -1, "", 0, empty_at + 1000);
	const struct group_offset *o0 = group_offset_find(g, "t", 1, 0), *o1 = group_offset_find(g, "t", 1, 1);
	ok(!group_offset_expired(g, o0, empty_at + 999, 1000), "retention counts from the group becoming Empty");
	ok(group_offset_expired(g, o0, empty_at + 1000, 1000), "an old commit expires once the group was Empty long enough");
	ok(!group_offset_expired(g, o1, empty_at + 1999, 1000) && group_offset_expired(g, o1, empty_at + 2000, 1000),
	   "a later commit counts from the commit");
	join(&gs, g, NULL, "e", range_rr, 2, 0, &w[0], empty_at + 3000, NULL);
	ok(!group_offset_expired(g, o0, empty_at + 100000, 1000), "nothing expires while the group has members");
	groups_release(&gs);
}

/* A rejoin that never comes: the rebalance completes at its timeout without the member. */
static void test_rebalance_timeout_and_leader_leaving(void)
{
	struct groups gs;
	setup(&gs);
	struct group *g = groups_get(&gs, "g", 1, 0);
	struct waiter w[3], s[3];
	join(&gs, g, NULL, "a", range_rr, 2, 0, &w[0], 0, NULL);
	join(&gs, g, NULL, "b", range_rr, 2, 0, &w[1], 0, NULL);
	join(&gs, g, "a", NULL, range_rr, 2, 0, &w[0], 0, NULL);
	/* Mid-rebalance (CompletingRebalance), the leader leaves. */
	sync_(&gs, g, "b", 2, NULL, 0, &s[1], 10);
	is_int(group_leave(&gs, g, "a", 1, NULL, 0, 20), 0, "the leader leaves before syncing");
	is_int(s[1].err, GERR_REBALANCE_IN_PROGRESS, "the parked follower is told to rejoin");
	is_int(g->state, GROUP_PREPARING_REBALANCE, "rebalancing");
	join(&gs, g, "b", NULL, range_rr, 2, 0, &w[1], 30, NULL);
	ok(w[1].answered && w[1].generation == 3 && !strcmp(w[1].leader, "b"), "b leads generation 3");
	/* c joins; b never rejoins: at the rebalance timeout c goes on alone. */
	sync_(&gs, g, "b", 3, NULL, 0, &s[1], 40);
	join(&gs, g, NULL, "c", range_rr, 2, 0, &w[2], 50, NULL);
	is_int(w[2].answered, 0, "c waits for b");
	group_heartbeat(&gs, g, "b", 1, 3, 5000);
	groups_tick(&gs, 9000);
	is_int(w[2].answered, 0, "still within the rebalance timeout");
	groups_tick(&gs, 10051);
	ok(w[2].answered && w[2].generation == 4 && !strcmp(w[2].leader, "c"), "c alone in generation 4");
	is_int(g->nmembers, 1, "b is out");
	is_int(group_leave(&gs, g, "zz", 2, NULL, 0, 10100), GERR_UNKNOWN_MEMBER_ID, "unknown member leaving");
	groups_release(&gs);
}

/* JoinGroup v4+: MEMBER_ID_REQUIRED, then a join with that id. Static members rejoin without a rebalance. */
static void test_member_id_required_and_static(void)
{
	struct groups gs;
	setup(&gs);
	struct group *g = groups_get(&gs, "g", 1, 0);
	struct waiter w[2], s[2];
	const char *id = NULL;
	is_int(join(&gs, g, NULL, "a-1", range_rr, 2, 1, &w[0], 0, &id), GERR_MEMBER_ID_REQUIRED,
	       "v4 join without id: MEMBER_ID_REQUIRED");
	is_str(id, "a-1", "with the id to use");
	is_int(g->state, GROUP_EMPTY, "no rebalance yet");
	is_int(join(&gs, g, "a-1", NULL, range_rr, 2, 1, &w[0], 10, NULL), 0, "join with the given id");
	ok(w[0].answered && w[0].generation == 1 && !strcmp(w[0].member, "a-1"), "a-1 in generation 1");
	is_int(join(&gs, g, "bogus", NULL, range_rr, 2, 1, &w[1], 10, NULL), GERR_UNKNOWN_MEMBER_ID,
	       "an id never handed out is unknown");

	/* Static member s: joins, syncs, restarts with a new id: same generation, same assignment. */
	memset(&w[1], 0, sizeof(w[1]));
	struct group_join_args a = {
		.instance_id = "inst", .instance_len = 4, .client_id = "c", .client_host = "/h",
		.new_member_id = "s-1", .session_timeout_ms = 6000, .rebalance_timeout_ms = 10000,
		.protocol_type = "consumer", .protocols = range_rr, .nprotocols = 2,
		.require_known_member = 1, .waiter = &w[1],
	};
	is_int(group_join(&gs, g, &a, 20, &id), 0, "a static member joins without the round trip");
	join(&gs, g, "a-1", NULL, range_rr, 2, 1, &w[0], 30, NULL);
	is_int(w[1].generation, 2, "generation 2 with the static member");
	struct group_assignment as[] = { { "a-1", 3, (const uint8_t *)"A", 1 }, { "s-1", 3, (const uint8_t *)"S", 1 } };
	sync_(&gs, g, "a-1", 2, as, 2, &s[0], 40);
	sync_(&gs, g, "s-1", 2, NULL, 0, &s[1], 40);
	is_str(s[1].assignment, "S", "the static member has its part");
	memset(&w[1], 0, sizeof(w[1]));
	a.new_member_id = "s-2";
	is_int(group_join(&gs, g, &a, 50, &id), 0, "the static member restarts");
	ok(w[1].answered && w[1].generation == 2 && !strcmp(w[1].member, "s-2"),
	   "it gets a new id in the same generation");
	is_int(g->state, GROUP_STABLE, "no rebalance");
	sync_(&gs, g, "s-2", 2, NULL, 0, &s[1], 60);
	is_str(s[1].assignment, "S", "and keeps its assignment");
	is_int(group_heartbeat(&gs, g, "s-1", 3, 2, 60), GERR_UNKNOWN_MEMBER_ID, "the old id is unknown");
	is_int(group_instance_fenced(g, "s-1", 3, "inst", 4), GERR_FENCED_INSTANCE_ID,
	       "the old id with its instance id is fenced");
	is_int(group_instance_fenced(g, "s-2", 3, "inst", 4), 0, "the new id is not");
	is_int(group_instance_fenced(g, "s-1", 3, NULL, 0), 0, "a dynamic member is never fenced");
	is_int(group_instance_fenced(g, "x", 1, "other", 5), 0, "an instance id nobody holds is not fenced");
	is_int(group_leave(&gs, g, NULL, 0, "inst", 4, 70), 0, "leave by instance id");
	is_int(g->nmembers, 1, "one member left");
	groups_release(&gs);
}

/* A parked waiter whose connection closed is never answered. */
static void test_forget_waiter(void)
{
	struct groups gs;
	setup(&gs);
	gs.initial_delay_ms = 3000;
	struct group *g = groups_get(&gs, "g", 1, 0);
	struct waiter w;
	join(&gs, g, NULL, "a", range_rr, 2, 0, &w, 0, NULL);
	is_int(w.answered, 0, "the initial delay holds the first join");
	groups_tick(&gs, 2999);
	is_int(w.answered, 0, "until it passes");
	group_forget_waiter(&gs, &w);
	groups_tick(&gs, 3000);
	is_int(w.answered, 0, "a forgotten waiter is not answered");
	is_int(g->state, GROUP_COMPLETING_REBALANCE, "the rebalance completes anyway");
	groups_release(&gs);
}

/* In a Stable consumer group, offsets of topics nobody subscribes to any more expire. */
static void test_unsubscribed_retention(void)
{
	/* ConsumerProtocol subscription v0: topics ["s"], null user data. */
	static const uint8_t sub_s[] = { 0, 0, 0, 0, 0, 1, 0, 1, 's', 0xff, 0xff, 0xff, 0xff };
	const struct group_protocol ps[] = { { "range", (uint8_t *)sub_s, sizeof(sub_s) } };
	struct groups gs;
	setup(&gs);
	struct group *g = groups_get(&gs, "g", 1, 0);
	struct waiter w, s1;
	join(&gs, g, NULL, "a", ps, 1, 0, &w, 0, NULL);
	struct group_assignment as[] = { { "a", 1, (const uint8_t *)"A", 1 } };
	sync_(&gs, g, "a", 1, as, 1, &s1, 0);
	is_int(g->state, GROUP_STABLE, "a consumer group subscribed to s is Stable");
	group_offset_set(g, "s", 1, 0, 5, -1, "", 0, 100);
	group_offset_set(g, "t", 1, 0, 5, -1, "", 0, 100);
	const struct group_offset *os = group_offset_find(g, "s", 1, 0), *ot = group_offset_find(g, "t", 1, 0);
	ok(!group_offset_expired(g, ot, 1099, 1000) && group_offset_expired(g, ot, 1100, 1000),
	   "an unsubscribed topic's offset expires a retention after its commit");
	ok(!group_offset_expired(g, os, 100000, 1000), "a subscribed topic's offset does not");
	groups_release(&gs);
}

/* Members that keep arriving during the initial delay extend it, up to the rebalance timeout. */
static void test_initial_delay_extension(void)
{
	struct groups gs;
	setup(&gs);
	gs.initial_delay_ms = 3000;
	struct group *g = groups_get(&gs, "g", 1, 0);
	struct waiter w[3];
	memset(w, 0, sizeof(w));
	join(&gs, g, NULL, "a", range_rr, 2, 0, &w[0], 0, NULL);
	groups_tick(&gs, 2000);
	join(&gs, g, NULL, "b", range_rr, 2, 0, &w[1], 2000, NULL);
	groups_tick(&gs, 3000);
	is_int(w[0].answered, 0, "a newcomer during the delay extends it");
	is_int(g->state, GROUP_PREPARING_REBALANCE, "still gathering at 3 s");
	groups_tick(&gs, 5999);
	is_int(w[0].answered, 0, "by one more delay");
	groups_tick(&gs, 6000);
	ok(w[0].answered && w[1].answered, "then both are answered together");
	is_int(g->generation, 1, "in one generation");
	groups_release(&gs);

	setup(&gs);
	gs.initial_delay_ms = 3000;
	g = groups_get(&gs, "h", 1, 0);
	memset(w, 0, sizeof(w));
	join(&gs, g, NULL, "a", range_rr, 2, 0, &w[0], 0, NULL);
	groups_tick(&gs, 3000);
	ok(w[0].answered, "a lone member waits one delay only");
	groups_release(&gs);

	setup(&gs);
	gs.initial_delay_ms = 3000;
	g = groups_get(&gs, "k", 1, 0);
	memset(w, 0, sizeof(w));
	int64_t t = 0;
	static struct waiter storm[100];
	static char names[100][16];
	join(&gs, g, NULL, "a", range_rr, 2, 0, &w[0], t, NULL);
	for (int i = 0; !w[0].answered && i < 100; i++) {
		t += 2500;
		snprintf(names[i], sizeof(names[i]), "m%d", i);
		join(&gs, g, NULL, names[i], range_rr, 2, 0, &storm[i], t, NULL);
		groups_tick(&gs, t);
	}
	ok(w[0].answered && t <= 12500, "a join storm cannot hold the group past the rebalance timeout");
	groups_release(&gs);
}

int main(void)
{
	test_join_storm();
	test_expiry();
	test_rebalance_timeout_and_leader_leaving();
	test_member_id_required_and_static();
	test_forget_waiter();
	test_initial_delay_extension();
	test_unsubscribed_retention();
	return tap_done();
}
