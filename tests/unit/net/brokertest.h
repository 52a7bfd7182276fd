/*
 * Helpers for tests that run a broker with a real log directory: the
 * broker's loop runs in a second thread while the test thread speaks Kafka
 * frames to it, built and read with the codec itself. Partitions are
 * created before the loop starts; afterwards the loop thread owns the logs
 * and the test looks at them only through requests (or tb_call).
 */
#ifndef KAF_TESTS_BROKERTEST_H
#define KAF_TESTS_BROKERTEST_H

#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/reader.h"
#include "core/codec/codec.h"
#include "core/log/log.h"
#include "core/log/logdir.h"
#include "core/record/batch.h"
#include "net/broker.h"
#include "net/proto/api.h"
#include "net/proto/msg_data.h"
#include "tests/unit/tap.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define T0 1700000000000LL

struct tb {
	uv_loop_t loop;
	struct broker b;
	uv_async_t stop;
	uv_async_t call;
	pthread_t th;
	struct log_dir *logs;
	struct log_config cfg;
	char dir[256];
	int port;
	/* tb_call: fn runs on the loop thread; the caller waits for it. */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	void (*call_fn)(struct tb *t, void *arg);
	void *call_arg;
	int call_done;
};

static void tb_on_stop(uv_async_t *a)
{
	struct tb *t = a->data;
	broker_close(&t->b);
	uv_close((uv_handle_t *)&t->stop, NULL);
	uv_close((uv_handle_t *)&t->call, NULL);
}

static void tb_on_call(uv_async_t *a)
{
	struct tb *t = a->data;
	pthread_mutex_lock(&t->mu);
	if (t->call_fn && !t->call_done) {
		t->call_fn(t, t->call_arg);
		t->call_done = 1;
		pthread_cond_signal(&t->cv);
	}
	pthread_mutex_unlock(&t->mu);
}

static void *tb_thread(void *arg)
{
	struct tb *t = arg;
	uv_run(&t->loop, UV_RUN_DEFAULT);
	return NULL;
}

/* A log directory in a fresh temporary directory and a broker on an ephemeral port (not running yet). */
__attribute__((unused))
static void tb_open(struct tb *t)
{
	memset(t, 0, sizeof(*t));
	/* A write to a client that went away is EPIPE for the broker, as in kaf server. */
	signal(SIGPIPE, SIG_IGN);
	const char *tmp = getenv("TMPDIR");
	snprintf(t->dir, sizeof(t->dir), "%s/kaf-nettest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t->dir)) {
		perror("mkdtemp");
		exit(1);
	}
	log_config_default(&t->cfg);
	struct log_dir_report rep;
	if (log_dir_open(t->dir, &t->cfg, T0, &t->logs, &rep)) {
		fprintf(stderr, "log_dir_open failed\n");
		exit(1);
	}
	struct broker_opts opts = {
		.node_id = 1, .listeners = "PLAINTEXT://127.0.0.1:0",
		.max_request_bytes = 8 << 20, .idle_ms = 60000, .max_pending_write_bytes = 8 << 20,
	};
	uv_loop_init(&t->loop);
	if (broker_open(&t->b, &t->loop, &opts)) {
		fprintf(stderr, "broker_open failed\n");
		exit(1);
	}
	t->b.logs = t->logs;
	t->port = t->b.listeners[0].port;
	t->stop.data = t->call.data = t;
	uv_async_init(&t->loop, &t->stop, tb_on_stop);
	uv_async_init(&t->loop, &t->call, tb_on_call);
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
}

/* Create a partition (before tb_run); cfg NULL = the defaults. */
__attribute__((unused))
static struct log *tb_create(struct tb *t, const char *topic, int32_t partition,
			     const struct log_config *cfg)
{
	struct log *l;
	if (log_dir_create(t->logs, topic, partition, cfg, T0, &l)) {
		fprintf(stderr, "log_dir_create %s-%d failed\n", topic, partition);
		exit(1);
	}
	return l;
}

__attribute__((unused))
static void tb_run(struct tb *t)
{
	pthread_create(&t->th, NULL, tb_thread, t);
}

/* Run fn(t, arg) on the loop thread and wait until it has run. */
__attribute__((unused))
static void tb_call(struct tb *t, void (*fn)(struct tb *, void *), void *arg)
{
	pthread_mutex_lock(&t->mu);
	t->call_fn = fn;
	t->call_arg = arg;
	t->call_done = 0;
	uv_async_send(&t->call);
	while (!t->call_done)
		pthread_cond_wait(&t->cv, &t->mu);
	t->call_fn = NULL;
	pthread_mutex_unlock(&t->mu);
}

/* Close the broker, finish the loop, close the log directory and remove it. Returns uv_loop_close's status. */
__attribute__((unused))
static int tb_close(struct tb *t)
{
	uv_async_send(&t->stop);
	pthread_join(t->th, NULL);
	uv_run(&t->loop, UV_RUN_DEFAULT);
	int rc = uv_loop_close(&t->loop);
	log_dir_close(t->logs);
	rm_rf(t->dir);
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	return rc;
}

__attribute__((unused))
static int tb_connect(struct tb *t)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)t->port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int tb_write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Encode a whole request frame (size, header, body) into out (replacing its contents). */
__attribute__((unused))
static void tb_frame(struct buf *out, int key, int version, int32_t corr, const void *msg)
{
	const struct proto_api *api = proto_api_find(key);
	int flex = proto_api_flexible(key, version);
	struct arena a;
	struct proto_out po = { 0 };
	arena_init(&a, 4096);
	proto_encode(api->request, version, flex, msg, &po, &a);
	buf_reset(out);
	buf_put_be32(out, (uint32_t)(2 + 2 + 4 + 2 + 1 + (flex ? 1 : 0) + po.total));
	buf_put_be16(out, (uint16_t)key);
	buf_put_be16(out, (uint16_t)version);
	buf_put_be32(out, (uint32_t)corr);
	buf_put_be16(out, 1);
	buf_append(out, "t", 1);
	if (flex)
		buf_put_u8(out, 0);
	uint8_t *p = buf_grow(out, po.total);
	proto_out_flatten(&po, p);
	arena_release(&a);
}

/* Send one request; 0 or -1. */
__attribute__((unused))
static int tb_send(int fd, int key, int version, int32_t corr, const void *msg)
{
	struct buf f = BUF_INIT;
	tb_frame(&f, key, version, corr, msg);
	int rc = tb_write_all(fd, f.data, f.len);
	buf_release(&f);
	return rc;
}

/* Read one frame (without its size) into arena memory: its length, 0 on EOF, -1 on timeout. */
static int64_t tb_read_frame(int fd, struct arena *a, uint8_t **out, int timeout_ms)
{
	uint8_t hdr[4];
	size_t have = 0;
	while (have < 4) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, timeout_ms) <= 0)
			return -1;
		ssize_t r = read(fd, hdr + have, 4 - have);
		if (r <= 0)
			return 0;
		have += (size_t)r;
	}
	uint32_t size = be32_get(hdr);
	if (size > (64u << 20))
		return -1;
	uint8_t *p = arena_alloc(a, size ? size : 1);
	for (have = 0; have < size;) {
		struct pollfd pl = { fd, POLLIN, 0 };
		if (poll(&pl, 1, timeout_ms) <= 0)
			return -1;
		ssize_t r = read(fd, p + have, size - have);
		if (r <= 0)
			return 0;
		have += (size_t)r;
	}
	*out = p;
	return (int64_t)size;
}

/*
 * Read one response and decode it as the response of (key, version) into
 * out (the response struct, zeroed here). Views point into arena memory.
 * Returns the correlation id, -1 on timeout or a decoding error, -2 when
 * the broker closed the connection.
 */
__attribute__((unused))
static int64_t tb_recv(int fd, int key, int version, void *out, struct arena *a, int timeout_ms)
{
	const struct proto_api *api = proto_api_find(key);
	int flex = proto_api_flexible(key, version) && key != API_API_VERSIONS;
	uint8_t *p;
	memset(out, 0, api->response->size);
	int64_t n = tb_read_frame(fd, a, &p, timeout_ms);
	if (n == 0)
		return -2;
	if (n < 4)
		return -1;
	struct reader rd;
	reader_init(&rd, p, (size_t)n);
	int32_t corr = reader_i32(&rd);
	if (flex)
		reader_i8(&rd);	/* empty header tag buffer */
	if (proto_decode(api->response, version, flex, &rd, out, a) || reader_left(&rd))
		return -1;
	return corr;
}

/* Whether the broker closed fd (EOF within timeout_ms). */
__attribute__((unused))
static int tb_closed(int fd, int timeout_ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	uint8_t c;
	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	return read(fd, &c, 1) == 0;
}

/* Nothing to read within timeout_ms. */
__attribute__((unused))
static int tb_quiet(int fd, int timeout_ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	return poll(&p, 1, timeout_ms) == 0;
}

/* An uncompressed batch of nrec records (key "k<i>", vsize-byte values, timestamps ts + i). */
__attribute__((unused))
static void tb_batch(struct buf *out, const struct batch_opts *o, int nrec, int64_t ts, int vsize)
{
	struct batch_builder bb;
	char key[16];
	uint8_t *val = malloc(vsize > 0 ? (size_t)vsize : 1);
	batch_builder_init(&bb, o);
	for (int i = 0; i < nrec; i++) {
		for (int j = 0; j < vsize; j++)
			val[j] = (uint8_t)(ts * 7 + i * 13 + j);
		int kl = snprintf(key, sizeof(key), "k%d", i);
		batch_builder_add(&bb, ts + i, -1, key, kl, val, vsize, NULL, 0);
	}
	if (batch_builder_finish(&bb, 0, -1, out)) {
		fprintf(stderr, "batch_builder_finish failed\n");
		exit(1);
	}
	batch_builder_release(&bb);
	free(val);
}

#endif
