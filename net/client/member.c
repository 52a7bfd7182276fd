/*
 * A classic consumer-group member on the blocking client (see member.h):
 * the coordinator lookup, the join/sync cycle with leader-side assignment,
 * heartbeats, committed-offset fetch, commits and leaving.
 */
#include "net/client/member.h"

#include "core/base/buf.h"
#include "core/base/clock.h"
#include "core/base/say.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"
#include "net/proto/msg_group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JOIN_ATTEMPTS 20

static const char *const default_assignors[] = { "range", "roundrobin" };

static void set_deadline(struct client *c, int64_t ms)
{
	c->deadline_ns = clock_mono_ns() + ms * 1000000;
}

static struct kstr knull(void)
{
	struct kstr k = { NULL, -1 };
	return k;
}

/* A kstr as a NUL-terminated string from a. */
static char *kdup(struct arena *a, struct kstr s)
{
	size_t n = s.len > 0 ? (size_t)s.len : 0;
	char *p = arena_alloc(a, n + 1);

	if (n)
		memcpy(p, s.p, n);
	p[n] = 0;
	return p;
}

/* The static member's group.instance.id, or null. */
static struct kstr instance(const struct member *m)
{
	return m->cfg.group_instance_id ? kstr_c(m->cfg.group_instance_id) : knull();
}

static int kafka_fail(struct member *m, const char *what, int16_t code)
{
	m->last_error = code;
	snprintf(m->err, sizeof(m->err), "group %s: %s: %s", m->cfg.group, what,
		 kafka_error_name(code));
	return MEMBER_EKAFKA;
}

/* The coordinator moved or is not ready: look it up again. */
static int coordinator_error(int16_t code)
{
	return code == KERR_NOT_COORDINATOR || code == KERR_COORDINATOR_NOT_AVAILABLE ||
	       code == KERR_COORDINATOR_LOAD_IN_PROGRESS;
}

/* ---- coordinator ---- */

int group_coordinator(struct client *c, const char *group, struct client_conn **out,
		      int32_t *node)
{
	struct arena a;
	struct find_coordinator_req req;
	struct find_coordinator_resp resp;
	int rc = 0;

	arena_init(&a, 4096);
	memset(&req, 0, sizeof(req));
	req.key = kstr_c(group);
	req.key_type = 0;
	for (int attempt = 1;; attempt++) {
		rc = client_call(c, &c->boot, API_FIND_COORDINATOR, &req, &resp, &a);
		if (rc)
			break;
		if (resp.error_code) {
			if (kafka_error_retriable(resp.error_code) && !client_backoff(c, attempt))
				continue;
			snprintf(c->err, sizeof(c->err), "group %s: FindCoordinator: %s", group,
				 kafka_error_name(resp.error_code));
			rc = resp.error_code;
			break;
		}
		struct client_conn *k = NULL;
		for (int i = 0; i < c->nbrokers && !k; i++)
			if (c->brokers[i].node_id == resp.node_id)
				k = &c->brokers[i];
		if (!k) {
			/* A broker we have not heard of yet: learn the broker list. */
			struct metadata_resp md;
			if ((rc = client_metadata(c, NULL, 0, &md, &a)))
				break;
		}
		*out = client_broker(c, resp.node_id);
		if (node)
			*node = resp.node_id;
		if (!*out) {
			rc = CLIENT_EUNAVAIL;
			break;
		}
		break;
	}
	arena_release(&a);
	return rc;
}

/* ---- open, close ---- */

int member_open(struct member *m, struct client *c, const struct member_config *cfg)
{
	memset(m, 0, sizeof(*m));
	m->client = c;
	m->cfg = *cfg;
	if (cfg->ntopics < 1 || cfg->ntopics > MEMBER_MAX_TOPICS ||
	    cfg->nassignors > MEMBER_MAX_ASSIGNORS) {
		snprintf(m->err, sizeof(m->err), "a member subscribes to 1 to %d topics, with at most "
			 "%d assignors", MEMBER_MAX_TOPICS, MEMBER_MAX_ASSIGNORS);
		return CLIENT_EPROTO;
	}
	for (int i = 0; i < cfg->ntopics; i++)
		m->topics[i] = cfg->topics[i];
	m->cfg.topics = m->topics;
	const char *const *names = cfg->nassignors ? cfg->assignors : default_assignors;
	m->cfg.nassignors = cfg->nassignors ? cfg->nassignors : 2;
	for (int i = 0; i < m->cfg.nassignors; i++) {
		if (!assignor_find(names[i])) {
			snprintf(m->err, sizeof(m->err), "unknown assignor '%s' (range, roundrobin)",
				 names[i]);
			return CLIENT_EPROTO;
		}
		m->assignors[i] = names[i];
	}
	m->cfg.assignors = m->assignors;
	if (!m->cfg.session_timeout_ms)
		m->cfg.session_timeout_ms = 45000;
	if (!m->cfg.rebalance_timeout_ms)
		m->cfg.rebalance_timeout_ms = 300000;
	if (!m->cfg.heartbeat_interval_ms)
		m->cfg.heartbeat_interval_ms = 3000;
	if (!m->cfg.request_timeout_ms)
		m->cfg.request_timeout_ms = 30000;
	if (!m->cfg.metadata_max_age_ms)
		m->cfg.metadata_max_age_ms = 300000;
	if (m->cfg.subscription_version != 0)
		m->cfg.subscription_version = 1;
	m->generation = -1;
	m->need_join = 1;
	m->state = MS_FIND;
	arena_init(&m->gen_arena, 4096);
	return 0;
}

const char *member_error(const struct member *m)
{
	return m->err[0] ? m->err : client_error(m->client);
}

static void drop_assignment(struct member *m)
{
	arena_release(&m->gen_arena);
	arena_init(&m->gen_arena, 4096);
	m->assigned = NULL;
	m->nassigned = 0;
	m->assigned_topics = NULL;
	m->nassigned_topics = 0;
}

void member_close(struct member *m)
{
	struct arena a;
	struct leave_group_req req;
	struct leave_group_resp resp;

	/* A static member keeps its place for a restart within the session: no LeaveGroup. */
	if (m->state != MS_CLOSED && m->coord && m->member_id[0] && !m->cfg.group_instance_id) {
		struct leave_group_req_members one = { .member_id = kstr_c(m->member_id),
						       .group_instance_id = instance(m) };
		arena_init(&a, 1024);
		memset(&req, 0, sizeof(req));
		req.group_id = kstr_c(m->cfg.group);
		req.member_id = kstr_c(m->member_id);
		req.members.n = 1;
		req.members.v = &one;
		set_deadline(m->client, m->cfg.request_timeout_ms < 5000 ? m->cfg.request_timeout_ms : 5000);
		if (!client_call(m->client, m->coord, API_LEAVE_GROUP, &req, &resp, &a))
			say(SAY_DEBUG, "group %s: left (%s)", m->cfg.group,
			    resp.error_code ? kafka_error_name(resp.error_code) : "ok");
		arena_release(&a);
	}
	m->state = MS_CLOSED;
	arena_release(&m->gen_arena);
	m->assigned = NULL;
	m->nassigned = 0;
}

/* ---- join ---- */

/* The Subscription blob every protocol of our JoinGroup carries. */
static void subscription(const struct member *m, struct buf *b)
{
	struct cp_subscription s = {
		.version = m->cfg.subscription_version,
		.topics = (const char **)m->topics,
		.ntopics = m->cfg.ntopics,
		.user_data = { NULL, -1 },
		.generation = -1,
	};
	cp_subscription_encode(&s, b);
}

static int find_member_topic(const char **names, int n, const char *t)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], t))
			return i;
	return -1;
}

/*
 * The leader's part: decode every member's subscription, learn the topics'
 * partition counts, run the chosen assignor and fill the SyncGroup list.
 */
static int leader_assign(struct member *m, const struct join_group_resp *jr,
			 struct sync_group_req *sr, struct assign_topic **topics, int *ntopics,
			 struct arena *a)
{
	int nm = jr->members.n;
	struct assign_member *am = arena_zalloc(a, sizeof(*am) * (size_t)(nm + 1));
	const char **names = arena_zalloc(a, sizeof(char *) * 1024);
	int nnames = 0;
	int16_t version = 1;

	for (int i = 0; i < nm; i++) {
		const struct join_group_resp_members *jm = &jr->members.v[i];
		struct cp_subscription s;
		am[i].member_id = kdup(a, jm->member_id);
		am[i].instance_id = jm->group_instance_id.len > 0 ? kdup(a, jm->group_instance_id) : NULL;
		if (cp_subscription_decode(jm->metadata.p, jm->metadata.len > 0 ?
					   (size_t)jm->metadata.len : 0, &s, a)) {
			say(SAY_WARN, "group %s: member %s sent a subscription that does not decode",
			    m->cfg.group, am[i].member_id);
			continue;
		}
		if (s.version < version)
			version = s.version;
		am[i].topics = s.topics;
		am[i].ntopics = s.ntopics;
		for (int k = 0; k < s.ntopics; k++)
			if (find_member_topic(names, nnames, s.topics[k]) < 0 && nnames < 1024)
				names[nnames++] = s.topics[k];
	}
	struct assign_topic *at = arena_zalloc(a, sizeof(*at) * (size_t)(nnames + 1));
	struct metadata_resp md;
	int rc = client_metadata(m->client, names, nnames, &md, a);
	if (rc)
		return rc;
	for (int i = 0; i < nnames; i++) {
		at[i].name = names[i];
		for (int k = 0; k < md.topics.n; k++)
			if (kstr_eq(md.topics.v[k].name, names[i]) && !md.topics.v[k].error_code)
				at[i].partitions = md.topics.v[k].partitions.n;
	}
	const struct assignor *as = assignor_find(m->protocol);
	if (!as) {
		snprintf(m->err, sizeof(m->err), "group %s: the group chose assignor '%s', which this "
			 "member does not have", m->cfg.group, m->protocol);
		return MEMBER_EKAFKA;
	}
	as->assign(am, nm, at, nnames, a);
	*topics = at;
	*ntopics = nnames;
	sr->assignments.n = nm;
	sr->assignments.v = arena_zalloc(a, sizeof(*sr->assignments.v) * (size_t)(nm + 1));
	for (int i = 0; i < nm; i++) {
		struct buf b = BUF_INIT;
		am[i].out.version = version;
		cp_assignment_encode(&am[i].out, &b);
		sr->assignments.v[i].member_id = jr->members.v[i].member_id;
		sr->assignments.v[i].assignment.p = arena_memdup(a, b.data, b.len);
		sr->assignments.v[i].assignment.len = (int32_t)b.len;
		buf_release(&b);
		say(SAY_DEBUG, "group %s: %s gets %d partitions", m->cfg.group, am[i].member_id,
		    cp_assignment_count(&am[i].out));
	}
	return 0;
}

/* Committed offsets of the assigned partitions (OffsetFetch). */
static int fetch_committed(struct member *m, struct arena *a)
{
	struct offset_fetch_req req;
	struct offset_fetch_resp resp;

	for (int i = 0; i < m->nassigned; i++)
		m->assigned[i].committed = -1, m->assigned[i].metadata = "";
	if (!m->nassigned)
		return 0;
	memset(&req, 0, sizeof(req));
	req.group_id = kstr_c(m->cfg.group);
	req.topics.v = arena_zalloc(a, sizeof(*req.topics.v) * (size_t)m->nassigned);
	for (int i = 0; i < m->nassigned; i++) {
		struct offset_fetch_req_topics *t = NULL;
		for (int k = 0; k < req.topics.n; k++)
			if (kstr_eq(req.topics.v[k].name, m->assigned[i].topic))
				t = &req.topics.v[k];
		if (!t) {
			t = &req.topics.v[req.topics.n++];
			t->name = kstr_c(m->assigned[i].topic);
			t->partition_indexes.v = arena_alloc(a, sizeof(int32_t) * (size_t)m->nassigned);
		}
		t->partition_indexes.v[t->partition_indexes.n++] = m->assigned[i].partition;
	}
	for (int attempt = 1;; attempt++) {
		set_deadline(m->client, m->cfg.request_timeout_ms);
		int rc = client_call(m->client, m->coord, API_OFFSET_FETCH, &req, &resp, a);
		if (rc)
			return rc;
		if (resp.error_code && kafka_error_retriable(resp.error_code) && attempt < 10 &&
		    !client_backoff(m->client, attempt))
			continue;
		if (resp.error_code)
			return kafka_fail(m, "OffsetFetch", resp.error_code);
		break;
	}
	for (int t = 0; t < resp.topics.n; t++)
		for (int p = 0; p < resp.topics.v[t].partitions.n; p++) {
			const struct offset_fetch_resp_partitions *rp = &resp.topics.v[t].partitions.v[p];
			for (int i = 0; i < m->nassigned; i++)
				if (m->assigned[i].partition == rp->partition_index &&
				    kstr_eq(resp.topics.v[t].name, m->assigned[i].topic) && !rp->error_code) {
					m->assigned[i].committed = rp->committed_offset;
					m->assigned[i].metadata = kdup(&m->gen_arena, rp->metadata);
				}
		}
	return 0;
}

/* Take the assignment bytes of SyncGroup as the member's new assignment. */
static int take_assignment(struct member *m, struct kbytes blob)
{
	struct cp_assignment as;

	drop_assignment(m);
	if (blob.len > 0 && cp_assignment_decode(blob.p, (size_t)blob.len, &as, &m->gen_arena)) {
		snprintf(m->err, sizeof(m->err), "group %s: the leader's assignment does not decode",
			 m->cfg.group);
		return MEMBER_EKAFKA;
	}
	if (blob.len <= 0)
		as.ntopics = 0;
	int n = 0;
	for (int i = 0; i < as.ntopics; i++)
		n += as.topics[i].nparts;
	m->assigned = arena_zalloc(&m->gen_arena, sizeof(*m->assigned) * (size_t)(n + 1));
	for (int i = 0; i < as.ntopics; i++)
		for (int k = 0; k < as.topics[i].nparts; k++) {
			struct member_partition *p = &m->assigned[m->nassigned++];
			p->topic = as.topics[i].topic;
			p->partition = as.topics[i].parts[k];
			p->committed = -1;
			p->metadata = "";
		}
	return 0;
}

enum { STEP_DONE, STEP_AGAIN, STEP_FIND };

/* One JoinGroup; STEP_AGAIN to join again, STEP_FIND for a new coordinator. */
static int join(struct member *m, struct join_group_resp *resp, struct arena *a)
{
	struct join_group_req req;
	struct buf b = BUF_INIT;

	subscription(m, &b);
	memset(&req, 0, sizeof(req));
	req.group_id = kstr_c(m->cfg.group);
	req.session_timeout_ms = m->cfg.session_timeout_ms;
	req.rebalance_timeout_ms = m->cfg.rebalance_timeout_ms;
	req.member_id = kstr_c(m->member_id);
	req.group_instance_id = instance(m);
	req.protocol_type = kstr_c("consumer");
	req.protocols.n = m->cfg.nassignors;
	req.protocols.v = arena_zalloc(a, sizeof(*req.protocols.v) * (size_t)m->cfg.nassignors);
	for (int i = 0; i < m->cfg.nassignors; i++) {
		req.protocols.v[i].name = kstr_c(m->assignors[i]);
		req.protocols.v[i].metadata.p = arena_memdup(a, b.data, b.len);
		req.protocols.v[i].metadata.len = (int32_t)b.len;
	}
	buf_release(&b);
	set_deadline(m->client, (int64_t)m->cfg.rebalance_timeout_ms + m->cfg.request_timeout_ms);
	m->joins++;
	int rc = client_call(m->client, m->coord, API_JOIN_GROUP, &req, resp, a);
	if (rc)
		return rc;
	int16_t e = resp->error_code;
	m->last_error = e;
	if (e == KERR_MEMBER_ID_REQUIRED) {
		snprintf(m->member_id, sizeof(m->member_id), "%.*s", (int)resp->member_id.len,
			 resp->member_id.p);
		return STEP_AGAIN;
	}
	if (e == KERR_UNKNOWN_MEMBER_ID) {
		m->member_id[0] = 0;
		return STEP_AGAIN;
	}
	if (e == KERR_REBALANCE_IN_PROGRESS || e == KERR_ILLEGAL_GENERATION)
		return STEP_AGAIN;
	if (coordinator_error(e))
		return STEP_FIND;
	if (e)
		return kafka_fail(m, "JoinGroup", e);
	snprintf(m->member_id, sizeof(m->member_id), "%.*s", (int)resp->member_id.len,
		 resp->member_id.p);
	snprintf(m->leader_id, sizeof(m->leader_id), "%.*s", (int)resp->leader.len, resp->leader.p);
	snprintf(m->protocol, sizeof(m->protocol), "%.*s", (int)resp->protocol_name.len,
		 resp->protocol_name.p);
	m->generation = resp->generation_id;
	m->is_leader = !strcmp(m->leader_id, m->member_id);
	return STEP_DONE;
}

/* Join, assign when leading, sync, fetch committed offsets. */
static int join_and_sync(struct member *m, struct arena *a)
{
	struct join_group_resp jr;
	struct sync_group_req sr;
	struct sync_group_resp sresp;

	int rc = join(m, &jr, a);
	if (rc != STEP_DONE)
		return rc;
	memset(&sr, 0, sizeof(sr));
	sr.group_id = kstr_c(m->cfg.group);
	sr.generation_id = m->generation;
	sr.member_id = kstr_c(m->member_id);
	sr.group_instance_id = instance(m);
	struct assign_topic *topics = NULL;
	int ntopics = 0;
	if (m->is_leader && (rc = leader_assign(m, &jr, &sr, &topics, &ntopics, a)))
		return rc;
	set_deadline(m->client, (int64_t)m->cfg.rebalance_timeout_ms + m->cfg.request_timeout_ms);
	rc = client_call(m->client, m->coord, API_SYNC_GROUP, &sr, &sresp, a);
	if (rc)
		return rc;
	int16_t e = sresp.error_code;
	if (e == KERR_UNKNOWN_MEMBER_ID)
		m->member_id[0] = 0;
	if (e == KERR_UNKNOWN_MEMBER_ID || e == KERR_REBALANCE_IN_PROGRESS ||
	    e == KERR_ILLEGAL_GENERATION)
		return STEP_AGAIN;
	if (coordinator_error(e))
		return STEP_FIND;
	if (e)
		return kafka_fail(m, "SyncGroup", e);
	if ((rc = take_assignment(m, sresp.assignment)))
		return rc;
	/* What the leader assigned from, kept to notice partitions being added. */
	m->assigned_topics = arena_zalloc(&m->gen_arena, sizeof(*topics) * (size_t)(ntopics + 1));
	m->nassigned_topics = ntopics;
	for (int i = 0; i < ntopics; i++) {
		m->assigned_topics[i].name = arena_memdup(&m->gen_arena, topics[i].name,
							  strlen(topics[i].name) + 1);
		m->assigned_topics[i].partitions = topics[i].partitions;
	}
	if ((rc = fetch_committed(m, a)))
		return rc;
	say(SAY_INFO, "group %s: generation %d, %s, %d partitions (%s)", m->cfg.group, m->generation,
	    m->is_leader ? "leader" : "follower", m->nassigned, m->protocol);
	return STEP_DONE;
}

/* ---- poll ---- */

static int heartbeat(struct member *m, int64_t now_ms)
{
	struct arena a;
	struct heartbeat_req req;
	struct heartbeat_resp resp;

	arena_init(&a, 1024);
	memset(&req, 0, sizeof(req));
	req.group_id = kstr_c(m->cfg.group);
	req.generation_id = m->generation;
	req.member_id = kstr_c(m->member_id);
	req.group_instance_id = instance(m);
	set_deadline(m->client, m->cfg.request_timeout_ms);
	int rc = client_call(m->client, m->coord, API_HEARTBEAT, &req, &resp, &a);
	arena_release(&a);
	if (rc) {
		m->state = MS_FIND;
		return rc;
	}
	int16_t e = resp.error_code;
	m->next_heartbeat_ms = now_ms + m->cfg.heartbeat_interval_ms;
	if (!e)
		return MEMBER_NOCHANGE;
	m->last_error = e;
	if (e == KERR_UNKNOWN_MEMBER_ID)
		m->member_id[0] = 0;
	if (e == KERR_UNKNOWN_MEMBER_ID || e == KERR_REBALANCE_IN_PROGRESS ||
	    e == KERR_ILLEGAL_GENERATION) {
		say(SAY_DEBUG, "group %s: heartbeat: %s, rejoining", m->cfg.group, kafka_error_name(e));
		m->revoked_pending = 1;
		return MEMBER_NOCHANGE;
	}
	if (coordinator_error(e)) {
		m->state = MS_FIND;
		return MEMBER_NOCHANGE;
	}
	return kafka_fail(m, "Heartbeat", e);
}

static int find(struct member *m)
{
	set_deadline(m->client, m->cfg.request_timeout_ms);
	int rc = group_coordinator(m->client, m->cfg.group, &m->coord, NULL);
	if (rc > 0)
		return kafka_fail(m, "FindCoordinator", (int16_t)rc);
	if (rc)
		return rc;
	m->state = m->need_join || m->revoked_pending ? MS_JOIN : MS_STABLE;
	return 0;
}

/* Whether a topic the leader assigned has another partition count now. */
static int topics_changed(struct member *m)
{
	struct arena a;
	struct metadata_resp md;
	const char **names;
	int changed = 0;

	arena_init(&a, 4096);
	names = arena_zalloc(&a, sizeof(char *) * (size_t)(m->nassigned_topics + 1));
	for (int i = 0; i < m->nassigned_topics; i++)
		names[i] = m->assigned_topics[i].name;
	set_deadline(m->client, m->cfg.request_timeout_ms);
	if (!client_metadata(m->client, names, m->nassigned_topics, &md, &a)) {
		for (int i = 0; i < m->nassigned_topics; i++) {
			int32_t n = 0;
			for (int k = 0; k < md.topics.n; k++)
				if (kstr_eq(md.topics.v[k].name, names[i]) && !md.topics.v[k].error_code)
					n = md.topics.v[k].partitions.n;
			if (n != (m->assigned_topics[i].partitions > 0 ? m->assigned_topics[i].partitions : 0)) {
				say(SAY_INFO, "group %s: %s has %d partitions now, not %d: rejoining",
				    m->cfg.group, names[i], n, m->assigned_topics[i].partitions);
				changed = 1;
			}
		}
	}
	arena_release(&a);
	return changed;
}

int member_poll(struct member *m, int64_t now_ms)
{
	if (m->state == MS_CLOSED)
		return CLIENT_EPROTO;
	m->err[0] = 0;
	if (m->revoked_pending) {
		/*
		 * The generation stays until the next join, so the caller may
		 * still commit what it read (accepted while the group prepares
		 * the rebalance).
		 */
		m->revoked_pending = 0;
		m->need_join = 1;
		/* The memory stays until the next assignment: the caller may name these partitions. */
		m->nassigned = 0;
		if (m->state == MS_STABLE)
			m->state = MS_JOIN;
		return MEMBER_REVOKED;
	}
	for (int attempt = 1; attempt <= JOIN_ATTEMPTS; attempt++) {
		int rc;
		if (m->state == MS_FIND && (rc = find(m)))
			return rc;
		if (m->state == MS_STABLE && m->is_leader && m->nassigned_topics &&
		    now_ms >= m->next_metadata_ms) {
			m->next_metadata_ms = now_ms + m->cfg.metadata_max_age_ms;
			if (topics_changed(m)) {
				m->revoked_pending = 1;
				return member_poll(m, now_ms);
			}
		}
		if (m->state == MS_STABLE) {
			if (now_ms < m->next_heartbeat_ms)
				return MEMBER_NOCHANGE;
			rc = heartbeat(m, now_ms);
			if (!rc && m->revoked_pending)
				return member_poll(m, now_ms);
			if (rc || m->state == MS_STABLE)
				return rc;
			continue;
		}
		struct arena a;
		arena_init(&a, 16384);
		rc = join_and_sync(m, &a);
		arena_release(&a);
		if (rc == STEP_DONE) {
			m->state = MS_STABLE;
			m->need_join = 0;
			m->next_metadata_ms = now_ms + m->cfg.metadata_max_age_ms;
			m->next_heartbeat_ms = now_ms + m->cfg.heartbeat_interval_ms;
			return MEMBER_ASSIGNED;
		}
		if (rc < 0) {
			if (rc == CLIENT_EUNAVAIL)
				m->state = MS_FIND;
			return rc;
		}
		if (rc == STEP_FIND)
			m->state = MS_FIND;
		/* A rejoin right after MEMBER_ID_REQUIRED needs no pause. */
		if (rc == STEP_AGAIN && m->last_error != KERR_MEMBER_ID_REQUIRED && attempt > 1) {
			set_deadline(m->client, 2000);
			client_backoff(m->client, attempt > 4 ? 4 : attempt);
		}
	}
	snprintf(m->err, sizeof(m->err), "group %s: no stable generation after %d attempts",
		 m->cfg.group, JOIN_ATTEMPTS);
	return MEMBER_EKAFKA;
}

/* ---- commit ---- */

int member_commit(struct member *m, const struct member_offset *pos, int n)
{
	struct arena a;
	struct offset_commit_req req;
	struct offset_commit_resp resp;
	int rc = 0;

	if (m->state == MS_CLOSED || !m->coord)
		return CLIENT_EPROTO;
	if (n <= 0)
		return 0;
	arena_init(&a, 4096);
	memset(&req, 0, sizeof(req));
	proto_set_defaults(&offset_commit_req_desc, &req);
	req.group_id = kstr_c(m->cfg.group);
	req.generation_id = m->generation;
	req.member_id = kstr_c(m->member_id);
	req.group_instance_id = instance(m);
	req.retention_time_ms = -1;
	req.topics.v = arena_zalloc(&a, sizeof(*req.topics.v) * (size_t)n);
	for (int i = 0; i < n; i++) {
		struct offset_commit_req_topics *t = NULL;
		for (int k = 0; k < req.topics.n; k++)
			if (kstr_eq(req.topics.v[k].name, pos[i].topic))
				t = &req.topics.v[k];
		if (!t) {
			t = &req.topics.v[req.topics.n++];
			t->name = kstr_c(pos[i].topic);
			t->partitions.v = arena_zalloc(&a, sizeof(*t->partitions.v) * (size_t)n);
		}
		struct offset_commit_req_partitions *p = &t->partitions.v[t->partitions.n++];
		p->partition_index = pos[i].partition;
		p->committed_offset = pos[i].offset;
		p->committed_leader_epoch = -1;
		p->committed_metadata = pos[i].metadata ? kstr_c(pos[i].metadata) : kstr_c("");
	}
	for (int attempt = 1; attempt <= 2; attempt++) {
		set_deadline(m->client, m->cfg.request_timeout_ms);
		rc = client_call(m->client, m->coord, API_OFFSET_COMMIT, &req, &resp, &a);
		if (rc)
			break;
		int16_t e = 0;
		for (int t = 0; t < resp.topics.n && !e; t++)
			for (int p = 0; p < resp.topics.v[t].partitions.n && !e; p++)
				e = resp.topics.v[t].partitions.v[p].error_code;
		rc = e;
		if (!e)
			break;
		m->last_error = e;
		if (e == KERR_UNKNOWN_MEMBER_ID)
			m->member_id[0] = 0;
		if (e == KERR_UNKNOWN_MEMBER_ID || e == KERR_REBALANCE_IN_PROGRESS ||
		    e == KERR_ILLEGAL_GENERATION) {
			m->revoked_pending = 1;
			break;
		}
		if (!coordinator_error(e) || find(m))
			break;
	}
	if (rc > 0)
		snprintf(m->err, sizeof(m->err), "group %s: OffsetCommit: %s", m->cfg.group,
			 kafka_error_name((int16_t)rc));
	arena_release(&a);
	return rc;
}
