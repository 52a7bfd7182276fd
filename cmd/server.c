/*
 * kaf server: the broker's command line. Builds the configuration (file,
 * then the command-line settings, then --override), prints the log lines of
 * the running broker on stderr, and runs it until SIGINT or SIGTERM: the
 * first signal stops it gracefully (in-flight requests finish, logs are
 * flushed and closed cleanly), a second one exits at once.
 * Exit: 0 clean stop, 1 runtime failure, 2 bad configuration or a data
 * directory that cannot be used (locked, another cluster's, corrupt).
 */
#include "cmd/cmd.h"

#include "cmd/opt.h"
#include "core/base/buf.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/config/config.h"
#include "net/node.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
	  .help = "check the configuration, then exit" },
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
	.summary = "Run a Kafka broker",
	.usage = "[options] [CONFIG-FILE]",
	.opts = server_opts,
	.examples = server_examples,
	.max_operands = 1,
	.operand_complete = "file",
};


struct server_args {
	struct config *cfg;		/* NULL in the first pass, which only finds the file */
	const char *config_file;
	const char *cluster_id;
	int check, print_config, json_log, bad;
	enum say_level level;
	const char *pid_file;
};

static void report(void *ctx, enum config_severity sev, const char *msg)
{
	(void)ctx;
	if (sev == CONFIG_ERROR)
		cmd_error("server", "%s", msg);
	else
		cmd_warn("server", "%s", msg);
}

/* A command-line setting is an override of its broker key. */
static int set_key(struct server_args *a, const char *key, const char *value)
{
	static const struct config_source cli = { .origin = CONFIG_OVERRIDE };
	if (a->cfg && config_set(a->cfg, key, value, &cli))
		a->bad = 1;
	return 0;
}

static int server_option(void *ctx, int id, const char *arg)
{
	struct server_args *a = ctx;

	switch (id) {
	case O_CONFIG:
		a->config_file = arg;
		break;
	case O_OVERRIDE:
		if (!strchr(arg, '=') || arg[0] == '=')
			return cmd_usage_error(&server_spec, "--override wants KEY=VALUE, not '%s'", arg);
		if (a->cfg && config_set_override(a->cfg, arg))
			a->bad = 1;
		break;
	case O_DATA_DIR: return set_key(a, "log.dirs", arg);
	case O_LISTENERS: return set_key(a, "listeners", arg);
	case O_ADVERTISED: return set_key(a, "advertised.listeners", arg);
	case O_NODE_ID: return set_key(a, "node.id", arg);
	case O_CLUSTER_ID:
		a->cluster_id = arg;
		break;
	case O_CHECK:
		a->check = 1;
		break;
	case O_PRINT_CONFIG:
		a->print_config = 1;
		break;
	case O_LOG_LEVEL: {
		static const char *const names[] = { "error", "warn", "info", "debug", "trace" };
		for (int i = 0; i < 5; i++)
			if (!strcmp(arg, names[i]))
				a->level = (enum say_level)i;
		break;
	}
	case O_LOG_FORMAT:
		a->json_log = !strcmp(arg, "json");
		break;
	case O_PID_FILE:
		a->pid_file = arg;
		break;
	}
	return 0;
}

static int json_log;

/* The broker's log lines: "2026-11-21T09:10:00.123Z info message", or one JSON object. */
static void log_sink(enum say_level level, const char *msg)
{
	int64_t ms = clock_wall_ms();
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	char ts[32];
	gmtime_r(&secs, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	if (!json_log) {
		fprintf(stderr, "%s.%03dZ %-5s %s\n", ts, (int)(ms % 1000), say_level_name(level), msg);
		return;
	}
	fprintf(stderr, "{\"ts\":\"%s.%03dZ\",\"level\":\"%s\",\"msg\":\"", ts, (int)(ms % 1000),
		say_level_name(level));
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(stderr, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(stderr, "\\u%04x", *p);
		else
			fputc(*p, stderr);
	}
	fputs("\"}\n", stderr);
}

static struct node node;
static uv_signal_t sigint_h, sigterm_h;
static int signals_seen;

static void on_stopped(struct node *n)
{
	uv_close((uv_handle_t *)&sigint_h, NULL);
	uv_close((uv_handle_t *)&sigterm_h, NULL);
}

static void on_signal(uv_signal_t *h, int signum)
{
	if (signals_seen++) {
		say_warn("second %s: exiting at once; the next start recovers the logs",
			 signum == SIGINT ? "SIGINT" : "SIGTERM");
		fflush(stderr);
		_exit(EXIT_FAILED);
	}
	say_info("%s: shutting down (send it again to exit at once)",
		 signum == SIGINT ? "SIGINT" : "SIGTERM");
	node_stop(&node);
}

static int write_pid_file(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f)) {
		cmd_error("server", "cannot write pid file %s", path);
		return -1;
	}
	return 0;
}

static int run(struct server_args *a)
{
	uv_loop_t loop;
	char err[512];

	uv_loop_init(&loop);
	node.on_stopped = on_stopped;
	int rc = node_start(&node, &loop, a->cfg, a->cluster_id, err, sizeof(err));
	if (rc) {
		say_error("%s", err);
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
		return rc == KAF_ECONFIG || rc == KAF_ESTATE || rc == KAF_ECORRUPT ? EXIT_USAGE : EXIT_FAILED;
	}
	uv_signal_init(&loop, &sigint_h);
	uv_signal_init(&loop, &sigterm_h);
	uv_signal_start(&sigint_h, on_signal, SIGINT);
	uv_signal_start(&sigterm_h, on_signal, SIGTERM);
	if (a->pid_file && write_pid_file(a->pid_file)) {
		node_stop(&node);
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
		return EXIT_FAILED;
	}
	char where[512] = "";
	for (int i = 0; i < node.broker.nlisteners; i++) {
		const struct listener *l = &node.broker.listeners[i];
		size_t used = strlen(where);
		snprintf(where + used, sizeof(where) - used, "%s%s://%s:%d", i ? "," : "", l->name,
			 l->host, l->port);
	}
	say_info("kaf %s node %d started in %lld ms: listening on %s, data in %s, %d partitions "
		 "(%d recovered, %lld bytes cut)", KAF_VERSION, node.broker.opts.node_id,
		 (long long)node.start_ms, where, log_dir_path(node.logs), node.recovery.partitions,
		 node.recovery.partitions_recovered, (long long)node.recovery.bytes_truncated);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	if (a->pid_file)
		unlink(a->pid_file);
	say_info("stopped");
	return EXIT_OK;
}

int cmd_server(int argc, char **argv)
{
	struct server_args a = { .level = SAY_INFO };
	char **ops;
	int n, rc;

	/* The file comes first whatever the order of the flags: the first pass
	 * only finds it, the second applies the settings over it. opt_parse
	 * reorders argv, so the second pass gets a fresh copy. */
	char **again = calloc((size_t)argc + 1, sizeof(*again));
	if (!again)
		return EXIT_FAILED;
	memcpy(again, argv, (size_t)argc * sizeof(*again));
	rc = opt_parse(&server_spec, argc, argv, server_option, &a, &ops, &n);
	if (!rc && n == 1 && a.config_file)
		rc = cmd_usage_error(&server_spec, "give the config file once (operand or --config)");
	if (rc) {
		free(again);
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	}
	if (n == 1)
		a.config_file = ops[0];
	a.cfg = config_new();
	config_set_report(a.cfg, report, NULL);
	if (a.config_file && config_load_file(a.cfg, a.config_file)) {
		free(again);
		config_free(a.cfg);
		return EXIT_USAGE;
	}
	opt_parse(&server_spec, argc, again, server_option, &a, &ops, &n);
	free(again);
	if (a.bad || config_validate(a.cfg) || config_error_count(a.cfg)) {
		config_free(a.cfg);
		return EXIT_USAGE;
	}
	if (a.print_config) {
		struct buf out = BUF_INIT;
		config_write_effective(a.cfg, &out);
		fwrite(out.data, 1, out.len, stdout);
		buf_release(&out);
		config_free(a.cfg);
		return EXIT_OK;
	}
	if (a.check) {
		fprintf(stderr, "kaf server: configuration is valid (%d warnings)\n",
			config_warning_count(a.cfg));
		config_free(a.cfg);
		return EXIT_OK;
	}
	json_log = a.json_log;
	say_set_level(a.level);
	say_set_sink(log_sink);
	rc = run(&a);
	config_free(a.cfg);
	return rc;
}
