/*
 * The consumer engine (net/client/consumer) against a broker with a real
 * log directory: batches written straight into the logs (plain, gzip and
 * zstd, with a transaction marker among them) come back in order with the
 * marker left out; start and stop points (offsets, ends, times), a callback
 * that stops a poll, revoking and assigning again while running, exact
 * positions, tiny fetch sizes, and the errors (unknown topic or partition,
 * OFFSET_OUT_OF_RANGE failing or resetting).
 */
#include "net/client/consumer.h"

#include "core/base/say.h"
#include "core/config/config.h"
#include "core/meta/meta.h"
#include "core/record/codec.h"
#include "net/proto/msg_admin.h"
#include "tests/unit/net/brokertest.h"

static struct tb t;

/* Append n records (values "<tag><offset>", timestamps T0 + offset) at base, as one batch. */
static void put_batch(struct log *l, int64_t base, int n, int codec, const char *tag)
{
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	struct batch_builder b;
	struct buf out = BUF_INIT;

	o.codec = codec;
	batch_builder_init(&b, &o);
	for (int i = 0; i < n; i++) {
		char v[32];
		int len = snprintf(v, sizeof(v), "%s%lld", tag, (long long)(base + i));
		batch_builder_add(&b, T0 + base + i, -1, "k", 1, v, len, NULL, 0);
	}
	if (batch_builder_finish(&b, base, -1, &out) ||
	    log_append_as_is(l, out.data, out.len, T0)) {
		fprintf(stderr, "cannot write the test batches\n");
		exit(1);
	}
	batch_builder_release(&b);
	buf_release(&out);
}

static void put_marker(struct log *l, int64_t base)
{
	struct buf out = BUF_INIT;
	if (batch_build_control(&out, base, 7, 0, CONTROL_COMMIT, 0, T0 + base) ||
	    log_append_as_is(l, out.data, out.len, T0)) {
		fprintf(stderr, "cannot write the marker\n");
		exit(1);
	}
	buf_release(&out);
}

/* What the callback saw. */
static struct seen {
	int n, stop_after;
	int64_t offset[256];
	int32_t partition[256];
	char value[256][16];
} s;

static int on_record(void *ctx, const struct consumer_record *r)
{
	(void)ctx;
	if (s.n < 256) {
		s.offset[s.n] = r->rec->offset;
		s.partition[s.n] = r->part->partition;
		snprintf(s.value[s.n], sizeof(s.value[0]), "%.*s", r->rec->value_len,
			 (const char *)r->rec->value);
	}
	s.n++;
	return s.stop_after && s.n >= s.stop_after;
}

/* Poll until done (or 50 polls); returns the last poll's result if negative, else 0. */
static int drain(struct consumer *k)
{
	for (int i = 0; i < 50 && !consumer_done(k); i++) {
		int rc = consumer_poll(k, on_record, NULL);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The offsets seen, space-separated. */
static const char *seen_offsets(void)
{
	static char b[2048];
	size_t o = 0;
	b[0] = 0;
	for (int i = 0; i < s.n && i < 256 && o < sizeof(b) - 24; i++)
		o += (size_t)snprintf(b + o, sizeof(b) - o, "%s%lld", i ? " " : "",
				      (long long)s.offset[i]);
	return b;
}

static struct consumer_point at(enum consumer_at a, int64_t v)
{
	return (struct consumer_point){ a, v };
}

static void reading(struct client *c)
{
	struct consumer_opts o = { .max_bytes = 4096, .partition_max_bytes = 200, .max_wait_ms = 50,
				   .timeout_ms = 2000 };
	struct consumer k;
	int64_t pos = -2;

	consumer_init(&k, c, &o);
	consumer_assign(&k, "u", 0, at(CONSUMER_AT_BEGINNING, 0), at(CONSUMER_AT_END, 0));
	memset(&s, 0, sizeof(s));
	is_int(drain(&k), 0, "u-0 to the end: no error");
	is_str(seen_offsets(), "0 1 2 3 4 5 6 7 8 9 11 12 13 14",
	       "plain, gzip and zstd batches in order, the marker at 10 left out");
	is_str(s.value[5], "g5", "a value from the gzip batch");
	is_str(s.value[13], "z14", "a value from the zstd batch");
	ok(consumer_position(&k, "u", 0, &pos) == 0 && pos == 15, "position after the end is 15");
	ok(consumer_done(&k), "done at the stop point");
	is_int((int)consumer_lag(&k), 0, "no lag left");

	/* A second partition while the first stays assigned (and done). */
	consumer_assign(&k, "u", 1, at(CONSUMER_AT_OFFSET, 5), at(CONSUMER_AT_OFFSET, 8));
	memset(&s, 0, sizeof(s));
	is_int(drain(&k), 0, "u-1 from 5 to 8: no error");
	is_str(seen_offsets(), "5 6 7", "stop point 8 is exclusive");

	/* A callback that stops the poll: the position is right after its record. */
	consumer_assign(&k, "u", 1, at(CONSUMER_AT_BEGINNING, 0), at(CONSUMER_AT_NONE, 0));
	memset(&s, 0, sizeof(s));
	s.stop_after = 3;
	is_int(consumer_poll(&k, on_record, NULL), 3, "the poll ends after the record that said stop");
	ok(consumer_position(&k, "u", 1, &pos) == 0 && pos == 3, "position 3 after offsets 0-2");
	s.stop_after = 4;
	consumer_poll(&k, on_record, NULL);
	is_int((int)s.offset[3], 3, "the next poll goes on at offset 3");
	ok(!consumer_done(&k), "a partition without a stop point is never done");

	/* Revoke and assign again at a chosen offset, as a group member would. */
	is_int(consumer_revoke(&k, "u", 1), 0, "revoke u-1");
	ok(consumer_position(&k, "u", 1, &pos) == -1, "no position for a revoked partition");
	is_int(consumer_revoke(&k, "u", 1), -1, "revoking twice is refused");
	ok(consumer_done(&k), "with u-1 revoked, u-0 alone is done");
	consumer_assign(&k, "u", 1, at(CONSUMER_AT_OFFSET, 18), at(CONSUMER_AT_END, 0));
	memset(&s, 0, sizeof(s));
	is_int(drain(&k), 0, "assigned again at 18");
	is_str(seen_offsets(), "18 19", "reads from the offset given");

	consumer_assign(&k, "u", 1, at(CONSUMER_AT_END, 3), at(CONSUMER_AT_END, 0));
	memset(&s, 0, sizeof(s));
	drain(&k);
	is_str(seen_offsets(), "17 18 19", "three before the end");
	consumer_assign(&k, "u", 1, at(CONSUMER_AT_TIME, T0 + 12), at(CONSUMER_AT_TIME, T0 + 15));
	memset(&s, 0, sizeof(s));
	drain(&k);
	is_str(seen_offsets(), "12 13 14", "from a time to a time");
	consumer_assign(&k, "u", 1, at(CONSUMER_AT_BEGINNING, 1000), at(CONSUMER_AT_END, 0));
	memset(&s, 0, sizeof(s));
	drain(&k);
	ok(s.n == 0 && consumer_done(&k), "beginning + 1000 is brought inside the log: nothing to read");
	consumer_release(&k);

	/* Both partitions in one fetch round. */
	consumer_init(&k, c, &o);
	consumer_assign(&k, "u", 1, at(CONSUMER_AT_BEGINNING, 0), at(CONSUMER_AT_END, 0));
	consumer_assign(&k, "u", 0, at(CONSUMER_AT_BEGINNING, 0), at(CONSUMER_AT_END, 0));
	memset(&s, 0, sizeof(s));
	drain(&k);
	int n0 = 0, n1 = 0;
	for (int i = 0; i < s.n; i++)
		*(s.partition[i] ? &n1 : &n0) += 1;
	ok(n0 == 14 && n1 == 20, "two partitions: 14 and 20 records");
	consumer_release(&k);
}

static void errors(struct client *c)
{
	struct consumer_opts o = { .max_wait_ms = 50, .timeout_ms = 500 };
	struct consumer k;

	consumer_init(&k, c, &o);
	consumer_assign(&k, "nope", 0, at(CONSUMER_AT_BEGINNING, 0), at(CONSUMER_AT_END, 0));
	is_int(consumer_poll(&k, on_record, NULL), CONSUMER_ENOTFOUND, "unknown topic");
	ok(strstr(consumer_error(&k), "nope: UNKNOWN_TOPIC_OR_PARTITION") != NULL, "says which: %s",
	   consumer_error(&k));
	consumer_release(&k);

	consumer_init(&k, c, &o);
	consumer_assign(&k, "u", 7, at(CONSUMER_AT_BEGINNING, 0), at(CONSUMER_AT_END, 0));
	is_int(consumer_poll(&k, on_record, NULL), CONSUMER_ENOTFOUND, "unknown partition");
	consumer_release(&k);

	consumer_init(&k, c, &o);
	consumer_assign(&k, "u", 1, at(CONSUMER_AT_OFFSET, 500), at(CONSUMER_AT_NONE, 0));
	int rc = 0;
	for (int i = 0; i < 3 && rc == 0; i++)
		rc = consumer_poll(&k, on_record, NULL);
	is_int(rc, CONSUMER_EFAILED, "an offset past the end fails without a reset policy");
	ok(strstr(consumer_error(&k), "u [1]: OFFSET_OUT_OF_RANGE: offset 500 is outside the log (0 to 20)")
	   != NULL, "and names the range: %s", consumer_error(&k));
	consumer_release(&k);

	o.reset = CONSUMER_RESET_EARLIEST;
	consumer_init(&k, c, &o);
	consumer_assign(&k, "u", 1, at(CONSUMER_AT_OFFSET, 500), at(CONSUMER_AT_NONE, 0));
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	rc = 0;
	for (int i = 0; i < 5 && s.n == 0 && rc >= 0; i++)
		rc = consumer_poll(&k, on_record, NULL);
	ok(rc >= 0 && s.n == 1 && s.offset[0] == 0, "reset to earliest starts again at 0");
	consumer_release(&k);
}

/* The batches, appended on the loop thread (which owns the logs once it runs). */
static void fill(struct tb *tt, void *arg)
{
	struct log *u0 = log_dir_find(tt->logs, "u", 0), *u1 = log_dir_find(tt->logs, "u", 1);
	int *done = arg;

	if (!u0 || !u1)
		return;
	put_batch(u0, 0, 5, CODEC_NONE, "p");
	put_batch(u0, 5, 5, CODEC_GZIP, "g");
	put_marker(u0, 10);
	put_batch(u0, 11, 4, CODEC_ZSTD, "z");
	put_batch(u1, 0, 10, CODEC_NONE, "a");
	put_batch(u1, 10, 10, CODEC_LZ4, "b");
	*done = 1;
}

static void close_meta(struct tb *tt, void *arg)
{
	meta_close(arg);
	tt->b.meta = NULL;
}

int main(void)
{
	struct client c;
	struct meta *m = NULL;
	char err[512];

	say_set_level(SAY_WARN);
	tb_open(&t);
	struct meta_open_args ma = { .data_dir = t.dir, .logs = t.logs, .node_id = 1, .now_ms = T0 };
	is_int(meta_open(&ma, &m, err, sizeof(err)), 0, "metadata opens");
	t.b.meta = m;
	struct config *cfg = config_new();
	config_set_report(cfg, NULL, NULL);
	t.b.cfg = cfg;
	tb_run(&t);

	char boot[64];
	snprintf(boot, sizeof(boot), "127.0.0.1:%d", t.port);
	client_init(&c, boot, 5000);
	is_int(client_connect(&c), 0, "client connects");
	struct create_topics_req_topics tp = { .name = kstr_c("u"), .num_partitions = 2,
					       .replication_factor = 1 };
	struct create_topics_req q = { .topics = { 1, &tp }, .timeout_ms = 1000 };
	struct create_topics_resp resp;
	struct arena a;
	arena_init(&a, 4096);
	ok(client_call(&c, &c.boot, API_CREATE_TOPICS, &q, &resp, &a) == 0 && resp.topics.n == 1 &&
	   resp.topics.v[0].error_code == 0, "topic u with 2 partitions created");
	arena_release(&a);
	int filled = 0;
	tb_call(&t, fill, &filled);
	ok(filled, "batches written into u-0 and u-1");
	reading(&c);
	errors(&c);
	client_release(&c);
	tb_call(&t, close_meta, m);
	is_int(tb_close(&t), 0, "broker closes cleanly");
	config_free(cfg);
	return tap_done();
}
