/*
 * Metadata v0-12: this node as the only broker and the controller, and the
 * leader of every partition. A null topic list (or an empty one in v0)
 * means all topics; unknown topics are created when the request allows it
 * (v4+) and auto.create.topics.enable is on, answered LEADER_NOT_AVAILABLE
 * the first time as Kafka does, so clients ask again (the answer waits
 * until the new topics are durable and have their logs). v10+ carries each
 * topic's id; v12 looks a topic up by id when its name is null.
 *
 * Authorized operations (v8+, when asked): with no authorizer every
 * operation a topic or the cluster supports is allowed, as in Kafka.
 */
#include "net/api/api.h"
#include "net/api/topic_ops.h"
#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/meta/meta.h"
#include "net/broker.h"
#include "net/conn.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"

#include <string.h>

/* Kafka's AclOperation codes as bits: READ 3, WRITE 4, CREATE 5, DELETE 6, ALTER 7,
 * DESCRIBE 8, CLUSTER_ACTION 9, DESCRIBE_CONFIGS 10, ALTER_CONFIGS 11, IDEMPOTENT_WRITE 12. */
#define OPS_TOPIC ((1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 10) | \
		   (1 << 11))
#define OPS_CLUSTER ((1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12))
#define OPS_NOT_ASKED INT32_MIN

/* The request's topics looked up and, where allowed, created; the answer is built from this. */
struct md_lookup {
	int16_t *created;	/* per requested topic: its creation's error code, or -1 */
};

static int32_t topic_ops(const struct req *r)
{
	const struct metadata_req *req = r->body;
	return req->include_topic_authorized_operations ? OPS_TOPIC : OPS_NOT_ASKED;
}

/* Everything is copied into the request: the image may change before the answer is sent. */
static void fill_topic(struct req *r, struct metadata_resp_topics *out, const struct meta_topic *t)
{
	int32_t node = r->b->opts.node_id;
	out->error_code = KERR_NONE;
	out->name = req_kstr(r, t->name);
	out->topic_id = t->id;
	out->is_internal = (int8_t)t->internal;
	out->topic_authorized_operations = topic_ops(r);
	out->partitions.n = t->npartitions;
	out->partitions.v = arena_zalloc(&r->arena, (size_t)(t->npartitions ? t->npartitions : 1) *
					 sizeof(*out->partitions.v));
	for (int32_t i = 0; i < t->npartitions; i++) {
		const struct meta_partition *mp = &t->partitions[i];
		struct metadata_resp_partitions *p = &out->partitions.v[i];
		p->error_code = KERR_NONE;
		p->partition_index = mp->id;
		p->leader_id = mp->leader >= 0 ? mp->leader : node;
		p->leader_epoch = mp->leader_epoch;
		p->replica_nodes.n = mp->nreplicas;
		p->replica_nodes.v = arena_memdup(&r->arena, mp->replicas,
						  (size_t)(mp->nreplicas ? mp->nreplicas : 1) * sizeof(int32_t));
		p->isr_nodes.n = mp->nisr;
		p->isr_nodes.v = arena_memdup(&r->arena, mp->isr,
					      (size_t)(mp->nisr ? mp->nisr : 1) * sizeof(int32_t));
	}
}

/* A topic that is not answered with its partitions: an error, or just created. */
static void fill_error(struct req *r, struct metadata_resp_topics *out, struct kstr name,
		       const struct kuuid *id, int16_t err)
{
	out->error_code = err;
	/* Names are nullable from v12 only; before, a name-less lookup answers "". */
	out->name = name.len < 0 && r->version < 12 ? kstr_c("") : name;
	if (id)
		out->topic_id = *id;
	out->topic_authorized_operations = topic_ops(r);
}

static int auto_create_allowed(struct req *r, const struct metadata_req *req)
{
	return req->allow_auto_topic_creation && r->b->cfg &&
	       config_get_bool(r->b->cfg, CFG_AUTO_CREATE_TOPICS_ENABLE);
}

static int all_topics(const struct req *r)
{
	const struct metadata_req *req = r->body;
	return req->topics.n < 0 || (r->version == 0 && req->topics.n == 0);
}

static void answer_topic(struct req *r, const struct md_lookup *lk, int32_t i,
			 struct metadata_resp_topics *out)
{
	const struct metadata_req *req = r->body;
	const struct metadata_req_topics *q = &req->topics.v[i];
	struct meta *m = r->b->meta;
	if (q->name.len < 0) {
		const struct meta_topic *t = r->version >= 12 ? meta_topic_find_id(m, &q->topic_id) : NULL;
		if (t)
			fill_topic(r, out, t);
		else
			fill_error(r, out, q->name, &q->topic_id,
				   r->version >= 12 ? KERR_UNKNOWN_TOPIC_ID : KERR_INVALID_REQUEST);
		return;
	}
	const struct meta_topic *t = meta_topic_find(m, q->name.p, (size_t)q->name.len);
	if (lk->created[i] >= 0)
		fill_error(r, out, q->name, t ? &t->id : NULL, lk->created[i]);
	else if (t)
		fill_topic(r, out, t);
	else
		fill_error(r, out, q->name, NULL, KERR_UNKNOWN_TOPIC_OR_PARTITION);
}

static void answer(struct req *r, void *arg)
{
	const struct md_lookup *lk = arg;
	const struct metadata_req *req = r->body;
	struct metadata_resp *resp = r->resp;
	struct broker *b = r->b;
	/* Parked requests may have lost their connection: then nobody reads the address. */
	const struct listener *l = r->conn ? r->conn->listener : &b->listeners[0];

	struct metadata_resp_brokers *me = arena_zalloc(&r->arena, sizeof(*me));
	me->node_id = b->opts.node_id;
	me->host = kstr_c(l->adv_host);
	me->port = l->adv_port;
	me->rack = (struct kstr){ NULL, -1 };
	resp->brokers.n = 1;
	resp->brokers.v = me;
	resp->cluster_id = req_kstr(r, meta_cluster_id(b->meta));
	resp->controller_id = b->opts.node_id;
	resp->cluster_authorized_operations = req->include_cluster_authorized_operations
						      ? OPS_CLUSTER : OPS_NOT_ASKED;

	int all = all_topics(r);
	size_t n = all ? meta_topic_count(b->meta) : (size_t)req->topics.n;
	resp->topics.n = (int32_t)n;
	resp->topics.v = arena_zalloc(&r->arena, (n ? n : 1) * sizeof(*resp->topics.v));
	for (size_t i = 0; i < n; i++) {
		if (all)
			fill_topic(r, &resp->topics.v[i], meta_topic_at(b->meta, i));
		else
			answer_topic(r, lk, (int32_t)i, &resp->topics.v[i]);
	}
}

enum req_status api_metadata(struct req *r)
{
	const struct metadata_req *req = r->body;
	struct md_lookup *lk = arena_zalloc(&r->arena, sizeof(*lk));
	int32_t n = all_topics(r) ? 0 : req->topics.n;
	lk->created = arena_alloc(&r->arena, (size_t)(n ? n : 1) * sizeof(*lk->created));
	struct topic_changes *changes = NULL;
	for (int32_t i = 0; i < n; i++) {
		struct kstr name = req->topics.v[i].name;
		lk->created[i] = -1;
		if (name.len < 0 || !auto_create_allowed(r, req) ||
		    meta_topic_find(r->b->meta, name.p, (size_t)name.len))
			continue;
		char msg[256];
		struct topic_spec spec = { .name = name.p, .name_len = (size_t)name.len,
					   .partitions = -1, .replication_factor = -1 };
		if (!changes)
			changes = topic_changes_new(r, n);
		struct topic_after *after = topic_changes_add(changes, &lk->created[i], NULL);
		int16_t err = topic_create(r->b, &spec, clock_wall_ms(), after, msg, sizeof(msg));
		after->ok = KERR_LEADER_NOT_AVAILABLE;
		lk->created[i] = err == KERR_NONE ? KERR_LEADER_NOT_AVAILABLE : err;
	}
	if (!changes) {
		answer(r, lk);
		return REQ_DONE;
	}
	topic_changes_then(changes, answer, lk);
	return topic_changes_commit(changes);
}
