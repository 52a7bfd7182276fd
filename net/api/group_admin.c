/*
 * ListGroups v0-4, DescribeGroups v0-4, DeleteGroups v0-1 and OffsetDelete
 * v0. Deleting writes tombstones to __consumer_offsets (each deleted
 * offset's key, then the group's key), so a restart does not bring back
 * what was deleted.
 */
#include "net/api/api.h"
#include "net/api/datapath.h"
#include "net/api/group_coord.h"
#include "net/broker.h"
#include "net/flush.h"
#include "net/proto/errors.h"
#include "net/proto/msg_group.h"
#include "core/base/buf.h"
#include "core/base/clock.h"
#include "core/group/records.h"

#include <strings.h>
#include <string.h>

/* A string for a response: never null (these fields are not nullable). */
static struct kstr dup_str(struct req *r, const char *s)
{
	return req_kstr(r, s ? s : "");
}

static struct kbytes dup_bytes(struct req *r, const uint8_t *p, int32_t n)
{
	if (!p || n < 0)
		n = 0;
	uint8_t *d = arena_zalloc(&r->arena, (size_t)n + 1);
	if (n)
		memcpy(d, p, (size_t)n);
	return (struct kbytes){ d, n };
}

static int state_wanted(const struct list_groups_req *q, const char *state)
{
	if (q->states_filter.n <= 0)
		return 1;
	for (int32_t i = 0; i < q->states_filter.n; i++) {
		struct kstr f = q->states_filter.v[i];
		if (f.len > 0 && (size_t)f.len == strlen(state) && !strncasecmp(f.p, state, (size_t)f.len))
			return 1;
	}
	return 0;
}

enum req_status api_list_groups(struct req *r)
{
	const struct list_groups_req *q = r->body;
	struct list_groups_resp *resp = r->resp;
	struct group_coord *gc = r->b->groups;
	resp->groups.v = arena_zalloc(&r->arena, sizeof(*resp->groups.v) * (gc ? gc->groups.n + 1 : 1));
	if (!gc) {
		resp->error_code = KERR_COORDINATOR_NOT_AVAILABLE;
		return REQ_DONE;
	}
	for (size_t i = 0; i < gc->groups.n; i++) {
		const struct group *g = gc->groups.v[i];
		const char *state = group_state_name(g->state);
		if (g->state == GROUP_DEAD || (r->version >= 4 && !state_wanted(q, state)))
			continue;
		struct list_groups_resp_groups *out = &resp->groups.v[resp->groups.n++];
		out->group_id = dup_str(r, g->id);
		out->protocol_type = dup_str(r, g->protocol_type);
		out->group_state = kstr_c(state);
	}
	return REQ_DONE;
}

static void describe_one(struct req *r, const struct group *g, struct describe_groups_resp_groups *out)
{
	int stable = g->state == GROUP_STABLE;
	out->group_state = kstr_c(group_state_name(g->state));
	out->protocol_type = dup_str(r, g->protocol_type);
	/* As Kafka: the protocol and the members' bytes only once the group is Stable. */
	out->protocol_data = dup_str(r, stable ? g->protocol : "");
	out->members.v = arena_zalloc(&r->arena, (size_t)(g->nmembers + 1) * sizeof(*out->members.v));
	for (int i = 0; i < g->nmembers; i++) {
		const struct group_member *m = &g->members[i];
		if (m->pending)
			continue;
		struct describe_groups_resp_members *o = &out->members.v[out->members.n++];
		o->member_id = dup_str(r, m->id);
		o->group_instance_id = m->instance_id ? dup_str(r, m->instance_id) : (struct kstr){ NULL, -1 };
		o->client_id = dup_str(r, m->client_id);
		o->client_host = dup_str(r, m->client_host);
		o->member_metadata = dup_bytes(r, NULL, 0);
		o->member_assignment = dup_bytes(r, NULL, 0);
		if (!stable)
			continue;
		for (int j = 0; j < m->nprotocols; j++)
			if (g->protocol && !strcmp(m->protocols[j].name, g->protocol))
				o->member_metadata = dup_bytes(r, m->protocols[j].metadata,
							       m->protocols[j].metadata_len);
		o->member_assignment = dup_bytes(r, m->assignment, m->assignment_len);
	}
}

enum req_status api_describe_groups(struct req *r)
{
	const struct describe_groups_req *q = r->body;
	struct describe_groups_resp *resp = r->resp;
	struct group_coord *gc = r->b->groups;
	resp->groups.n = q->groups.n;
	resp->groups.v = arena_zalloc(&r->arena, (size_t)(q->groups.n + 1) * sizeof(*resp->groups.v));
	for (int32_t i = 0; i < q->groups.n; i++) {
		struct describe_groups_resp_groups *out = &resp->groups.v[i];
		struct kstr id = q->groups.v[i];
		out->group_id = id;
		out->group_state = kstr_c("Dead");
		out->protocol_type = kstr_c("");
		out->protocol_data = kstr_c("");
		out->authorized_operations = INT32_MIN;
		out->members.v = arena_zalloc(&r->arena, sizeof(*out->members.v));
		if (!gc) {
			out->error_code = KERR_COORDINATOR_NOT_AVAILABLE;
			continue;
		}
		if (id.len <= 0) {
			out->error_code = KERR_INVALID_GROUP_ID;
			continue;
		}
		const struct group *g = groups_find(&gc->groups, id.p, (size_t)id.len);
		if (g)	/* an unknown group is Dead with no error, as Kafka answers */
			describe_one(r, g, out);
	}
	return REQ_DONE;
}

/* Add the key of a tombstone to recs[*n]. */
static void tombstone(struct req *r, struct buf *k, struct group_rec *recs, int *n)
{
	recs[*n].key = arena_memdup(&r->arena, k->data, k->len);
	recs[*n].key_len = (int32_t)k->len;
	recs[*n].value = NULL;
	recs[*n].value_len = -1;
	(*n)++;
	buf_release(k);
}

static int16_t delete_group(struct req *r, struct kstr id)
{
	struct group_coord *gc = r->b->groups;
	if (!gc)
		return KERR_COORDINATOR_NOT_AVAILABLE;
	if (id.len <= 0)
		return KERR_INVALID_GROUP_ID;
	struct group *g = groups_find(&gc->groups, id.p, (size_t)id.len);
	if (!g)
		return KERR_GROUP_ID_NOT_FOUND;
	if (g->state != GROUP_EMPTY || g->nmembers)
		return KERR_NON_EMPTY_GROUP;
	struct log *l = group_coord_log(r->b, g->id, strlen(g->id));
	if (!l)
		return KERR_COORDINATOR_NOT_AVAILABLE;
	struct group_rec *recs = arena_zalloc(&r->arena, (g->noffsets + 1) * sizeof(*recs));
	int n = 0;
	for (size_t i = 0; i < g->noffsets; i++) {
		struct buf k = BUF_INIT;
		const struct group_offset *o = &g->offsets[i];
		group_offset_key_only(g->id, o->topic, strlen(o->topic), o->partition, &k, &r->arena);
		tombstone(r, &k, recs, &n);
	}
	struct buf k = BUF_INIT;
	group_meta_key_only(g->id, strlen(g->id), &k, &r->arena);
	tombstone(r, &k, recs, &n);
	int64_t last;
	int16_t err = group_coord_append(r->b, l, recs, n, clock_wall_ms(), &last);
	if (err)
		return err;
	flush_appended(r->b, l);
	groups_remove(&gc->groups, g);
	return KERR_NONE;
}

enum req_status api_delete_groups(struct req *r)
{
	const struct delete_groups_req *q = r->body;
	struct delete_groups_resp *resp = r->resp;
	resp->results.n = q->groups_names.n;
	resp->results.v = arena_zalloc(&r->arena, (size_t)(q->groups_names.n + 1) * sizeof(*resp->results.v));
	for (int32_t i = 0; i < q->groups_names.n; i++) {
		resp->results.v[i].group_id = q->groups_names.v[i];
		resp->results.v[i].error_code = delete_group(r, q->groups_names.v[i]);
	}
	return REQ_DONE;
}

/* OffsetDelete's per-partition pass: errors, and tombstones for what may go. */
static int offset_delete_plan(struct req *r, const struct offset_delete_req *q, struct group *g,
			      struct offset_delete_resp *resp, struct group_rec *recs)
{
	int n = 0;
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct offset_delete_req_topics *t = &q->topics.v[i];
		struct offset_delete_resp_topics *rt = &resp->topics.v[i];
		int subscribed = group_subscribed(g, t->name.p, t->name.len > 0 ? (size_t)t->name.len : 0);
		rt->name = t->name;
		rt->partitions.n = t->partitions.n;
		rt->partitions.v = arena_zalloc(&r->arena, (size_t)(t->partitions.n + 1) * sizeof(*rt->partitions.v));
		for (int32_t j = 0; j < t->partitions.n; j++) {
			int32_t p = t->partitions.v[j].partition_index;
			struct offset_delete_resp_partitions *out = &rt->partitions.v[j];
			out->partition_index = p;
			if (subscribed) {
				out->error_code = KERR_GROUP_SUBSCRIBED_TO_TOPIC;
			} else if (!datapath_log(r, t->name, p)) {
				out->error_code = KERR_UNKNOWN_TOPIC_OR_PARTITION;
			} else if (group_offset_find(g, t->name.p, (size_t)t->name.len, p)) {
				struct buf k = BUF_INIT;
				group_offset_key_only(g->id, t->name.p, (size_t)t->name.len, p, &k, &r->arena);
				tombstone(r, &k, recs, &n);
			}
		}
	}
	return n;
}

enum req_status api_offset_delete(struct req *r)
{
	const struct offset_delete_req *q = r->body;
	struct offset_delete_resp *resp = r->resp;
	struct group_coord *gc = r->b->groups;
	resp->topics.v = arena_zalloc(&r->arena, (size_t)(q->topics.n + 1) * sizeof(*resp->topics.v));
	struct group *g = NULL;
	if (!gc)
		resp->error_code = KERR_COORDINATOR_NOT_AVAILABLE;
	else if (q->group_id.len <= 0)
		resp->error_code = KERR_INVALID_GROUP_ID;
	else if (!(g = groups_find(&gc->groups, q->group_id.p, (size_t)q->group_id.len)))
		resp->error_code = KERR_GROUP_ID_NOT_FOUND;
	else if (g->nmembers && (!g->protocol_type || strcmp(g->protocol_type, "consumer")))
		resp->error_code = KERR_NON_EMPTY_GROUP;	/* cannot tell what it uses */
	if (resp->error_code)
		return REQ_DONE;
	resp->topics.n = q->topics.n;
	int cap = 1;
	for (int32_t i = 0; i < q->topics.n; i++)
		cap += q->topics.v[i].partitions.n;
	struct group_rec *recs = arena_zalloc(&r->arena, (size_t)cap * sizeof(*recs));
	int n = offset_delete_plan(r, q, g, resp, recs);
	if (!n)
		return REQ_DONE;
	struct log *l = group_coord_log(r->b, g->id, strlen(g->id));
	int64_t last;
	int16_t err = l ? group_coord_append(r->b, l, recs, n, clock_wall_ms(), &last)
			: KERR_COORDINATOR_NOT_AVAILABLE;
	if (err) {
		resp->error_code = err;
		return REQ_DONE;
	}
	flush_appended(r->b, l);
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct offset_delete_req_topics *t = &q->topics.v[i];
		for (int32_t j = 0; j < t->partitions.n; j++)
			if (resp->topics.v[i].partitions.v[j].error_code == KERR_NONE)
				group_offset_delete(g, t->name.p, (size_t)t->name.len,
						    t->partitions.v[j].partition_index);
	}
	return REQ_DONE;
}
