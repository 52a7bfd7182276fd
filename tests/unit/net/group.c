/*
 * The group APIs over raw frames against a broker with a group coordinator
 * (one partition of __consumer_offsets, made by the test): FindCoordinator,
 * OffsetCommit/OffsetFetch and their errors, a join/sync/heartbeat round,
 * the admin APIs, and a parked JoinGroup whose connection closes.
 */
#include "tests/unit/net/brokertest.h"
#include "net/api/group_coord.h"
#include "net/proto/errors.h"
#include "net/proto/msg_group.h"

#include <string.h>

#define RECV(fd, key, v, resp, a) tb_recv(fd, key, v, resp, a, 5000)

static int32_t corr = 1;

static void stop_groups(struct tb *t, void *arg)
{
	(void)arg;
	group_coord_stop(&t->b);
	group_coord_close(&t->b);
}

static void test_find(int fd)
{
	struct arena a;
	arena_init(&a, 4096);
	struct find_coordinator_req q = { .key = kstr_c("g") };
	struct find_coordinator_resp r;
	tb_send(fd, API_FIND_COORDINATOR, 0, corr, &q);
	ok(RECV(fd, API_FIND_COORDINATOR, 0, &r, &a) == corr++ && r.error_code == 0 && r.node_id == 1 &&
	   kstr_eq(r.host, "127.0.0.1") && r.port > 0, "FindCoordinator v0: this node");
	q.key_type = 1;
	tb_send(fd, API_FIND_COORDINATOR, 2, corr, &q);
	ok(RECV(fd, API_FIND_COORDINATOR, 2, &r, &a) == corr++ &&
	   r.error_code == KERR_COORDINATOR_NOT_AVAILABLE, "a transaction coordinator: not available");
	arena_release(&a);
}

static int16_t commit(int fd, int v, const char *group, int32_t gen, const char *member, const char *topic,
		      int32_t part, int64_t off, const char *md)
{
	struct arena a;
	arena_init(&a, 4096);
	struct offset_commit_req_partitions p = { .partition_index = part, .committed_offset = off,
						  .committed_leader_epoch = -1, .committed_metadata = kstr_c(md) };
	struct offset_commit_req_topics t = { .name = kstr_c(topic), .partitions = { 1, &p } };
	struct offset_commit_req q = { .group_id = kstr_c(group), .generation_id = gen,
				       .member_id = kstr_c(member), .group_instance_id = { NULL, -1 },
				       .retention_time_ms = -1, .topics = { 1, &t } };
	struct offset_commit_resp r;
	tb_send(fd, API_OFFSET_COMMIT, v, corr, &q);
	int16_t err = -100;
	if (RECV(fd, API_OFFSET_COMMIT, v, &r, &a) == corr++ && r.topics.n == 1 && r.topics.v[0].partitions.n == 1)
		err = r.topics.v[0].partitions.v[0].error_code;
	arena_release(&a);
	return err;
}

/* The committed offset of (topic, part) through OffsetFetch v, -2 on a failed exchange. */
static int64_t fetch(int fd, int v, const char *group, const char *topic, int32_t part)
{
	struct arena a;
	arena_init(&a, 4096);
	struct offset_fetch_req_topics t = { .name = kstr_c(topic), .partition_indexes = { 1, &part } };
	struct offset_fetch_req q = { .group_id = kstr_c(group), .topics = { 1, &t } };
	struct offset_fetch_resp r;
	tb_send(fd, API_OFFSET_FETCH, v, corr, &q);
	int64_t off = -2;
	if (RECV(fd, API_OFFSET_FETCH, v, &r, &a) == corr++ && r.topics.n == 1 && r.topics.v[0].partitions.n == 1 &&
	    r.topics.v[0].partitions.v[0].error_code == 0)
		off = r.topics.v[0].partitions.v[0].committed_offset;
	arena_release(&a);
	return off;
}

static void test_offsets(int fd)
{
	char big[5000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	is_int(commit(fd, 2, "g", -1, "", "t", 0, 42, "m"), 0, "a simple commit (v2)");
	is_int(fetch(fd, 1, "g", "t", 0), 42, "OffsetFetch v1 reads it");
	is_int(fetch(fd, 7, "g", "t", 0), 42, "OffsetFetch v7 (flexible) reads it");
	is_int(fetch(fd, 7, "g", "t", 1), -1, "no commit: -1");
	is_int(fetch(fd, 7, "nogroup", "t", 0), -1, "unknown group: -1");
	is_int(commit(fd, 7, "g", -1, "", "t", 9, 1, ""), KERR_UNKNOWN_TOPIC_OR_PARTITION, "unknown partition");
	is_int(commit(fd, 7, "g", -1, "", "nope", 0, 1, ""), KERR_UNKNOWN_TOPIC_OR_PARTITION, "unknown topic");
	is_int(commit(fd, 7, "g", -1, "", "t", 0, 1, big), KERR_OFFSET_METADATA_TOO_LARGE, "metadata over 4096 bytes");
	is_int(commit(fd, 7, "g", 3, "someone", "t", 0, 1, ""), KERR_UNKNOWN_MEMBER_ID, "a member the group does not have");
	is_int(commit(fd, 7, "fresh", 3, "someone", "t", 0, 1, ""), KERR_ILLEGAL_GENERATION,
	       "a generation of a group that does not exist");
	is_int(commit(fd, 7, "", -1, "", "t", 0, 1, ""), KERR_INVALID_GROUP_ID, "an empty group id");
	is_int(fetch(fd, 7, "g", "t", 0), 42, "refused commits changed nothing");
	is_int(commit(fd, 5, "g", -1, "", "t", 1, 7, ""), 0, "a second partition (v5)");

	struct arena a;
	arena_init(&a, 4096);
	struct offset_fetch_req q = { .group_id = kstr_c("g"), .topics = { -1, NULL } };
	struct offset_fetch_resp r;
	tb_send(fd, API_OFFSET_FETCH, 7, corr, &q);
	ok(RECV(fd, API_OFFSET_FETCH, 7, &r, &a) == corr++ && r.topics.n == 1 && r.topics.v[0].partitions.n == 2,
	   "null topics: every committed offset of the group");
	arena_release(&a);
}

/* Consumer protocol subscription v0 to topic "t". */
static const uint8_t SUB_T[] = { 0, 0, 0, 0, 0, 1, 0, 1, 't', 0xff, 0xff, 0xff, 0xff };

static void join_req(struct join_group_req *q, struct join_group_req_protocols *p, const char *group,
		     const char *member)
{
	*p = (struct join_group_req_protocols){ .name = kstr_c("range"),
						 .metadata = { SUB_T, sizeof(SUB_T) } };
	*q = (struct join_group_req){ .group_id = kstr_c(group), .session_timeout_ms = 10000,
				      .rebalance_timeout_ms = 10000, .member_id = kstr_c(member),
				      .group_instance_id = { NULL, -1 }, .protocol_type = kstr_c("consumer"),
				      .protocols = { 1, p } };
}

static void test_membership(int fd, struct tb *t)
{
	struct arena a;
	arena_init(&a, 4096);
	struct join_group_req_protocols p;
	struct join_group_req q;
	struct join_group_resp jr;
	join_req(&q, &p, "m", "");
	tb_send(fd, API_JOIN_GROUP, 5, corr, &q);
	ok(RECV(fd, API_JOIN_GROUP, 5, &jr, &a) == corr++ && jr.error_code == KERR_MEMBER_ID_REQUIRED &&
	   jr.member_id.len > 2 && !memcmp(jr.member_id.p, "t-", 2), "JoinGroup v5 without id: MEMBER_ID_REQUIRED, id t-<uuid>");
	char id[128];
	snprintf(id, sizeof(id), "%.*s", jr.member_id.len, jr.member_id.p);
	join_req(&q, &p, "m", id);
	q.session_timeout_ms = 10;
	tb_send(fd, API_JOIN_GROUP, 5, corr, &q);
	ok(RECV(fd, API_JOIN_GROUP, 5, &jr, &a) == corr++ && jr.error_code == KERR_INVALID_SESSION_TIMEOUT,
	   "a session timeout below group.min.session.timeout.ms");
	q.session_timeout_ms = 10000;
	tb_send(fd, API_JOIN_GROUP, 5, corr, &q);
	ok(RECV(fd, API_JOIN_GROUP, 5, &jr, &a) == corr++ && jr.error_code == 0 && jr.generation_id == 1 &&
	   kstr_eq(jr.leader, id) && kstr_eq(jr.protocol_name, "range") && jr.members.n == 1 &&
	   jr.members.v[0].metadata.len == (int32_t)sizeof(SUB_T), "joined: generation 1, leader, its metadata");

	struct sync_group_req_assignments as = { .member_id = kstr_c(id), .assignment = { (const uint8_t *)"ASG", 3 } };
	struct sync_group_req sq = { .group_id = kstr_c("m"), .generation_id = 1, .member_id = kstr_c(id),
				     .group_instance_id = { NULL, -1 }, .assignments = { 1, &as } };
	struct sync_group_resp sr;
	tb_send(fd, API_SYNC_GROUP, 3, corr, &sq);
	ok(RECV(fd, API_SYNC_GROUP, 3, &sr, &a) == corr++ && sr.error_code == 0 && sr.assignment.len == 3 &&
	   !memcmp(sr.assignment.p, "ASG", 3), "SyncGroup: the leader's assignment comes back");

	struct heartbeat_req hq = { .group_id = kstr_c("m"), .generation_id = 1, .member_id = kstr_c(id),
				    .group_instance_id = { NULL, -1 } };
	struct heartbeat_resp hr;
	tb_send(fd, API_HEARTBEAT, 3, corr, &hq);
	ok(RECV(fd, API_HEARTBEAT, 3, &hr, &a) == corr++ && hr.error_code == 0, "Heartbeat");
	hq.generation_id = 0;
	tb_send(fd, API_HEARTBEAT, 0, corr, &hq);
	ok(RECV(fd, API_HEARTBEAT, 0, &hr, &a) == corr++ && hr.error_code == KERR_ILLEGAL_GENERATION,
	   "Heartbeat with an old generation");
	is_int(commit(fd, 7, "m", 1, id, "t", 0, 5, ""), 0, "a member commits in its generation");
	is_int(commit(fd, 7, "m", -1, "", "t", 0, 5, ""), KERR_ILLEGAL_GENERATION, "no simple commit to an active group");

	struct describe_groups_req dq = { .groups = { 1, (struct kstr[]){ kstr_c("m") } } };
	struct describe_groups_resp dr;
	tb_send(fd, API_DESCRIBE_GROUPS, 4, corr, &dq);
	ok(RECV(fd, API_DESCRIBE_GROUPS, 4, &dr, &a) == corr++ && dr.groups.n == 1 &&
	   kstr_eq(dr.groups.v[0].group_state, "Stable") && kstr_eq(dr.groups.v[0].protocol_data, "range") &&
	   dr.groups.v[0].members.n == 1 && kstr_eq(dr.groups.v[0].members.v[0].client_id, "t") &&
	   kstr_eq(dr.groups.v[0].members.v[0].client_host, "/127.0.0.1") &&
	   dr.groups.v[0].members.v[0].member_assignment.len == 3, "DescribeGroups: Stable, member, host, assignment");

	struct list_groups_req lq = { .states_filter = { 1, (struct kstr[]){ kstr_c("stable") } } };
	struct list_groups_resp lr;
	tb_send(fd, API_LIST_GROUPS, 4, corr, &lq);
	ok(RECV(fd, API_LIST_GROUPS, 4, &lr, &a) == corr++ && lr.groups.n == 1 && kstr_eq(lr.groups.v[0].group_id, "m"),
	   "ListGroups v4 with a state filter");
	tb_send(fd, API_LIST_GROUPS, 0, corr, &lq);
	ok(RECV(fd, API_LIST_GROUPS, 0, &lr, &a) == corr++ && lr.groups.n == 2, "ListGroups v0: both groups");

	int32_t part0 = 0;
	struct offset_delete_req_partitions odp = { .partition_index = part0 };
	struct offset_delete_req_topics odt = { .name = kstr_c("t"), .partitions = { 1, &odp } };
	struct offset_delete_req odq = { .group_id = kstr_c("m"), .topics = { 1, &odt } };
	struct offset_delete_resp odr;
	tb_send(fd, API_OFFSET_DELETE, 0, corr, &odq);
	ok(RECV(fd, API_OFFSET_DELETE, 0, &odr, &a) == corr++ && odr.error_code == 0 &&
	   odr.topics.v[0].partitions.v[0].error_code == KERR_GROUP_SUBSCRIBED_TO_TOPIC,
	   "OffsetDelete of a subscribed topic: GROUP_SUBSCRIBED_TO_TOPIC");

	struct delete_groups_req gq = { .groups_names = { 1, (struct kstr[]){ kstr_c("m") } } };
	struct delete_groups_resp gr;
	tb_send(fd, API_DELETE_GROUPS, 1, corr, &gq);
	ok(RECV(fd, API_DELETE_GROUPS, 1, &gr, &a) == corr++ && gr.results.v[0].error_code == KERR_NON_EMPTY_GROUP,
	   "DeleteGroups of an active group: NON_EMPTY_GROUP");

	/* A second member parks in JoinGroup; its connection closes under it. */
	int fd2 = tb_connect(t);
	join_req(&q, &p, "m", "");
	tb_send(fd2, API_JOIN_GROUP, 3, corr++, &q);
	ok(tb_quiet(fd2, 300), "a new member waits for the rebalance");
	close(fd2);
	usleep(100 * 1000);

	struct leave_group_req_members lm = { .member_id = kstr_c(id), .group_instance_id = { NULL, -1 } };
	struct leave_group_req lvq = { .group_id = kstr_c("m"), .members = { 1, &lm } };
	struct leave_group_resp lvr;
	tb_send(fd, API_LEAVE_GROUP, 3, corr, &lvq);
	ok(RECV(fd, API_LEAVE_GROUP, 3, &lvr, &a) == corr++ && lvr.error_code == 0 && lvr.members.n == 1 &&
	   lvr.members.v[0].error_code == 0, "LeaveGroup v3");
	tb_send(fd, API_DESCRIBE_GROUPS, 0, corr, &dq);
	ok(RECV(fd, API_DESCRIBE_GROUPS, 0, &dr, &a) == corr++ && dr.groups.n == 1 &&
	   !kstr_eq(dr.groups.v[0].group_state, "Stable"), "the group rebalances without the leaver");
	arena_release(&a);
}

static void test_delete(int fd)
{
	struct arena a;
	arena_init(&a, 4096);
	int32_t part1 = 1;
	struct offset_delete_req_partitions odp = { .partition_index = part1 };
	struct offset_delete_req_topics odt = { .name = kstr_c("t"), .partitions = { 1, &odp } };
	struct offset_delete_req odq = { .group_id = kstr_c("g"), .topics = { 1, &odt } };
	struct offset_delete_resp odr;
	tb_send(fd, API_OFFSET_DELETE, 0, corr, &odq);
	ok(RECV(fd, API_OFFSET_DELETE, 0, &odr, &a) == corr++ && odr.error_code == 0 &&
	   odr.topics.v[0].partitions.v[0].error_code == 0, "OffsetDelete in an Empty group");
	is_int(fetch(fd, 7, "g", "t", 1), -1, "the offset is gone");
	is_int(fetch(fd, 7, "g", "t", 0), 42, "the other one stays");
	odq.group_id = kstr_c("nogroup");
	tb_send(fd, API_OFFSET_DELETE, 0, corr, &odq);
	ok(RECV(fd, API_OFFSET_DELETE, 0, &odr, &a) == corr++ && odr.error_code == KERR_GROUP_ID_NOT_FOUND,
	   "OffsetDelete of an unknown group");

	struct delete_groups_req gq = { .groups_names = { 2, (struct kstr[]){ kstr_c("g"), kstr_c("zz") } } };
	struct delete_groups_resp gr;
	tb_send(fd, API_DELETE_GROUPS, 0, corr, &gq);
	ok(RECV(fd, API_DELETE_GROUPS, 0, &gr, &a) == corr++ && gr.results.n == 2 &&
	   gr.results.v[0].error_code == 0 && gr.results.v[1].error_code == KERR_GROUP_ID_NOT_FOUND,
	   "DeleteGroups: an empty group goes, an unknown one is GROUP_ID_NOT_FOUND");
	is_int(fetch(fd, 7, "g", "t", 0), -1, "its offsets went with it");
	struct describe_groups_req dq = { .groups = { 1, (struct kstr[]){ kstr_c("g") } } };
	struct describe_groups_resp dr;
	tb_send(fd, API_DESCRIBE_GROUPS, 4, corr, &dq);
	ok(RECV(fd, API_DESCRIBE_GROUPS, 4, &dr, &a) == corr++ && dr.groups.v[0].error_code == 0 &&
	   kstr_eq(dr.groups.v[0].group_state, "Dead"), "a deleted group describes as Dead");
	arena_release(&a);
}

static int expired_count;

static void expire_now(struct tb *t, void *arg)
{
	(void)arg;
	t->b.groups->retention_ms = 0;
	expired_count = group_coord_expire(&t->b, clock_wall_ms());
}

/* offsets.retention: the offsets of an Empty group go, and the group with them. */
static void test_retention(int fd, struct tb *t)
{
	is_int(commit(fd, 7, "x", -1, "", "t", 0, 3, ""), 0, "a simple commit to group x");
	is_int(commit(fd, 7, "x", -1, "", "t", 1, 4, ""), 0, "and another");
	tb_call(t, expire_now, NULL);
	is_int(expired_count, 2, "both expire once the retention has passed");
	is_int(fetch(fd, 7, "x", "t", 0), -1, "the offset is gone");
	struct arena a;
	arena_init(&a, 4096);
	struct describe_groups_req dq = { .groups = { 1, (struct kstr[]){ kstr_c("x") } } };
	struct describe_groups_resp dr;
	tb_send(fd, API_DESCRIBE_GROUPS, 4, corr, &dq);
	ok(RECV(fd, API_DESCRIBE_GROUPS, 4, &dr, &a) == corr++ && kstr_eq(dr.groups.v[0].group_state, "Dead"),
	   "a group left with nothing is gone");
	arena_release(&a);
}

int main(void)
{
	struct tb t;
	tb_open(&t);
	tb_create(&t, "t", 0, NULL);
	tb_create(&t, "t", 1, NULL);
	tb_create(&t, "__consumer_offsets", 0, NULL);
	if (group_coord_open(&t.b, T0)) {
		fprintf(stderr, "group_coord_open failed\n");
		return 1;
	}
	t.b.groups->npartitions = 1;
	tb_run(&t);
	int fd = tb_connect(&t);
	test_find(fd);
	test_offsets(fd);
	test_membership(fd, &t);
	test_delete(fd);
	test_retention(fd, &t);
	close(fd);
	tb_call(&t, stop_groups, NULL);
	is_int(tb_close(&t), 0, "the loop closes cleanly");
	return tap_done();
}
