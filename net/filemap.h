/*
 * The records of a response, seen where they are: a file region (Fetch
 * records in a segment) is mapped read-only and handed to writev, so the page
 * cache is copied once, into the socket. Reading it into a buffer first cost
 * a second copy: 0.50 against 0.35-0.39 broker CPU-s per GB served.
 * sendfile was slower than both on loopback at every chunk size measured
 * (docs/PERFORMANCE.md).
 *
 * A truncated file cannot fault the broker: the kernel's copy out of the
 * mapping fails the write (EFAULT) and the connection closes, as a failed
 * read closed it before. When a mapping cannot be made (the process's map
 * count, say) the region is read into memory instead.
 */
#ifndef KAF_NET_FILEMAP_H
#define KAF_NET_FILEMAP_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* len bytes of fd at pos, valid until a is released; NULL when they cannot be read. */
const void *filemap_view(struct arena *a, int fd, int64_t pos, size_t len);

#endif
