/*
 * The text output of `kaf consume`: compiling a -f template (tokens in
 * consume.h) and printing a record as the template, as Kafka's console
 * consumer prints it with --print-* (fields joined by the key separator:
 * CreateTime:MS, Partition:P, Offset:O, headers as k:v,k:v or NO_HEADERS,
 * key, value, then the line separator), or as the bare value.
 */
#include "cmd/consume.h"
#include "cmd/escape.h"

#include "core/record/batch.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void fmt_init(struct fmt *f)
{
	memset(f, 0, sizeof(*f));
	f->mode = FMT_VALUE;
	f->k.value = 1;
	f->delim = "\n";
	f->delim_len = 1;
	f->key_sep = "\t";
	f->key_sep_len = 1;
	f->headers_sep = ",";
}

static int add_token(struct fmt *f, enum fmt_kind kind, enum fmt_mod mod)
{
	if (f->ntok == FMT_MAX_TOKENS)
		return -1;
	f->tok[f->ntok++] = (struct fmt_token){ .kind = kind, .mod = mod };
	return 0;
}

static int add_lit(struct fmt *f, char c)
{
	if (f->lit_len == sizeof(f->lit))
		return -1;
	struct fmt_token *last = f->ntok ? &f->tok[f->ntok - 1] : NULL;
	if (!last || last->kind != FK_LIT) {
		if (add_token(f, FK_LIT, FM_NONE))
			return -1;
		last = &f->tok[f->ntok - 1];
		last->lit_off = f->lit_len;
	}
	f->lit[f->lit_len++] = c;
	last->lit_len++;
	return 0;
}

int fmt_parse(struct fmt *f, const char *tmpl, char *err, size_t errlen)
{
	const char *s = tmpl;

	f->mode = FMT_TEMPLATE;
	f->ntok = 0;
	f->lit_len = 0;
	while (*s) {
		size_t col = (size_t)(s - tmpl) + 1;
		if (*s == '\\') {
			int used, c = escape_decode_one(s + 1, &used);
			if (c < 0) {
				snprintf(err, errlen, "column %zu: unknown escape '\\%.1s' (\\n \\r \\t "
					 "\\\\ \\xNN)", col, s + 1);
				return -1;
			}
			if (add_lit(f, (char)c))
				goto too_long;
			s += 1 + used;
			continue;
		}
		if (*s != '%') {
			if (add_lit(f, *s++))
				goto too_long;
			continue;
		}
		char t = s[1];
		enum fmt_kind kind;
		int takes_mod = 0;
		s += 2;
		switch (t) {
		case '%':
			if (add_lit(f, '%'))
				goto too_long;
			continue;
		case 't': kind = FK_TOPIC; break;
		case 'p': kind = FK_PARTITION; break;
		case 'o': kind = FK_OFFSET; break;
		case 'k': kind = FK_KEY; takes_mod = 1; break;
		case 'K': kind = FK_KEY_LEN; break;
		case 's': case 'v': kind = FK_VALUE; takes_mod = 1; break;
		case 'S': kind = FK_VALUE_LEN; break;
		case 'R': kind = FK_VALUE_LEN_BE32; break;
		case 'T': kind = FK_TIMESTAMP; break;
		case 'D': kind = FK_DATE; break;
		case 'z': kind = FK_TS_TYPE; break;
		case 'h': kind = FK_HEADERS; takes_mod = 1; break;
		case 'H': kind = FK_HEADER_COUNT; break;
		case 'e': kind = FK_EPOCH; break;
		default:
			if (!t)
				snprintf(err, errlen, "column %zu: '%%' at the end (write %%%% for a '%%')",
					 col);
			else
				snprintf(err, errlen, "column %zu: unknown token '%%%c' (%%t %%p %%o %%k "
					 "%%K %%s %%S %%R %%T %%D %%z %%h %%H %%e %%%%)", col, t);
			return -1;
		}
		enum fmt_mod mod = FM_NONE;
		if (*s == '{') {
			const char *end = strchr(s, '}');
			size_t n = end ? (size_t)(end - s - 1) : 0;
			if (!end || !takes_mod) {
				snprintf(err, errlen, "column %zu: %s", col + 2, !end ?
					 "'{' without '}'" : "only %k, %s, %v and %h take {hex}, "
					 "{base64} or {json}");
				return -1;
			}
			if (n == 3 && !memcmp(s + 1, "hex", 3))
				mod = FM_HEX;
			else if (n == 6 && !memcmp(s + 1, "base64", 6))
				mod = FM_BASE64;
			else if (n == 4 && !memcmp(s + 1, "json", 4))
				mod = FM_JSON;
			else {
				snprintf(err, errlen, "column %zu: unknown modifier '{%.*s}' (hex, "
					 "base64, json)", col + 2, (int)n, s + 1);
				return -1;
			}
			s = end + 1;
		}
		if (add_token(f, kind, mod))
			goto too_long;
	}
	return 0;
too_long:
	snprintf(err, errlen, "the format is too long");
	return -1;
}

/* ---- printing ---- */

static void put_s(FILE *o, const char *s, size_t n)
{
	fwrite_unlocked(s, 1, n, o);
}

/* Key, value or a header value: null literal, or the bytes as mod says. */
static void put_field(FILE *o, struct rj_bytes b, enum fmt_mod mod, const char *null_lit)
{
	if (b.len < 0) {
		if (mod == FM_JSON)
			put_s(o, "null", 4);
		else if (null_lit)
			put_s(o, null_lit, strlen(null_lit));
		return;
	}
	const uint8_t *p = b.p ? b.p : (const uint8_t *)"";
	switch (mod) {
	case FM_NONE: fwrite_unlocked(p, 1, (size_t)b.len, o); break;
	case FM_HEX: rjw_put_hex(o, p, (size_t)b.len); break;
	case FM_BASE64: rjw_put_base64(o, p, (size_t)b.len); break;
	case FM_JSON: rjw_put_json_string(o, p, (size_t)b.len); break;
	}
}

static void put_date(FILE *o, int64_t ms)
{
	char b[40];
	time_t s = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;

	gmtime_r(&s, &tm);
	size_t n = strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(b + n, sizeof(b) - n, ".%03dZ", (int)(ms - (int64_t)s * 1000));
	put_s(o, b, n);
}

/* Walk the headers: 1 with *h filled, 0 at the end (or on a corrupt area). */
static int next_header(const struct fmt_record *r, size_t *cur, struct record_header *h)
{
	struct record rec = { .headers = r->headers, .headers_len = r->headers_len,
			      .header_count = r->header_count };
	return record_header_next(&rec, cur, h) == 1;
}

static struct rj_bytes hval(const struct record_header *h)
{
	return (struct rj_bytes){ h->value, h->value_len };
}

/* kcat's %h: name=value,... ; {json}: the jsonl headers array. */
static void put_headers(FILE *o, const struct fmt *f, const struct fmt_record *r,
			enum fmt_mod mod)
{
	struct record_header h;
	size_t cur = 0;
	int i = 0;

	if (mod == FM_JSON) {
		putc_unlocked('[', o);
		for (; next_header(r, &cur, &h); i++) {
			put_s(o, i ? ",{\"key\":" : "{\"key\":", i ? 8 : 7);
			rjw_put_json_string(o, h.key, h.key_len > 0 ? (size_t)h.key_len : 0);
			put_s(o, ",\"value\":", 9);
			put_field(o, hval(&h), FM_JSON, NULL);
			putc_unlocked('}', o);
		}
		putc_unlocked(']', o);
		return;
	}
	for (; next_header(r, &cur, &h); i++) {
		if (i)
			putc_unlocked(',', o);
		fwrite_unlocked(h.key, 1, h.key_len > 0 ? (size_t)h.key_len : 0, o);
		putc_unlocked('=', o);
		put_field(o, hval(&h), mod, f->null_literal ? f->null_literal : "");
	}
}

static void write_template(FILE *o, const struct fmt *f, const struct fmt_record *r)
{
	const char *nl = f->null_literal ? f->null_literal : "";

	for (int i = 0; i < f->ntok; i++) {
		const struct fmt_token *t = &f->tok[i];
		enum fmt_mod mod = t->mod != FM_NONE ? t->mod : f->enc;
		switch (t->kind) {
		case FK_LIT: put_s(o, f->lit + t->lit_off, t->lit_len); break;
		case FK_TOPIC: put_s(o, r->topic, strlen(r->topic)); break;
		case FK_PARTITION: rjw_put_i64(o, r->partition); break;
		case FK_OFFSET: rjw_put_i64(o, r->offset); break;
		case FK_KEY: put_field(o, r->key, mod, nl); break;
		case FK_KEY_LEN: rjw_put_i64(o, r->key.len); break;
		case FK_VALUE: put_field(o, r->value, mod, nl); break;
		case FK_VALUE_LEN: rjw_put_i64(o, r->value.len); break;
		case FK_VALUE_LEN_BE32: {
			uint32_t v = (uint32_t)r->value.len;
			char b[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };
			put_s(o, b, 4);
			break;
		}
		case FK_TIMESTAMP: rjw_put_i64(o, r->timestamp); break;
		case FK_DATE: put_date(o, r->timestamp); break;
		case FK_TS_TYPE:
			put_s(o, r->log_append_time ? "log_append" : "create",
			      r->log_append_time ? 10 : 6);
			break;
		case FK_HEADERS: put_headers(o, f, r, mod); break;
		case FK_HEADER_COUNT: rjw_put_i64(o, r->header_count); break;
		case FK_EPOCH: rjw_put_i64(o, r->leader_epoch); break;
		}
	}
}

/* Kafka's DefaultMessageFormatter: each field, then the separator if more follow. */
static void write_kafka(FILE *o, const struct fmt *f, const struct fmt_record *r)
{
	const struct fmt_kafka *k = &f->k;
	const char *nl = f->null_literal ? f->null_literal : "null";
	int more;

#define SEP(cond) do { if (cond) put_s(o, f->key_sep, f->key_sep_len); } while (0)
	if (k->timestamp) {
		if (r->timestamp >= 0) {
			put_s(o, r->log_append_time ? "LogAppendTime:" : "CreateTime:",
			      r->log_append_time ? 14 : 11);
			rjw_put_i64(o, r->timestamp);
		} else {
			put_s(o, "NO_TIMESTAMP", 12);
		}
		SEP(k->partition || k->offset || k->headers || k->key || k->value);
	}
	if (k->partition) {
		put_s(o, "Partition:", 10);
		rjw_put_i64(o, r->partition);
		SEP(k->offset || k->headers || k->key || k->value);
	}
	if (k->offset) {
		put_s(o, "Offset:", 7);
		rjw_put_i64(o, r->offset);
		SEP(k->headers || k->key || k->value);
	}
	if (k->headers) {
		struct record_header h;
		size_t cur = 0;
		more = 0;
		while (next_header(r, &cur, &h)) {
			if (more)
				put_s(o, f->headers_sep, strlen(f->headers_sep));
			fwrite_unlocked(h.key, 1, h.key_len > 0 ? (size_t)h.key_len : 0, o);
			putc_unlocked(':', o);
			put_field(o, hval(&h), f->enc, nl);
			more = 1;
		}
		if (!more)
			put_s(o, "NO_HEADERS", 10);
		SEP(k->key || k->value);
	}
	if (k->key) {
		put_field(o, r->key, f->enc, nl);
		SEP(k->value);
	}
	if (k->value) {
		put_field(o, r->value, f->enc, nl);
		put_s(o, f->delim, f->delim_len);
	}
#undef SEP
}

void fmt_write(FILE *o, const struct fmt *f, const struct fmt_record *r)
{
	switch (f->mode) {
	case FMT_TEMPLATE:
		write_template(o, f, r);
		break;
	case FMT_KAFKA:
		write_kafka(o, f, r);
		break;
	case FMT_VALUE:
		put_field(o, r->value, f->enc, f->null_literal ? f->null_literal : "");
		put_s(o, f->delim, f->delim_len);
		break;
	}
}
