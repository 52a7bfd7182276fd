/*
 * Helpers shared by the cluster metadata tests: a temporary data directory,
 * opening the log directory and the metadata on it, a text dump of the whole
 * image (every field) for comparing images across restarts, and a say sink
 * that counts warnings.
 */
#ifndef KAF_TESTS_METATEST_H
#define KAF_TESTS_METATEST_H

#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/log/log.h"
#include "core/log/logdir.h"
#include "core/meta/meta.h"
#include "core/meta/records.h"
#include "tests/unit/tap.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 1700000000000LL

static char tmp_root[256];
static int tmp_seq;

/* A fresh directory under $TMPDIR (default /tmp), removed by tmp_clean. */
__attribute__((unused))
static const char *tmp_make(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmp_root, sizeof(tmp_root), "%s/kaf-metatest-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmp_root)) {
		perror("mkdtemp");
		exit(1);
	}
	return tmp_root;
}

/* A new, not yet existing data directory under the temporary one. */
__attribute__((unused))
static const char *data_dir_new(char *out, size_t n)
{
	snprintf(out, n, "%s/d%d", tmp_root, ++tmp_seq);
	return out;
}

__attribute__((unused))
static void tmp_clean(void)
{
	if (tmp_root[0])
		rm_rf(tmp_root);
}

/* Warnings and errors through say_*, counted and the last one kept. */
static int said_warnings;
static char said_last[512];

__attribute__((unused))
static void say_count(enum say_level level, const char *msg)
{
	if (level <= SAY_WARN) {
		said_warnings++;
		snprintf(said_last, sizeof(said_last), "%s", msg);
	}
}

/* A running node: the log directory and the metadata on it. */
struct node {
	const char *dir;
	struct log_dir *logs;
	struct meta *m;
	char err[512];
};

__attribute__((unused))
static int node_open_with(struct node *n, const char *dir, int32_t node_id, const char *cluster_id)
{
	struct log_config cfg;
	log_config_default(&cfg);
	n->dir = dir;
	n->m = NULL;
	n->err[0] = 0;
	int rc = log_dir_open(dir, &cfg, T0, &n->logs, NULL);
	if (rc) {
		snprintf(n->err, sizeof(n->err), "log_dir_open: %s", kaf_strerror(rc));
		return rc;
	}
	struct meta_open_args a = {
		.data_dir = dir, .logs = n->logs, .node_id = node_id, .cluster_id = cluster_id,
		.now_ms = T0,
	};
	rc = meta_open(&a, &n->m, n->err, sizeof(n->err));
	if (rc) {
		log_dir_abandon(n->logs);
		n->logs = NULL;
	}
	return rc;
}

__attribute__((unused))
static int node_open(struct node *n, const char *dir)
{
	return node_open_with(n, dir, 1, NULL);
}

/* A clean stop. */
__attribute__((unused))
static void node_close(struct node *n)
{
	meta_close(n->m);
	if (n->logs)
		log_dir_close(n->logs);
	n->m = NULL;
	n->logs = NULL;
}

/* What kill -9 leaves: nothing flushed or checkpointed beyond what already was. */
__attribute__((unused))
static void node_crash(struct node *n)
{
	meta_close(n->m);
	log_dir_abandon(n->logs);
	n->m = NULL;
	n->logs = NULL;
}

__attribute__((unused))
static void dump_i32s(struct buf *b, const char *name, const int32_t *v, int32_t n)
{
	char t[32];
	buf_append(b, name, strlen(name));
	buf_append(b, "=[", 2);
	for (int32_t i = 0; i < n; i++) {
		int k = snprintf(t, sizeof(t), "%s%" PRId32, i ? "," : "", v[i]);
		buf_append(b, t, (size_t)k);
	}
	buf_append(b, "] ", 2);
}

__attribute__((format(printf, 2, 3), unused))
static void bprintf(struct buf *b, const char *fmt, ...)
{
	char t[1024];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(t, sizeof(t), fmt, ap);
	va_end(ap);
	buf_append(b, t, (size_t)(k < (int)sizeof(t) ? k : (int)sizeof(t) - 1));
}

/* Every field of the image as text, NUL-terminated in out (replacing its contents). */
__attribute__((unused))
static const char *image_dump(const struct meta *m, struct buf *out)
{
	buf_reset(out);
	bprintf(out, "cluster %s node %" PRId32 " topics %zu\n", meta_cluster_id(m), meta_node_id(m),
		meta_topic_count(m));
	for (size_t i = 0; i < meta_topic_count(m); i++) {
		const struct meta_topic *t = meta_topic_at(m, i);
		char id[23];
		meta_uuid_format(&t->id, id);
		bprintf(out, "topic %s id %s internal %d partitions %" PRId32 "\n", t->name, id,
			t->internal, t->npartitions);
		for (int32_t p = 0; p < t->npartitions; p++) {
			const struct meta_partition *mp = &t->partitions[p];
			bprintf(out, "  p%" PRId32 " leader %" PRId32 " epoch %" PRId32 " pepoch %" PRId32
				" ", mp->id, mp->leader, mp->leader_epoch, mp->partition_epoch);
			dump_i32s(out, "replicas", mp->replicas, mp->nreplicas);
			dump_i32s(out, "isr", mp->isr, mp->nisr);
			buf_put_u8(out, '\n');
		}
		for (int c = 0; c < t->nconfigs; c++)
			bprintf(out, "  %s=%s\n", t->configs[c].key, t->configs[c].value);
	}
	buf_put_u8(out, 0);
	return (const char *)out->data;
}

/* The metadata log's active segment file. */
__attribute__((unused))
static const char *meta_seg(const char *dir)
{
	static char p[512];
	char d[400];
	snprintf(d, sizeof(d), "%s/%s-0", dir, META_LOG_TOPIC);
	log_segment_path(p, sizeof(p), d, 0, ".log");
	return p;
}

__attribute__((unused))
static int64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : st.st_size;
}

__attribute__((unused))
static const char *read_text(const char *path, struct buf *b)
{
	buf_reset(b);
	if (file_read_all(path, 1 << 20, b))
		return NULL;
	buf_put_u8(b, 0);
	return (const char *)b->data;
}

__attribute__((unused))
static int create(struct meta *m, const char *name, int32_t partitions,
		  const struct meta_config *c, int nc)
{
	struct meta_new_topic t = { name, partitions, 1, c, nc };
	return meta_create_topic(m, &t, T0, NULL);
}

#endif
