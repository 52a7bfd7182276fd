/*
 * Fuzz target: one request frame body (after the size prefix) as a broker
 * receives it. The header is decoded; when the API is known, the body is
 * decoded at the requested version (clamped into the definitions' range, so
 * every version's layout gets exercised) and, if it decodes, encoded again
 * and compared.
 */
#include "core/base/arena.h"
#include "core/base/reader.h"
#include "net/proto/api.h"
#include "net/proto/codec.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r;
	struct request_header h;
	struct arena a;

	reader_init(&r, data, size);
	if (request_header_decode(&r, &h))
		return 0;
	const struct proto_api *api = proto_api_find(h.api_key);
	if (!api)
		return 0;
	int v = h.api_version;
	if (v < api->min_version || v > api->max_version)
		v = api->min_version + (int)((unsigned)v % (unsigned)(api->max_version - api->min_version + 1));
	int flex = proto_api_flexible(h.api_key, v);
	arena_init(&a, 1024);
	void *msg = arena_alloc(&a, api->request->size);
	const uint8_t *body = r.p;
	if (proto_decode(api->request, v, flex, &r, msg, &a) == 0) {
		size_t n = proto_size(api->request, v, flex, msg);
		struct proto_out out = { 0 };
		proto_encode(api->request, v, flex, msg, &out, &a);
		uint8_t *flat = arena_alloc(&a, out.total);
		if (out.total != n || proto_out_flatten(&out, flat))
			abort();
		/* Re-encoding a decoded message never grows it past what was read. */
		if (n > (size_t)(r.p - body) + 64)
			abort();
	}
	arena_release(&a);
	return 0;
}
