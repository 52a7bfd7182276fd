/*
 * Unit tests of consume's output: the -f template parser and printer, the
 * Kafka-style --print-* line, the bare value line (cmd/consume_format.c),
 * and the JSON-lines writer with its encoders (cmd/record_json_write.c):
 * binary to base64, nulls, escaping. The command layer is not in the core
 * library, so the two files are compiled into this program directly.
 */
#include "cmd/consume_format.c"
#include "cmd/escape.c"
#include "cmd/record_json_write.c"

#include "core/base/buf.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

/* ---- capturing a FILE's output ---- */

static char *out_buf;
static size_t out_len;

static FILE *out_open(void)
{
	free(out_buf);
	out_buf = NULL;
	out_len = 0;
	return open_memstream(&out_buf, &out_len);
}

static const char *out_close(FILE *f)
{
	fclose(f);
	return out_buf;
}

/* A raw header area as records carry it: zig-zag varint lengths. */
static struct buf hdr_area;

static void hdr_add(const char *k, const char *v, int vlen)
{
	buf_put_varint(&hdr_area, (int32_t)strlen(k));
	buf_append(&hdr_area, k, strlen(k));
	buf_put_varint(&hdr_area, vlen);
	if (vlen > 0)
		buf_append(&hdr_area, v, (size_t)vlen);
}

static struct fmt_record sample(void)
{
	struct fmt_record r = {
		.topic = "orders", .partition = 2, .offset = 42, .timestamp = 1714564800123,
		.leader_epoch = 7,
		.key = { (const uint8_t *)"k1", 2 }, .value = { (const uint8_t *)"hello", 5 },
		.headers = hdr_area.data, .headers_len = hdr_area.len, .header_count = 2,
	};
	return r;
}

static const char *render(const char *tmpl, const struct fmt_record *r)
{
	struct fmt f;
	char err[200];
	fmt_init(&f);
	if (fmt_parse(&f, tmpl, err, sizeof(err))) {
		ok(0, "template '%s' parses: %s", tmpl, err);
		return "";
	}
	FILE *o = out_open();
	fmt_write(o, &f, r);
	return out_close(o);
}

static void parse_errors(void)
{
	static const struct { const char *tmpl, *want; } bad[] = {
		{ "%q", "column 1: unknown token '%q'" },
		{ "ab%", "column 3: '%' at the end" },
		{ "%s{zip}", "unknown modifier '{zip}'" },
		{ "%p{hex}", "only %k, %s, %v and %h take" },
		{ "%k{hex", "'{' without '}'" },
		{ "x\\q", "column 2: unknown escape '\\q'" },
		{ "\\x4", "unknown escape" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fmt f;
		char err[200] = "";
		fmt_init(&f);
		int rc = fmt_parse(&f, bad[i].tmpl, err, sizeof(err));
		ok(rc == -1 && strstr(err, bad[i].want), "'%s' is refused: %s", bad[i].tmpl, err);
	}
	struct fmt f;
	char err[200];
	static char longer[6000];
	memset(longer, 'a', sizeof(longer) - 1);
	fmt_init(&f);
	ok(fmt_parse(&f, longer, err, sizeof(err)) == -1 && strstr(err, "too long"),
	   "a template beyond the literal space is refused");
}

static void templates(void)
{
	struct fmt_record r = sample();

	is_str(render("%t %p %o %k %s %h %T\\n", &r),
	       "orders 2 42 k1 hello h1=v1,h2= 1714564800123\n", "kcat's classic line");
	is_str(render("%K %S %H %e %z %D %%", &r), "2 5 2 7 create 2024-05-01T12:00:00.123Z %",
	       "lengths, counts, epoch, type, date, %%%%");
	is_str(render("\\t\\r\\\\\\x41", &r), "\t\r\\A", "escapes");
	is_str(render("%v|%s{hex}|%k{base64}", &r), "hello|68656c6c6f|azE=", "%%v and modifiers");
	is_str(render("%h{json}", &r), "[{\"key\":\"h1\",\"value\":\"v1\"},{\"key\":\"h2\",\"value\":null}]",
	       "%%h{json} is the jsonl headers array");
	is_str(render("%h{hex}", &r), "h1=7631,h2=", "%%h{hex} encodes header values");

	struct fmt_record n = r;
	n.key.len = -1;
	n.value.len = -1;
	n.header_count = 0;
	n.headers_len = 0;
	n.log_append_time = 1;
	is_str(render("[%k][%s][%K][%S][%h][%z]", &n), "[][][-1][-1][][log_append]",
	       "nulls print empty, lengths -1");
	is_str(render("%k{json} %s{json}", &n), "null null", "{json} of null is null");

	static const uint8_t bin[] = { 0x00, 0xff, '"', 0x0a, 0xc3, 0xa9 };
	struct fmt_record b = r;
	b.value = (struct rj_bytes){ bin, 6 };
	is_str(render("%s{json}", &b), "\"\\u0000\\u00ff\\\"\\n\xc3\xa9\"",
	       "{json} escapes and keeps valid UTF-8, \\u00XX for stray bytes");
	is_str(render("%s{base64}", &b), "AP8iCsOp", "{base64} of binary");
	const char *rr = render("%R", &b);
	is_mem(rr, "\0\0\0\6", 4, "%%R is the value length as 4 big-endian bytes");
	n.value = (struct rj_bytes){ NULL, -1 };
	rr = render("%R", &n);
	is_mem(rr, "\xff\xff\xff\xff", 4, "%%R of null is -1");

	struct fmt f;
	char err[200];
	fmt_init(&f);
	f.null_literal = "NULL";
	fmt_parse(&f, "%k|%s", err, sizeof(err));
	FILE *o = out_open();
	fmt_write(o, &f, &n);
	is_str(out_close(o), "NULL|NULL", "--null-literal in templates");
	fmt_init(&f);
	f.enc = FM_BASE64;
	fmt_parse(&f, "%k %s %s{hex}", err, sizeof(err));
	o = out_open();
	fmt_write(o, &f, &r);
	is_str(out_close(o), "azE= aGVsbG8= 68656c6c6f", "--encoding applies unless a modifier says");
}

static void kafka_lines(void)
{
	struct fmt_record r = sample();
	struct fmt f;

	fmt_init(&f);
	f.mode = FMT_KAFKA;
	f.k = (struct fmt_kafka){ 1, 1, 1, 1, 1, 1 };
	FILE *o = out_open();
	fmt_write(o, &f, &r);
	is_str(out_close(o), "CreateTime:1714564800123\tPartition:2\tOffset:42\th1:v1,h2:null\tk1\thello\n",
	       "all print flags: Kafka's order and labels, null header as null");

	struct fmt_record n = r;
	n.key.len = -1;
	n.value.len = -1;
	n.headers_len = 0;
	n.header_count = 0;
	n.log_append_time = 1;
	o = out_open();
	fmt_write(o, &f, &n);
	is_str(out_close(o), "LogAppendTime:1714564800123\tPartition:2\tOffset:42\tNO_HEADERS\tnull\tnull\n",
	       "LogAppendTime, NO_HEADERS, null key and value");
	n.timestamp = -1;
	f.k = (struct fmt_kafka){ .timestamp = 1 };
	o = out_open();
	fmt_write(o, &f, &n);
	is_str(out_close(o), "NO_TIMESTAMP", "no timestamp, nothing after the last field without a value");

	f.k = (struct fmt_kafka){ .key = 1, .value = 1 };
	f.key_sep = " => ";
	f.key_sep_len = 4;
	f.delim = "|";
	f.delim_len = 1;
	o = out_open();
	fmt_write(o, &f, &r);
	is_str(out_close(o), "k1 => hello|", "key separator and line separator");

	f.k = (struct fmt_kafka){ .offset = 1, .headers = 1, .value = 1 };
	f.key_sep = "\t";
	f.key_sep_len = 1;
	f.headers_sep = ";";
	o = out_open();
	fmt_write(o, &f, &r);
	is_str(out_close(o), "Offset:42\th1:v1;h2:null\thello|", "headers separator");
}

static void value_lines(void)
{
	struct fmt_record r = sample();
	struct fmt f;

	fmt_init(&f);
	FILE *o = out_open();
	fmt_write(o, &f, &r);
	r.value.len = -1;
	fmt_write(o, &f, &r);
	is_str(out_close(o), "hello\n\n", "default: the value and a newline; null prints nothing");
	char d[64];
	is_int(escape_decode("\\x00\\t--", d, sizeof(d)), 4, "unescape counts bytes");
	is_mem(d, "\0\t--", 4, "unescape \\x00 and \\t");
	is_int(escape_decode("\\z", d, sizeof(d)), -1, "unescape refuses unknown escapes");
}

/* ---- JSON lines ---- */

static const char *jline(const struct rj_record *r, enum rj_encoding enc)
{
	FILE *o = out_open();
	rj_write(o, r, enc);
	return out_close(o);
}

static void json_lines(void)
{
	struct rj_header hs[2] = {
		{ { (const uint8_t *)"h\"1", 3 }, { (const uint8_t *)"v", 1 } },
		{ { (const uint8_t *)"bin", 3 }, { (const uint8_t *)"\xff\xfe", 2 } },
	};
	struct rj_record r = {
		.topic = "t", .partition = 0, .offset = 42, .timestamp = 1700000000000,
		.leader_epoch = 0, .key = { (const uint8_t *)"k", 1 },
		.value = { (const uint8_t *)"a\"b\\c\n\x01\xc3\xa9", 9 },
		.headers = hs, .nheaders = 2,
	};
	is_str(jline(&r, RJ_AUTO),
	       "{\"topic\":\"t\",\"partition\":0,\"offset\":42,\"timestamp\":1700000000000,"
	       "\"timestamp_type\":\"create\",\"leader_epoch\":0,\"key\":\"k\","
	       "\"value\":\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\",\"headers\":[{\"key\":\"h\\\"1\","
	       "\"value\":\"v\"},{\"key\":\"bin\",\"value\":\"//4=\",\"value_encoding\":\"base64\"}]}\n",
	       "text escaped, UTF-8 kept, a binary header value in base64");

	static const uint8_t bin[] = { 0, 1, 2, 0x80, 0xff };
	r.key = (struct rj_bytes){ NULL, -1 };
	r.value = (struct rj_bytes){ bin, 5 };
	r.leader_epoch = -1;
	r.log_append_time = 1;
	r.nheaders = 0;
	is_str(jline(&r, RJ_AUTO),
	       "{\"topic\":\"t\",\"partition\":0,\"offset\":42,\"timestamp\":1700000000000,"
	       "\"timestamp_type\":\"log_append\",\"leader_epoch\":null,\"key\":null,"
	       "\"value\":\"AAECgP8=\",\"value_encoding\":\"base64\",\"headers\":[]}\n",
	       "null key, binary value in base64, null epoch, log_append");
	r.value = (struct rj_bytes){ NULL, -1 };
	r.key = (struct rj_bytes){ (const uint8_t *)"", 0 };
	ok(strstr(jline(&r, RJ_AUTO), "\"key\":\"\",\"value\":null,") != NULL,
	   "empty key is \"\", tombstone value is null");
	r.key = (struct rj_bytes){ (const uint8_t *)"ab", 2 };
	r.value = (struct rj_bytes){ (const uint8_t *)"hi", 2 };
	ok(strstr(jline(&r, RJ_HEX), "\"key\":\"6162\",\"key_encoding\":\"hex\",\"value\":\"6869\","
		  "\"value_encoding\":\"hex\"") != NULL, "forced hex on key and value");
	ok(strstr(jline(&r, RJ_BASE64), "\"key\":\"YWI=\",\"key_encoding\":\"base64\"") != NULL,
	   "forced base64");

	/* Every length of base64 padding, against known answers. */
	static const char *const b64[] = { "", "AA==", "AAE=", "AAEC", "AAECgA==" };
	for (int n = 0; n <= 4; n++) {
		FILE *o = out_open();
		rjw_put_base64(o, bin, (size_t)n);
		is_str(out_close(o), b64[n], "base64 of %d bytes", n);
	}
	/* A long value crosses the encoders' chunk sizes intact. */
	uint8_t big[3000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	FILE *o = out_open();
	rjw_put_hex(o, big, sizeof(big));
	const char *hx = out_close(o);
	int same = out_len == 6000;
	for (size_t i = 0; same && i < sizeof(big); i++) {
		char two[3];
		snprintf(two, sizeof(two), "%02x", big[i]);
		same = !memcmp(hx + 2 * i, two, 2);
	}
	ok(same, "hex of 3000 bytes");
	o = out_open();
	rjw_put_base64(o, big, sizeof(big));
	out_close(o);
	is_int((int)out_len, 4000, "base64 of 3000 bytes is 4000 characters");
}

static void utf8(void)
{
	static const struct { const char *s; int valid; const char *what; } cases[] = {
		{ "plain ascii text, longer than eight", 1, "ASCII" },
		{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 1, "2, 3 and 4-byte sequences" },
		{ "\xc0\xaf", 0, "overlong 2-byte" },
		{ "\xe0\x80\xaf", 0, "overlong 3-byte" },
		{ "\xed\xa0\x80", 0, "surrogate" },
		{ "\xf4\x90\x80\x80", 0, "past U+10FFFF" },
		{ "abc\xe2\x82", 0, "truncated at the end" },
		{ "\x80", 0, "lone continuation byte" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(rjw_utf8_valid((const uint8_t *)cases[i].s, strlen(cases[i].s)),
		       cases[i].valid, "utf8: %s", cases[i].what);
}

int main(void)
{
	hdr_add("h1", "v1", 2);
	hdr_add("h2", NULL, -1);
	parse_errors();
	templates();
	kafka_lines();
	value_lines();
	json_lines();
	utf8();
	buf_release(&hdr_area);
	free(out_buf);
	return tap_done();
}
