/*
 * Unit tests of the response file regions (net/filemap.c): a view at an
 * offset that is not page-aligned holds the file's bytes, a file that cannot
 * be mapped is read instead, and a view past the end of a truncated file
 * makes a write fail with EFAULT rather than fault the process.
 */
#include "net/filemap.h"
#include "core/base/arena.h"
#include "tests/unit/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	struct arena a;
	arena_init(&a, 4096);
	long page = sysconf(_SC_PAGESIZE);
	size_t n = (size_t)page * 3;
	unsigned char *want = malloc(n);
	for (size_t i = 0; i < n; i++)
		want[i] = (unsigned char)(i * 131 + 7);
	char path[] = "/tmp/kaf-filemap-XXXXXX";
	int fd = mkstemp(path);
	ok(fd >= 0 && write(fd, want, n) == (ssize_t)n, "a file of three pages");
	unlink(path);

	const unsigned char *v = filemap_view(&a, fd, 100, n - 200);
	ok(v && memcmp(v, want + 100, n - 200) == 0, "a view from byte 100 across pages holds the file's bytes");
	v = filemap_view(&a, fd, page + 1, 10);
	ok(v && memcmp(v, want + page + 1, 10) == 0, "a short view inside the second page");

	/* /proc files cannot be mapped: the region is read instead. */
	int pfd = open("/proc/self/cmdline", O_RDONLY);
	char direct[64];
	ssize_t got = pread(pfd, direct, sizeof(direct), 2);
	v = got > 0 ? filemap_view(&a, pfd, 2, (size_t)got) : NULL;
	ok(v && memcmp(v, direct, (size_t)got) == 0, "an unmappable file is read into memory");
	ok(filemap_view(&a, pfd, 1 << 20, 10) == NULL, "a region past its end cannot be read: NULL");

	/* The file shrinks under a view (a torn tail cut): writing it fails, nothing faults. */
	v = filemap_view(&a, fd, 0, n);
	ok(v != NULL, "a view of the whole file");
	ok(ftruncate(fd, page) == 0, "the file is cut to one page");
	int p[2];
	ok(pipe(p) == 0, "a pipe");
	ok(write(p[1], v, 16) == 16, "the page still in the file writes");
	errno = 0;
	ssize_t w = write(p[1], v + 2 * page, 16);
	ok(w == -1 && errno == EFAULT, "the cut part fails the write with EFAULT (got %zd, %s)", w, strerror(errno));

	arena_release(&a);
	close(p[0]);
	close(p[1]);
	close(pfd);
	close(fd);
	free(want);
	return tap_done();
}
