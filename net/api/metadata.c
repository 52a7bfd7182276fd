/*
 * Metadata: this node as the only broker and the controller, and the leader
 * of every partition. A null topic list (or an empty one in v0) means all
 * topics; unknown topics are created when the request allows it (v4+) and
 * auto.create.topics.enable is on, answered LEADER_NOT_AVAILABLE the first
 * time as Kafka does, so clients ask again.
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

static void fill_topic(struct req *r, struct metadata_resp_topics *out, const struct meta_topic *t)
{
	int32_t node = r->b->opts.node_id;
	out->error_code = KERR_NONE;
	out->name = kstr_c(t->name);
	out->is_internal = (int8_t)t->internal;
	out->partitions.n = t->npartitions;
	out->partitions.v = arena_zalloc(&r->arena, (size_t)t->npartitions * sizeof(*out->partitions.v));
	for (int32_t i = 0; i < t->npartitions; i++) {
		const struct meta_partition *mp = &t->partitions[i];
		struct metadata_resp_partitions *p = &out->partitions.v[i];
		p->error_code = KERR_NONE;
		p->partition_index = mp->id;
		p->leader_id = mp->leader >= 0 ? mp->leader : node;
		p->replica_nodes.n = mp->nreplicas;
		p->replica_nodes.v = mp->replicas;
		p->isr_nodes.n = mp->nisr;
		p->isr_nodes.v = mp->isr;
	}
}

static int auto_create_allowed(struct req *r, const struct metadata_req *req)
{
	return req->allow_auto_topic_creation && r->b->cfg &&
	       config_get_bool(r->b->cfg, CFG_AUTO_CREATE_TOPICS_ENABLE);
}

enum req_status api_metadata(struct req *r)
{
	const struct metadata_req *req = r->body;
	struct metadata_resp *resp = r->resp;
	struct broker *b = r->b;
	const struct listener *l = r->conn->listener;

	struct metadata_resp_brokers *me = arena_zalloc(&r->arena, sizeof(*me));
	me->node_id = b->opts.node_id;
	me->host = kstr_c(l->adv_host);
	me->port = l->adv_port;
	me->rack = (struct kstr){ NULL, -1 };
	resp->brokers.n = 1;
	resp->brokers.v = me;
	resp->cluster_id = kstr_c(meta_cluster_id(b->meta));
	resp->controller_id = b->opts.node_id;

	int all = req->topics.n < 0 || (r->version == 0 && req->topics.n == 0);
	size_t n = all ? meta_topic_count(b->meta) : (size_t)req->topics.n;
	resp->topics.n = (int32_t)n;
	resp->topics.v = arena_zalloc(&r->arena, (n ? n : 1) * sizeof(*resp->topics.v));
	for (size_t i = 0; i < n; i++) {
		struct metadata_resp_topics *out = &resp->topics.v[i];
		if (all) {
			fill_topic(r, out, meta_topic_at(b->meta, i));
			continue;
		}
		struct kstr name = req->topics.v[i].name;
		const struct meta_topic *t = meta_topic_find(b->meta, name.p, (size_t)name.len);
		out->name = name;
		if (t) {
			fill_topic(r, out, t);
		} else if (auto_create_allowed(r, req)) {
			char msg[256];
			struct topic_spec spec = { .name = name.p, .name_len = (size_t)name.len,
						   .partitions = -1, .replication_factor = -1 };
			int16_t err = topic_create(b, &spec, clock_wall_ms(), msg, sizeof(msg));
			out->error_code = err == KERR_NONE ? KERR_LEADER_NOT_AVAILABLE : err;
		} else {
			out->error_code = KERR_UNKNOWN_TOPIC_OR_PARTITION;
		}
	}
	return REQ_DONE;
}
