/* Client connections: reading frames, the request pipeline, writing responses. */
#include "net/conn.h"
#include "net/broker.h"
#include "net/req.h"
#include "net/filemap.h"
#include "core/base/bytes.h"
#include "core/base/say.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void conn_process(struct conn *c);
static void conn_read_start(struct conn *c);

static int64_t loop_ms(struct broker *b)
{
	return (int64_t)uv_now(b->loop);
}

/*
 * The read buffer sits in a counted block: overlapped requests keep the
 * block their frame is in while the connection reads on (into a new block
 * once it must move bytes the requests point into).
 */
struct rbuf_block {
	int refs;
	uint8_t data[];
};

static struct rbuf_block *block_of(uint8_t *rbuf)
{
	return rbuf ? (struct rbuf_block *)(rbuf - offsetof(struct rbuf_block, data)) : NULL;
}

static void rbuf_unpin(void *arg)
{
	struct rbuf_block *blk = arg;
	if (--blk->refs == 0)
		free(blk);
}

static void on_close(uv_handle_t *h)
{
	struct conn *c = h->data;
	if (c->rbuf)
		rbuf_unpin(block_of(c->rbuf));
	free(c);
}

void conn_close(struct conn *c)
{
	if (c->closing)
		return;
	c->closing = 1;
	if (c->parked) {
		/* The parked handler still holds the request; it frees it when it
		 * completes and finds the connection closing, or at once through
		 * its abandon hook. */
		struct req *r = c->parked;
		r->conn = NULL;
		c->parked = NULL;
		if (r->on_abandon)
			r->on_abandon(r, r->abandon_arg);
	}
	/* Finished ones are freed; unfinished ones free themselves when done. */
	while (c->outq) {
		struct req *r = c->outq;
		c->outq = r->next_out;
		r->conn = NULL;
		if (r->ready)
			req_free(r);
		else if (r->on_abandon)
			r->on_abandon(r, r->abandon_arg);
	}
	c->outq_tail = NULL;
	struct broker *b = c->b;
	if (c->prev)
		c->prev->next = c->next;
	else
		b->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	b->nconns--;
	say_debug("%s: connection closed", c->peer);
	uv_close((uv_handle_t *)&c->tcp, on_close);
	if (b->stopping && !b->nconns && b->on_stopped)
		b->on_stopped(b);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct conn *c = h->data;
	struct rbuf_block *blk = block_of(c->rbuf);
	if (blk && blk->refs > 1 && c->rpos) {
		/* Requests still point into this block: read on into a new one. */
		size_t rest = c->rlen - c->rpos;
		struct rbuf_block *fresh = malloc(sizeof(*fresh) + rest + 65536);
		if (!fresh) {
			buf->base = NULL;
			buf->len = 0;
			return;
		}
		fresh->refs = 1;
		memcpy(fresh->data, c->rbuf + c->rpos, rest);
		rbuf_unpin(blk);
		c->rbuf = fresh->data;
		c->rcap = rest + 65536;
		c->rlen = rest;
		c->rpos = 0;
	}
	/* Drop consumed bytes first, then make room for at least 64 KiB. */
	if (c->rpos) {
		memmove(c->rbuf, c->rbuf + c->rpos, c->rlen - c->rpos);
		c->rlen -= c->rpos;
		c->rpos = 0;
	}
	size_t want = c->rlen + 65536;
	if (c->rlen >= 4) {
		/* A frame's size is known: make room for all of it at once. */
		int32_t size = (int32_t)be32_get(c->rbuf);
		if (size > 0 && (size_t)size <= c->b->opts.max_request_bytes && c->rlen + 65536 < 4 + (size_t)size)
			want = 4 + (size_t)size;
	}
	if (want > c->rcap) {
		blk = block_of(c->rbuf);
		struct rbuf_block *nb;
		if (blk && blk->refs > 1) {
			/* Pinned (nothing consumed yet): copy rather than move it. */
			if ((nb = malloc(sizeof(*nb) + want))) {
				nb->refs = 1;
				memcpy(nb->data, c->rbuf, c->rlen);
				rbuf_unpin(blk);
			}
		} else {
			nb = realloc(blk, sizeof(*nb) + want);
			if (nb && !blk)
				nb->refs = 1;
		}
		if (!nb) {
			buf->base = NULL;
			buf->len = 0;
			return;
		}
		c->rbuf = nb->data;
		c->rcap = want;
	}
	buf->base = (char *)c->rbuf + c->rlen;
	buf->len = c->rcap - c->rlen;
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct conn *c = s->data;
	if (n < 0) {
		if (n != UV_EOF)
			say_debug("%s: read error: %s", c->peer, uv_strerror((int)n));
		conn_close(c);
		return;
	}
	if (n == 0)
		return;
	c->rlen += (size_t)n;
	c->last_active_ms = loop_ms(c->b);
	conn_process(c);
}

static void conn_read_start(struct conn *c)
{
	if (!c->reading && !c->closing) {
		c->reading = 1;
		uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
	}
}

static void conn_read_stop(struct conn *c)
{
	if (c->reading) {
		c->reading = 0;
		uv_read_stop((uv_stream_t *)&c->tcp);
	}
}

static void on_write(uv_write_t *w, int status)
{
	struct req *r = w->data;
	struct conn *c = r->conn;
	if (c) {
		c->pending_writes--;
		c->pending_write_bytes -= r->out.total;
	}
	req_free(r);
	if (!c || c->closing)
		return;
	if (status < 0) {
		say_debug("%s: write error: %s", c->peer, uv_strerror(status));
		conn_close(c);
		return;
	}
	/* Below the write budget again: take the next frames. */
	if (!c->parked) {
		conn_process(c);
		if (c->b->stopping && !conn_busy(c))
			conn_close(c);
	}
}

/* Hand the encoded response to libuv in one writev, file regions mapped in place. */
static void conn_send(struct conn *c, struct req *r)
{
	uv_buf_t *bufs = arena_alloc(&r->arena, (size_t)r->out.npieces * sizeof(*bufs));
	for (int i = 0; i < r->out.npieces; i++) {
		struct proto_piece *pc = &r->out.pieces[i];
		const void *p = pc->p ? pc->p : filemap_view(&r->arena, pc->fd, pc->pos, pc->len);
		if (!p) {
			say_error("%s: cannot read records for a response; closing", c->peer);
			req_free(r);
			conn_close(c);
			return;
		}
		bufs[i] = uv_buf_init((char *)p, (unsigned)pc->len);
	}
	r->write.data = r;
	c->pending_writes++;
	c->pending_write_bytes += r->out.total;
	int rc = uv_write(&r->write, (uv_stream_t *)&c->tcp, bufs, (unsigned)r->out.npieces, on_write);
	if (rc < 0) {
		c->pending_writes--;
		c->pending_write_bytes -= r->out.total;
		req_free(r);
		conn_close(c);
	}
}

int conn_busy(const struct conn *c)
{
	return c->parked || c->pending_writes || c->outq;
}

/*
 * Most overlapped requests, and bytes of their frames, a connection may have
 * waiting; more wait in the socket. librdkafka pipelines up to 1,000,000
 * requests: 64 let one fsync round take 64 of them.
 */
#define CONN_MAX_OVERLAP 64
#define CONN_MAX_OVERLAP_BYTES (32u << 20)

static void outq_push(struct conn *c, struct req *r)
{
	r->next_out = NULL;
	if (c->outq_tail)
		c->outq_tail->next_out = r;
	else
		c->outq = r;
	c->outq_tail = r;
}

/* Send what is finished at the head of the queue. */
static void outq_drain(struct conn *c)
{
	while (c->outq && c->outq->ready && !c->closing) {
		struct req *r = c->outq;
		c->outq = r->next_out;
		if (!c->outq)
			c->outq_tail = NULL;
		if (r->no_response)
			req_free(r);
		else
			conn_send(c, r);
	}
}

/* A finished response: sent now, or queued behind an overlapped request. */
static void respond(struct conn *c, struct req *r)
{
	if (!c->outq) {
		conn_send(c, r);
		return;
	}
	r->ready = 1;
	outq_push(c, r);
}

/*
 * r parked for durability only: it keeps the read buffer's block (its frame
 * stays where it is) and the connection goes on with the next frame.
 */
static void overlap(struct conn *c, struct req *r, size_t frame_len)
{
	struct rbuf_block *blk = block_of(c->rbuf);
	blk->refs++;
	arena_on_release(&r->arena, rbuf_unpin, blk);
	c->rpos += frame_len;
	c->noverlap++;
	c->overlap_bytes += frame_len;
	r->overlap_bytes = frame_len;
	outq_push(c, r);
}

/* Take whole frames from the buffer, in order, until one parks or the buffer runs dry. */
static void conn_process(struct conn *c)
{
	while (!c->closing && !c->parked) {
		if (c->pending_write_bytes > c->b->opts.max_pending_write_bytes) {
			/* A client that does not read its responses stops being read. */
			conn_read_stop(c);
			return;
		}
		size_t have = c->rlen - c->rpos;
		if (have < 4)
			break;
		int32_t size = (int32_t)be32_get(c->rbuf + c->rpos);
		if (size < 0 || (size_t)size > c->b->opts.max_request_bytes) {
			say_warn("%s: request size %d outside 0..%zu (socket.request.max.bytes); closing",
				 c->peer, size, c->b->opts.max_request_bytes);
			conn_close(c);
			return;
		}
		if (have < 4 + (size_t)size)
			break;
		uint8_t *frame = c->rbuf + c->rpos + 4;
		if (c->noverlap >= CONN_MAX_OVERLAP || c->overlap_bytes >= CONN_MAX_OVERLAP_BYTES)
			break;	/* on again when one of them finishes */
		struct req *r = NULL;
		enum req_status st = req_handle(c, frame, (size_t)size, &r);
		if (st == REQ_PARKED && r->overlap) {
			overlap(c, r, 4 + (size_t)size);
			continue;
		}
		if (st == REQ_PARKED) {
			/* Frame bytes must stay where they are until the request is done. */
			c->parked = r;
			conn_read_stop(c);
			return;
		}
		c->rpos += 4 + (size_t)size;
		if (st == REQ_CLOSE) {
			req_free(r);
			conn_close(c);
			return;
		}
		if (st == REQ_NO_RESPONSE) {
			req_free(r);
			continue;
		}
		req_encode_response(r);
		respond(c, r);
	}
	if (!c->closing && !c->parked)
		conn_read_start(c);
}

void conn_request_done(struct conn *c, struct req *r)
{
	if (!c) {
		req_free(r);
		return;
	}
	if (r && r->overlap) {
		r->ready = 1;
		c->noverlap--;
		c->overlap_bytes -= r->overlap_bytes;
		outq_drain(c);
		if (!c->closing && !c->parked)
			conn_process(c);
		return;
	}
	struct req *parked = c->parked;
	c->parked = NULL;
	if (parked) {
		int32_t size = (int32_t)be32_get(c->rbuf + c->rpos);
		c->rpos += 4 + (size_t)size;
	}
	if (r)
		respond(c, r);
	if (!c->closing)
		conn_process(c);
}

void conn_accept(struct listener *l)
{
	struct broker *b = l->b;
	struct conn *c = calloc(1, sizeof(*c));
	if (!c)
		return;
	uv_tcp_init(b->loop, &c->tcp);
	c->tcp.data = c;
	c->b = b;
	c->listener = l;
	if (uv_accept((uv_stream_t *)&l->tcp, (uv_stream_t *)&c->tcp) < 0) {
		uv_close((uv_handle_t *)&c->tcp, on_close);
		return;
	}
	uv_tcp_nodelay(&c->tcp, 1);
	struct sockaddr_storage ss;
	int len = sizeof(ss);
	snprintf(c->peer, sizeof(c->peer), "?");
	if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0) {
		char ip[48];
		if (ss.ss_family == AF_INET6) {
			uv_ip6_name((struct sockaddr_in6 *)&ss, ip, sizeof(ip));
			snprintf(c->peer, sizeof(c->peer), "[%s]:%d", ip,
				 ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
		} else {
			uv_ip4_name((struct sockaddr_in *)&ss, ip, sizeof(ip));
			snprintf(c->peer, sizeof(c->peer), "%s:%d", ip,
				 ntohs(((struct sockaddr_in *)&ss)->sin_port));
		}
	}
	c->next = b->conns;
	if (b->conns)
		b->conns->prev = c;
	b->conns = c;
	b->nconns++;
	c->last_active_ms = loop_ms(b);
	say_debug("%s: connection accepted on %s", c->peer, l->name);
	conn_read_start(c);
}

void conn_check_idle(struct broker *b, int64_t now_ms)
{
	struct conn *c = b->conns;
	while (c) {
		struct conn *next = c->next;
		if (!conn_busy(c) && now_ms - c->last_active_ms > b->opts.idle_ms) {
			say_debug("%s: idle for %lld ms; closing", c->peer, (long long)(now_ms - c->last_active_ms));
			conn_close(c);
		}
		c = next;
	}
}
