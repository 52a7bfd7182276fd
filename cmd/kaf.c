/*
 * kaf: the multi-call entry point. One commands[] table names every command
 * with its entry point and option table; "kaf X ..." and a link called
 * kaf-X both run X. Also here: kaf's own options and help, the meta
 * commands (help, version, the hidden __options), and the final check of
 * stdout after every command.
 */
#include "cmd/cmd.h"

#include "cmd/opt.h"
#include "core/record/codec.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * Commands whose files other changes bring in. Weak, so this table links
 * without them: a missing entry point reads as "not implemented yet", a
 * missing table as "no options known".
 */
#pragma weak cmd_topics
#pragma weak cmd_produce
#pragma weak cmd_consume
#pragma weak cmd_groups
#pragma weak cmd_perf
#pragma weak cmd_dump_log
#pragma weak dump_log_spec
extern const struct cmd_spec topics_spec, produce_spec, consume_spec, groups_spec;
extern const struct cmd_spec perf_spec;
#pragma weak perf_spec
#pragma weak topics_spec
#pragma weak produce_spec
#pragma weak consume_spec
#pragma weak groups_spec
/*
 * The codec layer names what this build can compress. A weak reference does
 * not pull an object out of the core library by itself, so the list appears
 * once something else in the binary uses the codecs (dump-log, the broker).
 */
#pragma weak codec_name

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);
static int cmd_options(int argc, char **argv);

static const struct cmd_spec help_spec = {
	.name = "help",
	.summary = "Show kaf's help, or a command's (as 'kaf COMMAND --help' does)",
	.usage = "[COMMAND]",
	.max_operands = 1,
	.operand_complete = "command",
	.man_page = "kaf",
};

static const struct cmd_spec version_spec = {
	.name = "version",
	.summary = "Print the version and the compression codecs built in",
	.max_operands = 0,
	.man_page = "kaf",
};

static const struct cmd_spec options_spec = {
	.name = "__options",
	.summary = "Print a command's long options, one per line, aliases included",
	.usage = "[COMMAND]",
	.max_operands = 1,
	.operand_complete = "command",
	.man_page = "kaf",
};

const struct cmd commands[] = {
	{ .name = "server", .fn = cmd_server, .spec = &server_spec },
	{ .name = "topics", .fn = cmd_topics, .spec = &topics_spec,
	  .summary = "List, create, describe, alter and delete topics" },
	{ .name = "produce", .fn = cmd_produce, .spec = &produce_spec,
	  .summary = "Write records from files or stdin to a topic" },
	{ .name = "consume", .fn = cmd_consume, .spec = &consume_spec,
	  .summary = "Read records from topics and print them" },
	{ .name = "groups", .fn = cmd_groups, .spec = &groups_spec,
	  .summary = "List, describe, reset and delete consumer groups" },
	{ .name = "perf", .fn = cmd_perf, .spec = &perf_spec,
	  .summary = "Measure producer and consumer throughput and end-to-end latency" },
	{ .name = "dump-log", .fn = cmd_dump_log, .spec = &dump_log_spec,
	  .summary = "Print the batches and records of log segments and index files" },
	{ .name = "help", .fn = cmd_help, .spec = &help_spec, .flags = CMD_META },
	{ .name = "version", .fn = cmd_version, .spec = &version_spec, .flags = CMD_META },
	{ .name = "completion", .fn = cmd_completion, .spec = &completion_spec,
	  .flags = CMD_META | CMD_HIDDEN },
	{ .name = "__options", .fn = cmd_options, .spec = &options_spec,
	  .flags = CMD_META | CMD_HIDDEN },
	/* rpk and birdayz/kaf users type the singular. */
	{ .name = "topic", .alias_of = "topics", .flags = CMD_HIDDEN },
	{ .name = "group", .alias_of = "groups", .flags = CMD_HIDDEN },
	{ 0 }
};

enum { TOP_HELP = 1, TOP_VERSION, TOP_LIST };

static const struct opt top_opts[] = {
	{ .id = TOP_HELP, .short_name = 'h', .long_name = "help", .type = OPT_FLAG,
	  .help = "show this help and exit" },
	{ .id = TOP_VERSION, .short_name = 'V', .long_name = "version", .type = OPT_FLAG,
	  .help = "print the version and the compression codecs built in" },
	{ .id = TOP_LIST, .long_name = "list-cmds", .type = OPT_FLAG,
	  .help = "list the commands, one per line (each also runs as a kaf-COMMAND link)" },
	{ 0 }
};

const struct cmd_spec kaf_spec = {
	.name = NULL,	/* kaf itself: messages say "kaf: ..." */
	.summary = "Apache Kafka in one small binary: a broker that speaks the Kafka protocol "
		   "and writes Kafka's log format, and the tools to run it.",
	.opts = top_opts,
	.max_operands = -1,
	.options_first = 1,
};

const struct cmd *cmd_find(const char *name)
{
	for (const struct cmd *c = commands; c->name; c++) {
		if (strcmp(c->name, name))
			continue;
		return c->alias_of ? cmd_find(c->alias_of) : c;
	}
	return NULL;
}

const char *cmd_summary(const struct cmd *c)
{
	if (c->spec && c->spec->summary)
		return c->spec->summary;
	return c->summary ? c->summary : "";
}

static void print_main_help(FILE *f)
{
	char missing[256] = "";

	opt_print_usage(f, &kaf_spec);
	fputc('\n', f);
	opt_print_wrapped(f, kaf_spec.summary, 0, 0);
	fprintf(f, "\nCommands:\n");
	for (const struct cmd *c = commands; c->name; c++) {
		if (c->flags & CMD_HIDDEN)
			continue;
		fprintf(f, "  %-10s", c->name);
		opt_print_wrapped(f, cmd_summary(c), 14, 12);
		if (!c->fn)
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s",
				 missing[0] ? ", " : "", c->name);
	}
	if (missing[0]) {
		char line[300];
		snprintf(line, sizeof(line), "Not implemented yet in this version: %s.", missing);
		fputc('\n', f);
		opt_print_wrapped(f, line, 0, 0);
	}
	fprintf(f, "\nOptions:\n");
	opt_print_options(f, top_opts, 0);
	fprintf(f, "\nOptions of every command:\n");
	opt_print_options(f, cmd_global_opts, 0);
	fputc('\n', f);
	opt_print_wrapped(f, "'kaf help COMMAND' or 'kaf COMMAND --help' shows a command's "
			  "options. See 'man kaf' for details.", 0, 0);
}

static void print_version(void)
{
	printf("kaf %s", KAF_VERSION);
	if (codec_name) {
		const char *sep = " (";
		for (int i = CODEC_NONE + 1; i < CODEC_COUNT; i++) {
			printf("%s%s", sep, codec_name(i));
			sep = " ";
		}
		printf(")");
	}
	printf("\n");
}

static void list_commands(void)
{
	for (const struct cmd *c = commands; c->name; c++)
		if (!(c->flags & (CMD_HIDDEN | CMD_META)))
			printf("%s\n", c->name);
}

static int unknown_command(const char *name, int code)
{
	struct opt_suggest sg;
	const char *best;
	size_t n;

	opt_suggest_init(&sg, name);
	for (const struct cmd *c = commands; c->name; c++) {
		/* An alias's target is the answer for both spellings. */
		const char *answer = c->alias_of ? c->alias_of : c->name;
		if ((c->flags & CMD_HIDDEN) && !c->alias_of)
			continue;
		opt_suggest_add(&sg, c->name, strlen(c->name), answer, strlen(answer));
	}
	best = opt_suggest_best(&sg, &n);
	if (best)
		fprintf(stderr, "kaf: '%s' is not a kaf command; did you mean '%.*s'?\n", name, (int)n,
			best);
	else
		fprintf(stderr, "kaf: '%s' is not a kaf command; see 'kaf --help'\n", name);
	return code;
}

static int run(const struct cmd *c, int argc, char **argv)
{
	argv[0] = (char *)c->name;
	cmd_set_name(c->name);
	if (!c->fn) {
		cmd_error(c->name, "not implemented yet in this version (kaf %s)", KAF_VERSION);
		return EXIT_FAILED;
	}
	return c->fn(argc, argv);
}

static int no_options(void *ctx, int id, const char *arg)
{
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	char **ops, *av[3];
	int n, rc = opt_parse(&help_spec, argc, argv, no_options, NULL, &ops, &n);
	const struct cmd *c;

	if (rc)
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	if (n == 0) {
		print_main_help(stdout);
		return EXIT_OK;
	}
	c = cmd_find(ops[0]);
	if (!c)
		return unknown_command(ops[0], EXIT_USAGE);
	av[0] = (char *)c->name;
	av[1] = (char *)"--help";
	av[2] = NULL;
	return run(c, 2, av);
}

static int cmd_version(int argc, char **argv)
{
	char **ops;
	int n, rc = opt_parse(&version_spec, argc, argv, no_options, NULL, &ops, &n);

	if (rc)
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	print_version();
	return EXIT_OK;
}

static void print_long_names(const struct opt *opts)
{
	for (const struct opt *o = opts; o && o->id; o++) {
		const char *a = o->aliases;
		if (o->long_name)
			printf("--%s\n", o->long_name);
		while (a && *a) {
			size_t n = strcspn(a, ",");
			printf("--%.*s\n", (int)n, a);
			a += n + (a[n] == ',');
		}
	}
}

static void print_spec_names(const struct cmd_spec *spec)
{
	print_long_names(spec->opts);
	for (const struct cmd_spec *const *s = spec->subs; s && *s; s++)
		print_spec_names(*s);
}

/* For the man-page check: every long name a command accepts, hidden ones too. */
static int cmd_options(int argc, char **argv)
{
	char **ops;
	int n, rc = opt_parse(&options_spec, argc, argv, no_options, NULL, &ops, &n);
	const struct cmd *c;

	if (rc)
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	if (n == 0 || !strcmp(ops[0], "kaf")) {
		print_long_names(top_opts);
		print_long_names(cmd_global_opts);
		return EXIT_OK;
	}
	c = cmd_find(ops[0]);
	if (!c)
		return unknown_command(ops[0], EXIT_USAGE);
	if (!c->spec) {
		cmd_error("__options", "'%s' has no option table in this version", c->name);
		return EXIT_FAILED;
	}
	print_spec_names(c->spec);
	return EXIT_OK;
}

/*
 * A write to a stdout pipe whose reader is gone ("kaf ... | head") ends the
 * run quietly with status 0. The pipe is recognised by POLLERR on fd 1; a
 * SIGPIPE from a socket returns, and the write reports EPIPE to its caller.
 */
static void on_sigpipe(int sig)
{
	struct pollfd p = { .fd = STDOUT_FILENO };

	(void)sig;
	if (poll(&p, 1, 0) == 1 && (p.revents & POLLERR))
		_exit(EXIT_OK);
}

static int stdout_reader_gone(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* Flush and close stdout: data that never reached its file is a failure. */
static int finish(int rc)
{
	int bad, err;

	errno = 0;
	bad = fflush(stdout) != 0 || ferror(stdout);
	err = errno;
	if (!bad && close(STDOUT_FILENO) != 0 && errno != EBADF) {
		bad = 1;
		err = errno;
	}
	if (!bad)
		return rc;
	if (err == EPIPE || stdout_reader_gone())
		return rc;
	if (err)
		fprintf(stderr, "kaf: error: cannot write to standard output: %s\n", strerror(err));
	else
		fprintf(stderr, "kaf: error: cannot write to standard output\n");
	return rc ? rc : EXIT_FAILED;
}

struct top {
	int help, version, list;
};

static int top_option(void *ctx, int id, const char *arg)
{
	struct top *t = ctx;
	int on = !arg;

	switch (id) {
	case TOP_HELP:
		t->help = on;
		break;
	case TOP_VERSION:
		t->version = on;
		break;
	case TOP_LIST:
		t->list = on;
		break;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigpipe };
	struct top top = { 0 };
	const struct cmd *c;
	const char *base;
	char **ops;
	int n;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	cmd_globals_init();
	if (argc < 1 || !argv[0]) {
		print_main_help(stderr);
		return EXIT_USAGE;
	}
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	if (!strncmp(base, "kaf-", 4)) {
		c = cmd_find(base + 4);
		if (!c)
			return finish(unknown_command(base + 4, EXIT_UNKNOWN_CMD));
		return finish(run(c, argc, argv));
	}
	if (opt_parse(&kaf_spec, argc, argv, top_option, &top, &ops, &n))
		return finish(EXIT_USAGE);
	if (top.help) {
		print_main_help(stdout);
		return finish(EXIT_OK);
	}
	if (top.version) {
		print_version();
		return finish(EXIT_OK);
	}
	if (top.list) {
		list_commands();
		return finish(EXIT_OK);
	}
	if (n == 0) {
		print_main_help(stderr);
		return finish(EXIT_USAGE);
	}
	c = cmd_find(ops[0]);
	if (!c)
		return finish(unknown_command(ops[0], EXIT_USAGE));
	return finish(run(c, n, ops));
}
