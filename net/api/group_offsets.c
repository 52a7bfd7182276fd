/*
 * OffsetCommit v2-7 and OffsetFetch v1-7. A commit is checked against the
 * group (members and generation, or a simple commit by a consumer outside
 * any group while the group has no members), written to the group's
 * partition of __consumer_offsets as one batch, applied to the group, and
 * answered once the group commit's fsync covers it (when the partition's
 * flush policy says acknowledgements wait). retention_time_ms is ignored.
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

#include <string.h>

struct commit_wait {
	struct req *r;
	struct offset_commit_resp *resp;
	int parked;		/* the handler returned REQ_PARKED */
	int done;		/* durable already (flush_wait may answer at once) */
};

static void set_all(struct offset_commit_resp *resp, int16_t err)
{
	for (int32_t i = 0; i < resp->topics.n; i++)
		for (int32_t j = 0; j < resp->topics.v[i].partitions.n; j++)
			if (resp->topics.v[i].partitions.v[j].error_code == KERR_NONE)
				resp->topics.v[i].partitions.v[j].error_code = err;
}

static void on_commit_durable(void *arg, int rc)
{
	struct commit_wait *w = arg;
	if (rc)
		set_all(w->resp, KERR_COORDINATOR_NOT_AVAILABLE);
	w->done = 1;
	if (w->parked)
		req_resume(w->r, REQ_DONE);
}

/* Shape the response like the request, each partition with err. */
static void commit_resp_init(struct req *r, const struct offset_commit_req *q, int16_t err)
{
	struct offset_commit_resp *resp = r->resp;
	resp->topics.n = q->topics.n;
	resp->topics.v = arena_zalloc(&r->arena, (size_t)(q->topics.n ? q->topics.n : 1) *
						   sizeof(*resp->topics.v));
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct offset_commit_req_topics *t = &q->topics.v[i];
		struct offset_commit_resp_topics *rt = &resp->topics.v[i];
		rt->name = t->name;
		rt->partitions.n = t->partitions.n;
		rt->partitions.v = arena_zalloc(&r->arena, (size_t)(t->partitions.n ? t->partitions.n : 1) *
							   sizeof(*rt->partitions.v));
		for (int32_t j = 0; j < t->partitions.n; j++) {
			rt->partitions.v[j].partition_index = t->partitions.v[j].partition_index;
			rt->partitions.v[j].error_code = err;
		}
	}
}

static int16_t commit_check(struct req *r, const struct offset_commit_req *q, struct group **out)
{
	struct group_coord *gc = r->b->groups;
	if (!gc)
		return KERR_COORDINATOR_NOT_AVAILABLE;
	if (q->group_id.len <= 0)
		return KERR_INVALID_GROUP_ID;
	struct group *g = groups_find(&gc->groups, q->group_id.p, (size_t)q->group_id.len);
	size_t mlen = q->member_id.len > 0 ? (size_t)q->member_id.len : 0;
	if (!g) {
		if (q->generation_id >= 0 || mlen)
			return KERR_ILLEGAL_GENERATION;
		g = groups_get(&gc->groups, q->group_id.p, (size_t)q->group_id.len, clock_wall_ms());
		if (!g)
			return KERR_COORDINATOR_NOT_AVAILABLE;
	}
	*out = g;
	int16_t err = group_coord_fenced(g, q->member_id, q->group_instance_id);
	return err ? err : (int16_t)group_commit_check(g, q->generation_id, q->member_id.p, mlen);
}

enum req_status api_offset_commit(struct req *r)
{
	const struct offset_commit_req *q = r->body;
	struct offset_commit_resp *resp = r->resp;
	struct group *g = NULL;
	int16_t err = commit_check(r, q, &g);
	commit_resp_init(r, q, err);
	if (err)
		return REQ_DONE;
	struct log *l = group_coord_log(r->b, g->id, strlen(g->id));
	if (!l) {
		set_all(resp, KERR_COORDINATOR_NOT_AVAILABLE);
		return REQ_DONE;
	}
	int64_t now = clock_wall_ms();
	int n = 0, cap = 0;
	for (int32_t i = 0; i < q->topics.n; i++)
		cap += q->topics.v[i].partitions.n;
	struct group_rec *recs = arena_zalloc(&r->arena, (size_t)(cap ? cap : 1) * sizeof(*recs));
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct offset_commit_req_topics *t = &q->topics.v[i];
		for (int32_t j = 0; j < t->partitions.n; j++) {
			const struct offset_commit_req_partitions *p = &t->partitions.v[j];
			int16_t *perr = &resp->topics.v[i].partitions.v[j].error_code;
			if (!datapath_log(r, t->name, p->partition_index)) {
				*perr = KERR_UNKNOWN_TOPIC_OR_PARTITION;
				continue;
			}
			int32_t mdlen = p->committed_metadata.len > 0 ? p->committed_metadata.len : 0;
			if (mdlen > GROUP_OFFSET_METADATA_MAX) {
				*perr = KERR_OFFSET_METADATA_TOO_LARGE;
				continue;
			}
			struct buf k = BUF_INIT, v = BUF_INIT;
			group_offset_record(g->id, t->name.p, (size_t)t->name.len, p->partition_index,
					    p->committed_offset, p->committed_leader_epoch,
					    p->committed_metadata.p, (size_t)mdlen, now, &k, &v, &r->arena);
			recs[n].key = arena_memdup(&r->arena, k.data, k.len);
			recs[n].key_len = (int32_t)k.len;
			recs[n].value = arena_memdup(&r->arena, v.data, v.len);
			recs[n].value_len = (int32_t)v.len;
			n++;
			buf_release(&k);
			buf_release(&v);
		}
	}
	if (!n)
		return REQ_DONE;
	int64_t last;
	err = group_coord_append(r->b, l, recs, n, now, &last);
	if (err) {
		set_all(resp, err);
		return REQ_DONE;
	}
	/* Appended: now the group holds them (what a replay would rebuild). */
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct offset_commit_req_topics *t = &q->topics.v[i];
		for (int32_t j = 0; j < t->partitions.n; j++) {
			const struct offset_commit_req_partitions *p = &t->partitions.v[j];
			if (resp->topics.v[i].partitions.v[j].error_code != KERR_NONE)
				continue;
			size_t mdlen = p->committed_metadata.len > 0 ? (size_t)p->committed_metadata.len : 0;
			if (group_offset_set(g, t->name.p, (size_t)t->name.len, p->partition_index,
					     p->committed_offset, p->committed_leader_epoch,
					     p->committed_metadata.p, mdlen, now))
				resp->topics.v[i].partitions.v[j].error_code = KERR_UNKNOWN_SERVER_ERROR;
		}
	}
	if (!flush_acks_wait(l)) {
		flush_appended(r->b, l);
		return REQ_DONE;
	}
	struct commit_wait *w = arena_zalloc(&r->arena, sizeof(*w));
	w->r = r;
	w->resp = resp;
	flush_wait(r->b, l, last + 1, on_commit_durable, w);
	if (w->done)
		return REQ_DONE;
	/* Only durability is awaited: the connection may take the next requests. */
	w->parked = 1;
	r->overlap = 1;
	return REQ_PARKED;
}

static void fetch_fill(struct req *r, const struct group *g, struct kstr topic, int32_t partition,
		       struct offset_fetch_resp_partitions *out)
{
	out->partition_index = partition;
	out->committed_offset = -1;
	out->committed_leader_epoch = -1;
	out->metadata = kstr_c("");
	out->error_code = KERR_NONE;
	const struct group_offset *o = g ? group_offset_find(g, topic.p, (size_t)topic.len, partition) : NULL;
	if (!o)
		return;
	out->committed_offset = o->offset;
	out->committed_leader_epoch = o->leader_epoch;
	out->metadata = kstr_c(o->metadata);
	(void)r;
}

/* Null topics: every committed offset of the group, grouped by topic. */
static void fetch_all(struct req *r, const struct group *g, struct offset_fetch_resp *resp)
{
	size_t n = g ? g->noffsets : 0;
	resp->topics.v = arena_zalloc(&r->arena, (n ? n : 1) * sizeof(*resp->topics.v));
	resp->topics.n = 0;
	for (size_t i = 0; i < n; i++) {
		const struct group_offset *o = &g->offsets[i];
		struct offset_fetch_resp_topics *rt = NULL;
		for (int32_t k = 0; k < resp->topics.n && !rt; k++)
			if (kstr_eq(resp->topics.v[k].name, o->topic))
				rt = &resp->topics.v[k];
		if (!rt) {
			rt = &resp->topics.v[resp->topics.n++];
			rt->name = kstr_c(o->topic);
			rt->partitions.v = arena_zalloc(&r->arena, n * sizeof(*rt->partitions.v));
		}
		fetch_fill(r, g, rt->name, o->partition, &rt->partitions.v[rt->partitions.n++]);
	}
}

enum req_status api_offset_fetch(struct req *r)
{
	const struct offset_fetch_req *q = r->body;
	struct offset_fetch_resp *resp = r->resp;
	struct group_coord *gc = r->b->groups;
	const struct group *g = NULL;
	int16_t err = KERR_NONE;
	if (!gc)
		err = KERR_COORDINATOR_NOT_AVAILABLE;
	else if (q->group_id.len <= 0)
		err = KERR_INVALID_GROUP_ID;
	else
		g = groups_find(&gc->groups, q->group_id.p, (size_t)q->group_id.len);
	resp->error_code = err;
	if (q->topics.n < 0) {
		fetch_all(r, g, resp);
		return REQ_DONE;
	}
	resp->topics.n = q->topics.n;
	resp->topics.v = arena_zalloc(&r->arena, (size_t)(q->topics.n ? q->topics.n : 1) *
						  sizeof(*resp->topics.v));
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct offset_fetch_req_topics *t = &q->topics.v[i];
		struct offset_fetch_resp_topics *rt = &resp->topics.v[i];
		rt->name = t->name;
		rt->partitions.n = t->partition_indexes.n;
		rt->partitions.v = arena_zalloc(&r->arena, (size_t)(t->partition_indexes.n ? t->partition_indexes.n : 1) *
							   sizeof(*rt->partitions.v));
		for (int32_t j = 0; j < t->partition_indexes.n; j++) {
			fetch_fill(r, g, t->name, t->partition_indexes.v[j], &rt->partitions.v[j]);
			/* v0-1 have no top-level error: it goes on every partition. */
			if (err && r->version < 2)
				rt->partitions.v[j].error_code = err;
		}
	}
	return REQ_DONE;
}
