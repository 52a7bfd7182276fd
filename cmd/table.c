/*
 * The tools' tables: rows printed as aligned text (two spaces between
 * columns, upper-case headers, '-' for unknown), as tsv (no header, '-' for
 * empty) or as a json array of objects whose keys are the headers in
 * snake_case.
 */
#include "cmd/table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *xfmt(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

char *kstr_dup(struct arena *a, struct kstr s)
{
	size_t n = s.len > 0 ? (size_t)s.len : 0;
	char *p = arena_alloc(a, n + 1);

	if (n)
		memcpy(p, s.p, n);
	p[n] = 0;
	return p;
}

void table_init(struct table *t, const char *cols)
{
	memset(t, 0, sizeof(*t));
	t->status_col = -1;
	for (const char *w = cols; *w && t->ncols < TABLE_MAX_COLS;) {
		while (*w == ' ')
			w++;
		if (!*w)
			break;
		if (*w == '#') {
			t->numeric |= 1u << t->ncols;
			w++;
		} else if (*w == '?') {
			t->boolean |= 1u << t->ncols;
			w++;
		}
		size_t n = strcspn(w, " ");
		if (n == 6 && !strncmp(w, "STATUS", 6))
			t->status_col = t->ncols;
		t->cols[t->ncols++] = w;
		w += n;
	}
}

void table_release(struct table *t)
{
	for (int i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

void table_add(struct table *t, ...)
{
	va_list ap;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = realloc(t->cells, sizeof(*t->cells) * (size_t)(t->cap * t->ncols));
		if (!t->cells)
			abort();
	}
	va_start(ap, t);
	for (int i = 0; i < t->ncols; i++) {
		const char *v = va_arg(ap, const char *);
		t->cells[t->nrows * t->ncols + i] = v ? xfmt("%s", v) : NULL;
	}
	va_end(ap);
	t->nrows++;
}

/* The header word of column i (up to the next space). */
static int col_len(const struct table *t, int i)
{
	return (int)strcspn(t->cols[i], " ");
}

void table_print(const struct table *t, enum out_format out, int no_headers)
{
	int w[TABLE_MAX_COLS];

	if (out == OUT_TSV) {
		for (int r = 0; r < t->nrows; r++)
			for (int i = 0; i < t->ncols; i++) {
				const char *v = t->cells[r * t->ncols + i];
				printf("%s%c", v && *v ? v : "-", i + 1 == t->ncols ? '\n' : '\t');
			}
		return;
	}
	for (int i = 0; i < t->ncols; i++) {
		w[i] = no_headers ? 0 : col_len(t, i);
		for (int r = 0; r < t->nrows; r++) {
			const char *v = t->cells[r * t->ncols + i];
			int n = v && *v ? (int)strlen(v) : 1;
			if (n > w[i])
				w[i] = n;
		}
	}
	if (!no_headers)
		for (int i = 0; i < t->ncols; i++) {
			if (i + 1 == t->ncols)
				printf("%.*s\n", col_len(t, i), t->cols[i]);
			else
				printf("%-*.*s  ", w[i], col_len(t, i), t->cols[i]);
		}
	for (int r = 0; r < t->nrows; r++)
		for (int i = 0; i < t->ncols; i++) {
			const char *v = t->cells[r * t->ncols + i];
			v = v && *v ? v : "-";
			if (i + 1 == t->ncols)
				printf("%s\n", v);
			else
				printf("%-*s  ", w[i], v);
		}
}

void json_str(FILE *f, const char *s, int len)
{
	size_t n = len < 0 ? strlen(s) : (size_t)len;

	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch == '\t')
			fputs("\\t", f);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void json_key(FILE *f, const struct table *t, int i)
{
	fputc('"', f);
	for (int k = 0; k < col_len(t, i); k++) {
		char ch = t->cols[i][k];
		fputc(ch == '-' ? '_' : ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch, f);
	}
	fputs("\":", f);
}

void table_json(const struct table *t, FILE *f)
{
	fputc('[', f);
	for (int r = 0; r < t->nrows; r++) {
		char **row = t->cells + r * t->ncols;
		fputs(r ? ",{" : "{", f);
		for (int i = 0; i < t->ncols; i++) {
			if (i)
				fputc(',', f);
			json_key(f, t, i);
			if (!row[i])
				fputs("null", f);
			else if ((t->numeric | t->boolean) & (1u << i))
				fputs(row[i], f);
			else
				json_str(f, row[i], -1);
		}
		if (t->status_col >= 0 && row[t->status_col] && strcmp(row[t->status_col], "OK") &&
		    strcmp(row[t->status_col], "SKIPPED")) {
			const char *msg = t->status_col + 1 < t->ncols ? row[t->status_col + 1] : NULL;
			fputs(",\"error\":{\"code\":", f);
			json_str(f, row[t->status_col], -1);
			fputs(",\"message\":", f);
			if (msg)
				json_str(f, msg, -1);
			else
				fputs("null", f);
			fputc('}', f);
		}
		fputc('}', f);
	}
	fputc(']', f);
}
