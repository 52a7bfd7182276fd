/*
 * FindCoordinator v0-2: this node coordinates every group, reached at the
 * advertised address of the listener the request came in on. Transaction
 * coordinators do not exist yet: key type 1 is COORDINATOR_NOT_AVAILABLE.
 * The first lookup creates __consumer_offsets, as in Kafka, and is answered
 * once that is durable.
 */
#include "net/api/api.h"
#include "net/api/group_coord.h"
#include "net/broker.h"
#include "core/base/clock.h"
#include "net/conn.h"
#include "net/metasync.h"
#include "net/proto/errors.h"
#include "net/proto/msg_group.h"

#define KEY_TYPE_GROUP 0

static void answer(struct req *r)
{
	struct find_coordinator_resp *resp = r->resp;
	if (!r->b->groups || r->b->groups->npartitions <= 0) {
		resp->error_code = KERR_COORDINATOR_NOT_AVAILABLE;
		return;
	}
	/* Parked requests may have lost their connection; the node is the same for every listener. */
	const struct listener *l = r->conn ? r->conn->listener : &r->b->listeners[0];
	resp->error_code = KERR_NONE;
	resp->node_id = r->b->opts.node_id;
	resp->host = kstr_c(l->adv_host);
	resp->port = l->adv_port;
}

/* __consumer_offsets is durable (or failed): its creation's wait came first. */
static void on_created(void *arg, int rc)
{
	(void)rc;
	struct req *r = arg;
	answer(r);
	req_resume(r, REQ_DONE);
}

enum req_status api_find_coordinator(struct req *r)
{
	const struct find_coordinator_req *q = r->body;
	struct find_coordinator_resp *resp = r->resp;

	resp->node_id = -1;
	resp->host = kstr_c("");
	resp->port = -1;
	resp->error_message = (struct kstr){ NULL, -1 };
	if (q->key_type != KEY_TYPE_GROUP) {
		resp->error_code = KERR_COORDINATOR_NOT_AVAILABLE;
		resp->error_message = kstr_c("transactions are not supported by this broker");
		return REQ_DONE;
	}
	if (!group_coord_ready(r->b, clock_wall_ms()) && group_coord_creating(r->b) &&
	    metasync_wait(r->b, on_created, r))
		return REQ_PARKED;
	answer(r);
	return REQ_DONE;
}
