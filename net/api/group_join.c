/*
 * JoinGroup v0-5, SyncGroup v0-3, Heartbeat v0-3 and LeaveGroup v0-3: the
 * requests go to the state machine of core/group; a JoinGroup or SyncGroup
 * it cannot answer yet parks (REQ_PARKED) until the state machine answers
 * it through the callbacks below, and a closed connection takes its waiter
 * back (req->on_abandon).
 */
#include "net/api/api.h"
#include "net/api/group_coord.h"
#include "net/broker.h"
#include "net/conn.h"
#include "net/proto/errors.h"
#include "net/proto/msg_group.h"
#include "core/base/clock.h"
#include "core/config/config.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

static char *cstr(struct req *r, struct kstr s)
{
	size_t n = s.len > 0 ? (size_t)s.len : 0;
	char *p = arena_alloc(&r->arena, n + 1);
	if (n)
		memcpy(p, s.p, n);
	p[n] = 0;
	return p;
}

static void finish(struct group_wait *w)
{
	w->done = 1;
	if (w->parked)
		group_wait_ready(w->r->b, w);
}

static void on_join_done(void *arg, void *waiter, const struct group *g, const struct group_member *m,
			 int16_t err)
{
	(void)arg;
	struct group_wait *w = waiter;
	struct req *r = w->r;
	struct join_group_resp *resp = r->resp;
	resp->error_code = err;
	if (!err && g && m) {
		resp->generation_id = g->generation;
		resp->protocol_name = req_kstr(r, g->protocol ? g->protocol : "");
		resp->leader = req_kstr(r, g->leader ? g->leader : "");
		resp->member_id = req_kstr(r, m->id);
		int is_leader = g->leader && !strcmp(g->leader, m->id);
		resp->members.n = 0;
		resp->members.v = arena_zalloc(&r->arena, (size_t)(g->nmembers + 1) * sizeof(*resp->members.v));
		for (int i = 0; is_leader && i < g->nmembers; i++) {
			const struct group_member *o = &g->members[i];
			if (o->pending)
				continue;
			struct join_group_resp_members *out = &resp->members.v[resp->members.n++];
			out->member_id = req_kstr(r, o->id);
			out->group_instance_id = req_kstr(r, o->instance_id);
			out->metadata = (struct kbytes){ NULL, 0 };
			for (int j = 0; j < o->nprotocols; j++) {
				if (g->protocol && !strcmp(o->protocols[j].name, g->protocol)) {
					out->metadata.p = arena_memdup(&r->arena, o->protocols[j].metadata,
								       (size_t)o->protocols[j].metadata_len + 1);
					out->metadata.len = o->protocols[j].metadata_len;
				}
			}
		}
	}
	finish(w);
}

static void on_sync_done(void *arg, void *waiter, const struct group *g, const struct group_member *m,
			 int16_t err)
{
	(void)arg;
	(void)g;
	struct group_wait *w = waiter;
	struct req *r = w->r;
	struct sync_group_resp *resp = r->resp;
	resp->error_code = err;
	resp->assignment = (struct kbytes){ arena_zalloc(&r->arena, 1), 0 };
	if (!err && m && m->assignment) {
		resp->assignment.p = arena_memdup(&r->arena, m->assignment, (size_t)m->assignment_len + 1);
		resp->assignment.len = m->assignment_len;
	}
	finish(w);
}

/* The connection closed: the state machine forgets the waiter, or the ready list drops it. */
static void on_abandon(struct req *r, void *arg)
{
	struct group_wait *w = arg;
	if (w->done)
		group_wait_unlink(r->b, w);
	else if (r->b->groups)
		group_forget_waiter(&r->b->groups->groups, w);
	req_free(r);
}

void group_join_ops(struct group_ops *ops)
{
	ops->join_done = on_join_done;
	ops->sync_done = on_sync_done;
}

static enum req_status park(struct req *r, struct group_wait *w)
{
	if (w->done)
		return REQ_DONE;
	w->parked = 1;
	r->on_abandon = on_abandon;
	r->abandon_arg = w;
	return REQ_PARKED;
}

/* "<client.id>-<uuid>", as Kafka names members. */
static const char *new_member_id(struct req *r)
{
	uint8_t u[16];
	if (getrandom(u, sizeof(u), 0) != (ssize_t)sizeof(u))
		memset(u, 0x5a, sizeof(u));
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
	const char *cid = r->h.client_id.len > 0 ? cstr(r, r->h.client_id) : "";
	size_t n = strlen(cid) + 40;
	char *s = arena_alloc(&r->arena, n);
	snprintf(s, n, "%s-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", cid,
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		 u[14], u[15]);
	return s;
}

/* Kafka reports the peer address as "/1.2.3.4". */
static const char *client_host(struct req *r)
{
	const char *peer = r->conn ? r->conn->peer : "";
	size_t n = strlen(peer) + 2;
	char *s = arena_alloc(&r->arena, n);
	snprintf(s, n, "/%s", peer);
	char *colon = strrchr(s, ':');
	if (colon && colon != s + 1)
		*colon = 0;
	return s;
}

static struct group *find_group(struct req *r, struct kstr id, int create, int16_t *err)
{
	struct group_coord *gc = r->b->groups;
	*err = KERR_NONE;
	if (!gc || !group_coord_ready(r->b, clock_wall_ms())) {
		*err = KERR_COORDINATOR_NOT_AVAILABLE;
		return NULL;
	}
	if (id.len <= 0) {
		*err = KERR_INVALID_GROUP_ID;
		return NULL;
	}
	struct group *g = create ? groups_get(&gc->groups, id.p, (size_t)id.len, clock_wall_ms())
				 : groups_find(&gc->groups, id.p, (size_t)id.len);
	if (!g)
		*err = create ? KERR_COORDINATOR_NOT_AVAILABLE : KERR_UNKNOWN_MEMBER_ID;
	return g;
}

static int16_t check_session_timeout(struct req *r, int32_t ms)
{
	const struct config *cfg = r->b->cfg;
	int64_t lo = cfg ? config_get_num(cfg, CFG_GROUP_MIN_SESSION_TIMEOUT_MS) : 6000;
	int64_t hi = cfg ? config_get_num(cfg, CFG_GROUP_MAX_SESSION_TIMEOUT_MS) : 1800000;
	return ms < lo || ms > hi ? KERR_INVALID_SESSION_TIMEOUT : KERR_NONE;
}

/* A refused first join leaves no trace: the group was made for it alone. */
static void drop_if_unused(struct req *r, struct group *g)
{
	if (g && !g->nmembers && !g->noffsets && !g->generation && g->state == GROUP_EMPTY)
		groups_remove(&r->b->groups->groups, g);
}

enum req_status api_join_group(struct req *r)
{
	const struct join_group_req *q = r->body;
	struct join_group_resp *resp = r->resp;
	resp->generation_id = -1;
	resp->protocol_name = kstr_c("");
	resp->leader = kstr_c("");
	resp->member_id = q->member_id.len > 0 ? q->member_id : kstr_c("");
	resp->members.v = arena_zalloc(&r->arena, sizeof(*resp->members.v));

	int16_t err;
	struct group *g = find_group(r, q->group_id, 1, &err);
	if (!err)
		err = check_session_timeout(r, q->session_timeout_ms);
	if (!err && (q->protocol_type.len <= 0 || q->protocols.n <= 0))
		err = KERR_INCONSISTENT_GROUP_PROTOCOL;
	if (err) {
		resp->error_code = err;
		drop_if_unused(r, g);
		return REQ_DONE;
	}
	struct group_protocol *ps = arena_zalloc(&r->arena, (size_t)q->protocols.n * sizeof(*ps));
	for (int32_t i = 0; i < q->protocols.n; i++) {
		ps[i].name = cstr(r, q->protocols.v[i].name);
		ps[i].metadata = (uint8_t *)q->protocols.v[i].metadata.p;
		ps[i].metadata_len = q->protocols.v[i].metadata.len;
	}
	struct group_wait *w = arena_zalloc(&r->arena, sizeof(*w));
	w->r = r;
	struct group_join_args a = {
		.member_id = q->member_id.p, .member_len = q->member_id.len > 0 ? (size_t)q->member_id.len : 0,
		.instance_id = q->group_instance_id.len >= 0 ? q->group_instance_id.p : NULL,
		.instance_len = q->group_instance_id.len > 0 ? (size_t)q->group_instance_id.len : 0,
		.client_id = r->h.client_id.len > 0 ? cstr(r, r->h.client_id) : "",
		.client_host = client_host(r),
		.new_member_id = new_member_id(r),
		.session_timeout_ms = q->session_timeout_ms,
		/* v0 has no rebalance timeout: the session timeout stands in (KAFKA-8653). */
		.rebalance_timeout_ms = r->version >= 1 && q->rebalance_timeout_ms > 0
						? q->rebalance_timeout_ms : q->session_timeout_ms,
		.protocol_type = cstr(r, q->protocol_type),
		.protocols = ps, .nprotocols = q->protocols.n,
		.require_known_member = r->version >= 4,
		.waiter = w,
	};
	const char *assigned;
	err = (int16_t)group_join(&r->b->groups->groups, g, &a, clock_wall_ms(), &assigned);
	if (err) {
		resp->error_code = err;
		if (assigned)
			resp->member_id = req_kstr(r, assigned);
		else
			drop_if_unused(r, g);
		return REQ_DONE;
	}
	return park(r, w);
}

enum req_status api_sync_group(struct req *r)
{
	const struct sync_group_req *q = r->body;
	struct sync_group_resp *resp = r->resp;
	resp->assignment = (struct kbytes){ arena_zalloc(&r->arena, 1), 0 };
	int16_t err;
	struct group *g = find_group(r, q->group_id, 0, &err);
	if (err) {
		resp->error_code = err;
		return REQ_DONE;
	}
	struct group_assignment *as = arena_zalloc(&r->arena, (size_t)(q->assignments.n + 1) * sizeof(*as));
	for (int32_t i = 0; i < q->assignments.n; i++) {
		as[i].member_id = q->assignments.v[i].member_id.p;
		as[i].member_len = q->assignments.v[i].member_id.len > 0 ? (size_t)q->assignments.v[i].member_id.len : 0;
		as[i].data = q->assignments.v[i].assignment.p;
		as[i].len = q->assignments.v[i].assignment.len;
	}
	struct group_wait *w = arena_zalloc(&r->arena, sizeof(*w));
	w->r = r;
	err = group_coord_fenced(g, q->member_id, q->group_instance_id);
	if (!err)
		err = (int16_t)group_sync(&r->b->groups->groups, g, q->member_id.p,
				  q->member_id.len > 0 ? (size_t)q->member_id.len : 0, q->generation_id, as,
				  q->assignments.n, w, clock_wall_ms());
	if (err) {
		resp->error_code = err;
		return REQ_DONE;
	}
	return park(r, w);
}

enum req_status api_heartbeat(struct req *r)
{
	const struct heartbeat_req *q = r->body;
	struct heartbeat_resp *resp = r->resp;
	int16_t err;
	struct group *g = find_group(r, q->group_id, 0, &err);
	if (!err)
		err = group_coord_fenced(g, q->member_id, q->group_instance_id);
	if (!err)
		err = (int16_t)group_heartbeat(&r->b->groups->groups, g, q->member_id.p,
					       q->member_id.len > 0 ? (size_t)q->member_id.len : 0,
					       q->generation_id, clock_wall_ms());
	resp->error_code = err;
	return REQ_DONE;
}

enum req_status api_leave_group(struct req *r)
{
	const struct leave_group_req *q = r->body;
	struct leave_group_resp *resp = r->resp;
	int16_t err;
	struct group *g = find_group(r, q->group_id, 0, &err);
	if (r->version < 3) {
		if (!err)
			err = (int16_t)group_leave(&r->b->groups->groups, g, q->member_id.p,
						   q->member_id.len > 0 ? (size_t)q->member_id.len : 0,
						   NULL, 0, clock_wall_ms());
		resp->error_code = err;
		return REQ_DONE;
	}
	resp->error_code = err;
	resp->members.n = err ? 0 : q->members.n;
	resp->members.v = arena_zalloc(&r->arena, (size_t)(q->members.n + 1) * sizeof(*resp->members.v));
	for (int32_t i = 0; i < resp->members.n; i++) {
		const struct leave_group_req_members *in = &q->members.v[i];
		struct leave_group_resp_members *out = &resp->members.v[i];
		out->member_id = in->member_id;
		out->group_instance_id = in->group_instance_id;
		/* The group may have gone (Empty groups stay; only DeleteGroups removes). */
		out->error_code = (int16_t)group_leave(
			&r->b->groups->groups, g, in->member_id.p,
			in->member_id.len > 0 ? (size_t)in->member_id.len : 0,
			in->group_instance_id.len >= 0 ? in->group_instance_id.p : NULL,
			in->group_instance_id.len > 0 ? (size_t)in->group_instance_id.len : 0, clock_wall_ms());
	}
	return REQ_DONE;
}
