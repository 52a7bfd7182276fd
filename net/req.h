/*
 * One request's life: its arena, the decoded header and body, the handler
 * that answers it, and the encoded response. Everything the request
 * allocates comes from its arena, freed when the response has been written
 * (or at once when no response is due, as for acks=0 produce).
 */
#ifndef KAF_NET_REQ_H
#define KAF_NET_REQ_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "core/base/arena.h"
#include "net/proto/api.h"
#include "core/codec/codec.h"

struct conn;
struct broker;

enum req_status {
	REQ_DONE,		/* response filled in; send it */
	REQ_NO_RESPONSE,	/* nothing is sent back (acks=0) */
	REQ_PARKED,		/* the handler calls req_resume later */
	REQ_CLOSE,		/* protocol violation: close the connection */
};

struct req {
	struct conn *conn;
	struct broker *b;
	struct arena arena;
	struct request_header h;
	const struct proto_api *api;
	int version;			/* body version (may differ for ApiVersions fallback) */
	void *body;			/* decoded request, api->request layout */
	void *resp;			/* response struct, api->response layout, zeroed */
	int resp_version;		/* version to encode the response with */
	int resp_flexible;
	struct proto_out out;
	uv_write_t write;
	uv_buf_t *bufs;
	int64_t received_ns;
	/* The frame, the connection's own read buffer: handlers may patch it (Produce's batches). */
	uint8_t *frame;
	/*
	 * Set by a handler that parks only to wait for its data to become
	 * durable (acks=all): the connection goes on reading and handling the
	 * next frames meanwhile, and still answers in request order.
	 */
	int overlap;
	int ready;			/* overlapped: finished, waiting for its turn to be sent */
	int no_response;		/* overlapped and finished without a response */
	size_t overlap_bytes;		/* its frame's share of conn->overlap_bytes */
	struct req *next_out;		/* the connection's in-order queue */
	/* Set by a handler while parked: called (conn already NULL) when the
	 * connection closes under it, so it can drop its timers and waiters. */
	void (*on_abandon)(struct req *r, void *arg);
	void *abandon_arg;
};

/*
 * Handle one frame (payload without the size prefix; must stay valid and
 * may be written until the request is done). Returns the status of the
 * first step: REQ_PARKED means the connection waits for req_resume.
 */
enum req_status req_handle(struct conn *c, uint8_t *frame, size_t len, struct req **out);
/* Writable bytes of r's frame at p, a pointer into the decoded request. */
uint8_t *req_frame_bytes(struct req *r, const uint8_t *p);
/* s copied into the request's arena (NULL gives a null string). */
struct kstr req_kstr(struct req *r, const char *s);
/* A response's ErrorMessage: null when err is NONE or msg is empty, else msg copied. */
struct kstr req_error_message(struct req *r, int16_t err, const char *msg);
/* Encode the response into r->out. */
void req_encode_response(struct req *r);
/* Free the request (arena included). */
void req_free(struct req *r);
/* A parked handler finished (response filled in): send and continue. */
void req_resume(struct req *r, enum req_status status);

#endif
