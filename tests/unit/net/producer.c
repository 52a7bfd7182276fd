/*
 * The producer engine (net/client/producer.c) against a broker running in
 * a second thread: keyed records land in their murmur2 partitions at
 * contiguous offsets, batches respect --batch-size and travel several to a
 * request, a lingering batch goes out only once its linger has passed, a
 * batch refused as MESSAGE_TOO_LARGE is split so only the big record
 * fails, acks=0 delivers without offsets, and a topic the broker lacks is
 * PRODUCER_ENOTOPIC when auto-creation is not asked for.
 */
#include "tests/unit/net/brokertest.h"

#include "core/config/config.h"
#include "core/meta/meta.h"
#include "net/client/client.h"
#include "net/proto/msg_admin.h"
#include "net/client/producer.h"
#include "core/record/codec.h"
#include "net/proto/errors.h"

#include <time.h>

static struct tb t;

#define MAXR 4096

struct outcome {
	int n;
	struct producer_result r[MAXR];
};

static void collect(void *ctx, const struct producer_result *r)
{
	struct outcome *o = ctx;
	if (o->n < MAXR)
		o->r[o->n++] = *r;
}

static int open_producer(struct producer *p, struct client *c, const char *topic,
			 struct producer_opts *o, struct outcome *out)
{
	char bs[64];
	snprintf(bs, sizeof(bs), "127.0.0.1:%d", t.port);
	client_init(c, strdup(bs), 5000);
	if (client_connect(c))
		return -100;
	memset(out, 0, sizeof(*out));
	return producer_open(p, c, topic, o, collect, out);
}

static void close_producer(struct producer *p, struct client *c)
{
	producer_close(p);
	free((char *)c->bootstrap);
	client_release(c);
}

static void test_keyed(void)
{
	static struct outcome out;
	struct producer p;
	struct client c;
	struct producer_opts o = PRODUCER_OPTS_DEFAULT;
	o.batch_size = 1024;
	o.linger_ms = 10000;	/* only full batches and the flush send */

	is_int(open_producer(&p, &c, "p3", &o, &out), 0, "producer opens on a 3-partition topic");
	is_int(producer_partitions(&p), 3, "three partitions");
	char key[32], val[64];
	for (int i = 0; i < 600; i++) {
		snprintf(key, sizeof(key), "key-%d", i % 37);
		snprintf(val, sizeof(val), "value number %d", i);
		producer_send(&p, -1, T0 + i, key, (int32_t)strlen(key), val, (int32_t)strlen(val),
			      NULL, 0, (uint64_t)i);
	}
	ok(p.stats.requests > 0 && out.n < 600, "full batches went before the flush (%d answered)",
	   out.n);
	is_int(producer_flush(&p), 0, "flush");
	is_int(out.n, 600, "every record answered");
	int part_ok = 1, err_ok = 1, contiguous = 1;
	int64_t next[3] = { 0, 0, 0 };
	static int seen[600];
	memset(seen, 0, sizeof(seen));
	/* Answers per partition come in offset order. */
	for (int i = 0; i < out.n; i++) {
		const struct producer_result *r = &out.r[i];
		snprintf(key, sizeof(key), "key-%d", (int)(r->id % 37));
		part_ok &= r->partition == murmur2_partition(key, strlen(key), 3);
		err_ok &= r->error == 0;
		contiguous &= r->offset == next[r->partition]++;
		seen[r->id]++;
	}
	int once = 1;
	for (int i = 0; i < 600; i++)
		once &= seen[i] == 1;
	ok(part_ok, "each key in its murmur2 partition");
	ok(err_ok, "no errors");
	ok(contiguous, "offsets contiguous per partition");
	ok(once, "each record answered once");
	ok(p.stats.requests < 600 / 10, "records travel in batches (%llu requests)",
	   (unsigned long long)p.stats.requests);
	is_int((int64_t)p.stats.records_acked, 600, "stats: acked");
	close_producer(&p, &c);
}

static void test_linger(void)
{
	static struct outcome out;
	struct producer p;
	struct client c;
	struct producer_opts o = PRODUCER_OPTS_DEFAULT;
	o.linger_ms = 150;

	is_int(open_producer(&p, &c, "p3", &o, &out), 0, "producer opens");
	producer_send(&p, 1, T0, "k", 1, "lingering", 9, NULL, 0, 7);
	producer_poll(&p, 0);
	is_int((int64_t)p.stats.requests, 0, "a young batch waits for its linger");
	int64_t ms = producer_next_ms(&p);
	ok(ms > 0 && ms <= 150, "next_ms says when it is due (%lld)", (long long)ms);
	struct timespec ts = { 0, 200 * 1000000 };
	nanosleep(&ts, NULL);
	producer_poll(&p, 1000000000);
	is_int((int64_t)p.stats.requests, 1, "after the linger it is sent");
	for (int i = 0; i < 50 && out.n == 0; i++)
		producer_poll(&p, 100000000);
	is_int(out.n, 1, "and answered");
	ok(out.r[0].partition == 1 && out.r[0].id == 7 && out.r[0].error == 0,
	   "an explicit partition is kept");
	is_int(producer_next_ms(&p), -1, "nothing open: no wakeup");
	close_producer(&p, &c);
}

static void test_split(void)
{
	static struct outcome out;
	struct producer p;
	struct client c;
	struct producer_opts o = PRODUCER_OPTS_DEFAULT;
	static char big[500];

	memset(big, 'x', sizeof(big));
	is_int(open_producer(&p, &c, "small", &o, &out), 0, "producer opens on a 200-byte topic");
	producer_send(&p, -1, T0, NULL, -1, "a", 1, NULL, 0, 1);
	producer_send(&p, -1, T0, NULL, -1, big, sizeof(big), NULL, 0, 2);
	struct record_header h = { .key = (const uint8_t *)"h", .key_len = 1,
				   .value = (const uint8_t *)"v", .value_len = 1 };
	producer_send(&p, -1, T0, "k", 1, "b", 1, &h, 1, 3);
	producer_flush(&p);
	is_int(out.n, 3, "three answers");
	int a = -1, b = -1, x = -1;
	for (int i = 0; i < out.n; i++) {
		if (out.r[i].id == 1)
			a = i;
		if (out.r[i].id == 2)
			x = i;
		if (out.r[i].id == 3)
			b = i;
	}
	ok(a >= 0 && out.r[a].error == 0 && out.r[a].offset == 0, "the small record before: offset 0");
	ok(x >= 0 && out.r[x].error == KERR_MESSAGE_TOO_LARGE && out.r[x].offset == -1,
	   "the big one fails alone: MESSAGE_TOO_LARGE");
	ok(b >= 0 && out.r[b].error == 0 && out.r[b].offset == 1,
	   "the one after (with a header): offset 1");
	is_int((int64_t)p.stats.records_failed, 1, "stats: one failed");
	close_producer(&p, &c);
}

static void test_acks0(void)
{
	static struct outcome out;
	struct producer p;
	struct client c;
	struct producer_opts o = PRODUCER_OPTS_DEFAULT;
	o.acks = 0;
	o.codec = CODEC_GZIP;

	is_int(open_producer(&p, &c, "a0", &o, &out), 0, "producer opens with acks=0");
	for (int i = 0; i < 100; i++)
		producer_send(&p, -1, T0, NULL, -1, "zero", 4, NULL, 0, (uint64_t)i);
	is_int(producer_flush(&p), 0, "flush");
	int all = out.n == 100;
	for (int i = 0; i < out.n; i++)
		all &= out.r[i].error == 0 && out.r[i].offset == -1;
	ok(all, "acks=0: delivered once written, no offsets");
	/* The same connection still works for answered requests after acks=0 ones. */
	close_producer(&p, &c);
	o.acks = 1;
	is_int(open_producer(&p, &c, "a0", &o, &out), 0, "again with acks=1");
	producer_send(&p, -1, T0, NULL, -1, "one", 3, NULL, 0, 1);
	producer_flush(&p);
	ok(out.n == 1 && out.r[0].offset == 100, "the gzip batches were stored: next offset 100");
	close_producer(&p, &c);
}

static void test_no_topic(void)
{
	static struct outcome out;
	struct producer p;
	struct client c;
	struct producer_opts o = PRODUCER_OPTS_DEFAULT;
	o.auto_create = 0;

	is_int(open_producer(&p, &c, "nosuch", &o, &out), PRODUCER_ENOTOPIC,
	       "a missing topic without auto-creation");
	ok(strstr(p.err, "UNKNOWN_TOPIC_OR_PARTITION") != NULL, "the reason names the error");
	close_producer(&p, &c);
}

/* Topics through CreateTopics, as a tool would make them. */
static int16_t create_topic(const char *name, int32_t partitions, const char *key,
			    const char *value)
{
	struct client c;
	struct arena a;
	char bs[64];
	struct create_topics_req_configs cf = { kstr_c(key), kstr_c(value) };
	struct create_topics_req_topics tp = {
		.name = kstr_c(name), .num_partitions = partitions, .replication_factor = 1,
		.configs = { key ? 1 : 0, &cf },
	};
	struct create_topics_req q = { .topics = { 1, &tp }, .timeout_ms = 1000 };
	struct create_topics_resp resp;
	int16_t rc = -1;

	snprintf(bs, sizeof(bs), "127.0.0.1:%d", t.port);
	client_init(&c, bs, 5000);
	arena_init(&a, 4096);
	if (!client_connect(&c) && !client_call(&c, &c.boot, API_CREATE_TOPICS, &q, &resp, &a) &&
	    resp.topics.n == 1)
		rc = resp.topics.v[0].error_code;
	arena_release(&a);
	client_release(&c);
	return rc;
}

static void close_meta(struct tb *tt, void *arg)
{
	meta_close(arg);
	tt->b.meta = NULL;
}

int main(void)
{
	tb_open(&t);
	struct config *cfg = config_new();
	struct meta *m = NULL;
	char err[512];
	struct meta_open_args ma = { .data_dir = t.dir, .logs = t.logs, .node_id = 1, .now_ms = T0 };
	is_int(meta_open(&ma, &m, err, sizeof(err)), 0, "metadata opens");
	t.b.meta = m;
	t.b.cfg = cfg;
	tb_run(&t);
	is_int(create_topic("p3", 3, NULL, NULL), 0, "create p3");
	is_int(create_topic("small", 1, "max.message.bytes", "200"), 0, "create small");
	is_int(create_topic("a0", 1, NULL, NULL), 0, "create a0");

	test_keyed();
	test_linger();
	test_split();
	test_acks0();
	test_no_topic();

	tb_call(&t, close_meta, m);
	is_int(tb_close(&t), 0, "every handle closed");
	config_free(cfg);
	return tap_done();
}
