/* Waits for the metadata log's durability, answered in order (see metasync.h). */
#include "net/metasync.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/log/log.h"
#include "core/meta/meta.h"
#include "net/broker.h"
#include "net/flush.h"

#include <stdlib.h>

struct metasync_wait {
	struct metasync_wait *next;
	struct metasync *q;
	metasync_fn done;
	void *arg;
	int settled;
	int rc;
};

struct metasync {
	struct broker *b;
	struct metasync_wait *head, **tail;
	int draining;
	int held;			/* answers waiting for the thread pool */
	void (*when_free)(struct broker *b);
	int64_t rolled_back_end;	/* log end of the last rollback, -1 none (while the queue lives) */
};

static struct metasync *queue_of(struct broker *b)
{
	if (!b->metasync) {
		struct metasync *q = calloc(1, sizeof(*q));
		if (!q)
			abort();
		q->b = b;
		q->tail = &q->head;
		q->rolled_back_end = -1;
		b->metasync = q;
	}
	return b->metasync;
}

/* Once per failure of the metadata log: the image forgets what the disk lacks. */
static void rollback(struct metasync *q)
{
	struct meta *m = q->b->meta;
	struct log *l = meta_log(m);
	if (!log_failed(l) || log_end_offset(l) == q->rolled_back_end)
		return;
	q->rolled_back_end = log_end_offset(l);
	char err[512];
	int rc = meta_rollback(m, err, sizeof(err));
	if (rc < 0)
		say_error("metadata: the image could not be brought back to what the log holds "
			  "(%s); restart the server", err);
}

/*
 * Answer the settled waits at the head, in order. An answer may resume a
 * request whose successor waits here too (it joins the tail): the loop, not
 * a nested call, answers it.
 */
static void drain(struct metasync *q)
{
	if (q->draining)
		return;
	q->draining = 1;
	while (!q->held && q->head && q->head->settled) {
		struct metasync_wait *w = q->head;
		q->head = w->next;
		if (!q->head)
			q->tail = &q->head;
		if (w->rc)
			rollback(q);
		w->done(w->arg, w->rc);
		free(w);
	}
	q->draining = 0;
}

/* An idle queue goes away: a broker whose changes never wait keeps none. */
static void maybe_free(struct metasync *q)
{
	if (q->head || q->held || q->draining || q->when_free)
		return;
	q->b->metasync = NULL;
	free(q);
}

static void on_durable(void *arg, int rc)
{
	struct metasync_wait *w = arg;
	struct metasync *q = w->q;
	w->settled = 1;
	w->rc = rc;
	drain(q);
	maybe_free(q);
}

int metasync_wait(struct broker *b, metasync_fn done, void *arg)
{
	const struct metasync *cur = b->metasync;
	if ((!cur || (!cur->head && !cur->held)) && meta_durable(b->meta))
		return 0;
	struct metasync *q = queue_of(b);
	struct metasync_wait *w = calloc(1, sizeof(*w));
	if (!w)
		abort();
	*w = (struct metasync_wait){ NULL, q, done, arg, 0, 0 };
	*q->tail = w;
	q->tail = &w->next;
	/* Hold off answers while registering: flush_wait answers at once when
	 * the log is already durable, and done must not run inside this call. */
	int was = q->draining;
	q->draining = 1;
	struct log *l = meta_log(b->meta);
	flush_wait(b, l, log_end_offset(l), on_durable, w);
	q->draining = was;
	return 1;
}

void metasync_hold(struct broker *b)
{
	queue_of(b)->held++;
}

void metasync_release(struct broker *b)
{
	struct metasync *q = b->metasync;
	if (!q || q->held <= 0)
		abort();	/* a release without its hold */
	if (--q->held)
		return;
	drain(q);
	if (!q->held && q->when_free) {
		void (*fn)(struct broker *) = q->when_free;
		q->when_free = NULL;
		fn(b);
		return;		/* fn may have freed the queue */
	}
	maybe_free(q);
}

int metasync_busy(const struct broker *b)
{
	return b->metasync && b->metasync->held;
}

void metasync_when_free(struct broker *b, void (*fn)(struct broker *b))
{
	struct metasync *q = b->metasync;
	if (!q || !q->held) {
		fn(b);
		return;
	}
	q->when_free = fn;
}

void metasync_free(struct broker *b)
{
	struct metasync *q = b->metasync;
	if (!q)
		return;
	/* flush_free answered every flush wait: what is left has been settled. */
	drain(q);
	if (q->head)
		say_error("metadata: changes left unanswered at shutdown");
	b->metasync = NULL;
	free(q);
}
