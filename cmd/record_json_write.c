/*
 * Writing records as JSON lines (record_json.h) and the byte encoders the
 * consume formats share with it: JSON string escaping, UTF-8 validation,
 * base64 and hex. Output goes through unlocked stdio; a record costs no
 * allocation.
 */
#include "cmd/record_json.h"

#include "cmd/consume.h"

#include <string.h>

int rjw_utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		/* Runs of ASCII eight at a time: the common case. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		uint8_t c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		uint32_t cp;
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and code points past U+10FFFF. */
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

static const char hexdig[] = "0123456789abcdef";

void rjw_put_json_chars(FILE *f, const uint8_t *p, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		if (i > run)
			fwrite_unlocked(p + run, 1, i - run, f);
		run = i + 1;
		char esc[7] = { '\\', 0 };
		size_t el = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hexdig[c >> 4];
			esc[5] = hexdig[c & 15];
			el = 6;
		}
		fwrite_unlocked(esc, 1, el, f);
	}
	if (n > run)
		fwrite_unlocked(p + run, 1, n - run, f);
}

void rjw_put_base64(FILE *f, const uint8_t *p, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[4 * 256];
	size_t o = 0, i = 0;

	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = b64[(v >> 6) & 63];
		out[o++] = b64[v & 63];
		if (o == sizeof(out)) {
			fwrite_unlocked(out, 1, o, f);
			o = 0;
		}
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	fwrite_unlocked(out, 1, o, f);
}

void rjw_put_hex(FILE *f, const uint8_t *p, size_t n)
{
	char out[512];
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		out[o++] = hexdig[p[i] >> 4];
		out[o++] = hexdig[p[i] & 15];
		if (o == sizeof(out)) {
			fwrite_unlocked(out, 1, o, f);
			o = 0;
		}
	}
	fwrite_unlocked(out, 1, o, f);
}

void rjw_put_i64(FILE *f, int64_t v)
{
	char b[24];
	int i = sizeof(b);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		b[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		b[--i] = '-';
	fwrite_unlocked(b + i, 1, sizeof(b) - (size_t)i, f);
}

static void put_str(FILE *f, const char *s)
{
	fwrite_unlocked(s, 1, strlen(s), f);
}

/*
 * ,"<name>":<string or null> and, when not plain text, ,"<name>_encoding":"..".
 * enc_name is the key of the encoding field ("key_encoding").
 */
static void put_bytes_field(FILE *f, const char *name, const char *enc_name,
			    struct rj_bytes b, enum rj_encoding enc)
{
	put_str(f, name);
	if (b.len < 0) {
		put_str(f, "null");
		return;
	}
	const uint8_t *p = b.p ? b.p : (const uint8_t *)"";
	size_t n = (size_t)b.len;
	if (enc == RJ_AUTO && !rjw_utf8_valid(p, n))
		enc = RJ_BASE64;
	putc_unlocked('"', f);
	if (enc == RJ_AUTO)
		rjw_put_json_chars(f, p, n);
	else if (enc == RJ_BASE64)
		rjw_put_base64(f, p, n);
	else
		rjw_put_hex(f, p, n);
	putc_unlocked('"', f);
	if (enc != RJ_AUTO) {
		put_str(f, enc_name);
		put_str(f, enc == RJ_BASE64 ? "\"base64\"" : "\"hex\"");
	}
}

void rj_write(FILE *f, const struct rj_record *r, enum rj_encoding enc)
{
	int sep = 0;

	putc_unlocked('{', f);
	if (r->topic) {
		put_str(f, "\"topic\":");
		rjw_put_json_string(f, (const uint8_t *)r->topic, strlen(r->topic));
		sep = 1;
	}
	if (r->partition >= 0) {
		put_str(f, sep ? ",\"partition\":" : "\"partition\":");
		rjw_put_i64(f, r->partition);
		sep = 1;
	}
	if (r->offset >= 0) {
		put_str(f, sep ? ",\"offset\":" : "\"offset\":");
		rjw_put_i64(f, r->offset);
		sep = 1;
	}
	if (r->timestamp >= 0) {
		put_str(f, sep ? ",\"timestamp\":" : "\"timestamp\":");
		rjw_put_i64(f, r->timestamp);
		put_str(f, r->log_append_time ? ",\"timestamp_type\":\"log_append\"" :
					      ",\"timestamp_type\":\"create\"");
		sep = 1;
	}
	if (sep || r->leader_epoch >= 0) {
		put_str(f, sep ? ",\"leader_epoch\":" : "\"leader_epoch\":");
		if (r->leader_epoch >= 0)
			rjw_put_i64(f, r->leader_epoch);
		else
			put_str(f, "null");
		sep = 1;
	}
	put_bytes_field(f, sep ? ",\"key\":" : "\"key\":", ",\"key_encoding\":", r->key, enc);
	put_bytes_field(f, ",\"value\":", ",\"value_encoding\":", r->value, enc);
	put_str(f, ",\"headers\":[");
	for (int i = 0; i < r->nheaders; i++) {
		const struct rj_header *h = &r->headers[i];
		put_str(f, i ? ",{\"key\":" : "{\"key\":");
		rjw_put_json_string(f, h->key.p ? h->key.p : (const uint8_t *)"",
				    h->key.len > 0 ? (size_t)h->key.len : 0);
		put_bytes_field(f, ",\"value\":", ",\"value_encoding\":", h->value, enc);
		putc_unlocked('}', f);
	}
	put_str(f, "]}\n");
}

void rjw_put_json_string(FILE *f, const uint8_t *p, size_t n)
{
	putc_unlocked('"', f);
	if (rjw_utf8_valid(p, n)) {
		rjw_put_json_chars(f, p, n);
	} else {
		/* Not text: each byte that is not valid UTF-8 becomes U+00XX (Latin-1). */
		size_t i = 0;
		while (i < n) {
			size_t j = i;
			while (j < n && p[j] < 0x80)
				j++;
			rjw_put_json_chars(f, p + i, j - i);
			if (j == n)
				break;
			size_t len = p[j] >= 0xf0 ? 4 : p[j] >= 0xe0 ? 3 : p[j] >= 0xc0 ? 2 : 1;
			if (len > 1 && j + len <= n && rjw_utf8_valid(p + j, len)) {
				fwrite_unlocked(p + j, 1, len, f);
			} else {
				len = 1;
				char u[8] = { '\\', 'u', '0', '0', hexdig[p[j] >> 4], hexdig[p[j] & 15] };
				fwrite_unlocked(u, 1, 6, f);
			}
			i = j + len;
		}
	}
	putc_unlocked('"', f);
}
