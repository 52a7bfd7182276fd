/*
 * A request's memory: bump allocation from chunks, freed all at once when the
 * response has been written. Non-memory cleanups (segment references, file
 * descriptors) hang on the arena and run, newest first, when it is released.
 * Allocation failure aborts, like struct buf; callers bound sizes that come
 * from the network before they allocate.
 */
#ifndef KAF_BASE_ARENA_H
#define KAF_BASE_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena_cleanup;

struct arena {
	struct arena_chunk *chunk;	/* current chunk; older ones linked behind */
	struct arena_cleanup *cleanups;
	size_t allocated;		/* bytes handed out, for limits and stats */
	size_t chunk_size;		/* size of the next regular chunk */
	size_t first_chunk;
};

void arena_init(struct arena *a, size_t first_chunk);
/* Run the cleanups and free every chunk; the arena can be used again. */
void arena_release(struct arena *a);
/* 8-byte aligned, uninitialised. Valid until arena_release. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
void *arena_memdup(struct arena *a, const void *p, size_t n);
/* Register fn(arg) to run at release. */
void arena_on_release(struct arena *a, void (*fn)(void *), void *arg);

#endif
