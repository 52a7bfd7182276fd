/*
 * kaf groups: list, describe, delete, reset-offsets and delete-offsets of
 * consumer groups through the tools' client (net/client). Requests about a
 * group go to its coordinator (FindCoordinator, then that broker); the
 * list asks every broker, since each lists the groups it coordinates. The
 * parent command takes the common options and, hidden, Kafka's
 * kafka-consumer-groups.sh spellings (--describe --group G ...).
 * describe lives in groups_describe.c, reset-offsets in groups_reset.c.
 */
#include "cmd/groups.h"

#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/topics.h"
#include "net/client/member.h"
#include "net/proto/errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	O_STATE_FILTER = 1, O_LONG, O_NAMES_ONLY, O_ALL, O_TOPIC, O_OFFSETS, O_MEMBERS, O_STATE,
	O_IF_EXISTS, O_ALL_TOPICS, O_TO_EARLIEST, O_TO_LATEST, O_TO_CURRENT, O_TO_OFFSET,
	O_SHIFT_BY, O_TO_DATETIME, O_BY_DURATION, O_EXECUTE, O_DRY_RUN, O_GROUP,
	O_ACT_LIST, O_ACT_DESCRIBE, O_ACT_DELETE, O_ACT_RESET, O_ACT_DELETE_OFFSETS, O_LAG_BY_TOPIC,
	O_EXPORT, O_FROM_FILE,
};

#define COMMON_OPTS TOOL_CONNECT_OPTS, TOOL_OUTPUT_OPTS("text|tsv|json", "text")

#define OPT_ALL(hide) \
	{ .id = O_ALL, .long_name = "all", .type = OPT_FLAG, .aliases = "all-groups", \
	  .hidden = hide, .help = "every group of the cluster" }
#define OPT_VIEWS(hide) \
	{ .id = O_OFFSETS, .long_name = "offsets", .type = OPT_FLAG, .hidden = hide, \
	  .help = "committed offsets and lag per partition (the default view)" }, \
	{ .id = O_MEMBERS, .long_name = "members", .type = OPT_FLAG, .hidden = hide, \
	  .help = "the members and their partitions" }, \
	{ .id = O_STATE, .long_name = "state", .type = OPT_FLAG, .hidden = hide, \
	  .help = "one line per group: coordinator, assignor, state, members, lag" }, \
	{ .id = O_LAG_BY_TOPIC, .long_name = "lag-by-topic", .type = OPT_FLAG, .hidden = hide, \
	  .help = "the lag summed per topic" }
#define OPT_SCOPE(hide) \
	{ .id = O_TOPIC, .long_name = "topic", .type = OPT_STRING, .arg_name = "TOPIC[:P,...]", \
	  .repeatable = 1, .hidden = hide, .help = "the topic, or some of its partitions (0,2,5-7)" }
#define OPT_RESET(hide) \
	{ .id = O_ALL_TOPICS, .long_name = "all-topics", .type = OPT_FLAG, .hidden = hide, \
	  .help = "every topic the group has committed offsets for" }, \
	{ .id = O_TO_EARLIEST, .long_name = "to-earliest", .type = OPT_FLAG, .hidden = hide, \
	  .help = "to the log start offset" }, \
	{ .id = O_TO_LATEST, .long_name = "to-latest", .type = OPT_FLAG, .hidden = hide, \
	  .help = "to the log end offset" }, \
	{ .id = O_TO_CURRENT, .long_name = "to-current", .type = OPT_FLAG, .hidden = hide, \
	  .help = "to the committed offset (the log end where there is none)" }, \
	{ .id = O_TO_OFFSET, .long_name = "to-offset", .type = OPT_INT, .arg_name = "N", \
	  .min = 0, .max = INT64_MAX, .hidden = hide, .help = "to offset N" }, \
	{ .id = O_SHIFT_BY, .long_name = "shift-by", .type = OPT_INT, .arg_name = "N", \
	  .min = -INT64_MAX, .max = INT64_MAX, .hidden = hide, \
	  .help = "move the committed offset by N (negative: back)" }, \
	{ .id = O_TO_DATETIME, .long_name = "to-datetime", .type = OPT_STRING, .arg_name = "TIME", \
	  .hidden = hide, .help = "to the first offset at or after TIME (YYYY-MM-DDTHH:MM:SS[.sss][Z] " \
				  "in UTC, or epoch ms)" }, \
	{ .id = O_BY_DURATION, .long_name = "by-duration", .type = OPT_STRING, .arg_name = "DUR", \
	  .hidden = hide, .help = "to the first offset of DUR ago (PT1H, P1DT2H, or 1h, 30m)" }, \
	{ .id = O_FROM_FILE, .long_name = "from-file", .type = OPT_STRING, .arg_name = "CSV", \
	  .hidden = hide, .complete = "file", \
	  .help = "scope and offsets from a file of topic,partition,offset lines" }, \
	{ .id = O_EXECUTE, .long_name = "execute", .type = OPT_FLAG, .hidden = hide, \
	  .help = "commit the new offsets (without it nothing changes)" }, \
	{ .id = O_DRY_RUN, .long_name = "dry-run", .type = OPT_FLAG, .hidden = hide, \
	  .help = "only show the new offsets (the default)" }, \
	{ .id = O_EXPORT, .long_name = "export", .type = OPT_FLAG, .hidden = hide, \
	  .help = "print the new offsets as topic,partition,offset lines (for --from-file)" }

#define COMPAT(id_, name_, what) \
	{ .id = id_, .long_name = name_, .type = OPT_FLAG, .hidden = 1, \
	  .help = "Kafka's spelling of 'kaf groups " what "'" }

static const struct opt groups_opts[] = {
	COMMON_OPTS,
	COMPAT(O_ACT_LIST, "list", "list"),
	COMPAT(O_ACT_DESCRIBE, "describe", "describe"),
	COMPAT(O_ACT_DELETE, "delete", "delete"),
	COMPAT(O_ACT_RESET, "reset-offsets", "reset-offsets"),
	COMPAT(O_ACT_DELETE_OFFSETS, "delete-offsets", "delete-offsets"),
	{ .id = O_GROUP, .long_name = "group", .type = OPT_STRING, .arg_name = "GROUP",
	  .repeatable = 1, .hidden = 1, .help = "the group (with Kafka's action flags)" },
	OPT_ALL(1), OPT_VIEWS(1), OPT_SCOPE(1), OPT_RESET(1),
	{ 0 }
};

static const struct opt list_opts[] = {
	COMMON_OPTS,
	{ .id = O_STATE_FILTER, .short_name = 's', .long_name = "state", .type = OPT_STRING,
	  .arg_name = "STATE,...", .help = "only groups in these states (Empty, Stable, "
					   "PreparingRebalance, CompletingRebalance)" },
	{ .id = O_LONG, .short_name = 'l', .long_name = "long", .type = OPT_FLAG,
	  .help = "add TYPE PROTOCOL-TYPE MEMBERS COORDINATOR" },
	{ .id = O_NAMES_ONLY, .short_name = 'N', .long_name = "names-only", .type = OPT_FLAG,
	  .help = "print one group name per line" },
	{ 0 }
};

static const struct opt describe_opts[] = {
	COMMON_OPTS,
	OPT_ALL(0),
	{ .id = O_TOPIC, .short_name = 't', .long_name = "topic", .type = OPT_STRING,
	  .arg_name = "TOPIC", .repeatable = 1, .help = "only these topics" },
	OPT_VIEWS(0),
	{ .id = O_LONG, .short_name = 'l', .long_name = "long", .type = OPT_FLAG,
	  .help = "offsets: add LOG-START-OFFSET LEADER-EPOCH METADATA; members: ASSIGNMENT" },
	{ 0 }
};

static const struct opt delete_opts[] = {
	COMMON_OPTS,
	{ .id = O_IF_EXISTS, .long_name = "if-exists", .type = OPT_FLAG,
	  .help = "a group that does not exist is not an error" },
	{ 0 }
};

static const struct opt reset_opts[] = { COMMON_OPTS, OPT_SCOPE(0), OPT_RESET(0), { 0 } };

static const struct opt delete_offsets_opts[] = { COMMON_OPTS, OPT_SCOPE(0), { 0 } };

static const struct cmd_spec list_spec = {
	.name = "groups list", .summary = "List consumer groups and their states (alias: ls)",
	.usage = "[options]", .opts = list_opts, .operand_complete = "none",
};
static const struct cmd_spec describe_spec = {
	.name = "groups describe",
	.summary = "Show groups: committed offsets and lag, members, or state",
	.usage = "[options] GROUP...|--all", .opts = describe_opts, .max_operands = -1,
	.operand_complete = "none",
};
static const struct cmd_spec delete_spec = {
	.name = "groups delete", .summary = "Delete groups that have no members",
	.usage = "[options] GROUP...", .opts = delete_opts, .min_operands = 1, .max_operands = -1,
	.operand_complete = "none",
};
static const struct cmd_spec reset_spec = {
	.name = "groups reset-offsets",
	.summary = "Move a stopped group's committed offsets (dry run unless --execute)",
	.usage = "[options] GROUP (--topic T|--all-topics) TARGET", .opts = reset_opts,
	.min_operands = 1, .max_operands = 1, .operand_complete = "none",
};
static const struct cmd_spec delete_offsets_spec = {
	.name = "groups delete-offsets", .summary = "Delete a group's committed offsets of topics",
	.usage = "[options] GROUP --topic T[:P,...]...", .opts = delete_offsets_opts,
	.min_operands = 1, .max_operands = 1, .operand_complete = "none",
};

static const struct cmd_spec *const groups_subs[] = {
	&list_spec, &describe_spec, &delete_spec, &reset_spec, &delete_offsets_spec, NULL
};

static const char *const groups_examples[] = {
	"kaf groups list -l",
	"kaf groups describe orders-app",
	"kaf groups describe --all --state",
	"kaf groups reset-offsets orders-app --topic orders --to-earliest --execute",
	"kaf groups delete-offsets orders-app --topic orders:0,1",
	"kaf groups delete orders-app",
	NULL
};

const struct cmd_spec groups_spec = {
	.name = "groups",
	.summary = "List, describe, reset and delete consumer groups",
	.usage = "[options] COMMAND [options] [GROUP...]",
	.opts = groups_opts,
	.examples = groups_examples,
	.max_operands = -1,
	.subs = groups_subs,
};

/* ---- options ---- */

/* "orders:0,2,5-7" into a scope. */
static int parse_scope(struct groups_args *ga, const char *arg)
{
	if (ga->nscopes == GROUPS_MAX) {
		cmd_usage_error(ga->tool.spec, "too many --topic options (at most %d)", GROUPS_MAX);
		return 1;
	}
	struct groups_scope *s = &ga->scopes[ga->nscopes];
	const char *colon = strrchr(arg, ':');
	memset(s, 0, sizeof(*s));
	if (!colon) {
		s->topic = arg;
	} else {
		s->topic = strndup(arg, (size_t)(colon - arg));
		s->parts = calloc(4096, sizeof(int32_t));
		for (const char *p = colon + 1; *p;) {
			char *end;
			long a = strtol(p, &end, 10), b = a;
			if (end == p || a < 0)
				goto bad;
			if (*end == '-') {
				p = end + 1;
				b = strtol(p, &end, 10);
				if (end == p || b < a)
					goto bad;
			}
			if (b > INT32_MAX)
				goto bad;
			for (long k = a; k <= b; k++) {
				if (s->nparts == 4096)
					goto bad;
				s->parts[s->nparts++] = (int32_t)k;
			}
			if (*end == ',')
				end++;
			else if (*end)
				goto bad;
			p = end;
		}
		if (!s->nparts)
			goto bad;
	}
	if (!*s->topic)
		goto bad;
	ga->nscopes++;
	return 0;
bad:
	if (s->parts) {
		free((char *)s->topic);
		free(s->parts);
	}
	cmd_usage_error(ga->tool.spec, "invalid value '%s' for --topic (TOPIC or "
			"TOPIC:PARTITION,... such as orders:0,2,5-7)", arg);
	return 1;
}

static int set_target(struct groups_args *ga, enum groups_target t, const char *arg)
{
	if (ga->target != T_NONE && ga->target != t) {
		cmd_usage_error(ga->tool.spec, "give one of --to-earliest, --to-latest, --to-current, "
				"--to-offset, --shift-by, --to-datetime, --by-duration and "
				"--from-file");
		return 1;
	}
	ga->target = t;
	if (t == T_OFFSET || t == T_SHIFT) {
		ga->target_value = strtoll(arg, NULL, 10);
	} else if (t == T_DATETIME) {
		if (topics_parse_at(arg, &ga->target_value) || ga->target_value < 0) {
			cmd_usage_error(ga->tool.spec, "invalid value '%s' for --to-datetime "
					"(YYYY-MM-DDTHH:MM:SS[.sss][Z], YYYY-MM-DD or epoch ms)", arg);
			return 1;
		}
	} else if (t == T_DURATION) {
		if (groups_parse_duration(arg, &ga->target_value)) {
			cmd_usage_error(ga->tool.spec, "invalid value '%s' for --by-duration (PT1H, "
					"P1DT2H30M, or 1h, 30m, 250ms)", arg);
			return 1;
		}
	}
	return 0;
}

static int flag(const char *arg)
{
	return !(arg && !strcmp(arg, "0"));
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct groups_args *ga = ctx;
	int rc = tool_option(&ga->tool, id, arg);

	if (rc >= 0)
		return rc;
	switch (id) {
	case O_STATE_FILTER: ga->states = arg; break;
	case O_LONG: ga->long_out = flag(arg); break;
	case O_NAMES_ONLY: ga->names_only = flag(arg); break;
	case O_ALL: ga->all = flag(arg); break;
	case O_TOPIC: return parse_scope(ga, arg);
	case O_OFFSETS: ga->view = VIEW_OFFSETS; break;
	case O_MEMBERS: ga->view = VIEW_MEMBERS; break;
	case O_STATE: ga->view = VIEW_STATE; break;
	case O_LAG_BY_TOPIC: ga->view = VIEW_LAG; break;
	case O_EXPORT: ga->export_csv = flag(arg); break;
	case O_FROM_FILE:
		ga->from_file = arg;
		return set_target(ga, T_FILE, arg);
	case O_IF_EXISTS: ga->if_exists = flag(arg); break;
	case O_ALL_TOPICS: ga->all_topics = flag(arg); break;
	case O_TO_EARLIEST: return set_target(ga, T_EARLIEST, arg);
	case O_TO_LATEST: return set_target(ga, T_LATEST, arg);
	case O_TO_CURRENT: return set_target(ga, T_CURRENT, arg);
	case O_TO_OFFSET: return set_target(ga, T_OFFSET, arg);
	case O_SHIFT_BY: return set_target(ga, T_SHIFT, arg);
	case O_TO_DATETIME: return set_target(ga, T_DATETIME, arg);
	case O_BY_DURATION: return set_target(ga, T_DURATION, arg);
	case O_EXECUTE: ga->execute = flag(arg); break;
	case O_DRY_RUN: ga->dry_run = flag(arg); break;
	case O_GROUP:
		if (ga->ngroups == GROUPS_MAX) {
			cmd_usage_error(ga->tool.spec, "too many --group options (at most %d)", GROUPS_MAX);
			return 1;
		}
		ga->groups[ga->ngroups++] = arg;
		break;
	case O_ACT_LIST: case O_ACT_DESCRIBE: case O_ACT_DELETE: case O_ACT_RESET:
	case O_ACT_DELETE_OFFSETS: {
		static const char *const acts[] = { "list", "describe", "delete", "reset-offsets",
						    "delete-offsets" };
		if (ga->action && strcmp(ga->action, acts[id - O_ACT_LIST])) {
			cmd_usage_error(ga->tool.spec, "give one of --list, --describe, --delete, "
					"--reset-offsets and --delete-offsets");
			return 1;
		}
		ga->action = acts[id - O_ACT_LIST];
		break;
	}
	}
	return 0;
}

/* ---- shared ---- */

int groups_worse(int a, int b)
{
	if (a == EXIT_FAILED || b == EXIT_FAILED)
		return EXIT_FAILED;
	return a > b ? a : b;
}

void groups_error(struct groups_args *ga, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ga->err_msg, sizeof(ga->err_msg), fmt, ap);
	va_end(ap);
	snprintf(ga->err_code, sizeof(ga->err_code), "%s", code);
	cmd_error(ga->tool.cmd, "%s", ga->err_msg);
}

int groups_client_fail(struct groups_args *ga, struct client *c, int rc)
{
	ga->printed = 1;
	return tool_client_fail(&ga->tool, c, rc);
}

void groups_print(struct groups_args *ga, struct table *t)
{
	ga->printed = 1;
	if (ga->tool.output == OUT_JSON) {
		table_json(t, stdout);
		putchar('\n');
	} else {
		table_print(t, ga->tool.output, ga->tool.no_headers);
	}
	table_release(t);
}

int groups_coordinator(struct groups_args *ga, struct client *c, const char *group,
		       struct client_conn **out, int32_t *node)
{
	int rc = group_coordinator(c, group, out, node);

	if (rc > 0) {
		groups_error(ga, kafka_error_name((int16_t)rc), "%s: FindCoordinator: %s", group,
			     kafka_error_name((int16_t)rc));
		return EXIT_FAILED;
	}
	if (rc)
		return groups_client_fail(ga, c, rc);
	return 0;
}

/* ---- list ---- */

struct listed {
	const char *name, *protocol_type, *state;
	int32_t coordinator;
	int members;
};

static int cmp_listed(const void *x, const void *y)
{
	return strcmp(((const struct listed *)x)->name, ((const struct listed *)y)->name);
}

static int state_wanted(const char *filter, const char *state)
{
	if (!filter)
		return 1;
	size_t n = strlen(state);
	for (const char *p = filter; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && !strncasecmp(p, state, n))
			return 1;
		p += k + (p[k] == ',');
	}
	return 0;
}

/* Ask one broker for its groups; appends to *out. */
static int list_broker(struct groups_args *ga, struct client *c, struct client_conn *k,
		       int32_t node, struct listed **out, int *n, int *cap, struct arena *a)
{
	struct list_groups_req req;
	struct list_groups_resp resp;
	int rc, v = client_version(k, API_LIST_GROUPS);

	memset(&req, 0, sizeof(req));
	rc = client_call(c, k, API_LIST_GROUPS, &req, &resp, a);
	if (rc)
		return rc;
	if (resp.error_code) {
		cmd_error(ga->tool.cmd, "broker %d: ListGroups: %s", node,
			  kafka_error_name(resp.error_code));
		return 1;
	}
	int first = *n;
	for (int i = 0; i < resp.groups.n; i++) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			struct listed *bigger = arena_zalloc(a, sizeof(**out) * (size_t)*cap);
			if (*n)
				memcpy(bigger, *out, sizeof(**out) * (size_t)*n);
			*out = bigger;
		}
		struct listed *l = &(*out)[(*n)++];
		l->name = kstr_dup(a, resp.groups.v[i].group_id);
		l->protocol_type = kstr_dup(a, resp.groups.v[i].protocol_type);
		l->state = v >= 4 ? kstr_dup(a, resp.groups.v[i].group_state) : NULL;
		l->coordinator = node;
		l->members = -1;
	}
	if (*n == first || (v >= 4 && !ga->long_out))
		return 0;
	/* States before ListGroups v4, and member counts: DescribeGroups. */
	struct describe_groups_req dreq;
	struct describe_groups_resp dresp;
	memset(&dreq, 0, sizeof(dreq));
	dreq.groups.n = *n - first;
	dreq.groups.v = arena_zalloc(a, sizeof(struct kstr) * (size_t)dreq.groups.n);
	for (int i = first; i < *n; i++)
		dreq.groups.v[i - first] = kstr_c((*out)[i].name);
	if ((rc = client_call(c, k, API_DESCRIBE_GROUPS, &dreq, &dresp, a)))
		return rc;
	for (int j = 0; j < dresp.groups.n; j++)
		for (int i = first; i < *n; i++)
			if (kstr_eq(dresp.groups.v[j].group_id, (*out)[i].name)) {
				(*out)[i].state = kstr_dup(a, dresp.groups.v[j].group_state);
				(*out)[i].members = dresp.groups.v[j].members.n;
			}
	return 0;
}

/* Every broker's groups, sorted by name; 0, EXIT_FAILED (printed) or a client error. */
static int list_all(struct groups_args *ga, struct client *c, struct listed **l, int *n,
		    struct arena *a)
{
	struct metadata_resp md;
	int cap = 0, rc, exit = 0;

	*l = NULL;
	*n = 0;
	if ((rc = client_metadata(c, NULL, 0, &md, a)))
		return rc;
	for (int i = 0; i < md.brokers.n; i++) {
		struct client_conn *k = client_broker(c, md.brokers.v[i].node_id);
		rc = k ? list_broker(ga, c, k, md.brokers.v[i].node_id, l, n, &cap, a) : CLIENT_EUNAVAIL;
		if (rc == 1)
			exit = EXIT_FAILED;
		else if (rc)
			return rc;
	}
	if (*n > 1)
		qsort(*l, (size_t)*n, sizeof(**l), cmp_listed);
	return exit;
}

int groups_all_names(struct groups_args *ga, struct client *c, char ***names, int *n,
		     struct arena *a)
{
	struct listed *l;
	int rc = list_all(ga, c, &l, n, a);

	if (rc < 0)
		return groups_client_fail(ga, c, rc);
	*names = arena_zalloc(a, sizeof(char *) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		(*names)[i] = (char *)l[i].name;
	return rc;
}

static int do_list(struct groups_args *ga, struct client *c)
{
	struct arena a;
	struct table t;
	struct listed *l = NULL;
	int n = 0, rc, exit = EXIT_OK;

	arena_init(&a, 16384);
	rc = list_all(ga, c, &l, &n, &a);
	if (rc < 0) {
		arena_release(&a);
		return groups_client_fail(ga, c, rc);
	}
	exit = rc;
	table_init(&t, ga->names_only ? "GROUP" : ga->long_out ?
		   "GROUP STATE TYPE PROTOCOL-TYPE #MEMBERS #COORDINATOR" : "GROUP STATE");
	for (int i = 0; i < n; i++) {
		const char *state = l[i].state && *l[i].state ? l[i].state : NULL;
		if (ga->states && !(state && state_wanted(ga->states, state)))
			continue;
		if (ga->names_only) {
			table_add(&t, l[i].name);
			continue;
		}
		if (!ga->long_out) {
			table_add(&t, l[i].name, state);
			continue;
		}
		char *mem = l[i].members >= 0 ? xfmt("%d", l[i].members) : NULL;
		char *co = xfmt("%d", l[i].coordinator);
		table_add(&t, l[i].name, state, "classic",
			  *l[i].protocol_type ? l[i].protocol_type : NULL, mem, co);
		free(mem);
		free(co);
	}
	if (ga->names_only && ga->tool.output == OUT_TEXT)
		ga->tool.no_headers = 1;
	groups_print(ga, &t);
	arena_release(&a);
	return exit;
}

/* ---- delete ---- */

static int do_delete(struct groups_args *ga, struct client *c, char **names, int n)
{
	struct arena a;
	struct table t;
	int exit = EXIT_OK;

	arena_init(&a, 16384);
	table_init(&t, "GROUP STATUS MESSAGE");
	for (int i = 0; i < n; i++) {
		struct client_conn *k;
		struct delete_groups_req req;
		struct delete_groups_resp resp;
		struct kstr name = kstr_c(names[i]);
		int rc = groups_coordinator(ga, c, names[i], &k, NULL);
		if (rc == EXIT_UNAVAILABLE) {
			table_release(&t);
			arena_release(&a);
			return rc;
		}
		if (rc) {
			table_add(&t, names[i], ga->err_code[0] ? ga->err_code : "COORDINATOR_NOT_AVAILABLE",
				  NULL);
			exit = EXIT_FAILED;
			continue;
		}
		memset(&req, 0, sizeof(req));
		req.groups_names.n = 1;
		req.groups_names.v = &name;
		if ((rc = client_call(c, k, API_DELETE_GROUPS, &req, &resp, &a))) {
			table_release(&t);
			arena_release(&a);
			return groups_client_fail(ga, c, rc);
		}
		int16_t e = resp.results.n ? resp.results.v[0].error_code : KERR_UNKNOWN_SERVER_ERROR;
		if (!e) {
			table_add(&t, names[i], "OK", NULL);
		} else if (e == KERR_GROUP_ID_NOT_FOUND && ga->if_exists) {
			table_add(&t, names[i], "SKIPPED", "the group does not exist");
		} else if (e == KERR_GROUP_ID_NOT_FOUND) {
			table_add(&t, names[i], kafka_error_name(e), "the group does not exist");
			cmd_error(ga->tool.cmd, "%s: GROUP_ID_NOT_FOUND: the group does not exist", names[i]);
			fprintf(stderr, "hint: add --if-exists to make this a no-op\n");
			exit = groups_worse(exit, EXIT_NOTFOUND);
		} else {
			const char *msg = e == KERR_NON_EMPTY_GROUP ? "the group has members" : NULL;
			table_add(&t, names[i], kafka_error_name(e), msg);
			cmd_error(ga->tool.cmd, "%s: %s%s%s", names[i], kafka_error_name(e),
				  msg ? ": " : "", msg ? msg : "");
			if (e == KERR_NON_EMPTY_GROUP)
				fprintf(stderr, "hint: stop the group's consumers first\n");
			exit = EXIT_FAILED;
		}
	}
	groups_print(ga, &t);
	arena_release(&a);
	return exit;
}

/* ---- delete-offsets ---- */

static int do_delete_offsets(struct groups_args *ga, struct client *c, const char *group)
{
	struct arena a;
	struct table t;
	struct client_conn *k;
	struct metadata_resp md;
	struct offset_delete_req req;
	struct offset_delete_resp resp;
	const char *names[GROUPS_MAX];
	int rc, exit = EXIT_OK;

	if (!ga->nscopes)
		return cmd_usage_error(ga->tool.spec, "name the topics with --topic T[:P,...]");
	if ((rc = groups_coordinator(ga, c, group, &k, NULL)))
		return rc;
	arena_init(&a, 16384);
	for (int i = 0; i < ga->nscopes; i++)
		names[i] = ga->scopes[i].topic;
	if ((rc = client_metadata(c, names, ga->nscopes, &md, &a))) {
		arena_release(&a);
		return groups_client_fail(ga, c, rc);
	}
	memset(&req, 0, sizeof(req));
	req.group_id = kstr_c(group);
	req.topics.v = arena_zalloc(&a, sizeof(*req.topics.v) * (size_t)ga->nscopes);
	table_init(&t, "TOPIC #PARTITION STATUS MESSAGE");
	for (int i = 0; i < ga->nscopes; i++) {
		const struct groups_scope *s = &ga->scopes[i];
		const struct metadata_resp_topics *mt = NULL;
		for (int j = 0; j < md.topics.n; j++)
			if (kstr_eq(md.topics.v[j].name, s->topic) && !md.topics.v[j].error_code)
				mt = &md.topics.v[j];
		if (!mt && !s->nparts) {
			table_add(&t, s->topic, NULL, "UNKNOWN_TOPIC_OR_PARTITION", "no such topic");
			cmd_error(ga->tool.cmd, "%s: UNKNOWN_TOPIC_OR_PARTITION: no such topic", s->topic);
			exit = groups_worse(exit, EXIT_NOTFOUND);
			continue;
		}
		struct offset_delete_req_topics *rt = &req.topics.v[req.topics.n++];
		int np = s->nparts ? s->nparts : mt->partitions.n;
		rt->name = kstr_c(s->topic);
		rt->partitions.n = np;
		rt->partitions.v = arena_zalloc(&a, sizeof(*rt->partitions.v) * (size_t)(np + 1));
		for (int p = 0; p < np; p++)
			rt->partitions.v[p].partition_index = s->nparts ? s->parts[p] :
						mt->partitions.v[p].partition_index;
	}
	if (req.topics.n) {
		if ((rc = client_call(c, k, API_OFFSET_DELETE, &req, &resp, &a))) {
			table_release(&t);
			arena_release(&a);
			return groups_client_fail(ga, c, rc);
		}
		if (resp.error_code) {
			int nf = resp.error_code == KERR_GROUP_ID_NOT_FOUND;
			groups_error(ga, kafka_error_name(resp.error_code), "%s: %s%s", group,
				     kafka_error_name(resp.error_code),
				     nf ? ": the group does not exist" : "");
			table_release(&t);
			arena_release(&a);
			return nf ? EXIT_NOTFOUND : EXIT_FAILED;
		}
		for (int i = 0; i < resp.topics.n; i++)
			for (int p = 0; p < resp.topics.v[i].partitions.n; p++) {
				const struct offset_delete_resp_partitions *rp =
					&resp.topics.v[i].partitions.v[p];
				char *name = kstr_dup(&a, resp.topics.v[i].name);
				char *sp = xfmt("%d", rp->partition_index);
				const char *msg = rp->error_code == KERR_GROUP_SUBSCRIBED_TO_TOPIC ?
					"the group's members consume this topic" : NULL;
				table_add(&t, name, sp, rp->error_code ? kafka_error_name(rp->error_code) :
					  "OK", msg);
				if (rp->error_code) {
					cmd_error(ga->tool.cmd, "%s:%d: %s%s%s", name, rp->partition_index,
						  kafka_error_name(rp->error_code), msg ? ": " : "",
						  msg ? msg : "");
					exit = groups_worse(exit, rp->error_code ==
						KERR_UNKNOWN_TOPIC_OR_PARTITION ? EXIT_NOTFOUND : EXIT_FAILED);
				}
				free(sp);
			}
	}
	groups_print(ga, &t);
	arena_release(&a);
	return exit;
}

/* ---- dispatch ---- */

static const struct cmd_spec *find_sub(const char *name)
{
	if (!strcmp(name, "ls"))
		name = "list";
	for (const struct cmd_spec *const *s = groups_subs; *s; s++)
		if (!strcmp(strchr((*s)->name, ' ') + 1, name))
			return *s;
	return NULL;
}

static void release_scopes(struct groups_args *ga)
{
	for (int i = 0; i < ga->nscopes; i++)
		if (ga->scopes[i].parts) {
			free((char *)ga->scopes[i].topic);
			free(ga->scopes[i].parts);
		}
	for (int i = 0; i < ga->nfile_parts; i++)
		free((char *)ga->file_parts[i].topic);
	free(ga->file_parts);
}

/* What each subcommand needs beyond its table; 0 or EXIT_USAGE after the message. */
static int check_args(struct groups_args *ga, const struct cmd_spec *sub, char **ops, int n)
{
	if (sub == &describe_spec && !n && !ga->all)
		return cmd_usage_error(sub, "name the groups, or give --all");
	if (sub == &describe_spec && n && ga->all)
		return cmd_usage_error(sub, "give either group names or --all");
	if (sub == &reset_spec && ga->target == T_FILE) {
		if (ga->nscopes || ga->all_topics)
			return cmd_usage_error(sub, "--from-file names the partitions; leave out --topic "
					       "and --all-topics");
		if (ga->execute && ga->dry_run)
			return cmd_usage_error(sub, "give either --execute or --dry-run");
		return groups_read_file(ga, ops[0]);
	}
	if (sub == &reset_spec) {
		if (!ga->nscopes && !ga->all_topics)
			return cmd_usage_error(sub, "give the scope: --topic T[:P,...] or --all-topics");
		if (ga->nscopes && ga->all_topics)
			return cmd_usage_error(sub, "give either --topic or --all-topics");
		if (ga->target == T_NONE)
			return cmd_usage_error(sub, "give the target: one of --to-earliest, --to-latest, "
					       "--to-current, --to-offset, --shift-by, --to-datetime, "
					       "--by-duration and --from-file");
		if (ga->execute && ga->dry_run)
			return cmd_usage_error(sub, "give either --execute or --dry-run");
	}
	return 0;
}

int cmd_groups(int argc, char **argv)
{
	struct groups_args ga = { 0 };
	char **ops;
	int n, rc;

	tool_init(&ga.tool, "groups", &groups_spec);
	rc = opt_parse(&groups_spec, argc, argv, on_option, &ga, &ops, &n);
	if (rc) {
		release_scopes(&ga);
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	}
	const struct cmd_spec *sub;
	if (ga.action) {
		/* kafka-consumer-groups.sh style: the action flag names the subcommand. */
		if (n) {
			release_scopes(&ga);
			return cmd_usage_error(&groups_spec, "unexpected operand '%s' (with --%s, name "
					       "groups with --group)", ops[0], ga.action);
		}
		sub = find_sub(ga.action);
		ga.tool.cmd = sub->name;
		ga.tool.spec = sub;
		ops = (char **)ga.groups;
		n = ga.ngroups;
		if (sub != &list_spec && sub != &describe_spec && n == 0) {
			release_scopes(&ga);
			return cmd_usage_error(&groups_spec, "--%s needs --group GROUP", ga.action);
		}
		if ((sub == &reset_spec || sub == &delete_offsets_spec) && n > 1) {
			release_scopes(&ga);
			return cmd_usage_error(&groups_spec, "--%s takes one --group", ga.action);
		}
	} else {
		if (n == 0) {
			release_scopes(&ga);
			return cmd_usage_error(&groups_spec, "missing subcommand (list, describe, delete, "
					       "reset-offsets or delete-offsets)");
		}
		sub = find_sub(ops[0]);
		if (!sub) {
			release_scopes(&ga);
			return cmd_usage_error(&groups_spec, "unknown subcommand '%s' (list, describe, "
					       "delete, reset-offsets or delete-offsets)", ops[0]);
		}
		ga.tool.cmd = sub->name;
		ga.tool.spec = sub;
		if (ga.ngroups) {
			release_scopes(&ga);
			return cmd_usage_error(sub, "--group goes with Kafka's action flags; name the "
					       "groups as operands");
		}
		rc = opt_parse(sub, n, ops, on_option, &ga, &ops, &n);
		if (rc) {
			release_scopes(&ga);
			return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
		}
	}
	if ((rc = check_args(&ga, sub, ops, n))) {
		release_scopes(&ga);
		return rc;
	}

	struct client c;
	rc = tool_resolve(&ga.tool);
	if (!rc)
		rc = tool_connect(&ga.tool, &c);
	if (rc) {
		release_scopes(&ga);
		tool_release(&ga.tool);
		return rc;
	}
	if (sub == &list_spec)
		rc = do_list(&ga, &c);
	else if (sub == &describe_spec)
		rc = groups_describe(&ga, &c, ops, n);
	else if (sub == &delete_spec)
		rc = do_delete(&ga, &c, ops, n);
	else if (sub == &reset_spec)
		rc = groups_reset(&ga, &c, ops, n);
	else
		rc = do_delete_offsets(&ga, &c, ops[0]);
	if (ga.tool.output == OUT_JSON && rc && !ga.printed) {
		printf("{\"error\":{\"code\":");
		json_str(stdout, ga.err_code[0] ? ga.err_code : "FAILED", -1);
		printf(",\"message\":");
		json_str(stdout, ga.err_msg, -1);
		printf("}}\n");
	}
	client_release(&c);
	release_scopes(&ga);
	tool_release(&ga.tool);
	return rc;
}
