/*
 * What the files of `kaf topics` share: the parsed common options, the
 * output table (text, tsv and json from the same rows) and the error
 * reporting that maps client and Kafka errors to exit codes.
 */
#ifndef KAF_CMD_TOPICS_H
#define KAF_CMD_TOPICS_H

#include <stdint.h>
#include <stdio.h>

#include "core/base/arena.h"
#include "core/codec/types.h"
#include "net/client/client.h"

enum topics_output { OUT_TEXT, OUT_TSV, OUT_JSON };

#define TOPICS_MAX_KV 64

struct cmd_spec;

struct topics_args {
	const char *cmd;		/* "topics create", for messages */
	const struct cmd_spec *spec;	/* for usage errors */
	const char *bootstrap;
	int64_t timeout_ms;
	enum topics_output output;
	int no_headers;
	int internal;			/* list: show internal topics */
	int names_only;
	int32_t partitions;		/* -1 = not given */
	int16_t replication;		/* -1 = not given */
	int if_exists, if_not_exists, dry_run;
	const char *at;			/* offsets --at */
	const char *kv[TOPICS_MAX_KV];	/* --config / --set K=V */
	int nkv;
	const char *del[TOPICS_MAX_KV];	/* config --delete K */
	int ndel;
	const char *action;		/* Kafka's --create etc.: the subcommand's name */
	const char *topics[TOPICS_MAX_KV];	/* Kafka's --topic */
	int ntopics;
};

/* ---- table output ---- */

#define TABLE_MAX_COLS 12

struct table {
	int ncols;
	const char *cols[TABLE_MAX_COLS];	/* "LOG-START-OFFSET"; json key is log_start_offset */
	unsigned numeric;			/* bit i: column i is an integer in json */
	unsigned boolean;			/* bit i: column i is true/false in json */
	int status_col;				/* json: non-OK rows get an "error" object; -1 none */
	int nrows, cap;
	char **cells;				/* nrows * ncols, malloc'd; NULL = "-" / null */
};

/* cols: a space-separated header list; a leading '#' marks an integer column, '?' a boolean. */
void table_init(struct table *t, const char *cols);
void table_release(struct table *t);
/* Append a row of ncols values (NULL = unknown). */
void table_add(struct table *t, ...);
/* text (aligned, header unless no_headers), or tsv ('-' for empty, no header). */
void table_print(const struct table *t, enum topics_output out, int no_headers);
/* A JSON array of objects, one per row. */
void table_json(const struct table *t, FILE *f);

void json_str(FILE *f, const char *s, int len);	/* len < 0: strlen */

/* printf into a malloc'd string kept by the table's caller. */
char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A kstr as a NUL-terminated string from a. */
char *kstr_dup(struct arena *a, struct kstr s);

/*
 * Report a client failure ("kaf topics X: error: no broker reachable ...")
 * and return its exit code: 4 for unavailable, 1 otherwise. In json mode
 * the error document goes to stdout too.
 */
int topics_client_fail(const struct topics_args *ta, struct client *c, int rc);

/* Open the client and fetch metadata for topics (n < 0: all). */
int topics_connect(const struct topics_args *ta, struct client *c);

int topics_describe(struct topics_args *ta, struct client *c, char **names, int n);
int topics_config(struct topics_args *ta, struct client *c, char **names, int n);
/* The --at grammar; 0 or -1. */
int topics_parse_at(const char *s, int64_t *ts);
int topics_offsets(struct topics_args *ta, struct client *c, char **names, int n);

#endif
