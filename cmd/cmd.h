/*
 * What every command shares: its entry point signature, the exit codes
 * (CLI.md §3.6) and the error/usage printers. Only cmd/ prints to users or
 * exits.
 */
#ifndef KAF_CMD_CMD_H
#define KAF_CMD_CMD_H

struct cmd_spec;

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILED = 1,	/* the operation failed (a Kafka error, corrupt data) */
	EXIT_USAGE = 2,		/* bad flags, values or config; nothing was done */
	EXIT_NOTFOUND = 3,	/* a named topic, group, partition or file does not exist */
	EXIT_UNAVAILABLE = 4,	/* no broker reachable or timeout expired */
	EXIT_UNKNOWN_CMD = 127,	/* argv[0] = kaf-X with an X that is not a command */
};

/* A command's entry point: argv[0] is the command name ("dump-log"). */
typedef int (*cmd_fn)(int argc, char **argv);

int cmd_server(int argc, char **argv);
int cmd_topics(int argc, char **argv);
int cmd_produce(int argc, char **argv);
int cmd_consume(int argc, char **argv);
int cmd_groups(int argc, char **argv);
int cmd_dump_log(int argc, char **argv);

/* "kaf <cmd>: error: <message>" on stderr. */
void cmd_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "kaf <cmd>: warning: <message>" on stderr. */
void cmd_warn(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Error, the usage line and "Try 'kaf <cmd> --help'." on stderr; returns EXIT_USAGE. */
int cmd_usage_error(const struct cmd_spec *spec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
