/*
 * The tools' client without a real broker: bootstrap list parsing, the
 * client-side request/response headers, a closed port, and a scripted fake
 * broker in a second thread that refuses ApiVersions v3 (so the client
 * falls back to the version it names), answers Metadata, then sends a
 * frame no Kafka broker would, and finally says nothing at all.
 */
#include "net/client/client.h"

#include "core/base/arena.h"
#include "core/base/bytes.h"
#include "core/base/clock.h"
#include "core/base/reader.h"
#include "core/codec/codec.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"
#include "tests/unit/tap.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_addresses(void)
{
	const char *l = " a.example:9092,[::1]:19092,, b:1";
	char host[64];
	int port = 0;

	is_int(client_next_address(&l, host, sizeof(host), &port), 1, "first address");
	is_str(host, "a.example", "host");
	is_int(port, 9092, "port");
	is_int(client_next_address(&l, host, sizeof(host), &port), 1, "bracketed v6 address");
	is_str(host, "::1", "brackets dropped");
	is_int(port, 19092, "v6 port");
	is_int(client_next_address(&l, host, sizeof(host), &port), 1, "empty entries skipped");
	is_str(host, "b", "third host");
	is_int(client_next_address(&l, host, sizeof(host), &port), 0, "end of the list");
	const char *bad[] = { "nohost", "h:", ":9092", "h:0", "h:70000", "h:12x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		l = bad[i];
		is_int(client_next_address(&l, host, sizeof(host), &port), -1, "'%s' refused", bad[i]);
	}
}

static void test_headers(void)
{
	struct request_header h = { .api_key = API_METADATA, .api_version = 6,
				    .correlation_id = 0x01020304, .client_id = kstr_c("kaf") };
	uint8_t buf[32];
	static const uint8_t want[] = { 0, 3, 0, 6, 1, 2, 3, 4, 0, 3, 'k', 'a', 'f' };

	is_int((int)request_header_size(&h), 13, "header v1 size");
	request_header_encode(&h, buf);
	is_mem(buf, want, sizeof(want), "header v1 bytes");
	h.flexible = 1;
	is_int((int)request_header_size(&h), 14, "header v2 adds a tag buffer");
	request_header_encode(&h, buf);
	is_int(buf[13], 0, "empty tag buffer");

	/* And the broker's decoder reads what the client wrote. */
	struct request_header back;
	struct reader r;
	h.api_key = API_CREATE_TOPICS;
	h.api_version = 5;
	request_header_encode(&h, buf);
	reader_init(&r, buf, request_header_size(&h));
	is_int(request_header_decode(&r, &back), 0, "broker decodes the client's header");
	is_int(back.correlation_id, 0x01020304, "correlation id");
	ok(back.flexible && reader_left(&r) == 0, "flexible, nothing left");

	/* Response header v1: correlation id, then one tag (ignored). */
	static const uint8_t resp[] = { 0, 0, 0, 7, 1, 5, 2, 'x', 'y', 0xAA };
	int32_t corr;
	reader_init(&r, resp, sizeof(resp));
	is_int(response_header_decode(&r, &back, &corr), 0, "response header v1");
	is_int(corr, 7, "response correlation id");
	is_int((int)reader_left(&r), 1, "tags skipped, body left");
	back.api_key = API_API_VERSIONS;
	reader_init(&r, resp, sizeof(resp));
	response_header_decode(&r, &back, &corr);
	is_int((int)reader_left(&r), 6, "ApiVersions responses have header v0");
}

static int listen_any(int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 4) ||
	    getsockname(fd, (struct sockaddr *)&a, &al))
		abort();
	*port = ntohs(a.sin_port);
	return fd;
}

static void test_unreachable(void)
{
	struct client c;
	int port, fd = listen_any(&port);
	char want[128];

	close(fd);	/* the port was free a moment ago and nobody listens now */
	char bs[64];
	snprintf(bs, sizeof(bs), "127.0.0.1:%d", port);
	int64_t t0 = clock_mono_ns();
	client_init(&c, bs, 400);
	is_int(client_connect(&c), CLIENT_EUNAVAIL, "closed port: unavailable");
	int64_t ms = (clock_mono_ns() - t0) / 1000000;
	snprintf(want, sizeof(want), "no broker reachable at 127.0.0.1:%d (connection refused)", port);
	is_str(client_error(&c), want, "closed port: the message names the address and the cause");
	ok(ms >= 200 && ms < 1000, "retried until about the deadline (%lld ms of 400)", (long long)ms);
	client_release(&c);

	client_init(&c, "127.0.0.1", 400);
	is_int(client_connect(&c), CLIENT_EPROTO, "a list without a port is not retried");
	client_release(&c);
}

/* ---- the fake broker ---- */

struct fake {
	int lfd, port;
	int seen_versions[4];	/* ApiVersions versions asked, then Metadata's */
	int nseen;
	int metadata_version;
	int client_id_ok;
};

static int read_frame(int fd, uint8_t *buf, size_t cap)
{
	uint8_t sz[4];
	size_t got = 0;
	while (got < 4) {
		ssize_t r = read(fd, sz + got, 4 - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	uint32_t n = be32_get(sz);
	if (n > cap)
		return -1;
	for (got = 0; got < n;) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return (int)n;
}

static void reply(int fd, const struct request_header *h, const struct proto_msg *m, int version,
		  const void *msg)
{
	struct arena a;
	struct proto_out out = { 0 };
	uint8_t *head;
	int flexible = proto_api_flexible(h->api_key, version);

	arena_init(&a, 4096);
	head = proto_out_reserve(&out, 4 + (size_t)response_header_size(h), &a);
	response_header_encode(h, head + 4);
	proto_encode(m, version, flexible, msg, &out, &a);
	be32_put(head, (uint32_t)(out.total - 4));
	uint8_t *flat = arena_alloc(&a, out.total);
	proto_out_flatten(&out, flat);
	if (write(fd, flat, out.total) != (ssize_t)out.total)
		abort();
	arena_release(&a);
}

static void *fake_run(void *arg)
{
	struct fake *f = arg;
	uint8_t buf[65536];
	int fd = accept(f->lfd, NULL, NULL);
	struct request_header h;
	struct reader r;
	int n;

	for (int step = 0; fd >= 0 && (n = read_frame(fd, buf, sizeof(buf))) > 0; step++) {
		reader_init(&r, buf, (size_t)n);
		if (request_header_decode(&r, &h))
			break;
		f->seen_versions[f->nseen++ & 3] = h.api_version;
		if (step == 0) {
			/* Refuse v3 as a broker that knows only v0-v2 does: a v0 body. */
			f->client_id_ok = kstr_eq(h.client_id, "kaf");
			struct api_versions_resp_api_keys keys[] = { { API_API_VERSIONS, 0, 2 } };
			struct api_versions_resp resp = { .error_code = KERR_UNSUPPORTED_VERSION };
			resp.api_keys.n = 1;
			resp.api_keys.v = keys;
			h.flexible = 0;
			reply(fd, &h, &api_versions_resp_desc, 0, &resp);
		} else if (step == 1) {
			struct api_versions_resp_api_keys keys[] = {
				{ API_API_VERSIONS, 0, 2 }, { API_METADATA, 0, 12 },
				{ API_CREATE_TOPICS, 2, 7 }, { API_FETCH, 13, 16 },
			};
			struct api_versions_resp resp = { 0 };
			resp.api_keys.n = 4;
			resp.api_keys.v = keys;
			reply(fd, &h, &api_versions_resp_desc, h.api_version, &resp);
		} else if (step == 2) {
			f->metadata_version = h.api_version;
			struct metadata_resp_brokers b[] = { { 7, kstr_c("127.0.0.1"), f->port, { NULL, -1 } } };
			struct metadata_resp_topics t[] = { { .name = kstr_c("orders") } };
			struct metadata_resp resp = { .controller_id = 7 };
			resp.brokers.n = 1;
			resp.brokers.v = b;
			resp.topics.n = 1;
			resp.topics.v = t;
			resp.cluster_id = kstr_c("c1");
			reply(fd, &h, &metadata_resp_desc, h.api_version, &resp);
		} else if (step == 3) {
			static const uint8_t huge[] = { 0x7f, 0xff, 0xff, 0xff };
			if (write(fd, huge, 4) != 4)
				abort();
		} else {
			break;
		}
	}
	/* Step 4 (after a reconnect): read the request, never answer. */
	if (fd >= 0)
		close(fd);
	fd = accept(f->lfd, NULL, NULL);
	if (fd >= 0) {
		while (read_frame(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	return NULL;
}

static void test_fake_broker(void)
{
	struct fake f = { 0 };
	pthread_t th;
	struct client c;
	struct arena a;
	char bs[64];

	f.lfd = listen_any(&f.port);
	pthread_create(&th, NULL, fake_run, &f);
	snprintf(bs, sizeof(bs), "localhost:1,127.0.0.1:%d", f.port);
	client_init(&c, bs, 5000);
	is_int(client_connect(&c), 0, "connects to the second address of the list");
	ok(f.nseen >= 2 && f.seen_versions[0] == 3 && f.seen_versions[1] == 2,
	   "ApiVersions v3 first, then v2 as the broker named");
	ok(f.client_id_ok, "client id 'kaf' sent");
	is_int(client_version(&c.boot, API_METADATA), 12, "Metadata: highest common version");
	is_int(client_version(&c.boot, API_CREATE_TOPICS), 4, "CreateTopics: ours is the limit");
	is_int(client_version(&c.boot, API_FETCH), -1, "Fetch: no common version");
	is_int(client_version(&c.boot, API_DELETE_TOPICS), -1, "DeleteTopics: not offered");

	struct metadata_resp md;
	arena_init(&a, 4096);
	is_int(client_metadata(&c, NULL, -1, &md, &a), 0, "metadata");
	is_int(f.metadata_version, 12, "sent as Metadata v12 (flexible)");
	ok(md.topics.n == 1 && kstr_eq(md.topics.v[0].name, "orders"), "topic decoded");
	is_int(c.nbrokers, 1, "broker list remembered");
	ok(client_broker(&c, 7) == &c.boot, "broker 7 is the bootstrap connection");
	ok(client_broker(&c, 8) == NULL, "an unknown broker id");
	ok(strstr(client_error(&c), "broker 8 is not in the cluster metadata") != NULL, "%s",
	   client_error(&c));

	/* A frame size no broker sends: refused before allocating. */
	is_int(client_metadata(&c, NULL, -1, &md, &a), CLIENT_EPROTO, "huge frame refused");
	ok(strstr(client_error(&c), "is this a Kafka broker?") != NULL, "%s", client_error(&c));
	ok(c.boot.fd < 0, "the connection is dropped");
	arena_release(&a);

	/* Reconnects; this time nobody answers: the deadline ends the wait. */
	c.deadline_ns = clock_mono_ns() + 300 * 1000000LL;
	arena_init(&a, 4096);
	int rc = client_metadata(&c, NULL, -1, &md, &a);
	is_int(rc, CLIENT_EUNAVAIL, "no answer before the deadline: unavailable");
	arena_release(&a);
	client_release(&c);
	pthread_join(th, NULL);
	close(f.lfd);
}

int main(void)
{
	test_addresses();
	test_headers();
	test_unreachable();
	test_fake_broker();
	return tap_done();
}
