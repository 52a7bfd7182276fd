/* Group commit on the thread pool: rounds of log_flush_run, waiters per log. */
#include "net/flush.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/log/log.h"
#include "net/broker.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct flush_waiter {
	struct flush_waiter *next;
	struct log *log;		/* NULL once forgotten */
	int64_t upto;
	flush_done_fn done;
	void *arg;
};

/* Work items one round of fsyncs is spread over (libuv's pool has 4 threads). */
#define FLUSH_LANES 4

struct flush_job {
	struct log *log;		/* NULL once forgotten */
	struct log_flush_job *job;
	int rc;
	int fail;			/* test hook: report a failed fsync */
};

struct flusher {
	struct broker *b;
	struct log **pending;		/* logs to flush in the next round */
	int npending, cap_pending;
	struct flush_waiter *waiters;
	struct flush_job *jobs;		/* the round on the thread pool */
	int njobs;
	int running;			/* work items of the round still out */
	int64_t rounds, flushes;
	/*
	 * A round is split over up to FLUSH_LANES work items so the logs'
	 * fsyncs run side by side: the file system joins concurrent ones
	 * into one journal commit, where one thread would pay each in turn.
	 */
	struct flush_lane {
		struct flusher *f;
		int first, step;
		uv_work_t work;
	} lanes[FLUSH_LANES];
	uv_idle_t idle;			/* starts the next round once the loop turn is over */
	int idle_init, idle_on;
	void (*drained)(struct broker *b);
	/* Test hooks, from the environment (see flush.h). */
	unsigned delay_ms;
	char *fail_match;
};

static void test_hooks(struct flusher *f)
{
	const char *d = getenv("KAF_TEST_FSYNC_DELAY_MS");
	const char *m = getenv("KAF_TEST_FSYNC_FAIL");
	if (d && *d) {
		long v = strtol(d, NULL, 10);
		f->delay_ms = v > 0 && v < 600000 ? (unsigned)v : 0;
	}
	if (m && *m && !(f->fail_match = strdup(m)))
		abort();
	if (f->delay_ms)
		say_warn("test hook: every round of fsyncs takes %u ms more", f->delay_ms);
	if (f->fail_match)
		say_warn("test hook: fsyncs fail for logs whose path contains '%s'", f->fail_match);
}

static struct flusher *flusher_of(struct broker *b)
{
	if (!b->flusher) {
		b->flusher = calloc(1, sizeof(*b->flusher));
		if (!b->flusher)
			abort();
		b->flusher->b = b;
		test_hooks(b->flusher);
	}
	return b->flusher;
}

int flush_acks_wait(const struct log *l)
{
	return log_get_config(l)->flush_messages == 1;
}

static void pending_add(struct flusher *f, struct log *l)
{
	for (int i = 0; i < f->npending; i++)
		if (f->pending[i] == l)
			return;
	if (f->npending == f->cap_pending) {
		int cap = f->cap_pending ? f->cap_pending * 2 : 16;
		struct log **p = realloc(f->pending, (size_t)cap * sizeof(*p));
		if (!p)
			abort();
		f->pending = p;
		f->cap_pending = cap;
	}
	f->pending[f->npending++] = l;
}

static void round_work(uv_work_t *w)
{
	struct flush_lane *ln = w->data;
	struct flusher *f = ln->f;
	if (f->delay_ms)
		uv_sleep(f->delay_ms);
	for (int i = ln->first; i < f->njobs; i += ln->step)
		f->jobs[i].rc = f->jobs[i].fail ? -EIO : log_flush_run(f->jobs[i].job);
}

static void kick(struct flusher *f);

/*
 * Rounds start from an idle callback, not from the call that asked: every
 * waiter registered in the same loop turn (all partitions of a produce, all
 * producers whose requests were read together) joins one round.
 */
static void on_idle(uv_idle_t *h)
{
	struct flusher *f = h->data;
	uv_idle_stop(h);
	f->idle_on = 0;
	kick(f);
}

static void kick_soon(struct flusher *f)
{
	if (f->running || !f->npending || f->idle_on)
		return;
	if (!f->idle_init) {
		uv_idle_init(f->b->loop, &f->idle);
		f->idle.data = f;
		f->idle_init = 1;
	}
	uv_idle_start(&f->idle, on_idle);
	f->idle_on = 1;
}

/* Answer the waiters whose log is durable far enough, or failed; keep the rest pending. */
static void settle_waiters(struct flusher *f)
{
	struct flush_waiter **pp = &f->waiters;
	while (*pp) {
		struct flush_waiter *w = *pp;
		int rc = 1;
		if (!w->log)
			rc = KAF_EOFFLINE;
		else if (log_recovery_point(w->log) >= w->upto)
			rc = 0;
		else if (log_failed(w->log))
			rc = KAF_EOFFLINE;
		if (rc == 1) {
			pending_add(f, w->log);
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		w->done(w->arg, rc);
		free(w);
	}
}

static void round_done(uv_work_t *w, int status)
{
	struct flush_lane *ln = w->data;
	struct flusher *f = ln->f;
	if (status)
		for (int i = ln->first; i < f->njobs; i += ln->step)
			f->jobs[i].rc = f->jobs[i].rc ? f->jobs[i].rc : status;
	if (--f->running)
		return;
	for (int i = 0; i < f->njobs; i++) {
		struct flush_job *j = &f->jobs[i];
		if (!j->log) {
			log_flush_job_free(j->job);
			continue;
		}
		if (j->rc)
			say_error("%s: fsync failed: %s; the log refuses writes until restart",
				  log_path(j->log), kaf_strerror(j->rc));
		log_flush_end(j->log, j->job, j->rc);
	}
	free(f->jobs);
	f->jobs = NULL;
	f->njobs = 0;
	settle_waiters(f);
	if (f->b->on_flushed)
		f->b->on_flushed(f->b);
	if (f->drained && !f->npending) {
		void (*drained)(struct broker *) = f->drained;
		f->drained = NULL;
		drained(f->b);
		return;
	}
	kick_soon(f);
}

static void kick(struct flusher *f)
{
	if (f->running || !f->npending)
		return;
	f->jobs = calloc((size_t)f->npending, sizeof(*f->jobs));
	if (!f->jobs)
		abort();
	for (int i = 0; i < f->npending; i++) {
		struct log_flush_job *job;
		if (log_flush_begin(f->pending[i], &job) == 0 && job)
			f->jobs[f->njobs++] = (struct flush_job){
				f->pending[i], job, 0,
				f->fail_match && strstr(log_path(f->pending[i]), f->fail_match) != NULL,
			};
	}
	f->npending = 0;
	if (!f->njobs) {
		free(f->jobs);
		f->jobs = NULL;
		settle_waiters(f);
		return;
	}
	int nlanes = f->njobs < FLUSH_LANES ? f->njobs : FLUSH_LANES;
	f->running = nlanes;
	f->rounds++;
	f->flushes += f->njobs;
	for (int k = 0; k < nlanes; k++) {
		struct flush_lane *ln = &f->lanes[k];
		*ln = (struct flush_lane){ .f = f, .first = k, .step = nlanes };
		ln->work.data = ln;
		if (uv_queue_work(f->b->loop, &ln->work, round_work, round_done) < 0) {
			round_work(&ln->work);
			round_done(&ln->work, 0);
		}
	}
}

void flush_appended(struct broker *b, struct log *l)
{
	int64_t every = log_get_config(l)->flush_messages;
	if (every <= 0 || log_unflushed(l) < every)
		return;
	struct flusher *f = flusher_of(b);
	pending_add(f, l);
	kick_soon(f);
}

void flush_check_age(struct broker *b, struct log **logs, size_t n, int64_t now_ms)
{
	struct flusher *f = NULL;
	for (size_t i = 0; i < n; i++) {
		int64_t every = log_get_config(logs[i])->flush_ms;
		int64_t since = log_unflushed_since(logs[i]);
		if (every == INT64_MAX || since < 0 || now_ms - since < every)
			continue;
		if (!f)
			f = flusher_of(b);
		pending_add(f, logs[i]);
	}
	if (f)
		kick_soon(f);
}

void flush_wait(struct broker *b, struct log *l, int64_t upto, flush_done_fn done, void *arg)
{
	struct flusher *f = flusher_of(b);
	if (log_recovery_point(l) >= upto) {
		done(arg, 0);
		return;
	}
	struct flush_waiter *w = calloc(1, sizeof(*w));
	if (!w)
		abort();
	*w = (struct flush_waiter){ f->waiters, l, upto, done, arg };
	f->waiters = w;
	pending_add(f, l);
	kick_soon(f);
}

void flush_forget(struct broker *b, struct log *l)
{
	struct flusher *f = b->flusher;
	if (!f)
		return;
	for (int i = 0; i < f->njobs; i++)
		if (f->jobs[i].log == l)
			f->jobs[i].log = NULL;
	for (int i = 0; i < f->npending; i++)
		if (f->pending[i] == l)
			f->pending[i--] = f->pending[--f->npending];
	for (struct flush_waiter *w = f->waiters; w; w = w->next)
		if (w->log == l)
			w->log = NULL;
	if (!f->running) {
		settle_waiters(f);
		kick_soon(f);
	}
}

void flush_stats(const struct broker *b, int64_t *rounds, int64_t *flushes)
{
	*rounds = b->flusher ? b->flusher->rounds : 0;
	*flushes = b->flusher ? b->flusher->flushes : 0;
}

static void on_idle_closed(uv_handle_t *h)
{
	free(h->data);
}

int flush_busy(const struct broker *b)
{
	return b->flusher && b->flusher->running;
}

void flush_drain(struct broker *b, void (*done)(struct broker *b))
{
	struct flusher *f = b->flusher;
	if (!f || !f->running) {
		done(b);
		return;
	}
	f->drained = done;
}

void flush_free(struct broker *b)
{
	struct flusher *f = b->flusher;
	if (!f)
		return;
	while (f->waiters) {
		struct flush_waiter *w = f->waiters;
		f->waiters = w->next;
		w->done(w->arg, KAF_EOFFLINE);
		free(w);
	}
	free(f->pending);
	free(f->jobs);
	free(f->fail_match);
	b->flusher = NULL;
	/* The idle handle's memory is the flusher's: free it once libuv let it go. */
	if (f->idle_init) {
		f->idle.data = f;
		uv_close((uv_handle_t *)&f->idle, on_idle_closed);
	} else {
		free(f);
	}
}
