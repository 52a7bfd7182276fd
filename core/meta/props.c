/*
 * The two files beside the logs that say whose data directory this is:
 *
 *   .lock            empty for Kafka; we write "<pid>\n" while we hold it.
 *                    Held with flock(LOCK_EX) and an open-file-description
 *                    lock over the whole file (Java's FileChannel.tryLock is
 *                    a POSIX lock, which the latter conflicts with).
 *   meta.properties  Java properties text, written once at first start:
 *                        version=1
 *                        node.id=<N>
 *                        cluster.id=<22-char base64url of 16 random bytes>
 *                    Kafka also writes "#" comment lines (a date) and
 *                    directory.id; both are accepted and ignored. A version 0
 *                    file names the node broker.id.
 */
#include "core/meta/meta_impl.h"
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <unistd.h>

#define PROPS_FILE "meta.properties"
#define LOCK_FILE ".lock"
#define PROPS_MAX (64 * 1024)

int meta_err(int rc, char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int meta_random_uuid(struct kuuid *id)
{
	for (;;) {
		if (getrandom(id->b, sizeof(id->b), 0) != (ssize_t)sizeof(id->b))
			return -errno;
		id->b[6] = (uint8_t)((id->b[6] & 0x0f) | 0x40);	/* version 4 */
		id->b[8] = (uint8_t)((id->b[8] & 0x3f) | 0x80);	/* IETF variant */
		if ((id->b[0] >> 2) != 62)	/* 62 is '-' in base64url */
			return 0;
	}
}

static int path_in(char *out, size_t n, const char *dir, const char *name)
{
	return (size_t)snprintf(out, n, "%s/%s", dir, name) >= n ? -ENAMETOOLONG : 0;
}

/* The pid a holder of the lock wrote into it, or 0. */
static long lock_holder(int fd)
{
	char text[32];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	if (n <= 0)
		return 0;
	text[n] = 0;
	char *end;
	long pid = strtol(text, &end, 10);
	return pid > 0 && (*end == '\n' || !*end) ? pid : 0;
}

static int lock_busy(int fd, const char *dir, char *err, size_t errlen)
{
	long pid = lock_holder(fd);
	close(fd);
	if (pid)
		return meta_err(KAF_ESTATE, err, errlen,
				"data directory %s is used by another kaf server (pid %ld)", dir, pid);
	return meta_err(KAF_ESTATE, err, errlen,
			"data directory %s is used by another server (its %s is locked)", dir,
			LOCK_FILE);
}

int meta_dir_lock(const char *dir, int *fd_out, char *err, size_t errlen)
{
	char path[4096];
	*fd_out = -1;
	int rc = path_in(path, sizeof(path), dir, LOCK_FILE);
	if (rc)
		return meta_err(rc, err, errlen, "data directory %s: path too long", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return meta_err(-errno, err, errlen, "cannot open %s: %s", path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			return lock_busy(fd, dir, err, errlen);
		rc = -errno;
		close(fd);
		return meta_err(rc, err, errlen, "cannot lock %s: %s", path, strerror(-rc));
	}
#ifdef F_OFD_SETLK
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	if (fcntl(fd, F_OFD_SETLK, &fl) < 0) {
		if (errno == EAGAIN || errno == EACCES)
			return lock_busy(fd, dir, err, errlen);
		/* File systems without record locks still have the flock. */
	}
#endif
	char text[32];
	int n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite_full(fd, text, (size_t)n, 0)) {
		/* The pid only improves the message a second server prints. */
	}
	*fd_out = fd;
	return 0;
}

struct props {
	int version;		/* -1 absent */
	int64_t node_id;	/* -1 absent */
	char cluster_id[64];	/* "" absent */
};

static char *trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\f'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\f' || end[-1] == '\r'))
		*--end = 0;
	*end = 0;
	return s;
}

static int parse_int(const char *s, int64_t max, int64_t *out)
{
	char *end;
	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int bad_value(char *bad, size_t n, const char *key, const char *val)
{
	snprintf(bad, n, "%s=%.40s", key, val);
	return -1;
}

/*
 * Java properties lines: "#" or "!" comments, "key=value", "key:value" or
 * "key value". The keys we read never need escapes or continuations.
 */
static int props_parse(char *text, struct props *p, char *bad, size_t badlen)
{
	int64_t v, broker_id = -1;
	p->version = -1;
	p->node_id = -1;
	p->cluster_id[0] = 0;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		char *end = nl ? nl : line + strlen(line);
		char *next = nl ? nl + 1 : NULL;
		char *s = trim(line, end);
		line = next;
		if (!*s || *s == '#' || *s == '!')
			continue;
		size_t k = strcspn(s, "=: \t\f");
		char *val = s + k;
		if (*val) {
			*val++ = 0;
			val = trim(val, val + strlen(val));
			if (*val == '=' || *val == ':')
				val = trim(val + 1, val + strlen(val));
		}
		if (!strcmp(s, "version")) {
			if (parse_int(val, 1, &v))
				return bad_value(bad, badlen, s, val);
			p->version = (int)v;
		} else if (!strcmp(s, "node.id") || !strcmp(s, "broker.id")) {
			if (parse_int(val, INT32_MAX, &v))
				return bad_value(bad, badlen, s, val);
			if (!strcmp(s, "node.id"))
				p->node_id = v;
			else
				broker_id = v;
		} else if (!strcmp(s, "cluster.id")) {
			if (strlen(val) >= sizeof(p->cluster_id))
				return bad_value(bad, badlen, s, "(too long)");
			strcpy(p->cluster_id, val);
		}
	}
	if (p->version == 0 && p->node_id < 0)
		p->node_id = broker_id;
	return 0;
}

static int props_write(const char *path, int32_t node_id, const char *cluster_id)
{
	char text[256];
	int n = snprintf(text, sizeof(text), "version=1\nnode.id=%" PRId32 "\ncluster.id=%s\n",
			 node_id, cluster_id);
	return file_write_atomic(path, text, (size_t)n);
}

static int props_read(const char *path, const char *dir, struct props *p, char *err,
		      size_t errlen)
{
	struct buf b = BUF_INIT;
	char bad[128];
	int rc = file_read_all(path, PROPS_MAX, &b);
	if (rc) {
		buf_release(&b);
		return meta_err(rc, err, errlen, "cannot read %s: %s", path, kaf_strerror(rc));
	}
	buf_put_u8(&b, 0);
	if (memchr(b.data, 0, b.len - 1))
		rc = meta_err(KAF_ECONFIG, err, errlen, "%s is not a text file", path);
	else if (props_parse((char *)b.data, p, bad, sizeof(bad)))
		rc = meta_err(KAF_ECONFIG, err, errlen, "%s: bad value %s", path, bad);
	else if (p->version < 0)
		rc = meta_err(KAF_ECONFIG, err, errlen, "%s has no version", path);
	else if (p->node_id < 0)
		rc = meta_err(KAF_ECONFIG, err, errlen, "%s has no node.id", path);
	else if (!p->cluster_id[0])
		rc = meta_err(KAF_ECONFIG, err, errlen, "%s has no cluster.id (data directory %s "
			      "was not made by a KRaft broker)", path, dir);
	buf_release(&b);
	return rc;
}

int meta_props_check(const char *dir, int32_t node_id, const char *cluster_id, char out[23],
		     char *err, size_t errlen)
{
	char path[4096];
	struct kuuid id;
	int rc = path_in(path, sizeof(path), dir, PROPS_FILE);
	if (rc)
		return meta_err(rc, err, errlen, "data directory %s: path too long", dir);
	if (cluster_id && meta_uuid_parse(cluster_id, &id))
		return meta_err(KAF_ECONFIG, err, errlen,
				"cluster id \"%s\" is not 22 base64url characters of 16 bytes",
				cluster_id);
	if (access(path, F_OK) < 0) {
		if (errno != ENOENT)
			return meta_err(-errno, err, errlen, "cannot access %s: %s", path,
					strerror(errno));
		if (cluster_id) {
			snprintf(out, 23, "%s", cluster_id);
		} else {
			if ((rc = meta_random_uuid(&id)))
				return meta_err(rc, err, errlen, "no random bytes for a cluster id: %s",
						kaf_strerror(rc));
			meta_uuid_format(&id, out);
		}
		rc = props_write(path, node_id, out);
		if (rc)
			return meta_err(rc, err, errlen, "cannot write %s: %s", path, kaf_strerror(rc));
		return 0;
	}
	struct props p;
	if ((rc = props_read(path, dir, &p, err, errlen)))
		return rc;
	if (p.node_id != node_id)
		return meta_err(KAF_ECONFIG, err, errlen,
				"node id mismatch: %s says node.id=%" PRId64 ", the configuration "
				"says %" PRId32, path, p.node_id, node_id);
	if (cluster_id && strcmp(p.cluster_id, cluster_id))
		return meta_err(KAF_ECONFIG, err, errlen,
				"cluster id mismatch: %s says cluster.id=%s, expected %s", path,
				p.cluster_id, cluster_id);
	if (meta_uuid_parse(p.cluster_id, &id))
		return meta_err(KAF_ECONFIG, err, errlen,
				"%s: cluster.id \"%s\" is not 22 base64url characters", path,
				p.cluster_id);
	memcpy(out, p.cluster_id, 23);
	return 0;
}
