/* Diagnostic lines: level filter and the sink the command layer installs. */
#include "core/base/say.h"

#include <stdarg.h>
#include <stdio.h>

static enum say_level say_threshold = SAY_INFO;
static say_sink_fn say_sink;

void say_set_level(enum say_level level)
{
	say_threshold = level;
}

enum say_level say_get_level(void)
{
	return say_threshold;
}

void say_set_sink(say_sink_fn sink)
{
	say_sink = sink;
}

const char *say_level_name(enum say_level level)
{
	static const char *const names[] = {
		[SAY_ERROR] = "error", [SAY_WARN] = "warn", [SAY_INFO] = "info",
		[SAY_DEBUG] = "debug", [SAY_TRACE] = "trace",
	};
	return level <= SAY_TRACE ? names[level] : "?";
}

void say(enum say_level level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (level > say_threshold)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (say_sink)
		say_sink(level, msg);
	else
		fprintf(stderr, "%s: %s\n", say_level_name(level), msg);
}
