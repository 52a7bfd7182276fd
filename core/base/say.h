/*
 * Diagnostics of the core and the network layer. Lines go to a sink that the
 * command layer installs (the broker's structured stderr log, or the tools'
 * "kaf: ..." messages); without one they go to stderr as "level: text".
 * The level threshold is set once at start-up by the command layer.
 */
#ifndef KAF_BASE_SAY_H
#define KAF_BASE_SAY_H

enum say_level { SAY_ERROR, SAY_WARN, SAY_INFO, SAY_DEBUG, SAY_TRACE };

typedef void (*say_sink_fn)(enum say_level level, const char *msg);

void say_set_level(enum say_level level);
void say_set_sink(say_sink_fn sink);
enum say_level say_get_level(void);
const char *say_level_name(enum say_level level);

void say(enum say_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define say_error(...) say(SAY_ERROR, __VA_ARGS__)
#define say_warn(...) say(SAY_WARN, __VA_ARGS__)
#define say_info(...) say(SAY_INFO, __VA_ARGS__)
#define say_debug(...) say(SAY_DEBUG, __VA_ARGS__)

#endif
