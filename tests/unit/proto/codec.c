/*
 * The generic codec: known wire bytes of real clients' requests, the
 * ApiVersions special cases, tagged fields, file pieces, and a round trip of
 * every message of every API at every version the definitions carry.
 */
#include "core/base/arena.h"
#include "core/base/err.h"
#include "core/base/reader.h"
#include "net/proto/api.h"
#include "net/proto/codec.h"
#include "net/proto/msg_cluster.h"
#include "net/proto/msg_data.h"
#include "tests/unit/tap.h"

#include <stdlib.h>
#include <unistd.h>

static struct arena a;

/* Encode into one flat buffer (arena memory); returns its length. */
static size_t encode_flat(const struct proto_msg *m, int v, int flex, const void *msg, uint8_t **out)
{
	struct proto_out po = { 0 };
	proto_encode(m, v, flex, msg, &po, &a);
	*out = arena_alloc(&a, po.total + 1);
	if (proto_out_flatten(&po, *out))
		return (size_t)-1;
	return po.total;
}

static void test_api_versions_request_v3(void)
{
	/* What librdkafka sends first on every connection. */
	static const uint8_t frame[] = {
		0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,	/* key 18, v3, corr 1 */
		0x00, 0x07, 'r', 'd', 'k', 'a', 'f', 'k', 'a',	/* client id */
		0x00,						/* header tags */
		0x0b, 'l', 'i', 'b', 'r', 'd', 'k', 'a', 'f', 'k', 'a',
		0x06, '2', '.', '0', '.', '2',
		0x00,						/* body tags */
	};
	struct reader r;
	struct request_header h;
	reader_init(&r, frame, sizeof(frame));
	is_int(request_header_decode(&r, &h), 0, "ApiVersions v3 header decodes");
	is_int(h.api_key, 18, "api key");
	is_int(h.correlation_id, 1, "correlation id");
	ok(kstr_eq(h.client_id, "rdkafka"), "client id is an i16 string in a flexible header");
	ok(h.flexible, "ApiVersions v3 is flexible");
	is_int(response_header_size(&h), 4, "ApiVersions responses keep header v0");
	struct api_versions_req req;
	is_int(proto_decode(&api_versions_req_desc, 3, 1, &r, &req, &a), 0, "body decodes");
	ok(kstr_eq(req.client_software_name, "librdkafka"), "software name");
	ok(kstr_eq(req.client_software_version, "2.0.2"), "software version");
	is_int(reader_left(&r), 0, "whole frame consumed");

	/* An ApiVersions version newer than any we know is still read as flexible. */
	static const uint8_t v9[] = { 0x00, 0x12, 0x00, 0x09, 0, 0, 0, 2, 0xff, 0xff, 0x00 };
	reader_init(&r, v9, sizeof(v9));
	is_int(request_header_decode(&r, &h), 0, "unknown ApiVersions version: header decodes");
	ok(h.flexible && h.client_id.len == -1, "as flexible, with a null client id");
}

static void test_api_versions_response(void)
{
	struct api_versions_resp_api_keys keys[1] = { { 18, 0, 3 } };
	struct api_versions_resp resp = { 0 };
	resp.api_keys.n = 1;
	resp.api_keys.v = keys;
	resp.finalized_features_epoch = -1;
	uint8_t *b;
	size_t n = encode_flat(&api_versions_resp_desc, 0, 0, &resp, &b);
	static const uint8_t v0[] = { 0, 0, 0, 0, 0, 1, 0, 18, 0, 0, 0, 3 };
	is_int(n, sizeof(v0), "v0 response size");
	ok(n == sizeof(v0) && !memcmp(b, v0, n), "v0 response bytes");
	n = encode_flat(&api_versions_resp_desc, 3, 1, &resp, &b);
	static const uint8_t v3[] = { 0, 0, 2, 0, 18, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0 };
	ok(n == sizeof(v3) && !memcmp(b, v3, n), "v3 response bytes (compact array, tags)");

	resp.finalized_features_epoch = 5;
	n = encode_flat(&api_versions_resp_desc, 3, 1, &resp, &b);
	static const uint8_t tagged[] = { 0, 0, 2, 0, 18, 0, 0, 0, 3, 0, 0, 0, 0, 0,
					  1, 1, 8, 0, 0, 0, 0, 0, 0, 0, 5 };
	ok(n == sizeof(tagged) && !memcmp(b, tagged, n), "a non-default tagged field is written");
	struct api_versions_resp back;
	struct reader r;
	reader_init(&r, b, n);
	is_int(proto_decode(&api_versions_resp_desc, 3, 1, &r, &back, &a), 0, "tagged response decodes");
	is_int(back.finalized_features_epoch, 5, "tagged field read back");
	is_int(back.api_keys.n, 1, "array read back");

	/* Unknown tags are skipped; tags out of order are refused. */
	uint8_t unknown[] = { 0, 0, 1, 0, 0, 0, 0, 2, 7, 2, 0xaa, 0xbb, 9, 0 };
	reader_init(&r, unknown, sizeof(unknown));
	is_int(proto_decode(&api_versions_resp_desc, 3, 1, &r, &back, &a), 0, "unknown tag skipped");
	is_int(back.finalized_features_epoch, -1, "absent tagged field has its default");
	uint8_t unordered[] = { 0, 0, 1, 0, 0, 0, 0, 2, 7, 0, 3, 0 };
	reader_init(&r, unordered, sizeof(unordered));
	is_int(proto_decode(&api_versions_resp_desc, 3, 1, &r, &back, &a), KAF_ECORRUPT,
	       "tags out of order refused");
}

static void test_metadata_nulls(void)
{
	struct metadata_req m;
	struct reader r;
	static const uint8_t null_topics[] = { 0xff, 0xff, 0xff, 0xff };
	reader_init(&r, null_topics, sizeof(null_topics));
	is_int(proto_decode(&metadata_req_desc, 1, 0, &r, &m, &a), 0, "v1 null topics accepted");
	is_int(m.topics.n, -1, "null = all topics");
	is_int(m.allow_auto_topic_creation, 1, "absent auto-create reads as its default true");
	reader_init(&r, null_topics, sizeof(null_topics));
	is_int(proto_decode(&metadata_req_desc, 0, 0, &r, &m, &a), KAF_ECORRUPT,
	       "v0 cannot carry a null topic list");
	static const uint8_t huge[] = { 0x7f, 0xff, 0xff, 0xff, 0, 1, 'a' };
	reader_init(&r, huge, sizeof(huge));
	size_t before = a.allocated;
	ok(proto_decode(&metadata_req_desc, 1, 0, &r, &m, &a) != 0 && a.allocated - before < 4096,
	   "a count larger than the bytes left is refused before allocating");
}

static void test_file_pieces(void)
{
	char path[] = "/tmp/kaf-codec-XXXXXX";
	int fd = mkstemp(path);
	static const char data[] = "0123456789";
	ok(fd >= 0 && write(fd, data, 10) == 10, "temp file");
	struct fetch_resp_partitions part = { 0 };
	part.high_watermark = 10;
	part.records = (struct krecords){ NULL, 6, 1, fd, 2 };
	part.aborted_transactions.n = -1;
	struct fetch_resp_responses topic = { kstr_c("t"), { 1, &part } };
	struct fetch_resp resp = { 0 };
	resp.responses.n = 1;
	resp.responses.v = &topic;
	struct proto_out po = { 0 };
	proto_encode(&fetch_resp_desc, 11, 0, &resp, &po, &a);
	is_int(po.npieces, 2, "a memory piece, then the file region (records end the message)");
	ok(po.pieces[1].p == NULL && po.pieces[1].len == 6 && po.pieces[1].pos == 2, "file piece");
	is_int(po.total, proto_size(&fetch_resp_desc, 11, 0, &resp), "size counts the file bytes");
	uint8_t *flat = arena_alloc(&a, po.total);
	is_int(proto_out_flatten(&po, flat), 0, "flatten reads the file");
	struct reader r;
	struct fetch_resp back;
	reader_init(&r, flat, po.total);
	is_int(proto_decode(&fetch_resp_desc, 11, 0, &r, &back, &a), 0, "fetch response decodes");
	ok(back.responses.n == 1 && back.responses.v[0].partitions.v[0].records.len == 6 &&
	   !memcmp(back.responses.v[0].partitions.v[0].records.p, "234567", 6), "records bytes from the file");
	close(fd);
	unlink(path);
}

/* ---- every message, every version: fill, encode, decode, encode again ---- */

static unsigned seed = 1;
static unsigned rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return (seed >> 16) & 0x7fff;
}

static void fill(const struct proto_msg *m, int v, void *msg, int depth)
{
	static const char *const words[] = { "", "a", "topic-1", "__consumer_offsets" };
	memset(msg, 0, m->size);
	for (int i = 0; i < m->nfields; i++) {
		const struct proto_field *f = &m->fields[i];
		uint8_t *p = (uint8_t *)msg + f->offset;
		int nullable = v >= f->null_from;
		switch (f->kind) {
		case PK_I8: case PK_BOOL: *(int8_t *)p = (int8_t)(rnd() & 1); break;
		case PK_I16: *(int16_t *)p = (int16_t)rnd(); break;
		case PK_I32: *(int32_t *)p = (int32_t)(rnd() << 16 | rnd()); break;
		case PK_I64: *(int64_t *)p = (int64_t)rnd() << 40 | rnd(); break;
		case PK_UUID: for (int k = 0; k < 16; k++) p[k] = (uint8_t)rnd(); break;
		case PK_STR: {
			const char *w = nullable && rnd() % 4 == 0 ? NULL : words[rnd() % 4];
			*(struct kstr *)p = kstr_c(w);
			break;
		}
		case PK_BYTES: case PK_RECORDS: {
			int32_t len = nullable && rnd() % 4 == 0 ? -1 : (int32_t)(rnd() % 5);
			if (f->kind == PK_BYTES)
				*(struct kbytes *)p = (struct kbytes){ (const uint8_t *)"bytes", len };
			else
				((struct krecords *)p)->p = (const uint8_t *)"recs!", ((struct krecords *)p)->len = len;
			break;
		}
		default: {
			struct { int32_t n; void *v; } *arr = (void *)p;
			arr->n = depth > 3 ? 0 : (int32_t)(rnd() % 3);
			if (nullable && rnd() % 5 == 0)
				arr->n = -1;
			arr->v = arr->n > 0 ? arena_zalloc(&a, (size_t)arr->n * f->elem_size) : NULL;
			for (int32_t k = 0; k < arr->n; k++) {
				uint8_t *e = (uint8_t *)arr->v + (size_t)k * f->elem_size;
				if (f->kind == PK_ARR_I32)
					*(int32_t *)e = (int32_t)rnd();
				else if (f->kind == PK_ARR_I64)
					*(int64_t *)e = (int64_t)rnd();
				else if (f->kind == PK_ARR_STR)
					*(struct kstr *)e = kstr_c(words[rnd() % 4]);
				else
					fill(f->sub, v, e, depth + 1);
			}
		}
		}
	}
}

static int round_trip(const struct proto_msg *m, int v, int flex)
{
	void *msg = arena_alloc(&a, m->size), *back = arena_alloc(&a, m->size);
	fill(m, v, msg, 0);
	uint8_t *b1, *b2;
	size_t n1 = encode_flat(m, v, flex, msg, &b1);
	if (n1 != proto_size(m, v, flex, msg))
		return 0;
	struct reader r;
	reader_init(&r, b1, n1);
	if (proto_decode(m, v, flex, &r, back, &a) || reader_left(&r))
		return 0;
	size_t n2 = encode_flat(m, v, flex, back, &b2);
	if (n1 != n2 || memcmp(b1, b2, n1))
		return 0;
	/* Every strict prefix must fail cleanly (ASan checks the reads). */
	for (size_t cut = 0; cut < n1; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, b1, cut);
		reader_init(&r, copy, cut);
		int rc = proto_decode(m, v, flex, &r, back, &a);
		free(copy);
		if (rc == 0)
			return 0;
	}
	return 1;
}

static void test_all_round_trips(void)
{
	int apis = 0;
	for (int key = 0; key < API_KEY_COUNT; key++) {
		const struct proto_api *api = proto_api_find(key);
		if (!api)
			continue;
		apis++;
		int good = 1;
		for (int v = api->min_version; v <= api->max_version; v++) {
			int flex = proto_api_flexible(key, v);
			for (int rep = 0; rep < 8; rep++) {
				good &= round_trip(api->request, v, flex);
				good &= round_trip(api->response, v, flex);
			}
			arena_release(&a);
		}
		ok(good, "%s v%d-%d: requests and responses round-trip, prefixes fail", api->name,
		   api->min_version, api->max_version);
	}
	is_int(apis, 35, "every API of the table has definitions");
}

int main(void)
{
	arena_init(&a, 4096);
	test_api_versions_request_v3();
	test_api_versions_response();
	test_metadata_nulls();
	test_file_pieces();
	test_all_round_trips();
	arena_release(&a);
	return tap_done();
}
