/*
 * What every command shares: its entry point signature, the exit codes
 * (see kaf(1)) and the error/usage printers. Only cmd/ prints to users or
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

/*
 * A command's entry point: argv[0] is the command name ("dump-log"). It
 * returns its exit code and never calls exit(): main flushes and checks
 * stdout afterwards, so a full disk is reported and a reader that went away
 * ends quietly. While a command runs, a write to a stdout pipe whose reader
 * has gone ends the process with status 0 (SIGPIPE handler); a SIGPIPE from
 * anything else (a socket) is left to the caller as EPIPE. A command that
 * must clean up in that case sets SIGPIPE to SIG_IGN and checks
 * ferror(stdout) itself.
 */
typedef int (*cmd_fn)(int argc, char **argv);

int cmd_server(int argc, char **argv);
int cmd_topics(int argc, char **argv);
int cmd_produce(int argc, char **argv);
int cmd_consume(int argc, char **argv);
int cmd_groups(int argc, char **argv);
int cmd_perf(int argc, char **argv);
int cmd_dump_log(int argc, char **argv);
int cmd_completion(int argc, char **argv);	/* cmd/complete.c */

/*
 * Each command file exports its option table as <name>_spec; kaf.c refers
 * to the ones of commands still being written weakly, so help, completions
 * and the man-page check pick a table up as soon as its file is linked.
 */
extern const struct cmd_spec server_spec;
extern const struct cmd_spec dump_log_spec;
extern const struct cmd_spec completion_spec;

/* One row of kaf's command table (cmd/kaf.c). */
enum cmd_flags {
	CMD_HIDDEN = 1 << 0,	/* not in "kaf --help", --list-cmds or completions */
	CMD_META = 1 << 1,	/* about kaf itself (help, version): no kaf-X link */
};

struct cmd {
	const char *name;
	cmd_fn fn;			/* NULL: not implemented in this version */
	const struct cmd_spec *spec;	/* NULL until the command has an option table */
	const char *summary;		/* used while spec is NULL */
	const char *alias_of;		/* a hidden alias ("topic" -> "topics") */
	unsigned flags;
};

/* Ends with a row whose name is NULL. */
extern const struct cmd commands[];
/* kaf's own options (--help, --version, --list-cmds) as a spec without a name. */
extern const struct cmd_spec kaf_spec;
/* The row of a command or alias name, resolved to the real command; NULL if none. */
const struct cmd *cmd_find(const char *name);
/* The command's one-line summary. */
const char *cmd_summary(const struct cmd *c);

/*
 * Applies one of the options every command accepts (cmd_global_opts in
 * opt.h: -q, -v, -d, --color); opt_parse calls it. Returns 0, or prints a
 * usage error and returns EXIT_USAGE.
 */
int cmd_global_option(const struct cmd_spec *spec, int id, const char *arg);
/* Set the defaults (say level, sink, KAF_DEBUG) before any parsing. */
void cmd_globals_init(void);
/* The command being run, for the diagnostics sink ("kaf dump-log: ..."). */
void cmd_set_name(const char *name);
/* Whether --debug (or KAF_DEBUG) named this context or "all". */
int cmd_debug_on(const char *ctx);
/* Whether to colour what goes to fd: --color, NO_COLOR, TERM=dumb, isatty. */
int cmd_color(int fd);

/* "kaf <cmd>: error: <message>" on stderr; cmd NULL gives "kaf: error: ...". */
void cmd_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "kaf <cmd>: warning: <message>" on stderr. */
void cmd_warn(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Error, the usage line and "Try 'kaf <cmd> --help'." on stderr; returns
 * EXIT_USAGE. spec NULL is kaf itself.
 */
int cmd_usage_error(const struct cmd_spec *spec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
