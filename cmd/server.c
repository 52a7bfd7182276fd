/*
 * kaf server: the broker's command line. The broker itself is not in this
 * version, so after checking its options this prints what it would do
 * (config file, listeners, data directory) and exits 1. The option table is
 * the real one, so scripts, help, the man page and completions already see
 * the final interface; the body is what gets replaced.
 */
#include "cmd/cmd.h"

#include "cmd/opt.h"

#include <stdio.h>
#include <string.h>

enum {
	O_CONFIG = 1, O_OVERRIDE, O_DATA_DIR, O_LISTENERS, O_ADVERTISED, O_NODE_ID, O_CLUSTER_ID,
	O_CHECK, O_PRINT_CONFIG, O_LOG_LEVEL, O_LOG_FORMAT, O_PID_FILE,
};

static const struct opt server_opts[] = {
	{ .id = O_CONFIG, .short_name = 'c', .long_name = "config", .type = OPT_STRING,
	  .arg_name = "FILE", .complete = "file",
	  .help = "read broker settings from FILE (server.properties syntax; also the operand)" },
	{ .id = O_OVERRIDE, .short_name = 'X', .long_name = "override", .type = OPT_STRING,
	  .arg_name = "KEY=VALUE", .repeatable = 1,
	  .help = "set one broker setting, over the config file" },
	{ .id = O_DATA_DIR, .long_name = "data-dir", .type = OPT_STRING, .arg_name = "DIR",
	  .complete = "dir", .def = "./data", .help = "where partition logs live (log.dirs)" },
	{ .id = O_LISTENERS, .long_name = "listeners", .type = OPT_STRING, .arg_name = "URI,...",
	  .def = "PLAINTEXT://127.0.0.1:9092", .help = "addresses to listen on (listeners)" },
	{ .id = O_ADVERTISED, .long_name = "advertised-listeners", .type = OPT_STRING,
	  .arg_name = "URI,...", .help = "addresses given to clients [default: the listeners]" },
	{ .id = O_NODE_ID, .long_name = "node-id", .type = OPT_INT, .arg_name = "N", .def = "1",
	  .min = 0, .max = 2147483647, .help = "this broker's id (node.id)" },
	{ .id = O_CLUSTER_ID, .long_name = "cluster-id", .type = OPT_STRING, .arg_name = "ID",
	  .help = "cluster id of a new data directory [default: generated on first start]" },
	{ .id = O_CHECK, .long_name = "check", .type = OPT_FLAG,
	  .help = "check the configuration and the data directory, then exit" },
	{ .id = O_PRINT_CONFIG, .long_name = "print-config", .type = OPT_FLAG,
	  .help = "print the effective settings, then exit" },
	{ .id = O_LOG_LEVEL, .long_name = "log-level", .type = OPT_ENUM, .arg_name = "LEVEL",
	  .values = "error|warn|info|debug|trace", .def = "info",
	  .help = "least important log line to print: error, warn, info, debug or trace" },
	{ .id = O_LOG_FORMAT, .long_name = "log-format", .type = OPT_ENUM, .arg_name = "FORMAT",
	  .values = "text|json", .def = "text", .help = "log lines on stderr as text or json" },
	{ .id = O_PID_FILE, .long_name = "pid-file", .type = OPT_STRING, .arg_name = "FILE",
	  .complete = "file", .help = "write the process id to FILE" },
	{ 0 }
};

static const char *const server_examples[] = {
	"kaf server",
	"kaf server /etc/kaf/server.properties",
	"kaf server --data-dir /var/lib/kaf --listeners PLAINTEXT://0.0.0.0:9092",
	NULL
};

const struct cmd_spec server_spec = {
	.name = "server",
	.summary = "Run a Kafka broker (in this version: print what it would do)",
	.usage = "[options] [CONFIG-FILE]",
	.opts = server_opts,
	.examples = server_examples,
	.max_operands = 1,
	.operand_complete = "file",
};

struct plan {
	const char *config, *data_dir, *listeners, *advertised, *node_id, *cluster_id;
	int noverrides;
};

/* Overrides of the settings shown in the plan take effect in it. */
static void apply_override(struct plan *p, const char *kv)
{
	const struct {
		const char *key;
		const char **field;
	} keys[] = {
		{ "log.dirs", &p->data_dir }, { "log.dir", &p->data_dir },
		{ "listeners", &p->listeners }, { "advertised.listeners", &p->advertised },
		{ "node.id", &p->node_id }, { "cluster.id", &p->cluster_id },
	};
	size_t n = strcspn(kv, "=");

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].key) == n && !strncmp(keys[i].key, kv, n))
			*keys[i].field = kv + n + 1;
}

static int server_option(void *ctx, int id, const char *arg)
{
	struct plan *p = ctx;

	switch (id) {
	case O_CONFIG:
		p->config = arg;
		break;
	case O_OVERRIDE:
		if (!strchr(arg, '=') || arg[0] == '=')
			return cmd_usage_error(&server_spec, "--override wants KEY=VALUE, not '%s'", arg);
		apply_override(p, arg);
		p->noverrides++;
		break;
	case O_DATA_DIR:
		p->data_dir = arg;
		break;
	case O_LISTENERS:
		p->listeners = arg;
		break;
	case O_ADVERTISED:
		p->advertised = arg;
		break;
	case O_NODE_ID:
		p->node_id = arg;
		break;
	case O_CLUSTER_ID:
		p->cluster_id = arg;
		break;
	}
	return 0;
}

int cmd_server(int argc, char **argv)
{
	struct plan p = {
		.data_dir = "./data", .listeners = "PLAINTEXT://127.0.0.1:9092", .node_id = "1",
	};
	char **ops;
	int n, rc = opt_parse(&server_spec, argc, argv, server_option, &p, &ops, &n);

	if (rc)
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	if (n == 1) {
		if (p.config)
			return cmd_usage_error(&server_spec, "give the config file once (operand or --config)");
		p.config = ops[0];
	}
	cmd_error("server", "the broker is not implemented yet in this version; it would:");
	fprintf(stderr, "  read settings from  %s\n", p.config ? p.config : "(built-in defaults)");
	if (p.noverrides)
		fprintf(stderr, "  apply overrides     %d given with --override\n", p.noverrides);
	fprintf(stderr, "  listen on           %s\n", p.listeners);
	fprintf(stderr, "  advertise           %s\n", p.advertised ? p.advertised : p.listeners);
	fprintf(stderr, "  keep data in        %s\n", p.data_dir);
	fprintf(stderr, "  run as node         %s\n", p.node_id);
	fprintf(stderr, "  cluster id          %s\n", p.cluster_id ? p.cluster_id : "(generated on first start)");
	return EXIT_FAILED;
}
