/*
 * kaf produce: records from files or stdin to one topic, through the
 * producer engine (net/client/producer.c). This file has the option table,
 * the settings and their checks, each record's outcome (--report lines,
 * per-record errors), the progress line and the end-of-run summary;
 * produce_input.c reads the input.
 */
#include "cmd/produce.h"

#include "cmd/cmd.h"
#include "cmd/escape.h"
#include "cmd/opt.h"
#include "cmd/topics.h"
#include "core/base/clock.h"
#include "core/base/say.h"
#include "core/record/codec.h"
#include "net/proto/errors.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	O_TOPIC = 1, O_KEY, O_KEY_DELIM, O_DELIM, O_WHOLE, O_INPUT, O_KEEP_PARTITION,
	O_KEEP_TIMESTAMP, O_HEADER, O_PARTITION, O_PARTITIONER, O_ACKS, O_COMPRESSION, O_LINGER,
	O_BATCH_SIZE, O_SYNC, O_TIMESTAMP, O_NULL_EMPTY, O_NULL_MARKER, O_COUNT, O_TEE, O_REPORT,
	O_KEEP_GOING, O_LINE_FILE, O_PROPERTY, O_PRODUCER_PROPERTY, O_PRODUCER_CONFIG,
	O_COMPRESSION_CODEC, O_REQUIRED_ACKS, O_LINE_READER,
};

/* Errors printed one by one before the rest are only counted. */
#define MAX_PRINTED_ERRORS 10
#define PATH_MAX_PLACE 512

static const struct opt produce_opts[] = {
	TOOL_CONNECT_OPTS,
	{ .id = O_TOPIC, .short_name = 't', .long_name = "topic", .type = OPT_STRING,
	  .arg_name = "TOPIC", .help = "the topic (instead of the operand)" },
	{ .id = O_KEY, .short_name = 'k', .long_name = "key", .type = OPT_STRING, .arg_name = "KEY",
	  .help = "the same key on every record (a key parsed with -K wins)" },
	{ .id = O_KEY_DELIM, .short_name = 'K', .long_name = "key-delimiter", .type = OPT_STRING,
	  .arg_name = "DELIM", .help = "split each record at the first DELIM into key and value" },
	{ .id = O_DELIM, .short_name = 'D', .long_name = "delimiter", .type = OPT_STRING,
	  .arg_name = "DELIM", .def = "\\n",
	  .help = "record separator; \\n \\t \\r \\0 \\\\ \\xNN escapes" },
	{ .id = O_WHOLE, .long_name = "whole", .type = OPT_FLAG,
	  .help = "each FILE (or all of stdin) is one record" },
	{ .id = O_INPUT, .long_name = "input", .type = OPT_ENUM, .arg_name = "FORMAT",
	  .values = "text|json", .def = "text",
	  .help = "text, or json: one object per line as 'kaf consume --output jsonl' writes" },
	{ .id = O_KEEP_PARTITION, .long_name = "keep-partition", .type = OPT_FLAG,
	  .help = "--input json: send to the record's own partition" },
	{ .id = O_KEEP_TIMESTAMP, .long_name = "keep-timestamp", .type = OPT_FLAG,
	  .help = "--input json: keep the record's own timestamp" },
	{ .id = O_HEADER, .short_name = 'H', .long_name = "header", .type = OPT_STRING,
	  .arg_name = "NAME=VALUE", .repeatable = 1,
	  .help = "a header on every record; NAME alone has a null value" },
	{ .id = O_PARTITION, .short_name = 'p', .long_name = "partition", .type = OPT_INT,
	  .arg_name = "N", .min = -1, .max = INT32_MAX,
	  .help = "send every record to partition N (-1: the partitioner)" },
	{ .id = O_PARTITIONER, .long_name = "partitioner", .type = OPT_ENUM, .arg_name = "NAME",
	  .values = PARTITIONER_NAMES, .def = "murmur2_random",
	  .help = "how a partition is chosen; murmur2 as the Java client" },
	{ .id = O_ACKS, .short_name = 'a', .long_name = "acks", .type = OPT_ENUM, .arg_name = "ACKS",
	  .values = "all|-1|1|0", .def = "all",
	  .help = "wait for all in-sync replicas, the leader only, or nothing" },
	{ .id = O_COMPRESSION, .short_name = 'z', .long_name = "compression", .type = OPT_ENUM,
	  .arg_name = "CODEC", .values = "none|gzip|snappy|lz4|zstd", .def = "none",
	  .help = "compress batches with CODEC" },
	{ .id = O_LINGER, .long_name = "linger", .type = OPT_DURATION, .arg_name = "DUR",
	  .def = "5ms", .min = 0, .max = 3600000,
	  .help = "wait up to DUR for a batch to fill (none at the end of input)" },
	{ .id = O_BATCH_SIZE, .long_name = "batch-size", .type = OPT_SIZE, .arg_name = "SIZE",
	  .def = "1MiB", .min = 1, .max = 256LL * 1024 * 1024,
	  .help = "send a partition's batch once its records reach SIZE" },
	{ .id = O_SYNC, .long_name = "sync", .type = OPT_FLAG,
	  .help = "wait for each record's acknowledgement before the next" },
	{ .id = O_TIMESTAMP, .long_name = "timestamp", .type = OPT_STRING, .arg_name = "TIME",
	  .help = "record timestamp: epoch ms or s, YYYY-MM-DD[THH:MM:SS[.sss]][Z] [default: now]" },
	{ .id = O_NULL_EMPTY, .short_name = 'Z', .long_name = "null-empty", .type = OPT_FLAG,
	  .help = "an empty key or value is sent as null (a tombstone)" },
	{ .id = O_NULL_MARKER, .long_name = "null-marker", .type = OPT_STRING, .arg_name = "STR",
	  .help = "a key or value equal to STR is sent as null" },
	{ .id = O_COUNT, .short_name = 'c', .long_name = "count", .type = OPT_INT, .arg_name = "N",
	  .min = 0, .max = INT64_MAX, .help = "stop after N records" },
	{ .id = O_TEE, .short_name = 'T', .long_name = "tee", .type = OPT_FLAG,
	  .help = "echo each record to stdout as it is read" },
	{ .id = O_REPORT, .long_name = "report", .type = OPT_FLAG,
	  .help = "print TOPIC PARTITION OFFSET TIMESTAMP STATUS per record on stdout" },
	{ .id = TOOL_O_OUTPUT, .long_name = "output", .type = OPT_ENUM, .arg_name = "FORMAT",
	  .values = "text|tsv|jsonl", .def = "text", .help = "--report as text, tsv or jsonl" },
	{ .id = TOOL_O_JSON, .short_name = 'J', .long_name = "json", .type = OPT_FLAG,
	  .help = "--output jsonl" },
	{ .id = O_KEEP_GOING, .short_name = 'E', .long_name = "continue-on-error", .type = OPT_FLAG,
	  .help = "keep reading after any error (exit 1 at the end anyway)" },
	/* Compatibility: kcat's -l, Kafka's console producer flags. */
	{ .id = O_LINE_FILE, .short_name = 'l', .long_name = "line-file", .type = OPT_STRING,
	  .arg_name = "FILE", .hidden = 1, .complete = "file", .help = "kcat's -l: FILE, one record a line" },
	{ .id = O_PROPERTY, .long_name = "property", .type = OPT_STRING, .arg_name = "KEY=VALUE",
	  .hidden = 1, .repeatable = 1,
	  .help = "Kafka's reader properties: parse.key, key.separator, null.marker" },
	{ .id = O_PRODUCER_PROPERTY, .long_name = "producer-property", .type = OPT_STRING,
	  .arg_name = "KEY=VALUE", .hidden = 1, .repeatable = 1, .help = "Kafka's name of -X" },
	{ .id = O_PRODUCER_CONFIG, .long_name = "producer.config", .type = OPT_STRING,
	  .arg_name = "FILE", .hidden = 1, .complete = "file", .help = "Kafka's name of -F" },
	{ .id = O_COMPRESSION_CODEC, .long_name = "compression-codec", .type = OPT_ENUM,
	  .arg_name = "CODEC", .values = "none|gzip|snappy|lz4|zstd", .hidden = 1,
	  .help = "Kafka's name of -z" },
	{ .id = O_REQUIRED_ACKS, .long_name = "request-required-acks", .type = OPT_ENUM,
	  .arg_name = "ACKS", .values = "all|-1|1|0", .hidden = 1, .help = "Kafka's name of -a" },
	{ .id = O_LINE_READER, .long_name = "line-reader", .type = OPT_STRING, .arg_name = "CLASS",
	  .hidden = 1, .help = "Kafka's Java line reader class: not supported" },
	{ 0 }
};

static const char *const produce_examples[] = {
	"kaf produce orders < orders.txt",
	"kaf produce orders -K : -z zstd data1.txt data2.txt",
	"kaf produce images --whole a.png b.png",
	"kaf consume orders -e --output jsonl | kaf produce copy --input json",
	"kaf produce orders -K : -Z --report <<< 'k1:'",
	NULL
};

const struct cmd_spec produce_spec = {
	.name = "produce",
	.summary = "Send records from files or stdin to a topic",
	.usage = "[options] TOPIC [FILE...]",
	.opts = produce_opts,
	.examples = produce_examples,
	.max_operands = -1,
	.operand_complete = "file",
};

static int set_delim(struct produce_args *pa, const char *opt, const char *arg, char *out,
		     size_t *len)
{
	int n = escape_decode(arg, out, PRODUCE_MAX_DELIM);
	if (n <= 0)
		return cmd_usage_error(pa->tool.spec, "%s wants a delimiter of 1 to %d bytes "
				       "(escapes \\n \\t \\r \\0 \\\\ \\xNN), not '%s'", opt,
				       PRODUCE_MAX_DELIM, arg);
	*len = (size_t)n;
	return 0;
}

static int set_acks(struct produce_args *pa, const char *arg)
{
	pa->acks = !strcmp(arg, "all") ? -1 : atoi(arg);
	return 0;
}

/* Kafka's console producer properties that have a kaf meaning. */
static int set_property(struct produce_args *pa, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		return cmd_usage_error(pa->tool.spec, "--property wants KEY=VALUE, not '%s'", arg);
	size_t kl = (size_t)(eq - arg);
	const char *v = eq + 1;
	if (kl == 9 && !strncmp(arg, "parse.key", kl)) {
		if (!strcmp(v, "true") && !pa->key_delim_len) {
			pa->key_delim[0] = '\t';
			pa->key_delim_len = 1;
		} else if (strcmp(v, "true")) {
			pa->key_delim_len = 0;
		}
		return 0;
	}
	if (kl == 13 && !strncmp(arg, "key.separator", kl))
		return set_delim(pa, "--property key.separator", v, pa->key_delim, &pa->key_delim_len);
	if (kl == 11 && !strncmp(arg, "null.marker", kl)) {
		pa->null_marker = v;
		return 0;
	}
	if (kl == 12 && !strncmp(arg, "ignore.error", kl)) {
		pa->keep_going = !strcmp(v, "true");
		return 0;
	}
	return cmd_usage_error(pa->tool.spec, "--property %.*s is not supported (parse.key, "
			       "key.separator, null.marker, ignore.error)", (int)kl, arg);
}

static int add_header(struct produce_args *pa, const char *arg)
{
	if (pa->nheaders == PRODUCE_MAX_HEADERS)
		return cmd_usage_error(pa->tool.spec, "too many -H options (at most %d)",
				       PRODUCE_MAX_HEADERS);
	struct record_header *h = &pa->headers[pa->nheaders++];
	const char *eq = strchr(arg, '=');
	h->key = (const uint8_t *)arg;
	h->key_len = eq ? (int32_t)(eq - arg) : (int32_t)strlen(arg);
	h->value = eq ? (const uint8_t *)eq + 1 : NULL;
	h->value_len = eq ? (int32_t)strlen(eq + 1) : -1;
	if (h->key_len == 0)
		return cmd_usage_error(pa->tool.spec, "-H wants NAME=VALUE or NAME, not '%s'", arg);
	return 0;
}

static int on_option(void *ctx, int id, const char *arg);

/*
 * Producer properties given with -X (kcat habits, Java and librdkafka
 * names) are this command's options under another name. Returns 1 when
 * arg was one (rc holds the option's result), 0 when it is for the client.
 */
static int producer_property(struct produce_args *pa, const char *arg, int *rc)
{
	static const struct { const char *key; int id; } map[] = {
		{ "acks", O_ACKS }, { "request.required.acks", O_ACKS },
		{ "compression.type", O_COMPRESSION }, { "compression.codec", O_COMPRESSION },
		{ "linger.ms", O_LINGER }, { "queue.buffering.max.ms", O_LINGER },
		{ "batch.size", O_BATCH_SIZE }, { "partitioner", O_PARTITIONER },
	};
	const char *eq = strchr(arg, '=');
	if (!eq)
		return 0;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strlen(map[i].key) != (size_t)(eq - arg) || strncmp(arg, map[i].key, (size_t)(eq - arg)))
			continue;
		const char *v = eq + 1;
		int ok = 1;
		if (map[i].id == O_ACKS)
			ok = !strcmp(v, "all") || !strcmp(v, "-1") || !strcmp(v, "0") || !strcmp(v, "1");
		else if (map[i].id == O_COMPRESSION)
			ok = codec_from_name(v) >= 0;
		else if (map[i].id == O_PARTITIONER)
			ok = partitioner_from_name(v) >= 0;
		*rc = ok ? on_option(pa, map[i].id, v)
			 : cmd_usage_error(pa->tool.spec, "invalid value '%s' for -X %.*s", v,
					   (int)(eq - arg), arg);
		return 1;
	}
	return 0;
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct produce_args *pa = ctx;
	int64_t v;
	int rc;

	if ((id == TOOL_O_CLIENT_OPT || id == O_PRODUCER_PROPERTY) && producer_property(pa, arg, &rc))
		return rc;
	rc = tool_option(&pa->tool, id, arg);

	if (rc >= 0)
		return rc;
	switch (id) {
	case O_TOPIC: pa->topic = arg; return 0;
	case O_KEY: pa->key = arg; return 0;
	case O_KEY_DELIM: return set_delim(pa, "-K", arg, pa->key_delim, &pa->key_delim_len);
	case O_DELIM: return set_delim(pa, "-D", arg, pa->delim, &pa->delim_len);
	case O_WHOLE: pa->whole = !(arg && !strcmp(arg, "0")); return 0;
	case O_INPUT: pa->input_json = !strcmp(arg, "json"); return 0;
	case O_KEEP_PARTITION: pa->keep_partition = !(arg && !strcmp(arg, "0")); return 0;
	case O_KEEP_TIMESTAMP: pa->keep_timestamp = !(arg && !strcmp(arg, "0")); return 0;
	case O_HEADER: return add_header(pa, arg);
	case O_PARTITION: pa->partition = (int32_t)strtol(arg, NULL, 10); return 0;
	case O_PARTITIONER: pa->partitioner = partitioner_from_name(arg); return 0;
	case O_ACKS: case O_REQUIRED_ACKS: return set_acks(pa, arg);
	case O_COMPRESSION: case O_COMPRESSION_CODEC: pa->codec = codec_from_name(arg); return 0;
	case O_LINGER:
		if (opt_parse_duration_ms(arg, &pa->linger_ms))
			return cmd_usage_error(pa->tool.spec, "invalid value '%s' for --linger", arg);
		return 0;
	case O_BATCH_SIZE:
		if (opt_parse_size(arg, &pa->batch_size) || pa->batch_size < 1)
			return cmd_usage_error(pa->tool.spec, "invalid value '%s' for --batch-size", arg);
		return 0;
	case O_SYNC: pa->sync = !(arg && !strcmp(arg, "0")); return 0;
	case O_TIMESTAMP:
		if (!strcmp(arg, "now")) {
			pa->timestamp = -1;
			return 0;
		}
		if (topics_parse_at(arg, &v) || v < 0)
			return cmd_usage_error(pa->tool.spec, "invalid value '%s' for --timestamp "
					       "(epoch ms or s, YYYY-MM-DD[THH:MM:SS[.sss]][Z], now)", arg);
		pa->timestamp = v;
		return 0;
	case O_NULL_EMPTY: pa->null_empty = !(arg && !strcmp(arg, "0")); return 0;
	case O_NULL_MARKER: pa->null_marker = arg; return 0;
	case O_COUNT: pa->count = strtoll(arg, NULL, 10); return 0;
	case O_TEE: pa->tee = !(arg && !strcmp(arg, "0")); return 0;
	case O_REPORT: pa->report = !(arg && !strcmp(arg, "0")); return 0;
	case O_KEEP_GOING: pa->keep_going = !(arg && !strcmp(arg, "0")); return 0;
	case O_LINE_FILE: pa->line_file = arg; return 0;
	case O_PROPERTY: return set_property(pa, arg);
	case O_PRODUCER_PROPERTY: return tool_option(&pa->tool, TOOL_O_CLIENT_OPT, arg);
	case O_PRODUCER_CONFIG: return tool_option(&pa->tool, TOOL_O_COMMAND_CONFIG, arg);
	case O_LINE_READER:
		return cmd_usage_error(pa->tool.spec, "--line-reader (a Java class) is not supported; "
				       "use -D, -K or --input json");
	}
	return 0;
}

/* ---- outcomes ---- */

static void count_error(struct produce_args *pa, int16_t code)
{
	for (int i = 0; i < pa->nerrs; i++)
		if (pa->errs[i].code == code) {
			pa->errs[i].n++;
			return;
		}
	if (pa->nerrs < (int)(sizeof(pa->errs) / sizeof(pa->errs[0]))) {
		pa->errs[pa->nerrs].code = code;
		pa->errs[pa->nerrs].n = 1;
		pa->nerrs++;
	}
}

/* "orders.txt: record 12" for record id. */
static void record_place(const struct produce_args *pa, uint64_t id, char *out, size_t n)
{
	int i = pa->nsources - 1;
	while (i > 0 && pa->sources[i].first > id)
		i--;
	if (i < 0) {
		snprintf(out, n, "record %llu", (unsigned long long)id);
		return;
	}
	const char *name = strcmp(pa->sources[i].name, "-") ? pa->sources[i].name : "stdin";
	snprintf(out, n, "%s: record %llu", name, (unsigned long long)(id - pa->sources[i].first + 1));
}

/* Errors that are about the record itself: others end the run unless -E. */
static int record_error(int16_t code)
{
	return code == KERR_MESSAGE_TOO_LARGE || code == KERR_RECORD_LIST_TOO_LARGE ||
	       code == KERR_INVALID_RECORD || code == KERR_INVALID_TIMESTAMP;
}

static void on_result(void *ctx, const struct producer_result *r)
{
	struct produce_args *pa = ctx;

	if (r->error) {
		pa->nfailed++;
		count_error(pa, r->error);
		if (pa->printed_errors++ < MAX_PRINTED_ERRORS) {
			char where[PATH_MAX_PLACE];
			record_place(pa, r->id, where, sizeof(where));
			cmd_error(pa->tool.cmd, "%s: %s%s%s", where, kafka_error_name(r->error),
				  r->message ? ": " : "", r->message ? r->message : "");
		}
		if (!pa->keep_going && !record_error(r->error))
			pa->stop = 1;
	} else {
		pa->ndelivered++;
	}
	if (!pa->report)
		return;
	const char *status = r->error ? kafka_error_name(r->error) : "OK";
	if (pa->tool.output == OUT_JSONL) {
		fputs("{\"topic\":", stdout);
		json_str(stdout, pa->topic, -1);
		printf(",\"partition\":%d,\"offset\":", r->partition);
		if (r->offset >= 0)
			printf("%lld", (long long)r->offset);
		else
			fputs("null", stdout);
		printf(",\"timestamp\":%lld", (long long)r->timestamp);
		if (r->error)
			printf(",\"error\":{\"code\":\"%s\"}", status);
		fputs("}\n", stdout);
		return;
	}
	char off[24];
	if (r->offset >= 0)
		snprintf(off, sizeof(off), "%lld", (long long)r->offset);
	else
		snprintf(off, sizeof(off), "-");
	char sep = pa->tool.output == OUT_TSV ? '\t' : ' ';
	printf("%s%c%d%c%s%c%lld%c%s\n", pa->topic, sep, r->partition, sep, off, sep,
	       (long long)r->timestamp, sep, status);
}

/* ---- progress and summary ---- */

void produce_progress(struct produce_args *pa, int final)
{
	int64_t now = clock_mono_ns();

	if (!final && now - pa->progress_at_ns < 100000000)
		return;
	pa->progress_at_ns = now;
	if (final) {
		fputs("\r\033[K", stderr);
		return;
	}
	double secs = (double)(now - pa->start_ns) / 1e9;
	char pct[16] = "";
	if (pa->total_input)
		snprintf(pct, sizeof(pct), " (%.0f%%)", 100.0 * (double)pa->bytes_read /
							 (double)pa->total_input);
	fprintf(stderr, "\r\033[Kkaf produce: %.1f MB read%s, %llu records acked, %.0f records/s",
		(double)pa->bytes_read / 1e6, pct, (unsigned long long)pa->ndelivered,
		secs > 0 ? (double)pa->ndelivered / secs : 0.0);
}

static void summary(struct produce_args *pa)
{
	double secs = (double)(clock_mono_ns() - pa->start_ns) / 1e9;
	char line[1024];
	int n = snprintf(line, sizeof(line), "produced %llu records (%llu bytes) to %s in %.2f s",
			 (unsigned long long)pa->ndelivered,
			 (unsigned long long)pa->stats.bytes_acked, pa->topic, secs);
	if (pa->nfailed) {
		n += snprintf(line + n, sizeof(line) - (size_t)n, "; %llu failed:",
			      (unsigned long long)pa->nfailed);
		for (int i = 0; i < pa->nerrs && n < (int)sizeof(line) - 64; i++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%s %s x%llu",
				      i ? "," : "", kafka_error_name(pa->errs[i].code),
				      (unsigned long long)pa->errs[i].n);
	}
	if (pa->ninput_errors && n < (int)sizeof(line) - 64)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "; %llu bad input records",
			      (unsigned long long)pa->ninput_errors);
	if (pa->nread > pa->ndelivered + pa->nfailed && n < (int)sizeof(line) - 64)
		snprintf(line + n, sizeof(line) - (size_t)n, "; %llu not sent",
			 (unsigned long long)(pa->nread - pa->ndelivered - pa->nfailed));
	fprintf(stderr, "kaf produce: %s\n", line);
}

/* ---- the command ---- */

static int check_args(struct produce_args *pa, char **ops, int n)
{
	if (!pa->topic) {
		if (!n)
			return cmd_usage_error(pa->tool.spec, "missing operand: the topic");
		pa->topic = ops[0];
		ops++, n--;
	}
	if (!*pa->topic)
		return cmd_usage_error(pa->tool.spec, "the topic name is empty");
	if (pa->line_file) {
		if (n)
			return cmd_usage_error(pa->tool.spec, "-l FILE takes the place of FILE operands");
		pa->files = (char **)&pa->line_file;
		pa->nfiles = 1;
	} else {
		pa->files = ops;
		pa->nfiles = n;
	}
	if ((pa->keep_partition || pa->keep_timestamp) && !pa->input_json)
		return cmd_usage_error(pa->tool.spec, "--keep-partition and --keep-timestamp go "
				       "with --input json");
	if (pa->input_json && pa->key_delim_len)
		return cmd_usage_error(pa->tool.spec, "-K does not go with --input json (keys are "
				       "in the objects)");
	if (pa->keep_partition && pa->partition >= 0)
		return cmd_usage_error(pa->tool.spec, "give -p or --keep-partition, not both");
	if (pa->codec < 0 || pa->partitioner < 0)
		return cmd_usage_error(pa->tool.spec, "unknown codec or partitioner");
	return 0;
}

static void total_input(struct produce_args *pa)
{
	for (int i = 0; i < pa->nfiles; i++) {
		struct stat st;
		if (!strcmp(pa->files[i], "-") || stat(pa->files[i], &st) || !S_ISREG(st.st_mode)) {
			pa->total_input = 0;
			return;
		}
		pa->total_input += (uint64_t)st.st_size;
	}
}

static int open_producer(struct produce_args *pa, struct client *c)
{
	struct producer_opts o = PRODUCER_OPTS_DEFAULT;
	o.acks = (int16_t)pa->acks;
	o.codec = pa->codec;
	o.linger_ms = pa->sync ? 0 : pa->linger_ms;
	o.batch_size = (size_t)pa->batch_size;
	if (o.max_request_size < o.batch_size + 65536)
		o.max_request_size = o.batch_size + 65536;
	if (o.buffer_memory < 4 * o.max_request_size)
		o.buffer_memory = 4 * o.max_request_size;
	o.max_in_flight = pa->sync ? 1 : 5;
	o.partitioner = (enum partitioner_kind)pa->partitioner;
	o.request_timeout_ms = pa->tool.timeout_ms > 30000 ? pa->tool.timeout_ms : 30000;
	o.delivery_timeout_ms = pa->tool.timeout_ms;
	o.debug = cmd_debug_on("produce");
	int rc = producer_open(&pa->prod, c, pa->topic, &o, on_result, pa);
	if (rc == PRODUCER_ENOTOPIC) {
		cmd_error(pa->tool.cmd, "%s", pa->prod.err);
		if (strstr(pa->prod.err, "UNKNOWN_TOPIC"))
			fprintf(stderr, "hint: the broker does not create topics on first use; "
				"create it with 'kaf topics create %s'\n", pa->topic);
		return strstr(pa->prod.err, "UNKNOWN_TOPIC") ? EXIT_NOTFOUND : EXIT_FAILED;
	}
	if (rc)
		return tool_client_fail(&pa->tool, c, rc);
	if (pa->partition >= producer_partitions(&pa->prod)) {
		cmd_error(pa->tool.cmd, "%s: partition %d does not exist (the topic has %d)",
			  pa->topic, pa->partition, producer_partitions(&pa->prod));
		return EXIT_NOTFOUND;
	}
	if (o.codec == CODEC_ZSTD)
		say(SAY_DEBUG, "zstd needs Produce v7 on the broker");
	pa->opened = 1;
	return 0;
}

static void on_signal(int sig)
{
	produce_interrupted = sig;
}

/*
 * The first SIGINT or SIGTERM stops the reading; what was read is still
 * sent. A second one ends the process at once (SA_RESETHAND).
 */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;	/* no SA_RESTART: a blocked read returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int run(struct produce_args *pa)
{
	struct client c;
	int rc = tool_connect(&pa->tool, &c);

	if (rc)
		return rc;
	pa->start_ns = clock_mono_ns();
	if ((rc = open_producer(pa, &c))) {
		if (pa->opened)
			producer_close(&pa->prod);
		client_release(&c);
		return rc;
	}
	total_input(pa);
	pa->progress = isatty(2) && pa->nfiles > 0 && pa->total_input > 0 &&
		       say_get_level() >= SAY_WARN;
	arena_init(&pa->json_arena, 65536);
	produce_interrupted = 0;
	catch_signals();
	rc = produce_read_all(pa);
	if (!pa->client_rc) {
		int frc = producer_flush(&pa->prod);
		if (frc)
			pa->client_rc = frc;
	}
	if (pa->client_rc && pa->client_rc != EXIT_FAILED)
		cmd_error(pa->tool.cmd, "%s", client_error(&c));
	pa->stats = pa->prod.stats;
	producer_close(&pa->prod);
	arena_release(&pa->json_arena);
	if (pa->progress)
		produce_progress(pa, 1);
	int failed = rc || pa->nfailed || pa->ninput_errors || pa->client_rc ||
		     pa->nread > pa->ndelivered + pa->nfailed;
	if (pa->printed_errors > MAX_PRINTED_ERRORS)
		cmd_error(pa->tool.cmd, "%d more records failed", pa->printed_errors -
			  MAX_PRINTED_ERRORS);
	if (failed || say_get_level() >= SAY_INFO)
		summary(pa);
	client_release(&c);
	if (rc)
		return rc;
	if (failed)
		return EXIT_FAILED;
	/* Interrupted with nothing lost: the usual status of a SIGINT. */
	return produce_interrupted ? 128 + produce_interrupted : EXIT_OK;
}

int cmd_produce(int argc, char **argv)
{
	static struct produce_args pa;
	char **ops;
	int n, rc;

	memset(&pa, 0, sizeof(pa));
	tool_init(&pa.tool, "produce", &produce_spec);
	pa.tool.json_format = OUT_JSONL;
	pa.delim[0] = '\n';
	pa.delim_len = 1;
	pa.partition = -1;
	pa.partitioner = PART_MURMUR2_RANDOM;
	pa.acks = -1;
	pa.codec = CODEC_NONE;
	pa.linger_ms = 5;
	pa.batch_size = 1024 * 1024;
	pa.timestamp = -1;
	pa.count = -1;
	rc = opt_parse(&produce_spec, argc, argv, on_option, &pa, &ops, &n);
	if (rc)
		rc = rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	else if (!(rc = check_args(&pa, ops, n)) && !(rc = tool_resolve(&pa.tool)))
		rc = run(&pa);
	tool_release(&pa.tool);
	return rc;
}
