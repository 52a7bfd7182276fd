/*
 * CreateTopics, DeleteTopics and CreatePartitions, per topic through
 * topic_ops; answered once the metadata log is durable through the changes.
 */
#include "net/api/api.h"
#include "net/api/topic_ops.h"
#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/meta/meta.h"
#include "net/broker.h"
#include "net/proto/errors.h"
#include "net/proto/msg_admin.h"

#include <stdio.h>
#include <string.h>

/* Copy a request's configs into NUL-terminated key/value pairs. */
static struct meta_config *configs_of(struct req *r, const struct create_topics_req_topics *t)
{
	struct meta_config *c = arena_zalloc(&r->arena, (size_t)(t->configs.n > 0 ? t->configs.n : 1) * sizeof(*c));
	for (int32_t i = 0; i < t->configs.n; i++) {
		struct kstr k = t->configs.v[i].name, v = t->configs.v[i].value;
		c[i].key = arena_zalloc(&r->arena, (size_t)k.len + 1);
		memcpy(c[i].key, k.p, (size_t)k.len);
		if (v.len >= 0) {
			c[i].value = arena_zalloc(&r->arena, (size_t)v.len + 1);
			if (v.len)
				memcpy(c[i].value, v.p, (size_t)v.len);
		}
	}
	return c;
}

/* Replica assignments name brokers: a single node has no choice to make. */
static int16_t refuse_assignment(char *msg, size_t n)
{
	snprintf(msg, n, "manual replica assignment is not supported on a single-node cluster");
	return KERR_INVALID_REQUEST;
}

enum req_status api_create_topics(struct req *r)
{
	const struct create_topics_req *req = r->body;
	struct create_topics_resp *resp = r->resp;
	int32_t n = req->topics.n > 0 ? req->topics.n : 0;
	resp->topics.n = n;
	resp->topics.v = arena_zalloc(&r->arena, (size_t)(n ? n : 1) * sizeof(*resp->topics.v));
	struct topic_changes *changes = topic_changes_new(r, n);
	for (int32_t i = 0; i < n; i++) {
		const struct create_topics_req_topics *t = &req->topics.v[i];
		struct create_topics_resp_topics *out = &resp->topics.v[i];
		struct topic_after *after = topic_changes_add(changes, &out->error_code, &out->error_message);
		char msg[512] = "";
		int16_t err;
		out->name = t->name;
		if (t->assignments.n > 0) {
			err = refuse_assignment(msg, sizeof(msg));
		} else {
			struct meta_config *cfgs = configs_of(r, t);
			int bad = 0;
			for (int32_t j = 0; j < t->configs.n; j++)
				bad |= !cfgs[j].value;
			struct topic_spec spec = {
				.name = t->name.p, .name_len = (size_t)(t->name.len > 0 ? t->name.len : 0),
				.partitions = t->num_partitions, .replication_factor = t->replication_factor,
				.configs = cfgs, .nconfigs = t->configs.n, .validate_only = req->validate_only,
			};
			if (bad) {
				snprintf(msg, sizeof(msg), "a config of a new topic needs a value");
				err = KERR_INVALID_CONFIG;
			} else {
				err = topic_create(r->b, &spec, clock_wall_ms(), after, msg, sizeof(msg));
			}
		}
		out->error_code = err;
		out->error_message = req_error_message(r, err, msg);
	}
	return topic_changes_commit(changes);
}

enum req_status api_delete_topics(struct req *r)
{
	const struct delete_topics_req *req = r->body;
	struct delete_topics_resp *resp = r->resp;
	int32_t n = req->topic_names.n > 0 ? req->topic_names.n : 0;
	int enabled = config_get_bool(r->b->cfg, CFG_DELETE_TOPIC_ENABLE);
	resp->responses.n = n;
	resp->responses.v = arena_zalloc(&r->arena, (size_t)(n ? n : 1) * sizeof(*resp->responses.v));
	struct topic_changes *changes = topic_changes_new(r, n);
	for (int32_t i = 0; i < n; i++) {
		struct kstr name = req->topic_names.v[i];
		struct delete_topics_resp_responses *out = &resp->responses.v[i];
		struct topic_after *after = topic_changes_add(changes, &out->error_code, NULL);
		char msg[512];
		out->name = name;
		out->error_code = !enabled ? KERR_TOPIC_DELETION_DISABLED
				  : topic_delete(r->b, name.p, (size_t)(name.len > 0 ? name.len : 0),
						 clock_wall_ms(), after, msg, sizeof(msg));
	}
	return topic_changes_commit(changes);
}

enum req_status api_create_partitions(struct req *r)
{
	const struct create_partitions_req *req = r->body;
	struct create_partitions_resp *resp = r->resp;
	int32_t n = req->topics.n > 0 ? req->topics.n : 0;
	resp->results.n = n;
	resp->results.v = arena_zalloc(&r->arena, (size_t)(n ? n : 1) * sizeof(*resp->results.v));
	struct topic_changes *changes = topic_changes_new(r, n);
	for (int32_t i = 0; i < n; i++) {
		const struct create_partitions_req_topics *t = &req->topics.v[i];
		struct create_partitions_resp_results *out = &resp->results.v[i];
		struct topic_after *after = topic_changes_add(changes, &out->error_code, &out->error_message);
		char msg[512] = "";
		int16_t err;
		out->name = t->name;
		if (t->assignments.n > 0) {
			err = refuse_assignment(msg, sizeof(msg));
		} else {
			err = topic_add_partitions(r->b, t->name.p, (size_t)(t->name.len > 0 ? t->name.len : 0),
						   t->count, req->validate_only, clock_wall_ms(), after,
						   msg, sizeof(msg));
		}
		out->error_code = err;
		out->error_message = req_error_message(r, err, msg);
	}
	return topic_changes_commit(changes);
}
