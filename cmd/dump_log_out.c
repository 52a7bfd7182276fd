/*
 * `kaf dump-log` plumbing shared by every file type: mapping files
 * read-only, file-name arithmetic, the end-of-run report queue, anomaly
 * lines, and the text encoders (JSON strings, Java-style UTF-8 decoding,
 * hex, base64).
 */
#include "cmd/dump_log.h"
#include "cmd/cmd.h"
#include "core/base/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Files are mapped, and a file that shrinks while mapped (a broker trimming
 * an index or truncating a segment as we read it) raises SIGBUS on access.
 * That ends the run with a message instead of a crash.
 */
static const char *volatile mapped_path;

static void on_sigbus(int sig)
{
	static const char a[] = "kaf dump-log: error: ";
	static const char b[] = ": the file shrank while it was being read (is a broker writing it?)\n";
	const char *p = mapped_path ? mapped_path : "a file";
	(void)sig;
	if (write(STDERR_FILENO, a, sizeof(a) - 1) < 0 ||
	    write(STDERR_FILENO, p, strlen(p)) < 0 || write(STDERR_FILENO, b, sizeof(b) - 1) < 0)
		_exit(1);
	_exit(1);
}

int dl_file_open(struct dl_file *f, const char *path)
{
	static int handler_set;
	if (!handler_set) {
		struct sigaction sa = { .sa_handler = on_sigbus };
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, NULL);
		handler_set = 1;
	}
	memset(f, 0, sizeof(*f));
	f->path = path;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	f->len = (size_t)st.st_size;
	if (f->len) {
		void *p = mmap(NULL, f->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			int e = -errno;
			close(fd);
			f->len = 0;
			return e;
		}
		f->data = p;
		mapped_path = path;
	}
	close(fd);
	return 0;
}

void dl_file_close(struct dl_file *f)
{
	if (f->data)
		munmap((void *)f->data, f->len);
	f->data = NULL;
	f->len = 0;
}

const char *dl_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int64_t dl_name_offset(const char *path)
{
	const char *b = dl_basename(path);
	int64_t v = 0;
	int i;
	for (i = 0; i < 20 && b[i] >= '0' && b[i] <= '9'; i++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (b[i] - '0');
	}
	if (i == 0 || (b[i] != '.' && b[i] != '-'))
		return -1;
	return v;
}

char *dl_sibling(const char *path, const char *suffix)
{
	const char *b = dl_basename(path);
	const char *dot = strchr(b, '.');
	size_t stem = dot ? (size_t)(dot - path) : strlen(path);
	size_t n = stem + strlen(suffix) + 1;
	char *s = malloc(n);
	if (!s)
		abort();
	memcpy(s, path, stem);
	strcpy(s + stem, suffix);
	return s;
}

/* Java's File.getAbsolutePath: prefix the working directory, no resolving. */
static char *absolute_path(const char *path)
{
	if (path[0] == '/')
		return strdup(path);
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		return strdup(path);
	size_t n = strlen(cwd) + strlen(path) + 2;
	char *s = malloc(n);
	if (!s)
		abort();
	snprintf(s, n, "%s/%s", cwd, path);
	return s;
}

void dl_report_add(struct dl_run *run, enum dl_report kind, const char *path, int64_t a, int64_t b)
{
	if (run->nreports == run->capreports) {
		size_t cap = run->capreports ? run->capreports * 2 : 16;
		struct dl_report_entry *r = realloc(run->reports, cap * sizeof(*r));
		if (!r)
			abort();
		run->reports = r;
		run->capreports = cap;
	}
	struct dl_report_entry *e = &run->reports[run->nreports++];
	e->kind = kind;
	e->file = absolute_path(path);
	e->a = a;
	e->b = b;
	run->anomalies++;
	if (run->o.jsonl) {
		static const char *const kinds[DL_REP_COUNT] = {
			[DL_REP_INDEX_MISMATCH] = "index_mismatch",
			[DL_REP_TIME_MISMATCH] = "time_index_mismatch",
			[DL_REP_TIME_ORDER] = "time_index_out_of_order",
			[DL_REP_TIME_NOTFOUND] = "time_index_offset_not_found",
			[DL_REP_NONCONSECUTIVE] = "non_consecutive_offsets",
		};
		static const char *const fields[DL_REP_COUNT][2] = {
			[DL_REP_INDEX_MISMATCH] = { "index_offset", "log_offset" },
			[DL_REP_TIME_MISMATCH] = { "index_timestamp", "log_timestamp" },
			[DL_REP_TIME_ORDER] = { "index_timestamp", "previous_index_timestamp" },
			[DL_REP_TIME_NOTFOUND] = { "index_offset", "log_offset" },
			[DL_REP_NONCONSECUTIVE] = { "offset", "next_offset" },
		};
		struct buf j = BUF_INIT;
		dl_bprintf(&j, "{\"type\":\"anomaly\",\"kind\":\"%s\",\"path\":", kinds[kind]);
		dl_json_str(&j, path, strlen(path));
		dl_bprintf(&j, ",\"%s\":%lld,\"%s\":%lld}\n", fields[kind][0], (long long)a,
			   fields[kind][1], (long long)b);
		dl_out(&j);
		buf_release(&j);
	}
}

void dl_anomaly(struct dl_run *run, const char *path, const char *kind, int64_t position,
		const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	run->anomalies++;
	fflush(stdout);
	cmd_error("dump-log", "%s: %s", path, msg);
	if (run->o.jsonl) {
		struct buf j = BUF_INIT;
		dl_bprintf(&j, "{\"type\":\"anomaly\",\"kind\":\"%s\",\"path\":", kind);
		dl_json_str(&j, path, strlen(path));
		if (position >= 0)
			dl_bprintf(&j, ",\"position\":%lld", (long long)position);
		dl_bprintf(&j, ",\"message\":");
		dl_json_str(&j, msg, strlen(msg));
		dl_bprintf(&j, "}\n");
		dl_out(&j);
		buf_release(&j);
	}
}

void dl_print_dumping(struct dl_run *run, const char *path, const char *kind)
{
	run->dumped++;
	if (!run->o.jsonl) {
		printf("Dumping %s\n", path);
		return;
	}
	struct buf j = BUF_INIT;
	dl_bprintf(&j, "{\"type\":\"file\",\"path\":");
	dl_json_str(&j, path, strlen(path));
	dl_bprintf(&j, ",\"kind\":\"%s\"", kind);
	int64_t base = dl_name_offset(path);
	if (base >= 0)
		dl_bprintf(&j, ",\"base_offset\":%lld", (long long)base);
	dl_bprintf(&j, "}\n");
	dl_out(&j);
	buf_release(&j);
}

void dl_bprintf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_append(b, small, (size_t)n);
		return;
	}
	char *p = (char *)buf_reserve(b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void dl_out(const struct buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, stdout);
}

void dl_json_str(struct buf *b, const char *s, size_t n)
{
	static const char hexd[] = "0123456789abcdef";
	buf_put_u8(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_append(b, "\\\"", 2); break;
		case '\\': buf_append(b, "\\\\", 2); break;
		case '\n': buf_append(b, "\\n", 2); break;
		case '\r': buf_append(b, "\\r", 2); break;
		case '\t': buf_append(b, "\\t", 2); break;
		case '\b': buf_append(b, "\\b", 2); break;
		case '\f': buf_append(b, "\\f", 2); break;
		default:
			if (c < 0x20) {
				char e[6] = { '\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15] };
				buf_append(b, e, 6);
			} else {
				buf_put_u8(b, c);
			}
		}
	}
	buf_put_u8(b, '"');
}

/*
 * Length of the well-formed UTF-8 sequence at p (1-4), or 0 when malformed;
 * *bad is then the length of the maximal ill-formed subpart, which Java's
 * decoder replaces with one U+FFFD.
 */
static size_t utf8_seq(const uint8_t *p, size_t n, size_t *bad)
{
	uint8_t c = p[0];
	*bad = 1;
	if (c < 0x80)
		return 1;
	size_t need;
	uint8_t lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	for (size_t k = 1; k <= need; k++) {
		if (k >= n)
			return 0;
		uint8_t lo_k = k == 1 ? lo : 0x80, hi_k = k == 1 ? hi : 0xbf;
		if (p[k] < lo_k || p[k] > hi_k)
			return 0;
		*bad = k + 1;
	}
	return need + 1;
}

int dl_utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0, bad;
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i, &bad);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

void dl_utf8_sanitize(struct buf *b, const uint8_t *p, size_t n)
{
	size_t i = 0, bad;
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i, &bad);
		if (k) {
			buf_append(b, p + i, k);
			i += k;
		} else {
			buf_append(b, "\xef\xbf\xbd", 3);
			i += bad;
		}
	}
}

void dl_hex(struct buf *b, const uint8_t *p, size_t n)
{
	static const char hexd[] = "0123456789abcdef";
	char *o = (char *)buf_grow(b, n * 2);
	for (size_t i = 0; i < n; i++) {
		o[2 * i] = hexd[p[i] >> 4];
		o[2 * i + 1] = hexd[p[i] & 15];
	}
}

void dl_base64(struct buf *b, const uint8_t *p, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *o = (char *)buf_grow(b, (n + 2) / 3 * 4);
	size_t i = 0;
	for (; i + 3 <= n; i += 3, o += 4) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		o[0] = tab[v >> 18];
		o[1] = tab[(v >> 12) & 63];
		o[2] = tab[(v >> 6) & 63];
		o[3] = tab[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		o[0] = tab[v >> 18];
		o[1] = tab[(v >> 12) & 63];
		o[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		o[3] = '=';
	}
}
