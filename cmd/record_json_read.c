/*
 * Reading one JSON-lines record (the shape is in record_json.h): a small
 * JSON parser for one object per line, strings unescaped into the arena
 * (\uXXXX and surrogate pairs to UTF-8), "*_encoding" applied once the
 * whole object is read, so its place among the keys does not matter.
 * Keys it does not know are skipped whatever their value.
 */
#include "cmd/record_json.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct jp {
	const char *s, *p, *end;
	struct arena *a;
	char *err;
	size_t errlen;
	int depth;
};

#define RJ_MAX_DEPTH 32
#define RJ_MAX_HEADERS 100000

static int fail(struct jp *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct jp *j, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (j->err && j->errlen)
		snprintf(j->err, j->errlen, "column %zu: %s", (size_t)(j->p - j->s) + 1, what);
	return -1;
}

static void ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

static int expect(struct jp *j, char c)
{
	ws(j);
	if (j->p >= j->end || *j->p != c)
		return fail(j, "expected '%c'", c);
	j->p++;
	return 0;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(uint8_t *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (uint8_t)(0xc0 | cp >> 6);
		o[1] = (uint8_t)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (uint8_t)(0xe0 | cp >> 12);
		o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (uint8_t)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (uint8_t)(0xf0 | cp >> 18);
	o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (uint8_t)(0x80 | (cp & 0x3f));
	return 4;
}

/* A JSON string at j->p (after whitespace), unescaped; out may be NULL to skip. */
static int string(struct jp *j, struct rj_bytes *out)
{
	ws(j);
	if (j->p >= j->end || *j->p != '"')
		return fail(j, "expected a string");
	const char *q = ++j->p;
	/* Unescaped text is never longer than its escaped form. */
	while (q < j->end && *q != '"') {
		if (*q == '\\')
			q++;
		q++;
	}
	if (q >= j->end)
		return fail(j, "unterminated string");
	uint8_t *o = out ? arena_alloc(j->a, (size_t)(q - j->p) + 1) : NULL;
	size_t n = 0;
	while (*j->p != '"') {
		unsigned char c = (unsigned char)*j->p;
		if (c < 0x20)
			return fail(j, "control character in a string");
		if (c != '\\') {
			if (o)
				o[n] = c;
			n++;
			j->p++;
			continue;
		}
		char e = j->p[1];
		j->p += 2;
		unsigned cp;
		switch (e) {
		case '"': cp = '"'; break;
		case '\\': cp = '\\'; break;
		case '/': cp = '/'; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (j->end - j->p < 4 || hex4(j->p, &cp))
				return fail(j, "bad \\u escape");
			j->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 6 && j->p[0] == '\\' &&
			    j->p[1] == 'u') {
				unsigned lo;
				if (!hex4(j->p + 2, &lo) && lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					j->p += 6;
				}
			}
			break;
		default:
			j->p--;
			return fail(j, "bad escape '\\%c'", e);
		}
		/* A \u escape of 6 bytes yields at most 3, a pair of 12 at most 4. */
		uint8_t tmp[4];
		size_t k = put_utf8(tmp, cp);
		if (o)
			memcpy(o + n, tmp, k);
		n += k;
	}
	j->p++;
	if (out) {
		out->p = o;
		out->len = (int32_t)n;
	}
	return 0;
}

static int literal(struct jp *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n))
		return fail(j, "unexpected character");
	j->p += n;
	return 0;
}

static int number(struct jp *j, int64_t *out)
{
	ws(j);
	const char *q = j->p;
	int neg = 0;
	uint64_t v = 0;
	if (q < j->end && *q == '-')
		neg = 1, q++;
	if (q >= j->end || *q < '0' || *q > '9')
		return fail(j, "expected a number");
	while (q < j->end && *q >= '0' && *q <= '9') {
		if (v > (uint64_t)INT64_MAX / 10)
			return fail(j, "number out of range");
		v = v * 10 + (uint64_t)(*q++ - '0');
	}
	if (q < j->end && (*q == '.' || *q == 'e' || *q == 'E'))
		return fail(j, "expected an integer");
	if (v > (uint64_t)INT64_MAX)
		return fail(j, "number out of range");
	j->p = q;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

/* Skip any JSON value. */
static int skip(struct jp *j)
{
	ws(j);
	if (j->p >= j->end)
		return fail(j, "expected a value");
	char c = *j->p;
	if (c == '"')
		return string(j, NULL);
	if (c == 't')
		return literal(j, "true");
	if (c == 'f')
		return literal(j, "false");
	if (c == 'n')
		return literal(j, "null");
	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';
		if (++j->depth > RJ_MAX_DEPTH)
			return fail(j, "nested too deep");
		j->p++;
		ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			j->depth--;
			return 0;
		}
		for (;;) {
			if (c == '{' && (string(j, NULL) || expect(j, ':')))
				return -1;
			if (skip(j))
				return -1;
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (expect(j, close))
				return -1;
			j->depth--;
			return 0;
		}
	}
	/* A number, any form. */
	const char *q = j->p;
	while (q < j->end && strchr("+-0123456789.eE", *q))
		q++;
	if (q == j->p)
		return fail(j, "unexpected character");
	j->p = q;
	return 0;
}

/* A string or null. */
static int bytes_or_null(struct jp *j, struct rj_bytes *out)
{
	ws(j);
	if (j->p < j->end && *j->p == 'n') {
		out->p = NULL;
		out->len = -1;
		return literal(j, "null");
	}
	return string(j, out);
}

/* "base64", "hex" or absent (utf8, "text", "string"). */
static int encoding(struct jp *j, enum rj_encoding *e)
{
	struct rj_bytes s;
	const char *at = j->p;
	if (bytes_or_null(j, &s))
		return -1;
	if (s.len < 0 || (s.len == 4 && !memcmp(s.p, "utf8", 4)) ||
	    (s.len == 5 && !memcmp(s.p, "utf-8", 5)) || (s.len == 4 && !memcmp(s.p, "text", 4)) ||
	    (s.len == 6 && !memcmp(s.p, "string", 6)))
		*e = RJ_AUTO;
	else if (s.len == 6 && !memcmp(s.p, "base64", 6))
		*e = RJ_BASE64;
	else if (s.len == 3 && !memcmp(s.p, "hex", 3))
		*e = RJ_HEX;
	else {
		j->p = at;
		return fail(j, "unknown encoding '%.*s' (base64, hex)", s.len, (const char *)s.p);
	}
	return 0;
}

static int b64_val(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

static int hex_val(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode b in place (the output is never longer). */
static int decode(struct jp *j, struct rj_bytes *b, enum rj_encoding e, const char *field)
{
	if (e == RJ_AUTO || b->len < 0)
		return 0;
	uint8_t *o = (uint8_t *)b->p;
	size_t n = 0;
	if (e == RJ_HEX) {
		if (b->len % 2)
			return fail(j, "%s: odd number of hex digits", field);
		for (int32_t i = 0; i < b->len; i += 2) {
			int hi = hex_val(b->p[i]), lo = hex_val(b->p[i + 1]);
			if (hi < 0 || lo < 0)
				return fail(j, "%s: not hex", field);
			o[n++] = (uint8_t)(hi << 4 | lo);
		}
	} else {
		uint32_t acc = 0;
		int bits = 0;
		int32_t i = 0;
		for (; i < b->len && b->p[i] != '='; i++) {
			int v = b64_val(b->p[i]);
			if (v < 0)
				return fail(j, "%s: not base64", field);
			acc = acc << 6 | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				o[n++] = (uint8_t)(acc >> bits);
			}
		}
		for (; i < b->len; i++)
			if (b->p[i] != '=')
				return fail(j, "%s: not base64", field);
	}
	b->len = (int32_t)n;
	return 0;
}

static int key_is(const struct rj_bytes *k, const char *s)
{
	size_t n = strlen(s);
	return k->len == (int32_t)n && !memcmp(k->p, s, n);
}

/* One header object: {"key":..., "value":..., "value_encoding":...}. */
static int header(struct jp *j, struct rj_header *h)
{
	enum rj_encoding ke = RJ_AUTO, ve = RJ_AUTO;
	h->key.p = (const uint8_t *)"";
	h->key.len = 0;
	h->value.p = NULL;
	h->value.len = -1;
	if (expect(j, '{'))
		return -1;
	ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return 0;
	}
	for (;;) {
		struct rj_bytes k;
		if (string(j, &k) || expect(j, ':'))
			return -1;
		int rc;
		if (key_is(&k, "key"))
			rc = bytes_or_null(j, &h->key);
		else if (key_is(&k, "value"))
			rc = bytes_or_null(j, &h->value);
		else if (key_is(&k, "key_encoding"))
			rc = encoding(j, &ke);
		else if (key_is(&k, "value_encoding"))
			rc = encoding(j, &ve);
		else
			rc = skip(j);
		if (rc)
			return -1;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (expect(j, '}'))
			return -1;
		break;
	}
	if (h->key.len < 0) {
		h->key.p = (const uint8_t *)"";
		h->key.len = 0;
	}
	return decode(j, &h->key, ke, "header key") || decode(j, &h->value, ve, "header value")
		       ? -1 : 0;
}

static int headers(struct jp *j, struct rj_record *r)
{
	ws(j);
	if (j->p < j->end && *j->p == 'n')
		return literal(j, "null");
	if (expect(j, '['))
		return -1;
	/* Count the objects first: an upper bound from the '{' characters. */
	size_t cap = 0;
	for (const char *q = j->p; q < j->end; q++)
		cap += *q == '{';
	if (cap > RJ_MAX_HEADERS)
		cap = RJ_MAX_HEADERS;
	r->headers = arena_alloc(j->a, (cap ? cap : 1) * sizeof(*r->headers));
	r->nheaders = 0;
	ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return 0;
	}
	for (;;) {
		if ((size_t)r->nheaders >= cap)
			return fail(j, "too many headers");
		if (header(j, &r->headers[r->nheaders]))
			return -1;
		r->nheaders++;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		return expect(j, ']');
	}
}

static int int_field(struct jp *j, int64_t *v, int64_t null_value)
{
	ws(j);
	if (j->p < j->end && *j->p == 'n') {
		*v = null_value;
		return literal(j, "null");
	}
	return number(j, v);
}

static int field(struct jp *j, const struct rj_bytes *k, struct rj_record *r,
		 enum rj_encoding *ke, enum rj_encoding *ve)
{
	int64_t v;
	if (key_is(k, "key"))
		return bytes_or_null(j, &r->key);
	if (key_is(k, "value"))
		return bytes_or_null(j, &r->value);
	if (key_is(k, "key_encoding"))
		return encoding(j, ke);
	if (key_is(k, "value_encoding"))
		return encoding(j, ve);
	if (key_is(k, "headers"))
		return headers(j, r);
	if (key_is(k, "topic")) {
		struct rj_bytes t;
		if (bytes_or_null(j, &t))
			return -1;
		if (t.len >= 0) {
			char *s = arena_alloc(j->a, (size_t)t.len + 1);
			memcpy(s, t.p, (size_t)t.len);
			s[t.len] = 0;
			r->topic = s;
		}
		return 0;
	}
	if (key_is(k, "partition")) {
		if (int_field(j, &v, -1))
			return -1;
		if (v < -1 || v > INT32_MAX)
			return fail(j, "partition out of range");
		r->partition = (int32_t)v;
		return 0;
	}
	if (key_is(k, "offset"))
		return int_field(j, &r->offset, -1);
	if (key_is(k, "timestamp"))
		return int_field(j, &r->timestamp, -1);
	if (key_is(k, "leader_epoch")) {
		if (int_field(j, &v, -1))
			return -1;
		r->leader_epoch = v < INT32_MIN || v > INT32_MAX ? -1 : (int32_t)v;
		return 0;
	}
	if (key_is(k, "timestamp_type")) {
		struct rj_bytes t;
		if (bytes_or_null(j, &t))
			return -1;
		r->log_append_time = t.len == 10 && !memcmp(t.p, "log_append", 10);
		return 0;
	}
	return skip(j);
}

int rj_parse(const char *line, size_t len, struct rj_record *r, struct arena *a, char *err,
	     size_t errlen)
{
	struct jp j = { .s = line, .p = line, .end = line + len, .a = a, .err = err,
			.errlen = errlen };
	enum rj_encoding ke = RJ_AUTO, ve = RJ_AUTO;
	int have_value = 0;

	memset(r, 0, sizeof(*r));
	r->partition = -1;
	r->offset = -1;
	r->timestamp = -1;
	r->leader_epoch = -1;
	r->key.len = -1;
	r->value.len = -1;
	if (expect(&j, '{'))
		return -1;
	ws(&j);
	if (j.p < j.end && *j.p == '}') {
		j.p++;
	} else {
		for (;;) {
			struct rj_bytes k;
			if (string(&j, &k) || expect(&j, ':'))
				return -1;
			have_value |= key_is(&k, "value");
			if (field(&j, &k, r, &ke, &ve))
				return -1;
			ws(&j);
			if (j.p < j.end && *j.p == ',') {
				j.p++;
				continue;
			}
			if (expect(&j, '}'))
				return -1;
			break;
		}
	}
	ws(&j);
	if (j.p != j.end)
		return fail(&j, "text after the object");
	if (!have_value)
		return fail(&j, "no \"value\"");
	if (decode(&j, &r->key, ke, "key") || decode(&j, &r->value, ve, "value"))
		return -1;
	return 0;
}
