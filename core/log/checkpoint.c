/*
 * Kafka's offset checkpoint files (recovery-point-offset-checkpoint,
 * log-start-offset-checkpoint, ...): text lines separated by '\n'
 *
 *   0                        version, always 0
 *   N                        number of entries
 *   <topic> <partition> <offset>   N times, fields separated by whitespace
 *
 * Written whole to a temporary file, fsynced and renamed over the old one.
 */
#include "core/log/log_impl.h"
#include "core/log/logdir.h"
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECKPOINT_MAX (64 << 20)
#define CHECKPOINT_MIN_LINE 6	/* "t 0 0\n" */

struct text {
	const char *p;
	const char *end;
};

/* Next line without its '\n' (and a '\r' before it); 0 at the end of the text. */
static int next_line(struct text *t, const char **line, size_t *len)
{
	if (t->p >= t->end)
		return 0;
	const char *nl = memchr(t->p, '\n', (size_t)(t->end - t->p));
	const char *stop = nl ? nl : t->end;
	*line = t->p;
	*len = (size_t)(stop - t->p);
	if (*len && (*line)[*len - 1] == '\r')
		(*len)--;
	t->p = nl ? nl + 1 : t->end;
	return 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* A decimal int64 that is exactly s[0..n). */
static int parse_i64(const char *s, size_t n, int64_t *v)
{
	size_t i = 0;
	int neg = 0;
	uint64_t x = 0;
	if (n && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		uint64_t d = (uint64_t)(s[i] - '0'), max = (uint64_t)INT64_MAX + (uint64_t)neg;
		if (s[i] < '0' || s[i] > '9' || x > (max - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = neg ? (int64_t)(0 - x) : (int64_t)x;
	return 0;
}

/* Split a line into up to max whitespace-separated fields; returns how many. */
static int split_fields(const char *s, size_t n, const char **f, size_t *fl, int max)
{
	int k = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && is_space(s[i]))
			i++;
		if (i == n)
			break;
		size_t start = i;
		while (i < n && !is_space(s[i]))
			i++;
		if (k == max)
			return max + 1;
		f[k] = s + start;
		fl[k++] = i - start;
	}
	return k;
}

static int parse_single(struct text *t, int64_t *v)
{
	const char *line, *f[1];
	size_t len, fl[1];
	if (!next_line(t, &line, &len) || split_fields(line, len, f, fl, 1) != 1)
		return -1;
	return parse_i64(f[0], fl[0], v);
}

static int parse_entry(const char *line, size_t len, struct checkpoint_entry *e)
{
	const char *f[3];
	size_t fl[3];
	int64_t part;
	if (split_fields(line, len, f, fl, 3) != 3 || fl[0] >= sizeof(e->topic))
		return -1;
	memcpy(e->topic, f[0], fl[0]);
	e->topic[fl[0]] = 0;
	if (!log_topic_valid(e->topic) || parse_i64(f[1], fl[1], &part) || part < 0 ||
	    part > INT32_MAX || parse_i64(f[2], fl[2], &e->offset))
		return -1;
	e->partition = (int32_t)part;
	return 0;
}

static int checkpoint_parse(const char *data, size_t size, struct checkpoint_entry **out, size_t *n)
{
	struct text t = { data, data + size };
	const char *line;
	size_t len;
	int64_t version, count;
	if (parse_single(&t, &version) || version != 0 || parse_single(&t, &count) || count < 0 ||
	    (uint64_t)count > size / CHECKPOINT_MIN_LINE)
		return KAF_ECORRUPT;
	struct checkpoint_entry *e = calloc(count ? (size_t)count : 1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	for (int64_t i = 0; i < count; i++) {
		if (!next_line(&t, &line, &len) || parse_entry(line, len, &e[i])) {
			free(e);
			return KAF_ECORRUPT;
		}
	}
	while (next_line(&t, &line, &len)) {
		const char *f[1];
		size_t fl[1];
		if (split_fields(line, len, f, fl, 1) != 0) {
			free(e);
			return KAF_ECORRUPT;
		}
	}
	*out = e;
	*n = (size_t)count;
	return 0;
}

int checkpoint_read(const char *path, struct checkpoint_entry **out, size_t *n)
{
	struct buf b = BUF_INIT;
	*out = NULL;
	*n = 0;
	int rc = file_read_all(path, CHECKPOINT_MAX, &b);
	if (rc == -ENOENT) {
		rc = 0;
	} else if (rc == KAF_ETOOBIG) {
		rc = KAF_ECORRUPT;
	} else if (!rc) {
		rc = checkpoint_parse((const char *)b.data, b.len, out, n);
	}
	buf_release(&b);
	return rc;
}

int checkpoint_write(const char *path, const struct checkpoint_entry *e, size_t n)
{
	struct buf b = BUF_INIT;
	char line[320];
	int len = snprintf(line, sizeof(line), "0\n%zu\n", n);
	buf_append(&b, line, (size_t)len);
	for (size_t i = 0; i < n; i++) {
		if (!log_topic_valid(e[i].topic)) {
			buf_release(&b);
			return KAF_ECONFIG;
		}
		len = snprintf(line, sizeof(line), "%s %" PRId32 " %" PRId64 "\n", e[i].topic,
			       e[i].partition, e[i].offset);
		buf_append(&b, line, (size_t)len);
	}
	int rc = file_write_atomic(path, b.data, b.len);
	buf_release(&b);
	return rc;
}
