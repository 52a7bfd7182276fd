/*
 * The producer engine (see producer.h).
 *
 * A Produce request v3-v7 as written here, straight into the frame buffer:
 *
 *	Size i32, request header v1 (key 0, version, correlation id, client id)
 *	TransactionalId i16 -1 (null)
 *	Acks i16, TimeoutMs i32
 *	[Topics] i32 1: Name i16+bytes,
 *	  [Partitions] i32 n: Index i32, Records i32 length + one record batch
 *
 * Batches are finished (compressed, CRC'd) by core/record's builder into
 * that buffer. A batch keeps its uncompressed records until it is answered,
 * so a retry or a split builds it again from them.
 */
#include "net/client/producer.h"

#include "core/base/bytes.h"
#include "core/base/clock.h"
#include "core/base/say.h"
#include "core/record/codec.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"
#include "net/proto/msg_data.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Per record, what its callback needs. */
struct pmeta {
	uint64_t id;
	int64_t timestamp;
	uint32_t bytes;		/* key + value */
};

struct pbatch {
	struct pbatch *next;
	int32_t partition;
	struct batch_builder b;
	struct buf meta;	/* struct pmeta per record */
	int64_t first_ns;	/* first record added; linger counts from here */
	int64_t deadline_ns;	/* delivery timeout */
	int64_t not_before_ns;	/* retry backoff */
	int attempts;
	size_t bytes;		/* records' size counted in producer.buffered */
};

struct preq {
	struct buf frame;
	int32_t corr;
	int16_t version;
	struct pbatch **batches;
	int nbatches, cap;
};

struct pnode {
	int32_t id;
	struct client_conn *conn;
	struct preq *inflight;	/* ring of max_in_flight */
	int head, n;
	int32_t next_part;	/* where the next request starts looking */
};

#define BACKOFF_MS_MIN 100
#define BACKOFF_MS_MAX 1000
/* Every this many records the cached clock is read again. */
#define CLOCK_EVERY 64

static int64_t ms_ns(int64_t ms) { return ms * 1000000; }

/* ---- batches ---- */

static struct pbatch *batch_get(struct producer *p, int32_t partition)
{
	struct pbatch *b = p->free;
	if (b) {
		p->free = b->next;
		struct buf keep = b->b.records, meta = b->meta;
		batch_builder_init(&b->b, NULL);
		buf_release(&b->b.records);
		b->b.records = keep;
		b->b.records.len = 0;
		meta.len = 0;
		b->meta = meta;
	} else {
		b = calloc(1, sizeof(*b));
		if (!b)
			abort();
		batch_builder_init(&b->b, NULL);
		buf_init(&b->meta);
	}
	b->b.opts.codec = p->o.codec;
	b->b.opts.compression_level = p->o.compression_level;
	b->next = NULL;
	b->partition = partition;
	b->first_ns = p->now_ns;
	b->deadline_ns = p->now_ns + ms_ns(p->o.delivery_timeout_ms);
	b->not_before_ns = 0;
	b->attempts = 0;
	b->bytes = 0;
	return b;
}

static void batch_put(struct producer *p, struct pbatch *b)
{
	p->buffered -= b->bytes;
	/* Keep buffers of a reasonable size for reuse; drop huge ones. */
	if (b->b.records.cap > 4 * p->o.batch_size + 65536) {
		buf_release(&b->b.records);
		buf_init(&b->b.records);
	}
	b->next = p->free;
	p->free = b;
}

static void batch_free_all(struct pbatch *b)
{
	while (b) {
		struct pbatch *n = b->next;
		batch_builder_release(&b->b);
		buf_release(&b->meta);
		free(b);
		b = n;
	}
}

static void ready_push(struct ppart *pp, struct pbatch *b)
{
	b->next = NULL;
	if (pp->ready_tail)
		pp->ready_tail->next = b;
	else
		pp->ready = b;
	pp->ready_tail = b;
}

static void ready_push_front(struct ppart *pp, struct pbatch *b)
{
	b->next = pp->ready;
	pp->ready = b;
	if (!pp->ready_tail)
		pp->ready_tail = b;
}

static struct pbatch *ready_pop(struct ppart *pp)
{
	struct pbatch *b = pp->ready;
	if (b) {
		pp->ready = b->next;
		if (!pp->ready)
			pp->ready_tail = NULL;
		b->next = NULL;
	}
	return b;
}

static void seal(struct producer *p, int32_t partition)
{
	struct ppart *pp = &p->parts[partition];
	if (!pp->open)
		return;
	ready_push(pp, pp->open);
	pp->open = NULL;
	partitioner_batch_done(&p->part, partition);
}

/* Every record of b gets its outcome; the batch goes back to the pool. */
static void batch_done(struct producer *p, struct pbatch *b, int16_t error, int64_t base_offset,
		       int64_t log_append_ms, const char *message)
{
	const struct pmeta *m = (const struct pmeta *)b->meta.data;
	int32_t n = b->b.count;

	for (int32_t i = 0; i < n; i++) {
		struct producer_result r = {
			.id = m[i].id, .partition = b->partition,
			.offset = !error && base_offset >= 0 ? base_offset + i : -1,
			.timestamp = log_append_ms >= 0 ? log_append_ms : m[i].timestamp,
			.error = error, .message = message,
		};
		if (error) {
			p->stats.records_failed++;
		} else {
			p->stats.records_acked++;
			p->stats.bytes_acked += m[i].bytes;
		}
		if (p->cb)
			p->cb(p->cb_ctx, &r);
	}
	batch_put(p, b);
}

/*
 * A batch of several records was too large for the broker: one batch per
 * record, in order, at the front of the partition's queue.
 */
static void batch_split(struct producer *p, struct pbatch *b)
{
	struct buf tmp = BUF_INIT;
	struct record_iter it;
	struct record r;
	struct pbatch *first = NULL, **tail = &first;
	const struct pmeta *m = (const struct pmeta *)b->meta.data;
	struct batch_opts plain = b->b.opts;

	plain.codec = CODEC_NONE;
	b->b.opts = plain;
	if (batch_builder_finish(&b->b, 0, -1, &tmp) ||
	    record_iter_init(&it, tmp.data, tmp.len, tmp.len)) {
		buf_release(&tmp);
		batch_done(p, b, KERR_MESSAGE_TOO_LARGE, -1, -1, NULL);
		return;
	}
	int32_t i = 0;
	struct record_header hs[64];
	while (record_iter_next(&it, &r) == 1 && i < b->b.count) {
		int32_t nh = 0;
		size_t cur = 0;
		while (nh < 64 && record_header_next(&r, &cur, &hs[nh]) == 1)
			nh++;
		struct pbatch *s = batch_get(p, b->partition);
		s->deadline_ns = b->deadline_ns;
		s->attempts = b->attempts;
		batch_builder_add(&s->b, r.timestamp, -1, r.key, r.key_len, r.value, r.value_len,
				  hs, nh);
		buf_append(&s->meta, &m[i], sizeof(m[i]));
		s->bytes = s->b.records.len;
		p->buffered += s->bytes;
		*tail = s;
		tail = &s->next;
		i++;
	}
	record_iter_release(&it);
	buf_release(&tmp);
	struct ppart *pp = &p->parts[b->partition];
	*tail = pp->ready;
	pp->ready = first;
	if (!pp->ready_tail || !*tail) {
		struct pbatch *t = first;
		while (t && t->next)
			t = t->next;
		pp->ready_tail = t;
	}
	/* The records moved to the new batches; the old one only goes back to the pool. */
	b->b.count = 0;
	batch_put(p, b);
}

/* ---- metadata ---- */

static struct pnode *node_find(struct producer *p, int32_t id)
{
	for (int i = 0; i < p->nnodes; i++)
		if (p->nodes[i].id == id)
			return &p->nodes[i];
	return NULL;
}

static struct pnode *node_add(struct producer *p, int32_t id)
{
	struct pnode *n = node_find(p, id);
	if (n)
		return n;
	p->nodes = realloc(p->nodes, sizeof(*p->nodes) * (size_t)(p->nnodes + 1));
	if (!p->nodes)
		abort();
	n = &p->nodes[p->nnodes++];
	memset(n, 0, sizeof(*n));
	n->id = id;
	n->inflight = calloc((size_t)p->o.max_in_flight, sizeof(*n->inflight));
	if (!n->inflight)
		abort();
	return n;
}

/* Fetch the topic's leaders. Returns 0, a client error or PRODUCER_ENOTOPIC. */
static int refresh_metadata(struct producer *p, int first)
{
	struct arena a;
	struct metadata_resp md;
	const char *topics[1] = { p->topic };
	int rc;

	arena_init(&a, 8192);
	p->metadata_ns = clock_mono_ns();
	p->c->deadline_ns = p->metadata_ns + ms_ns(p->o.delivery_timeout_ms);
	for (int attempt = 0;; attempt++) {
		rc = client_metadata_auto(p->c, topics, 1, p->o.auto_create, &md, &a);
		if (rc)
			break;
		const struct metadata_resp_topics *t = md.topics.n == 1 ? &md.topics.v[0] : NULL;
		int16_t e = t ? t->error_code : KERR_UNKNOWN_TOPIC_OR_PARTITION;
		/* A topic just created has no leader for a moment. */
		if (!e && t->partitions.n > 0) {
			if (first) {
				p->nparts = t->partitions.n;
				p->parts = calloc((size_t)p->nparts, sizeof(*p->parts));
				if (!p->parts)
					abort();
			}
			for (int i = 0; i < t->partitions.n; i++) {
				const struct metadata_resp_partitions *mp = &t->partitions.v[i];
				if (mp->partition_index < 0 || mp->partition_index >= p->nparts)
					continue;
				int32_t leader = mp->error_code ? -1 : mp->leader_id;
				p->parts[mp->partition_index].leader = leader;
				if (leader >= 0)
					node_add(p, leader);
			}
			p->need_metadata = 0;
			break;
		}
		/*
		 * A broker that creates topics answers LEADER_NOT_AVAILABLE for a
		 * new one; UNKNOWN_TOPIC_OR_PARTITION a few times over means it
		 * does not create it.
		 */
		snprintf(p->err, sizeof(p->err), "%s: %s", p->topic, kafka_error_name(e));
		if (!kafka_error_retriable(e) || (e == KERR_UNKNOWN_TOPIC_OR_PARTITION &&
						  (!p->o.auto_create || attempt >= 3)) ||
		    client_backoff(p->c, attempt + 1)) {
			rc = first ? PRODUCER_ENOTOPIC : 0;
			break;
		}
	}
	arena_release(&a);
	return rc;
}

int producer_open(struct producer *p, struct client *c, const char *topic,
		  const struct producer_opts *o, producer_cb cb, void *cb_ctx)
{
	memset(p, 0, sizeof(*p));
	p->c = c;
	p->topic = topic;
	p->o = *o;
	if (p->o.max_in_flight < 1)
		p->o.max_in_flight = 1;
	if (p->o.batch_size < 1)
		p->o.batch_size = 1;
	p->cb = cb;
	p->cb_ctx = cb_ctx;
	p->produce_version = -1;
	p->now_ns = clock_mono_ns();
	partitioner_init(&p->part, o->partitioner, (uint64_t)p->now_ns ^ (uint64_t)clock_wall_ms());
	int rc = refresh_metadata(p, 1);
	if (rc)
		return rc;
	if (!p->nparts) {
		snprintf(p->err, sizeof(p->err), "%s: no partitions", topic);
		return PRODUCER_ENOTOPIC;
	}
	return 0;
}

/* ---- requests ---- */

static void req_reset(struct preq *r)
{
	r->frame.len = 0;
	r->nbatches = 0;
}

static void req_add_batch(struct preq *r, struct pbatch *b)
{
	if (r->nbatches == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->batches = realloc(r->batches, sizeof(*r->batches) * (size_t)r->cap);
		if (!r->batches)
			abort();
	}
	r->batches[r->nbatches++] = b;
}

/* Whether batch b of a partition may go now. */
static int sendable(const struct producer *p, const struct pbatch *b)
{
	return b && b->not_before_ns <= p->now_ns;
}

static int due(const struct producer *p, const struct pbatch *b, int flushing)
{
	return b && b->b.count && (flushing || b->first_ns + ms_ns(p->o.linger_ms) <= p->now_ns ||
				   b->b.records.len >= p->o.batch_size);
}

/* Retry b after a backoff, or fail it when its time or attempts are spent. */
static void retry_or_fail(struct producer *p, struct pbatch *b, int16_t error, const char *msg)
{
	b->attempts++;
	if (b->attempts > p->o.retries || p->now_ns >= b->deadline_ns) {
		batch_done(p, b, error, -1, -1, msg);
		return;
	}
	int64_t ms = BACKOFF_MS_MIN;
	for (int i = 1; i < b->attempts && ms < BACKOFF_MS_MAX; i++)
		ms *= 2;
	if (ms > BACKOFF_MS_MAX)
		ms = BACKOFF_MS_MAX;
	b->not_before_ns = p->now_ns + ms_ns(ms);
	p->stats.retries++;
	if (p->o.debug)
		say(SAY_DEBUG, "%s [%d]: %s%s%s; retry %d in %lld ms", p->topic, b->partition,
		    kafka_error_name(error), msg ? ": " : "", msg ? msg : "", b->attempts,
		    (long long)ms);
	p->need_metadata = 1;
	ready_push_front(&p->parts[b->partition], b);
}

/* The connection of node broke: every request in flight there is retried. */
static void node_broken(struct producer *p, struct pnode *n)
{
	char msg[sizeof(p->c->err)];

	snprintf(msg, sizeof(msg), "%s", client_error(p->c));
	p->now_ns = clock_mono_ns();
	/* Newest first, so pushing to the front keeps the original order. */
	for (int k = n->n - 1; k >= 0; k--) {
		struct preq *r = &n->inflight[(n->head + k) % p->o.max_in_flight];
		for (int i = r->nbatches - 1; i >= 0; i--)
			retry_or_fail(p, r->batches[i], KERR_NETWORK_EXCEPTION, msg);
		req_reset(r);
	}
	n->n = 0;
	n->head = 0;
	n->conn = NULL;
	p->need_metadata = 1;
}

/* Build and send one request to node n from the batches ready for it. */
static int send_request(struct producer *p, struct pnode *n, int flushing)
{
	struct preq *r = &n->inflight[(n->head + n->n) % p->o.max_in_flight];
	int version = client_version(n->conn, API_PRODUCE);
	size_t tlen = strlen(p->topic);

	if (version < 3) {
		snprintf(p->c->err, sizeof(p->c->err), "%s:%d does not support Produce v3 or later",
			 n->conn->host, n->conn->port);
		return CLIENT_EPROTO;
	}
	req_reset(r);
	r->corr = client_frame_begin(p->c, n->conn, API_PRODUCE, version, &r->frame);
	r->version = (int16_t)version;
	uint8_t *h = buf_grow(&r->frame, 2 + 2 + 4 + 4 + 2 + tlen + 4);
	be16_put(h, 0xffff);
	be16_put(h + 2, (uint16_t)p->o.acks);
	be32_put(h + 4, (uint32_t)p->o.request_timeout_ms);
	be32_put(h + 8, 1);
	be16_put(h + 12, (uint16_t)tlen);
	memcpy(h + 14, p->topic, tlen);
	size_t count_at = r->frame.len - 4;

	/* Start where the last request stopped, so no partition waits behind the others. */
	for (int32_t k = 0; k < p->nparts; k++) {
		int32_t i = (n->next_part + k) % p->nparts;
		struct ppart *pp = &p->parts[i];
		if (pp->leader != n->id)
			continue;
		if (!pp->ready && due(p, pp->open, flushing))
			seal(p, i);
		if (!sendable(p, pp->ready))
			continue;
		if (r->nbatches && r->frame.len + pp->ready->b.records.len > p->o.max_request_size) {
			n->next_part = i;
			break;
		}
		struct pbatch *b = ready_pop(pp);
		size_t at = r->frame.len;
		buf_grow(&r->frame, 8);
		be32_put(r->frame.data + at, (uint32_t)i);
		if (batch_builder_finish(&b->b, 0, -1, &r->frame)) {
			r->frame.len = at;
			batch_done(p, b, KERR_UNSUPPORTED_COMPRESSION_TYPE, -1, -1, NULL);
			continue;
		}
		be32_put(r->frame.data + at + 4, (uint32_t)(r->frame.len - at - 8));
		req_add_batch(r, b);
	}
	if (!r->nbatches)
		return 0;
	be32_put(r->frame.data + count_at, (uint32_t)r->nbatches);
	client_frame_end(&r->frame, 0);
	p->c->deadline_ns = p->now_ns + ms_ns(p->o.request_timeout_ms);
	if (p->o.debug)
		say(SAY_DEBUG, "Produce v%d to node %d: %d batches, %zu bytes", version, n->id,
		    r->nbatches, r->frame.len);
	int rc = client_send_frame(p->c, n->conn, r->frame.data, r->frame.len);
	p->stats.requests++;
	n->n++;
	if (rc) {
		node_broken(p, n);
		return 0;
	}
	if (p->o.acks == 0) {
		/* No answer will come: the request is done once written. */
		for (int i = 0; i < r->nbatches; i++)
			batch_done(p, r->batches[i], 0, -1, -1, NULL);
		req_reset(r);
		n->n--;
	}
	return 0;
}

/* Read the answer to node n's oldest request and settle its batches. */
static int recv_response(struct producer *p, struct pnode *n)
{
	struct preq *r = &n->inflight[n->head];
	struct produce_resp resp;
	struct arena a;

	arena_init(&a, 4096);
	p->c->deadline_ns = clock_mono_ns() + ms_ns(p->o.request_timeout_ms);
	int rc = client_recv_frame(p->c, n->conn, API_PRODUCE, r->version, r->corr, &resp, &a);
	p->now_ns = clock_mono_ns();
	if (rc) {
		arena_release(&a);
		node_broken(p, n);
		return 0;
	}
	p->produce_version = r->version;
	for (int i = 0; i < r->nbatches; i++) {
		struct pbatch *b = r->batches[i];
		const struct produce_resp_partition_responses *pr = NULL;
		for (int t = 0; t < resp.responses.n && !pr; t++)
			for (int k = 0; k < resp.responses.v[t].partition_responses.n; k++)
				if (resp.responses.v[t].partition_responses.v[k].index == b->partition)
					pr = &resp.responses.v[t].partition_responses.v[k];
		int16_t e = pr ? pr->error_code : KERR_UNKNOWN_SERVER_ERROR;
		if (!e)
			batch_done(p, b, 0, pr->base_offset, pr->log_append_time_ms, NULL);
		else if (e == KERR_MESSAGE_TOO_LARGE && b->b.count > 1)
			batch_split(p, b);
		else if (kafka_error_retriable(e) && e != KERR_CORRUPT_MESSAGE)
			retry_or_fail(p, b, e, NULL);
		else
			batch_done(p, b, e, -1, -1, NULL);
	}
	arena_release(&a);
	req_reset(r);
	n->head = (n->head + 1) % p->o.max_in_flight;
	n->n--;
	return 0;
}

/*
 * The leader's own connection, never the bootstrap one: metadata requests
 * go there as blocking calls and must not meet Produce answers.
 */
static struct client_conn *leader_conn(struct producer *p, int32_t id)
{
	for (int i = 0; i < p->c->nbrokers; i++) {
		struct client_conn *k = &p->c->brokers[i];
		if (k->node_id != id)
			continue;
		return client_conn_open(p->c, k) ? NULL : k;
	}
	snprintf(p->c->err, sizeof(p->c->err), "broker %d is not in the cluster metadata", id);
	return NULL;
}

static void sleep_until(struct producer *p, int64_t t_ns)
{
	int64_t now = clock_mono_ns();
	/* Never spin: something waits for a backoff, a leader or a linger. */
	if (t_ns < now + 1000000)
		t_ns = now + 1000000;
	int64_t d = t_ns - now;
	struct timespec ts = { d / 1000000000, d % 1000000000 };
	nanosleep(&ts, NULL);
	p->now_ns = clock_mono_ns();
}

/* Whether fd has bytes (or an error) to read now. */
static int readable(int fd)
{
	struct pollfd pf = { .fd = fd, .events = POLLIN };
	return poll(&pf, 1, 0) > 0;
}

/* Whether node n has a batch that may go now. */
static int node_has_work(struct producer *p, struct pnode *n, int flushing)
{
	for (int32_t i = 0; i < p->nparts; i++) {
		struct ppart *pp = &p->parts[i];
		if (pp->leader == n->id &&
		    (sendable(p, pp->ready) || (!pp->ready && due(p, pp->open, flushing))))
			return 1;
	}
	return 0;
}

/* Batches of partitions without a known leader wait for metadata; fail them when it never comes. */
static void fail_leaderless(struct producer *p)
{
	for (int32_t i = 0; i < p->nparts; i++) {
		struct ppart *pp = &p->parts[i];
		if (pp->leader >= 0 || (!pp->ready && !pp->open))
			continue;
		p->need_metadata = 1;
		if (pp->open && pp->open->deadline_ns <= p->now_ns)
			seal(p, i);
		while (pp->ready && pp->ready->deadline_ns <= p->now_ns)
			batch_done(p, ready_pop(pp), KERR_LEADER_NOT_AVAILABLE, -1, -1, NULL);
	}
}

/*
 * One round: refresh metadata when asked, send what may go, read answers
 * that are there. With block, wait for one answer when nothing else could
 * be done. Returns 1 when something happened, 0 when not, or <0.
 */
static int pump(struct producer *p, int flushing, int block)
{
	int progress = 0;

	p->now_ns = clock_mono_ns();
	/* At most every backoff step, however many batches asked for it. */
	if (p->need_metadata && p->now_ns - p->metadata_ns >= ms_ns(BACKOFF_MS_MIN)) {
		int rc = refresh_metadata(p, 0);
		p->now_ns = clock_mono_ns();
		if (rc && rc != CLIENT_EUNAVAIL)
			return rc;
	}
	fail_leaderless(p);
	for (int i = 0; i < p->nnodes; i++) {
		struct pnode *n = &p->nodes[i];
		while (n->n < p->o.max_in_flight && node_has_work(p, n, flushing)) {
			if (!n->conn || n->conn->fd < 0) {
				p->c->deadline_ns = p->now_ns + ms_ns(p->o.request_timeout_ms);
				n->conn = leader_conn(p, n->id);
				if (!n->conn) {
					node_broken(p, n);
					/* Hold this node's batches back until their backoff. */
					for (int32_t k = 0; k < p->nparts; k++) {
						struct ppart *pp = &p->parts[k];
						if (pp->leader != n->id)
							continue;
						if (!pp->ready && due(p, pp->open, flushing))
							seal(p, k);
						struct pbatch *b = ready_pop(pp);
						if (b)
							retry_or_fail(p, b, KERR_NETWORK_EXCEPTION,
								      client_error(p->c));
					}
					progress = 1;
					break;
				}
			}
			int rc = send_request(p, n, flushing);
			if (rc)
				return rc;
			progress = 1;
		}
		while (n->n > 0 && n->conn && p->o.acks != 0 && readable(n->conn->fd)) {
			recv_response(p, n);
			progress = 1;
		}
	}
	if (progress || !block)
		return progress;
	for (int i = 0; i < p->nnodes; i++) {
		struct pnode *n = &p->nodes[i];
		if (n->n > 0 && n->conn) {
			recv_response(p, n);
			return 1;
		}
	}
	return 0;
}

/* The earliest time a waiting batch may go (backoff or linger), or -1. */
static int64_t next_due_ns(struct producer *p, int flushing)
{
	int64_t t = -1;
	for (int32_t i = 0; i < p->nparts; i++) {
		struct ppart *pp = &p->parts[i];
		int64_t d = -1;
		if (pp->ready)
			d = pp->ready->not_before_ns;
		else if (pp->open && pp->open->b.count)
			d = flushing ? p->now_ns : pp->open->first_ns + ms_ns(p->o.linger_ms);
		if (d >= 0 && (t < 0 || d < t))
			t = d;
	}
	return t;
}

int producer_pending(const struct producer *p)
{
	return (int)(p->stats.records_sent - p->stats.records_acked - p->stats.records_failed);
}

int producer_send(struct producer *p, int32_t partition, int64_t timestamp, const void *key,
		  int32_t key_len, const void *value, int32_t value_len,
		  const struct record_header *headers, int32_t nheaders, uint64_t id)
{
	/* Now and then: read the clock, send what is due and read what has come. */
	int tick = ++p->since_clock >= CLOCK_EVERY;
	if (tick) {
		p->since_clock = 0;
		p->now_ns = clock_mono_ns();
	}
	if (partition < 0 || partition >= p->nparts)
		partition = partitioner_pick(&p->part, key, key_len, p->nparts);
	struct ppart *pp = &p->parts[partition];
	size_t est = 32 + (key_len > 0 ? (size_t)key_len : 0) + (value_len > 0 ? (size_t)value_len : 0);
	for (int32_t i = 0; i < nheaders; i++)
		est += 16 + (headers[i].key_len > 0 ? (size_t)headers[i].key_len : 0) +
		       (headers[i].value_len > 0 ? (size_t)headers[i].value_len : 0);
	/* A record that would overflow the batch starts a new one; a huge one goes alone. */
	if (pp->open && pp->open->b.count && pp->open->b.records.len + est > p->o.batch_size) {
		seal(p, partition);
		tick = 1;
	}
	if (!pp->open)
		pp->open = batch_get(p, partition);
	struct pbatch *b = pp->open;
	size_t before = b->b.records.len;
	batch_builder_add(&b->b, timestamp, -1, key, key_len, value, value_len, headers, nheaders);
	struct pmeta *m = (struct pmeta *)buf_grow(&b->meta, sizeof(*m));
	m->id = id;
	m->timestamp = timestamp;
	m->bytes = (uint32_t)((key_len > 0 ? key_len : 0) + (value_len > 0 ? value_len : 0));
	b->bytes += b->b.records.len - before;
	p->buffered += b->b.records.len - before;
	p->stats.records_sent++;
	if (b->b.records.len >= p->o.batch_size) {
		seal(p, partition);
		tick = 1;
	}
	/* Full batches go out as soon as a request slot is free. */
	if (tick) {
		int rc = pump(p, 0, 0);
		if (rc < 0)
			return rc;
	}
	while (p->buffered > p->o.buffer_memory) {
		int rc = pump(p, 1, 1);
		if (rc < 0)
			return rc;
		if (rc == 0)
			sleep_until(p, next_due_ns(p, 1));
	}
	return 0;
}

int producer_poll(struct producer *p, int64_t wait_ns)
{
	int64_t end = clock_mono_ns() + wait_ns;
	int rc = pump(p, 0, 0);
	if (rc != 0 || wait_ns <= 0)
		return rc < 0 ? rc : 0;
	/* Nothing moved: wait for an answer, but not past the next batch's linger. */
	int64_t due = next_due_ns(p, 0);
	if (due >= 0 && due < end)
		end = due;
	int64_t d = end - clock_mono_ns();
	if (d <= 0)
		return 0;
	struct timespec ts = { d / 1000000000, d % 1000000000 };
	for (int i = 0; i < p->nnodes; i++) {
		struct pnode *n = &p->nodes[i];
		if (n->n > 0 && n->conn && n->conn->fd >= 0) {
			struct pollfd pf = { .fd = n->conn->fd, .events = POLLIN };
			if (ppoll(&pf, 1, &ts, NULL) > 0)
				rc = pump(p, 0, 0);
			return rc < 0 ? rc : 0;
		}
	}
	nanosleep(&ts, NULL);
	return 0;
}

int64_t producer_next_ms(struct producer *p)
{
	p->now_ns = clock_mono_ns();
	int64_t t = next_due_ns(p, 0);
	if (t < 0)
		return -1;
	return t <= p->now_ns ? 0 : (t - p->now_ns + 999999) / 1000000;
}

int producer_flush(struct producer *p)
{
	while (producer_pending(p) > 0) {
		int rc = pump(p, 1, 1);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			int64_t t = next_due_ns(p, 1);
			if (t < 0)
				return 0;	/* nothing left that could move */
			sleep_until(p, t);
		}
	}
	return 0;
}

void producer_close(struct producer *p)
{
	/* Whatever is left fails: in flight without an answer, queued, open. */
	for (int i = 0; i < p->nnodes; i++) {
		struct pnode *n = &p->nodes[i];
		for (int k = 0; k < n->n; k++) {
			struct preq *r = &n->inflight[(n->head + k) % p->o.max_in_flight];
			for (int j = 0; j < r->nbatches; j++)
				batch_done(p, r->batches[j], KERR_REQUEST_TIMED_OUT, -1, -1, "not answered");
			r->nbatches = 0;
		}
		n->n = 0;
		for (int k = 0; k < p->o.max_in_flight; k++) {
			buf_release(&n->inflight[k].frame);
			free(n->inflight[k].batches);
		}
		free(n->inflight);
	}
	for (int32_t i = 0; p->parts && i < p->nparts; i++) {
		struct ppart *pp = &p->parts[i];
		if (pp->open)
			ready_push(pp, pp->open);
		pp->open = NULL;
		struct pbatch *b;
		while ((b = ready_pop(pp)))
			batch_done(p, b, KERR_REQUEST_TIMED_OUT, -1, -1, "not sent");
	}
	batch_free_all(p->free);
	free(p->parts);
	free(p->nodes);
	memset(p, 0, sizeof(*p));
}
