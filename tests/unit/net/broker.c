/*
 * The network layer against a real socket: a broker on an ephemeral
 * loopback port runs its loop in a second thread while this thread speaks
 * raw Kafka frames to it (ApiVersions in three versions, pipelining,
 * unsupported versions and keys, oversized frames, idle timeout).
 */
#include "core/base/bytes.h"
#include "net/broker.h"
#include "tests/unit/tap.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static uv_loop_t loop;
static struct broker b;
static uv_async_t stop_async;
static int port;

static void on_stop(uv_async_t *a)
{
	broker_close(&b);
	uv_close((uv_handle_t *)a, NULL);
}

static void *loop_thread(void *arg)
{
	uv_run(&loop, UV_RUN_DEFAULT);
	return NULL;
}

static int connect_broker(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const void *p, size_t n)
{
	return write(fd, p, n) == (ssize_t)n ? 0 : -1;
}

/* Read one response frame into buf; returns its length, 0 on EOF, -1 on timeout. */
static int read_frame(int fd, uint8_t *buf, size_t cap, int timeout_ms)
{
	size_t have = 0, want = 4;
	while (have < want) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, timeout_ms) <= 0)
			return -1;
		ssize_t r = read(fd, buf + have, want - have);
		if (r <= 0)
			return 0;
		have += (size_t)r;
		if (have == 4) {
			want = 4 + be32_get(buf);
			if (want > cap)
				return -1;
		}
	}
	return (int)have;
}

/* A request frame: size, key, version, correlation id, client id "t", [tags], body. */
static size_t make_request(uint8_t *p, int key, int version, int corr, int flexible,
			   const uint8_t *body, size_t body_len)
{
	size_t n = 4;
	be16_put(p + n, (uint16_t)key), n += 2;
	be16_put(p + n, (uint16_t)version), n += 2;
	be32_put(p + n, (uint32_t)corr), n += 4;
	be16_put(p + n, 1), n += 2;
	p[n++] = 't';
	if (flexible)
		p[n++] = 0;
	if (body_len)
		memcpy(p + n, body, body_len);
	n += body_len;
	be32_put(p, (uint32_t)(n - 4));
	return n;
}

static int closed_by_broker(int fd)
{
	uint8_t buf[64];
	return read_frame(fd, buf, sizeof(buf), 2000) == 0;
}

int main(void)
{
	struct broker_opts opts = {
		.node_id = 1, .listeners = "PLAINTEXT://127.0.0.1:0",
		.max_request_bytes = 1 << 20, .idle_ms = 300, .max_pending_write_bytes = 1 << 20,
	};
	uv_loop_init(&loop);
	is_int(broker_open(&b, &loop, &opts), 0, "broker listens on an ephemeral port");
	port = b.listeners[0].port;
	ok(port > 0, "bound port %d", port);
	uv_async_init(&loop, &stop_async, on_stop);
	pthread_t th;
	pthread_create(&th, NULL, loop_thread, NULL);

	uint8_t req[256], resp[4096];
	int fd = connect_broker();
	ok(fd >= 0, "client connects");

	/* v0, as kafka-python's probe sends it. */
	size_t n = make_request(req, 18, 0, 7, 0, NULL, 0);
	send_all(fd, req, n);
	int got = read_frame(fd, resp, sizeof(resp), 2000);
	ok(got >= 16, "ApiVersions v0 answered (%d bytes)", got);
	is_int(be32_get(resp + 4), 7, "correlation id echoed");
	is_int(be16_get(resp + 8), 0, "no error");
	int nkeys = (int)be32_get(resp + 10), found = 0;
	for (int i = 0; i < nkeys && 14 + i * 6 + 6 <= got; i++)
		if (be16_get(resp + 14 + i * 6) == 18 && be16_get(resp + 18 + i * 6) == 3)
			found = 1;
	ok(found, "advertises ApiVersions up to v3");

	/* v3 flexible request; the response header stays v0 (no tag byte). */
	static const uint8_t v3body[] = { 4, 'k', 'a', 'f', 4, '1', '.', '0', 0 };
	n = make_request(req, 18, 3, 8, 1, v3body, sizeof(v3body));
	send_all(fd, req, n);
	got = read_frame(fd, resp, sizeof(resp), 2000);
	ok(got > 8, "ApiVersions v3 answered");
	is_int(be32_get(resp + 4), 8, "correlation id");
	is_int(be16_get(resp + 8), 0, "error code right after the v0 header");
	ok(resp[10] >= 2, "compact array of keys");

	/* A version we do not serve: v0 body with UNSUPPORTED_VERSION, connection kept. */
	n = make_request(req, 18, 9, 9, 1, NULL, 0);
	send_all(fd, req, n);
	got = read_frame(fd, resp, sizeof(resp), 2000);
	is_int(got, 4 + 4 + 2 + 4 + 6, "unsupported ApiVersions answered in the v0 layout");
	is_int(be16_get(resp + 8), 35, "UNSUPPORTED_VERSION");
	ok(be32_get(resp + 10) == 1 && be16_get(resp + 14) == 18 && be16_get(resp + 18) == 3,
	   "with our range for key 18");

	/* Three requests in one write come back in order. */
	size_t total = 0;
	for (int i = 0; i < 3; i++)
		total += make_request(req + total, 18, 1, 100 + i, 0, NULL, 0);
	send_all(fd, req, total);
	int order = 1;
	for (int i = 0; i < 3; i++) {
		got = read_frame(fd, resp, sizeof(resp), 2000);
		order &= got > 8 && be32_get(resp + 4) == (uint32_t)(100 + i);
	}
	ok(order, "pipelined responses in request order");

	/* A frame arriving in pieces is still one request. */
	n = make_request(req, 18, 2, 11, 0, NULL, 0);
	for (size_t i = 0; i < n; i++) {
		send_all(fd, req + i, 1);
		usleep(1000);
	}
	got = read_frame(fd, resp, sizeof(resp), 2000);
	ok(got > 8 && be32_get(resp + 4) == 11, "byte-at-a-time frame answered");
	close(fd);

	fd = connect_broker();
	n = make_request(req, 999, 0, 1, 0, NULL, 0);
	send_all(fd, req, n);
	ok(closed_by_broker(fd), "unknown API key closes the connection");
	close(fd);

	fd = connect_broker();
	uint8_t big[4];
	be32_put(big, 200u << 20);
	send_all(fd, big, 4);
	ok(closed_by_broker(fd), "frame over socket.request.max.bytes closes before reading it");
	close(fd);

	fd = connect_broker();
	be32_put(big, 0xfffffff0u);
	send_all(fd, big, 4);
	ok(closed_by_broker(fd), "negative frame size closes");
	close(fd);

	fd = connect_broker();
	static const uint8_t bad[] = { 0x05 };	/* compact string longer than the body */
	n = make_request(req, 18, 3, 1, 1, bad, sizeof(bad));
	send_all(fd, req, n);
	ok(closed_by_broker(fd), "malformed body closes the connection");
	close(fd);

	fd = connect_broker();
	usleep(700 * 1000);
	ok(closed_by_broker(fd), "idle connection closed after connections.max.idle.ms");
	close(fd);

	uv_async_send(&stop_async);
	pthread_join(th, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	is_int(uv_loop_close(&loop), 0, "every handle closed");
	return tap_done();
}
