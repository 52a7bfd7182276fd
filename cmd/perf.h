/*
 * What the files of `kaf perf` share: the parsed options, the topic
 * set-up, and the interval/summary printers. perf.c parses and dispatches,
 * perf_run.c has the produce and consume loops, perf_e2e.c the end-to-end
 * latency run.
 */
#ifndef KAF_CMD_PERF_H
#define KAF_CMD_PERF_H

#include <stdint.h>

#include "cmd/tool.h"
#include "net/client/hist.h"

struct cmd_spec;
extern const struct cmd_spec perf_produce_spec, perf_consume_spec, perf_e2e_spec;

struct perf_args {
	struct tool tool;
	const struct cmd_spec *sub;
	const char *topic;
	int64_t num;			/* -n; -1 = not given */
	int64_t duration_ms;		/* --duration; -1 = not given */
	int64_t record_size;
	int payload_text;		/* --payload text */
	int record_size_set;
	const char *payload_file;	/* values taken from this file, split at payload_delim */
	char payload_delim[8];
	int payload_delim_len;
	int64_t throughput;		/* records/s; <= 0 = unthrottled */
	int throughput_set;
	int acks;
	int codec;
	int32_t partitions;		/* --partitions; -1 = broker default */
	int64_t batch_size;
	int64_t linger_ms;		/* -1 = the subcommand's default */
	int64_t keys;			/* spread records over this many keys; 0 = no key */
	int64_t interval_ms;
	int exit_at_end;		/* consume -e */
	int from_latest;
	int64_t fetch_size;
	int producer_props;		/* --producer-props seen: KEY=VALUE operands follow */
};

/* Set by SIGINT/SIGTERM: stop sending or reading and print the summary. */
extern volatile int perf_stop;

/*
 * The topic's partition count, creating the topic (with --partitions, or
 * the broker's default) when create is set and it does not exist. 0 or an
 * exit code after printing the error.
 */
int perf_topic(struct perf_args *pa, struct client *c, int create, int32_t *nparts);

/* Producer settings from the options (perf produce and perf e2e). */
struct producer_opts;
void perf_producer_opts(const struct perf_args *pa, struct producer_opts *o);

/*
 * Wait up to d_ns for the next send, reading answers meanwhile: returns as
 * soon as an answer changed what is pending. 0 or a client error.
 */
struct producer;
int perf_wait(struct producer *p, int64_t d_ns);

/* Seconds between two monotonic times. */
static inline double perf_secs(int64_t from_ns, int64_t to_ns)
{
	return (double)(to_ns - from_ns) / 1e9;
}

/* MB as Kafka's perf tools count them (2^20 bytes) per second. */
static inline double perf_mbps(uint64_t bytes, double secs)
{
	return secs > 0 ? (double)bytes / (1024.0 * 1024.0) / secs : 0.0;
}

static inline double perf_rate(uint64_t n, double secs)
{
	return secs > 0 ? (double)n / secs : 0.0;
}

/* `"name":{"avg":..,"max":..,"p50":..,"p95":..,"p99":..,"p999":..}` of a histogram in microseconds. */
void perf_json_latency(const char *name, const struct hist *h);
/* "A ms avg latency, X ms max latency" (and the percentiles when full). */
void perf_text_latency(const struct hist *h, int full);

int perf_produce(struct perf_args *pa);
int perf_consume(struct perf_args *pa);
int perf_e2e(struct perf_args *pa);

#endif
