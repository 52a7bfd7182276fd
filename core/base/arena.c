/* Chunked bump allocator with release-time cleanups. */
#include "core/base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
	struct arena_chunk *next;
	size_t used;
	size_t size;
	_Alignas(16) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *arg;
};

#define ARENA_MAX_CHUNK (1u << 20)

void arena_init(struct arena *a, size_t first_chunk)
{
	memset(a, 0, sizeof(*a));
	a->first_chunk = first_chunk ? first_chunk : 4096;
	a->chunk_size = a->first_chunk;
}

static struct arena_chunk *arena_chunk_new(size_t size)
{
	struct arena_chunk *c = malloc(sizeof(*c) + size);
	if (!c) {
		fprintf(stderr, "kaf: out of memory (arena chunk of %zu bytes)\n", size);
		abort();
	}
	c->used = 0;
	c->size = size;
	return c;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	struct arena_chunk *c = a->chunk;
	if (!c || c->size - c->used < n) {
		size_t size = a->chunk_size;
		if (size < n)
			size = n;
		c = arena_chunk_new(size);
		c->next = a->chunk;
		a->chunk = c;
		/* Chunks double so a big request costs few mallocs, up to a cap. */
		if (a->chunk_size < ARENA_MAX_CHUNK)
			a->chunk_size *= 2;
	}
	void *p = c->data + c->used;
	c->used += n;
	a->allocated += n;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	void *q = arena_alloc(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

void arena_on_release(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
	c->fn = fn;
	c->arg = arg;
	c->next = a->cleanups;
	a->cleanups = c;
}

void arena_release(struct arena *a)
{
	/* Cleanups live in the chunks: run them all before freeing any chunk. */
	for (struct arena_cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->arg);
	struct arena_chunk *c = a->chunk;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena_init(a, a->first_chunk);
}
