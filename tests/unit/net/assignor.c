/*
 * The consumer protocol blobs and assignors: Subscription and Assignment
 * bytes as Kafka writes them (v0, v1) decode and encode back to the same
 * bytes, bad counts are refused, and the range and round-robin assignors
 * give the answers Kafka's RangeAssignor and RoundRobinAssignor give for the
 * examples in their documentation and a few more, static members ordered
 * as Kafka orders them.
 */
#include "net/client/assignor.h"

#include "core/base/err.h"
#include "tests/unit/tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Subscription v0: topics [t0, t1], user data null. */
static const uint8_t sub_v0[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 't', '0', 0x00, 0x02, 't', '1',
	0xff, 0xff, 0xff, 0xff,
};
/* Subscription v1: topics [orders], user data "ab", owned orders [2, 5]. */
static const uint8_t sub_v1[] = {
	0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 'o', 'r', 'd', 'e', 'r', 's',
	0x00, 0x00, 0x00, 0x02, 'a', 'b',
	0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 'o', 'r', 'd', 'e', 'r', 's',
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x05,
};
/* Assignment v0: t0 [0, 2], empty user data. */
static const uint8_t asg_v0[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 't', '0',
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x00,
};

static void test_blobs(void)
{
	struct arena a;
	struct cp_subscription s;
	struct cp_assignment as;
	struct buf b = BUF_INIT;

	arena_init(&a, 4096);
	is_int(cp_subscription_decode(sub_v0, sizeof(sub_v0), &s, &a), 0, "subscription v0 decodes");
	ok(s.version == 0 && s.ntopics == 2 && !strcmp(s.topics[0], "t0") &&
	   !strcmp(s.topics[1], "t1") && s.user_data.len == -1 && s.nowned == 0,
	   "subscription v0: version, topics, null user data");
	cp_subscription_encode(&s, &b);
	ok(b.len == sizeof(sub_v0) && !memcmp(b.data, sub_v0, b.len), "subscription v0 encodes back");
	buf_reset(&b);

	is_int(cp_subscription_decode(sub_v1, sizeof(sub_v1), &s, &a), 0, "subscription v1 decodes");
	ok(s.version == 1 && s.ntopics == 1 && !strcmp(s.topics[0], "orders") &&
	   s.user_data.len == 2 && !memcmp(s.user_data.p, "ab", 2) && s.nowned == 1 &&
	   !strcmp(s.owned[0].topic, "orders") && s.owned[0].nparts == 2 &&
	   s.owned[0].parts[0] == 2 && s.owned[0].parts[1] == 5,
	   "subscription v1: user data and owned partitions");
	cp_subscription_encode(&s, &b);
	ok(b.len == sizeof(sub_v1) && !memcmp(b.data, sub_v1, b.len), "subscription v1 encodes back");
	buf_reset(&b);

	/* A v0 reader of a v1 blob (kafka-python) sees the v0 fields; so do we of newer ones. */
	uint8_t v3[sizeof(sub_v1) + 6];
	memcpy(v3, sub_v1, sizeof(sub_v1));
	v3[1] = 3;
	memcpy(v3 + sizeof(sub_v1), "\x00\x00\x00\x07\xff\xff", 6);
	is_int(cp_subscription_decode(v3, sizeof(v3), &s, &a), 0, "subscription v3 decodes");
	ok(s.version == 3 && s.generation == 7 && s.nowned == 1, "v3: generation read, rack skipped");

	is_int(cp_assignment_decode(asg_v0, sizeof(asg_v0), &as, &a), 0, "assignment v0 decodes");
	ok(as.ntopics == 1 && !strcmp(as.topics[0].topic, "t0") && as.topics[0].nparts == 2 &&
	   as.topics[0].parts[1] == 2 && as.user_data.len == 0 && cp_assignment_count(&as) == 2,
	   "assignment v0: partitions and empty user data");
	cp_assignment_encode(&as, &b);
	ok(b.len == sizeof(asg_v0) && !memcmp(b.data, asg_v0, b.len), "assignment v0 encodes back");
	buf_reset(&b);
	as.version = 1;
	cp_assignment_encode(&as, &b);
	struct cp_assignment back;
	ok(!cp_assignment_decode(b.data, b.len, &back, &a) && back.version == 1 &&
	   back.ntopics == 1 && back.topics[0].nparts == 2, "assignment v1 round trip");
	buf_reset(&b);

	/* Damage: cut short, a count far past the end, a negative version. */
	ok(cp_assignment_decode(asg_v0, sizeof(asg_v0) - 3, &as, &a) == KAF_ETRUNC,
	   "a truncated assignment is refused");
	uint8_t big[sizeof(asg_v0)];
	memcpy(big, asg_v0, sizeof(big));
	big[2] = 0x7f;
	ok(cp_assignment_decode(big, sizeof(big), &as, &a) == KAF_ECORRUPT,
	   "a topic count beyond the bytes is refused before allocating");
	memcpy(big, sub_v0, sizeof(sub_v0));
	big[0] = 0xff;
	ok(cp_subscription_decode(big, sizeof(sub_v0), &s, &a) == KAF_ECORRUPT,
	   "a negative version is refused");
	ok(cp_subscription_decode(big, 1, &s, &a) == KAF_ETRUNC, "one byte is truncated");
	/* An empty assignment (a member that got nothing) is valid. */
	static const uint8_t empty[] = { 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
	ok(!cp_assignment_decode(empty, sizeof(empty), &as, &a) && as.ntopics == 0,
	   "an empty assignment decodes");
	buf_release(&b);
	arena_release(&a);
}

/* "t0:0,1 t1:0" for one member's out (topics as the assignor ordered them). */
static const char *show(const struct cp_assignment *as, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (int i = 0; i < as->ntopics; i++) {
		used += (size_t)snprintf(buf + used, n - used, "%s%s:", i ? " " : "", as->topics[i].topic);
		for (int k = 0; k < as->topics[i].nparts; k++)
			used += (size_t)snprintf(buf + used, n - used, "%s%d", k ? "," : "",
						 as->topics[i].parts[k]);
	}
	return buf;
}

static void run(const char *assignor, struct assign_member *m, int nm, const struct assign_topic *t,
		int nt, const char *const *want, const char *what)
{
	struct arena a;
	char buf[256];
	const struct assignor *as = assignor_find(assignor);

	arena_init(&a, 4096);
	if (!ok(as && !as->assign(m, nm, t, nt, &a), "%s: %s runs", assignor, what)) {
		arena_release(&a);
		return;
	}
	for (int i = 0; i < nm; i++)
		is_str(show(&m[i].out, buf, sizeof(buf)), want[i], "%s: %s: member %s", assignor, what,
		       m[i].member_id);
	arena_release(&a);
}

static void test_assignors(void)
{
	static const char *const both[] = { "t0", "t1" };
	/* Given out of order on purpose: the assignors sort by member id. */
	struct assign_member m2[] = { { "C1", both, 2, { 0 }, NULL }, { "C0", both, 2, { 0 }, NULL } };
	const struct assign_topic t2[] = { { "t1", 3 }, { "t0", 3 } };

	/* RangeAssignor's documented example. */
	run("range", m2, 2, t2, 2, (const char *const[]){ "t0:2 t1:2", "t0:0,1 t1:0,1" },
	    "two members, two topics of 3");
	/* RoundRobinAssignor's documented example. */
	run("roundrobin", m2, 2, t2, 2, (const char *const[]){ "t0:1 t1:0,2", "t0:0,2 t1:1" },
	    "two members, two topics of 3");

	/* RoundRobinAssignor's example of unequal subscriptions. */
	static const char *const s0[] = { "t0" }, *const s1[] = { "t0", "t1" },
			  *const s2[] = { "t0", "t1", "t2" };
	struct assign_member m3[] = { { "C0", s0, 1, { 0 }, NULL }, { "C1", s1, 2, { 0 }, NULL },
				      { "C2", s2, 3, { 0 }, NULL } };
	const struct assign_topic t3[] = { { "t0", 1 }, { "t1", 2 }, { "t2", 3 } };
	run("roundrobin", m3, 3, t3, 3, (const char *const[]){ "t0:0", "t1:0", "t1:1 t2:0,1,2" },
	    "unequal subscriptions");
	run("range", m3, 3, t3, 3, (const char *const[]){ "t0:0", "t1:0", "t1:1 t2:0,1,2" },
	    "unequal subscriptions");

	/* Three members of one 7-partition topic: 3, 2, 2 in member-id order. */
	static const char *const one[] = { "g" };
	struct assign_member m4[] = { { "b-2", one, 1, { 0 }, NULL }, { "a-1", one, 1, { 0 }, NULL },
				      { "c-3", one, 1, { 0 }, NULL } };
	const struct assign_topic t4[] = { { "g", 7 } };
	run("range", m4, 3, t4, 1, (const char *const[]){ "g:3,4", "g:0,1,2", "g:5,6" },
	    "seven partitions, three members");
	run("roundrobin", m4, 3, t4, 1, (const char *const[]){ "g:1,4", "g:0,3,6", "g:2,5" },
	    "seven partitions, three members");
	/* More members than partitions: the last ones get nothing. */
	const struct assign_topic t5[] = { { "g", 2 } };
	run("range", m4, 3, t5, 1, (const char *const[]){ "g:1", "g:0", "" }, "two partitions");
	/* A topic without metadata (0 partitions) is skipped. */
	const struct assign_topic t6[] = { { "g", 0 } };
	run("roundrobin", m4, 3, t6, 1, (const char *const[]){ "", "", "" }, "unknown topic");
	/* Static members come first, by instance id, whatever their member ids. */
	struct assign_member m7[] = { { "a-dyn", one, 1, { 0 }, NULL }, { "z-1", one, 1, { 0 }, "i2" },
				      { "y-2", one, 1, { 0 }, "i1" } };
	run("range", m7, 3, t4, 1, (const char *const[]){ "g:5,6", "g:3,4", "g:0,1,2" },
	    "static members first");
	ok(!assignor_find("sticky"), "unknown assignor names are not found");
}

int main(void)
{
	test_blobs();
	test_assignors();
	return tap_done();
}
