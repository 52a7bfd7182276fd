/* File regions of responses, mapped in place (see filemap.h). */
#include "net/filemap.h"

#include "core/base/arena.h"
#include "core/base/fsutil.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

struct filemap_loan {
	void *p;
	size_t len;		/* 0: a malloc'd copy, not a mapping */
};

static void give_back(void *arg)
{
	struct filemap_loan *l = arg;
	if (l->len)
		munmap(l->p, l->len);
	else
		free(l->p);
}

const void *filemap_view(struct arena *a, int fd, int64_t pos, size_t len)
{
	static long page;
	if (!page)
		page = sysconf(_SC_PAGESIZE);
	struct filemap_loan *l = arena_alloc(a, sizeof(*l));
	int64_t base = pos - pos % page;
	size_t span = (size_t)(pos - base) + len;
	void *m = mmap(NULL, span, PROT_READ, MAP_SHARED, fd, (off_t)base);
	if (m != MAP_FAILED) {
		*l = (struct filemap_loan){ m, span };
		arena_on_release(a, give_back, l);
		return (const uint8_t *)m + (pos - base);
	}
	*l = (struct filemap_loan){ malloc(len ? len : 1), 0 };
	if (!l->p)
		abort();
	arena_on_release(a, give_back, l);
	return pread_full(fd, l->p, len, pos) ? NULL : l->p;
}
