/* A request from frame to encoded response. */
#include "net/req.h"
#include "net/api/api.h"
#include "net/broker.h"
#include "net/conn.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"
#include "core/base/bytes.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/reader.h"
#include "core/base/say.h"

#include <stdlib.h>
#include <string.h>

/* The ApiVersions answer to a version we do not serve: v0 body, error 35. */
static enum req_status api_versions_unsupported(struct req *r, const struct api_handler *h)
{
	struct api_versions_resp *resp = r->resp;
	struct api_versions_resp_api_keys *key = arena_zalloc(&r->arena, sizeof(*key));
	key->api_key = API_API_VERSIONS;
	key->min_version = api_handler_advertised_min(h);
	key->max_version = h->max_version;
	resp->error_code = KERR_UNSUPPORTED_VERSION;
	resp->api_keys.n = 1;
	resp->api_keys.v = key;
	r->resp_version = 0;
	r->resp_flexible = 0;
	return REQ_DONE;
}

uint8_t *req_frame_bytes(struct req *r, const uint8_t *p)
{
	return r->frame + (p - r->frame);
}

enum req_status req_handle(struct conn *c, uint8_t *frame, size_t len, struct req **out)
{
	struct req *r = calloc(1, sizeof(*r));
	struct reader rd;
	int rc;

	if (!r)
		return REQ_CLOSE;
	*out = r;
	r->conn = c;
	r->b = c->b;
	r->received_ns = clock_mono_ns();
	r->frame = frame;
	arena_init(&r->arena, 2048);
	reader_init(&rd, frame, len);
	if ((rc = request_header_decode(&rd, &r->h))) {
		say_warn("%s: unreadable request header (%s); closing", c->peer, kaf_strerror(rc));
		return REQ_CLOSE;
	}
	r->api = proto_api_find(r->h.api_key);
	const struct api_handler *h = api_handler_find(r->h.api_key);
	if (!r->api || !h) {
		say_warn("%s: unsupported API key %d; closing", c->peer, r->h.api_key);
		return REQ_CLOSE;
	}
	r->version = r->resp_version = r->h.api_version;
	r->resp_flexible = r->h.flexible;
	r->resp = arena_zalloc(&r->arena, r->api->response->size);
	proto_set_defaults(r->api->response, r->resp);
	if (r->version < h->min_version || r->version > h->max_version) {
		if (r->h.api_key == API_API_VERSIONS)
			return api_versions_unsupported(r, h);
		say_warn("%s: %s v%d is not served (v%d-%d); closing", c->peer, r->api->name,
			 r->version, h->min_version, h->max_version);
		return REQ_CLOSE;
	}
	r->body = arena_alloc(&r->arena, r->api->request->size);
	if ((rc = proto_decode(r->api->request, r->version, r->h.flexible, &rd, r->body, &r->arena))) {
		say_warn("%s: malformed %s v%d request (%s); closing", c->peer, r->api->name,
			 r->version, kaf_strerror(rc));
		return REQ_CLOSE;
	}
	return h->fn(r);
}

void req_encode_response(struct req *r)
{
	int hdr = response_header_size(&r->h);
	size_t body = proto_size(r->api->response, r->resp_version, r->resp_flexible, r->resp);
	uint8_t *p = proto_out_reserve(&r->out, 4 + (size_t)hdr, &r->arena);
	be32_put(p, (uint32_t)(hdr + body));
	response_header_encode(&r->h, p + 4);
	proto_encode(r->api->response, r->resp_version, r->resp_flexible, r->resp, &r->out, &r->arena);
}

void req_free(struct req *r)
{
	if (!r)
		return;
	arena_release(&r->arena);
	free(r);
}

void req_resume(struct req *r, enum req_status status)
{
	struct conn *c = r->conn;
	if (!c) {
		/* The connection went away while the request was parked. */
		req_free(r);
		return;
	}
	if (status == REQ_CLOSE) {
		if (c->parked == r)
			c->parked = NULL;
		if (r->overlap)
			r->conn = NULL;	/* still in the queue: conn_close frees nothing twice */
		else
			req_free(r);
		conn_close(c);
		if (r->overlap)
			req_free(r);
		return;
	}
	if (status == REQ_DONE) {
		req_encode_response(r);
	} else if (r->overlap) {
		r->no_response = 1;
	} else {
		req_free(r);
		r = NULL;
	}
	conn_request_done(c, r);
}

struct kstr req_kstr(struct req *r, const char *s)
{
	if (!s)
		return (struct kstr){ NULL, -1 };
	size_t n = strlen(s);
	return (struct kstr){ arena_memdup(&r->arena, s, n ? n : 1), (int32_t)n };
}

struct kstr req_error_message(struct req *r, int16_t err, const char *msg)
{
	if (err == KERR_NONE || !msg[0])
		return (struct kstr){ NULL, -1 };
	return req_kstr(r, msg);
}
