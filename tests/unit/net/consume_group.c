/*
 * Unit tests of kaf consume -g's pure logic (cmd/consume_group.c, compiled
 * in here: the command layer is not in a library): assignor names, where an
 * assigned partition starts, handing an assignment to the consumer engine
 * and taking it back, and the -e rule (done once every partition of the
 * held assignment reached the end taken when it was assigned). No broker:
 * nothing here commits (no_commit) and the engine is never polled.
 */
#include "cmd/consume_group.c"

#include "tests/unit/tap.h"

static void test_assignors(void)
{
	const char *out[MEMBER_MAX_ASSIGNORS];
	char err[160];

	is_int(cgroup_parse_assignors("range,roundrobin", out, 4, err, sizeof(err)), 2,
	       "range,roundrobin: two");
	is_str(out[0], "range", "...range first");
	is_str(out[1], "roundrobin", "...roundrobin second");
	is_int(cgroup_parse_assignors("roundrobin", out, 4, err, sizeof(err)), 1, "one name");
	is_str(out[0], "roundrobin", "...roundrobin");
	is_int(cgroup_parse_assignors("org.apache.kafka.clients.consumer.RoundRobinAssignor, "
				      "org.apache.kafka.clients.consumer.RangeAssignor", out, 4, err,
				      sizeof(err)), 2, "Java's class names, with a space");
	is_str(out[0], "roundrobin", "...in the order given");
	is_str(out[1], "range", "...range second");
	is_int(cgroup_parse_assignors("range,range", out, 4, err, sizeof(err)), 1,
	       "a repeated name counts once");
	is_int(cgroup_parse_assignors("cooperative-sticky", out, 4, err, sizeof(err)), -1,
	       "an assignor kaf does not have: refused");
	ok(strstr(err, "'cooperative-sticky'") != NULL, "...naming it (%s)", err);
	is_int(cgroup_parse_assignors("", out, 4, err, sizeof(err)), -1, "empty: refused");
	is_int(cgroup_parse_assignors("range,", out, 4, err, sizeof(err)), -1,
	       "an empty name in the list: refused");
	is_int(cgroup_parse_assignors("range,roundrobin", out, 1, err, sizeof(err)), -1,
	       "more names than room: refused");
}

static void test_start_point(void)
{
	struct consumer_point beg = { CONSUMER_AT_BEGINNING, 0 }, end = { CONSUMER_AT_END, 0 };
	struct consumer_point p = cgroup_start_point(42, beg);

	ok(p.at == CONSUMER_AT_OFFSET && p.value == 42, "a committed offset wins over -o");
	p = cgroup_start_point(0, end);
	ok(p.at == CONSUMER_AT_OFFSET && p.value == 0, "a committed 0 is an offset too");
	p = cgroup_start_point(-1, end);
	ok(p.at == CONSUMER_AT_END, "no committed offset: -o's start (end)");
	p = cgroup_start_point(-1, beg);
	ok(p.at == CONSUMER_AT_BEGINNING, "no committed offset: -o's start (beginning)");
}

/* What the engine would do on its next poll: resolve the start and the -e stop. */
static void resolve(struct consumer *k, const char *topic, int32_t part, int64_t pos, int64_t end)
{
	struct consumer_part *p = consumer_find(k, topic, part);

	p->position = pos;
	p->stop = end;
	p->need_start = p->need_stop = 0;
}

/* Put an assignment into the member as a SyncGroup would. */
static void give(struct cgroup *g, struct member_partition *mp, int n)
{
	g->m.assigned = mp;
	g->m.nassigned = n;
}

static void test_assignment(void)
{
	static const char *const topics[] = { "a", "b" };
	struct client c;
	struct consumer k;
	struct cgroup g;
	struct consumer_opts o = { 0 };
	struct cgroup_config cfg = {
		.group = "G", .no_commit = 1,
		.start = { CONSUMER_AT_BEGINNING, 0 }, .stop = { CONSUMER_AT_END, 0 },
	};

	memset(&c, 0, sizeof(c));
	consumer_init(&k, &c, &o);
	memset(&g, 0, sizeof(g));
	g.k = &k;
	g.cfg = cfg;
	g.topics = topics;
	g.ntopics = 2;

	ok(!cgroup_done(&g), "-e: not done before any assignment");

	/* The strings of an assignment are the member's; ours must not depend on them. */
	char ta[] = "a", tb[] = "b", tz[] = "z";
	struct member_partition first[] = {
		{ ta, 0, 7, "" }, { ta, 1, -1, "" }, { tb, 3, 0, "" }, { tz, 0, 5, "" },
	};
	give(&g, first, 4);
	take(&g, 1000);
	is_int(g.nparts, 3, "a topic outside the subscription is left out");
	is_int(g.assignments, 1, "one assignment taken");
	ok(g.holding, "holding it");
	ok(g.parts[0].topic == topics[0], "the held topic is the subscription's own string");
	is_int(k.nparts, 3, "three partitions in the engine");
	struct consumer_part *p = consumer_find(&k, "a", 0);
	ok(p && p->start_at.at == CONSUMER_AT_OFFSET && p->start_at.value == 7,
	   "a-0 starts at its committed 7");
	p = consumer_find(&k, "a", 1);
	ok(p && p->start_at.at == CONSUMER_AT_BEGINNING, "a-1 (nothing committed) at the beginning");
	ok(p && p->stop_at.at == CONSUMER_AT_END && p->need_stop, "-e: a stop at the end to resolve");
	p = consumer_find(&k, "b", 3);
	ok(p && p->start_at.at == CONSUMER_AT_OFFSET && p->start_at.value == 0, "b-3 at 0");
	ok(!consumer_find(&k, "z", 0), "z-0 is not read");
	ok(!cgroup_done(&g), "-e: not done while the ends are unresolved");

	resolve(&k, "a", 0, 7, 10);
	resolve(&k, "a", 1, 0, 4);
	resolve(&k, "b", 3, 0, 0);
	ok(!cgroup_done(&g), "-e: not done while a-0 and a-1 have records left");
	consumer_find(&k, "a", 0)->position = 10;
	ok(!cgroup_done(&g), "-e: not done with a-1 still short");
	consumer_find(&k, "a", 1)->position = 4;
	ok(cgroup_done(&g), "-e: done once every partition reached its end");

	/* A rebalance: everything given back, then a smaller assignment. */
	give_back(&g);
	ok(!g.holding && g.nparts == 0, "a revoke gives back everything");
	ok(!cgroup_done(&g), "-e: not done while holding nothing between generations");
	int64_t at;
	ok(consumer_position(&k, "a", 0, &at) == -1, "the engine stopped reading a-0");
	struct member_partition second[] = { { tb, 3, 0, "" }, { ta, 2, 12, "" } };
	give(&g, second, 2);
	take(&g, 2000);
	is_int(g.nparts, 2, "the new assignment: two partitions");
	is_int(g.assignments, 2, "two assignments taken");
	ok(consumer_position(&k, "a", 1, &at) == -1, "a-1, gone to another member, is not read");
	p = consumer_find(&k, "a", 2);
	ok(p && p->start_at.value == 12 && !p->revoked, "a-2 starts at its committed 12");
	resolve(&k, "b", 3, 0, 0);
	resolve(&k, "a", 2, 12, 20);
	ok(!cgroup_done(&g), "-e: the end is taken anew for a new assignment");
	consumer_find(&k, "a", 2)->position = 20;
	ok(cgroup_done(&g), "-e: done at the new ends");

	/* A generation that gives this member nothing: -e has nothing to wait for. */
	give(&g, NULL, 0);
	take(&g, 3000);
	ok(g.holding && g.nparts == 0, "an empty assignment is held");
	ok(cgroup_done(&g), "-e: an empty assignment is done");
	cgroup_commit(&g);
	is_int((int)g.commits, 0, "--no-commit: nothing committed");

	free(g.parts);
	consumer_release(&k);
}

int main(void)
{
	test_assignors();
	test_start_point();
	test_assignment();
	return tap_done();
}
