/*
 * Group commit (net/flush.c) on a real loop and real logs: a waiter is
 * answered only once its log is durable through its offset, waiters that
 * arrive together share one round of fsyncs, those that arrive during a
 * round share the next, flush.messages=N and flush.ms flush in the
 * background, and a log forgotten mid-round answers its waiters with an error.
 */
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/log/log.h"
#include "core/log/logdir.h"
#include "core/record/batch.h"
#include "net/broker.h"
#include "net/flush.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

static struct broker b;

struct seen {
	struct log *log;
	int64_t upto;
	int calls;
	int rc;
	int durable;		/* recovery point >= upto when answered */
};

static void on_done(void *arg, int rc)
{
	struct seen *s = arg;
	s->calls++;
	s->rc = rc;
	s->durable = rc == 0 && log_recovery_point(s->log) >= s->upto;
}

static int64_t append_one(struct log *l)
{
	struct batch_builder bb;
	struct buf out = BUF_INIT;
	struct log_append_info info;
	batch_builder_init(&bb, NULL);
	batch_builder_add(&bb, 1700000000000, -1, "k", 1, "value", 5, NULL, 0);
	batch_builder_finish(&bb, 0, -1, &out);
	batch_builder_release(&bb);
	int rc = log_append(l, out.data, out.len, 0, 1700000000000, &info);
	buf_release(&out);
	return rc ? -1 : info.last_offset + 1;
}

int main(void)
{
	char root[] = "/tmp/kaf-flush-XXXXXX";
	ok(mkdtemp(root) != NULL, "temp dir");
	uv_loop_t loop;
	uv_loop_init(&loop);
	b.loop = &loop;

	struct log_config cfg;
	log_config_default(&cfg);
	cfg.flush_messages = 1;
	struct log_dir *d;
	struct log_dir_report rep;
	is_int(log_dir_open(root, &cfg, 0, &d, &rep), 0, "log dir opens");
	log_dir_set_external_flush(d, 1);
	struct log *l[3];
	for (int i = 0; i < 3; i++)
		is_int(log_dir_create(d, "t", i, &cfg, 0, &l[i]), 0, "partition %d created", i);

	/* Appends with flush.messages=1 but an external flusher: nothing synced yet. */
	struct seen s[3];
	for (int i = 0; i < 3; i++) {
		s[i] = (struct seen){ .log = l[i], .upto = append_one(l[i]) };
		ok(log_unflushed(l[i]) == 1, "partition %d: appended, not yet durable", i);
	}
	for (int i = 0; i < 3; i++)
		flush_wait(&b, l[i], s[i].upto, on_done, &s[i]);
	ok(!flush_busy(&b) && !s[0].calls, "the round waits for the end of the loop turn");
	uv_run(&loop, UV_RUN_DEFAULT);
	int64_t rounds, flushes;
	flush_stats(&b, &rounds, &flushes);
	is_int(rounds, 1, "three waiters that came together: one round");
	is_int(flushes, 3, "holding the three logs' flushes");
	ok(s[0].calls == 1 && s[1].calls == 1 && s[2].calls == 1, "each waiter answered once");
	ok(s[0].durable && s[1].durable && s[2].durable, "each only once its log was durable");

	/* Waiters arriving during a round are served by the next one, together. */
	struct seen a = { .log = l[0], .upto = append_one(l[0]) };
	flush_wait(&b, l[0], a.upto, on_done, &a);
	uv_run(&loop, UV_RUN_NOWAIT);
	ok(flush_busy(&b), "a round is on the thread pool");
	struct seen c[2] = { { .log = l[1] }, { .log = l[2] } };
	c[0].upto = append_one(l[1]);
	c[1].upto = append_one(l[2]);
	flush_wait(&b, l[1], c[0].upto, on_done, &c[0]);
	flush_wait(&b, l[2], c[1].upto, on_done, &c[1]);
	uv_run(&loop, UV_RUN_DEFAULT);
	flush_stats(&b, &rounds, &flushes);
	is_int(rounds, 3, "one round for the first waiter, one for the two that came during it");
	ok(a.durable && c[0].durable && c[1].durable, "all durable when answered");

	/* Already durable: answered at once, no round. */
	struct seen now = { .log = l[0], .upto = a.upto };
	flush_wait(&b, l[0], a.upto, on_done, &now);
	is_int(now.calls, 1, "a waiter for durable data is answered at once");
	flush_stats(&b, &rounds, &flushes);
	is_int(rounds, 3, "without a round");

	/* flush.messages=3: the third append starts a background flush. */
	cfg.flush_messages = 3;
	log_set_config(l[1], &cfg);
	append_one(l[1]);
	flush_appended(&b, l[1]);
	append_one(l[1]);
	flush_appended(&b, l[1]);
	uv_run(&loop, UV_RUN_DEFAULT);
	flush_stats(&b, &rounds, &flushes);
	ok(rounds == 3 && log_unflushed(l[1]) == 2, "two records below flush.messages=3: no flush");
	append_one(l[1]);
	flush_appended(&b, l[1]);
	uv_run(&loop, UV_RUN_DEFAULT);
	flush_stats(&b, &rounds, &flushes);
	is_int(rounds, 4, "the third starts one");
	is_int(log_unflushed(l[1]), 0, "and it made the log durable");

	/* flush.ms=50: data appended at T is flushed by the age check from T + 50 on. */
	cfg.flush_messages = 0;
	cfg.flush_ms = 50;
	log_set_config(l[0], &cfg);
	append_one(l[0]);
	is_int(log_unflushed_since(l[0]), 1700000000000, "the oldest unflushed append's time is kept");
	flush_check_age(&b, l, 2, 1700000000000 + 49);
	uv_run(&loop, UV_RUN_DEFAULT);
	ok(log_unflushed(l[0]) == 1, "49 ms old: not yet flushed");
	flush_check_age(&b, l, 2, 1700000000000 + 50);
	uv_run(&loop, UV_RUN_DEFAULT);
	ok(log_unflushed(l[0]) == 0 && log_unflushed_since(l[0]) == -1, "50 ms old: flushed");

	/* A log forgotten while its flush runs: its waiter gets an error, nothing leaks. */
	struct seen f = { .log = l[2], .upto = append_one(l[2]) };
	flush_wait(&b, l[2], f.upto, on_done, &f);
	uv_run(&loop, UV_RUN_NOWAIT);
	ok(flush_busy(&b), "its round is running");
	flush_forget(&b, l[2]);
	is_int(log_dir_remove(d, "t", 2), 0, "the log is removed under the running round");
	uv_run(&loop, UV_RUN_DEFAULT);
	ok(f.calls == 1 && f.rc == KAF_EOFFLINE, "forgotten log: waiter answered with an error");

	flush_free(&b);
	uv_run(&loop, UV_RUN_DEFAULT);
	is_int(log_dir_close(d), 0, "logs close cleanly");
	is_int(uv_loop_close(&loop), 0, "loop closes");
	rm_rf(root);
	return tap_done();
}
