/*
 * The parked-fetch table. Each waiter is one malloc'ed block holding its
 * timer and one entry per partition it watches; entries hang in hash
 * buckets by log pointer. The waiter outlives the request by one loop turn
 * (libuv frees nothing: the timer's close callback frees the block), so
 * the request can be answered the moment it is done.
 */
#include "net/api/fetch_wait.h"
#include "net/broker.h"
#include "net/req.h"

#include <stdint.h>
#include <stdlib.h>

#define FETCH_WAIT_BUCKETS 256

struct fetch_waiter;

struct fetch_wait_entry {
	const struct log *log;
	struct fetch_waiter *w;
	struct fetch_wait_entry *prev, *next;
};

struct fetch_waiter {
	uv_timer_t timer;
	struct broker *b;
	struct req *r;			/* NULL once answered or abandoned */
	fetch_wait_check_fn check;
	void *arg;
	uint64_t deadline;		/* loop time, ms */
	int woken;			/* a re-check is scheduled */
	int n;
	struct fetch_wait_entry e[];
};

struct fetch_wait {
	int nwaiters;
	struct fetch_wait_entry *buckets[FETCH_WAIT_BUCKETS];
};

static size_t bucket_of(const struct log *l)
{
	uintptr_t h = (uintptr_t)l;
	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 24) % FETCH_WAIT_BUCKETS;
}

static void on_timer_closed(uv_handle_t *h)
{
	free(h->data);
}

/* Take the waiter out of the table and close its timer; the block goes in the close callback. */
static void waiter_drop(struct fetch_waiter *w)
{
	struct fetch_wait *fw = w->b->fetch_wait;
	for (int i = 0; i < w->n; i++) {
		struct fetch_wait_entry *e = &w->e[i];
		if (e->prev)
			e->prev->next = e->next;
		else
			fw->buckets[bucket_of(e->log)] = e->next;
		if (e->next)
			e->next->prev = e->prev;
	}
	if (--fw->nwaiters == 0) {
		free(fw);
		w->b->fetch_wait = NULL;
	}
	struct req *r = w->r;
	w->r = NULL;
	r->on_abandon = NULL;
	r->abandon_arg = NULL;
	uv_timer_stop(&w->timer);
	uv_close((uv_handle_t *)&w->timer, on_timer_closed);
}

static void on_abandon(struct req *r, void *arg)
{
	waiter_drop(arg);
	req_free(r);
}

static void on_timer(uv_timer_t *t)
{
	struct fetch_waiter *w = t->data;
	struct req *r = w->r;
	uint64_t now = uv_now(t->loop);
	int final = now >= w->deadline;
	w->woken = 0;
	if (!w->check(r, w->arg, final) && !final) {
		uv_timer_start(&w->timer, on_timer, w->deadline - now, 0);
		return;
	}
	waiter_drop(w);
	req_resume(r, REQ_DONE);
}

enum req_status fetch_wait_park(struct req *r, struct log *const *logs, int n, int64_t wait_ms,
				fetch_wait_check_fn check, void *arg)
{
	struct broker *b = r->b;
	struct fetch_waiter *w = calloc(1, sizeof(*w) + (size_t)n * sizeof(w->e[0]));
	if (!w)
		abort();
	if (!b->fetch_wait && !(b->fetch_wait = calloc(1, sizeof(*b->fetch_wait))))
		abort();
	struct fetch_wait *fw = b->fetch_wait;
	w->b = b;
	w->r = r;
	w->check = check;
	w->arg = arg;
	w->deadline = uv_now(b->loop) + (uint64_t)(wait_ms > 0 ? wait_ms : 0);
	w->n = n;
	for (int i = 0; i < n; i++) {
		struct fetch_wait_entry *e = &w->e[i];
		size_t k = bucket_of(logs[i]);
		e->log = logs[i];
		e->w = w;
		e->next = fw->buckets[k];
		if (e->next)
			e->next->prev = e;
		fw->buckets[k] = e;
	}
	fw->nwaiters++;
	uv_timer_init(b->loop, &w->timer);
	w->timer.data = w;
	uv_timer_start(&w->timer, on_timer, (uint64_t)(wait_ms > 0 ? wait_ms : 0), 0);
	r->on_abandon = on_abandon;
	r->abandon_arg = w;
	return REQ_PARKED;
}

void fetch_wait_wake(struct broker *b, const struct log *l)
{
	struct fetch_wait *fw = b->fetch_wait;
	if (!fw)
		return;
	for (struct fetch_wait_entry *e = fw->buckets[bucket_of(l)]; e; e = e->next) {
		struct fetch_waiter *w = e->w;
		if (e->log != l || w->woken)
			continue;
		w->woken = 1;
		uv_timer_start(&w->timer, on_timer, 0, 0);
	}
}

void fetch_wait_expire_all(struct broker *b)
{
	struct fetch_wait *fw = b->fetch_wait;
	if (!fw)
		return;
	uint64_t now = uv_now(b->loop);
	for (size_t k = 0; k < FETCH_WAIT_BUCKETS; k++) {
		for (struct fetch_wait_entry *e = fw->buckets[k]; e; e = e->next) {
			struct fetch_waiter *w = e->w;
			w->deadline = now;	/* the next check is the final one */
			if (w->woken)
				continue;
			w->woken = 1;
			uv_timer_start(&w->timer, on_timer, 0, 0);
		}
	}
}

int fetch_wait_count(const struct broker *b)
{
	return b->fetch_wait ? b->fetch_wait->nwaiters : 0;
}
