/*
 * ApiVersions: the served ranges, straight from the handler table (with
 * Produce advertised from v0, see table.c). The answer to a version we do
 * not serve is the v0 layout with UNSUPPORTED_VERSION and our own range
 * for key 18, so clients retry with a version we know instead of losing
 * the connection.
 */
#include "net/api/api.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"

enum req_status api_api_versions(struct req *r)
{
	struct api_versions_resp *resp = r->resp;
	struct api_versions_resp_api_keys *keys =
		arena_alloc(&r->arena, API_KEY_COUNT * sizeof(*keys));
	int n = 0;

	for (int key = 0; key < API_KEY_COUNT; key++) {
		const struct api_handler *h = api_handler_find(key);
		if (!h)
			continue;
		keys[n].api_key = (int16_t)key;
		keys[n].min_version = api_handler_advertised_min(h);
		keys[n].max_version = h->max_version;
		n++;
	}
	resp->error_code = KERR_NONE;
	resp->api_keys.n = n;
	resp->api_keys.v = keys;
	resp->finalized_features_epoch = -1;
	return REQ_DONE;
}
