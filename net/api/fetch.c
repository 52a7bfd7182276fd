/*
 * Fetch v4-11 without fetch sessions. Each partition answers whole batches
 * from the one holding FetchOffset, up to its PartitionMaxBytes and the
 * bytes left of MaxBytes (or of the broker's fetch.max.bytes, when lower),
 * bounded by the high watermark; the first
 * partition with data gets at least one batch however big (KIP-74), later
 * ones only what fits. Records go out as file regions of the segment,
 * pinned by the slice's reference until the response is written.
 *
 * Fewer than MinBytes, no partition error and MaxWaitMs > 0: the request
 * parks (fetch_wait.c) and the same read runs again after appends to its
 * partitions and when the wait is over. Each run reuses the response
 * arrays and releases the previous run's slices, so waking often costs no
 * memory.
 *
 * READ_COMMITTED reads like READ_UNCOMMITTED for now: without transactions
 * the last stable offset is the high watermark.
 */
#include "net/api/api.h"
#include "net/api/datapath.h"
#include "net/api/fetch_wait.h"
#include "net/broker.h"
#include "net/proto/errors.h"
#include "net/proto/msg_data.h"
#include "core/base/err.h"
#include "core/log/log.h"

#include <stdint.h>

#define ISOLATION_READ_COMMITTED 1

/* Session epochs of a full fetch that opens no session: -1 (final) or 0 (initial). */
#define FETCH_EPOCH_FINAL (-1)
#define FETCH_EPOCH_INITIAL 0

struct fetch_part {
	struct kstr topic;
	const struct fetch_req_partitions *in;
	struct fetch_resp_partitions *out;
	struct log *log;		/* found by this run, NULL when not */
	struct log_slice slice;
};

struct fetch_ctx {
	struct req *r;
	const struct fetch_req *q;
	int n;
	struct fetch_part *parts;
};

static void fetch_ctx_release(void *arg)
{
	struct fetch_ctx *fc = arg;
	for (int i = 0; i < fc->n; i++)
		log_slice_release(&fc->parts[i].slice);
}

/* Fill one partition's answer from at most limit bytes; returns the bytes taken. */
static size_t fetch_partition(struct fetch_ctx *fc, struct fetch_part *p, size_t limit,
			      int *min_one, int *errors)
{
	const struct fetch_req_partitions *in = p->in;
	struct fetch_resp_partitions *out = p->out;
	out->partition_index = in->partition;
	out->error_code = KERR_NONE;
	out->high_watermark = -1;
	out->last_stable_offset = -1;
	out->log_start_offset = -1;
	out->preferred_read_replica = -1;
	out->records = (struct krecords){ .p = NULL, .len = 0 };
	/* Kafka sends null to READ_UNCOMMITTED readers, a list (here empty) to the others. */
	out->aborted_transactions.n = fc->q->isolation_level == ISOLATION_READ_COMMITTED ? 0 : -1;
	out->aborted_transactions.v = NULL;

	struct log *l = p->log = datapath_log(fc->r, p->topic, in->partition);
	if (!l) {
		out->error_code = KERR_UNKNOWN_TOPIC_OR_PARTITION;
		++*errors;
		return 0;
	}
	int64_t hwm = log_end_offset(l);
	out->high_watermark = hwm;
	out->last_stable_offset = hwm;
	out->log_start_offset = log_start_offset(l);
	if (in->current_leader_epoch > DATAPATH_LEADER_EPOCH) {
		out->error_code = KERR_UNKNOWN_LEADER_EPOCH;
		++*errors;
		return 0;
	}
	size_t want = in->partition_max_bytes > 0 ? (size_t)in->partition_max_bytes : 0;
	if (want > limit)
		want = limit;
	int rc = log_read(l, in->fetch_offset, want, hwm, &p->slice);
	if (rc) {
		log_slice_release(&p->slice);
		out->error_code = rc == KAF_ERANGE ? KERR_OFFSET_OUT_OF_RANGE : datapath_storage_error(rc);
		++*errors;
		return 0;
	}
	if (p->slice.len > want && !*min_one)
		log_slice_release(&p->slice);	/* only the first partition with data may overshoot */
	if (!p->slice.len)
		return 0;
	*min_one = 0;
	out->records = (struct krecords){ .len = (int32_t)p->slice.len, .from_file = 1,
					  .file_fd = p->slice.fd, .file_pos = p->slice.pos };
	return p->slice.len;
}

/* One run over every partition; returns the bytes found, *errors the partitions that failed. */
static size_t fetch_run(struct fetch_ctx *fc, int *errors)
{
	size_t left = fc->q->max_bytes > 0 ? (size_t)fc->q->max_bytes : 0, total = 0;
	size_t cap = fc->r->b->opts.fetch_max_bytes;
	if (cap && cap < left)
		left = cap;
	int min_one = 1;
	*errors = 0;
	for (int i = 0; i < fc->n; i++) {
		log_slice_release(&fc->parts[i].slice);
		size_t got = fetch_partition(fc, &fc->parts[i], left, &min_one, errors);
		left = got < left ? left - got : 0;
		total += got;
	}
	return total;
}

static int fetch_satisfied(const struct fetch_ctx *fc, size_t bytes, int errors)
{
	/* Kafka answers at once when any partition failed. */
	return errors || fc->q->min_bytes <= 0 || bytes >= (size_t)fc->q->min_bytes;
}

static int fetch_check(struct req *r, void *arg, int final)
{
	struct fetch_ctx *fc = arg;
	int errors;
	size_t bytes = fetch_run(fc, &errors);
	return fetch_satisfied(fc, bytes, errors);
}

/* The response mirrors the request's topics and partitions; parts point into both. */
static struct fetch_ctx *fetch_ctx_new(struct req *r)
{
	const struct fetch_req *q = r->body;
	struct fetch_resp *resp = r->resp;
	struct fetch_ctx *fc = arena_zalloc(&r->arena, sizeof(*fc));
	fc->r = r;
	fc->q = q;
	for (int32_t i = 0; i < q->topics.n; i++)
		fc->n += q->topics.v[i].partitions.n;
	fc->parts = arena_zalloc(&r->arena, (size_t)fc->n * sizeof(*fc->parts));
	resp->responses.n = q->topics.n;
	resp->responses.v = arena_zalloc(&r->arena, (size_t)q->topics.n * sizeof(*resp->responses.v));
	int k = 0;
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct fetch_req_topics *t = &q->topics.v[i];
		struct fetch_resp_responses *rt = &resp->responses.v[i];
		rt->topic = t->topic;
		rt->partitions.n = t->partitions.n;
		rt->partitions.v = arena_zalloc(&r->arena, (size_t)t->partitions.n * sizeof(*rt->partitions.v));
		for (int32_t j = 0; j < t->partitions.n; j++, k++) {
			fc->parts[k].topic = t->topic;
			fc->parts[k].in = &t->partitions.v[j];
			fc->parts[k].out = &rt->partitions.v[j];
		}
	}
	arena_on_release(&r->arena, fetch_ctx_release, fc);
	return fc;
}

enum req_status api_fetch(struct req *r)
{
	const struct fetch_req *q = r->body;
	struct fetch_resp *resp = r->resp;
	resp->throttle_time_ms = 0;
	resp->error_code = KERR_NONE;
	resp->session_id = 0;
	if (q->session_epoch != FETCH_EPOCH_FINAL && q->session_epoch != FETCH_EPOCH_INITIAL) {
		/* An incremental fetch names a session this broker never opened. */
		resp->error_code = KERR_FETCH_SESSION_ID_NOT_FOUND;
		return REQ_DONE;
	}
	struct fetch_ctx *fc = fetch_ctx_new(r);
	int errors;
	size_t bytes = fetch_run(fc, &errors);
	/* A stopping broker answers at once: nothing may hold the stop. */
	if (fc->n == 0 || q->max_wait_ms <= 0 || r->b->stopping || fetch_satisfied(fc, bytes, errors))
		return REQ_DONE;

	/* Park: nothing stays pinned while waiting; the next run reads afresh. */
	struct log **logs = arena_alloc(&r->arena, (size_t)fc->n * sizeof(*logs));
	for (int i = 0; i < fc->n; i++) {
		log_slice_release(&fc->parts[i].slice);
		fc->parts[i].out->records.len = 0;
		logs[i] = fc->parts[i].log;
	}
	return fetch_wait_park(r, logs, fc->n, q->max_wait_ms, fetch_check, fc);
}
