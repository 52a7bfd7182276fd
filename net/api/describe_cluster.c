/*
 * DescribeCluster: the cluster id, this node as the only broker (with the
 * address advertised on the listener the request came in on, as Metadata
 * gives it) and as the controller. Only the broker endpoint type is served:
 * kaf has no separate controller listener.
 */
#include "net/api/api.h"
#include "core/meta/meta.h"
#include "net/broker.h"
#include "net/conn.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"

#include <stdio.h>
#include <string.h>

/* DescribeCluster endpoint types. */
enum { ENDPOINT_BROKER = 1, ENDPOINT_CONTROLLER = 2 };

/* Kafka's "not asked for" value of ClusterAuthorizedOperations. */
#define AUTHORIZED_OPS_NONE INT32_MIN

enum req_status api_describe_cluster(struct req *r)
{
	const struct describe_cluster_req *req = r->body;
	struct describe_cluster_resp *resp = r->resp;
	struct broker *b = r->b;
	const struct listener *l = r->conn->listener;

	resp->endpoint_type = ENDPOINT_BROKER;
	resp->cluster_authorized_operations = AUTHORIZED_OPS_NONE;
	resp->error_message = (struct kstr){ NULL, -1 };
	resp->cluster_id = kstr_c(meta_cluster_id(b->meta));
	resp->controller_id = b->opts.node_id;
	if (req->endpoint_type != ENDPOINT_BROKER) {
		char msg[128];
		int known = req->endpoint_type == ENDPOINT_CONTROLLER;
		if (known)
			snprintf(msg, sizeof(msg), "this is a broker endpoint; kaf has no separate "
				 "controller endpoint");
		else
			snprintf(msg, sizeof(msg), "unsupported endpoint type %d", req->endpoint_type);
		/* v0 has no way to ask for another type; the codes below came with v1. */
		resp->error_code = r->version == 0 ? KERR_INVALID_REQUEST
				   : known ? KERR_MISMATCHED_ENDPOINT_TYPE : KERR_UNSUPPORTED_ENDPOINT_TYPE;
		size_t n = strlen(msg);
		resp->error_message = (struct kstr){ arena_memdup(&r->arena, msg, n), (int32_t)n };
		return REQ_DONE;
	}

	struct describe_cluster_resp_brokers *me = arena_zalloc(&r->arena, sizeof(*me));
	me->broker_id = b->opts.node_id;
	me->host = kstr_c(l->adv_host);
	me->port = l->adv_port;
	me->rack = (struct kstr){ NULL, -1 };
	resp->brokers.n = 1;
	resp->brokers.v = me;
	return REQ_DONE;
}
