/*
 * The tools' consumer engine: reads assigned partitions with session-less
 * Fetch (v4-11), one request per leader covering all of that leader's
 * partitions, and hands each record to a callback. It owns nothing of the
 * output; `kaf consume` formats, a group member decides the assignment.
 *
 * Use:
 *
 *	consumer_init(&cs, &client, &opts);
 *	consumer_assign(&cs, "t", 0, start, stop);	// any time, also between polls
 *	while ((n = consumer_poll(&cs, on_record, ctx)) >= 0 && !consumer_done(&cs))
 *		...;
 *	consumer_position(&cs, "t", 0, &next);		// what to commit
 *	consumer_revoke(&cs, "t", 0);			// stops fetching it
 *	consumer_release(&cs);
 *
 * A poll blocks for at most opts.max_wait_ms plus the network time of one
 * fetch per leader (longer only while retrying a failure), so a group member
 * can heartbeat, commit and change the assignment between polls from the
 * same thread; nothing here is thread-safe.
 *
 * Positions are exact: a partition's position is the offset after the last
 * record handed to the callback (or the resolved start before any), so a
 * caller that commits consumer_position() after a poll never skips or
 * repeats a record it has seen. Assign and revoke take effect at the next
 * poll; a revoked partition's records still in hand are dropped.
 *
 * Start and stop points are resolved through ListOffsets when first needed:
 * beginning/end ± N, an absolute offset, or a timestamp. A stop point is
 * exclusive (the first offset not to read) and is taken once, when
 * resolved: `-e` is a stop at CONSUMER_AT_END resolved at assignment (the
 * high watermark, or the last stable offset under read_committed).
 *
 * Failures: NOT_LEADER_OR_FOLLOWER and the other retriable partition errors,
 * and broken connections, refresh the metadata and retry with backoff for up
 * to opts.timeout_ms after the first failure; only then does poll return
 * CLIENT_EUNAVAIL. OFFSET_OUT_OF_RANGE resets to the log start or end as
 * opts.reset says, or fails with a message naming the partition and the
 * valid range.
 */
#ifndef KAF_NET_CONSUMER_H
#define KAF_NET_CONSUMER_H

#include <stdint.h>

#include "core/base/buf.h"
#include "core/record/batch.h"
#include "net/client/client.h"

/* Besides CLIENT_EUNAVAIL and CLIENT_EPROTO: */
#define CONSUMER_EFAILED (-3)	/* a Kafka error that retrying does not cure */
#define CONSUMER_ENOTFOUND (-4)	/* the topic or partition does not exist (any more) */

enum consumer_at {
	CONSUMER_AT_OFFSET,	/* value is the offset */
	CONSUMER_AT_BEGINNING,	/* log start + value */
	CONSUMER_AT_END,	/* end - value (value >= 0) */
	CONSUMER_AT_TIME,	/* first offset with timestamp >= value (ms); end if none */
	CONSUMER_AT_NONE,	/* as a stop point: never stop */
};

struct consumer_point {
	enum consumer_at at;
	int64_t value;
};

enum consumer_reset {
	CONSUMER_RESET_NONE,	/* OFFSET_OUT_OF_RANGE is an error */
	CONSUMER_RESET_EARLIEST,
	CONSUMER_RESET_LATEST,
};

struct consumer_opts {
	int32_t max_bytes;		/* Fetch max_bytes per request */
	int32_t partition_max_bytes;
	int32_t max_wait_ms;
	int read_committed;		/* isolation level 1 */
	enum consumer_reset reset;
	int64_t timeout_ms;		/* how long failures may last before giving up */
};

struct consumer_part {
	char *topic;
	int32_t partition;
	int64_t position;		/* next offset to hand out; -1 while unresolved */
	int64_t stop;			/* exclusive; -1 = none (or unresolved) */
	struct consumer_point start_at, stop_at;	/* what is left to resolve */
	int need_start, need_stop;
	int32_t leader;			/* -1 = unknown: refresh metadata */
	int32_t leader_epoch;		/* from metadata, -1 = unknown */
	int64_t high_watermark;		/* from the last fetch or ListOffsets; -1 = unknown */
	int64_t last_stable;
	int64_t log_start;
	int revoked;
};

/* One record as handed out; views stay valid during the callback only. */
struct consumer_record {
	const struct consumer_part *part;
	const struct batch_header *batch;	/* leader epoch, timestamp type, attributes */
	const struct record *rec;
};

/* Return 0 to go on, non-zero to stop this poll after the record (positions stay exact). */
typedef int (*consumer_record_fn)(void *ctx, const struct consumer_record *r);

struct consumer {
	struct client *c;
	struct consumer_opts opts;
	struct consumer_part *parts;
	int nparts, cap;
	int64_t failing_since_ns;	/* 0 = healthy */
	int need_metadata;
	struct buf inflated;		/* decompressed records, reused across batches */
	char err[512];
};

void consumer_init(struct consumer *cs, struct client *c, const struct consumer_opts *o);
void consumer_release(struct consumer *cs);

/*
 * Start reading topic/partition at start, stopping before stop
 * (CONSUMER_AT_NONE: never). Assigning a partition again moves it. The
 * topic name is copied. Resolution happens in the next poll.
 */
void consumer_assign(struct consumer *cs, const char *topic, int32_t partition,
		     struct consumer_point start, struct consumer_point stop);
/* Stop reading it; 0, or -1 when it was not assigned. */
int consumer_revoke(struct consumer *cs, const char *topic, int32_t partition);
/* The next offset to read (-1 before resolution); 0, or -1 when not assigned. */
int consumer_position(const struct consumer *cs, const char *topic, int32_t partition,
		      int64_t *pos);
/* The assigned partition, or NULL. */
struct consumer_part *consumer_find(struct consumer *cs, const char *topic, int32_t partition);

/*
 * Resolve what is pending and fetch once from every leader, calling fn for
 * each record in offset order per partition (control records and, with
 * read_committed, aborted transactions left out). Returns the number of
 * records handed out (0 when the broker had nothing within max_wait_ms) or
 * a negative code with consumer_error() set.
 */
int consumer_poll(struct consumer *cs, consumer_record_fn fn, void *ctx);

/* Resolve pending start and stop points now (poll does it too); 0 or a negative code. */
int consumer_resolve(struct consumer *cs);

/* Whether every assigned partition has reached its stop point (1 with none assigned). */
int consumer_done(const struct consumer *cs);

/* Records still to read before the stop points (or the known ends when there is none). */
int64_t consumer_lag(const struct consumer *cs);

const char *consumer_error(const struct consumer *cs);

#endif
