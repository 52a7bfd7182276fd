/*
 * kaf perf: load generators on the tools' own client, after Kafka's
 * kafka-producer-perf-test, kafka-consumer-perf-test and end-to-end latency
 * tools. This file has the option tables, their checks, the topic set-up,
 * the latency printers and the dispatch; the runs are in perf_run.c and
 * perf_e2e.c.
 */
#include "cmd/perf.h"

#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "core/base/clock.h"
#include "core/record/codec.h"
#include "net/client/producer.h"
#include "net/proto/errors.h"
#include "net/proto/msg_admin.h"
#include "net/proto/msg_cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	O_NUM = 1, O_DURATION, O_SIZE, O_PAYLOAD, O_THROUGHPUT, O_ACKS, O_COMPRESSION,
	O_PARTITIONS, O_BATCH_SIZE, O_LINGER, O_KEYS, O_INTERVAL, O_EXIT, O_FROM_LATEST,
	O_FROM_BEGINNING, O_FETCH_SIZE, O_TOPIC, O_PRODUCER_PROPS, O_PRODUCER_CONFIG,
	O_CONSUMER_CONFIG, O_PAYLOAD_FILE, O_PAYLOAD_DELIM, O_KAFKA_NOOP,
};

volatile int perf_stop;

#define OUTPUT_OPTS \
	{ .id = TOOL_O_OUTPUT, .long_name = "output", .type = OPT_ENUM, .arg_name = "FORMAT", \
	  .values = "text|jsonl", .def = "text", \
	  .help = "text lines, or one JSON object per interval and for the summary" }, \
	{ .id = TOOL_O_JSON, .short_name = 'J', .long_name = "json", .type = OPT_FLAG, \
	  .help = "--output jsonl" }, \
	{ .id = O_INTERVAL, .short_name = 'i', .long_name = "interval", .type = OPT_DURATION, \
	  .arg_name = "DUR", .def = "5s", .min = 1, .max = 86400000, \
	  .aliases = "reporting-interval", .help = "print a line of the last DUR every DUR" }, \
	{ .id = O_TOPIC, .long_name = "topic", .type = OPT_STRING, .arg_name = "TOPIC", \
	  .hidden = 1, .help = "the topic (instead of the operand)" }

#define DURATION_OPT \
	{ .id = O_DURATION, .long_name = "duration", .type = OPT_DURATION, .arg_name = "DUR", \
	  .min = 1, .max = 30LL * 86400000, .help = "stop after DUR (with -n: whichever is first)" }

#define PRODUCER_OPTS(acks_def, linger_def) \
	{ .id = O_ACKS, .short_name = 'a', .long_name = "acks", .type = OPT_ENUM, \
	  .arg_name = "ACKS", .values = "all|-1|1|0", .def = acks_def, \
	  .help = "wait for all in-sync replicas, the leader only, or nothing" }, \
	{ .id = O_COMPRESSION, .short_name = 'z', .long_name = "compression", .type = OPT_ENUM, \
	  .arg_name = "CODEC", .values = "none|gzip|snappy|lz4|zstd", .def = "none", \
	  .help = "compress batches with CODEC" }, \
	{ .id = O_PARTITIONS, .short_name = 'p', .long_name = "partitions", .type = OPT_INT, \
	  .arg_name = "N", .min = 1, .max = 1000000, \
	  .help = "create a missing topic with N partitions [default: the broker's]" }, \
	{ .id = O_BATCH_SIZE, .long_name = "batch-size", .type = OPT_SIZE, .arg_name = "SIZE", \
	  .def = "1MiB", .min = 1, .max = 256LL * 1024 * 1024, \
	  .help = "send a partition's batch once its records reach SIZE" }, \
	{ .id = O_LINGER, .long_name = "linger", .type = OPT_DURATION, .arg_name = "DUR", \
	  .def = linger_def, .min = 0, .max = 3600000, \
	  .help = "wait up to DUR for a batch to fill" }, \
	{ .id = O_PRODUCER_PROPS, .long_name = "producer-props", .type = OPT_STRING, \
	  .arg_name = "KEY=VALUE", .hidden = 1, .repeatable = 1, \
	  .help = "Kafka's producer properties (more KEY=VALUE operands may follow)" }, \
	{ .id = O_PRODUCER_CONFIG, .long_name = "producer.config", .type = OPT_STRING, \
	  .arg_name = "FILE", .hidden = 1, .complete = "file", .help = "Kafka's name of -F" }

static const struct opt produce_opts[] = {
	TOOL_CONNECT_OPTS,
	{ .id = O_NUM, .short_name = 'n', .long_name = "num-records", .type = OPT_INT,
	  .arg_name = "N", .min = 1, .max = INT64_MAX, .aliases = "messages",
	  .help = "send N records" },
	DURATION_OPT,
	{ .id = O_SIZE, .short_name = 's', .long_name = "record-size", .type = OPT_SIZE,
	  .arg_name = "SIZE", .def = "100", .min = 0, .max = 64LL * 1024 * 1024,
	  .help = "value bytes per record" },
	{ .id = O_PAYLOAD, .long_name = "payload", .type = OPT_ENUM, .arg_name = "KIND",
	  .values = "random|text", .def = "random",
	  .help = "new random bytes per record, or one line of letters for all" },
	{ .id = O_PAYLOAD_FILE, .long_name = "payload-file", .type = OPT_STRING, .arg_name = "FILE",
	  .complete = "file", .help = "values picked at random from FILE's lines instead" },
	{ .id = O_PAYLOAD_DELIM, .long_name = "payload-delimiter", .type = OPT_STRING,
	  .arg_name = "DELIM", .def = "\\n", .help = "what separates FILE's values (\\n \\t \\0 escapes)" },
	{ .id = O_THROUGHPUT, .short_name = 'r', .long_name = "throughput", .type = OPT_INT,
	  .arg_name = "REC/S", .min = -1, .max = 1000000000, .def = "-1",
	  .help = "send at most REC/S records per second (-1: as fast as possible)" },
	{ .id = O_KEYS, .long_name = "keys", .type = OPT_INT, .arg_name = "N", .min = 0,
	  .max = INT32_MAX, .help = "keys key-0 .. key-N-1 in turn (0: no key) [default: 0]" },
	PRODUCER_OPTS("all", "5ms"),
	OUTPUT_OPTS,
	{ 0 }
};

static const struct opt consume_opts[] = {
	TOOL_CONNECT_OPTS,
	{ .id = O_NUM, .short_name = 'n', .long_name = "messages", .type = OPT_INT,
	  .arg_name = "N", .min = 1, .max = INT64_MAX, .aliases = "num-records",
	  .help = "read N records" },
	{ .id = O_EXIT, .short_name = 'e', .long_name = "exit", .type = OPT_FLAG,
	  .help = "stop at the end of each partition (as it was at the start)" },
	DURATION_OPT,
	{ .id = O_FROM_LATEST, .long_name = "from-latest", .type = OPT_FLAG,
	  .help = "start at the end instead of the beginning" },
	{ .id = O_FROM_BEGINNING, .long_name = "from-beginning", .type = OPT_FLAG, .hidden = 1,
	  .help = "start at the beginning (the default)" },
	{ .id = O_FETCH_SIZE, .long_name = "fetch-size", .type = OPT_SIZE, .arg_name = "SIZE",
	  .def = "1MiB", .min = 1, .max = 256LL * 1024 * 1024,
	  .help = "bytes per partition per fetch, at most" },
	{ .id = O_KAFKA_NOOP, .long_name = "show-detailed-stats", .type = OPT_FLAG, .hidden = 1,
	  .aliases = "hide-header", .help = "Kafka's output flags: interval lines are always printed" },
	{ .id = O_CONSUMER_CONFIG, .long_name = "consumer.config", .type = OPT_STRING,
	  .arg_name = "FILE", .hidden = 1, .complete = "file", .help = "Kafka's name of -F" },
	OUTPUT_OPTS,
	{ 0 }
};

static const struct opt e2e_opts[] = {
	TOOL_CONNECT_OPTS,
	{ .id = O_NUM, .short_name = 'n', .long_name = "num-records", .type = OPT_INT,
	  .arg_name = "N", .min = 1, .max = INT64_MAX, .aliases = "messages",
	  .help = "send N records" },
	DURATION_OPT,
	{ .id = O_SIZE, .short_name = 's', .long_name = "record-size", .type = OPT_SIZE,
	  .arg_name = "SIZE", .def = "100", .min = 16, .max = 64LL * 1024 * 1024,
	  .help = "value bytes per record (16 at least: the send time is in them)" },
	{ .id = O_THROUGHPUT, .short_name = 'r', .long_name = "throughput", .type = OPT_INT,
	  .arg_name = "REC/S", .min = 1, .max = 1000000000, .def = "1000",
	  .help = "send REC/S records per second" },
	PRODUCER_OPTS("all", "0"),
	OUTPUT_OPTS,
	{ 0 }
};

static const struct opt perf_opts[] = {
	TOOL_CONNECT_OPTS,
	{ 0 }
};

static const char *const produce_examples[] = {
	"kaf perf produce bench -n 1000000 -s 100 -a 1",
	"kaf perf produce bench --duration 30s --throughput 5000 -z lz4 -p 6",
	NULL
};
static const char *const consume_examples[] = {
	"kaf perf consume bench -e",
	"kaf perf consume bench -n 1000000 --output jsonl",
	NULL
};
static const char *const e2e_examples[] = {
	"kaf perf e2e bench --duration 30s --throughput 2000 -a all",
	NULL
};

const struct cmd_spec perf_produce_spec = {
	.name = "perf produce",
	.summary = "Send generated records as fast as possible or at a rate; report throughput "
		   "and latency",
	.usage = "[options] TOPIC (-n N | --duration DUR)",
	.opts = produce_opts, .examples = produce_examples, .max_operands = -1,
	.operand_complete = "none",
};
const struct cmd_spec perf_consume_spec = {
	.name = "perf consume",
	.summary = "Read a topic as fast as possible; report throughput",
	.usage = "[options] TOPIC (-n N | -e | --duration DUR)",
	.opts = consume_opts, .examples = consume_examples, .max_operands = 1,
	.operand_complete = "none",
};
const struct cmd_spec perf_e2e_spec = {
	.name = "perf e2e",
	.summary = "Send records at a fixed rate and read them back; report end-to-end latency",
	.usage = "[options] TOPIC (-n N | --duration DUR)",
	.opts = e2e_opts, .examples = e2e_examples, .max_operands = -1,
	.operand_complete = "none",
};

static const struct cmd_spec *const perf_subs[] = {
	&perf_produce_spec, &perf_consume_spec, &perf_e2e_spec, NULL
};

static const char *const perf_examples[] = {
	"kaf perf produce bench -n 1000000 -s 100",
	"kaf perf consume bench -e",
	"kaf perf e2e bench --duration 10s",
	NULL
};

const struct cmd_spec perf_spec = {
	.name = "perf",
	.summary = "Measure producer and consumer throughput and end-to-end latency",
	.usage = "[options] COMMAND [options] TOPIC",
	.opts = perf_opts,
	.examples = perf_examples,
	.max_operands = -1,
	.subs = perf_subs,
};

static int on_option(void *ctx, int id, const char *arg);

/*
 * Kafka's producer properties that are options here (from -X or
 * --producer-props); others go to the client (bootstrap.servers,
 * client.id), which warns about those it does not know.
 */
static int producer_prop(struct perf_args *pa, const char *arg)
{
	static const struct { const char *key; int id; } map[] = {
		{ "acks", O_ACKS }, { "request.required.acks", O_ACKS },
		{ "compression.type", O_COMPRESSION }, { "compression.codec", O_COMPRESSION },
		{ "linger.ms", O_LINGER }, { "queue.buffering.max.ms", O_LINGER },
		{ "batch.size", O_BATCH_SIZE },
	};
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return cmd_usage_error(pa->tool.spec, "--producer-props wants KEY=VALUE, not '%s'", arg);
	size_t kl = (size_t)(eq - arg);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strlen(map[i].key) != kl || strncmp(arg, map[i].key, kl))
			continue;
		const char *v = eq + 1;
		int ok = 1;
		if (map[i].id == O_ACKS)
			ok = !strcmp(v, "all") || !strcmp(v, "-1") || !strcmp(v, "0") || !strcmp(v, "1");
		else if (map[i].id == O_COMPRESSION)
			ok = codec_from_name(v) >= 0;
		if (!ok)
			return cmd_usage_error(pa->tool.spec, "invalid value '%s' for %.*s", v, (int)kl,
					       arg);
		return on_option(pa, map[i].id, v);
	}
	return tool_option(&pa->tool, TOOL_O_CLIENT_OPT, arg);
}

static int set_duration(struct perf_args *pa, const char *what, const char *arg, int64_t *out)
{
	if (opt_parse_duration_ms(arg, out))
		return cmd_usage_error(pa->tool.spec, "invalid value '%s' for %s", arg, what);
	return 0;
}

static int set_size(struct perf_args *pa, const char *what, const char *arg, int64_t *out)
{
	if (opt_parse_size(arg, out))
		return cmd_usage_error(pa->tool.spec, "invalid value '%s' for %s", arg, what);
	return 0;
}

/* \n \t \r \0 \\ escapes; 1 to 7 bytes. */
static int set_delim(struct perf_args *pa, const char *arg)
{
	int n = 0;

	for (const char *s = arg; *s; s++) {
		char c = *s;
		if (c == '\\' && s[1]) {
			s++;
			c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' : *s == '0' ? '\0' : *s;
		}
		if (n == (int)sizeof(pa->payload_delim) - 1)
			return cmd_usage_error(pa->tool.spec, "--payload-delimiter is too long (7 bytes at most)");
		pa->payload_delim[n++] = c;
	}
	if (!n)
		return cmd_usage_error(pa->tool.spec, "--payload-delimiter is empty");
	pa->payload_delim_len = n;
	return 0;
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct perf_args *pa = ctx;

	/* -X acks=1 and the like set this command's options, as in kaf produce. */
	if (id == TOOL_O_CLIENT_OPT && strchr(arg, '=') && arg[0] != '=')
		return producer_prop(pa, arg);
	int rc = tool_option(&pa->tool, id, arg);

	if (rc >= 0)
		return rc;
	switch (id) {
	case O_NUM: pa->num = strtoll(arg, NULL, 10); return 0;
	case O_DURATION: return set_duration(pa, "--duration", arg, &pa->duration_ms);
	case O_SIZE:
		pa->record_size_set = 1;
		return set_size(pa, "--record-size", arg, &pa->record_size);
	case O_PAYLOAD_FILE: pa->payload_file = arg; return 0;
	case O_PAYLOAD_DELIM: return set_delim(pa, arg);
	case O_PAYLOAD: pa->payload_text = !strcmp(arg, "text"); return 0;
	case O_THROUGHPUT:
		pa->throughput = strtoll(arg, NULL, 10);
		pa->throughput_set = 1;
		return 0;
	case O_ACKS: pa->acks = !strcmp(arg, "all") ? -1 : atoi(arg); return 0;
	case O_COMPRESSION: pa->codec = codec_from_name(arg); return 0;
	case O_PARTITIONS: pa->partitions = (int32_t)strtol(arg, NULL, 10); return 0;
	case O_BATCH_SIZE: return set_size(pa, "--batch-size", arg, &pa->batch_size);
	case O_LINGER: return set_duration(pa, "--linger", arg, &pa->linger_ms);
	case O_KEYS: pa->keys = strtoll(arg, NULL, 10); return 0;
	case O_INTERVAL: return set_duration(pa, "--interval", arg, &pa->interval_ms);
	case O_EXIT: pa->exit_at_end = !(arg && !strcmp(arg, "0")); return 0;
	case O_FROM_LATEST: pa->from_latest = !(arg && !strcmp(arg, "0")); return 0;
	case O_FROM_BEGINNING: pa->from_latest = 0; return 0;
	case O_FETCH_SIZE: return set_size(pa, "--fetch-size", arg, &pa->fetch_size);
	case O_TOPIC: pa->topic = arg; return 0;
	case O_PRODUCER_PROPS:
		pa->producer_props = 1;
		return producer_prop(pa, arg);
	case O_PRODUCER_CONFIG: case O_CONSUMER_CONFIG:
		return tool_option(&pa->tool, TOOL_O_COMMAND_CONFIG, arg);
	}
	return 0;
}

/* The topic and, after --producer-props, Kafka's further KEY=VALUE words (topic names have no =). */
static int check_args(struct perf_args *pa, char **ops, int n)
{
	const struct cmd_spec *s = pa->sub;

	for (int i = 0; i < n; i++) {
		if (pa->producer_props && strchr(ops[i], '=')) {
			int rc = producer_prop(pa, ops[i]);
			if (rc)
				return rc;
			continue;
		}
		if (pa->topic)
			return cmd_usage_error(s, "unexpected operand '%s' (one topic)", ops[i]);
		pa->topic = ops[i];
	}
	if (!pa->topic)
		return cmd_usage_error(s, "missing operand: the topic");
	if (!*pa->topic)
		return cmd_usage_error(s, "the topic name is empty");
	if (pa->codec < 0)
		return cmd_usage_error(s, "unknown codec");
	if (s == &perf_consume_spec) {
		if (pa->num < 0 && !pa->exit_at_end && pa->duration_ms < 0)
			return cmd_usage_error(s, "say when to stop: -n N, -e or --duration DUR");
	} else if (pa->num < 0 && pa->duration_ms < 0) {
		return cmd_usage_error(s, "say how much to send: -n N or --duration DUR");
	}
	if (pa->payload_file && pa->record_size_set)
		return cmd_usage_error(s, "give --record-size or --payload-file, not both");
	if (s == &perf_e2e_spec && pa->record_size < 16)
		return cmd_usage_error(s, "--record-size must be 16 at least (the send time is in the value)");
	if (s == &perf_e2e_spec && pa->throughput <= 0)
		return cmd_usage_error(s, "--throughput must be 1 at least");
	return 0;
}

/* ---- topic ---- */

static int create_topic(struct perf_args *pa, struct client *c)
{
	struct arena a;
	struct create_topics_req req;
	struct create_topics_resp resp;
	int rc;

	arena_init(&a, 4096);
	memset(&req, 0, sizeof(req));
	proto_set_defaults(&create_topics_req_desc, &req);
	req.timeout_ms = (int32_t)(client_left_ms(c) > 1 ? client_left_ms(c) : 1);
	req.topics.n = 1;
	req.topics.v = arena_zalloc(&a, sizeof(*req.topics.v));
	req.topics.v[0].name = kstr_c(pa->topic);
	req.topics.v[0].num_partitions = pa->partitions;
	req.topics.v[0].replication_factor = -1;
	if (client_version(&c->boot, API_CREATE_TOPICS) < 4) {
		/* Before v4 the broker cannot pick its defaults. */
		if (pa->partitions < 0)
			req.topics.v[0].num_partitions = 1;
		req.topics.v[0].replication_factor = 1;
	}
	rc = client_call(c, &c->boot, API_CREATE_TOPICS, &req, &resp, &a);
	if (rc) {
		arena_release(&a);
		return tool_client_fail(&pa->tool, c, rc);
	}
	int16_t e = resp.topics.n ? resp.topics.v[0].error_code : KERR_UNKNOWN_SERVER_ERROR;
	if (e && e != KERR_TOPIC_ALREADY_EXISTS) {
		const char *msg = resp.topics.n ? kstr_dup(&a, resp.topics.v[0].error_message) : NULL;
		cmd_error(pa->tool.cmd, "%s: cannot create the topic: %s%s%s", pa->topic,
			  kafka_error_name(e), msg && *msg ? ": " : "", msg ? msg : "");
		arena_release(&a);
		return EXIT_FAILED;
	}
	arena_release(&a);
	return 0;
}

int perf_topic(struct perf_args *pa, struct client *c, int create, int32_t *nparts)
{
	const char *names[1] = { pa->topic };
	int created = 0;

	for (int attempt = 1;; attempt++) {
		struct arena a;
		struct metadata_resp md;
		arena_init(&a, 16384);
		int rc = client_metadata_auto(c, names, 1, 0, &md, &a);
		if (rc) {
			arena_release(&a);
			return tool_client_fail(&pa->tool, c, rc);
		}
		const struct metadata_resp_topics *tp = md.topics.n ? &md.topics.v[0] : NULL;
		int16_t e = tp ? tp->error_code : KERR_UNKNOWN_TOPIC_OR_PARTITION;
		int32_t np = tp ? tp->partitions.n : 0;
		arena_release(&a);
		if (!e && np > 0) {
			if (pa->partitions > 0 && np != pa->partitions && !created)
				cmd_warn(pa->tool.cmd, "%s exists with %d partitions; --partitions %d "
					 "only applies to a new topic", pa->topic, np, pa->partitions);
			*nparts = np;
			return 0;
		}
		if (e == KERR_UNKNOWN_TOPIC_OR_PARTITION && !created) {
			if (!create) {
				cmd_error(pa->tool.cmd, "%s: UNKNOWN_TOPIC_OR_PARTITION: the topic does not "
					  "exist", pa->topic);
				return EXIT_NOTFOUND;
			}
			if ((rc = create_topic(pa, c)))
				return rc;
			created = 1;
			continue;
		}
		/* Just created, or a leader being elected: ask again. */
		if (client_backoff(c, attempt)) {
			cmd_error(pa->tool.cmd, "%s: %s", pa->topic, kafka_error_name(e));
			return EXIT_FAILED;
		}
	}
}

void perf_producer_opts(const struct perf_args *pa, struct producer_opts *o)
{
	struct producer_opts d = PRODUCER_OPTS_DEFAULT;

	*o = d;
	o->acks = (int16_t)pa->acks;
	o->codec = pa->codec;
	o->linger_ms = pa->linger_ms;
	o->batch_size = (size_t)pa->batch_size;
	if (o->max_request_size < o->batch_size + 65536)
		o->max_request_size = o->batch_size + 65536;
	if (o->buffer_memory < 4 * o->max_request_size)
		o->buffer_memory = 4 * o->max_request_size;
	o->auto_create = 0;
	/* A record's life is as long as Java's default unless --timeout says otherwise. */
	if (pa->tool.flag_timeout_ms >= 0)
		o->delivery_timeout_ms = pa->tool.flag_timeout_ms;
	o->debug = cmd_debug_on("produce");
}

int perf_wait(struct producer *p, int64_t d_ns)
{
	int64_t end = clock_mono_ns() + d_ns;
	int before = producer_pending(p);

	/* Until an answer changes what is pending, or the time is up. */
	for (;;) {
		int64_t left = end - clock_mono_ns();
		int rc = producer_poll(p, left > 0 ? left : 0);
		if (rc || producer_pending(p) != before || left <= 0)
			return rc;
	}
}

/* ---- printing ---- */

static double ms(uint64_t us)
{
	return (double)us / 1000.0;
}

void perf_json_latency(const char *name, const struct hist *h)
{
	printf("\"%s\":{\"avg\":%.3f,\"max\":%.3f,\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f,"
	       "\"p999\":%.3f}", name, hist_mean(h) / 1000.0, ms(h->max), ms(hist_percentile(h, 50)),
	       ms(hist_percentile(h, 95)), ms(hist_percentile(h, 99)), ms(hist_percentile(h, 99.9)));
}

void perf_text_latency(const struct hist *h, int full)
{
	printf("%.2f ms avg latency, %.2f ms max latency", hist_mean(h) / 1000.0, ms(h->max));
	if (full)
		printf(", %.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th",
		       ms(hist_percentile(h, 50)), ms(hist_percentile(h, 95)),
		       ms(hist_percentile(h, 99)), ms(hist_percentile(h, 99.9)));
}

/* ---- dispatch ---- */

static const struct cmd_spec *find_sub(const char *name)
{
	for (const struct cmd_spec *const *s = perf_subs; *s; s++)
		if (!strcmp(strchr((*s)->name, ' ') + 1, name))
			return *s;
	return NULL;
}

int cmd_perf(int argc, char **argv)
{
	static struct perf_args pa;
	char **ops;
	int n, rc;

	memset(&pa, 0, sizeof(pa));
	tool_init(&pa.tool, "perf", &perf_spec);
	pa.tool.json_format = OUT_JSONL;
	pa.num = -1;
	pa.duration_ms = -1;
	pa.record_size = 100;
	pa.throughput = -1;
	pa.acks = -1;
	pa.partitions = -1;
	pa.batch_size = 1024 * 1024;
	pa.linger_ms = -1;
	pa.interval_ms = 5000;
	pa.fetch_size = 1024 * 1024;
	pa.payload_delim[0] = '\n';
	pa.payload_delim_len = 1;
	rc = opt_parse(&perf_spec, argc, argv, on_option, &pa, &ops, &n);
	if (rc) {
		tool_release(&pa.tool);
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	}
	if (n == 0) {
		tool_release(&pa.tool);
		return cmd_usage_error(&perf_spec, "missing subcommand (produce, consume or e2e)");
	}
	pa.sub = find_sub(ops[0]);
	if (!pa.sub) {
		tool_release(&pa.tool);
		return cmd_usage_error(&perf_spec, "unknown subcommand '%s' (produce, consume or e2e)",
				       ops[0]);
	}
	pa.tool.cmd = pa.sub->name;
	pa.tool.spec = pa.sub;
	if (pa.sub == &perf_e2e_spec)
		pa.throughput = 1000;
	rc = opt_parse(pa.sub, n, ops, on_option, &pa, &ops, &n);
	if (rc)
		rc = rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	else if (!(rc = check_args(&pa, ops, n)) && !(rc = tool_resolve(&pa.tool))) {
		if (pa.linger_ms < 0)
			pa.linger_ms = pa.sub == &perf_e2e_spec ? 0 : 5;
		if (pa.sub == &perf_produce_spec)
			rc = perf_produce(&pa);
		else if (pa.sub == &perf_consume_spec)
			rc = perf_consume(&pa);
		else
			rc = perf_e2e(&pa);
	}
	tool_release(&pa.tool);
	return rc;
}
