/*
 * kaf produce's input: files or stdin read in large blocks, split at the
 * record delimiter with memchr/memmem without copying, each record turned
 * into key, value and headers (text with -K key parsing and null markers,
 * or one JSON object per line), or a whole file as one record. Records are
 * handed to the producer, which copies them into its batches, so nothing
 * is allocated per record.
 */
#include "cmd/produce.h"

#include "cmd/cmd.h"
#include "cmd/record_json.h"
#include "core/base/clock.h"
#include "core/base/say.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_BLOCK (1024 * 1024)

volatile sig_atomic_t produce_interrupted;
/* A record (or --whole file) larger than this is refused before reading it all. */
#define MAX_RECORD (1024LL * 1024 * 1024)

void produce_input_error(struct produce_args *pa, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	const struct produce_source *s = &pa->sources[pa->nsources - 1];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pa->ninput_errors++;
	cmd_error(pa->tool.cmd, "%s: record %llu: %s", !strcmp(s->name, "-") ? "stdin" : s->name,
		  (unsigned long long)(pa->seen - s->first + 1), msg);
	if (!pa->keep_going)
		pa->stop = 1;
}

int produce_send(struct produce_args *pa, int32_t partition, int64_t ts, const void *key,
		 int32_t key_len, const void *value, int32_t value_len,
		 const struct record_header *headers, int32_t nheaders)
{
	if (pa->count >= 0 && pa->nread >= (uint64_t)pa->count) {
		pa->stop = 1;
		return 0;
	}
	pa->nread++;
	int rc = producer_send(&pa->prod, partition, ts, key, key_len, value, value_len, headers,
			       nheaders, pa->seen);
	if (!rc && pa->sync)
		rc = producer_flush(&pa->prod);
	if (rc) {
		pa->client_rc = rc;
		pa->stop = 1;
		return EXIT_FAILED;
	}
	if (pa->count >= 0 && pa->nread >= (uint64_t)pa->count)
		pa->stop = 1;
	return 0;
}

/* -Z and --null-marker: whether a field's text stands for null. */
static int is_null(const struct produce_args *pa, const char *p, size_t n)
{
	if (pa->null_empty && n == 0)
		return 1;
	return pa->null_marker && strlen(pa->null_marker) == n && !memcmp(pa->null_marker, p, n);
}

int produce_text_record(struct produce_args *pa, const char *p, size_t n)
{
	const char *key = pa->key;
	int32_t key_len = key ? (int32_t)strlen(key) : -1;
	const char *value = p;
	size_t vlen = n;

	if (pa->key_delim_len) {
		const char *d = memmem(p, n, pa->key_delim, pa->key_delim_len);
		/* No delimiter: the whole record is the value, the key stays the fixed one. */
		if (d) {
			key = p;
			key_len = (int32_t)(d - p);
			value = d + pa->key_delim_len;
			vlen = n - (size_t)(value - p);
		}
	}
	if (key && is_null(pa, key, (size_t)key_len))
		key = NULL, key_len = -1;
	int32_t value_len = (int32_t)vlen;
	if (is_null(pa, value, vlen))
		value = NULL, value_len = -1;
	if (pa->tee) {
		fwrite(p, 1, n, stdout);
		fwrite(pa->delim, 1, pa->delim_len, stdout);
	}
	int64_t ts = pa->timestamp >= 0 ? pa->timestamp : pa->now_ms;
	return produce_send(pa, pa->partition, ts, key, key_len, value, value_len, pa->headers,
			    pa->nheaders);
}

static int json_record(struct produce_args *pa, const char *p, size_t n)
{
	struct rj_record r;
	char err[160];

	/* The arena is emptied now and then, not per record. */
	if (pa->json_arena.allocated > 4 * 1024 * 1024)
		arena_release(&pa->json_arena);
	if (rj_parse(p, n, &r, &pa->json_arena, err, sizeof(err))) {
		produce_input_error(pa, "%s", err);
		return 0;
	}
	struct record_header hs[PRODUCE_MAX_HEADERS];
	int nh = 0;
	for (int i = 0; i < pa->nheaders && nh < PRODUCE_MAX_HEADERS; i++)
		hs[nh++] = pa->headers[i];
	for (int i = 0; i < r.nheaders; i++) {
		if (nh == PRODUCE_MAX_HEADERS) {
			produce_input_error(pa, "more than %d headers", PRODUCE_MAX_HEADERS);
			return 0;
		}
		hs[nh].key = r.headers[i].key.p;
		hs[nh].key_len = r.headers[i].key.len;
		hs[nh].value = r.headers[i].value.p;
		hs[nh].value_len = r.headers[i].value.len;
		nh++;
	}
	const void *key = r.key.p;
	int32_t key_len = r.key.len;
	if (key_len < 0 && pa->key)
		key = pa->key, key_len = (int32_t)strlen(pa->key);
	int32_t partition = pa->partition;
	if (pa->keep_partition && r.partition >= 0) {
		if (r.partition >= producer_partitions(&pa->prod)) {
			produce_input_error(pa, "partition %d does not exist (%s has %d)", r.partition,
					    pa->topic, producer_partitions(&pa->prod));
			return 0;
		}
		partition = r.partition;
	}
	int64_t ts = pa->timestamp >= 0 ? pa->timestamp : pa->now_ms;
	if (pa->keep_timestamp && r.timestamp >= 0)
		ts = r.timestamp;
	if (pa->tee) {
		fwrite(p, 1, n, stdout);
		fputc('\n', stdout);
	}
	return produce_send(pa, partition, ts, key, key_len, r.value.p, r.value.len, hs, nh);
}

static int one_record(struct produce_args *pa, const char *p, size_t n)
{
	pa->seen++;
	if (pa->input_json) {
		/* Blank lines between objects are not records. */
		size_t i = 0;
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
			i++;
		return i == n ? 0 : json_record(pa, p, n);
	}
	return produce_text_record(pa, p, n);
}

/* Wait until fd is readable, sending lingering batches meanwhile (pipes, terminals). */
static int wait_input(struct produce_args *pa, int fd)
{
	for (;;) {
		if (produce_interrupted) {
			pa->stop = 1;
			return 0;
		}
		int64_t ms = producer_next_ms(&pa->prod);
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		int rc = poll(&pf, 1, ms < 0 ? 200 : ms > 200 ? 200 : (int)ms);
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR)
			return -errno;
		if ((rc = producer_poll(&pa->prod, 0))) {
			pa->client_rc = rc;
			pa->stop = 1;
			return 0;
		}
	}
}

static int open_source(struct produce_args *pa, const char *name, int *fd)
{
	if (pa->nsources == PRODUCE_MAX_SOURCES) {
		cmd_error(pa->tool.cmd, "too many files (at most %d)", PRODUCE_MAX_SOURCES);
		return EXIT_USAGE;
	}
	pa->sources[pa->nsources].name = name;
	pa->sources[pa->nsources].first = pa->seen + 1;
	pa->nsources++;
	if (!strcmp(name, "-")) {
		*fd = 0;
		return 0;
	}
	*fd = open(name, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		int e = errno;
		cmd_error(pa->tool.cmd, "%s: %s", name, strerror(e));
		return e == ENOENT ? EXIT_NOTFOUND : EXIT_FAILED;
	}
	return 0;
}

/* --whole: the source is one record. */
static int read_whole(struct produce_args *pa, int fd, const char *name)
{
	struct buf b = BUF_INIT;
	int interactive = !isatty(fd) ? 0 : 1;
	struct stat st;
	int rc = 0;

	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > MAX_RECORD) {
		cmd_error(pa->tool.cmd, "%s: %lld bytes is more than one record can hold", name,
			  (long long)st.st_size);
		return EXIT_FAILED;
	}
	for (;;) {
		if (interactive && wait_input(pa, fd))
			break;
		uint8_t *p = buf_reserve(&b, READ_BLOCK);
		ssize_t r = read(fd, p, READ_BLOCK);
		if (produce_interrupted)
			break;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			cmd_error(pa->tool.cmd, "%s: %s", name, strerror(errno));
			rc = EXIT_FAILED;
			break;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		pa->bytes_read += (uint64_t)r;
		if (b.len > MAX_RECORD) {
			cmd_error(pa->tool.cmd, "%s: more than one record can hold", name);
			rc = EXIT_FAILED;
			break;
		}
	}
	if (!rc) {
		pa->now_ms = clock_wall_ms();
		const char *p = b.data ? (const char *)b.data : "";
		rc = one_record(pa, p, b.len);
	}
	buf_release(&b);
	return rc;
}

/* Split one source at the delimiter. */
static int read_records(struct produce_args *pa, int fd, const char *name)
{
	size_t cap = READ_BLOCK, len = 0;
	char *buf = malloc(cap);
	struct stat st;
	int pipe_like = fstat(fd, &st) || !S_ISREG(st.st_mode);
	int rc = 0;

	if (!buf)
		abort();
	const char d0 = pa->delim[0];
	while (!pa->stop) {
		if (len == cap) {
			if ((long long)cap * 2 > MAX_RECORD) {
				produce_input_error(pa, "a record of more than %lld bytes", MAX_RECORD / 2);
				rc = EXIT_FAILED;
				break;
			}
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		if (pipe_like && wait_input(pa, fd))
			break;
		if (pa->stop)
			break;
		ssize_t r = read(fd, buf + len, cap - len);
		if (produce_interrupted) {
			pa->stop = 1;
			break;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			cmd_error(pa->tool.cmd, "%s: %s", name, strerror(errno));
			rc = EXIT_FAILED;
			break;
		}
		pa->now_ms = clock_wall_ms();
		if (r == 0) {
			/* The last record need not end with the delimiter. */
			if (len)
				rc = one_record(pa, buf, len);
			len = 0;
			break;
		}
		pa->bytes_read += (uint64_t)r;
		size_t scan_from = len >= pa->delim_len ? len - (pa->delim_len - 1) : 0;
		len += (size_t)r;
		size_t start = 0;
		for (;;) {
			const char *d;
			if (pa->delim_len == 1)
				d = memchr(buf + scan_from, d0, len - scan_from);
			else
				d = memmem(buf + scan_from, len - scan_from, pa->delim, pa->delim_len);
			if (!d)
				break;
			size_t at = (size_t)(d - buf);
			if ((rc = one_record(pa, buf + start, at - start)) || pa->stop)
				break;
			start = at + pa->delim_len;
			scan_from = start;
		}
		if (rc || pa->stop)
			break;
		memmove(buf, buf + start, len - start);
		len -= start;
		if (pa->progress)
			produce_progress(pa, 0);
	}
	free(buf);
	return rc;
}

int produce_read_all(struct produce_args *pa)
{
	static char *dash[] = { "-" };
	char **files = pa->nfiles ? pa->files : dash;
	int n = pa->nfiles ? pa->nfiles : 1;

	for (int i = 0; i < n && !pa->stop; i++) {
		int fd, rc = open_source(pa, files[i], &fd);
		if (rc)
			return rc;
		if (!strcmp(files[i], "-") && isatty(fd) && say_get_level() >= SAY_WARN)
			fprintf(stderr, "kaf produce: reading records from the terminal; "
				"end with Ctrl-D\n");
		rc = pa->whole ? read_whole(pa, fd, files[i]) : read_records(pa, fd, files[i]);
		if (fd > 0)
			close(fd);
		if (rc)
			return rc;
	}
	return 0;
}
