/*
 * Unit tests of the option parser and value grammars (cmd/opt.c). The
 * command layer is not in the core library, so its two files are compiled
 * into this program directly.
 */
#include "cmd/cmd.c"
#include "cmd/opt.c"

#include "tests/unit/tap.h"

#include <fcntl.h>
#include <unistd.h>

/* ---- capturing what a call prints on fd 1 or 2 ---- */

static char captured[16384];
static int cap_fd, cap_saved;

static void capture_start(int fd)
{
	FILE *f = fd == 1 ? stdout : stderr;
	char path[] = "/tmp/kaf-opt-test-XXXXXX";
	int t = mkstemp(path);

	fflush(f);
	unlink(path);
	cap_fd = fd;
	cap_saved = dup(fd);
	dup2(t, fd);
	close(t);
}

static const char *capture_end(void)
{
	FILE *f = cap_fd == 1 ? stdout : stderr;
	ssize_t n;

	fflush(f);
	lseek(cap_fd, 0, SEEK_SET);
	n = read(cap_fd, captured, sizeof(captured) - 1);
	captured[n > 0 ? n : 0] = 0;
	dup2(cap_saved, cap_fd);
	close(cap_saved);
	return captured;
}

/* ---- a command table to parse against ---- */

enum { T_ALL = 1, T_BIG, T_COUNT, T_SIZE, T_WAIT, T_FORMAT, T_KEY, T_SECRET, T_DEFON, T_PROP };

static const struct opt t_opts[] = {
	{ .id = T_ALL, .short_name = 'a', .long_name = "all", .type = OPT_FLAG,
	  .help = "everything" },
	{ .id = T_BIG, .short_name = 'b', .long_name = "big", .type = OPT_FLAG, .help = "big" },
	{ .id = T_COUNT, .short_name = 'c', .long_name = "count", .type = OPT_INT, .min = 1,
	  .max = 100, .help = "how many" },
	{ .id = T_SIZE, .long_name = "max-bytes", .type = OPT_SIZE, .def = "16KiB",
	  .aliases = "max-message-size,maxbytes", .help = "at most this much" },
	{ .id = T_WAIT, .long_name = "wait", .type = OPT_DURATION, .help = "how long" },
	{ .id = T_FORMAT, .short_name = 'o', .long_name = "output", .type = OPT_ENUM,
	  .values = "text|jsonl", .help = "output format" },
	{ .id = T_KEY, .short_name = 'k', .long_name = "key", .type = OPT_STRING,
	  .arg_name = "KEY", .help = "a key" },
	{ .id = T_SECRET, .long_name = "secret-thing", .type = OPT_FLAG, .hidden = 1,
	  .help = "not shown" },
	{ .id = T_DEFON, .long_name = "idempotent", .type = OPT_FLAG, .def = "on",
	  .help = "exactly once" },
	{ .id = T_PROP, .short_name = 'X', .long_name = "prop", .type = OPT_STRING,
	  .arg_name = "KEY=VALUE", .repeatable = 1,
	  .help = "a property, with a help text long enough that it has to wrap onto a "
		  "second line of the help output somewhere" },
	{ 0 }
};

static const char *const t_examples[] = {
	"kaf t -a x",
	"kaf t --max-bytes 64KiB --key some-rather-long-key-name /a/rather/long/path/to/a/file.log",
	NULL
};

static const struct cmd_spec t_spec = {
	.name = "t", .summary = "A command for tests.", .usage = "[options] FILE...",
	.opts = t_opts, .examples = t_examples, .min_operands = 1, .max_operands = 3,
};

static char seen[1024];

static int record(void *ctx, int id, const char *arg)
{
	size_t n = strlen(seen);

	snprintf(seen + n, sizeof(seen) - n, "%d=%s;", id, arg ? arg : "-");
	return ctx ? 1 : 0;	/* a non-NULL ctx makes the handler refuse */
}

/* Parse a space-separated command line; operands joined by ',' into ops. */
static int parse(const struct cmd_spec *spec, const char *line, char *ops, size_t opsz)
{
	static char buf[1024];
	char *argv[64], **operands;
	int argc = 0, n, rc;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 63; t = strtok(NULL, " "))
		argv[argc++] = strcmp(t, "''") ? t : (char *)"";
	argv[argc] = NULL;
	seen[0] = 0;
	ops[0] = 0;
	capture_start(2);
	rc = opt_parse(spec, argc, argv, record, NULL, &operands, &n);
	capture_end();
	for (int i = 0; rc == OPT_PARSE_OK && i < n; i++)
		snprintf(ops + strlen(ops), opsz - strlen(ops), "%s%s", i ? "," : "", operands[i]);
	return rc;
}

static void test_parse(void)
{
	char ops[256];

	is_int(parse(&t_spec, "t -ab f", ops, sizeof(ops)), OPT_PARSE_OK, "bundled flags parse");
	is_str(seen, "1=-;2=-;", "bundled -ab gives both flags in order");
	is_str(ops, "f", "operand kept");

	parse(&t_spec, "t -akv f", ops, sizeof(ops));
	is_str(seen, "1=-;7=v;", "-akv: flag then the rest of the word as k's value");
	parse(&t_spec, "t -Xk=v -X k2=v2 f", ops, sizeof(ops));
	is_str(seen, "10=k=v;10=k2=v2;", "-Xk=v and -X k=v");
	parse(&t_spec, "t --key=a=b --key c f", ops, sizeof(ops));
	is_str(seen, "7=a=b;7=c;", "--opt=v (split at the first =) and --opt v");
	parse(&t_spec, "t --key -x f", ops, sizeof(ops));
	is_str(seen, "7=-x;", "the word after --opt is its value even when it starts with -");

	is_int(parse(&t_spec, "t f1 -a f2 --big f3", ops, sizeof(ops)), OPT_PARSE_OK,
	       "options after operands");
	is_str(ops, "f1,f2,f3", "operands keep their order");
	is_str(seen, "1=-;2=-;", "options after operands are seen");

	parse(&t_spec, "t -a -- -b --big", ops, sizeof(ops));
	is_str(ops, "-b,--big", "-- ends options");
	is_str(seen, "1=-;", "nothing after -- is an option");
	parse(&t_spec, "t - -a", ops, sizeof(ops));
	is_str(ops, "-", "a lone - is an operand");

	parse(&t_spec, "t --no-idempotent --no-all f", ops, sizeof(ops));
	is_str(seen, "9=0;1=0;", "--no-FOO gives \"0\"");
	is_int(parse(&t_spec, "t --no-key f", ops, sizeof(ops)), OPT_PARSE_USAGE,
	       "--no- of an option with a value is unknown");

	parse(&t_spec, "t --max-message-size 1MiB --maxbytes=2k f", ops, sizeof(ops));
	is_str(seen, "4=1MiB;4=2k;", "hidden aliases reach the same id with the text as given");
	parse(&t_spec, "t --secret-thing f", ops, sizeof(ops));
	is_str(seen, "8=-;", "hidden options still parse");

	is_int(parse(&t_spec, "t --max-byte 1 f", ops, sizeof(ops)), OPT_PARSE_USAGE,
	       "unknown long option is a usage error");
	ok(strstr(captured, "unknown option '--max-byte'; did you mean '--max-bytes'?") != NULL,
	   "unknown option suggests the close one");
	ok(strstr(captured, "Usage: kaf t [options] FILE...") != NULL, "usage line printed");
	ok(strstr(captured, "Try 'kaf t --help'.") != NULL, "hint printed");
	parse(&t_spec, "t --max-message-sizes 1 f", ops, sizeof(ops));
	ok(strstr(captured, "did you mean '--max-bytes'?") != NULL,
	   "a near alias suggests its real name");
	parse(&t_spec, "t --zzzzzz f", ops, sizeof(ops));
	ok(strstr(captured, "unknown option '--zzzzzz'\n") != NULL, "no suggestion when none is close");
	is_int(parse(&t_spec, "t --al f", ops, sizeof(ops)), OPT_PARSE_USAGE,
	       "long options are not abbreviated");
	is_int(parse(&t_spec, "t -z f", ops, sizeof(ops)), OPT_PARSE_USAGE, "unknown short option");
	ok(strstr(captured, "unknown option '-z'") != NULL, "unknown short option named");

	is_int(parse(&t_spec, "t f --key", ops, sizeof(ops)), OPT_PARSE_USAGE, "missing value");
	ok(strstr(captured, "option '--key' needs a value") != NULL, "missing value message");
	is_int(parse(&t_spec, "t f -k", ops, sizeof(ops)), OPT_PARSE_USAGE, "missing short value");
	is_int(parse(&t_spec, "t f --all=1", ops, sizeof(ops)), OPT_PARSE_USAGE, "flag given a value");

	is_int(parse(&t_spec, "t -c 100 f", ops, sizeof(ops)), OPT_PARSE_OK, "int at the top of its range");
	is_int(parse(&t_spec, "t -c 101 f", ops, sizeof(ops)), OPT_PARSE_USAGE, "int above its range");
	ok(strstr(captured, "invalid value '101' for -c (an integer from 1 to 100)") != NULL,
	   "range error names the option as typed and the range");
	is_int(parse(&t_spec, "t --count=0 f", ops, sizeof(ops)), OPT_PARSE_USAGE, "int below its range");
	is_int(parse(&t_spec, "t --max-bytes 10KB f", ops, sizeof(ops)), OPT_PARSE_USAGE, "bad size");
	ok(strstr(captured, "invalid size '10KB' for --max-bytes") != NULL, "size error message");
	is_int(parse(&t_spec, "t --wait 5x f", ops, sizeof(ops)), OPT_PARSE_USAGE, "bad duration");
	is_int(parse(&t_spec, "t --wait 1h30m f", ops, sizeof(ops)), OPT_PARSE_OK, "good duration");
	is_int(parse(&t_spec, "t -o jsonl f", ops, sizeof(ops)), OPT_PARSE_OK, "enum value");
	is_int(parse(&t_spec, "t -ojson f", ops, sizeof(ops)), OPT_PARSE_USAGE, "bad enum value");
	ok(strstr(captured, "invalid value 'json' for -o (one of: text|jsonl)") != NULL,
	   "enum error lists the choices");

	is_int(parse(&t_spec, "t -a", ops, sizeof(ops)), OPT_PARSE_USAGE, "too few operands");
	ok(strstr(captured, "missing operand") != NULL, "missing operand message");
	is_int(parse(&t_spec, "t a b c d", ops, sizeof(ops)), OPT_PARSE_USAGE, "too many operands");
	ok(strstr(captured, "unexpected operand 'd'") != NULL, "the first extra operand is named");

	{
		char *argv[] = { "t", "-a", "f", NULL }, **operands;
		int n;
		capture_start(2);
		is_int(opt_parse(&t_spec, 3, argv, record, (void *)1, &operands, &n), OPT_PARSE_USAGE,
		       "a handler's refusal is a usage error");
		capture_end();
	}
}

static void test_globals(void)
{
	char ops[256];
	static const struct opt shadow_opts[] = {
		{ .id = 1, .short_name = 'q', .long_name = "queue", .type = OPT_STRING, .help = "q" },
		{ 0 }
	};
	static const struct cmd_spec shadow = {
		.name = "s", .opts = shadow_opts, .max_operands = -1,
	};

	cmd_globals_init();
	is_int(say_get_level(), SAY_WARN, "tools start at warning level");
	is_int(parse(&t_spec, "t -q f", ops, sizeof(ops)), OPT_PARSE_OK, "global -q accepted by a command");
	is_str(seen, "", "global options do not reach the command's handler");
	is_int(say_get_level(), SAY_ERROR, "-q: errors only");
	parse(&t_spec, "t f -vv", ops, sizeof(ops));
	is_int(say_get_level(), SAY_DEBUG, "-vv: debug");
	parse(&t_spec, "t f --no-verbose", ops, sizeof(ops));
	is_int(say_get_level(), SAY_WARN, "--no-verbose: back to warnings");
	is_int(parse(&t_spec, "t f -d fetch,group", ops, sizeof(ops)), OPT_PARSE_OK, "-d with contexts");
	ok(cmd_debug_on("fetch") && cmd_debug_on("group") && !cmd_debug_on("broker"),
	   "debug contexts as listed");
	is_int(say_get_level(), SAY_DEBUG, "-d raises the level to debug");
	is_int(parse(&t_spec, "t f -d fetch,nope", ops, sizeof(ops)), OPT_PARSE_USAGE, "bad debug context");
	is_int(parse(&t_spec, "t f --color=sometimes", ops, sizeof(ops)), OPT_PARSE_USAGE, "bad --color");
	parse(&t_spec, "t f --color=always", ops, sizeof(ops));
	is_int(cmd_color(2), 1, "--color=always colours even off a terminal");
	parse(&t_spec, "t f --color=never", ops, sizeof(ops));
	is_int(cmd_color(2), 0, "--color=never");
	parse(&t_spec, "t f --color=auto", ops, sizeof(ops));
	is_int(cmd_color(2), 0, "--color=auto off a terminal is off");
	capture_start(2);
	cmd_error("t", "boom %d", 7);
	is_str(capture_end(), "kaf t: error: boom 7\n", "cmd_error shape, no colour off a terminal");
	capture_start(2);
	cmd_warn(NULL, "careful");
	is_str(capture_end(), "kaf: warning: careful\n", "cmd_warn for kaf itself");

	parse(&shadow, "s -q x", ops, sizeof(ops));
	is_str(seen, "1=x;", "a command's own -q wins over the global one");
	cmd_globals_init();
}

static void test_options_first(void)
{
	char ops[256];
	static const struct opt top[] = {
		{ .id = 1, .short_name = 'a', .long_name = "all", .type = OPT_FLAG, .help = "a" },
		{ 0 }
	};
	static const struct cmd_spec disp = {
		.name = "d", .opts = top, .max_operands = -1, .options_first = 1,
	};

	parse(&disp, "d -a sub -a --x -- y", ops, sizeof(ops));
	is_str(seen, "1=-;", "options_first: only options before the first operand");
	is_str(ops, "sub,-a,--x,--,y", "the rest is left verbatim for the subcommand");
}

static void test_grammars(void)
{
	int64_t v;

	ok(!opt_parse_size("4096", &v) && v == 4096, "size 4096");
	ok(!opt_parse_size("64KiB", &v) && v == 65536, "size 64KiB");
	ok(!opt_parse_size("16MiB", &v) && v == 16 << 20, "size 16MiB");
	ok(!opt_parse_size("1GiB", &v) && v == 1 << 30, "size 1GiB");
	ok(!opt_parse_size("1k", &v) && v == 1024, "size 1k");
	ok(!opt_parse_size("2M", &v) && v == 2 << 20, "size 2M");
	ok(!opt_parse_size("3g", &v) && v == 3LL << 30, "size 3g");
	ok(!opt_parse_size("1TiB", &v) && v == 1LL << 40, "size 1TiB");
	ok(!opt_parse_size("0", &v) && v == 0, "size 0");
	ok(!opt_parse_size("7b", &v) && v == 7, "size 7b");
	ok(!opt_parse_size("9223372036854775807", &v) && v == INT64_MAX, "size INT64_MAX");
	ok(opt_parse_size("9223372036854775808", &v), "size past INT64_MAX refused");
	ok(opt_parse_size("9007199254740992k", &v), "size overflowing through its unit refused");
	ok(opt_parse_size("", &v), "empty size refused");
	ok(opt_parse_size("-1", &v), "negative size refused");
	ok(opt_parse_size("1.5MiB", &v), "fractional size refused");
	ok(opt_parse_size("10KB", &v), "ambiguous KB refused");
	ok(opt_parse_size("1 KiB", &v), "space before unit refused");
	ok(opt_parse_size("KiB", &v), "unit alone refused");
	ok(opt_parse_size(" 1", &v), "leading space refused");

	ok(!opt_parse_duration_ms("250ms", &v) && v == 250, "duration 250ms");
	ok(!opt_parse_duration_ms("5s", &v) && v == 5000, "duration 5s");
	ok(!opt_parse_duration_ms("2m", &v) && v == 120000, "duration 2m");
	ok(!opt_parse_duration_ms("1h", &v) && v == 3600000, "duration 1h");
	ok(!opt_parse_duration_ms("1d", &v) && v == 86400000, "duration 1d");
	ok(!opt_parse_duration_ms("1h30m", &v) && v == 5400000, "duration 1h30m");
	ok(!opt_parse_duration_ms("1m5s250ms", &v) && v == 65250, "duration 1m5s250ms");
	ok(!opt_parse_duration_ms("1500", &v) && v == 1500, "bare duration is ms");
	ok(opt_parse_duration_ms("", &v), "empty duration refused");
	ok(opt_parse_duration_ms("5x", &v), "unknown unit refused");
	ok(opt_parse_duration_ms("-1s", &v), "negative duration refused");
	ok(opt_parse_duration_ms("1.5s", &v), "fractional duration refused");
	ok(opt_parse_duration_ms("5s3", &v), "trailing bare number refused");
	ok(opt_parse_duration_ms("s", &v), "unit alone refused");
	ok(opt_parse_duration_ms("106751991167301d", &v), "duration overflow refused");

	ok(!opt_parse_int("42", 0, 100, &v) && v == 42, "int 42");
	ok(!opt_parse_int("-5", -10, 10, &v) && v == -5, "negative int");
	ok(!opt_parse_int("+5", 0, 10, &v) && v == 5, "int with +");
	ok(opt_parse_int("0x10", 0, 100, &v), "hex refused");
	ok(opt_parse_int("5 ", 0, 100, &v), "trailing space refused");
	ok(opt_parse_int(" 5", 0, 100, &v), "leading space refused");
	ok(opt_parse_int("", 0, 100, &v), "empty int refused");
	ok(opt_parse_int("101", 0, 100, &v), "int above range refused");
	ok(opt_parse_int("99999999999999999999", INT64_MIN, INT64_MAX, &v), "int overflow refused");
}

static void test_suggest(void)
{
	static const char *const names[] = { "server", "topics", "produce", "consume", "dump-log" };
	static const struct {
		const char *word, *want;
	} cases[] = {
		{ "topc", "topics" }, { "topcis", "topics" }, { "sever", "server" },
		{ "dump", "dump-log" }, { "consumer", "consume" }, { "xyzzy", NULL },
		{ "ab", NULL }, { "s", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct opt_suggest sg;
		char got[32] = "";
		const char *best;
		size_t n;

		opt_suggest_init(&sg, cases[i].word);
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++)
			opt_suggest_add(&sg, names[j], strlen(names[j]), names[j], strlen(names[j]));
		best = opt_suggest_best(&sg, &n);
		if (best)
			snprintf(got, sizeof(got), "%.*s", (int)n, best);
		is_str(best ? got : NULL, cases[i].want, "suggestion for '%s'", cases[i].word);
	}
}

static void test_help(void)
{
	const char *out;
	int longest = 0;

	capture_start(1);
	opt_print_help(&t_spec, 0);
	out = capture_end();
	ok(!strncmp(out, "Usage: kaf t [options] FILE...\n\nA command for tests.\n", 53),
	   "help starts with the usage line and the summary");
	ok(strstr(out, "  -c, --count N ") != NULL, "short, long and argument");
	ok(strstr(out, "      --max-bytes SIZE") != NULL, "long-only option is indented past the short");
	ok(strstr(out, "[default: 16KiB]") != NULL, "default shown");
	ok(strstr(out, "--[no-]idempotent") != NULL, "a flag that is on by default shows --[no-]");
	ok(strstr(out, "-o, --output text|jsonl") != NULL, "enum without an arg name shows its values");
	ok(!strstr(out, "secret") && !strstr(out, "max-message-size"), "hidden options and aliases left out");
	ok(strstr(out, "(repeatable)") != NULL, "repeatable marked");
	ok(strstr(out, "-h, --help") != NULL, "help option listed");
	ok(strstr(out, "Examples:\n  kaf t -a x\n") != NULL, "examples");
	ok(strstr(out, "some-rather-long-key-name \\\n      /a/rather/long/path/to/a/file.log\n") != NULL,
	   "a long example continues on the next line after a backslash");
	ok(strstr(out, "\nSee 'man kaf-t' for details.\n") != NULL, "man page pointer last");
	for (const char *l = out; *l;) {
		int n = (int)strcspn(l, "\n");
		if (n > longest)
			longest = n;
		l += n + (l[n] == '\n');
	}
	ok(longest <= 80, "help fits 80 columns (longest %d)", longest);

	capture_start(1);
	opt_print_help(&t_spec, 1);
	out = capture_end();
	ok(!strstr(out, "A command for tests") && !strstr(out, "how many") && !strstr(out, "Examples"),
	   "-h leaves out descriptions and examples");
	ok(strstr(out, "Usage: kaf t") && strstr(out, "  -c, --count N\n"), "-h keeps usage and options");

	{
		char *argv[] = { "t", "--help", NULL }, **operands;
		int n, rc;
		capture_start(1);
		rc = opt_parse(&t_spec, 2, argv, record, NULL, &operands, &n);
		out = capture_end();
		is_int(rc, OPT_PARSE_HELP, "--help returns OPT_PARSE_HELP even without operands");
		ok(!strncmp(out, "Usage: kaf t", 12), "--help printed the help on stdout");
	}
}

int main(void)
{
	test_grammars();
	test_parse();
	test_globals();
	test_options_first();
	test_suggest();
	test_help();
	return tap_done();
}
