/*
 * peerbench: load for the peers `make bench` measures kaf against, written
 * straight onto their text protocols so no client library is needed.
 *
 *   peerbench redis produce|consume|e2e -p PORT [-n COUNT] [-s SIZE] [--depth D]
 *   peerbench nats  produce|consume|e2e -p PORT [-n COUNT] [-s SIZE] [--depth D]
 *   peerbench redis|nats idle -p PORT -n CONNECTIONS --pid SERVER_PID
 *   common: [--pid SERVER_PID] [--rate REC_PER_S] [--seconds S] [--key NAME]
 *
 * Redis Streams: `XADD key * d <payload>` pipelined D deep (D = 1000 matches
 * acks=1 with batching; D = 1 is one command in flight); consume is
 * `XREAD COUNT 1000 STREAMS key <last id>` from the start; e2e publishes one
 * XADD at a time at a fixed rate while a second connection waits in
 * `XREAD BLOCK`. NATS JetStream: the stream is created through
 * `$JS.API.STREAM.CREATE`; produce is PUB with a reply inbox, at most D
 * (4096) unacknowledged, counting the JetStream acks; consume is a push
 * consumer with flow control from the first message; e2e publishes
 * synchronously (one ack awaited per message) with a push consumer on a
 * second connection. idle: RSS of the server before and after opening
 * COUNT connections that each sent PING (Redis) or CONNECT + PING (NATS).
 * Output: one JSON line like kbench's.
 */
#include "tests/bench/measure.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int port, size = 100, depth = 1000, rate = 10000, seconds = 5, pid;
static long long count = 100000;
static const char *key = "bench";

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("peerbench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}




/* ---- a buffered connection ---- */

struct conn {
	int fd;
	char *in;
	size_t r, w, cap;
	char *out;
	size_t olen, ocap;
};

static void conn_open(struct conn *c)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int one = 1;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("connect to port %d: %s", port, strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* A server that stops sending (a dropped slow consumer) fails the run
	 * in 15 s instead of hanging it; the e2e readers wake on heartbeats. */
	struct timeval tv = {.tv_sec = 15};
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	c->cap = 4 << 20;
	c->in = malloc(c->cap);
	c->ocap = 1 << 20;
	c->out = malloc(c->ocap);
}

static void conn_flush(struct conn *c)
{
	size_t off = 0;
	while (off < c->olen) {
		ssize_t k = write(c->fd, c->out + off, c->olen - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			die("write: %s", strerror(errno));
		off += (size_t)k;
	}
	c->olen = 0;
}

static void conn_put(struct conn *c, const void *p, size_t n)
{
	if (c->olen + n > c->ocap)
		conn_flush(c);
	if (n > c->ocap)
		die("message too large");
	memcpy(c->out + c->olen, p, n);
	c->olen += n;
}

static void conn_printf(struct conn *c, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	conn_put(c, tmp, (size_t)n);
}

/* Make at least n bytes available at c->in + c->r. */
static void conn_need(struct conn *c, size_t n)
{
	if (c->w - c->r >= n)
		return;
	if (c->r > 0) {
		memmove(c->in, c->in + c->r, c->w - c->r);
		c->w -= c->r;
		c->r = 0;
	}
	if (n > c->cap)
		die("reply too large");
	while (c->w - c->r < n) {
		ssize_t k = read(c->fd, c->in + c->w, c->cap - c->w);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			die("nothing from the server for 15 s");
		if (k <= 0)
			die("connection closed by the server");
		c->w += (size_t)k;
	}
}

/* The next line without its CRLF, NUL-terminated in place. */
static char *conn_line(struct conn *c)
{
	size_t scanned = 0;
	for (;;) {
		char *s = c->in + c->r;
		char *e = memchr(s + scanned, '\n', c->w - c->r - scanned);
		if (e) {
			*e = 0;
			if (e > s && e[-1] == '\r')
				e[-1] = 0;
			c->r = (size_t)(e - c->in) + 1;
			return s;
		}
		scanned = c->w - c->r;
		conn_need(c, scanned + 1);
	}
}

static char *conn_bytes(struct conn *c, size_t n)
{
	conn_need(c, n);
	char *p = c->in + c->r;
	c->r += n;
	return p;
}

/* ---- latency and output ---- */

struct lat {
	int64_t *v;
	size_t n, cap;
};

static void lat_add(struct lat *l, int64_t ns)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 65536;
		if (!(l->v = realloc(l->v, l->cap * sizeof(*l->v))))
			die("out of memory");
	}
	l->v[l->n++] = ns;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void lat_json(const char *name, struct lat *l)
{
	qsort(l->v, l->n, sizeof(*l->v), cmp_i64);
	double p[4] = {-1, -1, -1, -1}, q[4] = {50, 99, 99.9, 100};
	for (int i = 0; i < 4 && l->n; i++)
		p[i] = (double)l->v[(size_t)(q[i] / 100.0 * (double)(l->n - 1) + 0.5)] / 1e6;
	printf(",\"%s\":{\"n\":%zu,\"p50\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f}", name, l->n, p[0],
	       p[1], p[2], p[3]);
}

static const char *peer, *what;
static double c0, b0;
static int64_t t0;

static void start_clock(void)
{
	c0 = self_cpu();
	b0 = proc_cpu(pid);
	t0 = now_ns();
}

static void print_rates(long long n)
{
	double secs = (double)(now_ns() - t0) / 1e9, b1 = proc_cpu(pid);
	printf("{\"phase\":\"%s\",\"peer\":\"%s\",\"size\":%d,\"depth\":%d,\"records\":%lld,\"seconds\":%.4f,"
	       "\"rec_per_s\":%.0f,\"MB_per_s\":%.2f,\"client_cpu_s\":%.3f,\"broker_cpu_s\":%.3f",
	       what, peer, size, depth, n, secs, (double)n / secs, (double)n * size / 1e6 / secs,
	       self_cpu() - c0, b0 >= 0 && b1 >= 0 ? b1 - b0 : -1);
}

static void fill(char *p, int n)
{
	uint64_t x = 0x9E3779B97F4A7C15ull;
	for (int i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (char)(x >> 24);
	}
}

static void sleep_until(int64_t due)
{
	struct timespec ts = {.tv_sec = due / 1000000000, .tv_nsec = due % 1000000000};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static struct lat e2e_lat, ack_lat;
static volatile long long e2e_got;
static volatile int stop;

/* ---- Redis ---- */

static void redis_xadd(struct conn *c, const char *payload)
{
	conn_printf(c, "*5\r\n$4\r\nXADD\r\n$%zu\r\n%s\r\n$1\r\n*\r\n$1\r\nd\r\n$%d\r\n", strlen(key), key,
		    size);
	conn_put(c, payload, (size_t)size);
	conn_put(c, "\r\n", 2);
}

static void redis_reply_bulk(struct conn *c)
{
	char *l = conn_line(c);
	if (l[0] != '$')
		die("redis: %s", l);
	long n = atol(l + 1);
	if (n >= 0)
		conn_bytes(c, (size_t)n + 2);
}

static char *redis_bulk(struct conn *c, long *len)
{
	char *l = conn_line(c);
	if (l[0] != '$')
		die("redis: unexpected %s", l);
	*len = atol(l + 1);
	char *p = conn_bytes(c, (size_t)*len + 2);
	return p;
}

static long redis_array(struct conn *c)
{
	char *l = conn_line(c);
	if (l[0] != '*')
		die("redis: unexpected %s", l);
	return atol(l + 1);
}

/* One XREAD reply: entries are counted, the last id kept; with a
 * timestamp in the payload each entry adds an end-to-end sample. */
static long redis_xread_reply(struct conn *c, char *last, int timed)
{
	long got = 0, len;
	long streams = redis_array(c);
	for (long s = 0; s < streams; s++) {
		if (redis_array(c) != 2)
			die("redis: bad XREAD reply");
		redis_bulk(c, &len);
		long entries = redis_array(c);
		for (long e = 0; e < entries; e++) {
			redis_array(c);
			char *id = redis_bulk(c, &len);
			if (len >= 64)
				die("redis: long id");
			memcpy(last, id, (size_t)len);
			last[len] = 0;
			long fields = redis_array(c);
			for (long f = 0; f < fields; f++) {
				char *v = redis_bulk(c, &len);
				if (timed && f == 1 && len >= 8) {
					int64_t sent;
					memcpy(&sent, v, 8);
					lat_add(&e2e_lat, now_ns() - sent);
				}
			}
			got++;
		}
	}
	return got;
}

static void redis_xread(struct conn *c, const char *last, int block_ms)
{
	char b[32];
	int bl = snprintf(b, sizeof(b), "%d", block_ms);
	if (block_ms >= 0)
		conn_printf(c, "*8\r\n$5\r\nXREAD\r\n$5\r\nBLOCK\r\n$%d\r\n%s\r\n", bl, b);
	else
		conn_printf(c, "*6\r\n$5\r\nXREAD\r\n");
	conn_printf(c, "$5\r\nCOUNT\r\n$4\r\n1000\r\n$7\r\nSTREAMS\r\n$%zu\r\n%s\r\n$%zu\r\n%s\r\n",
		    strlen(key), key, strlen(last), last);
	conn_flush(c);
}

static void redis_produce(void)
{
	struct conn c;
	char *pay = malloc((size_t)size);
	fill(pay, size);
	conn_open(&c);
	start_clock();
	for (long long sent = 0; sent < count;) {
		long long k = count - sent < depth ? count - sent : depth;
		for (long long i = 0; i < k; i++)
			redis_xadd(&c, pay);
		conn_flush(&c);
		for (long long i = 0; i < k; i++)
			redis_reply_bulk(&c);
		sent += k;
	}
	print_rates(count);
	printf("}\n");
}

static void redis_consume(void)
{
	struct conn c;
	char last[64] = "0-0";
	long long got = 0;
	conn_open(&c);
	start_clock();
	while (got < count) {
		redis_xread(&c, last, -1);
		long k = redis_xread_reply(&c, last, 0);
		if (k == 0)
			break;
		got += k;
	}
	print_rates(got);
	printf("}\n");
	if (got < count)
		die("short consume: %lld of %lld", got, count);
}

static void *redis_e2e_reader(void *arg)
{
	struct conn c;
	char last[64] = "0-0";
	conn_open(&c);
	while (!stop) {
		redis_xread(&c, last, 200);
		e2e_got += redis_xread_reply(&c, last, 1);
	}
	return NULL;
}

/*
 * The e2e run of either peer: n records at the fixed rate, each carrying its
 * send time, each acknowledged before the next (send_one sends, flushes and
 * reads the ack); then wait for the reader thread th and print the line.
 * NATS's reader may sit in a read: its heartbeat wakes it within a second.
 */
static void e2e_paced(struct conn *c, void (*send_one)(struct conn *, const char *),
		      char *pay, long long n, pthread_t th)
{
	usleep(200000);
	start_clock();
	int64_t step = 1000000000 / rate;
	for (long long i = 0; i < n; i++) {
		sleep_until(t0 + i * step);
		int64_t t = now_ns();
		memcpy(pay, &t, 8);
		send_one(c, pay);
		lat_add(&ack_lat, now_ns() - t);
	}
	for (int w = 0; w < 5000 && e2e_got < n; w++)
		usleep(1000);
	print_rates(e2e_got);
	stop = 1;
	pthread_join(th, NULL);
	printf(",\"rate\":%d", rate);
	lat_json("e2e_ms", &e2e_lat);
	lat_json("ack_ms", &ack_lat);
	printf("}\n");
}

static void redis_send_one(struct conn *c, const char *pay)
{
	redis_xadd(c, pay);
	conn_flush(c);
	redis_reply_bulk(c);
}

static void redis_e2e(void)
{
	struct conn c;
	pthread_t th;
	char *pay = malloc((size_t)size);
	long long n = (long long)rate * seconds;
	fill(pay, size);
	conn_open(&c);
	pthread_create(&th, NULL, redis_e2e_reader, NULL);
	e2e_paced(&c, redis_send_one, pay, n, th);
}

/* ---- NATS JetStream ---- */

struct nmsg {
	int sid;
	char reply[128];
	char *hdr, *data;
	size_t hlen, dlen;
};

static void nats_connect(struct conn *c)
{
	conn_open(c);
	char *l = conn_line(c);
	if (strncmp(l, "INFO", 4))
		die("nats: expected INFO, got %s", l);
	conn_printf(c, "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true,"
		       "\"name\":\"peerbench\"}\r\nPING\r\n");
	conn_flush(c);
	for (;;) {
		l = conn_line(c);
		if (!strcmp(l, "PONG"))
			return;
		if (!strncmp(l, "-ERR", 4))
			die("nats: %s", l);
	}
}

/* The next MSG or HMSG; PINGs are answered on the way. */
static void nats_next(struct conn *c, struct nmsg *m)
{
	for (;;) {
		char *l = conn_line(c);
		if (!strcmp(l, "PING")) {
			conn_put(c, "PONG\r\n", 6);
			conn_flush(c);
			continue;
		}
		if (!strncmp(l, "-ERR", 4))
			die("nats: %s", l);
		int h = !strncmp(l, "HMSG ", 5);
		if (!h && strncmp(l, "MSG ", 4))
			continue;
		char *tok[6] = {0};
		int nt = 0;
		char *save = NULL;
		for (char *s = strtok_r(l, " ", &save); s && nt < 6; s = strtok_r(NULL, " ", &save))
			tok[nt++] = s;
		if (nt < (h ? 5 : 4))
			die("nats: bad message line");
		int args = nt - 1; /* after the verb: subject sid [reply] [hdr] total */
		int has_reply = h ? args == 5 : args == 4;
		m->sid = atoi(tok[2]);
		snprintf(m->reply, sizeof(m->reply), "%s", has_reply ? tok[3] : "");
		size_t total = (size_t)atol(tok[nt - 1]);
		m->hlen = h ? (size_t)atol(tok[nt - 2]) : 0;
		if (m->hlen > total)
			die("nats: bad HMSG");
		char *p = conn_bytes(c, total + 2);
		m->hdr = p;
		m->data = p + m->hlen;
		m->dlen = total - m->hlen;
		return;
	}
}

/* A JetStream API request on the inbox subscribed as sid 1. */
static void nats_api(struct conn *c, const char *subject, const char *json)
{
	struct nmsg m;
	conn_printf(c, "PUB %s _INBOX.api %zu\r\n%s\r\n", subject, strlen(json), json);
	conn_flush(c);
	do
		nats_next(c, &m);
	while (m.sid != 1);
	if (memmem(m.data, m.dlen, "\"error\"", 7))
		die("nats: %s: %.*s", subject, (int)m.dlen, m.data);
}

static void nats_stream(struct conn *c)
{
	char subj[256], json[512];
	conn_printf(c, "SUB _INBOX.api 1\r\n");
	snprintf(subj, sizeof(subj), "$JS.API.STREAM.CREATE.%s", key);
	snprintf(json, sizeof(json),
		 "{\"name\":\"%s\",\"subjects\":[\"%s.>\"],\"storage\":\"file\",\"retention\":\"limits\","
		 "\"discard\":\"old\",\"num_replicas\":1}",
		 key, key);
	nats_api(c, subj, json);
}

/* A push consumer from the first message delivering to sid 3. */
static void nats_consumer(struct conn *c)
{
	char subj[256], json[512];
	conn_printf(c, "SUB _INBOX.api 1\r\nSUB _DLV.%s 3\r\n", key);
	snprintf(subj, sizeof(subj), "$JS.API.CONSUMER.CREATE.%s", key);
	snprintf(json, sizeof(json),
		 "{\"stream_name\":\"%s\",\"config\":{\"deliver_subject\":\"_DLV.%s\",\"deliver_policy\":"
		 "\"all\",\"ack_policy\":\"none\",\"flow_control\":true,\"idle_heartbeat\":1000000000}}",
		 key, key);
	nats_api(c, subj, json);
}

/* A delivered record, or 0 for a flow-control or heartbeat message. */
static int nats_delivery(struct conn *c, struct nmsg *m)
{
	if (m->sid != 3)
		return 0;
	if (m->hlen && memmem(m->hdr, m->hlen, "NATS/1.0 100", 12)) {
		if (m->reply[0]) {
			conn_printf(c, "PUB %s 0\r\n\r\n", m->reply);
			conn_flush(c);
		}
		return 0;
	}
	return 1;
}

static void nats_pub(struct conn *c, const char *pay)
{
	conn_printf(c, "PUB %s.x _INBOX.ack %d\r\n", key, size);
	conn_put(c, pay, (size_t)size);
	conn_put(c, "\r\n", 2);
}

static void nats_ack(struct conn *c)
{
	struct nmsg m;
	do
		nats_next(c, &m);
	while (m.sid != 2);
	if (!memmem(m.data, m.dlen, "\"seq\"", 5))
		die("nats: publish not acknowledged: %.*s", (int)m.dlen, m.data);
}

static void nats_produce(void)
{
	struct conn c;
	char *pay = malloc((size_t)size);
	long long sent = 0, acked = 0;
	fill(pay, size);
	nats_connect(&c);
	nats_stream(&c);
	conn_printf(&c, "SUB _INBOX.ack 2\r\n");
	start_clock();
	while (acked < count) {
		while (sent < count && sent - acked < depth)
			nats_pub(&c, pay), sent++;
		conn_flush(&c);
		do
			nats_ack(&c), acked++;
		while (acked < count && sent - acked > depth / 2);
	}
	print_rates(acked);
	printf("}\n");
}

static void nats_consume(void)
{
	struct conn c;
	struct nmsg m;
	long long got = 0;
	nats_connect(&c);
	start_clock();
	nats_consumer(&c);
	while (got < count) {
		nats_next(&c, &m);
		got += nats_delivery(&c, &m);
	}
	print_rates(got);
	printf("}\n");
}

static void *nats_e2e_reader(void *arg)
{
	struct conn *c = arg;
	struct nmsg m;
	while (!stop) {
		nats_next(c, &m);
		if (nats_delivery(c, &m) && m.dlen >= 8) {
			int64_t sent;
			memcpy(&sent, m.data, 8);
			lat_add(&e2e_lat, now_ns() - sent);
			e2e_got++;
		}
	}
	return NULL;
}

static void nats_send_one(struct conn *c, const char *pay)
{
	nats_pub(c, pay);
	conn_flush(c);
	nats_ack(c);
}

static void nats_e2e(void)
{
	struct conn c, r;
	pthread_t th;
	char *pay = malloc((size_t)size);
	long long n = (long long)rate * seconds;
	fill(pay, size);
	nats_connect(&c);
	nats_stream(&c);
	conn_printf(&c, "SUB _INBOX.ack 2\r\n");
	nats_connect(&r);
	nats_consumer(&r);
	pthread_create(&th, NULL, nats_e2e_reader, &r);
	e2e_paced(&c, nats_send_one, pay, n, th);
}


static void idle(int redis)
{
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	struct conn *c = calloc((size_t)count, sizeof(*c));
	usleep(200000);
	long before = proc_rss_kb(pid);
	for (long long i = 0; i < count; i++) {
		if (redis) {
			conn_open(&c[i]);
			conn_printf(&c[i], "PING\r\n");
			conn_flush(&c[i]);
			conn_line(&c[i]);
		} else {
			nats_connect(&c[i]);
		}
		/* Keep the socket, drop the client-side buffers. */
		free(c[i].in);
		free(c[i].out);
	}
	usleep(500000);
	long after = proc_rss_kb(pid);
	printf("{\"phase\":\"idle_conns\",\"peer\":\"%s\",\"connections\":%lld,\"rss_before_kb\":%ld,"
	       "\"rss_after_kb\":%ld,\"kb_per_conn\":%.2f}\n",
	       peer, count, before, after, (double)(after - before) / (double)count);
	for (long long i = 0; i < count; i++)
		close(c[i].fd);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{"port", 1, 0, 'p'}, {"count", 1, 0, 'n'}, {"size", 1, 0, 's'}, {"depth", 1, 0, 'd'},
		{"rate", 1, 0, 'r'}, {"seconds", 1, 0, 'S'}, {"pid", 1, 0, 'i'}, {"key", 1, 0, 'k'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "p:n:s:d:", lo, NULL)) != -1) {
		switch (c) {
		case 'p': port = atoi(optarg); break;
		case 'n': count = atoll(optarg); break;
		case 's': size = atoi(optarg); break;
		case 'd': depth = atoi(optarg); break;
		case 'r': rate = atoi(optarg); break;
		case 'S': seconds = atoi(optarg); break;
		case 'i': pid = atoi(optarg); break;
		case 'k': key = optarg; break;
		default: die("bad option");
		}
	}
	if (argc - optind != 2 || port <= 0 || size < 8 || size > (1 << 20) || depth < 1 || rate < 1 ||
	    count < 1)
		die("usage: peerbench redis|nats produce|consume|e2e|idle -p PORT [-n N] [-s SIZE] [--depth D] "
		    "[--rate R] [--seconds S] [--pid PID] [--key NAME]");
	peer = argv[optind];
	what = argv[optind + 1];
	int redis = !strcmp(peer, "redis");
	if (!redis && strcmp(peer, "nats"))
		die("unknown peer %s", peer);
	if (!strcmp(what, "produce"))
		redis ? redis_produce() : nats_produce();
	else if (!strcmp(what, "consume"))
		redis ? redis_consume() : nats_consume();
	else if (!strcmp(what, "e2e"))
		redis ? redis_e2e() : nats_e2e();
	else if (!strcmp(what, "idle"))
		idle(redis);
	else
		die("unknown phase %s", what);
	fflush(stdout);
	return 0;
}
