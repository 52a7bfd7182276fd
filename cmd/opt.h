/*
 * One option table per command. The same table drives parsing, --help and -h,
 * the man-page check and the shell completions, so there is no second list
 * to drift. Parsing follows GNU getopt_long rules: bundled short flags
 * (-abc), "-Xk=v" and "-X k=v", "--opt=v" and "--opt v", options after
 * operands, "--" ends options, "--no-FOO" for a boolean "--FOO".
 */
#ifndef KAF_CMD_OPT_H
#define KAF_CMD_OPT_H

#include <stdint.h>

enum opt_type {
	OPT_FLAG,	/* no argument; arg is NULL, or "0" for --no-FOO */
	OPT_STRING,	/* any text */
	OPT_INT,	/* integer, checked by the parser */
	OPT_SIZE,	/* 4096, 64KiB, 16MiB, 1GiB; arg given to the handler as text */
	OPT_DURATION,	/* 250ms 5s 2m 1h 1d, or a bare integer of ms */
	OPT_ENUM,	/* one of the '|'-separated words in values */
};

struct opt {
	int id;			/* passed to the command's handler; 0 ends the table */
	char short_name;	/* 0 = none */
	const char *long_name;
	enum opt_type type;
	const char *arg_name;	/* "SIZE", "FILE", ...; NULL for flags */
	const char *help;	/* one line */
	const char *def;	/* default shown in help, NULL = none */
	const char *values;	/* OPT_ENUM choices "text|jsonl"; completion hints */
	const char *aliases;	/* hidden long names, comma-separated ("print-data-log") */
	int hidden;		/* compatibility flags left out of --help */
	int repeatable;
	const char *complete;	/* completion of the argument: "file", "dir", NULL */
};

struct cmd_spec {
	const char *name;	/* "dump-log" */
	const char *summary;	/* one sentence, also the command list's line */
	const char *usage;	/* "[options] PATH..." */
	const struct opt *opts;	/* ends with { 0 } */
	const char *const *examples; /* NULL-terminated "kaf dump-log --deep 0000.log" */
	int min_operands;	/* fewer operands is a usage error */
	int max_operands;	/* -1 = any */
};

/* Called for each option in command-line order. Return 0, or non-zero to stop (usage error, message printed by the handler through cmd_usage_error). */
typedef int (*opt_handler)(void *ctx, int id, const char *arg);

/*
 * Parse argv[1..argc) (argv[0] is the command name) against spec. Options go
 * to handler; operands are collected in order into *operands (pointing into
 * argv) and counted in *noperands. --help and -h print help and return
 * OPT_PARSE_HELP (the command exits 0). Unknown options, missing or bad
 * arguments print "kaf <cmd>: error: ..." with the usage line and a
 * "Try 'kaf <cmd> --help'." hint on stderr and return OPT_PARSE_USAGE
 * (exit 2).
 */
#define OPT_PARSE_OK 0
#define OPT_PARSE_HELP 1
#define OPT_PARSE_USAGE 2
int opt_parse(const struct cmd_spec *spec, int argc, char **argv, opt_handler handler, void *ctx,
	      char ***operands, int *noperands);

/* Value grammars shared by every command. Return 0 or -1 on a bad value. */
int opt_parse_size(const char *s, int64_t *out);	/* 4096, 64KiB, 16MiB, 1GiB, 1k */
int opt_parse_duration_ms(const char *s, int64_t *out);	/* 250ms 5s 2m 1h 1d, bare = ms */
int opt_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* Full help (--help) or the short form (-h) of a command, on stdout. */
void opt_print_help(const struct cmd_spec *spec, int brief);

#endif
