/*
 * Unit tests of rj_parse (cmd/record_json_read.c), the reader of the
 * JSON-lines record shape in cmd/record_json.h. The command layer is not in
 * the core library, so the file is compiled into this program directly.
 */
#include "cmd/record_json_read.c"

#include "tests/unit/tap.h"

static struct arena a;
static struct rj_record r;
static char err[200];

static int parse(const char *s)
{
	err[0] = 0;
	return rj_parse(s, strlen(s), &r, &a, err, sizeof(err));
}

static int bytes_are(struct rj_bytes b, const char *want, int32_t len)
{
	if (len < 0)
		return b.len == -1;
	return b.len == len && !memcmp(b.p, want, (size_t)len);
}

int main(void)
{
	arena_init(&a, 1024);

	is_int(parse("{\"topic\":\"t\",\"partition\":3,\"offset\":42,\"timestamp\":1700000000000,"
		     "\"timestamp_type\":\"create\",\"leader_epoch\":0,\"key\":\"k\","
		     "\"value\":\"aGk=\",\"value_encoding\":\"base64\",\"headers\":[{\"key\":\"h\","
		     "\"value\":\"x\"},{\"key\":\"n\",\"value\":null}]}"), 0, "the full shape parses");
	is_str(r.topic, "t", "topic");
	is_int(r.partition, 3, "partition");
	is_int(r.offset, 42, "offset");
	is_int(r.timestamp, 1700000000000LL, "timestamp");
	is_int(r.log_append_time, 0, "timestamp_type create");
	is_int(r.leader_epoch, 0, "leader_epoch");
	ok(bytes_are(r.key, "k", 1), "key");
	ok(bytes_are(r.value, "hi", 2), "base64 value decoded");
	is_int(r.nheaders, 2, "two headers");
	ok(bytes_are(r.headers[0].key, "h", 1) && bytes_are(r.headers[0].value, "x", 1), "header 0");
	ok(bytes_are(r.headers[1].key, "n", 1) && r.headers[1].value.len == -1,
	   "header 1 has a null value");

	is_int(parse("{\"value\":\"v\"}"), 0, "only value");
	ok(r.key.len == -1 && r.partition == -1 && r.timestamp == -1 && !r.topic && !r.nheaders,
	   "absent fields are absent (null key, -1)");
	is_int(parse("{\"key\":null,\"value\":null}"), 0, "null key and value");
	ok(r.key.len == -1 && r.value.len == -1, "both null: a tombstone");
	is_int(parse("{\"value\":\"\"}"), 0, "empty value");
	ok(r.value.len == 0, "empty is not null");

	is_int(parse("{\"value_encoding\":\"hex\",\"value\":\"00ff10\",\"key\":\"AAE=\","
		     "\"key_encoding\":\"base64\"}"), 0, "encodings before the fields they describe");
	ok(bytes_are(r.value, "\x00\xff\x10", 3), "hex value");
	ok(bytes_are(r.key, "\x00\x01", 2), "base64 key");
	is_int(parse("{\"value\":\"_-8\",\"value_encoding\":\"base64\"}"), 0, "url-safe base64");
	ok(bytes_are(r.value, "\xff\xef", 2), "url-safe alphabet decoded");

	is_int(parse("{\"value\":\"a\\\"b\\\\c\\n\\t\\u00e9\\u20ac\\ud83d\\ude00\\/\"}"), 0,
	       "escapes");
	ok(bytes_are(r.value, "a\"b\\c\n\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/", 17),
	   "escapes to UTF-8, a surrogate pair to 4 bytes");

	is_int(parse(" { \"x\" : [1, {\"y\": [true, false, null, -1.5e3]}, \"s\"] , "
		     "\"value\" : \"v\" , \"z\":{} } "), 0, "unknown keys of any shape are skipped");
	ok(bytes_are(r.value, "v", 1), "value after skipped keys");
	is_int(parse("{\"value\":\"v\",\"timestamp_type\":\"log_append\",\"leader_epoch\":null}"), 0,
	       "log_append, null epoch");
	ok(r.log_append_time && r.leader_epoch == -1, "log_append_time set, epoch -1");
	is_int(parse("{\"value\":\"v\",\"headers\":[{\"key\":\"b\",\"value\":\"/w==\","
		     "\"value_encoding\":\"base64\"}]}"), 0, "header value in base64");
	ok(r.nheaders == 1 && bytes_are(r.headers[0].value, "\xff", 1), "header value decoded");
	is_int(parse("{\"value\":\"v\",\"headers\":[]}"), 0, "no headers");
	is_int(r.nheaders, 0, "empty header list");

	/* Errors, with the column. */
	is_int(parse("{\"value\" \"v\"}"), -1, "missing colon fails");
	is_str(err, "column 10: expected ':'", "the reason names the column");
	is_int(parse("{\"key\":\"k\"}"), -1, "no value fails");
	ok(strstr(err, "no \"value\"") != NULL, "reason: no value");
	is_int(parse("{\"value\":\"v\"} x"), -1, "text after the object fails");
	is_int(parse("[\"value\"]"), -1, "not an object");
	is_int(parse("{\"value\":\"abc"), -1, "unterminated string");
	is_int(parse("{\"value\":\"a\\qb\"}"), -1, "bad escape");
	is_int(parse("{\"value\":\"zz\",\"value_encoding\":\"hex\"}"), -1, "bad hex");
	is_int(parse("{\"value\":\"a\",\"value_encoding\":\"rot13\"}"), -1, "unknown encoding");
	is_int(parse("{\"value\":\"a*b\",\"value_encoding\":\"base64\"}"), -1, "bad base64");
	is_int(parse("{\"value\":\"v\",\"partition\":1.5}"), -1, "fractional partition");
	is_int(parse("{\"value\":\"v\",\"partition\":99999999999}"), -1, "partition out of range");
	is_int(parse("{\"value\":\"v\",\"offset\":99999999999999999999999}"), -1, "huge number");
	is_int(parse("{\"value\":\"a\x01\"}"), -1, "raw control character");
	is_int(parse(""), -1, "empty line");
	is_int(parse("{\"value\":\"v\",\"x\":" "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"),
	       -1, "nesting limit");
	is_int(parse("{\"value\":\"v\",\"x\":tru}"), -1, "bad literal");

	/* Every prefix of a valid line fails cleanly (no read past the end). */
	const char *full = "{\"key\":\"k\\u00e9\",\"value\":\"aGk=\",\"value_encoding\":\"base64\","
			   "\"headers\":[{\"key\":\"h\",\"value\":null}]}";
	int clean = 1;
	for (size_t n = 0; n < strlen(full); n++) {
		char *cut = malloc(n ? n : 1);
		memcpy(cut, full, n);
		clean &= rj_parse(cut, n, &r, &a, err, sizeof(err)) == -1;
		free(cut);
	}
	ok(clean, "every truncation of a valid line is an error");
	arena_release(&a);
	return tap_done();
}
