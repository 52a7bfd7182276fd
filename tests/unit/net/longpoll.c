/*
 * Fetch long poll: a fetch short of MinBytes parks until a produce on
 * another connection brings enough, or MaxWaitMs passes; errors and
 * MaxWaitMs 0 answer at once; a parked fetch holds back the requests
 * pipelined behind it; a client closing while parked, and the broker
 * closing with fetches parked, leave nothing behind (run under ASan); a
 * graceful stop answers parked fetches at once.
 */
#include "net/api/fetch_wait.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"
#include "tests/unit/net/brokertest.h"

static struct tb t;
static struct arena a;
static int32_t corr = 1;
static int64_t lp_end;		/* log end of "lp"; every batch here holds two records */

static int64_t now_ms(void)
{
	return clock_mono_ns() / 1000000;
}

static void count_on_loop(struct tb *tb, void *arg)
{
	*(int *)arg = fetch_wait_count(&tb->b);
}

/* Fetches parked right now, read on the loop thread. */
static int parked(void)
{
	int n = -1;
	tb_call(&t, count_on_loop, &n);
	return n;
}

/* Wait up to 2 s for the number of parked fetches to become n. */
static int parked_becomes(int n)
{
	for (int i = 0; i < 200; i++) {
		if (parked() == n)
			return 1;
		usleep(10000);
	}
	return 0;
}

/* Send a fetch of partitions (topic, partition 0, offset) and return its correlation id. */
static int32_t fetch_send(int fd, const char *const *topics, const int64_t *offsets, int n,
			  int32_t min_bytes, int32_t max_wait)
{
	struct fetch_req_partitions rp[4];
	struct fetch_req_topics rt[4];
	for (int i = 0; i < n; i++) {
		rp[i] = (struct fetch_req_partitions){ .partition = 0, .current_leader_epoch = -1,
			.fetch_offset = offsets[i], .log_start_offset = -1, .partition_max_bytes = 1 << 20 };
		rt[i] = (struct fetch_req_topics){ .topic = kstr_c(topics[i]), .partitions = { 1, &rp[i] } };
	}
	struct fetch_req q = { .replica_id = -1, .max_wait_ms = max_wait, .min_bytes = min_bytes,
			       .max_bytes = 16 << 20, .session_epoch = -1, .topics = { n, rt },
			       .rack_id = kstr_c("") };
	int32_t c = corr++;
	tb_send(fd, API_FETCH, 11, c, &q);
	return c;
}

static int32_t fetch_send1(int fd, const char *topic, int64_t offset, int32_t min_bytes, int32_t max_wait)
{
	return fetch_send(fd, &topic, &offset, 1, min_bytes, max_wait);
}

/* The first partition's answer of the next fetch response; -1 on a wrong id or timeout. */
static int fetch_recv(int fd, int32_t c, int timeout_ms, struct fetch_resp *resp)
{
	memset(resp, 0, sizeof(*resp));
	int64_t got = tb_recv(fd, API_FETCH, 11, resp, &a, timeout_ms);
	if (got != c || resp->responses.n < 1 || resp->responses.v[0].partitions.n != 1)
		return -1;
	return 0;
}

/* Partition 0 of the i-th topic; an error-filled one when the response has none (a failed check). */
static const struct fetch_resp_partitions *part0(const struct fetch_resp *r, int i)
{
	static const struct fetch_resp_partitions missing = { .error_code = -100, .records = { NULL, -1 } };
	if (i >= r->responses.n || r->responses.v[i].partitions.n < 1)
		return &missing;
	return &r->responses.v[i].partitions.v[0];
}

static int produce(int fd, int16_t acks, const char *topic, const struct buf *b)
{
	struct produce_req_partition_data pd = { .index = 0, .records = { b->data, (int32_t)b->len } };
	struct produce_req_topic_data td = { .name = kstr_c(topic), .partition_data = { 1, &pd } };
	struct produce_req q = { .transactional_id = { NULL, -1 }, .acks = acks, .topic_data = { 1, &td } };
	struct produce_resp resp;
	int32_t c = corr++;
	tb_send(fd, API_PRODUCE, 7, c, &q);
	if (!strcmp(topic, "lp"))
		lp_end += 2;
	if (acks == 0)
		return 0;
	if (tb_recv(fd, API_PRODUCE, 7, &resp, &a, 3000) != c || resp.responses.n != 1 ||
	    resp.responses.v[0].partition_responses.n != 1)
		return -1;
	return resp.responses.v[0].partition_responses.v[0].error_code;
}

static void test_wake_by_produce(int fa, int fb, const struct buf *b)
{
	struct fetch_resp r = { 0 };
	int64_t t0 = now_ms();
	int32_t c = fetch_send1(fa, "lp", lp_end, 1, 5000);
	ok(tb_quiet(fa, 200), "fetch at the log end with MinBytes 1 waits");
	is_int(parked(), 1, "one fetch parked");
	is_int(produce(fb, 1, "lp", b), 0, "produce on another connection");
	is_int(fetch_recv(fa, c, 3000, &r), 0, "the parked fetch answers");
	int64_t el = now_ms() - t0;
	ok(el >= 200 && el < 2000, "woken by the produce, not the 5 s timer (%lld ms)", (long long)el);
	ok(part0(&r, 0)->records.len == (int32_t)b->len &&
	   !memcmp(part0(&r, 0)->records.p + BATCH_OFF_MAGIC, b->data + BATCH_OFF_MAGIC,
		   b->len - BATCH_OFF_MAGIC),
	   "with the produced batch");
	is_int(part0(&r, 0)->high_watermark, 2, "high watermark 2");
	is_int(parked(), 0, "nothing parked any more");
	arena_release(&a);
}

static void test_timeout(int fa)
{
	struct fetch_resp r;
	int64_t t0 = now_ms();
	int32_t c = fetch_send1(fa, "lp", lp_end, 1, 300);
	is_int(fetch_recv(fa, c, 3000, &r), 0, "a fetch nobody feeds answers");
	int64_t el = now_ms() - t0;
	ok(el >= 300 && el < 1300, "after MaxWaitMs 300 (%lld ms)", (long long)el);
	ok(part0(&r, 0)->error_code == 0 && part0(&r, 0)->records.len == 0, "no error, no records");

	t0 = now_ms();
	c = fetch_send1(fa, "lp", lp_end, 1, 0);
	is_int(fetch_recv(fa, c, 3000, &r), 0, "MaxWaitMs 0");
	ok(now_ms() - t0 < 250, "answers at once");
	arena_release(&a);
}

/* Appends below MinBytes wake the fetch, which goes back to waiting. */
static void test_min_bytes(int fa, int fb, const struct buf *b)
{
	struct fetch_resp r;
	int64_t t0 = now_ms();
	int32_t c = fetch_send1(fa, "lp", lp_end, 100000, 800);
	usleep(150 * 1000);
	for (int i = 0; i < 20; i++)
		produce(fb, 0, "lp", b);
	is_int(produce(fb, 1, "lp", b), 0, "21 small batches below MinBytes");
	ok(tb_quiet(fa, 200), "the fetch still waits");
	is_int(fetch_recv(fa, c, 3000, &r), 0, "answers at MaxWaitMs");
	int64_t el = now_ms() - t0;
	ok(el >= 800 && el < 1800, "after 800 ms (%lld ms)", (long long)el);
	is_int(part0(&r, 0)->records.len, 21 * b->len, "with everything produced meanwhile");

	/* MinBytes reached over three produces. */
	t0 = now_ms();
	c = fetch_send1(fa, "lp", lp_end, (int32_t)(b->len * 5 / 2), 5000);
	for (int i = 0; i < 3; i++) {
		usleep(100 * 1000);
		if (i < 2)
			ok(tb_quiet(fa, 0), "not yet after %d batch(es)", i);
		produce(fb, 1, "lp", b);
	}
	is_int(fetch_recv(fa, c, 3000, &r), 0, "answers once MinBytes is there");
	el = now_ms() - t0;
	ok(el >= 300 && el < 2000, "after the third batch (%lld ms)", (long long)el);
	is_int(part0(&r, 0)->records.len, 3 * b->len, "three batches");
	arena_release(&a);
}

/* Waiters on the same partition, and one on two partitions. */
static void test_many_waiters(int fa, int fb, int fc, int fd, const struct buf *b)
{
	struct fetch_resp r;
	static const char *const two[] = { "lp2", "lp" };
	int64_t offs[2] = { 0, lp_end };
	int32_t ca = fetch_send1(fa, "lp", lp_end, 1, 5000);
	int32_t cc = fetch_send1(fc, "lp", lp_end, 1, 5000);
	int32_t cd = fetch_send(fd, two, offs, 2, 1, 5000);
	ok(parked_becomes(3), "three fetches parked");
	produce(fb, 1, "lp2", b);
	is_int(fetch_recv(fd, cd, 2000, &r), 0, "the fetch of two partitions wakes on either");
	ok(part0(&r, 0)->records.len == (int32_t)b->len && part0(&r, 1)->records.len == 0,
	   "data from lp2 only");
	ok(tb_quiet(fa, 100) && tb_quiet(fc, 0), "the waiters on lp still wait");
	produce(fb, 1, "lp", b);
	ok(fetch_recv(fa, ca, 2000, &r) == 0 && part0(&r, 0)->records.len == (int32_t)b->len, "first waiter on lp");
	ok(fetch_recv(fc, cc, 2000, &r) == 0 && part0(&r, 0)->records.len == (int32_t)b->len, "second waiter on lp");
	is_int(parked(), 0, "none left");
	arena_release(&a);
}

static void test_errors_answer_at_once(int fa)
{
	struct fetch_resp r;
	static const char *const mixed[] = { "lp", "nope" };
	int64_t offs[2] = { lp_end, 0 };
	int64_t t0 = now_ms();
	int32_t c = fetch_send(fa, mixed, offs, 2, 1, 5000);
	is_int(fetch_recv(fa, c, 3000, &r), 0, "a fetch with an unknown partition");
	ok(now_ms() - t0 < 1000, "answers at once");
	ok(part0(&r, 0)->error_code == 0 && part0(&r, 1)->error_code == KERR_UNKNOWN_TOPIC_OR_PARTITION,
	   "the known partition fine, the other unknown");
	t0 = now_ms();
	c = fetch_send1(fa, "lp", lp_end + 1, 1, 5000);
	ok(fetch_recv(fa, c, 3000, &r) == 0 && part0(&r, 0)->error_code == KERR_OFFSET_OUT_OF_RANGE,
	   "offset out of range");
	ok(now_ms() - t0 < 1000, "answers at once");
	arena_release(&a);
}

/* A parked fetch holds back the requests behind it on its connection. */
static void test_pipeline(int fa)
{
	struct fetch_resp r;
	struct api_versions_req av = { 0 };
	int64_t t0 = now_ms();
	int32_t c = fetch_send1(fa, "lp", lp_end, 1, 300);
	int32_t c2 = corr++;
	tb_send(fa, API_API_VERSIONS, 1, c2, &av);
	is_int(fetch_recv(fa, c, 3000, &r), 0, "the parked fetch answers first");
	ok(now_ms() - t0 >= 300, "after its wait");
	struct api_versions_resp avr;
	is_int(tb_recv(fa, API_API_VERSIONS, 1, &avr, &a, 3000), c2, "then the request behind it");
	int produce_ok = 0, fetch_ok = 0;
	for (int i = 0; i < avr.api_keys.n; i++) {
		const struct api_versions_resp_api_keys *k = &avr.api_keys.v[i];
		produce_ok |= k->api_key == API_PRODUCE && k->min_version == 0 && k->max_version == 7;
		fetch_ok |= k->api_key == API_FETCH && k->min_version == 4 && k->max_version == 11;
	}
	ok(produce_ok && fetch_ok, "ApiVersions advertises Produce 0-7 and Fetch 4-11");
	arena_release(&a);
}

static void stop_on_loop(struct tb *tb, void *arg)
{
	broker_stop(&tb->b);
}

/*
 * A graceful stop (a broker of its own) answers a fetch parked for 30 s at
 * once, empty, and a fetch read in the same segment behind it without
 * parking it; then the connection closes.
 */
static void test_stop_answers_parked(void)
{
	static struct tb s;
	struct fetch_resp r;
	tb_open(&s);
	tb_create(&s, "lp", 0, NULL);
	tb_run(&s);
	int fd = tb_connect(&s);
	int64_t t0 = now_ms();
	/* Both fetches in one write, so the second waits in the read buffer. */
	struct fetch_req_partitions rp = { .partition = 0, .current_leader_epoch = -1, .fetch_offset = 0,
					   .log_start_offset = -1, .partition_max_bytes = 1 << 20 };
	struct fetch_req_topics rt = { .topic = kstr_c("lp"), .partitions = { 1, &rp } };
	struct fetch_req q = { .replica_id = -1, .max_wait_ms = 30000, .min_bytes = 1, .max_bytes = 1 << 20,
			       .session_epoch = -1, .topics = { 1, &rt }, .rack_id = kstr_c("") };
	struct buf f1 = BUF_INIT, f2 = BUF_INIT;
	int32_t c1 = corr++, c2 = corr++;
	tb_frame(&f1, API_FETCH, 11, c1, &q);
	tb_frame(&f2, API_FETCH, 11, c2, &q);
	buf_append(&f1, f2.data, f2.len);
	tb_write_all(fd, f1.data, f1.len);
	buf_release(&f1);
	buf_release(&f2);
	int n = -1;
	for (int i = 0; i < 200 && n != 1; i++) {
		usleep(10000);
		tb_call(&s, count_on_loop, &n);
	}
	is_int(n, 1, "a fetch parked for 30 s");
	tb_call(&s, stop_on_loop, NULL);
	ok(fetch_recv(fd, c1, 3000, &r) == 0 && part0(&r, 0)->error_code == 0 &&
	   part0(&r, 0)->records.len == 0, "broker_stop answers the parked fetch, without records");
	ok(fetch_recv(fd, c2, 3000, &r) == 0, "and answers the fetch behind it without parking it");
	ok(now_ms() - t0 < 2000, "both within %lld ms", (long long)(now_ms() - t0));
	ok(tb_closed(fd, 2000), "then the connection closes");
	close(fd);
	is_int(tb_close(&s), 0, "every handle of the stopped broker closed");
	arena_release(&a);
}

static void conns_on_loop(struct tb *tb, void *arg)
{
	*(int *)arg = tb->b.nconns;
}

/* Wait up to 2 s for the broker to hold n connections and no parked fetch. */
static int settles_to(int n)
{
	for (int i = 0; i < 200; i++) {
		int c = -1;
		tb_call(&t, conns_on_loop, &c);
		if (c == n && parked() == 0)
			return 1;
		usleep(10000);
	}
	return 0;
}

/*
 * A parked connection is not read (its frame must stay put), so a client
 * closing is noticed when its answer is due: the waiter and the request
 * go then, with the connection.
 */
static void test_close_while_parked(int fb, const struct buf *b)
{
	int fx = tb_connect(&t);
	fetch_send1(fx, "lp", lp_end, 1, 400);
	/* A second request queued behind it. */
	fetch_send1(fx, "lp", 0, 1, 0);
	ok(parked_becomes(1), "a fetch parked");
	close(fx);
	ok(settles_to(4), "its client closed: fetch and connection gone after the wait");

	int fy = tb_connect(&t);
	fetch_send1(fy, "lp", lp_end, 1 << 20, 400);
	ok(parked_becomes(1), "another parked fetch, for more than will come");
	is_int(produce(fb, 1, "lp", b), 0, "a produce wakes it");
	usleep(50 * 1000);
	is_int(parked(), 1, "it waits again");
	close(fy);
	ok(settles_to(4), "its client closed: gone too");
}

int main(void)
{
	tb_open(&t);
	tb_create(&t, "lp", 0, NULL);
	tb_create(&t, "lp2", 0, NULL);
	tb_run(&t);
	arena_init(&a, 1 << 16);

	struct buf b = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	tb_batch(&b, &o, 2, T0, 50);
	int fa = tb_connect(&t), fb = tb_connect(&t), fc = tb_connect(&t), fd = tb_connect(&t);
	ok(fa >= 0 && fb >= 0 && fc >= 0 && fd >= 0, "four clients connect");

	test_wake_by_produce(fa, fb, &b);
	test_timeout(fa);
	test_min_bytes(fa, fb, &b);
	test_many_waiters(fa, fb, fc, fd, &b);
	test_errors_answer_at_once(fa);
	test_pipeline(fa);
	test_close_while_parked(fb, &b);
	test_stop_answers_parked();

	/* The broker closing with fetches parked for 30 s does not wait for them. */
	fetch_send1(fa, "lp", lp_end, 1, 30000);
	fetch_send1(fc, "lp2", 2, 1, 30000);
	ok(parked_becomes(2), "two fetches parked for 30 s");
	int64_t t0 = now_ms();
	is_int(tb_close(&t), 0, "every handle closed");
	ok(now_ms() - t0 < 2000, "closing took %lld ms", (long long)(now_ms() - t0));
	ok(tb_closed(fa, 1000), "the parked client sees the connection close");
	close(fa);
	close(fb);
	close(fc);
	close(fd);
	buf_release(&b);
	arena_release(&a);
	return tap_done();
}
