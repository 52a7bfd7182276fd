/*
 * limits: this machine's physical limits, measured in the same run as the
 * broker so that goals can be stated as ratios to them.
 *
 *   limits memcpy BYTES REPS        single-thread memcpy bandwidth
 *   limits syncwrite DIR MIB CHUNK  sequential appends, fdatasync after each CHUNK
 *   limits cachewrite DIR MIB CHUNK the same appends into the page cache, no
 *                                   fdatasync: what a broker's write(2) costs
 *                                   when the file's pages are new memory
 *   limits fsync DIR BYTES COUNT    append BYTES + fdatasync, COUNT times: rate, p50, p99
 *   limits sendfile FILE MIB CHUNK  a page-cached file to a loopback TCP reader,
 *                                   with sendfile and with read+write
 *
 * Each prints one JSON line. Scratch files are removed before exit.
 */
#include "tests/bench/measure.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>



static void fail(const char *what)
{
	fprintf(stderr, "limits: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int do_memcpy(size_t bytes, int reps)
{
	char *a = malloc(bytes), *b = malloc(bytes);
	if (!a || !b)
		fail("malloc");
	memset(a, 1, bytes);
	memset(b, 2, bytes);
	double best = 0;
	for (int r = 0; r < reps; r++) {
		int inner = bytes >= (64u << 20) ? 1 : (int)((256u << 20) / bytes);
		double t0 = now_s();
		for (int i = 0; i < inner; i++) {
			memcpy(i & 1 ? a : b, i & 1 ? b : a, bytes);
			__asm__ volatile("" ::"r"(a), "r"(b) : "memory");
		}
		double gbs = (double)bytes * inner / 1e9 / (now_s() - t0);
		if (gbs > best)
			best = gbs;
	}
	printf("{\"probe\":\"memcpy\",\"bytes\":%zu,\"GB_per_s\":%.2f}\n", bytes, best);
	free(a);
	free(b);
	return 0;
}

static int do_write(const char *dir, long mib, size_t chunk, int sync)
{
	const char *probe = sync ? "syncwrite" : "cachewrite";
	char path[4096];
	snprintf(path, sizeof(path), "%s/limits-%s.%d", dir, probe, (int)getpid());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fail(path);
	unlink(path);
	char *buf = malloc(chunk);
	for (size_t i = 0; i < chunk; i++)
		buf[i] = (char)(i * 7 + 3);
	long long total = (long long)mib << 20;
	double t0 = now_s();
	for (long long off = 0; off < total; off += (long long)chunk) {
		if (write(fd, buf, chunk) != (ssize_t)chunk)
			fail("write");
		if (sync && fdatasync(fd))
			fail("fdatasync");
	}
	double secs = now_s() - t0;
	printf("{\"probe\":\"%s\",\"chunk\":%zu,\"MB_per_s\":%.1f}\n", probe, chunk, (double)total / 1e6 / secs);
	close(fd);
	free(buf);
	return 0;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int do_fsync(const char *dir, size_t bytes, int count)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/limits-fsync.%d", dir, (int)getpid());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	if (fd < 0)
		fail(path);
	unlink(path);
	char *buf = calloc(1, bytes);
	double *lat = malloc(sizeof(double) * (size_t)count);
	double t0 = now_s();
	for (int i = 0; i < count; i++) {
		double a = now_s();
		if (write(fd, buf, bytes) != (ssize_t)bytes)
			fail("write");
		if (fdatasync(fd))
			fail("fdatasync");
		lat[i] = (now_s() - a) * 1e3;
	}
	double secs = now_s() - t0;
	qsort(lat, (size_t)count, sizeof(double), cmp_d);
	printf("{\"probe\":\"fsync\",\"bytes\":%zu,\"syncs_per_s\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}\n", bytes,
	       count / secs, lat[count / 2], lat[(int)(count * 0.99)]);
	close(fd);
	free(buf);
	free(lat);
	return 0;
}

/* One pass of the file to a forked loopback reader; returns GB/s and
 * the sender's CPU seconds per GB in *cpu. */
static double send_once(int file, long long size, size_t chunk, int use_sendfile, double *cpu)
{
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) || listen(ls, 1) ||
	    getsockname(ls, (struct sockaddr *)&sa, &sl))
		fail("listen");
	pid_t child = fork();
	if (child == 0) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		static char sink[1 << 20];
		if (connect(s, (struct sockaddr *)&sa, sizeof(sa)))
			_exit(1);
		while (read(s, sink, sizeof(sink)) > 0)
			;
		_exit(0);
	}
	int s = accept(ls, NULL, NULL);
	close(ls);
	char *buf = malloc(chunk);
	double c0 = self_cpu(), t0 = now_s();
	off_t off = 0;
	while (off < size) {
		size_t want = (size_t)(size - off) < chunk ? (size_t)(size - off) : chunk;
		if (use_sendfile) {
			ssize_t k = sendfile(s, file, &off, want);
			if (k <= 0)
				fail("sendfile");
		} else {
			ssize_t k = pread(file, buf, want, off);
			if (k <= 0)
				fail("pread");
			for (ssize_t w = 0; w < k;) {
				ssize_t m = write(s, buf + w, (size_t)(k - w));
				if (m <= 0)
					fail("write");
				w += m;
			}
			off += k;
		}
	}
	close(s);
	waitpid(child, NULL, 0);
	double secs = now_s() - t0;
	*cpu = (self_cpu() - c0) / ((double)size / 1e9);
	free(buf);
	return (double)size / 1e9 / secs;
}

static int do_sendfile(const char *path, long mib, size_t chunk)
{
	long long size = (long long)mib << 20;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fail(path);
	unlink(path);
	char *buf = malloc(1 << 20);
	for (int i = 0; i < (1 << 20); i++)
		buf[i] = (char)(i * 31 + 1);
	for (long long off = 0; off < size; off += 1 << 20)
		if (write(fd, buf, 1 << 20) != 1 << 20)
			fail("write");
	free(buf);
	double sf_cpu = 0, rw_cpu = 0, sf = 0, rw = 0;
	send_once(fd, size, chunk, 1, &sf_cpu); /* warm the cache and the socket path */
	for (int r = 0; r < 3; r++) {
		double c1, c2, a = send_once(fd, size, chunk, 1, &c1), b = send_once(fd, size, chunk, 0, &c2);
		if (a > sf)
			sf = a, sf_cpu = c1;
		if (b > rw)
			rw = b, rw_cpu = c2;
	}
	printf("{\"probe\":\"sendfile\",\"chunk\":%zu,\"sendfile_GB_per_s\":%.2f,\"sendfile_cpu_s_per_GB\":%.2f,"
	       "\"readwrite_GB_per_s\":%.2f,\"readwrite_cpu_s_per_GB\":%.2f}\n",
	       chunk, sf, sf_cpu, rw, rw_cpu);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc == 4 && !strcmp(argv[1], "memcpy"))
		return do_memcpy((size_t)atoll(argv[2]), atoi(argv[3]));
	if (argc == 5 && !strcmp(argv[1], "syncwrite"))
		return do_write(argv[2], atol(argv[3]), (size_t)atoll(argv[4]), 1);
	if (argc == 5 && !strcmp(argv[1], "cachewrite"))
		return do_write(argv[2], atol(argv[3]), (size_t)atoll(argv[4]), 0);
	if (argc == 5 && !strcmp(argv[1], "fsync"))
		return do_fsync(argv[2], (size_t)atoll(argv[3]), atoi(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "sendfile"))
		return do_sendfile(argv[2], atol(argv[3]), (size_t)atoll(argv[4]));
	fprintf(stderr, "usage: limits memcpy BYTES REPS | syncwrite DIR MIB CHUNK | cachewrite DIR MIB CHUNK |"
			" fsync DIR BYTES COUNT |"
			" sendfile FILE MIB CHUNK\n");
	return 2;
}
