/*
 * kaf topics: list, create, describe, delete, alter, config and offsets of
 * topics through the tools' client (net/client). The parent command takes
 * the common options (bootstrap, timeout, output), each subcommand has its
 * own table with those repeated, so they work before and after the
 * subcommand's name. describe, config and offsets live in topics_show.c.
 */
#include "cmd/topics.h"

#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "net/proto/errors.h"
#include "net/proto/msg_admin.h"
#include "net/proto/msg_cluster.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

enum {
	O_INTERNAL = 1, O_EXCL_INTERNAL,
	O_NAMES_ONLY, O_PARTITIONS, O_REPLICATION, O_CONFIG, O_IF_EXISTS, O_IF_NOT_EXISTS,
	O_DRY_RUN, O_SET, O_DELETE, O_AT, O_TOPIC, O_ACT_LIST, O_ACT_CREATE, O_ACT_DESCRIBE,
	O_ACT_DELETE, O_ACT_ALTER,
};

#define COMMON_OPTS TOOL_CONNECT_OPTS, TOOL_OUTPUT_OPTS("text|tsv|json", "text")

/*
 * Kafka's kafka-topics.sh spells the subcommand as a flag and the topic as
 * --topic; those invocations work unchanged with "kaf topics" in front.
 */
#define COMPAT(id_, name_, what) \
	{ .id = id_, .long_name = name_, .type = OPT_FLAG, .hidden = 1, \
	  .help = "Kafka's spelling of 'kaf topics " what "'" }
static const struct opt topics_opts[] = {
	COMMON_OPTS,
	COMPAT(O_ACT_LIST, "list", "list"),
	COMPAT(O_ACT_CREATE, "create", "create"),
	COMPAT(O_ACT_DESCRIBE, "describe", "describe"),
	COMPAT(O_ACT_DELETE, "delete", "delete"),
	COMPAT(O_ACT_ALTER, "alter", "alter"),
	{ .id = O_TOPIC, .long_name = "topic", .type = OPT_STRING, .arg_name = "TOPIC",
	  .hidden = 1, .repeatable = 1, .help = "the topic (with Kafka's action flags)" },
	{ .id = O_PARTITIONS, .long_name = "partitions", .type = OPT_INT, .arg_name = "N",
	  .min = 1, .max = 1000000, .hidden = 1, .help = "with --create or --alter" },
	{ .id = O_REPLICATION, .long_name = "replication-factor", .type = OPT_INT,
	  .arg_name = "N", .min = 1, .max = 32767, .hidden = 1, .help = "with --create" },
	{ .id = O_CONFIG, .long_name = "config", .type = OPT_STRING, .arg_name = "KEY=VALUE",
	  .repeatable = 1, .hidden = 1, .help = "with --create" },
	{ .id = O_IF_EXISTS, .long_name = "if-exists", .type = OPT_FLAG, .hidden = 1,
	  .help = "with --delete or --alter" },
	{ .id = O_IF_NOT_EXISTS, .long_name = "if-not-exists", .type = OPT_FLAG, .hidden = 1,
	  .help = "with --create" },
	{ .id = O_EXCL_INTERNAL, .long_name = "exclude-internal", .type = OPT_FLAG, .hidden = 1,
	  .help = "with --list (the default)" },
	{ 0 }
};

static const struct opt list_opts[] = {
	COMMON_OPTS,
	{ .id = O_INTERNAL, .short_name = 'i', .long_name = "internal", .type = OPT_FLAG,
	  .help = "include internal topics (__consumer_offsets, ...)" },
	{ .id = O_EXCL_INTERNAL, .long_name = "exclude-internal", .type = OPT_FLAG, .hidden = 1,
	  .help = "leave out internal topics (the default)" },
	{ .id = O_NAMES_ONLY, .short_name = 'N', .long_name = "names-only", .type = OPT_FLAG,
	  .help = "print one topic name per line" },
	{ 0 }
};

static const struct opt create_opts[] = {
	COMMON_OPTS,
	{ .id = O_PARTITIONS, .short_name = 'p', .long_name = "partitions", .type = OPT_INT,
	  .arg_name = "N", .min = 1, .max = 1000000,
	  .help = "number of partitions [default: the broker's num.partitions]" },
	{ .id = O_REPLICATION, .short_name = 'r', .long_name = "replication-factor",
	  .type = OPT_INT, .arg_name = "N", .min = 1, .max = 32767,
	  .help = "copies of each partition [default: the broker's default.replication.factor]" },
	{ .id = O_CONFIG, .short_name = 'c', .long_name = "config", .type = OPT_STRING,
	  .arg_name = "KEY=VALUE", .repeatable = 1, .help = "a topic setting (cleanup.policy=compact)" },
	{ .id = O_IF_NOT_EXISTS, .long_name = "if-not-exists", .type = OPT_FLAG,
	  .help = "a topic that exists already is not an error" },
	{ .id = O_DRY_RUN, .long_name = "dry-run", .type = OPT_FLAG,
	  .help = "let the broker validate the request without creating anything" },
	{ 0 }
};

static const struct opt describe_opts[] = { COMMON_OPTS, { 0 } };

static const struct opt delete_opts[] = {
	COMMON_OPTS,
	{ .id = O_IF_EXISTS, .long_name = "if-exists", .type = OPT_FLAG,
	  .help = "a topic that does not exist is not an error" },
	{ 0 }
};

static const struct opt alter_opts[] = {
	COMMON_OPTS,
	{ .id = O_PARTITIONS, .short_name = 'p', .long_name = "partitions", .type = OPT_INT,
	  .arg_name = "N", .min = 1, .max = 1000000,
	  .help = "the new number of partitions (more than now)" },
	{ .id = O_DRY_RUN, .long_name = "dry-run", .type = OPT_FLAG,
	  .help = "let the broker validate the change without making it" },
	{ 0 }
};

static const struct opt config_opts[] = {
	COMMON_OPTS,
	{ .id = O_SET, .long_name = "set", .type = OPT_STRING, .arg_name = "KEY=VALUE",
	  .repeatable = 1, .help = "set a topic setting" },
	{ .id = O_DELETE, .long_name = "delete", .type = OPT_STRING, .arg_name = "KEY",
	  .repeatable = 1, .help = "remove a topic setting (back to the broker's default)" },
	{ .id = O_DRY_RUN, .long_name = "dry-run", .type = OPT_FLAG,
	  .help = "let the broker validate the change without making it" },
	{ 0 }
};

static const struct opt offsets_opts[] = {
	COMMON_OPTS,
	{ .id = O_AT, .long_name = "at", .type = OPT_STRING, .arg_name = "SPEC",
	  .help = "offset per partition at earliest, latest, or a time (epoch ms, "
		  "YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS[.sss][Z])" },
	{ 0 }
};

static const struct cmd_spec list_spec = {
	.name = "topics list", .summary = "List topics: name, partitions, replicas (alias: ls)",
	.usage = "[options] [PATTERN...]", .opts = list_opts, .max_operands = -1,
	.operand_complete = "none",
};
static const struct cmd_spec create_spec = {
	.name = "topics create", .summary = "Create topics",
	.usage = "[options] TOPIC...", .opts = create_opts, .min_operands = 1,
	.max_operands = -1, .operand_complete = "none",
};
static const struct cmd_spec describe_spec = {
	.name = "topics describe",
	.summary = "Show topics: summary, settings with their sources, partitions (alias: info)",
	.usage = "[options] TOPIC...", .opts = describe_opts, .min_operands = 1,
	.max_operands = -1, .operand_complete = "none",
};
static const struct cmd_spec delete_spec = {
	.name = "topics delete", .summary = "Delete topics",
	.usage = "[options] TOPIC...", .opts = delete_opts, .min_operands = 1,
	.max_operands = -1, .operand_complete = "none",
};
static const struct cmd_spec alter_spec = {
	.name = "topics alter", .summary = "Add partitions to topics",
	.usage = "[options] --partitions N TOPIC...", .opts = alter_opts, .min_operands = 1,
	.max_operands = -1, .operand_complete = "none",
};
static const struct cmd_spec config_spec = {
	.name = "topics config", .summary = "Show, set or delete topic settings",
	.usage = "[options] TOPIC... [--set KEY=VALUE]... [--delete KEY]...", .opts = config_opts,
	.min_operands = 1, .max_operands = -1, .operand_complete = "none",
};
static const struct cmd_spec offsets_spec = {
	.name = "topics offsets", .summary = "Show log start and end offsets per partition",
	.usage = "[options] TOPIC...", .opts = offsets_opts, .min_operands = 1,
	.max_operands = -1, .operand_complete = "none",
};

static const struct cmd_spec *const topics_subs[] = {
	&list_spec, &create_spec, &describe_spec, &delete_spec, &alter_spec, &config_spec,
	&offsets_spec, NULL
};

static const char *const topics_examples[] = {
	"kaf topics list",
	"kaf topics create orders -p 6 --config retention.ms=86400000",
	"kaf topics describe orders",
	"kaf topics offsets orders --at 2024-05-01",
	"kaf topics delete orders --if-exists",
	NULL
};

const struct cmd_spec topics_spec = {
	.name = "topics",
	.summary = "List, create, describe, alter and delete topics",
	.usage = "[options] COMMAND [options] [TOPIC...]",
	.opts = topics_opts,
	.examples = topics_examples,
	.max_operands = -1,
	.subs = topics_subs,
};

static int add_kv(struct topics_args *ta, const char **arr, int *n, const char *opt,
		  const char *arg, int want_eq)
{
	if (want_eq && (!strchr(arg, '=') || arg[0] == '=')) {
		cmd_usage_error(ta->tool.spec, "%s wants KEY=VALUE, not '%s'", opt, arg);
		return 1;
	}
	if (*n == TOPICS_MAX_KV) {
		cmd_usage_error(ta->tool.spec, "too many %s options (at most %d)", opt, TOPICS_MAX_KV);
		return 1;
	}
	arr[(*n)++] = arg;
	return 0;
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct topics_args *ta = ctx;
	int rc = tool_option(&ta->tool, id, arg);

	if (rc >= 0)
		return rc;
	switch (id) {
	case O_INTERNAL: ta->internal = !(arg && !strcmp(arg, "0")); break;
	case O_EXCL_INTERNAL: ta->internal = 0; break;
	case O_NAMES_ONLY: ta->names_only = !(arg && !strcmp(arg, "0")); break;
	case O_PARTITIONS: ta->partitions = (int32_t)strtol(arg, NULL, 10); break;
	case O_REPLICATION: ta->replication = (int16_t)strtol(arg, NULL, 10); break;
	case O_CONFIG: return add_kv(ta, ta->kv, &ta->nkv, "--config", arg, 1);
	case O_SET: return add_kv(ta, ta->kv, &ta->nkv, "--set", arg, 1);
	case O_DELETE: return add_kv(ta, ta->del, &ta->ndel, "--delete", arg, 0);
	case O_IF_EXISTS: ta->if_exists = !(arg && !strcmp(arg, "0")); break;
	case O_IF_NOT_EXISTS: ta->if_not_exists = !(arg && !strcmp(arg, "0")); break;
	case O_DRY_RUN: ta->dry_run = !(arg && !strcmp(arg, "0")); break;
	case O_AT: ta->at = arg; break;
	case O_TOPIC: return add_kv(ta, ta->topics, &ta->ntopics, "--topic", arg, 0);
	case O_ACT_LIST: case O_ACT_CREATE: case O_ACT_DESCRIBE: case O_ACT_DELETE:
	case O_ACT_ALTER: {
		static const char *const acts[] = { "list", "create", "describe", "delete", "alter" };
		if (ta->action && strcmp(ta->action, acts[id - O_ACT_LIST])) {
			cmd_usage_error(ta->tool.spec, "give one of --list, --create, --describe, --delete "
					"and --alter");
			return 1;
		}
		ta->action = acts[id - O_ACT_LIST];
		break;
	}
	}
	return 0;
}

/* ---- list ---- */

static int matches(const char *name, char **pats, int n)
{
	if (n == 0)
		return 1;
	for (int i = 0; i < n; i++)
		if (!fnmatch(pats[i], name, 0))
			return 1;
	return 0;
}

static int cmp_topic(const void *a, const void *b)
{
	const struct metadata_resp_topics *x = a, *y = b;
	int n = x->name.len < y->name.len ? x->name.len : y->name.len;
	int c = n > 0 ? memcmp(x->name.p, y->name.p, (size_t)n) : 0;
	return c ? c : x->name.len - y->name.len;
}

static int do_list(struct topics_args *ta, struct client *c, char **pats, int npats)
{
	struct arena a;
	struct metadata_resp md;
	struct table t;
	int rc;

	arena_init(&a, 16384);
	rc = client_metadata(c, NULL, -1, &md, &a);
	if (rc) {
		arena_release(&a);
		return tool_client_fail(&ta->tool, c, rc);
	}
	if (md.topics.n > 1)
		qsort(md.topics.v, (size_t)md.topics.n, sizeof(*md.topics.v), cmp_topic);
	table_init(&t, ta->names_only ? "NAME" : "NAME #PARTITIONS #REPLICAS");
	for (int i = 0; i < md.topics.n; i++) {
		const struct metadata_resp_topics *tp = &md.topics.v[i];
		char *name = kstr_dup(&a, tp->name);
		if ((tp->is_internal && !ta->internal) || !matches(name, pats, npats))
			continue;
		if (ta->names_only) {
			table_add(&t, name);
			continue;
		}
		char *np = xfmt("%d", tp->partitions.n);
		char *nr = xfmt("%d", tp->partitions.n ? tp->partitions.v[0].replica_nodes.n : 0);
		table_add(&t, name, np, nr);
		free(np);
		free(nr);
	}
	if (ta->tool.output == OUT_JSON) {
		table_json(&t, stdout);
		putchar('\n');
	} else {
		table_print(&t, ta->tool.output, ta->tool.no_headers || ta->names_only);
	}
	table_release(&t);
	arena_release(&a);
	return EXIT_OK;
}

/* ---- results of mutating commands ---- */

/*
 * One row of TOPIC STATUS MESSAGE and, for a failure, the error line (and
 * a hint). Returns the exit code this row asks for.
 */
static int result_row(const struct topics_args *ta, struct table *t, const char *topic,
		      int16_t code, const char *msg, int skip_code, const char *hint)
{
	if (code == 0) {
		table_add(t, topic, "OK", ta->dry_run ? "dry run: nothing changed" : NULL);
		return EXIT_OK;
	}
	if (code == skip_code) {
		table_add(t, topic, "SKIPPED", msg && *msg ? msg : kafka_error_name(code));
		return EXIT_OK;
	}
	table_add(t, topic, kafka_error_name(code), msg && *msg ? msg : NULL);
	cmd_error(ta->tool.cmd, "%s: %s%s%s", topic, kafka_error_name(code), msg && *msg ? ": " : "",
		  msg && *msg ? msg : "");
	if (hint)
		fprintf(stderr, "hint: %s\n", hint);
	return code == KERR_UNKNOWN_TOPIC_OR_PARTITION ? EXIT_NOTFOUND : EXIT_FAILED;
}

static int worse(int a, int b)
{
	/* A failure outranks a not-found, which outranks success. */
	if (a == EXIT_FAILED || b == EXIT_FAILED)
		return EXIT_FAILED;
	return a > b ? a : b;
}

static void print_results(const struct topics_args *ta, struct table *t)
{
	if (ta->tool.output == OUT_JSON) {
		table_json(t, stdout);
		putchar('\n');
	} else {
		table_print(t, ta->tool.output, ta->tool.no_headers);
	}
	table_release(t);
}

/* ---- create ---- */

static int kstr_same(struct kstr x, struct kstr y)
{
	return x.len == y.len && (x.len <= 0 || !memcmp(x.p, y.p, (size_t)x.len));
}

/* Whether a retriable per-topic error may be asked again (attempt counts from 1). */
static int may_retry(const struct client *c, int attempt)
{
	int64_t pause = 100;

	for (int i = 1; i < attempt && pause < 1000; i++)
		pause *= 2;
	return attempt < 10 && client_left_ms(c) > (pause < 1000 ? pause : 1000) + 100;
}

static int do_create(struct topics_args *ta, struct client *c, char **names, int n)
{
	struct arena a;
	struct create_topics_req req;
	struct create_topics_resp resp;
	struct table t;
	int rc, exit = EXIT_OK;

	arena_init(&a, 16384);
	memset(&req, 0, sizeof(req));
	proto_set_defaults(&create_topics_req_desc, &req);
	req.timeout_ms = (int32_t)(client_left_ms(c) > 1 ? client_left_ms(c) : 1);
	req.validate_only = (uint8_t)ta->dry_run;
	req.topics.n = n;
	req.topics.v = arena_zalloc(&a, sizeof(*req.topics.v) * (size_t)n);
	for (int i = 0; i < n; i++) {
		struct create_topics_req_topics *tp = &req.topics.v[i];
		tp->name = kstr_c(names[i]);
		tp->num_partitions = ta->partitions;
		tp->replication_factor = ta->replication;
		tp->configs.n = ta->nkv;
		tp->configs.v = arena_zalloc(&a, sizeof(*tp->configs.v) * (size_t)(ta->nkv + 1));
		for (int k = 0; k < ta->nkv; k++) {
			const char *eq = strchr(ta->kv[k], '=');
			tp->configs.v[k].name.p = ta->kv[k];
			tp->configs.v[k].name.len = (int32_t)(eq - ta->kv[k]);
			tp->configs.v[k].value = kstr_c(eq + 1);
		}
	}
	if (client_version(&c->boot, API_CREATE_TOPICS) < 4 && (ta->partitions < 0 || ta->replication < 0)) {
		/* Before v4 the broker cannot pick its defaults; ask for one of each. */
		for (int i = 0; i < n; i++) {
			if (req.topics.v[i].num_partitions < 0)
				req.topics.v[i].num_partitions = 1;
			if (req.topics.v[i].replication_factor < 0)
				req.topics.v[i].replication_factor = 1;
		}
	}
	if (ta->dry_run && client_version(&c->boot, API_CREATE_TOPICS) < 1) {
		cmd_error(ta->tool.cmd, "the broker cannot validate without creating (CreateTopics v0)");
		arena_release(&a);
		return EXIT_FAILED;
	}
	table_init(&t, "TOPIC STATUS MESSAGE");
	for (int attempt = 1;; attempt++) {
		int keep = 0, retry = may_retry(c, attempt);
		req.timeout_ms = (int32_t)(client_left_ms(c) > 1 ? client_left_ms(c) : 1);
		rc = client_call(c, &c->boot, API_CREATE_TOPICS, &req, &resp, &a);
		if (rc) {
			table_release(&t);
			arena_release(&a);
			return tool_client_fail(&ta->tool, c, rc);
		}
		for (int i = 0; i < resp.topics.n; i++) {
			const struct create_topics_resp_topics *r = &resp.topics.v[i];
			int code = r->error_code;
			if (retry && code && kafka_error_retriable(r->error_code)) {
				/* Ask again for this one only: the others are done. */
				for (int j = keep; j < req.topics.n; j++)
					if (kstr_same(req.topics.v[j].name, r->name)) {
						struct create_topics_req_topics tmp = req.topics.v[keep];
						req.topics.v[keep++] = req.topics.v[j];
						req.topics.v[j] = tmp;
						break;
					}
				continue;
			}
			exit = worse(exit, result_row(ta, &t, kstr_dup(&a, r->name), r->error_code,
						      kstr_dup(&a, r->error_message),
						      ta->if_not_exists && !ta->dry_run ?
							      KERR_TOPIC_ALREADY_EXISTS : -1000,
						      code == KERR_TOPIC_ALREADY_EXISTS &&
								      !ta->if_not_exists ?
							      "add --if-not-exists to make this a no-op" :
							      NULL));
		}
		if (!keep)
			break;
		req.topics.n = keep;
		client_backoff(c, attempt);
	}
	print_results(ta, &t);
	arena_release(&a);
	return exit;
}

/* ---- delete ---- */

static int do_delete(struct topics_args *ta, struct client *c, char **names, int n)
{
	struct arena a;
	struct delete_topics_req req;
	struct delete_topics_resp resp;
	struct table t;
	int rc, exit = EXIT_OK;

	arena_init(&a, 16384);
	memset(&req, 0, sizeof(req));
	req.timeout_ms = (int32_t)(client_left_ms(c) > 1 ? client_left_ms(c) : 1);
	req.topic_names.n = n;
	req.topic_names.v = arena_zalloc(&a, sizeof(struct kstr) * (size_t)n);
	for (int i = 0; i < n; i++)
		req.topic_names.v[i] = kstr_c(names[i]);
	table_init(&t, "TOPIC STATUS MESSAGE");
	for (int attempt = 1;; attempt++) {
		int keep = 0, retry = may_retry(c, attempt);
		req.timeout_ms = (int32_t)(client_left_ms(c) > 1 ? client_left_ms(c) : 1);
		rc = client_call(c, &c->boot, API_DELETE_TOPICS, &req, &resp, &a);
		if (rc) {
			table_release(&t);
			arena_release(&a);
			return tool_client_fail(&ta->tool, c, rc);
		}
		for (int i = 0; i < resp.responses.n; i++) {
			const struct delete_topics_resp_responses *r = &resp.responses.v[i];
			int code = r->error_code;
			/* A topic that does not exist stays so: not worth a retry here. */
			if (retry && code && code != KERR_UNKNOWN_TOPIC_OR_PARTITION &&
			    kafka_error_retriable(r->error_code)) {
				for (int j = keep; j < req.topic_names.n; j++)
					if (kstr_same(req.topic_names.v[j], r->name)) {
						struct kstr tmp = req.topic_names.v[keep];
						req.topic_names.v[keep++] = req.topic_names.v[j];
						req.topic_names.v[j] = tmp;
						break;
					}
				continue;
			}
			exit = worse(exit, result_row(ta, &t, kstr_dup(&a, r->name), r->error_code, NULL,
						      ta->if_exists ? KERR_UNKNOWN_TOPIC_OR_PARTITION :
								      -1000,
						      code == KERR_UNKNOWN_TOPIC_OR_PARTITION ?
							      "add --if-exists to make this a no-op" :
							      NULL));
		}
		if (!keep)
			break;
		req.topic_names.n = keep;
		client_backoff(c, attempt);
	}
	print_results(ta, &t);
	arena_release(&a);
	return exit;
}

/* ---- alter ---- */

static int do_alter(struct topics_args *ta, struct client *c, char **names, int n)
{
	struct arena a;
	struct metadata_resp md;
	struct create_partitions_req req;
	struct create_partitions_resp resp;
	struct table t;
	int rc, exit = EXIT_OK, nreq = 0;

	if (ta->partitions < 0)
		return cmd_usage_error(&alter_spec, "--partitions N is required");
	arena_init(&a, 16384);
	rc = client_metadata(c, (const char *const *)names, n, &md, &a);
	if (rc) {
		arena_release(&a);
		return tool_client_fail(&ta->tool, c, rc);
	}
	memset(&req, 0, sizeof(req));
	req.timeout_ms = (int32_t)(client_left_ms(c) > 1 ? client_left_ms(c) : 1);
	req.validate_only = (uint8_t)ta->dry_run;
	req.topics.v = arena_zalloc(&a, sizeof(*req.topics.v) * (size_t)n);
	table_init(&t, "TOPIC #OLD-PARTITIONS #NEW-PARTITIONS STATUS MESSAGE");
	int *old = arena_zalloc(&a, sizeof(int) * (size_t)n);
	for (int i = 0; i < n; i++) {
		const struct metadata_resp_topics *tp = NULL;
		for (int k = 0; k < md.topics.n; k++)
			if (kstr_eq(md.topics.v[k].name, names[i]))
				tp = &md.topics.v[k];
		char *want = xfmt("%d", ta->partitions);
		if (!tp || tp->error_code) {
			int code = tp ? tp->error_code : KERR_UNKNOWN_TOPIC_OR_PARTITION;
			table_add(&t, names[i], NULL, want, kafka_error_name((int16_t)code), NULL);
			cmd_error(ta->tool.cmd, "%s: %s", names[i], kafka_error_name((int16_t)code));
			exit = worse(exit, code == KERR_UNKNOWN_TOPIC_OR_PARTITION ? EXIT_NOTFOUND :
										   EXIT_FAILED);
		} else if (ta->partitions <= tp->partitions.n) {
			char *have = xfmt("%d", tp->partitions.n);
			char *msg = xfmt("the topic has %d partitions; the count can only grow",
					 tp->partitions.n);
			table_add(&t, names[i], have, want, "INVALID_PARTITIONS", msg);
			cmd_error(ta->tool.cmd, "%s: INVALID_PARTITIONS: %s", names[i], msg);
			fprintf(stderr, "hint: give --partitions a number above %d\n", tp->partitions.n);
			free(have);
			free(msg);
			exit = EXIT_FAILED;
		} else {
			old[nreq] = tp->partitions.n;
			req.topics.v[nreq].name = kstr_c(names[i]);
			req.topics.v[nreq].count = ta->partitions;
			req.topics.v[nreq].assignments.n = -1;
			nreq++;
		}
		free(want);
	}
	req.topics.n = nreq;
	if (nreq) {
		rc = client_call(c, &c->boot, API_CREATE_PARTITIONS, &req, &resp, &a);
		if (rc) {
			table_release(&t);
			arena_release(&a);
			return tool_client_fail(&ta->tool, c, rc);
		}
		for (int i = 0; i < resp.results.n; i++) {
			const struct create_partitions_resp_results *r = &resp.results.v[i];
			char *name = kstr_dup(&a, r->name);
			int was = 0;
			for (int k = 0; k < nreq; k++)
				if (kstr_eq(req.topics.v[k].name, name))
					was = old[k];
			char *have = xfmt("%d", was), *want = xfmt("%d", ta->partitions);
			const char *msg = kstr_dup(&a, r->error_message);
			const char *status = r->error_code ? kafka_error_name(r->error_code) : "OK";
			if (!r->error_code && ta->dry_run)
				msg = "dry run: nothing changed";
			table_add(&t, name, have, want, status, *msg ? msg : NULL);
			if (r->error_code) {
				cmd_error(ta->tool.cmd, "%s: %s%s%s", name, status, *msg ? ": " : "", msg);
				exit = worse(exit, r->error_code == KERR_UNKNOWN_TOPIC_OR_PARTITION ?
							   EXIT_NOTFOUND : EXIT_FAILED);
			}
			free(have);
			free(want);
		}
	}
	print_results(ta, &t);
	arena_release(&a);
	return exit;
}

/* ---- dispatch ---- */

static const struct cmd_spec *find_sub(const char *name)
{
	if (!strcmp(name, "ls"))
		name = "list";
	else if (!strcmp(name, "info"))
		name = "describe";
	for (const struct cmd_spec *const *s = topics_subs; *s; s++)
		if (!strcmp(strchr((*s)->name, ' ') + 1, name))
			return *s;
	return NULL;
}

int cmd_topics(int argc, char **argv)
{
	struct topics_args ta = { .partitions = -1, .replication = -1 };
	char **ops;
	int n, rc;

	tool_init(&ta.tool, "topics", &topics_spec);
	rc = opt_parse(&topics_spec, argc, argv, on_option, &ta, &ops, &n);
	if (rc)
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	const struct cmd_spec *sub;
	if (ta.action) {
		/* kafka-topics.sh style: the action flag names the subcommand. */
		if (n)
			return cmd_usage_error(&topics_spec, "unexpected operand '%s' (with --%s, name "
					       "topics with --topic)", ops[0], ta.action);
		sub = find_sub(ta.action);
		ta.tool.cmd = sub->name;
		ta.tool.spec = sub;
		ops = (char **)ta.topics;
		n = ta.ntopics;
		if (sub != &list_spec && n == 0)
			return cmd_usage_error(&topics_spec, "--%s needs --topic TOPIC", ta.action);
	} else {
		if (n == 0)
			return cmd_usage_error(&topics_spec, "missing subcommand (list, create, describe, "
					       "delete, alter, config or offsets)");
		sub = find_sub(ops[0]);
		if (!sub)
			return cmd_usage_error(&topics_spec, "unknown subcommand '%s' (list, create, "
					       "describe, delete, alter, config or offsets)", ops[0]);
		ta.tool.cmd = sub->name;
		ta.tool.spec = sub;
		if (ta.ntopics)
			return cmd_usage_error(sub, "--topic goes with Kafka's action flags; name the "
					       "topics as operands");
		rc = opt_parse(sub, n, ops, on_option, &ta, &ops, &n);
		if (rc)
			return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	}
	if (sub == &alter_spec && ta.partitions < 0)
		return cmd_usage_error(sub, "--partitions N is required");
	int64_t at;
	if (ta.at && topics_parse_at(ta.at, &at))
		return cmd_usage_error(sub, "invalid value '%s' for --at (earliest, latest, epoch ms, "
				       "or YYYY-MM-DD[THH:MM:SS[.sss]])", ta.at);

	struct client c;
	rc = tool_resolve(&ta.tool);
	if (!rc)
		rc = tool_connect(&ta.tool, &c);
	if (rc) {
		tool_release(&ta.tool);
		return rc;
	}
	if (sub == &list_spec)
		rc = do_list(&ta, &c, ops, n);
	else if (sub == &create_spec)
		rc = do_create(&ta, &c, ops, n);
	else if (sub == &delete_spec)
		rc = do_delete(&ta, &c, ops, n);
	else if (sub == &alter_spec)
		rc = do_alter(&ta, &c, ops, n);
	else if (sub == &describe_spec)
		rc = topics_describe(&ta, &c, ops, n);
	else if (sub == &config_spec)
		rc = topics_config(&ta, &c, ops, n);
	else
		rc = topics_offsets(&ta, &c, ops, n);
	client_release(&c);
	tool_release(&ta.tool);
	return rc;
}
