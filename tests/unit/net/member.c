/*
 * The group member library against a scripted coordinator in a second
 * thread: the MEMBER_ID_REQUIRED round trip, leading a group of one (the
 * range assignor over its own subscription, the Assignment bytes it syncs),
 * committed offsets fetched for the assignment, a heartbeat answered
 * NOT_COORDINATOR (the coordinator is looked up again), one answered
 * ILLEGAL_GENERATION (revoked, a commit with the old generation in
 * between, then a rejoin with the known member id), a commit answered
 * REBALANCE_IN_PROGRESS, and LeaveGroup on close.
 */
#include "net/client/member.h"

#include "core/base/arena.h"
#include "core/base/bytes.h"
#include "core/base/clock.h"
#include "core/base/reader.h"
#include "core/base/say.h"
#include "core/codec/codec.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"
#include "net/proto/msg_group.h"
#include "tests/unit/tap.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct fake {
	int lfd, port;
	int finds, joins, syncs, heartbeats, commits, leaves, fetches;
	int generation;
	int assigned_in_sync;		/* partitions the leader gave itself */
	int32_t commit_generation;	/* of the last OffsetCommit */
	char commit_member[64];
	int64_t committed[4];
	int commit_error;		/* answer the next commit with this */
};

static int listen_any(int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 4) ||
	    getsockname(fd, (struct sockaddr *)&a, &al))
		abort();
	*port = ntohs(a.sin_port);
	return fd;
}

static int read_frame(int fd, uint8_t *buf, size_t cap)
{
	uint8_t sz[4];
	size_t got = 0;
	while (got < 4) {
		ssize_t r = read(fd, sz + got, 4 - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	uint32_t n = be32_get(sz);
	if (n > cap)
		return -1;
	for (got = 0; got < n;) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return (int)n;
}

static void reply(int fd, const struct request_header *h, int version, const void *msg)
{
	struct arena a;
	struct proto_out out = { 0 };
	const struct proto_msg *m = proto_api_find(h->api_key)->response;
	int flexible = proto_api_flexible(h->api_key, version);

	arena_init(&a, 4096);
	uint8_t *head = proto_out_reserve(&out, 4 + (size_t)response_header_size(h), &a);
	response_header_encode(h, head + 4);
	proto_encode(m, version, flexible, msg, &out, &a);
	be32_put(head, (uint32_t)(out.total - 4));
	uint8_t *flat = arena_alloc(&a, out.total);
	proto_out_flatten(&out, flat);
	if (write(fd, flat, out.total) != (ssize_t)out.total)
		abort();
	arena_release(&a);
}

static void api_versions(int fd, struct request_header *h)
{
	if (h->api_version >= 3) {
		/* Refuse v3 with a v0 body naming v0-2, as an older broker does. */
		struct api_versions_resp_api_keys keys[] = { { API_API_VERSIONS, 0, 2 } };
		struct api_versions_resp resp = { .error_code = KERR_UNSUPPORTED_VERSION };
		resp.api_keys.n = 1;
		resp.api_keys.v = keys;
		h->flexible = 0;
		reply(fd, h, 0, &resp);
		return;
	}
	struct api_versions_resp_api_keys keys[] = {
		{ API_API_VERSIONS, 0, 2 }, { API_METADATA, 0, 8 }, { API_FIND_COORDINATOR, 0, 2 },
		{ API_JOIN_GROUP, 0, 5 }, { API_SYNC_GROUP, 0, 3 }, { API_HEARTBEAT, 0, 3 },
		{ API_LEAVE_GROUP, 0, 3 }, { API_OFFSET_COMMIT, 2, 7 }, { API_OFFSET_FETCH, 1, 5 },
	};
	struct api_versions_resp resp = { 0 };
	resp.api_keys.n = (int)(sizeof(keys) / sizeof(keys[0]));
	resp.api_keys.v = keys;
	reply(fd, h, h->api_version, &resp);
}

/* Answer one request; body is the decoded request. */
static void serve(struct fake *f, int fd, struct request_header *h, const void *body,
		  struct arena *a)
{
	int v = h->api_version;

	switch (h->api_key) {
	case API_METADATA: {
		struct metadata_resp_partitions p[4];
		memset(p, 0, sizeof(p));
		for (int i = 0; i < 4; i++)
			p[i].partition_index = i, p[i].leader_id = 7;
		struct metadata_resp_brokers b[] = { { 7, kstr_c("127.0.0.1"), f->port, { NULL, -1 } } };
		struct metadata_resp_topics t[] = { { .name = kstr_c("t"), .partitions = { 4, p } } };
		struct metadata_resp resp = { .controller_id = 7 };
		resp.brokers.n = 1, resp.brokers.v = b;
		resp.topics.n = 1, resp.topics.v = t;
		resp.cluster_id = kstr_c("c1");
		reply(fd, h, v, &resp);
		break;
	}
	case API_FIND_COORDINATOR: {
		struct find_coordinator_resp resp = { .node_id = 7, .host = kstr_c("127.0.0.1"),
						      .port = f->port, .error_message = { NULL, -1 } };
		f->finds++;
		reply(fd, h, v, &resp);
		break;
	}
	case API_JOIN_GROUP: {
		const struct join_group_req *q = body;
		struct join_group_resp resp = { 0 };
		f->joins++;
		if (q->member_id.len <= 0) {
			resp.error_code = KERR_MEMBER_ID_REQUIRED;
			resp.member_id = kstr_c("m-1");
			resp.protocol_name = kstr_c("");
			resp.leader = kstr_c("");
			reply(fd, h, v, &resp);
			break;
		}
		struct join_group_resp_members me = { kstr_c("m-1"), { NULL, -1 },
						      q->protocols.v[0].metadata };
		resp.generation_id = ++f->generation;
		resp.protocol_name = q->protocols.v[0].name;
		resp.leader = kstr_c("m-1");
		resp.member_id = kstr_c("m-1");
		resp.members.n = 1, resp.members.v = &me;
		reply(fd, h, v, &resp);
		break;
	}
	case API_SYNC_GROUP: {
		const struct sync_group_req *q = body;
		struct sync_group_resp resp = { 0 };
		struct cp_assignment as;
		f->syncs++;
		if (q->assignments.n == 1 &&
		    !cp_assignment_decode(q->assignments.v[0].assignment.p,
					  (size_t)q->assignments.v[0].assignment.len, &as, a))
			f->assigned_in_sync = cp_assignment_count(&as);
		resp.assignment = q->assignments.n ? q->assignments.v[0].assignment :
						     (struct kbytes){ NULL, 0 };
		reply(fd, h, v, &resp);
		break;
	}
	case API_OFFSET_FETCH: {
		const struct offset_fetch_req *q = body;
		struct offset_fetch_resp resp = { 0 };
		struct offset_fetch_resp_partitions p[4];
		struct offset_fetch_resp_topics t = { kstr_c("t"), { 0, p } };
		f->fetches++;
		memset(p, 0, sizeof(p));
		for (int i = 0; q->topics.n == 1 && i < q->topics.v[0].partition_indexes.n && i < 4; i++) {
			int32_t pi = q->topics.v[0].partition_indexes.v[i];
			p[i].partition_index = pi;
			p[i].committed_offset = pi == 1 ? 42 : -1;
			p[i].committed_leader_epoch = -1;
			p[i].metadata = kstr_c(pi == 1 ? "m" : "");
			t.partitions.n++;
		}
		resp.topics.n = 1, resp.topics.v = &t;
		reply(fd, h, v, &resp);
		break;
	}
	case API_HEARTBEAT: {
		static const int16_t script[] = { KERR_NOT_COORDINATOR, 0, KERR_ILLEGAL_GENERATION };
		struct heartbeat_resp resp = { 0 };
		int i = f->heartbeats++;
		resp.error_code = i < 3 ? script[i] : 0;
		reply(fd, h, v, &resp);
		break;
	}
	case API_OFFSET_COMMIT: {
		const struct offset_commit_req *q = body;
		struct offset_commit_resp resp = { 0 };
		struct offset_commit_resp_partitions p[4];
		struct offset_commit_resp_topics t = { kstr_c("t"), { 0, p } };
		f->commits++;
		f->commit_generation = q->generation_id;
		snprintf(f->commit_member, sizeof(f->commit_member), "%.*s", (int)q->member_id.len,
			 q->member_id.p);
		for (int i = 0; q->topics.n == 1 && i < q->topics.v[0].partitions.n && i < 4; i++) {
			const struct offset_commit_req_partitions *rp = &q->topics.v[0].partitions.v[i];
			p[i].partition_index = rp->partition_index;
			p[i].error_code = (int16_t)f->commit_error;
			if (!f->commit_error && rp->partition_index >= 0 && rp->partition_index < 4)
				f->committed[rp->partition_index] = rp->committed_offset;
			t.partitions.n++;
		}
		f->commit_error = 0;
		resp.topics.n = 1, resp.topics.v = &t;
		reply(fd, h, v, &resp);
		break;
	}
	case API_LEAVE_GROUP: {
		struct leave_group_resp resp = { 0 };
		f->leaves++;
		reply(fd, h, v, &resp);
		break;
	}
	}
}

static void *fake_run(void *arg)
{
	struct fake *f = arg;
	static uint8_t buf[65536];
	int fd, n;

	while ((fd = accept(f->lfd, NULL, NULL)) >= 0) {
		while ((n = read_frame(fd, buf, sizeof(buf))) > 0) {
			struct request_header h;
			struct reader r;
			struct arena a;
			reader_init(&r, buf, (size_t)n);
			if (request_header_decode(&r, &h))
				break;
			if (h.api_key == API_API_VERSIONS) {
				api_versions(fd, &h);
				continue;
			}
			const struct proto_api *api = proto_api_find(h.api_key);
			arena_init(&a, 4096);
			void *body = arena_zalloc(&a, api->request->size);
			if (!proto_decode(api->request, h.api_version,
					  proto_api_flexible(h.api_key, h.api_version), &r, body, &a))
				serve(f, fd, &h, body, &a);
			arena_release(&a);
		}
		close(fd);
	}
	return NULL;
}

int main(void)
{
	struct fake f = { 0 };
	pthread_t th;
	struct client c;
	struct member m;
	char bs[64];
	static const char *const topics[] = { "t" };
	struct member_config cfg = { .group = "g", .topics = topics, .ntopics = 1,
				     .heartbeat_interval_ms = 10, .request_timeout_ms = 3000,
				     .rebalance_timeout_ms = 3000 };
	int64_t now = 0;

	say_set_level(SAY_WARN);
	f.lfd = listen_any(&f.port);
	pthread_create(&th, NULL, fake_run, &f);
	snprintf(bs, sizeof(bs), "127.0.0.1:%d", f.port);
	client_init(&c, bs, 5000);

	struct member_config bad = cfg;
	bad.assignors = (const char *const[]){ "sticky" };
	bad.nassignors = 1;
	ok(member_open(&m, &c, &bad) < 0 && strstr(member_error(&m), "unknown assignor 'sticky'"),
	   "an unknown assignor is refused at open");
	is_int(member_open(&m, &c, &cfg), 0, "member_open");
	is_int(member_poll(&m, now), MEMBER_ASSIGNED, "first poll: assigned");
	is_int(f.joins, 2, "JoinGroup twice: MEMBER_ID_REQUIRED, then with the id it named");
	is_str(m.member_id, "m-1", "the member id the coordinator named");
	ok(m.is_leader && !strcmp(m.protocol, "range") && m.generation == 1,
	   "leader of generation 1 with range (our first choice)");
	is_int(f.assigned_in_sync, 4, "the leader's SyncGroup gives it all four partitions");
	is_int(m.nassigned, 4, "four partitions assigned");
	ok(m.nassigned == 4 && m.assigned[1].committed == 42 && !strcmp(m.assigned[1].metadata, "m") &&
	   m.assigned[0].committed == -1 && m.assigned[3].committed == -1,
	   "committed offsets fetched: 42 on partition 1, none elsewhere");

	now += 5;
	is_int(member_poll(&m, now), MEMBER_NOCHANGE, "before the interval: nothing sent");
	is_int(f.heartbeats, 0, "no heartbeat yet");
	now += 10;
	is_int(member_poll(&m, now), MEMBER_NOCHANGE, "heartbeat NOT_COORDINATOR: no change");
	is_int(f.finds, 2, "the coordinator is looked up again");
	ok(m.state == MS_STABLE && m.nassigned == 4, "and the member stays in its generation");
	now += 10;
	is_int(member_poll(&m, now), MEMBER_NOCHANGE, "heartbeat ok");

	now += 10;
	int held = m.nassigned;
	is_int(member_poll(&m, now), MEMBER_REVOKED, "heartbeat ILLEGAL_GENERATION: revoked at once");
	is_int(m.nassigned, 0, "the assignment is empty");
	struct member_offset pos[] = { { m.assigned[0].topic, m.assigned[0].partition, 7, NULL } };
	ok(held == 4 && !strcmp(pos[0].topic, "t"), "the revoked partitions' names are still readable");
	is_int(member_commit(&m, pos, 1), 0, "a commit between revoke and rejoin");
	ok(f.commit_generation == 1 && !strcmp(f.commit_member, "m-1") && f.committed[0] == 7,
	   "carries the old generation and the member id");
	is_int(member_poll(&m, now), MEMBER_ASSIGNED, "the next poll joins again");
	ok(f.joins == 3 && m.generation == 2 && m.nassigned == 4,
	   "one JoinGroup with the known id: generation 2");

	f.commit_error = KERR_REBALANCE_IN_PROGRESS;
	struct member_offset two[] = { { "t", 2, 11, "x" }, { "t", 3, 12, NULL } };
	is_int(member_commit(&m, two, 2), KERR_REBALANCE_IN_PROGRESS,
	       "a commit refused by a rebalance returns the Kafka code");
	is_int(member_poll(&m, now), MEMBER_REVOKED, "and the next poll reports the revoke");
	is_int(member_commit(&m, two, 2), 0, "the commit goes through once allowed");
	ok(f.committed[2] == 11 && f.committed[3] == 12, "both offsets stored");
	is_int(member_poll(&m, now), MEMBER_ASSIGNED, "rejoined");
	member_close(&m);
	is_int(f.leaves, 1, "LeaveGroup on close");
	is_int(member_poll(&m, now), CLIENT_EPROTO, "a closed member refuses to poll");

	client_release(&c);
	shutdown(f.lfd, SHUT_RDWR);
	close(f.lfd);
	pthread_join(th, NULL);
	return tap_done();
}
