/*
 * The tools' consumer engine (see consumer.h): offset resolution through
 * ListOffsets, session-less Fetch per leader, batch walking with reused
 * decompression memory, and the retry policy.
 */
#include "net/client/consumer.h"

#include "core/base/bytes.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/record/codec.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"
#include "net/proto/msg_data.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TS_LATEST (-1)
#define TS_EARLIEST (-2)
#define NO_TS INT64_MIN
/* A compressed batch may not inflate beyond this (decompression bombs). */
#define MAX_INFLATED (256u * 1024 * 1024)
#define MAX_ABORTED_ACTIVE 256

static void set_err(struct consumer *cs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(struct consumer *cs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cs->err, sizeof(cs->err), fmt, ap);
	va_end(ap);
}

void consumer_init(struct consumer *cs, struct client *c, const struct consumer_opts *o)
{
	memset(cs, 0, sizeof(*cs));
	cs->c = c;
	cs->opts = *o;
	if (cs->opts.max_bytes <= 0)
		cs->opts.max_bytes = 50 * 1024 * 1024;
	if (cs->opts.partition_max_bytes <= 0)
		cs->opts.partition_max_bytes = 1024 * 1024;
	if (cs->opts.max_wait_ms < 0)
		cs->opts.max_wait_ms = 500;
	if (cs->opts.timeout_ms <= 0)
		cs->opts.timeout_ms = 10000;
	buf_init(&cs->inflated);
	cs->need_metadata = 1;
}

void consumer_release(struct consumer *cs)
{
	for (int i = 0; i < cs->nparts; i++)
		free(cs->parts[i].topic);
	free(cs->parts);
	buf_release(&cs->inflated);
	cs->parts = NULL;
	cs->nparts = cs->cap = 0;
}

const char *consumer_error(const struct consumer *cs)
{
	return cs->err[0] ? cs->err : client_error(cs->c);
}

struct consumer_part *consumer_find(struct consumer *cs, const char *topic, int32_t partition)
{
	for (int i = 0; i < cs->nparts; i++)
		if (cs->parts[i].partition == partition && !strcmp(cs->parts[i].topic, topic))
			return &cs->parts[i];
	return NULL;
}

void consumer_assign(struct consumer *cs, const char *topic, int32_t partition,
		     struct consumer_point start, struct consumer_point stop)
{
	struct consumer_part *p = consumer_find(cs, topic, partition);

	if (!p) {
		if (cs->nparts == cs->cap) {
			cs->cap = cs->cap ? cs->cap * 2 : 16;
			cs->parts = realloc(cs->parts, sizeof(*cs->parts) * (size_t)cs->cap);
			if (!cs->parts)
				abort();
		}
		p = &cs->parts[cs->nparts++];
		memset(p, 0, sizeof(*p));
		p->topic = strdup(topic);
		if (!p->topic)
			abort();
		p->partition = partition;
		p->leader = -1;
		p->leader_epoch = -1;
		p->high_watermark = p->last_stable = p->log_start = -1;
	}
	/* Leaders may have moved while it was revoked; one refresh serves a whole assignment. */
	cs->need_metadata = 1;
	p->revoked = 0;
	p->position = -1;
	p->stop = -1;
	p->start_at = start;
	p->stop_at = stop;
	p->need_start = 1;
	p->need_stop = stop.at != CONSUMER_AT_NONE;
}

int consumer_revoke(struct consumer *cs, const char *topic, int32_t partition)
{
	struct consumer_part *p = consumer_find(cs, topic, partition);

	if (!p || p->revoked)
		return -1;
	p->revoked = 1;
	p->need_start = p->need_stop = 0;
	return 0;
}

int consumer_position(const struct consumer *cs, const char *topic, int32_t partition,
		      int64_t *pos)
{
	struct consumer_part *p = consumer_find((struct consumer *)cs, topic, partition);

	if (!p || p->revoked)
		return -1;
	*pos = p->position;
	return 0;
}

static int part_done(const struct consumer_part *p)
{
	return !p->revoked && !p->need_start && !p->need_stop && p->stop >= 0 &&
	       p->position >= p->stop;
}

int consumer_done(const struct consumer *cs)
{
	for (int i = 0; i < cs->nparts; i++)
		if (!cs->parts[i].revoked && !part_done(&cs->parts[i]))
			return 0;
	return 1;
}

int64_t consumer_lag(const struct consumer *cs)
{
	int64_t lag = 0;

	for (int i = 0; i < cs->nparts; i++) {
		const struct consumer_part *p = &cs->parts[i];
		int64_t end = p->stop >= 0 ? p->stop :
			      cs->opts.read_committed && p->last_stable >= 0 ? p->last_stable :
			      p->high_watermark;
		if (!p->revoked && p->position >= 0 && end > p->position)
			lag += end - p->position;
	}
	return lag;
}

/* ---- failures and the deadline ---- */

/* Give the client a fresh deadline for one round of requests. */
static void arm(struct consumer *cs)
{
	int64_t now = clock_mono_ns();
	int64_t budget = cs->opts.timeout_ms;

	if (cs->failing_since_ns)
		budget -= (now - cs->failing_since_ns) / 1000000;
	if (budget < 100)
		budget = 100;
	cs->c->deadline_ns = now + (budget + cs->opts.max_wait_ms) * 1000000;
}

/*
 * A retriable failure happened: 0 to try again (after a pause), or rc once
 * failures have lasted longer than the timeout.
 */
static int retry_or_fail(struct consumer *cs, int rc)
{
	int64_t now = clock_mono_ns();

	cs->need_metadata = 1;
	if (!cs->failing_since_ns)
		cs->failing_since_ns = now;
	int64_t spent = (now - cs->failing_since_ns) / 1000000;
	if (spent >= cs->opts.timeout_ms) {
		char why[sizeof(cs->err)];
		snprintf(why, sizeof(why), "%s", consumer_error(cs));
		set_err(cs, "still failing after %lld ms: %s", (long long)spent, why);
		return rc;
	}
	int64_t ms = spent < 200 ? 100 : spent < 2000 ? 250 : 1000;
	if (ms > cs->opts.timeout_ms - spent)
		ms = cs->opts.timeout_ms - spent;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
	return 0;
}

static int retriable(int16_t code)
{
	return code == KERR_NOT_LEADER_OR_FOLLOWER || code == KERR_LEADER_NOT_AVAILABLE ||
	       code == KERR_FENCED_LEADER_EPOCH || code == KERR_UNKNOWN_LEADER_EPOCH ||
	       code == KERR_REPLICA_NOT_AVAILABLE || code == KERR_KAFKA_STORAGE_ERROR ||
	       code == KERR_UNKNOWN_TOPIC_OR_PARTITION || kafka_error_retriable(code);
}

/* ---- metadata ---- */

static int refresh_metadata(struct consumer *cs)
{
	struct arena a;
	struct metadata_resp md;
	const char **names;
	int n = 0, rc;

	arena_init(&a, 16384);
	names = arena_zalloc(&a, sizeof(*names) * (size_t)(cs->nparts + 1));
	for (int i = 0; i < cs->nparts; i++) {
		int seen = 0;
		if (cs->parts[i].revoked)
			continue;
		for (int k = 0; k < n && !seen; k++)
			seen = !strcmp(names[k], cs->parts[i].topic);
		if (!seen)
			names[n++] = cs->parts[i].topic;
	}
	if (!n) {
		arena_release(&a);
		cs->need_metadata = 0;
		return 0;
	}
	rc = client_metadata(cs->c, names, n, &md, &a);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	for (int i = 0; i < cs->nparts; i++) {
		struct consumer_part *p = &cs->parts[i];
		const struct metadata_resp_topics *t = NULL;
		if (p->revoked)
			continue;
		p->leader = -1;
		for (int k = 0; k < md.topics.n && !t; k++)
			if (kstr_eq(md.topics.v[k].name, p->topic))
				t = &md.topics.v[k];
		if (!t || t->error_code == KERR_UNKNOWN_TOPIC_OR_PARTITION) {
			set_err(cs, "%s: UNKNOWN_TOPIC_OR_PARTITION: the topic does not exist",
				p->topic);
			arena_release(&a);
			return CONSUMER_ENOTFOUND;
		}
		if (t->error_code && !retriable(t->error_code)) {
			set_err(cs, "%s: %s", p->topic, kafka_error_name(t->error_code));
			arena_release(&a);
			return CONSUMER_EFAILED;
		}
		int found = 0;
		for (int k = 0; k < t->partitions.n; k++) {
			const struct metadata_resp_partitions *mp = &t->partitions.v[k];
			if (mp->partition_index != p->partition)
				continue;
			found = 1;
			if (!mp->error_code || mp->error_code == KERR_REPLICA_NOT_AVAILABLE)
				p->leader = mp->leader_id;
		}
		if (!found && !t->error_code) {
			set_err(cs, "%s [%d]: UNKNOWN_TOPIC_OR_PARTITION: the topic has %d partitions",
				p->topic, p->partition, t->partitions.n);
			arena_release(&a);
			return CONSUMER_ENOTFOUND;
		}
	}
	arena_release(&a);
	for (int i = 0; i < cs->nparts; i++)
		if (!cs->parts[i].revoked && cs->parts[i].leader < 0) {
			set_err(cs, "%s [%d]: no leader", cs->parts[i].topic, cs->parts[i].partition);
			return CLIENT_EUNAVAIL;
		}
	cs->need_metadata = 0;
	return 0;
}

/* ---- offset resolution ---- */

/*
 * ListOffsets for every partition with ts[i] != NO_TS, one request per
 * leader; results in out[i]. Returns 0, 1 when a retriable error asks for
 * another round, or a negative code.
 */
static int list_offsets(struct consumer *cs, const int64_t *ts, int64_t *out, struct arena *a)
{
	int again = 0;

	for (int i = 0; i < cs->nparts; i++) {
		int32_t leader = cs->parts[i].leader;
		int dup = 0;
		if (ts[i] == NO_TS)
			continue;
		for (int k = 0; k < i && !dup; k++)
			dup = ts[k] != NO_TS && cs->parts[k].leader == leader;
		if (dup)
			continue;
		struct list_offsets_req req;
		struct list_offsets_resp resp;
		memset(&req, 0, sizeof(req));
		req.replica_id = -1;
		req.isolation_level = (int8_t)cs->opts.read_committed;
		req.topics.v = arena_zalloc(a, sizeof(*req.topics.v) * (size_t)cs->nparts);
		for (int k = i; k < cs->nparts; k++) {
			struct consumer_part *p = &cs->parts[k];
			if (ts[k] == NO_TS || p->leader != leader)
				continue;
			struct list_offsets_req_topics *t = NULL;
			for (int j = 0; j < req.topics.n && !t; j++)
				if (kstr_eq(req.topics.v[j].name, p->topic))
					t = &req.topics.v[j];
			if (!t) {
				t = &req.topics.v[req.topics.n++];
				t->name = kstr_c(p->topic);
				t->partitions.v = arena_zalloc(a, sizeof(*t->partitions.v) *
								      (size_t)cs->nparts);
			}
			t->partitions.v[t->partitions.n].partition_index = p->partition;
			t->partitions.v[t->partitions.n++].timestamp = ts[k];
		}
		struct client_conn *k = client_broker(cs->c, leader);
		if (!k)
			return CLIENT_EUNAVAIL;
		int rc = client_call(cs->c, k, API_LIST_OFFSETS, &req, &resp, a);
		if (rc)
			return rc;
		for (int t = 0; t < resp.topics.n; t++) {
			const struct list_offsets_resp_topics *rt = &resp.topics.v[t];
			for (int j = 0; j < rt->partitions.n; j++) {
				const struct list_offsets_resp_partitions *rp = &rt->partitions.v[j];
				char name[256];
				snprintf(name, sizeof(name), "%.*s", rt->name.len > 0 ? rt->name.len : 0,
					 rt->name.p ? rt->name.p : "");
				struct consumer_part *p = consumer_find(cs, name, rp->partition_index);
				if (!p)
					continue;
				if (rp->error_code && retriable(rp->error_code)) {
					again = 1;
					continue;
				}
				if (rp->error_code) {
					set_err(cs, "%s [%d]: ListOffsets: %s", p->topic, p->partition,
						kafka_error_name(rp->error_code));
					return CONSUMER_EFAILED;
				}
				out[p - cs->parts] = rp->offset;
			}
		}
	}
	return again;
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The offset a point names, given the partition's log start and end. */
static int64_t point_offset(struct consumer_point pt, int64_t start, int64_t end, int64_t at_time)
{
	switch (pt.at) {
	case CONSUMER_AT_OFFSET: return pt.value;
	case CONSUMER_AT_BEGINNING: return clamp(start + pt.value, start, end);
	case CONSUMER_AT_END: return clamp(end - pt.value, start, end);
	case CONSUMER_AT_TIME: return at_time >= 0 ? at_time : end;
	case CONSUMER_AT_NONE: break;
	}
	return -1;
}

int consumer_resolve(struct consumer *cs)
{
	int any = 0, n = cs->nparts, rc;

	for (int i = 0; i < n; i++)
		any |= !cs->parts[i].revoked && (cs->parts[i].need_start || cs->parts[i].need_stop);
	if (!any)
		return 0;
	if (cs->need_metadata && (rc = refresh_metadata(cs)))
		return rc;
	struct arena a;
	arena_init(&a, 16384);
	int64_t *ts = arena_alloc(&a, sizeof(int64_t) * (size_t)n);
	int64_t *lo = arena_alloc(&a, sizeof(int64_t) * (size_t)n);
	int64_t *hi = arena_alloc(&a, sizeof(int64_t) * (size_t)n);
	int64_t *t0 = arena_alloc(&a, sizeof(int64_t) * (size_t)n);
	int64_t *t1 = arena_alloc(&a, sizeof(int64_t) * (size_t)n);
	int again = 0;

	for (int i = 0; i < n; i++) {
		struct consumer_part *p = &cs->parts[i];
		int want = !p->revoked && (p->need_start || p->need_stop);
		lo[i] = hi[i] = -1;
		t0[i] = t1[i] = -3;	/* -1 is an answer: no record that late */
		ts[i] = want ? TS_EARLIEST : NO_TS;
	}
	rc = list_offsets(cs, ts, lo, &a);
	for (int i = 0; i < n && rc >= 0; i++)
		ts[i] = ts[i] == NO_TS ? NO_TS : TS_LATEST;
	if (rc >= 0 && (again |= rc, rc = list_offsets(cs, ts, hi, &a)) >= 0) {
		again |= rc;
		for (int i = 0; i < n; i++) {
			const struct consumer_part *p = &cs->parts[i];
			ts[i] = ts[i] != NO_TS && p->need_start && p->start_at.at == CONSUMER_AT_TIME ?
					p->start_at.value : NO_TS;
		}
		rc = list_offsets(cs, ts, t0, &a);
	}
	if (rc >= 0) {
		again |= rc;
		for (int i = 0; i < n; i++) {
			const struct consumer_part *p = &cs->parts[i];
			ts[i] = !p->revoked && p->need_stop && p->stop_at.at == CONSUMER_AT_TIME ?
					p->stop_at.value : NO_TS;
		}
		rc = list_offsets(cs, ts, t1, &a);
	}
	if (rc < 0) {
		arena_release(&a);
		return rc;
	}
	again |= rc;
	for (int i = 0; i < n; i++) {
		struct consumer_part *p = &cs->parts[i];
		if (p->revoked || lo[i] < 0 || hi[i] < 0)
			continue;
		if ((p->need_start && p->start_at.at == CONSUMER_AT_TIME && t0[i] < -1) ||
		    (p->need_stop && p->stop_at.at == CONSUMER_AT_TIME && t1[i] < -1))
			continue;
		p->log_start = lo[i];
		if (cs->opts.read_committed)
			p->last_stable = hi[i];
		else
			p->high_watermark = hi[i];
		if (p->need_start) {
			p->position = point_offset(p->start_at, lo[i], hi[i], t0[i]);
			p->need_start = 0;
		}
		if (p->need_stop) {
			p->stop = point_offset(p->stop_at, lo[i], hi[i], t1[i]);
			p->need_stop = 0;
		}
	}
	arena_release(&a);
	for (int i = 0; i < n; i++)
		if (!cs->parts[i].revoked && (cs->parts[i].need_start || cs->parts[i].need_stop))
			again = 1;
	if (again) {
		cs->need_metadata = 1;
		set_err(cs, "offsets could not be resolved for every partition");
		return CLIENT_EUNAVAIL;
	}
	return 0;
}

/* ---- reading batches ---- */

/*
 * Open an iterator over a batch; compressed records inflate into the
 * consumer's reused buffer instead of the iterator's own, so no batch costs
 * an allocation once the buffer has grown. The iterator's buffer stays
 * empty and its release is a no-op.
 */
static int iter_open(struct consumer *cs, const uint8_t *batch, size_t total,
		     struct record_iter *it)
{
	struct batch_header h;
	int rc = batch_header_parse(batch, total, &h);

	if (rc)
		return rc;
	if (batch_codec(&h) == CODEC_NONE || h.records_count == 0)
		return record_iter_init(it, batch, total, MAX_INFLATED);
	if (batch_total_size(&h) > total)
		return KAF_ETRUNC;
	buf_reset(&cs->inflated);
	rc = codec_decompress(batch_codec(&h), batch + BATCH_HEADER_SIZE,
			      batch_total_size(&h) - BATCH_HEADER_SIZE, MAX_INFLATED, &cs->inflated);
	if (rc)
		return rc;
	memset(it, 0, sizeof(*it));
	it->h = h;
	it->p = cs->inflated.data ? cs->inflated.data : batch + BATCH_HEADER_SIZE;
	it->end = it->p + cs->inflated.len;
	return 0;
}

struct aborted {
	const struct fetch_resp_aborted_transactions *list;	/* sorted by first_offset */
	int n, next;
	int64_t active[MAX_ABORTED_ACTIVE];
	int nactive;
};

static int cmp_aborted(const void *x, const void *y)
{
	const struct fetch_resp_aborted_transactions *a = x, *b = y;
	return a->first_offset < b->first_offset ? -1 : a->first_offset > b->first_offset;
}

static int aborted_has(const struct aborted *ab, int64_t pid)
{
	for (int i = 0; i < ab->nactive; i++)
		if (ab->active[i] == pid)
			return 1;
	return 0;
}

/* Whether the batch is part of an aborted transaction (read_committed bookkeeping). */
static int skip_aborted(struct aborted *ab, const struct batch_header *h, const uint8_t *batch,
			size_t total, struct consumer *cs)
{
	while (ab->next < ab->n && ab->list[ab->next].first_offset <= batch_last_offset(h)) {
		int64_t pid = ab->list[ab->next++].producer_id;
		if (!aborted_has(ab, pid) && ab->nactive < MAX_ABORTED_ACTIVE)
			ab->active[ab->nactive++] = pid;
	}
	if (!(h->attributes & BATCH_ATTR_TRANSACTIONAL) || !aborted_has(ab, h->producer_id))
		return 0;
	if (h->attributes & BATCH_ATTR_CONTROL) {
		struct record_iter it;
		struct record r;
		int16_t type;
		if (!iter_open(cs, batch, total, &it) && record_iter_next(&it, &r) == 1 &&
		    !control_record_type(&r, &type) && type == CONTROL_ABORT)
			for (int i = 0; i < ab->nactive; i++)
				if (ab->active[i] == h->producer_id)
					ab->active[i] = ab->active[--ab->nactive];
		record_iter_release(&it);
	}
	return 1;
}

/*
 * Hand out the records of one partition's record set. Returns the number
 * handed out, with *stopped set when the callback asked to stop, or a
 * negative code.
 */
static int deliver(struct consumer *cs, struct consumer_part *p, struct krecords recs,
		   struct aborted *ab, consumer_record_fn fn, void *ctx, int *stopped)
{
	const uint8_t *q = recs.p;
	size_t left = recs.len > 0 ? (size_t)recs.len : 0;
	int count = 0;

	while (left >= BATCH_LOG_OVERHEAD + 5) {
		struct batch_header h;
		if (q[BATCH_OFF_MAGIC] != BATCH_MAGIC) {
			set_err(cs, "%s [%d]: offset %lld: message format v%d is not supported",
				p->topic, p->partition, (long long)(int64_t)be64_get(q),
				q[BATCH_OFF_MAGIC]);
			return CLIENT_EPROTO;
		}
		int rc = batch_header_parse(q, left, &h);
		if (rc == KAF_ETRUNC || (!rc && batch_total_size(&h) > left))
			break;	/* the broker cut the last batch short */
		if (rc) {
			set_err(cs, "%s [%d]: corrupt batch at offset %lld", p->topic, p->partition,
				(long long)p->position);
			return CLIENT_EPROTO;
		}
		size_t total = batch_total_size(&h);
		const uint8_t *batch = q;
		q += total;
		left -= total;
		int64_t last = batch_last_offset(&h);
		if (last < p->position)
			continue;
		if ((h.attributes & BATCH_ATTR_CONTROL) ||
		    (cs->opts.read_committed && skip_aborted(ab, &h, batch, total, cs))) {
			p->position = last + 1;
			continue;
		}
		struct record_iter it;
		rc = iter_open(cs, batch, total, &it);
		if (rc) {
			record_iter_release(&it);
			set_err(cs, "%s [%d]: batch at offset %lld: %s", p->topic, p->partition,
				(long long)h.base_offset, kaf_strerror(rc));
			return CLIENT_EPROTO;
		}
		struct record r;
		struct consumer_record cr = { .part = p, .batch = &it.h, .rec = &r };
		while ((rc = record_iter_next(&it, &r)) == 1) {
			if (r.offset < p->position)
				continue;
			if (p->stop >= 0 && r.offset >= p->stop)
				break;
			p->position = r.offset + 1;
			count++;
			if (fn(ctx, &cr)) {
				*stopped = 1;
				record_iter_release(&it);
				return count;
			}
		}
		record_iter_release(&it);
		if (rc < 0) {
			set_err(cs, "%s [%d]: corrupt record in the batch at offset %lld", p->topic,
				p->partition, (long long)h.base_offset);
			return CLIENT_EPROTO;
		}
		if (p->stop >= 0 && p->position < last + 1 && last + 1 >= p->stop)
			p->position = p->stop;
		else if (p->position < last + 1)
			p->position = last + 1;	/* compaction left a gap at the end */
		if (p->stop >= 0 && p->position >= p->stop)
			break;
	}
	return count;
}

/* ---- fetching ---- */

static int fetchable(const struct consumer_part *p)
{
	return !p->revoked && !p->need_start && !p->need_stop && p->position >= 0 &&
	       !(p->stop >= 0 && p->position >= p->stop);
}

/* OFFSET_OUT_OF_RANGE: reset as opts.reset says, or fail naming the range. */
static int out_of_range(struct consumer *cs, struct consumer_part *p,
			const struct fetch_resp_partitions *rp)
{
	if (cs->opts.reset == CONSUMER_RESET_NONE) {
		int64_t start = rp->log_start_offset >= 0 ? rp->log_start_offset : p->log_start;
		int64_t end = rp->high_watermark >= 0 ? rp->high_watermark : p->high_watermark;
		set_err(cs, "%s [%d]: OFFSET_OUT_OF_RANGE: offset %lld is outside the log "
			"(%lld to %lld)", p->topic, p->partition, (long long)p->position,
			(long long)start, (long long)end);
		return CONSUMER_EFAILED;
	}
	p->start_at.at = cs->opts.reset == CONSUMER_RESET_EARLIEST ? CONSUMER_AT_BEGINNING :
								   CONSUMER_AT_END;
	p->start_at.value = 0;
	p->need_start = 1;
	p->position = -1;
	return 0;
}

/* One Fetch to leader for all its fetchable partitions; records go to fn. */
static int fetch_leader(struct consumer *cs, int32_t leader, consumer_record_fn fn, void *ctx,
			int *count, int *stopped)
{
	struct arena a;
	struct fetch_req req;
	struct fetch_resp resp;
	int rc, again = 0;

	arena_init(&a, 16384);
	memset(&req, 0, sizeof(req));
	proto_set_defaults(&fetch_req_desc, &req);
	req.replica_id = -1;
	req.max_wait_ms = cs->opts.max_wait_ms;
	req.min_bytes = 1;
	req.max_bytes = cs->opts.max_bytes;
	req.isolation_level = (int8_t)cs->opts.read_committed;
	req.session_id = 0;
	req.session_epoch = -1;
	req.topics.v = arena_zalloc(&a, sizeof(*req.topics.v) * (size_t)cs->nparts);
	for (int i = 0; i < cs->nparts; i++) {
		struct consumer_part *p = &cs->parts[i];
		if (!fetchable(p) || p->leader != leader)
			continue;
		struct fetch_req_topics *t = NULL;
		for (int j = req.topics.n - 1; j >= 0 && !t; j--)
			if (kstr_eq(req.topics.v[j].topic, p->topic))
				t = &req.topics.v[j];
		if (!t) {
			t = &req.topics.v[req.topics.n++];
			t->topic = kstr_c(p->topic);
			t->partitions.v = arena_zalloc(&a, sizeof(*t->partitions.v) *
							      (size_t)cs->nparts);
		}
		struct fetch_req_partitions *fp = &t->partitions.v[t->partitions.n++];
		fp->partition = p->partition;
		fp->current_leader_epoch = -1;
		fp->fetch_offset = p->position;
		fp->log_start_offset = -1;
		fp->partition_max_bytes = cs->opts.partition_max_bytes;
	}
	struct client_conn *k = client_broker(cs->c, leader);
	if (!k) {
		arena_release(&a);
		return CLIENT_EUNAVAIL;
	}
	rc = client_call(cs->c, k, API_FETCH, &req, &resp, &a);
	if (!rc && resp.error_code) {
		set_err(cs, "Fetch: %s", kafka_error_name(resp.error_code));
		rc = retriable(resp.error_code) ? CLIENT_EUNAVAIL : CONSUMER_EFAILED;
	}
	for (int t = 0; !rc && t < resp.responses.n && !*stopped; t++) {
		const struct fetch_resp_responses *rt = &resp.responses.v[t];
		const char *name = NULL;
		for (int j = 0; j < req.topics.n && !name; j++)
			if (req.topics.v[j].topic.len == rt->topic.len &&
			    !memcmp(req.topics.v[j].topic.p, rt->topic.p, (size_t)rt->topic.len))
				name = req.topics.v[j].topic.p;
		for (int j = 0; name && j < rt->partitions.n && !rc && !*stopped; j++) {
			struct fetch_resp_partitions *rp = &rt->partitions.v[j];
			struct consumer_part *p = consumer_find(cs, name, rp->partition_index);
			if (!p || !fetchable(p))
				continue;
			if (rp->error_code == KERR_OFFSET_OUT_OF_RANGE) {
				rc = out_of_range(cs, p, rp);
				continue;
			}
			if (rp->error_code) {
				if (retriable(rp->error_code)) {
					set_err(cs, "%s [%d]: %s", p->topic, p->partition,
						kafka_error_name(rp->error_code));
					again = 1;
					continue;
				}
				set_err(cs, "%s [%d]: Fetch: %s", p->topic, p->partition,
					kafka_error_name(rp->error_code));
				rc = CONSUMER_EFAILED;
				continue;
			}
			p->high_watermark = rp->high_watermark;
			if (rp->last_stable_offset >= 0)
				p->last_stable = rp->last_stable_offset;
			if (rp->log_start_offset >= 0)
				p->log_start = rp->log_start_offset;
			struct aborted ab = { .list = rp->aborted_transactions.v,
					      .n = rp->aborted_transactions.n > 0 ?
							   rp->aborted_transactions.n : 0 };
			if (ab.n > 1)
				qsort(rp->aborted_transactions.v, (size_t)ab.n, sizeof(*ab.list),
				      cmp_aborted);
			int got = deliver(cs, p, rp->records, &ab, fn, ctx, stopped);
			if (got < 0)
				rc = got;
			else
				*count += got;
		}
	}
	arena_release(&a);
	return rc ? rc : again ? CLIENT_EUNAVAIL : 0;
}

int consumer_poll(struct consumer *cs, consumer_record_fn fn, void *ctx)
{
	int rc, count = 0, stopped = 0, any = 0;

	cs->err[0] = 0;
	arm(cs);
	rc = cs->need_metadata ? refresh_metadata(cs) : 0;
	if (!rc)
		rc = consumer_resolve(cs);
	for (int i = 0; !rc && i < cs->nparts && !stopped; i++) {
		int32_t leader = cs->parts[i].leader;
		int first = fetchable(&cs->parts[i]);
		for (int k = 0; k < i && first; k++)
			first = !(fetchable(&cs->parts[k]) && cs->parts[k].leader == leader);
		if (!first)
			continue;
		any = 1;
		rc = fetch_leader(cs, leader, fn, ctx, &count, &stopped);
	}
	if (rc == CLIENT_EUNAVAIL) {
		if (count)
			return count;	/* hand out what came; the retry comes next poll */
		return retry_or_fail(cs, rc);
	}
	if (rc)
		return rc;
	cs->failing_since_ns = 0;
	if (!any && !consumer_done(cs)) {
		/* Nothing to fetch yet (a group member between assignments). */
		struct timespec ts = { 0, 100 * 1000000 };
		nanosleep(&ts, NULL);
	}
	return count;
}
