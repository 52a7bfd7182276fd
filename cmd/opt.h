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
#include <stdio.h>

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
	int64_t min, max;	/* OPT_INT, OPT_SIZE, OPT_DURATION range; both 0 = any */
};

struct cmd_spec {
	const char *name;	/* "dump-log"; a subcommand's is "topics create" */
	const char *summary;	/* one sentence, also the command list's line */
	const char *usage;	/* "[options] PATH..." */
	const struct opt *opts;	/* ends with { 0 } */
	const char *const *examples; /* NULL-terminated "kaf dump-log --deep 0000.log" */
	int min_operands;	/* fewer operands is a usage error */
	int max_operands;	/* -1 = any */
	/* Completion of operands: "file" (also when NULL), "dir", "command" or "none". */
	const char *operand_complete;
	/*
	 * Subcommands, NULL-terminated; each one's name is its whole path
	 * ("topics create"). Options of the parent end at its first operand.
	 */
	const struct cmd_spec *const *subs;
	int options_first;	/* options end at the first operand (dispatchers) */
	const char *man_page;	/* "kaf" for commands documented in kaf(1); NULL = kaf-NAME */
};

/*
 * The options every command accepts, anywhere before "--": -q, -v, -d,
 * --color (defined in cmd/cmd.c, applied by cmd_global_option).
 */
extern const struct opt cmd_global_opts[];

/* Called for each option in command-line order. Return 0, or non-zero to stop (usage error, message printed by the handler through cmd_usage_error). */
typedef int (*opt_handler)(void *ctx, int id, const char *arg);

/*
 * Parse argv[1..argc) (argv[0] is the command name) against spec. Options go
 * to handler; operands are collected in order into *operands (pointing into
 * argv, whose slots are reordered in place) and counted in *noperands.
 * Long options are never abbreviated. An option the command's table does not
 * know is looked up in the global table (cmd_global_opts: -q -v -d --color)
 * and applied there; the command's table wins when both define a name.
 * --help and -h (unless the table defines them) print help and return
 * OPT_PARSE_HELP (the command exits 0). Unknown options, missing or bad
 * arguments, too few or too many operands print "kaf <cmd>: error: ..."
 * with the usage line and a "Try 'kaf <cmd> --help'." hint on stderr and
 * return OPT_PARSE_USAGE (exit 2).
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

/* The pieces of the help text, for kaf's own help and the usage errors. */
void opt_print_usage(FILE *f, const struct cmd_spec *spec);	/* "Usage: kaf NAME USAGE" */
void opt_print_options(FILE *f, const struct opt *opts, int brief);
/*
 * Fill text into an 80-column paragraph indented by indent columns, the
 * first line starting at first_col; a '\x01' prints as a space that is
 * never broken.
 */
void opt_print_wrapped(FILE *f, const char *text, int indent, int first_col);

/*
 * "Did you mean" for a mistyped word: feed the candidates with
 * opt_suggest_add (name[0..len), and the answer to give when it is the
 * closest), then opt_suggest_best returns the answer or NULL when nothing is
 * close enough (edit distance of at most 2 counting swaps, or a prefix).
 */
struct opt_suggest {
	const char *word;
	const char *best;
	size_t best_len;
	size_t best_dist;
};
void opt_suggest_init(struct opt_suggest *s, const char *word);
void opt_suggest_add(struct opt_suggest *s, const char *name, size_t len, const char *answer,
		     size_t answer_len);
/* The answer, or NULL; *len receives its length. */
const char *opt_suggest_best(const struct opt_suggest *s, size_t *len);

#endif
