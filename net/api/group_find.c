/*
 * FindCoordinator v0-2: this node coordinates every group, reached at the
 * advertised address of the listener the request came in on. Transaction
 * coordinators do not exist yet: key type 1 is COORDINATOR_NOT_AVAILABLE.
 * The first lookup creates __consumer_offsets, as in Kafka.
 */
#include "net/api/api.h"
#include "net/api/group_coord.h"
#include "net/broker.h"
#include "core/base/clock.h"
#include "net/conn.h"
#include "net/proto/errors.h"
#include "net/proto/msg_group.h"

#define KEY_TYPE_GROUP 0

enum req_status api_find_coordinator(struct req *r)
{
	const struct find_coordinator_req *q = r->body;
	struct find_coordinator_resp *resp = r->resp;
	const struct listener *l = r->conn->listener;

	resp->node_id = -1;
	resp->host = kstr_c("");
	resp->port = -1;
	resp->error_message = (struct kstr){ NULL, -1 };
	if (q->key_type != KEY_TYPE_GROUP) {
		resp->error_code = KERR_COORDINATOR_NOT_AVAILABLE;
		resp->error_message = kstr_c("transactions are not supported by this broker");
		return REQ_DONE;
	}
	if (!group_coord_ready(r->b, clock_wall_ms())) {
		resp->error_code = KERR_COORDINATOR_NOT_AVAILABLE;
		return REQ_DONE;
	}
	resp->error_code = KERR_NONE;
	resp->node_id = r->b->opts.node_id;
	resp->host = kstr_c(l->adv_host);
	resp->port = l->adv_port;
	return REQ_DONE;
}
