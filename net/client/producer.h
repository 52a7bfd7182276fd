/*
 * The tools' producer engine: records of one topic go into a batch per
 * partition (core/record's builder), a batch is sent when it is full, when
 * its linger time has passed, or at a flush; the batches ready for one
 * leader travel together in one Produce request (at most one per partition,
 * as Produce v3+ wants), with several requests in flight on the leader's
 * connection. Answers come back in request order; each record's outcome
 * (partition, offset, or a Kafka error) goes to the caller's callback.
 *
 * Retries: a batch that fails with a retriable error (NOT_LEADER_OR_FOLLOWER,
 * LEADER_NOT_AVAILABLE, a broken connection, ...) is sent again after a
 * backoff of 100 ms doubling up to 1 s, with the metadata refreshed first,
 * until opts.retries or opts.delivery_timeout_ms runs out. A batch of more
 * than one record refused as MESSAGE_TOO_LARGE is split into one batch per
 * record, so only the record over the broker's limit fails. With several
 * requests in flight a retried batch can land after a later one (as in
 * Kafka's producer without idempotence); max_in_flight 1 keeps order.
 *
 * Single-threaded and blocking: producer_send returns at once unless too
 * much is buffered, producer_poll does the sending and reading that can be
 * done without waiting, producer_flush waits for everything.
 */
#ifndef KAF_NET_CLIENT_PRODUCER_H
#define KAF_NET_CLIENT_PRODUCER_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/buf.h"
#include "core/record/batch.h"
#include "net/client/client.h"
#include "net/client/partitioner.h"

/* The topic does not exist and the broker did not create it. */
#define PRODUCER_ENOTOPIC (-3)

struct producer_opts {
	int16_t acks;			/* -1 (all), 0, 1 */
	int codec;			/* CODEC_* */
	int compression_level;		/* 0 = codec default */
	int64_t linger_ms;
	size_t batch_size;		/* a batch is sent once its records reach this */
	size_t max_request_size;	/* batches of one request together, at most */
	size_t buffer_memory;		/* producer_send waits while more is unsent or unanswered */
	int max_in_flight;		/* requests per connection */
	enum partitioner_kind partitioner;
	int64_t request_timeout_ms;	/* wait for one answer */
	int64_t delivery_timeout_ms;	/* a record's whole life, retries included */
	int retries;
	int auto_create;		/* ask the broker to create a missing topic */
	int debug;			/* a line per request and retry on stderr (say_debug) */
};

#define PRODUCER_OPTS_DEFAULT { .acks = -1, .codec = 0, .linger_ms = 5, \
	.batch_size = 1024 * 1024, .max_request_size = 4 * 1024 * 1024, \
	.buffer_memory = 64 * 1024 * 1024, .max_in_flight = 5, \
	.partitioner = PART_MURMUR2_RANDOM, .request_timeout_ms = 30000, \
	.delivery_timeout_ms = 120000, .retries = 1000000, .auto_create = 1 }

/* One record's outcome. */
struct producer_result {
	uint64_t id;			/* the caller's, from producer_send */
	int32_t partition;
	int64_t offset;			/* -1 with acks=0 or on failure */
	int64_t timestamp;		/* the record's, or the broker's LogAppendTime */
	int16_t error;			/* Kafka error code, 0 = delivered */
	const char *message;		/* what went wrong (a connection error), or NULL */
};

typedef void (*producer_cb)(void *ctx, const struct producer_result *r);

struct producer_stats {
	uint64_t records_sent;		/* handed to producer_send */
	uint64_t records_acked;		/* delivered */
	uint64_t records_failed;
	uint64_t bytes_acked;		/* key + value bytes of delivered records */
	uint64_t requests;		/* Produce requests sent */
	uint64_t retries;		/* batches sent again */
};

struct pbatch;
struct pnode;

struct ppart {
	int32_t leader;			/* node id; -1 = none known */
	struct pbatch *open;		/* taking records */
	struct pbatch *ready, *ready_tail;	/* sealed, waiting to be sent, in order */
};

struct producer {
	struct client *c;
	const char *topic;
	struct producer_opts o;
	producer_cb cb;
	void *cb_ctx;
	struct partitioner part;
	struct ppart *parts;
	int32_t nparts;
	struct pnode *nodes;
	int nnodes;
	struct pbatch *free;		/* recycled batches */
	size_t buffered;		/* bytes of records not yet answered */
	int64_t now_ns;			/* cached clock */
	unsigned since_clock;		/* sends since now_ns was read */
	int need_metadata;
	int64_t metadata_ns;		/* last metadata request */
	int16_t produce_version;	/* -1 until a leader answered */
	struct producer_stats stats;
	char err[512];
};

/*
 * Fetch the topic's metadata (asking the broker to create it when
 * opts.auto_create) and get ready. Returns 0, CLIENT_EUNAVAIL, CLIENT_EPROTO
 * (client_error says why), or PRODUCER_ENOTOPIC (p->err says why).
 */
int producer_open(struct producer *p, struct client *c, const char *topic,
		  const struct producer_opts *o, producer_cb cb, void *cb_ctx);
/* Fail what is still buffered (callbacks run) and free everything. */
void producer_close(struct producer *p);

/* Partitions of the topic. */
static inline int32_t producer_partitions(const struct producer *p) { return p->nparts; }

/*
 * Queue one record: partition < 0 lets the partitioner choose; key_len or
 * value_len < 0 is null. The bytes are copied. Returns 0, or a client error
 * when waiting for buffer space found no broker to send to.
 */
int producer_send(struct producer *p, int32_t partition, int64_t timestamp, const void *key,
		  int32_t key_len, const void *value, int32_t value_len,
		  const struct record_header *headers, int32_t nheaders, uint64_t id);

/*
 * Send batches whose linger has passed and read the answers already there.
 * When that moved nothing, wait up to wait_ns (0 = not at all) for an answer
 * or for the next batch's linger to pass. Returns 0 or a client error.
 */
int producer_poll(struct producer *p, int64_t wait_ns);
/* Milliseconds until the next open batch is due, or -1 when none is open. */
int64_t producer_next_ms(struct producer *p);
/* Send everything and wait for every answer (and retry) to settle. */
int producer_flush(struct producer *p);
/* Records handed over and not yet answered. */
int producer_pending(const struct producer *p);

#endif
