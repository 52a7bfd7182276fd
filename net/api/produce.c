/*
 * Produce v3-7: validate each partition's record batch as Kafka does for a
 * client's batch, copy it into the request's arena (the frame is read-only)
 * and append it; the log patches the base offset, leader epoch and, for
 * LogAppendTime topics, the timestamp. acks=0 gets no response, except
 * that an error closes the connection (Kafka's way of telling such a
 * producer something went wrong); acks=1 and acks=-1 mean the same on a
 * single node.
 *
 * Idempotence and transactions (producer ids, sequences, epochs) are not
 * checked yet: such batches are stored as sent.
 */
#include "net/api/api.h"
#include "net/flush.h"
#include "net/api/datapath.h"
#include "net/api/fetch_wait.h"
#include "net/broker.h"
#include "net/conn.h"
#include "net/proto/errors.h"
#include "net/proto/msg_data.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/config/config.h"
#include "core/log/log.h"
#include "core/record/batch.h"
#include "core/record/codec.h"

#include <string.h>

/* Decompressed size a produced batch may reach while its records are checked. */
#define PRODUCE_MAX_UNCOMPRESSED (256u << 20)

/* Replicas of every partition on this single node. */
#define PRODUCE_REPLICAS 1

/* The batch as a whole: Kafka's request-level checks, then the log's size and CRC. */
static int16_t check_batch(int version, const uint8_t *p, size_t n, const struct log_config *lc,
			   struct batch_header *h)
{
	/* Produce v3+ carries exactly one magic-2 batch per partition. */
	if (n > BATCH_OFF_MAGIC && p[BATCH_OFF_MAGIC] != BATCH_MAGIC)
		return KERR_INVALID_RECORD;
	/* max.message.bytes counts the whole batch; 0 refuses every batch. */
	size_t max = lc->max_message_bytes > 0 ? (size_t)lc->max_message_bytes : 1;
	switch (batch_validate(p, n, max, h)) {
	case 0:
		break;
	case KAF_ETOOBIG:
		return KERR_MESSAGE_TOO_LARGE;
	case KAF_ECODEC:
		return KERR_UNSUPPORTED_COMPRESSION_TYPE;
	default:	/* short, CRC mismatch, impossible header fields */
		return KERR_CORRUPT_MESSAGE;
	}
	if (batch_total_size(h) != n)
		return KERR_INVALID_RECORD;
	if (batch_codec(h) == CODEC_ZSTD && version < 7)
		return KERR_UNSUPPORTED_COMPRESSION_TYPE;
	/* What Kafka requires of a batch coming from a client. */
	if (h->attributes & BATCH_ATTR_CONTROL)
		return KERR_INVALID_RECORD;
	if (h->records_count <= 0 || h->last_offset_delta != h->records_count - 1)
		return KERR_INVALID_RECORD;
	if (h->producer_id >= 0 && h->base_sequence < 0)
		return KERR_INVALID_RECORD;
	return KERR_NONE;
}

/* Compacted topics keep records by key: a record without one cannot be stored. */
static int16_t check_keys(const uint8_t *p, size_t n)
{
	struct record_iter it;
	struct record rec;
	int more;
	if (record_iter_init(&it, p, n, PRODUCE_MAX_UNCOMPRESSED)) {
		record_iter_release(&it);
		return KERR_CORRUPT_MESSAGE;
	}
	while ((more = record_iter_next(&it, &rec)) > 0 && rec.key_len >= 0)
		;
	record_iter_release(&it);
	return more ? KERR_INVALID_RECORD : KERR_NONE;
}

/* Every record inside: lengths, counts, offset deltas 0..count-1 (with the header checks). */
static int16_t check_records(const uint8_t *p, size_t n, const struct log_config *lc)
{
	switch (batch_validate_records(p, n, PRODUCE_MAX_UNCOMPRESSED)) {
	case 0:
		break;
	case KAF_ETOOBIG:
		return KERR_MESSAGE_TOO_LARGE;
	case KAF_ECODEC:	/* compressed bytes that do not decompress */
		return KERR_CORRUPT_MESSAGE;
	default:		/* records that do not add up to the header */
		return KERR_INVALID_RECORD;
	}
	if (lc->cleanup_policy & LOG_CLEANUP_COMPACT)
		return check_keys(p, n);
	return KERR_NONE;
}

static int64_t min_insync_replicas(const struct req *r)
{
	return r->b->cfg ? config_num(r->b->cfg, CFG_MIN_INSYNC_REPLICAS) : 1;
}

/* A produce waiting for the fsyncs of its partitions (acks=all, flush.messages=1). */
struct produce_wait {
	struct req *r;
	int remaining;		/* partitions not yet durable */
	int parked;		/* the handler returned REQ_PARKED */
};

struct produce_wait_part {
	struct produce_wait *pw;
	struct produce_resp_partition_responses *out;
};

static void on_durable(void *arg, int rc)
{
	struct produce_wait_part *wp = arg;
	struct produce_wait *pw = wp->pw;
	if (rc) {
		wp->out->error_code = KERR_KAFKA_STORAGE_ERROR;
		wp->out->base_offset = -1;
	}
	if (--pw->remaining == 0 && pw->parked)
		req_resume(pw->r, REQ_DONE);
}

static int16_t produce_partition(struct req *r, const struct produce_req *q, struct kstr topic,
				 const struct produce_req_partition_data *in,
				 struct produce_resp_partition_responses *out, struct produce_wait *pw)
{
	struct log *l = datapath_log(r, topic, in->index);
	if (!l)
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	if (in->records.len <= 0)
		return KERR_INVALID_RECORD;	/* Kafka: at least one batch */
	const struct log_config *lc = log_get_config(l);
	const uint8_t *p = in->records.p;
	size_t n = (size_t)in->records.len;
	struct batch_header h;
	int16_t err = check_batch(r->version, p, n, lc, &h);
	if (!err)
		err = check_records(p, n, lc);
	if (err)
		return err;
	if (q->acks == -1 && min_insync_replicas(r) > PRODUCE_REPLICAS)
		return KERR_NOT_ENOUGH_REPLICAS;

	struct log_append_info info;
	/* Offsets are patched into the frame itself: a copy cost a fresh buffer's page faults per batch. */
	int rc = log_append(l, req_frame_bytes(r, p), n, DATAPATH_LEADER_EPOCH, clock_wall_ms(), &info);
	if (rc) {
		say_debug("produce to %s: %s", log_path(l), kaf_strerror(rc));
		return datapath_storage_error(rc);
	}
	out->base_offset = info.first_offset;
	out->log_append_time_ms = info.log_append_time;
	out->log_start_offset = log_start_offset(l);
	fetch_wait_wake(r->b, l);
	/* Durability: acks=all waits for the group commit's fsync when the
	 * policy says so; otherwise the fsync follows in the background. */
	if (q->acks == -1 && flush_acks_wait(l)) {
		struct produce_wait_part *wp = arena_alloc(&r->arena, sizeof(*wp));
		wp->pw = pw;
		wp->out = out;
		pw->remaining++;
		flush_wait(r->b, l, info.last_offset + 1, on_durable, wp);
	} else {
		flush_appended(r->b, l);
	}
	return KERR_NONE;
}

enum req_status api_produce(struct req *r)
{
	const struct produce_req *q = r->body;
	struct produce_resp *resp = r->resp;
	int valid_acks = q->acks == 0 || q->acks == 1 || q->acks == -1;
	int errors = 0;
	struct produce_wait *pw = arena_zalloc(&r->arena, sizeof(*pw));
	pw->r = r;

	resp->responses.n = q->topic_data.n;
	resp->responses.v = arena_zalloc(&r->arena, (size_t)q->topic_data.n * sizeof(*resp->responses.v));
	for (int32_t i = 0; i < q->topic_data.n; i++) {
		const struct produce_req_topic_data *t = &q->topic_data.v[i];
		struct produce_resp_responses *rt = &resp->responses.v[i];
		rt->name = t->name;
		rt->partition_responses.n = t->partition_data.n;
		rt->partition_responses.v =
			arena_zalloc(&r->arena, (size_t)t->partition_data.n * sizeof(*rt->partition_responses.v));
		for (int32_t j = 0; j < t->partition_data.n; j++) {
			const struct produce_req_partition_data *in = &t->partition_data.v[j];
			struct produce_resp_partition_responses *out = &rt->partition_responses.v[j];
			out->index = in->index;
			out->base_offset = -1;
			out->log_append_time_ms = -1;
			out->log_start_offset = -1;
			out->error_code = valid_acks ? produce_partition(r, q, t->name, in, out, pw)
						     : KERR_INVALID_REQUIRED_ACKS;
			errors += out->error_code != KERR_NONE;
		}
	}
	if (q->acks == 0) {
		if (!errors)
			return REQ_NO_RESPONSE;
		say_debug("%s: acks=0 produce failed for %d partition(s); closing as Kafka does",
			  r->conn->peer, errors);
		return REQ_CLOSE;
	}
	if (pw->remaining) {
		/* Only durability is awaited: the connection may take the next requests. */
		pw->parked = 1;
		r->overlap = 1;
		return REQ_PARKED;
	}
	return REQ_DONE;
}
