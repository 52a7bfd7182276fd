/*
 * Output shared by the client tools: the format names, one table of rows
 * printed as text, tsv or json from the same cells, and the small string
 * helpers the printers use.
 */
#ifndef KAF_CMD_TABLE_H
#define KAF_CMD_TABLE_H

#include <stdio.h>

#include "core/base/arena.h"
#include "core/codec/types.h"

/* --output: tables know text, tsv and json; record streams add jsonl. */
enum out_format { OUT_TEXT, OUT_TSV, OUT_JSON, OUT_JSONL };

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
void table_print(const struct table *t, enum out_format out, int no_headers);
/* A JSON array of objects, one per row. */
void table_json(const struct table *t, FILE *f);

void json_str(FILE *f, const char *s, int len);	/* len < 0: strlen */

/* printf into a malloc'd string kept by the table's caller. */
char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A kstr as a NUL-terminated string from a. */
char *kstr_dup(struct arena *a, struct kstr s);

#endif
