/*
 * kaf consume: read topics through the consumer engine (net/client/consumer)
 * and print each record as text (the value, a -f template or Kafka's
 * --print-* fields, consume_format.c) or as JSON lines (record_json.h).
 * Owns the options, the offset grammar (-o), stopping (-e, -c,
 * --idle-timeout, signals, a reader that went away), flushing and the
 * progress line; with -g, consume_group.c decides the partitions.
 */
#include "cmd/consume.h"

#include "cmd/cmd.h"
#include "cmd/escape.h"
#include "cmd/consume_group.h"
#include "cmd/opt.h"
#include "cmd/tool.h"
#include "cmd/topics.h"
#include "core/base/clock.h"
#include "core/base/say.h"
#include "net/client/consumer.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
	O_TOPIC = 1, O_PARTITION, O_OFFSET, O_FROM_BEGINNING, O_EXIT, O_COUNT, O_IDLE,
	O_ISOLATION, O_READ_COMMITTED, O_FORMAT, O_KEY_DELIM, O_PRINT_KEY, O_PRINT_PARTITION,
	O_PRINT_OFFSET, O_PRINT_TIMESTAMP, O_PRINT_HEADERS, O_DELIMITER, O_NULL_LITERAL,
	O_NULL_WORD, O_ENCODING, O_HEADER_FILTER, O_UNBUFFERED, O_FETCH_MAX_BYTES,
	O_FETCH_MAX_WAIT, O_PART_MAX_BYTES, O_PROPERTY, O_FORMATTER, O_GROUP, O_NO_COMMIT,
	O_ASSIGNOR, O_INSTANCE_ID, O_SESSION_TIMEOUT, O_COMMIT_INTERVAL,
};

#define MAX_TOPICS 64
#define MAX_FILTERS 16
#define MAX_PARTITION 65536	/* -p numbers stay below this */

static const struct opt consume_opts[] = {
	TOOL_CONNECT_OPTS,
	{ .id = TOOL_O_OUTPUT, .long_name = "output", .type = OPT_ENUM, .arg_name = "FORMAT",
	  .values = "text|jsonl", .def = "text", .help = "print text or jsonl (one JSON object "
	  "per record)" },
	{ .id = TOOL_O_JSON, .short_name = 'J', .long_name = "json", .type = OPT_FLAG,
	  .help = "same as --output jsonl" },
	{ .id = O_TOPIC, .short_name = 't', .long_name = "topic", .type = OPT_STRING,
	  .arg_name = "TOPIC", .repeatable = 1, .help = "a topic to read (also as an operand)" },
	{ .id = O_PARTITION, .short_name = 'p', .long_name = "partition", .type = OPT_STRING,
	  .arg_name = "LIST", .aliases = "partitions", .repeatable = 1,
	  .help = "read only these partitions (0,2,5-7) [default: all]" },
	{ .id = O_OFFSET, .short_name = 'o', .long_name = "offset", .type = OPT_STRING,
	  .arg_name = "SPEC", .repeatable = 1, .def = "beginning",
	  .help = "where to start (and stop): beginning, end, N, -N, +N, @TIME, A:B" },
	{ .id = O_FROM_BEGINNING, .long_name = "from-beginning", .type = OPT_FLAG, .hidden = 1,
	  .help = "same as -o beginning" },
	{ .id = O_EXIT, .short_name = 'e', .long_name = "exit", .type = OPT_FLAG,
	  .help = "stop at the end offsets of the partitions, taken at start" },
	{ .id = O_COUNT, .short_name = 'c', .long_name = "count", .type = OPT_INT, .arg_name = "N",
	  .min = 1, .max = INT64_MAX, .aliases = "max-messages",
	  .help = "stop after N records" },
	{ .id = O_IDLE, .long_name = "idle-timeout", .type = OPT_DURATION, .arg_name = "DUR",
	  .min = 1, .max = 365LL * 86400000, .aliases = "timeout-ms",
	  .help = "stop after DUR without a record" },
	{ .id = O_GROUP, .short_name = 'g', .long_name = "group", .type = OPT_STRING,
	  .arg_name = "GROUP", .help = "read as a member of consumer group GROUP, from its "
	  "committed offsets, committing as records are read" },
	{ .id = O_GROUP, .short_name = 'G', .long_name = "group-id", .type = OPT_STRING,
	  .arg_name = "GROUP", .hidden = 1, .help = "same as -g (kcat -G)" },
	{ .id = O_NO_COMMIT, .long_name = "no-commit", .type = OPT_FLAG,
	  .help = "with -g: read without committing offsets" },
	{ .id = O_COMMIT_INTERVAL, .long_name = "commit-interval", .type = OPT_DURATION,
	  .arg_name = "DUR", .def = "5s", .min = 100, .max = 86400000,
	  .help = "with -g: commit the positions this often (and on exit)" },
	{ .id = O_ASSIGNOR, .long_name = "assignor", .type = OPT_STRING, .arg_name = "NAME,...",
	  .def = "range,roundrobin", .help = "with -g: partition assignors in preference order "
	  "(range, roundrobin)" },
	{ .id = O_INSTANCE_ID, .long_name = "group-instance-id", .type = OPT_STRING,
	  .arg_name = "ID", .help = "with -g: static membership; the partitions wait for this "
	  "member across a restart within the session timeout" },
	{ .id = O_SESSION_TIMEOUT, .long_name = "session-timeout", .type = OPT_DURATION,
	  .arg_name = "DUR", .def = "45s", .min = 1000, .max = 3600000,
	  .help = "with -g: a member silent this long is dropped from the group" },
	{ .id = O_ISOLATION, .long_name = "isolation", .type = OPT_ENUM, .arg_name = "LEVEL",
	  .values = "read_uncommitted|read_committed", .def = "read_uncommitted",
	  .aliases = "isolation-level", .help = "read_committed skips aborted transactions" },
	{ .id = O_READ_COMMITTED, .long_name = "read-committed", .type = OPT_FLAG,
	  .help = "same as --isolation read_committed" },
	{ .id = O_FORMAT, .short_name = 'f', .long_name = "format", .type = OPT_STRING,
	  .arg_name = "FMT", .help = "print records as FMT ('%t %p %o %k %s %h %T\\n'; see the "
	  "man page)" },
	{ .id = O_KEY_DELIM, .short_name = 'K', .long_name = "key-delimiter", .type = OPT_STRING,
	  .arg_name = "DELIM", .help = "print the key and DELIM before the value (kcat -K)" },
	{ .id = O_PRINT_KEY, .long_name = "print-key", .type = OPT_FLAG,
	  .help = "print the key before the value, TAB-separated (Kafka)" },
	{ .id = O_PRINT_PARTITION, .long_name = "print-partition", .type = OPT_FLAG,
	  .help = "print Partition:P first (Kafka)" },
	{ .id = O_PRINT_OFFSET, .short_name = 'O', .long_name = "print-offset", .type = OPT_FLAG,
	  .help = "print Offset:O first (Kafka)" },
	{ .id = O_PRINT_TIMESTAMP, .long_name = "print-timestamp", .type = OPT_FLAG,
	  .help = "print CreateTime:MS first (Kafka)" },
	{ .id = O_PRINT_HEADERS, .long_name = "print-headers", .type = OPT_FLAG,
	  .help = "print the headers as k:v,k:v or NO_HEADERS (Kafka)" },
	{ .id = O_DELIMITER, .short_name = 'D', .long_name = "delimiter", .type = OPT_STRING,
	  .arg_name = "DELIM", .def = "\\n", .help = "written after each record" },
	{ .id = O_NULL_LITERAL, .long_name = "null-literal", .type = OPT_STRING,
	  .arg_name = "STR", .help = "print a null key or value as STR [default: empty; null "
	  "with --print-*]" },
	{ .id = O_NULL_WORD, .short_name = 'Z', .long_name = "print-null", .type = OPT_FLAG,
	  .hidden = 1, .help = "same as --null-literal NULL (kcat -Z)" },
	{ .id = O_ENCODING, .long_name = "encoding", .type = OPT_ENUM, .arg_name = "ENC",
	  .values = "text|hex|base64", .def = "text",
	  .help = "print keys, values and header values as text, hex or base64" },
	{ .id = O_HEADER_FILTER, .long_name = "header-filter", .type = OPT_STRING,
	  .arg_name = "NAME=VALUE", .repeatable = 1,
	  .help = "print only records with this header (all must match)" },
	{ .id = O_UNBUFFERED, .short_name = 'u', .long_name = "unbuffered", .type = OPT_FLAG,
	  .help = "flush after every record" },
	{ .id = O_FETCH_MAX_BYTES, .long_name = "fetch-max-bytes", .type = OPT_SIZE,
	  .arg_name = "SIZE", .def = "50MiB", .min = 1024, .max = 256LL << 20,
	  .help = "most bytes a fetch asks for" },
	{ .id = O_FETCH_MAX_WAIT, .long_name = "fetch-max-wait", .type = OPT_DURATION,
	  .arg_name = "DUR", .def = "500ms", .min = 0, .max = 60000,
	  .help = "how long the broker may wait for new records" },
	{ .id = O_PART_MAX_BYTES, .long_name = "max-partition-fetch-bytes", .type = OPT_SIZE,
	  .arg_name = "SIZE", .def = "1MiB", .min = 1024, .max = 256LL << 20,
	  .help = "most bytes a fetch asks for per partition" },
	{ .id = O_PROPERTY, .long_name = "property", .type = OPT_STRING, .arg_name = "KEY=VALUE",
	  .repeatable = 1, .hidden = 1, .help = "Kafka's formatter properties (print.key=true)" },
	{ .id = TOOL_O_CLIENT_OPT, .long_name = "consumer-property", .type = OPT_STRING,
	  .arg_name = "KEY=VALUE", .repeatable = 1, .hidden = 1, .help = "same as -X" },
	{ .id = TOOL_O_COMMAND_CONFIG, .long_name = "consumer.config", .type = OPT_STRING,
	  .arg_name = "FILE", .hidden = 1, .help = "same as -F" },
	{ .id = O_FORMATTER, .long_name = "formatter", .type = OPT_STRING, .arg_name = "CLASS",
	  .hidden = 1, .help = "Kafka's Java formatter classes: not supported" },
	{ 0 }
};

static const char *const consume_examples[] = {
	"kaf consume orders -e",
	"kaf consume orders -o -10 -e -f '%p %o %k %s\\n'",
	"kaf consume orders -p 0,2 -o @2024-05-01 -c 100",
	"kaf consume orders --print-timestamp --print-key -o end",
	"kaf consume orders -J -e | jq -r .value",
	"kaf consume orders -g billing",
	NULL
};

const struct cmd_spec consume_spec = {
	.name = "consume",
	.summary = "Read records from topics and print them",
	.usage = "[options] TOPIC...",
	.opts = consume_opts,
	.examples = consume_examples,
	.max_operands = -1,
	.operand_complete = "none",
};

struct header_filter {
	const char *name;
	size_t name_len;
	const char *value;	/* NULL: the header only has to be there */
	size_t value_len;
};

struct consume {
	struct tool tool;
	const char *topics[MAX_TOPICS];
	int ntopics;
	const char *partitions[16];
	int npartitions;
	struct consumer_point start, stop;
	int have_stop;
	int start_set;			/* -o gave a start point */
	int stored;			/* -o stored / committed */
	int exit_at_end;
	struct cgroup_config gcfg;	/* gcfg.group NULL: no group */
	const char *group_only;		/* the first group option given, for the usage check */
	int64_t count;			/* 0 = no limit */
	int64_t idle_ms;		/* 0 = none */
	struct consumer_opts copts;
	int reset_set;
	struct fmt fmt;
	const char *format;
	int kafka_fields;		/* any --print-* given */
	struct header_filter filters[MAX_FILTERS];
	int nfilters;
	int unbuffered;
	enum rj_encoding rj_enc;

	/* While running. */
	int64_t seen;			/* records printed */
	struct rj_header *hdrs;		/* scratch for jsonl headers */
	int hdrs_cap;
};

/* ---- offset grammar ---- */

static int all_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A time after '@': topics --at grammar, now, or -DUR (before now). */
static int parse_time(const char *s, int64_t *ms)
{
	int64_t d;

	if (!strcmp(s, "now"))
		return *ms = clock_wall_ms(), 0;
	if (s[0] == '-' && !opt_parse_duration_ms(s + 1, &d))
		return *ms = clock_wall_ms() - d, 0;
	return topics_parse_at(s, ms) || *ms < 0 ? -1 : 0;
}

/* One point of the grammar (s[0..n)); time_ok: a bare time without '@' is accepted. */
static int parse_point(const char *s, size_t n, int time_ok, struct consumer_point *pt)
{
	char b[128];

	if (n == 0 || n >= sizeof(b))
		return -1;
	memcpy(b, s, n);
	b[n] = 0;
	int64_t ms;
	/* After "@T1:" a bare number is a time too, not an offset. */
	if (time_ok && b[0] != '@' && !parse_time(b, &ms))
		return *pt = (struct consumer_point){ CONSUMER_AT_TIME, ms }, 0;
	if (!strcmp(b, "beginning") || !strcmp(b, "earliest") || !strcmp(b, "start") ||
	    !strcmp(b, "oldest"))
		return *pt = (struct consumer_point){ CONSUMER_AT_BEGINNING, 0 }, 0;
	if (!strcmp(b, "end") || !strcmp(b, "latest") || !strcmp(b, "newest"))
		return *pt = (struct consumer_point){ CONSUMER_AT_END, 0 }, 0;
	if (all_digits(b, n) && n <= 18)
		return *pt = (struct consumer_point){ CONSUMER_AT_OFFSET, strtoll(b, NULL, 10) }, 0;
	if ((b[0] == '-' || b[0] == '+') && all_digits(b + 1, n - 1) && n <= 19)
		return *pt = (struct consumer_point){ b[0] == '-' ? CONSUMER_AT_END :
							CONSUMER_AT_BEGINNING, strtoll(b + 1, NULL, 10) }, 0;
	if (b[0] == '@' && !parse_time(b + 1, &ms))
		return *pt = (struct consumer_point){ CONSUMER_AT_TIME, ms }, 0;
	return -1;
}

/*
 * One -o: a point (start), A:B, :B, A: (rpk ranges), s@MS / e@MS (kcat).
 * The stop point of a range is exclusive. Returns 0 or -1.
 */
static int parse_offset(struct consume *cs, const char *s)
{
	size_t n = strlen(s);
	struct consumer_point a, b;

	if (!strcmp(s, "stored") || !strcmp(s, "committed"))
		return cs->stored = 1, 0;
	if (!strncmp(s, "s@", 2) && !parse_point(s + 1, n - 1, 0, &a))
		return cs->start = a, cs->start_set = 1, 0;
	if (!strncmp(s, "e@", 2) && !parse_point(s + 1, n - 1, 0, &b))
		return cs->stop = b, cs->have_stop = 1, 0;
	if (!parse_point(s, n, 0, &a))
		return cs->start = a, cs->start_set = 1, 0;
	/* Times have colons of their own: try each colon as the range's. */
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ':')
			continue;
		int left = i == 0 || !parse_point(s, i, 0, &a);
		int right = i + 1 == n || !parse_point(s + i + 1, n - i - 1, s[0] == '@', &b);
		if (!left || !right || (i == 0 && i + 1 == n))
			continue;
		if (i > 0) {
			cs->start = a;
			cs->start_set = 1;
		}
		if (i + 1 < n) {
			cs->stop = b;
			cs->have_stop = 1;
		}
		return 0;
	}
	return -1;
}

/* "0,2,5-7" into a bitmap of up to max partitions; 0 or -1. */
static int parse_partitions(const char *s, unsigned char *want, int32_t max, int32_t *hi)
{
	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b = a;
		if (end == s || a < 0)
			return -1;
		if (*end == '-') {
			const char *q = end + 1;
			b = strtol(q, &end, 10);
			if (end == q || b < a)
				return -1;
		}
		if (*end && *end != ',')
			return -1;
		for (long p = a; p <= b; p++) {
			if (p >= max)
				return -1;
			want[p] = 1;
			if (p > *hi)
				*hi = (int32_t)p;
		}
		s = *end ? end + 1 : end;
	}
	return 0;
}

/* ---- options ---- */

static int is_true(const char *v)
{
	return !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes");
}

/* A separator option's value, unescaped into buf (of 64 bytes); its length or -1. */
static int set_sep(struct consume *cs, const char *what, const char *v, char *buf,
		   const char **out, size_t *out_len)
{
	int n = escape_decode(v, buf, 63);

	if (n < 0) {
		cmd_usage_error(cs->tool.spec, "invalid value '%s' for %s (at most 63 bytes; "
				"escapes \\n \\r \\t \\0 \\\\ \\xNN)", v, what);
		return -1;
	}
	buf[n] = 0;
	*out = buf;
	if (out_len)
		*out_len = (size_t)n;
	return n;
}

/* Kafka's --property KEY=VALUE for its console formatter. */
static int on_property(struct consume *cs, const char *kv)
{
	const char *eq = strchr(kv, '=');
	struct fmt *f = &cs->fmt;
	char key[64];

	if (!eq || eq == kv || eq - kv >= (int)sizeof(key))
		return cmd_usage_error(cs->tool.spec, "--property wants KEY=VALUE, not '%s'", kv), 1;
	snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
	const char *v = eq + 1;
	int *flag = !strcmp(key, "print.timestamp") ? &f->k.timestamp :
		    !strcmp(key, "print.partition") ? &f->k.partition :
		    !strcmp(key, "print.offset") ? &f->k.offset :
		    !strcmp(key, "print.headers") ? &f->k.headers :
		    !strcmp(key, "print.key") ? &f->k.key :
		    !strcmp(key, "print.value") ? &f->k.value : NULL;
	if (flag) {
		*flag = is_true(v);
		cs->kafka_fields = 1;
		return 0;
	}
	if (!strcmp(key, "key.separator"))
		return set_sep(cs, key, v, f->key_sep_buf, &f->key_sep, &f->key_sep_len) < 0;
	if (!strcmp(key, "line.separator"))
		return set_sep(cs, key, v, f->delim_buf, &f->delim, &f->delim_len) < 0;
	if (!strcmp(key, "headers.separator"))
		return set_sep(cs, key, v, f->headers_sep_buf, &f->headers_sep, NULL) < 0;
	if (!strcmp(key, "null.literal")) {
		f->null_literal = v;
		return 0;
	}
	cmd_warn(cs->tool.cmd, "ignoring --property %s (not a formatter property kaf knows)", key);
	return 0;
}

/* --assignor or partition.assignment.strategy; 0, or 1 after a usage error. */
static int set_assignors(struct consume *cs, const char *what, const char *list)
{
	char err[160];
	int n = cgroup_parse_assignors(list, cs->gcfg.assignors, MEMBER_MAX_ASSIGNORS, err,
				       sizeof(err));

	if (n < 0)
		return cmd_usage_error(cs->tool.spec, "invalid value '%s' for %s: %s", list, what,
				       err), 1;
	cs->gcfg.nassignors = n;
	cs->group_only = what;
	return 0;
}

/* -X KEY=VALUE naming a consumer property; 1 when taken, -1 after a usage error. */
static int consumer_prop(struct consume *cs, const char *kv)
{
	const char *eq = strchr(kv, '=');
	int64_t v;

	if (!eq)
		return 0;
	size_t kl = (size_t)(eq - kv);
	const char *val = eq + 1;
#define KEY(s) (kl == strlen(s) && !memcmp(kv, s, kl))
	if (KEY("isolation.level")) {
		if (strcmp(val, "read_committed") && strcmp(val, "read_uncommitted"))
			goto bad;
		cs->copts.read_committed = !strcmp(val, "read_committed");
		return 1;
	}
	if (KEY("auto.offset.reset")) {
		if (!strcmp(val, "earliest") || !strcmp(val, "smallest") || !strcmp(val, "beginning"))
			cs->copts.reset = CONSUMER_RESET_EARLIEST;
		else if (!strcmp(val, "latest") || !strcmp(val, "largest") || !strcmp(val, "end"))
			cs->copts.reset = CONSUMER_RESET_LATEST;
		else if (!strcmp(val, "none") || !strcmp(val, "error"))
			cs->copts.reset = CONSUMER_RESET_NONE;
		else
			goto bad;
		cs->reset_set = 1;
		return 1;
	}
	if (KEY("fetch.max.bytes") || KEY("max.partition.fetch.bytes")) {
		if (opt_parse_size(val, &v) || v < 1024 || v > (256 << 20))
			goto bad;
		*(KEY("fetch.max.bytes") ? &cs->copts.max_bytes : &cs->copts.partition_max_bytes) =
			(int32_t)v;
		return 1;
	}
	if (KEY("group.id")) {
		if (!*val)
			goto bad;
		cs->gcfg.group = val;
		return 1;
	}
	if (KEY("group.instance.id")) {
		if (!*val || strlen(val) > 249)
			goto bad;
		cs->gcfg.instance_id = val;
		return 1;
	}
	if (KEY("partition.assignment.strategy"))
		return set_assignors(cs, "-X partition.assignment.strategy", val) ? -1 : 1;
	if (KEY("enable.auto.commit")) {
		cs->gcfg.no_commit = !is_true(val);
		return 1;
	}
	if (KEY("session.timeout.ms") || KEY("heartbeat.interval.ms") ||
	    KEY("max.poll.interval.ms") || KEY("auto.commit.interval.ms")) {
		if (opt_parse_duration_ms(val, &v) || v < 1 || v > 3600000)
			goto bad;
		if (KEY("auto.commit.interval.ms"))
			cs->gcfg.commit_interval_ms = v;
		else
			*(KEY("session.timeout.ms") ? &cs->gcfg.session_ms :
			  KEY("heartbeat.interval.ms") ? &cs->gcfg.heartbeat_ms :
							 &cs->gcfg.rebalance_ms) = (int32_t)v;
		return 1;
	}
	if (KEY("fetch.wait.max.ms") || KEY("fetch.max.wait.ms")) {
		if (opt_parse_duration_ms(val, &v) || v > 60000)
			goto bad;
		cs->copts.max_wait_ms = (int32_t)v;
		return 1;
	}
#undef KEY
	return 0;
bad:
	cmd_usage_error(cs->tool.spec, "invalid value in -X %s", kv);
	return -1;
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct consume *cs = ctx;
	int on = !(arg && !strcmp(arg, "0")), rc;
	int64_t v;

	if (id == TOOL_O_CLIENT_OPT && (rc = consumer_prop(cs, arg)) != 0)
		return rc < 0;
	rc = tool_option(&cs->tool, id, arg);
	if (rc >= 0)
		return rc;
	switch (id) {
	case O_TOPIC:
		if (cs->ntopics == MAX_TOPICS)
			return cmd_usage_error(cs->tool.spec, "too many topics (at most %d)",
					       MAX_TOPICS), 1;
		cs->topics[cs->ntopics++] = arg;
		break;
	case O_PARTITION:
		if (cs->npartitions == 16)
			return cmd_usage_error(cs->tool.spec, "too many -p options"), 1;
		cs->partitions[cs->npartitions++] = arg;
		break;
	case O_OFFSET:
		rc = parse_offset(cs, arg);
		if (rc)
			return cmd_usage_error(cs->tool.spec, "invalid offset '%s' (beginning, end, N, "
					       "-N, +N, @TIME, A:B, s@MS, e@MS)", arg), 1;
		break;
	case O_FROM_BEGINNING:
		cs->start = (struct consumer_point){ CONSUMER_AT_BEGINNING, 0 };
		cs->start_set = 1;
		break;
	case O_GROUP:
		if (!*arg)
			return cmd_usage_error(cs->tool.spec, "the group name is empty"), 1;
		cs->gcfg.group = arg;
		break;
	case O_NO_COMMIT: cs->gcfg.no_commit = on; cs->group_only = "--no-commit"; break;
	case O_COMMIT_INTERVAL:
		opt_parse_duration_ms(arg, &cs->gcfg.commit_interval_ms);
		cs->group_only = "--commit-interval";
		break;
	case O_ASSIGNOR: return set_assignors(cs, "--assignor", arg);
	case O_INSTANCE_ID:
		if (!*arg || strlen(arg) > 249)
			return cmd_usage_error(cs->tool.spec, "invalid value '%s' for "
					       "--group-instance-id (1 to 249 bytes)", arg), 1;
		cs->gcfg.instance_id = arg;
		cs->group_only = "--group-instance-id";
		break;
	case O_SESSION_TIMEOUT:
		opt_parse_duration_ms(arg, &v);
		cs->gcfg.session_ms = (int32_t)v;
		cs->group_only = "--session-timeout";
		break;
	case O_EXIT: cs->exit_at_end = on; break;
	case O_COUNT: cs->count = strtoll(arg, NULL, 10); break;
	case O_IDLE: opt_parse_duration_ms(arg, &cs->idle_ms); break;
	case O_ISOLATION: cs->copts.read_committed = !strcmp(arg, "read_committed"); break;
	case O_READ_COMMITTED: cs->copts.read_committed = on; break;
	case O_FORMAT: cs->format = arg; break;
	case O_KEY_DELIM:
		cs->fmt.k.key = 1;
		cs->kafka_fields = 1;
		return set_sep(cs, "-K", arg, cs->fmt.key_sep_buf, &cs->fmt.key_sep,
			       &cs->fmt.key_sep_len) < 0;
	case O_PRINT_KEY: cs->fmt.k.key = on; cs->kafka_fields = 1; break;
	case O_PRINT_PARTITION: cs->fmt.k.partition = on; cs->kafka_fields = 1; break;
	case O_PRINT_OFFSET: cs->fmt.k.offset = on; cs->kafka_fields = 1; break;
	case O_PRINT_TIMESTAMP: cs->fmt.k.timestamp = on; cs->kafka_fields = 1; break;
	case O_PRINT_HEADERS: cs->fmt.k.headers = on; cs->kafka_fields = 1; break;
	case O_DELIMITER:
		return set_sep(cs, "--delimiter", arg, cs->fmt.delim_buf, &cs->fmt.delim,
			       &cs->fmt.delim_len) < 0;
	case O_NULL_LITERAL: cs->fmt.null_literal = arg; break;
	case O_NULL_WORD: cs->fmt.null_literal = "NULL"; break;
	case O_ENCODING:
		cs->fmt.enc = !strcmp(arg, "hex") ? FM_HEX : !strcmp(arg, "base64") ? FM_BASE64 :
										 FM_NONE;
		cs->rj_enc = !strcmp(arg, "hex") ? RJ_HEX : !strcmp(arg, "base64") ? RJ_BASE64 :
										 RJ_AUTO;
		break;
	case O_HEADER_FILTER: {
		if (cs->nfilters == MAX_FILTERS)
			return cmd_usage_error(cs->tool.spec, "too many --header-filter options (at "
					       "most %d)", MAX_FILTERS), 1;
		struct header_filter *hf = &cs->filters[cs->nfilters++];
		const char *eq = strchr(arg, '=');
		hf->name = arg;
		hf->name_len = eq ? (size_t)(eq - arg) : strlen(arg);
		hf->value = eq ? eq + 1 : NULL;
		hf->value_len = eq ? strlen(eq + 1) : 0;
		break;
	}
	case O_UNBUFFERED: cs->unbuffered = on; break;
	case O_FETCH_MAX_BYTES: case O_PART_MAX_BYTES:
		opt_parse_size(arg, &v);
		*(id == O_FETCH_MAX_BYTES ? &cs->copts.max_bytes : &cs->copts.partition_max_bytes) =
			(int32_t)v;
		break;
	case O_FETCH_MAX_WAIT:
		opt_parse_duration_ms(arg, &v);
		cs->copts.max_wait_ms = (int32_t)v;
		break;
	case O_PROPERTY: return on_property(cs, arg);
	case O_FORMATTER:
		return cmd_usage_error(cs->tool.spec, "--formatter takes a Java class, which kaf "
				       "cannot load; use -f FMT, --print-* or --output jsonl"), 1;
	}
	return 0;
}

/* ---- running ---- */

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* Whether the reader of a stdout pipe is gone (POLLERR on fd 1). */
static int reader_gone(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

static int filters_match(const struct consume *cs, const struct record *r)
{
	for (int i = 0; i < cs->nfilters; i++) {
		const struct header_filter *hf = &cs->filters[i];
		struct record_header h;
		size_t cur = 0;
		int hit = 0;
		while (!hit && record_header_next(r, &cur, &h) == 1)
			hit = h.key_len >= 0 && (size_t)h.key_len == hf->name_len &&
			      !memcmp(h.key, hf->name, hf->name_len) &&
			      (!hf->value || (h.value_len >= 0 && (size_t)h.value_len == hf->value_len &&
					      !memcmp(h.value, hf->value, hf->value_len)));
		if (!hit)
			return 0;
	}
	return 1;
}

static void write_jsonl(struct consume *cs, const struct consumer_record *cr)
{
	const struct record *r = cr->rec;
	struct rj_record j = {
		.topic = cr->part->topic, .partition = cr->part->partition, .offset = r->offset,
		.timestamp = r->timestamp,
		.log_append_time = (cr->batch->attributes & BATCH_ATTR_LOG_APPEND_TIME) != 0,
		.leader_epoch = cr->batch->leader_epoch,
		.key = { r->key, r->key_len }, .value = { r->value, r->value_len },
	};

	if (r->header_count > cs->hdrs_cap) {
		cs->hdrs_cap = r->header_count < 16 ? 16 : r->header_count;
		free(cs->hdrs);
		cs->hdrs = malloc(sizeof(*cs->hdrs) * (size_t)cs->hdrs_cap);
		if (!cs->hdrs)
			abort();
	}
	struct record_header h;
	size_t cur = 0;
	while (j.nheaders < cs->hdrs_cap && record_header_next(r, &cur, &h) == 1) {
		cs->hdrs[j.nheaders].key = (struct rj_bytes){ h.key, h.key_len };
		cs->hdrs[j.nheaders++].value = (struct rj_bytes){ h.value, h.value_len };
	}
	j.headers = cs->hdrs;
	rj_write(stdout, &j, cs->rj_enc);
}

static int on_record(void *ctx, const struct consumer_record *cr)
{
	struct consume *cs = ctx;
	const struct record *r = cr->rec;

	if (cs->nfilters && !filters_match(cs, r))
		return stop_signal != 0;
	if (cs->tool.output == OUT_JSONL) {
		write_jsonl(cs, cr);
	} else {
		struct fmt_record fr = {
			.topic = cr->part->topic, .partition = cr->part->partition,
			.offset = r->offset, .timestamp = r->timestamp,
			.log_append_time = (cr->batch->attributes & BATCH_ATTR_LOG_APPEND_TIME) != 0,
			.leader_epoch = cr->batch->leader_epoch,
			.key = { r->key, r->key_len }, .value = { r->value, r->value_len },
			.headers = r->headers, .headers_len = r->headers_len,
			.header_count = r->header_count,
		};
		fmt_write(stdout, &cs->fmt, &fr);
	}
	if (cs->unbuffered)
		fflush(stdout);
	cs->seen++;
	return (cs->count && cs->seen >= cs->count) || stop_signal;
}

/*
 * The partitions to read: every one of each topic, or those of -p. With
 * k NULL only check that the topics exist (a group decides the partitions).
 */
static int assign_all(struct consume *cs, struct client *c, struct consumer *k)
{
	struct arena a;
	struct metadata_resp md;
	int rc = 0;

	arena_init(&a, 16384);
	for (int attempt = 1;; attempt++) {
		int again = 0;
		rc = client_metadata(c, cs->topics, cs->ntopics, &md, &a);
		if (rc) {
			arena_release(&a);
			return tool_client_fail(&cs->tool, c, rc);
		}
		for (int i = 0; i < md.topics.n; i++)
			if (md.topics.v[i].error_code && md.topics.v[i].error_code !=
			    KERR_UNKNOWN_TOPIC_OR_PARTITION && !md.topics.v[i].partitions.n)
				again = 1;
		if (!again || client_backoff(c, attempt))
			break;
	}
	for (int t = 0; t < cs->ntopics && !rc; t++) {
		const struct metadata_resp_topics *tp = NULL;
		for (int i = 0; i < md.topics.n && !tp; i++)
			if (kstr_eq(md.topics.v[i].name, cs->topics[t]))
				tp = &md.topics.v[i];
		if (!tp || tp->error_code == KERR_UNKNOWN_TOPIC_OR_PARTITION) {
			cmd_error(cs->tool.cmd, "%s: UNKNOWN_TOPIC_OR_PARTITION: the topic does not "
				  "exist", cs->topics[t]);
			rc = EXIT_NOTFOUND;
			break;
		}
		if (!tp->partitions.n) {
			cmd_error(cs->tool.cmd, "%s: %s", cs->topics[t],
				  kafka_error_name(tp->error_code));
			rc = EXIT_FAILED;
			break;
		}
		/* Kafka numbers a topic's partitions 0 to count - 1. */
		int32_t np = tp->partitions.n, hi = -1;
		/* -p lists were checked against this bound while parsing the options. */
		size_t nwant = (size_t)np > MAX_PARTITION ? (size_t)np : MAX_PARTITION;
		unsigned char *want = arena_zalloc(&a, nwant);
		if (!cs->npartitions)
			memset(want, 1, (size_t)np);
		for (int i = 0; i < cs->npartitions; i++)
			if (parse_partitions(cs->partitions[i], want, MAX_PARTITION, &hi) || hi >= np) {
				cmd_error(cs->tool.cmd, "%s: UNKNOWN_TOPIC_OR_PARTITION: no partition %d "
					  "(the topic has %d)", cs->topics[t], hi, np);
				rc = EXIT_NOTFOUND;
				break;
			}
		for (int32_t p = 0; p < np && !rc && k; p++)
			if (want[p])
				consumer_assign(k, cs->topics[t], p, cs->start, cs->stop);
	}
	arena_release(&a);
	return rc;
}

static void progress(const struct consume *cs, const struct consumer *k, int clear)
{
	if (clear) {
		fputs("\r\033[K", stderr);
		return;
	}
	fprintf(stderr, "\r\033[K%lld records, %lld to go", (long long)cs->seen,
		(long long)consumer_lag(k));
}

/* A failure of the engine or the group member as an exit code. */
static int fail_code(int rc)
{
	return rc == CLIENT_EUNAVAIL ? EXIT_UNAVAILABLE : rc == CONSUMER_ENOTFOUND ? EXIT_NOTFOUND :
									 EXIT_FAILED;
}

/*
 * The consuming loop; returns the exit code. With a group g, the member
 * gets its turn before each fetch, which blocks for at most the fetch wait
 * (kept below the heartbeat interval).
 */
static int run(struct consume *cs, struct consumer *k, struct cgroup *g)
{
	int show = cs->exit_at_end && isatty(STDERR_FILENO) && say_get_level() >= SAY_WARN;
	int pipe_out = 0;
	struct stat st;
	int64_t last_record = clock_mono_ns(), last_draw = 0;

	if (!fstat(STDOUT_FILENO, &st))
		pipe_out = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
	while (!stop_signal) {
		int n = 0;
		if (g) {
			int rc = cgroup_tick(g, clock_mono_ns() / 1000000);
			if (rc || stop_signal) {
				if (show)
					progress(cs, k, 1);
				if (!rc)
					break;
				fflush(stdout);
				cmd_error(cs->tool.cmd, "%s", g->err);
				return fail_code(rc);
			}
			if ((cs->exit_at_end || cs->have_stop) && cgroup_done(g))
				break;
			if (consumer_done(k)) {
				/* Nothing to read (no partitions, or all stopped): keep heartbeating. */
				struct timespec ts = { 0, 100 * 1000000 };
				nanosleep(&ts, NULL);
			} else {
				n = consumer_poll(k, on_record, cs);
			}
		} else {
			if (consumer_done(k))
				break;
			n = consumer_poll(k, on_record, cs);
		}
		int64_t now = clock_mono_ns();
		if (n < 0) {
			if (show)
				progress(cs, k, 1);
			fflush(stdout);
			cmd_error(cs->tool.cmd, "%s", consumer_error(k));
			return fail_code(n);
		}
		if (cs->count && cs->seen >= cs->count)
			break;
		if (n > 0)
			last_record = now;
		/*
		 * One flush per fetch round: a round brings up to a fetch's worth
		 * of records, so this is one write per megabytes while records
		 * flow, and no record waits in the buffer while the next fetch
		 * blocks at the broker.
		 */
		errno = 0;
		if (fflush(stdout) || ferror(stdout)) {
			int e = errno;
			if (e == EPIPE || reader_gone())
				break;
			/* Report it here with its reason; what is left can never be written. */
			cmd_error(cs->tool.cmd, "cannot write to standard output%s%s",
				  e ? ": " : "", e ? strerror(e) : "");
			__fpurge(stdout);
			clearerr(stdout);
			return EXIT_FAILED;
		}
		if (pipe_out && reader_gone())
			break;
		if (cs->idle_ms && n == 0 && now - last_record >= cs->idle_ms * 1000000)
			break;
		if (show && now - last_draw > 100 * 1000000LL) {
			progress(cs, k, 0);
			last_draw = now;
		}
	}
	if (show)
		progress(cs, k, 1);
	if (isatty(STDERR_FILENO) && say_get_level() >= SAY_WARN)
		fprintf(stderr, "consumed %lld record%s from %s%s\n", (long long)cs->seen,
			cs->seen == 1 ? "" : "s", cs->topics[0], cs->ntopics > 1 ? " and more" : "");
	return EXIT_OK;
}

/*
 * The group options against each other and the settings they imply: the
 * start of a partition the group has no offset for, the heartbeat. 0, or
 * 1 after a usage error.
 */
static int check_group(struct consume *cs)
{
	struct cgroup_config *gc = &cs->gcfg;

	if (!gc->group) {
		if (cs->stored)
			return cmd_usage_error(cs->tool.spec, "-o stored starts at a group's committed "
					       "offsets: give the group with -g");
		if (cs->group_only || gc->instance_id)
			return cmd_usage_error(cs->tool.spec, "%s needs a group (-g)",
					       cs->group_only ? cs->group_only : "group.instance.id");
		return 0;
	}
	if (cs->npartitions)
		return cmd_usage_error(cs->tool.spec, "-p and -g do not go together: the group "
				       "assigns the partitions");
	/*
	 * Where the group has no committed offset: -o's start, else
	 * auto.offset.reset, else the beginning (kaf consume's default).
	 */
	if (!cs->start_set && cs->reset_set)
		cs->start = (struct consumer_point){ cs->copts.reset == CONSUMER_RESET_LATEST ?
						     CONSUMER_AT_END : CONSUMER_AT_BEGINNING, 0 };
	gc->start = cs->start;
	if (!gc->session_ms)
		gc->session_ms = 45000;
	if (!gc->heartbeat_ms)
		gc->heartbeat_ms = gc->session_ms / 3 < 3000 ? gc->session_ms / 3 : 3000;
	if (gc->heartbeat_ms >= gc->session_ms)
		return cmd_usage_error(cs->tool.spec, "the heartbeat interval (%d ms) must be "
				       "below the session timeout (%d ms)", gc->heartbeat_ms,
				       gc->session_ms);
	if (!gc->commit_interval_ms)
		gc->commit_interval_ms = 5000;
	return 0;
}

int cmd_consume(int argc, char **argv)
{
	static char outbuf[1 << 20];
	struct consume cs;
	char **ops, err[256];
	int n, rc;

	memset(&cs, 0, sizeof(cs));
	tool_init(&cs.tool, "consume", &consume_spec);
	cs.tool.json_format = OUT_JSONL;
	fmt_init(&cs.fmt);
	cs.start = (struct consumer_point){ CONSUMER_AT_BEGINNING, 0 };
	cs.stop = (struct consumer_point){ CONSUMER_AT_NONE, 0 };
	cs.copts = (struct consumer_opts){ .max_bytes = 50 << 20, .partition_max_bytes = 1 << 20,
					   .max_wait_ms = 500 };
	rc = opt_parse(&consume_spec, argc, argv, on_option, &cs, &ops, &n);
	if (rc) {
		tool_release(&cs.tool);
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	}
	for (int i = 0; i < n && !rc; i++) {
		if (cs.ntopics == MAX_TOPICS)
			rc = cmd_usage_error(&consume_spec, "too many topics (at most %d)", MAX_TOPICS);
		else
			cs.topics[cs.ntopics++] = ops[i];
	}
	if (!rc && !cs.ntopics)
		rc = cmd_usage_error(&consume_spec, "name a topic to read");
	for (int i = 0; !rc && i < cs.npartitions; i++) {
		unsigned char *want = calloc(1, MAX_PARTITION);
		int32_t hi = -1;
		if (!want || parse_partitions(cs.partitions[i], want, MAX_PARTITION, &hi))
			rc = cmd_usage_error(&consume_spec, "invalid partition list '%s' (as 0,2,5-7)",
					     cs.partitions[i]);
		free(want);
	}
	if (!rc && cs.format && fmt_parse(&cs.fmt, cs.format, err, sizeof(err)))
		rc = cmd_usage_error(&consume_spec, "invalid format: %s", err);
	if (!rc && cs.format && cs.kafka_fields)
		rc = cmd_usage_error(&consume_spec, "give either -f or the --print-* options");
	if (!rc && cs.tool.output == OUT_JSONL && (cs.format || cs.kafka_fields))
		rc = cmd_usage_error(&consume_spec, "--output jsonl has its own fields; leave out -f "
				     "and --print-*");
	if (!rc)
		rc = check_group(&cs);
	if (rc) {
		tool_release(&cs.tool);
		return EXIT_USAGE;
	}
	if (cs.kafka_fields)
		cs.fmt.mode = FMT_KAFKA;
	if (cs.exit_at_end && !cs.have_stop)
		cs.stop = (struct consumer_point){ CONSUMER_AT_END, 0 };
	cs.gcfg.stop = cs.stop;
	if (!cs.reset_set)
		cs.copts.reset = cs.start.at == CONSUMER_AT_BEGINNING ? CONSUMER_RESET_EARLIEST :
				 cs.start.at == CONSUMER_AT_END ? CONSUMER_RESET_LATEST :
								  CONSUMER_RESET_NONE;
	if (cs.idle_ms && cs.copts.max_wait_ms > cs.idle_ms)
		cs.copts.max_wait_ms = (int32_t)cs.idle_ms;
	if (cs.gcfg.group && cs.copts.max_wait_ms > cs.gcfg.heartbeat_ms)
		cs.copts.max_wait_ms = cs.gcfg.heartbeat_ms;

	struct client c;
	rc = tool_resolve(&cs.tool);
	if (!rc)
		rc = tool_connect(&cs.tool, &c);
	if (rc) {
		tool_release(&cs.tool);
		return rc;
	}
	cs.copts.timeout_ms = cs.tool.timeout_ms;
	setvbuf(stdout, outbuf, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, sizeof(outbuf));

	struct consumer k;
	struct client mc;
	struct cgroup g, *gp = NULL;
	consumer_init(&k, &c, &cs.copts);
	rc = assign_all(&cs, &c, cs.gcfg.group ? NULL : &k);
	if (!rc && cs.gcfg.group) {
		/* The member's client of its own: its deadlines never cut a fetch short. */
		rc = tool_connect(&cs.tool, &mc);
		if (!rc && cgroup_open(&g, &mc, &k, cs.topics, cs.ntopics, &cs.gcfg)) {
			cmd_error(cs.tool.cmd, "%s", g.err);
			client_release(&mc);
			rc = EXIT_FAILED;
		} else if (!rc) {
			gp = &g;
		}
	}
	if (!rc) {
		struct sigaction sa = { .sa_handler = on_stop_signal, .sa_flags = SA_RESETHAND };
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		rc = run(&cs, &k, gp);
		/* A second signal while leaving the group ends the process. */
		if (gp) {
			fflush(stdout);
			cgroup_close(gp);
			client_release(&mc);
		}
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
	fflush(stdout);
	consumer_release(&k);
	client_release(&c);
	free(cs.hdrs);
	tool_release(&cs.tool);
	return rc;
}
