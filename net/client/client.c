/*
 * The tools' blocking Kafka client (see client.h).
 *
 * Frames on the wire: Size i32 (bytes that follow), then the request header
 * (v1, or v2 for flexible versions) and the body; a response is Size i32,
 * the response header (CorrelationId i32 [+ tag buffer]) and the body.
 */
#include "net/client/client.h"

#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/reader.h"
#include "core/base/say.h"
#include "core/codec/codec.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void set_err(struct client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(struct client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
}

/* strerror in lower case, as the middle of a sentence wants it. */
static const char *lower_strerror(int e, char *buf, size_t n)
{
	snprintf(buf, n, "%s", strerror(e));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

static void conn_init(struct client_conn *k, int32_t node_id)
{
	memset(k, 0, sizeof(*k));
	k->fd = -1;
	k->node_id = node_id;
	k->next_correlation = 1;
	for (int i = 0; i < API_KEY_COUNT; i++)
		k->version[i] = -1;
}

static void conn_close(struct client_conn *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

void client_init(struct client *c, const char *bootstrap, int64_t timeout_ms)
{
	memset(c, 0, sizeof(*c));
	c->bootstrap = bootstrap && *bootstrap ? bootstrap : CLIENT_DEFAULT_BOOTSTRAP;
	c->client_id = "kaf";
	c->deadline_ns = clock_mono_ns() + timeout_ms * 1000000;
	conn_init(&c->boot, -1);
}

void client_release(struct client *c)
{
	conn_close(&c->boot);
	for (int i = 0; i < c->nbrokers; i++)
		conn_close(&c->brokers[i]);
	c->nbrokers = 0;
}

int64_t client_left_ms(const struct client *c)
{
	int64_t left = (c->deadline_ns - clock_mono_ns()) / 1000000;
	return left > 0 ? left : 0;
}

const char *client_error(const struct client *c)
{
	return c->err[0] ? c->err : "unknown error";
}

int client_backoff(struct client *c, int attempt)
{
	int64_t ms = 100;

	for (int i = 1; i < attempt && ms < 1000; i++)
		ms *= 2;
	if (ms > 1000)
		ms = 1000;
	if (client_left_ms(c) <= ms)
		return CLIENT_EUNAVAIL;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
	return 0;
}

int client_next_address(const char **list, char *host, size_t hostsz, int *port)
{
	const char *s = *list;

	while (*s == ',' || *s == ' ')
		s++;
	if (!*s)
		return 0;
	size_t n = strcspn(s, ",");
	*list = s + n;
	/* The port follows the last colon; [::1]:9092 keeps its inner colons. */
	const char *colon = NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ':')
			colon = s + i;
	if (!colon || colon == s || colon + 1 == s + n)
		return -1;
	const char *h = s;
	size_t hl = (size_t)(colon - s);
	if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl == 0 || hl >= hostsz)
		return -1;
	long p = 0;
	for (const char *q = colon + 1; q < s + n; q++) {
		if (*q < '0' || *q > '9')
			return -1;
		p = p * 10 + (*q - '0');
		if (p > 65535)
			return -1;
	}
	if (p == 0)
		return -1;
	memcpy(host, h, hl);
	host[hl] = 0;
	*port = (int)p;
	return 1;
}

/* ---- sockets with a deadline ---- */

static int wait_fd(struct client *c, int fd, short events)
{
	for (;;) {
		int64_t left = client_left_ms(c);
		if (left <= 0)
			return -ETIMEDOUT;
		struct pollfd p = { .fd = fd, .events = events };
		int rc = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (rc > 0)
			return 0;
		if (rc == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

/* Returns 0 or -errno (-ENOENT for a name that does not resolve). */
static int tcp_connect(struct client *c, const char *host, int port, int *out)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res, *ai;
	char ports[16];
	int last = -ECONNREFUSED;

	snprintf(ports, sizeof(ports), "%d", port);
	if (getaddrinfo(host, ports, &hints, &res))
		return -ENOENT;
	for (ai = res; ai; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			last = -errno;
			continue;
		}
		int rc = connect(fd, ai->ai_addr, ai->ai_addrlen) ? -errno : 0;
		if (rc == -EINPROGRESS) {
			rc = wait_fd(c, fd, POLLOUT);
			if (!rc) {
				int e = 0;
				socklen_t el = sizeof(e);
				getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el);
				rc = -e;
			}
		}
		if (!rc) {
			int one = 1;
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			freeaddrinfo(res);
			*out = fd;
			return 0;
		}
		close(fd);
		last = rc;
	}
	freeaddrinfo(res);
	return last;
}

static int send_all(struct client *c, int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN)
			return -errno;
		int rc = wait_fd(c, fd, POLLOUT);
		if (rc)
			return rc;
	}
	return 0;
}

static int recv_all(struct client *c, int fd, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t r = recv(fd, p, n, 0);
		if (r > 0) {
			p += r;
			n -= (size_t)r;
			continue;
		}
		if (r == 0)
			return -ECONNRESET;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		int rc = wait_fd(c, fd, POLLIN);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- one request ---- */

/* Send one request of (key, version) and decode its response; no retries. */
static int roundtrip(struct client *c, struct client_conn *k, int key, int version, const void *req,
		     void *resp, struct arena *a)
{
	const struct proto_api *api = proto_api_find(key);
	struct request_header h = {
		.api_key = (int16_t)key, .api_version = (int16_t)version,
		.correlation_id = k->next_correlation++, .client_id = kstr_c(c->client_id),
		.flexible = proto_api_flexible(key, version),
	};
	struct proto_out out = { 0 };
	char eb[128];
	uint8_t *head = proto_out_reserve(&out, 4 + request_header_size(&h), a);
	int rc;

	request_header_encode(&h, head + 4);
	proto_encode(api->request, version, h.flexible, req, &out, a);
	be32_put(head, (uint32_t)(out.total - 4));
	uint8_t *frame = arena_alloc(a, out.total);
	if (proto_out_flatten(&out, frame) < 0) {
		set_err(c, "cannot encode %s request", api->name);
		return CLIENT_EPROTO;
	}
	if (c->debug)
		say(SAY_DEBUG, "%s:%d: %s v%d request, %zu bytes", k->host, k->port, api->name,
		    version, out.total);
	rc = send_all(c, k->fd, frame, out.total);
	uint8_t sz[4];
	if (!rc)
		rc = recv_all(c, k->fd, sz, 4);
	if (rc) {
		conn_close(k);
		set_err(c, "%s:%d: %s", k->host, k->port,
			rc == -ETIMEDOUT ? "timed out waiting for an answer" :
					   lower_strerror(-rc, eb, sizeof(eb)));
		return CLIENT_EUNAVAIL;
	}
	uint32_t n = be32_get(sz);
	if (n < 4 || n > CLIENT_MAX_FRAME) {
		conn_close(k);
		set_err(c, "%s:%d answered with a frame of %u bytes: is this a Kafka broker?", k->host,
			k->port, n);
		return CLIENT_EPROTO;
	}
	uint8_t *body = arena_alloc(a, n);
	rc = recv_all(c, k->fd, body, n);
	if (rc) {
		conn_close(k);
		set_err(c, "%s:%d: %s", k->host, k->port, lower_strerror(-rc, eb, sizeof(eb)));
		return CLIENT_EUNAVAIL;
	}
	struct reader r;
	int32_t corr;
	reader_init(&r, body, n);
	if (response_header_decode(&r, &h, &corr) || corr != h.correlation_id) {
		conn_close(k);
		set_err(c, "%s:%d: response to %s does not match the request (correlation id)",
			k->host, k->port, api->name);
		return CLIENT_EPROTO;
	}
	/* An ApiVersions refusal comes as a v0 body whatever version was asked. */
	if (key == API_API_VERSIONS && reader_left(&r) >= 2 &&
	    (int16_t)be16_get(r.p) == KERR_UNSUPPORTED_VERSION)
		version = 0, h.flexible = 0;
	rc = proto_decode(api->response, version, h.flexible, &r, resp, a);
	if (rc) {
		set_err(c, "%s:%d: cannot decode the %s v%d response: %s", k->host, k->port, api->name,
			version, kaf_strerror(rc));
		return CLIENT_EPROTO;
	}
	return 0;
}

/* ApiVersions v3, then the version the broker offers, and per-API versions. */
static int negotiate(struct client *c, struct client_conn *k, struct arena *a)
{
	int version = 3;

	for (int tries = 0; tries < 3; tries++) {
		struct api_versions_req req = { .client_software_name = kstr_c("kaf"),
						.client_software_version = kstr_c(KAF_VERSION) };
		struct api_versions_resp resp;
		memset(&resp, 0, sizeof(resp));
		int rc = roundtrip(c, k, API_API_VERSIONS, version, &req, &resp, a);
		if (rc)
			return rc;
		if (resp.error_code == KERR_UNSUPPORTED_VERSION && version > 0) {
			int next = 0;
			for (int i = 0; i < resp.api_keys.n; i++)
				if (resp.api_keys.v[i].api_key == API_API_VERSIONS)
					next = resp.api_keys.v[i].max_version;
			version = next < version ? next : version - 1;
			if (version < 0)
				version = 0;
			continue;
		}
		if (resp.error_code) {
			set_err(c, "%s:%d: ApiVersions: %s", k->host, k->port,
				kafka_error_name(resp.error_code));
			return CLIENT_EPROTO;
		}
		for (int i = 0; i < API_KEY_COUNT; i++)
			k->version[i] = -1;
		for (int i = 0; i < resp.api_keys.n; i++) {
			const struct api_versions_resp_api_keys *e = &resp.api_keys.v[i];
			const struct proto_api *api = proto_api_find(e->api_key);
			if (!api)
				continue;
			int hi = e->max_version < api->max_version ? e->max_version : api->max_version;
			int lo = e->min_version > api->min_version ? e->min_version : api->min_version;
			if (hi >= lo)
				k->version[e->api_key] = (int16_t)hi;
		}
		return 0;
	}
	set_err(c, "%s:%d: no common ApiVersions version", k->host, k->port);
	return CLIENT_EPROTO;
}

/* Connect k to host:port and negotiate; on failure the error names the address. */
static int conn_open(struct client *c, struct client_conn *k, const char *host, int port)
{
	struct arena a;
	char eb[128];
	int fd = -1, rc;

	conn_close(k);
	if (host != k->host)
		snprintf(k->host, sizeof(k->host), "%s", host);
	k->port = port;
	rc = tcp_connect(c, host, port, &fd);
	if (rc) {
		set_err(c, "%s:%d (%s)", host, port,
			rc == -ENOENT ? "name does not resolve" :
			rc == -ETIMEDOUT ? "connect timed out" : lower_strerror(-rc, eb, sizeof(eb)));
		return CLIENT_EUNAVAIL;
	}
	k->fd = fd;
	arena_init(&a, 4096);
	rc = negotiate(c, k, &a);
	arena_release(&a);
	if (rc)
		conn_close(k);
	return rc;
}

int client_connect(struct client *c)
{
	char host[256], first[sizeof(c->err)] = "";
	int port, attempt = 0;

	for (;;) {
		const char *list = c->bootstrap;
		int rc, any = 0;
		while ((rc = client_next_address(&list, host, sizeof(host), &port)) != 0) {
			if (rc < 0) {
				set_err(c, "bad bootstrap server list '%s' (want HOST:PORT,...)",
					c->bootstrap);
				return CLIENT_EPROTO;
			}
			any = 1;
			rc = conn_open(c, &c->boot, host, port);
			if (!rc)
				return 0;
			if (rc == CLIENT_EPROTO)
				return rc;
			if (!first[0])
				snprintf(first, sizeof(first), "%s", c->err);
		}
		if (!any) {
			set_err(c, "empty bootstrap server list");
			return CLIENT_EPROTO;
		}
		if (client_backoff(c, ++attempt))
			break;
	}
	set_err(c, "no broker reachable at %s", first);
	return CLIENT_EUNAVAIL;
}

int client_version(const struct client_conn *conn, int key)
{
	return key >= 0 && key < API_KEY_COUNT ? conn->version[key] : -1;
}

int client_call(struct client *c, struct client_conn *k, int key, const void *req, void *resp,
		struct arena *a)
{
	const struct proto_api *api = proto_api_find(key);

	for (int attempt = 0;; attempt++) {
		if (k->fd < 0) {
			char host[256];
			snprintf(host, sizeof(host), "%s", k->host);
			int rc = k->port ? conn_open(c, k, host, k->port) : client_connect(c);
			if (rc) {
				if (rc == CLIENT_EUNAVAIL && attempt < 5 && !client_backoff(c, attempt + 1))
					continue;
				return rc;
			}
		}
		int version = client_version(k, key);
		if (version < 0) {
			set_err(c, "%s:%d does not support %s", k->host, k->port,
				api ? api->name : "this request");
			return CLIENT_EPROTO;
		}
		memset(resp, 0, api->response->size);
		int rc = roundtrip(c, k, key, version, req, resp, a);
		if (rc != CLIENT_EUNAVAIL || attempt >= 5 || client_backoff(c, attempt + 1))
			return rc;
	}
}

int client_metadata(struct client *c, const char *const *topics, int ntopics,
		    struct metadata_resp *resp, struct arena *a)
{
	return client_metadata_auto(c, topics, ntopics, 0, resp, a);
}

int client_metadata_auto(struct client *c, const char *const *topics, int ntopics,
			 int allow_auto_create, struct metadata_resp *resp, struct arena *a)
{
	struct metadata_req req;
	int rc;

	memset(&req, 0, sizeof(req));
	proto_set_defaults(&metadata_req_desc, &req);
	req.allow_auto_topic_creation = allow_auto_create ? 1 : 0;
	if (ntopics < 0) {
		req.topics.n = -1;
	} else {
		req.topics.n = ntopics;
		req.topics.v = arena_zalloc(a, sizeof(*req.topics.v) * (size_t)(ntopics + 1));
		for (int i = 0; i < ntopics; i++)
			req.topics.v[i].name = kstr_c(topics[i]);
	}
	if (c->boot.fd < 0 && !c->boot.port && (rc = client_connect(c)))
		return rc;
	/* v0 has no way to ask for all topics but an empty list. */
	if (ntopics < 0 && client_version(&c->boot, API_METADATA) == 0)
		req.topics.n = 0;
	rc = client_call(c, &c->boot, API_METADATA, &req, resp, a);
	if (rc)
		return rc;
	for (int i = 0; i < resp->brokers.n; i++) {
		const struct metadata_resp_brokers *b = &resp->brokers.v[i];
		struct client_conn *k = NULL;
		for (int j = 0; j < c->nbrokers; j++)
			if (c->brokers[j].node_id == b->node_id)
				k = &c->brokers[j];
		if (!k) {
			if (c->nbrokers == CLIENT_MAX_BROKERS)
				continue;
			k = &c->brokers[c->nbrokers++];
			conn_init(k, b->node_id);
		}
		char host[256];
		snprintf(host, sizeof(host), "%.*s", b->host.len > 0 ? (int)b->host.len : 0,
			 b->host.p ? b->host.p : "");
		if (strcmp(host, k->host) || k->port != b->port) {
			conn_close(k);
			snprintf(k->host, sizeof(k->host), "%s", host);
			k->port = b->port;
		}
	}
	return 0;
}

struct client_conn *client_broker(struct client *c, int32_t node_id)
{
	for (int i = 0; i < c->nbrokers; i++) {
		struct client_conn *k = &c->brokers[i];
		if (k->node_id != node_id)
			continue;
		/* The bootstrap connection often is that broker already. */
		if (k->fd < 0 && c->boot.fd >= 0 && !strcmp(k->host, c->boot.host) &&
		    k->port == c->boot.port)
			return &c->boot;
		if (k->fd < 0 && conn_open(c, k, k->host, k->port)) {
			/* The advertised-listener trap: say which address came from where. */
			char why[sizeof(c->err)];
			const char *cause = strrchr(c->err, '(');
			snprintf(why, sizeof(why), "%s", cause ? cause : c->err);
			set_err(c, "bootstrap %s:%d worked, but broker %d advertises %s:%d, which is "
				"not reachable %s", c->boot.host, c->boot.port, node_id, k->host, k->port,
				why);
			return NULL;
		}
		return k;
	}
	set_err(c, "broker %d is not in the cluster metadata", node_id);
	return NULL;
}

/* ---- pipelining ---- */

int client_conn_open(struct client *c, struct client_conn *k)
{
	if (k->fd >= 0)
		return 0;
	if (!k->port)
		return client_connect(c);
	char host[256];
	snprintf(host, sizeof(host), "%s", k->host);
	return conn_open(c, k, host, k->port);
}

int32_t client_frame_begin(struct client *c, struct client_conn *k, int key, int version,
			   struct buf *out)
{
	struct request_header h = {
		.api_key = (int16_t)key, .api_version = (int16_t)version,
		.correlation_id = k->next_correlation++, .client_id = kstr_c(c->client_id),
		.flexible = proto_api_flexible(key, version),
	};
	uint8_t *p = buf_grow(out, 4 + request_header_size(&h));
	request_header_encode(&h, p + 4);
	return h.correlation_id;
}

void client_frame_end(struct buf *out, size_t start)
{
	be32_put(out->data + start, (uint32_t)(out->len - start - 4));
}

int client_send_frame(struct client *c, struct client_conn *k, const uint8_t *p, size_t n)
{
	char eb[128];
	int rc = k->fd < 0 ? -ENOTCONN : send_all(c, k->fd, p, n);

	if (!rc)
		return 0;
	conn_close(k);
	set_err(c, "%s:%d: %s", k->host, k->port,
		rc == -ETIMEDOUT ? "timed out sending a request" : lower_strerror(-rc, eb, sizeof(eb)));
	return CLIENT_EUNAVAIL;
}

int client_recv_frame(struct client *c, struct client_conn *k, int key, int version, int32_t corr,
		      void *resp, struct arena *a)
{
	const struct proto_api *api = proto_api_find(key);
	struct request_header h = { .api_key = (int16_t)key, .api_version = (int16_t)version,
				    .flexible = proto_api_flexible(key, version) };
	uint8_t sz[4];
	char eb[128];
	int rc = k->fd < 0 ? -ENOTCONN : recv_all(c, k->fd, sz, 4);
	uint32_t n = rc ? 0 : be32_get(sz);

	if (!rc && (n < 4 || n > CLIENT_MAX_FRAME)) {
		conn_close(k);
		set_err(c, "%s:%d answered with a frame of %u bytes", k->host, k->port, n);
		return CLIENT_EPROTO;
	}
	uint8_t *body = rc ? NULL : arena_alloc(a, n);
	if (!rc)
		rc = recv_all(c, k->fd, body, n);
	if (rc) {
		conn_close(k);
		set_err(c, "%s:%d: %s", k->host, k->port,
			rc == -ETIMEDOUT ? "timed out waiting for an answer" :
					   lower_strerror(-rc, eb, sizeof(eb)));
		return CLIENT_EUNAVAIL;
	}
	struct reader r;
	int32_t got;
	reader_init(&r, body, n);
	if (response_header_decode(&r, &h, &got) || got != corr) {
		conn_close(k);
		set_err(c, "%s:%d: response to %s does not match the request (correlation id)",
			k->host, k->port, api->name);
		return CLIENT_EPROTO;
	}
	memset(resp, 0, api->response->size);
	rc = proto_decode(api->response, version, h.flexible, &r, resp, a);
	if (rc) {
		set_err(c, "%s:%d: cannot decode the %s v%d response: %s", k->host, k->port, api->name,
			version, kaf_strerror(rc));
		return CLIENT_EPROTO;
	}
	return 0;
}
