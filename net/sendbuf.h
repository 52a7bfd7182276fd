/*
 * Buffers for the file regions of responses (Fetch records read from the
 * page cache), reused from one response to the next. A fresh megabyte per
 * Fetch costs a page fault per 4 KiB page, which was most of the broker's
 * CPU when serving consumers; a few buffers kept warm cost a few MiB.
 * Only the loop thread uses them.
 */
#ifndef KAF_NET_SENDBUF_H
#define KAF_NET_SENDBUF_H

#include <stddef.h>

struct broker;
struct arena;

/*
 * n bytes that stay valid until a is released, when they go back to the
 * broker's cache (or are freed when the cache is full or the broker stops).
 */
void *sendbuf_get(struct broker *b, struct arena *a, size_t n);
/* Free the cached buffers (at broker_close; later returns are freed at once). */
void sendbuf_free_all(struct broker *b);

#endif
