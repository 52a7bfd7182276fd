/*
 * What every command shares at run time: the global options (-q, -v, -d,
 * --color) and their effect on the diagnostics level, the sink that turns
 * say_* lines into "kaf <cmd>: ..." messages, colour, and the error, warning
 * and usage-error printers.
 */
#include "cmd/cmd.h"

#include "cmd/opt.h"
#include "core/base/say.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { G_QUIET = 1, G_VERBOSE, G_DEBUG, G_COLOR };
enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

#define DEBUG_CONTEXTS "broker|protocol|metadata|group|fetch|produce|all"

const struct opt cmd_global_opts[] = {
	{ .id = G_QUIET, .short_name = 'q', .long_name = "quiet", .type = OPT_FLAG,
	  .help = "print errors only" },
	{ .id = G_VERBOSE, .short_name = 'v', .long_name = "verbose", .type = OPT_FLAG,
	  .help = "say more on stderr; -vv for more still", .repeatable = 1 },
	{ .id = G_DEBUG, .short_name = 'd', .long_name = "debug", .type = OPT_STRING,
	  .arg_name = "CTX,...", .values = DEBUG_CONTEXTS,
	  .help = "debug lines on stderr for these contexts: broker, protocol, metadata, group, "
		  "fetch, produce or all [env: KAF_DEBUG]" },
	{ .id = G_COLOR, .long_name = "color", .type = OPT_ENUM, .arg_name = "WHEN",
	  .values = "auto|always|never", .def = "auto",
	  .help = "colour the error prefix: auto, always or never (auto: on a terminal and "
		  "NO_COLOR unset)" },
	{ 0 }
};

static struct {
	const char *name;	/* command being run, NULL for kaf itself */
	int verbosity;		/* -1 quiet, 0 default, 1.. -v count */
	char debug[128];	/* "broker,fetch" */
	enum color_mode color;
} g;

static void apply_level(void)
{
	enum say_level level = SAY_WARN;

	if (g.verbosity < 0)
		level = SAY_ERROR;
	else if (g.verbosity == 1)
		level = SAY_INFO;
	else if (g.verbosity > 1)
		level = SAY_DEBUG;
	if (g.debug[0] && level < SAY_DEBUG)
		level = SAY_DEBUG;
	say_set_level(level);
}

/* Each word of a comma list must be a known context. */
static int set_debug(const char *list)
{
	for (const char *w = list; *w;) {
		size_t n = strcspn(w, ",");
		const char *c = DEBUG_CONTEXTS;
		int found = 0;
		while (*c && !found) {
			size_t m = strcspn(c, "|");
			found = m == n && !strncmp(c, w, n);
			c += m + (c[m] == '|');
		}
		if (!found || n == 0)
			return -1;
		w += n + (w[n] == ',');
	}
	if (strlen(list) >= sizeof(g.debug))
		return -1;
	strcpy(g.debug, list);
	return 0;
}

static void sink(enum say_level level, const char *msg)
{
	static const char *const prefix[] = {
		[SAY_ERROR] = "error: ", [SAY_WARN] = "warning: ", [SAY_INFO] = "",
		[SAY_DEBUG] = "debug: ", [SAY_TRACE] = "trace: ",
	};

	if (level == SAY_ERROR) {
		cmd_error(g.name, "%s", msg);
		return;
	}
	fprintf(stderr, "kaf%s%s: %s%s\n", g.name ? " " : "", g.name ? g.name : "",
		level <= SAY_TRACE ? prefix[level] : "", msg);
}

void cmd_globals_init(void)
{
	const char *d = getenv("KAF_DEBUG");

	g.name = NULL;
	g.verbosity = 0;
	g.debug[0] = 0;
	g.color = COLOR_AUTO;
	/* A bad KAF_DEBUG is ignored rather than failing every command. */
	if (d && *d && set_debug(d))
		g.debug[0] = 0;
	say_set_sink(sink);
	apply_level();
}

void cmd_set_name(const char *name)
{
	g.name = name;
}

int cmd_global_option(const struct cmd_spec *spec, int id, const char *arg)
{
	switch (id) {
	case G_QUIET:
		g.verbosity = arg ? 0 : -1;
		break;
	case G_VERBOSE:
		if (arg)
			g.verbosity = 0;
		else if (g.verbosity < 9)
			g.verbosity = g.verbosity < 0 ? 1 : g.verbosity + 1;
		break;
	case G_DEBUG:
		if (set_debug(arg))
			return cmd_usage_error(spec, "invalid value '%s' for --debug (a list of: %s)", arg,
					       "broker,protocol,metadata,group,fetch,produce,all");
		break;
	case G_COLOR:
		g.color = !strcmp(arg, "always") ? COLOR_ALWAYS
			: !strcmp(arg, "never") ? COLOR_NEVER : COLOR_AUTO;
		break;
	}
	apply_level();
	return 0;
}

int cmd_debug_on(const char *ctx)
{
	size_t n = strlen(ctx);

	for (const char *w = g.debug; *w;) {
		size_t m = strcspn(w, ",");
		if ((m == n && !strncmp(w, ctx, n)) || (m == 3 && !strncmp(w, "all", 3)))
			return 1;
		w += m + (w[m] == ',');
	}
	return 0;
}

int cmd_color(int fd)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (g.color != COLOR_AUTO)
		return g.color == COLOR_ALWAYS;
	if ((no && *no) || (term && !strcmp(term, "dumb")))
		return 0;
	return isatty(fd);
}

static void vreport(const char *cmd, const char *what, const char *color, const char *fmt,
		    va_list ap)
{
	int c = color && cmd_color(STDERR_FILENO);

	fprintf(stderr, "kaf%s%s: %s%s%s ", cmd ? " " : "", cmd ? cmd : "", c ? color : "", what,
		c ? "\033[0m" : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cmd_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, "error:", "\033[1;31m", fmt, ap);
	va_end(ap);
}

void cmd_warn(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, "warning:", NULL, fmt, ap);
	va_end(ap);
}

int cmd_usage_error(const struct cmd_spec *spec, const char *fmt, ...)
{
	const char *name = spec ? spec->name : NULL;
	va_list ap;

	va_start(ap, fmt);
	vreport(name, "error:", "\033[1;31m", fmt, ap);
	va_end(ap);
	opt_print_usage(stderr, spec);
	fprintf(stderr, "Try 'kaf%s%s --help'.\n", name ? " " : "", name ? name : "");
	return EXIT_USAGE;
}
