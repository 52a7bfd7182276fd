/*
 * A client connection: its read buffer, framing, and the in-order pipeline
 * of requests. Frames are int32 size + payload. One request is processed at
 * a time; a request that parks (long poll, JoinGroup) stops reading until it
 * completes, so responses leave in request order and the frame bytes the
 * request points into stay put. A request that parks only for durability
 * (an acks=all Produce waiting for the group commit) lets the connection go
 * on: it takes the read buffer with its frame along, and the responses of
 * the requests after it wait in a queue until it is answered, so a client
 * that pipelines produce requests gets one fsync round for many of them.
 */
#ifndef KAF_NET_CONN_H
#define KAF_NET_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

struct broker;
struct listener;
struct req;

struct conn {
	uv_tcp_t tcp;
	struct broker *b;
	struct listener *listener;
	struct conn *prev, *next;
	uint8_t *rbuf;			/* received bytes [rpos, rlen) not yet consumed */
	size_t rpos, rlen, rcap;
	struct req *parked;		/* the request being processed asynchronously */
	struct req *outq, *outq_tail;	/* behind an overlapped request, in request order */
	int noverlap;			/* overlapped requests not yet finished */
	size_t overlap_bytes;		/* and the bytes of their frames */
	size_t pending_write_bytes;	/* responses handed to libuv, not yet written */
	int pending_writes;
	int64_t last_active_ms;
	int reading;
	int closing;
	char peer[64];			/* "127.0.0.1:54321" for logs */
};

/* Accept a pending connection on the listener. */
void conn_accept(struct listener *l);
/* Close now (pending writes are cancelled). Safe to call twice. */
void conn_close(struct conn *c);
/* A parked request finished: send its response and go on with the next frame. */
void conn_request_done(struct conn *c, struct req *r);
/* Whether a request or response is still under way (graceful stop, idle check). */
int conn_busy(const struct conn *c);
/* Close idle connections; called from the broker's timer. */
void conn_check_idle(struct broker *b, int64_t now_ms);

#endif
