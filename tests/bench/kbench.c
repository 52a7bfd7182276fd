/*
 * kbench: the Kafka-protocol load generator of `make bench`, on librdkafka.
 *
 *   kbench --mode produce|consume|both|e2e -b HOST:PORT -t TOPIC [options]
 *   kbench --mode idle -b HOST:PORT --pid PID -n CONNECTIONS
 *   kbench --mode partitions -b HOST:PORT --pid PID -t TOPIC --partitions P
 *   kbench --mode ready -b HOST:PORT [--timeout-ms MS]
 *   kbench --mode produce --mock ...      (librdkafka's in-process mock cluster)
 *
 * Each phase prints one JSON line: rec_per_s, MB_per_s (payload bytes only),
 * client CPU seconds (getrusage) and broker CPU seconds (utime + stime of
 * /proc/PID/stat, when --pid is given), and for e2e the end-to-end and
 * produce-ack latency percentiles in milliseconds. The exit status is
 * non-zero on a delivery error, a short consume or a broker that never
 * answered, so a broken broker fails the run instead of reporting numbers.
 *
 * The consumer is the per-partition ("legacy") one reading from the first
 * offset: it needs only ApiVersions, Metadata, ListOffsets and Fetch, so
 * consume figures do not depend on the group protocol.
 */
#include "tests/bench/measure.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

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
#include <time.h>
#include <unistd.h>

struct opts {
	const char *mode, *bootstrap, *topic, *acks, *compression, *payload;
	long long count;
	int size, partitions, linger_ms, batch_size, batch_msgs, rate, seconds, pid, timeout_ms, mock;
	int create;
};

static struct opts o = {
	.mode = "produce", .bootstrap = "127.0.0.1:9092", .topic = "bench", .acks = "1",
	.compression = "none", .payload = "random", .count = 100000, .size = 100,
	.partitions = 1, .linger_ms = 5, .batch_size = 1000000, .batch_msgs = 100000, .rate = 10000, .seconds = 5,
	.pid = 0, .timeout_ms = 30000, .mock = 0, .create = 1,
};

static rd_kafka_mock_cluster_t *mock_cluster;
static rd_kafka_t *mock_owner;

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("kbench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}






static void fill_payload(char *p, int n, uint64_t seed)
{
	static const char words[] = "the quick brown fox jumps over a lazy dog while kafka logs grow ";
	if (!strcmp(o.payload, "text")) {
		for (int i = 0; i < n; i++)
			p[i] = words[(i + seed % 7) % (sizeof(words) - 1)];
	} else if (!strcmp(o.payload, "zero")) {
		memset(p, 0, (size_t)n);
	} else {
		uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
		for (int i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			p[i] = (char)(x >> 24);
		}
	}
}

static void set(rd_kafka_conf_t *c, const char *k, const char *v)
{
	char err[256];
	if (rd_kafka_conf_set(c, k, v, err, sizeof(err)) != RD_KAFKA_CONF_OK)
		die("config %s=%s: %s", k, v, err);
}

static void seti(rd_kafka_conf_t *c, const char *k, long long v)
{
	char s[32];
	snprintf(s, sizeof(s), "%lld", v);
	set(c, k, s);
}

static const char *bootstrap(void)
{
	return mock_cluster ? rd_kafka_mock_cluster_bootstraps(mock_cluster) : o.bootstrap;
}

static rd_kafka_conf_t *base_conf(void)
{
	rd_kafka_conf_t *c = rd_kafka_conf_new();
	set(c, "bootstrap.servers", bootstrap());
	set(c, "client.id", "kbench");
	set(c, "log_level", "3");
	return c;
}

static rd_kafka_t *new_handle(rd_kafka_type_t type, rd_kafka_conf_t *c)
{
	char err[512];
	rd_kafka_t *rk = rd_kafka_new(type, c, err, sizeof(err));
	if (!rk)
		die("rd_kafka_new: %s", err);
	return rk;
}

/* Fresh topic for the run; an existing one of that name is an error. */
static void create_topic(const char *topic, int partitions)
{
	if (mock_cluster) {
		if (rd_kafka_mock_topic_create(mock_cluster, topic, partitions, 1))
			die("mock topic create failed");
		return;
	}
	rd_kafka_t *rk = new_handle(RD_KAFKA_PRODUCER, base_conf());
	char err[512];
	rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, 1, err, sizeof(err));
	if (!nt)
		die("NewTopic: %s", err);
	rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
	rd_kafka_AdminOptions_t *ao = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
	rd_kafka_AdminOptions_set_operation_timeout(ao, o.timeout_ms, err, sizeof(err));
	rd_kafka_AdminOptions_set_request_timeout(ao, o.timeout_ms, err, sizeof(err));
	rd_kafka_CreateTopics(rk, &nt, 1, ao, q);
	rd_kafka_event_t *ev = rd_kafka_queue_poll(q, o.timeout_ms + 5000);
	if (!ev)
		die("CreateTopics: no answer");
	if (rd_kafka_event_error(ev))
		die("CreateTopics: %s", rd_kafka_event_error_string(ev));
	const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
	size_t n = 0;
	const rd_kafka_topic_result_t **tr = rd_kafka_CreateTopics_result_topics(res, &n);
	for (size_t i = 0; i < n; i++)
		if (rd_kafka_topic_result_error(tr[i]))
			die("CreateTopics %s: %s", topic, rd_kafka_topic_result_error_string(tr[i]));
	rd_kafka_event_destroy(ev);
	rd_kafka_AdminOptions_destroy(ao);
	rd_kafka_NewTopic_destroy(nt);
	rd_kafka_queue_destroy(q);
	rd_kafka_destroy(rk);
}

/* Latency samples in nanoseconds, percentiles on demand. */
struct lat {
	int64_t *v;
	size_t n, cap;
	pthread_mutex_t mu;
};

static void lat_add(struct lat *l, int64_t ns)
{
	pthread_mutex_lock(&l->mu);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 65536;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			die("out of memory");
	}
	l->v[l->n++] = ns;
	pthread_mutex_unlock(&l->mu);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static double lat_pct(struct lat *l, double p)
{
	if (!l->n)
		return -1;
	size_t i = (size_t)(p / 100.0 * (double)(l->n - 1) + 0.5);
	return (double)l->v[i] / 1e6;
}

static void lat_json(const char *name, struct lat *l)
{
	qsort(l->v, l->n, sizeof(*l->v), cmp_i64);
	printf(",\"%s\":{\"n\":%zu,\"p50\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f}", name, l->n,
	       lat_pct(l, 50), lat_pct(l, 99), lat_pct(l, 99.9), lat_pct(l, 100));
}

/* ---- produce ---- */

static long long delivered, delivery_errors;
static struct lat ack_lat = {.mu = PTHREAD_MUTEX_INITIALIZER};
static int track_acks;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	if (m->err) {
		if (delivery_errors++ < 5)
			fprintf(stderr, "kbench: delivery failed: %s\n", rd_kafka_err2str(m->err));
		return;
	}
	delivered++;
	if (track_acks && m->_private)
		lat_add(&ack_lat, now_ns() - (int64_t)(intptr_t)m->_private);
}

static rd_kafka_t *new_producer(int linger_ms)
{
	rd_kafka_conf_t *c = base_conf();
	set(c, "acks", o.acks);
	seti(c, "linger.ms", linger_ms);
	seti(c, "batch.size", o.batch_size);
	seti(c, "batch.num.messages", o.batch_msgs);
	set(c, "compression.type", o.compression);
	set(c, "message.timeout.ms", "60000");
	set(c, "queue.buffering.max.messages", "1000000");
	set(c, "queue.buffering.max.kbytes", "1048576");
	set(c, "enable.idempotence", "false");
	rd_kafka_conf_set_dr_msg_cb(c, on_delivery);
	return new_handle(RD_KAFKA_PRODUCER, c);
}

static void print_head(const char *phase)
{
	printf("{\"phase\":\"%s\",\"size\":%d,\"partitions\":%d,\"acks\":\"%s\",\"compression\":\"%s\","
	       "\"payload\":\"%s\"",
	       phase, o.size, o.partitions, o.acks, o.compression, o.payload);
}

static void print_rates(long long n, double secs, double ccpu, double bcpu)
{
	printf(",\"records\":%lld,\"seconds\":%.4f,\"rec_per_s\":%.0f,\"MB_per_s\":%.2f,"
	       "\"client_cpu_s\":%.3f,\"broker_cpu_s\":%.3f",
	       n, secs, secs > 0 ? (double)n / secs : 0, secs > 0 ? (double)n * o.size / 1e6 / secs : 0,
	       ccpu, bcpu);
}

static int produce(void)
{
	rd_kafka_t *rk = new_producer(o.linger_ms);
	enum { NPAY = 64 };
	char *pay = malloc((size_t)o.size * NPAY);
	for (int i = 0; i < NPAY; i++)
		fill_payload(pay + (size_t)i * o.size, o.size, (uint64_t)i + 1);
	rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, o.topic, NULL);
	double c0 = self_cpu(), b0 = proc_cpu(o.pid), t0 = now_s();
	/*
	 * Runs of records to one partition, in turn, as librdkafka's sticky partitioner
	 * does for records without a key, but even: the consume phase reads every
	 * partition alike. A new partition per record doubled the client's CPU per
	 * record at 16 partitions (the mock's as well). A run is at most a batch and
	 * small enough that each partition gets about eight.
	 */
	long long run = o.count / ((long long)o.partitions * 8);
	if (run > o.batch_size / o.size)
		run = o.batch_size / o.size;
	if (run < 1)
		run = 1;
	for (long long i = 0; i < o.count; i++) {
		int32_t part = (int32_t)(i / run % o.partitions);
		while (rd_kafka_produce(rkt, part, RD_KAFKA_MSG_F_COPY, pay + (i % NPAY) * o.size,
					(size_t)o.size, NULL, 0, NULL) == -1) {
			if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL)
				die("produce: %s", rd_kafka_err2str(rd_kafka_last_error()));
			rd_kafka_poll(rk, 1);
		}
		if ((i & 1023) == 0)
			rd_kafka_poll(rk, 0);
	}
	if (rd_kafka_flush(rk, 120000))
		fprintf(stderr, "kbench: flush timed out\n");
	double t1 = now_s(), c1 = self_cpu(), b1 = proc_cpu(o.pid);
	print_head("produce");
	print_rates(delivered, t1 - t0, c1 - c0, b0 >= 0 && b1 >= 0 ? b1 - b0 : -1);
	printf(",\"linger_ms\":%d,\"batch_messages\":%d,\"errors\":%lld%s}\n", o.linger_ms, o.batch_msgs,
	       delivery_errors, mock_cluster ? ",\"mock\":true" : "");
	fflush(stdout);
	rd_kafka_topic_destroy(rkt);
	rd_kafka_destroy(rk);
	free(pay);
	return delivery_errors || delivered != o.count;
}

/* ---- consume ---- */

static rd_kafka_t *new_consumer(int fetch_wait_ms)
{
	rd_kafka_conf_t *c = base_conf();
	seti(c, "fetch.wait.max.ms", fetch_wait_ms);
	set(c, "fetch.min.bytes", "1");
	set(c, "queued.min.messages", "1000000");
	set(c, "fetch.message.max.bytes", "1048576");
	set(c, "enable.partition.eof", "false");
	set(c, "group.id", "kbench");
	set(c, "enable.auto.commit", "false");
	set(c, "enable.auto.offset.store", "false");
	return new_handle(RD_KAFKA_CONSUMER, c);
}

struct reader {
	rd_kafka_t *rk;
	rd_kafka_topic_t *rkt;
	rd_kafka_queue_t *q;
};

static void reader_open(struct reader *r, int fetch_wait_ms, int64_t from)
{
	r->rk = new_consumer(fetch_wait_ms);
	r->rkt = rd_kafka_topic_new(r->rk, o.topic, NULL);
	r->q = rd_kafka_queue_new(r->rk);
	for (int p = 0; p < o.partitions; p++)
		if (rd_kafka_consume_start_queue(r->rkt, p, from, r->q))
			die("consume_start: %s", rd_kafka_err2str(rd_kafka_last_error()));
}

static void reader_close(struct reader *r)
{
	for (int p = 0; p < o.partitions; p++)
		rd_kafka_consume_stop(r->rkt, p);
	rd_kafka_queue_destroy(r->q);
	rd_kafka_topic_destroy(r->rkt);
	rd_kafka_destroy(r->rk);
}

static int consume(void)
{
	struct reader r;
	rd_kafka_message_t *batch[4096];
	long long got = 0, bytes = 0, errs = 0;
	double c0 = self_cpu(), b0 = proc_cpu(o.pid), start = now_s(), t0 = 0, last = start;
	reader_open(&r, 100, RD_KAFKA_OFFSET_BEGINNING);
	while (got < o.count) {
		ssize_t k = rd_kafka_consume_batch_queue(r.q, 100, batch, 4096);
		double t = now_s();
		/* The clock starts at the first record: connecting and looking up
		 * offsets is reported apart, as startup_s. So do the CPU counts:
		 * the broker creates __consumer_offsets when the group is first
		 * looked up, which is not serving records. */
		if (k > 0 && !t0) {
			t0 = t - 1e-6;
			c0 = self_cpu();
			b0 = proc_cpu(o.pid);
		}
		if (k > 0)
			last = t;
		for (ssize_t i = 0; i < k; i++) {
			if (batch[i]->err) {
				if (errs++ < 5)
					fprintf(stderr, "kbench: consume: %s\n", rd_kafka_message_errstr(batch[i]));
			} else {
				got++;
				bytes += (long long)batch[i]->len;
			}
			rd_kafka_message_destroy(batch[i]);
		}
		if (t - last > o.timeout_ms / 1000.0)
			break;
	}
	double t1 = now_s(), c1 = self_cpu(), b1 = proc_cpu(o.pid);
	if (!t0)
		t0 = start;
	print_head("consume");
	print_rates(got, t1 - t0, c1 - c0, b0 >= 0 && b1 >= 0 ? b1 - b0 : -1);
	printf(",\"startup_s\":%.4f,\"bytes\":%lld,\"errors\":%lld}\n", t0 - start, bytes, errs);
	fflush(stdout);
	reader_close(&r);
	if (got < o.count)
		fprintf(stderr, "kbench: short consume: %lld of %lld\n", got, o.count);
	return got < o.count;
}

/* ---- end-to-end latency at a fixed rate ---- */

static struct lat e2e_lat = {.mu = PTHREAD_MUTEX_INITIALIZER};
static volatile int e2e_stop;
static long long e2e_got;

static void *e2e_reader(void *arg)
{
	struct reader *r = arg;
	rd_kafka_message_t *batch[1024];
	/* Take what has arrived without waiting (a batch call with a timeout
	 * would wait to fill its batch); when nothing has, wait for one. */
	while (!e2e_stop) {
		ssize_t k = rd_kafka_consume_batch_queue(r->q, 0, batch, 1024);
		if (k <= 0) {
			batch[0] = rd_kafka_consume_queue(r->q, 50);
			k = batch[0] != NULL;
		}
		int64_t t = now_ns();
		for (ssize_t i = 0; i < k; i++) {
			rd_kafka_message_t *m = batch[i];
			if (!m->err && m->len >= 8) {
				int64_t sent;
				memcpy(&sent, m->payload, 8);
				lat_add(&e2e_lat, t - sent);
				e2e_got++;
			}
			rd_kafka_message_destroy(m);
		}
	}
	return NULL;
}

/*
 * Delivery reports run inside rd_kafka_poll: polled only between sends, an
 * ack would be timed when the next record is due (1 ms apart at 1,000 rec/s),
 * not when it came. One thread does nothing but poll.
 */
static volatile int acks_stop;

static void *ack_poller(void *arg)
{
	rd_kafka_t *rk = arg;
	while (!acks_stop)
		rd_kafka_poll(rk, 50);
	return NULL;
}

static int e2e(void)
{
	struct reader r;
	pthread_t th;
	long long n = (long long)o.rate * o.seconds;
	char *pay = malloc((size_t)(o.size < 8 ? 8 : o.size));
	fill_payload(pay, o.size, 42);
	reader_open(&r, 100, RD_KAFKA_OFFSET_BEGINNING);
	/* Let the consumer find its partitions' leaders before the clock starts. */
	rd_kafka_t *rk = new_producer(o.linger_ms);
	rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, o.topic, NULL);
	const struct rd_kafka_metadata *md;
	rd_kafka_metadata(rk, 0, rkt, &md, 5000);
	rd_kafka_metadata_destroy(md);
	usleep(500000);
	pthread_create(&th, NULL, e2e_reader, &r);
	pthread_t poller;
	track_acks = 1;
	pthread_create(&poller, NULL, ack_poller, rk);
	double c0 = self_cpu(), b0 = proc_cpu(o.pid);
	int64_t start = now_ns(), step = 1000000000 / o.rate;
	for (long long i = 0; i < n; i++) {
		int64_t due = start + i * step, t = now_ns();
		/* Sleep, not spin: the broker shares the machine's two cores. At
		 * high rates the sleeps overshoot and the records behind go out in
		 * a burst, which keeps the average rate. */
		if (due - t > 20000) {
			struct timespec ts = {.tv_sec = due / 1000000000, .tv_nsec = due % 1000000000};
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
				;
			t = now_ns();
		}
		memcpy(pay, &t, 8);
		if (rd_kafka_produce(rkt, (int32_t)(i % o.partitions), RD_KAFKA_MSG_F_COPY, pay, (size_t)o.size,
				     NULL, 0, (void *)(intptr_t)t) == -1)
			die("produce: %s", rd_kafka_err2str(rd_kafka_last_error()));
	}
	/* Every ack is in before the poller stops: flush would poll from this thread too. */
	double give_up = now_s() + 60;
	while (rd_kafka_outq_len(rk) > 0 && now_s() < give_up)
		usleep(1000);
	acks_stop = 1;
	pthread_join(poller, NULL);
	rd_kafka_flush(rk, 60000);
	double until = now_s() + 10;
	while (e2e_got < n && now_s() < until)
		usleep(1000);
	double secs = (double)(now_ns() - start) / 1e9;
	e2e_stop = 1;
	pthread_join(th, NULL);
	double c1 = self_cpu(), b1 = proc_cpu(o.pid);
	print_head("e2e");
	printf(",\"rate\":%d,\"linger_ms\":%d", o.rate, o.linger_ms);
	print_rates(e2e_got, secs, c1 - c0, b0 >= 0 && b1 >= 0 ? b1 - b0 : -1);
	lat_json("e2e_ms", &e2e_lat);
	lat_json("ack_ms", &ack_lat);
	printf(",\"errors\":%lld}\n", delivery_errors);
	fflush(stdout);
	rd_kafka_topic_destroy(rkt);
	rd_kafka_destroy(rk);
	reader_close(&r);
	free(pay);
	return delivery_errors || e2e_got < n;
}

/* ---- raw connections: idle-connection memory and readiness ---- */

static int parse_hostport(const char *hp, struct sockaddr_in *sa)
{
	char host[256];
	const char *c = strrchr(hp, ':');
	if (!c || (size_t)(c - hp) >= sizeof(host))
		return -1;
	memcpy(host, hp, (size_t)(c - hp));
	host[c - hp] = 0;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)atoi(c + 1));
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

static int read_full(int fd, void *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = read(fd, (char *)p + got, n - got);
		if (k <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

/* One request with an empty body (ApiVersions v0) or an empty topic list
 * (Metadata v0 = all topics), then its whole response. */
static int kafka_rpc(int fd, int16_t api, int32_t corr)
{
	uint8_t req[64];
	size_t n = 4;
	uint16_t k = htons((uint16_t)api), v = 0, cl = htons(6);
	uint32_t c = htonl((uint32_t)corr);
	memcpy(req + n, &k, 2), n += 2;
	memcpy(req + n, &v, 2), n += 2;
	memcpy(req + n, &c, 4), n += 4;
	memcpy(req + n, &cl, 2), n += 2;
	memcpy(req + n, "kbench", 6), n += 6;
	if (api == 3) {
		uint32_t zero = 0;
		memcpy(req + n, &zero, 4), n += 4;
	}
	uint32_t sz = htonl((uint32_t)(n - 4));
	memcpy(req, &sz, 4);
	if (write(fd, req, n) != (ssize_t)n)
		return -1;
	uint32_t rsz;
	if (read_full(fd, &rsz, 4))
		return -1;
	rsz = ntohl(rsz);
	if (rsz < 4 || rsz > (64u << 20))
		return -1;
	char *body = malloc(rsz);
	int rc = read_full(fd, body, rsz);
	uint32_t rc_corr;
	memcpy(&rc_corr, body, 4);
	free(body);
	return rc || ntohl(rc_corr) != (uint32_t)corr ? -1 : 0;
}

static int dial(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int idle(void)
{
	struct sockaddr_in sa;
	if (parse_hostport(o.bootstrap, &sa))
		die("bad address %s", o.bootstrap);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	int *fds = calloc((size_t)o.count, sizeof(int));
	usleep(200000);
	long before = proc_rss_kb(o.pid);
	int ok = 0;
	for (long long i = 0; i < o.count; i++) {
		fds[i] = dial(&sa);
		if (fds[i] < 0 || kafka_rpc(fds[i], 18, 1) || kafka_rpc(fds[i], 3, 2))
			break;
		ok++;
	}
	usleep(500000);
	long after = proc_rss_kb(o.pid);
	printf("{\"phase\":\"idle_conns\",\"connections\":%d,\"rss_before_kb\":%ld,\"rss_after_kb\":%ld,"
	       "\"kb_per_conn\":%.2f}\n",
	       ok, before, after, ok ? (double)(after - before) / ok : -1);
	fflush(stdout);
	for (int i = 0; i < ok; i++)
		close(fds[i]);
	free(fds);
	return ok != o.count;
}

static int partitions(void)
{
	usleep(200000);
	long before = proc_rss_kb(o.pid);
	double t0 = now_s();
	create_topic(o.topic, o.partitions);
	double t1 = now_s();
	usleep(500000);
	long after = proc_rss_kb(o.pid);
	printf("{\"phase\":\"empty_partitions\",\"partitions\":%d,\"create_s\":%.3f,\"rss_before_kb\":%ld,"
	       "\"rss_after_kb\":%ld,\"kb_per_partition\":%.2f}\n",
	       o.partitions, t1 - t0, before, after, (double)(after - before) / o.partitions);
	fflush(stdout);
	return 0;
}

/* Poll until the broker answers ApiVersions and Metadata; prints the wait. */
static int ready(void)
{
	struct sockaddr_in sa;
	if (parse_hostport(o.bootstrap, &sa))
		die("bad address %s", o.bootstrap);
	double t0 = now_s();
	while (now_s() - t0 < o.timeout_ms / 1000.0) {
		int fd = dial(&sa);
		if (fd >= 0) {
			int rc = kafka_rpc(fd, 18, 1) || kafka_rpc(fd, 3, 2);
			close(fd);
			if (!rc) {
				printf("{\"phase\":\"ready\",\"wait_s\":%.4f}\n", now_s() - t0);
				return 0;
			}
		}
		usleep(2000);
	}
	printf("{\"phase\":\"ready\",\"wait_s\":-1}\n");
	return 1;
}

static void usage(void)
{
	fputs("usage: kbench --mode produce|consume|both|e2e|idle|partitions|ready [-b HOST:PORT]\n"
	      "  [-t TOPIC] [-n COUNT] [-s SIZE] [--partitions P] [--acks 0|1|all] [--linger-ms MS]\n"
	      "  [--batch-size BYTES] [--batch-messages N] [--compression none|gzip|snappy|lz4|zstd]\n"
	      "  [--payload random|text|zero] [--rate REC_PER_S] [--seconds S] [--pid BROKER_PID]\n"
	      "  [--timeout-ms MS] [--no-create] [--mock]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{"mode", 1, 0, 'm'},	    {"bootstrap", 1, 0, 'b'}, {"topic", 1, 0, 't'},
		{"count", 1, 0, 'n'},	    {"size", 1, 0, 's'},      {"partitions", 1, 0, 'p'},
		{"acks", 1, 0, 'a'},	    {"linger-ms", 1, 0, 'l'}, {"batch-size", 1, 0, 'B'},
		{"compression", 1, 0, 'z'}, {"payload", 1, 0, 'P'},   {"rate", 1, 0, 'r'},
		{"seconds", 1, 0, 'S'},	    {"pid", 1, 0, 'i'},	      {"timeout-ms", 1, 0, 'T'},
		{"no-create", 0, 0, 'N'},   {"mock", 0, 0, 'M'},      {"batch-messages", 1, 0, 'C'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "m:b:t:n:s:p:", lo, NULL)) != -1) {
		switch (c) {
		case 'm': o.mode = optarg; break;
		case 'b': o.bootstrap = optarg; break;
		case 't': o.topic = optarg; break;
		case 'n': o.count = atoll(optarg); break;
		case 's': o.size = atoi(optarg); break;
		case 'p': o.partitions = atoi(optarg); break;
		case 'a': o.acks = optarg; break;
		case 'l': o.linger_ms = atoi(optarg); break;
		case 'B': o.batch_size = atoi(optarg); break;
		case 'z': o.compression = optarg; break;
		case 'P': o.payload = optarg; break;
		case 'r': o.rate = atoi(optarg); break;
		case 'S': o.seconds = atoi(optarg); break;
		case 'i': o.pid = atoi(optarg); break;
		case 'T': o.timeout_ms = atoi(optarg); break;
		case 'N': o.create = 0; break;
		case 'M': o.mock = 1; break;
		case 'C': o.batch_msgs = atoi(optarg); break;
		default: usage();
		}
	}
	if (o.size < 8 || o.size > (1 << 20) || o.partitions < 1 || o.count < 1 || o.rate < 1)
		usage();
	if (o.mock) {
		char err[256];
		rd_kafka_conf_t *cf = rd_kafka_conf_new();
		set(cf, "log_level", "3");
		mock_owner = rd_kafka_new(RD_KAFKA_PRODUCER, cf, err, sizeof(err));
		if (!mock_owner || !(mock_cluster = rd_kafka_mock_cluster_new(mock_owner, 1)))
			die("mock cluster: %s", err);
	}
	const char *m = o.mode;
	int rc;
	if (!strcmp(m, "idle"))
		return idle();
	if (!strcmp(m, "ready"))
		return ready();
	if (!strcmp(m, "partitions"))
		return partitions();
	if (o.create)
		create_topic(o.topic, o.partitions);
	if (!strcmp(m, "produce"))
		rc = produce();
	else if (!strcmp(m, "consume"))
		rc = consume();
	else if (!strcmp(m, "both"))
		rc = produce() | consume();
	else if (!strcmp(m, "e2e"))
		rc = e2e();
	else
		usage();
	if (mock_cluster) {
		rd_kafka_mock_cluster_destroy(mock_cluster);
		rd_kafka_destroy(mock_owner);
	}
	return rc;
}
