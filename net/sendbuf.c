/* A small cache of large buffers for responses' file regions (see sendbuf.h). */
#include "net/sendbuf.h"

#include "core/base/arena.h"
#include "net/broker.h"

#include <stdlib.h>

/* Kept: a few buffers, none larger than a typical Fetch response. */
#define SENDBUF_KEEP 4
#define SENDBUF_MAX_KEPT (8u << 20)
#define SENDBUF_ROUND (64u << 10)

struct sendbuf {
	void *p;
	size_t cap;
};

struct sendbuf_cache {
	struct sendbuf v[SENDBUF_KEEP];
	int n;
};

struct sendbuf_loan {
	struct broker *b;
	struct sendbuf buf;
};

static void give_back(void *arg)
{
	struct sendbuf_loan *l = arg;
	struct sendbuf_cache *c = l->b->sendbufs;
	if (!c || l->b->stopping || l->buf.cap > SENDBUF_MAX_KEPT) {
		free(l->buf.p);
		return;
	}
	if (c->n < SENDBUF_KEEP) {
		c->v[c->n++] = l->buf;
		return;
	}
	/* Full: keep the larger of this one and the smallest kept. */
	int small = 0;
	for (int i = 1; i < c->n; i++)
		if (c->v[i].cap < c->v[small].cap)
			small = i;
	if (c->v[small].cap < l->buf.cap) {
		free(c->v[small].p);
		c->v[small] = l->buf;
	} else {
		free(l->buf.p);
	}
}

void *sendbuf_get(struct broker *b, struct arena *a, size_t n)
{
	if (!b->sendbufs && !(b->sendbufs = calloc(1, sizeof(*b->sendbufs))))
		abort();
	struct sendbuf_cache *c = b->sendbufs;
	struct sendbuf_loan *l = arena_alloc(a, sizeof(*l));
	int best = -1;
	for (int i = 0; i < c->n; i++)
		if (c->v[i].cap >= n && (best < 0 || c->v[i].cap < c->v[best].cap))
			best = i;
	l->b = b;
	if (best >= 0) {
		l->buf = c->v[best];
		c->v[best] = c->v[--c->n];
	} else {
		size_t cap = (n + SENDBUF_ROUND - 1) / SENDBUF_ROUND * SENDBUF_ROUND;
		l->buf = (struct sendbuf){ malloc(cap), cap };
		if (!l->buf.p)
			abort();
	}
	arena_on_release(a, give_back, l);
	return l->buf.p;
}

void sendbuf_free_all(struct broker *b)
{
	struct sendbuf_cache *c = b->sendbufs;
	if (!c)
		return;
	for (int i = 0; i < c->n; i++)
		free(c->v[i].p);
	free(c);
	b->sendbufs = NULL;
}
