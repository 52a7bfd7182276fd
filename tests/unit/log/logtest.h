/*
 * Helpers shared by the partition log tests: a temporary directory, small
 * configs, batches built with batch_builder, opening a log, reading files.
 */
#ifndef KAF_TESTS_LOGTEST_H
#define KAF_TESTS_LOGTEST_H

#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/log/log.h"
#include "core/record/batch.h"
#include "tests/unit/tap.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 1700000000000LL

static char tmp_root[256];

/* A fresh directory under $TMPDIR (default /tmp). */
__attribute__((unused))
static const char *tmp_make(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmp_root, sizeof(tmp_root), "%s/kaf-logtest-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmp_root)) {
		perror("mkdtemp");
		exit(1);
	}
	return tmp_root;
}

__attribute__((unused))
static void tmp_clean(void)
{
	if (tmp_root[0])
		rm_rf(tmp_root);
}

/* Small segments and indexes so tests roll and index often. */
__attribute__((unused))
static void cfg_small(struct log_config *cfg)
{
	log_config_default(cfg);
	cfg->segment_bytes = 4096;
	cfg->index_interval_bytes = 256;
	cfg->segment_index_bytes = 4096;
}

/*
 * Append to out one uncompressed batch of nrec records, record i with
 * timestamp ts + i, key "k<i>" and a value of vsize bytes derived from seed.
 */
__attribute__((unused))
static void make_batch(struct buf *out, int nrec, int64_t ts, int vsize, int seed)
{
	struct batch_builder b;
	char key[16];
	uint8_t *val = malloc(vsize > 0 ? (size_t)vsize : 1);
	batch_builder_init(&b, NULL);
	for (int i = 0; i < nrec; i++) {
		for (int j = 0; j < vsize; j++)
			val[j] = (uint8_t)(seed * 31 + i * 7 + j);
		int kl = snprintf(key, sizeof(key), "k%d", i);
		batch_builder_add(&b, ts + i, -1, key, kl, val, vsize, NULL, 0);
	}
	if (batch_builder_finish(&b, 0, -1, out)) {
		fprintf(stderr, "batch_builder_finish failed\n");
		exit(1);
	}
	batch_builder_release(&b);
	free(val);
}

__attribute__((unused))
static int open_log(const char *dir, const struct log_config *cfg, int64_t rp, int64_t start,
		    int clean, struct log **l, struct log_recovery *rep)
{
	struct log_open_args a = {
		.topic = "t", .partition = 0, .recovery_point = rp, .log_start_offset = start,
		.now_ms = T0, .create = 1, .clean_shutdown = clean,
	};
	return log_open(dir, cfg, &a, l, rep);
}

/* Append one fresh batch; returns its first offset or a negative status. */
__attribute__((unused))
static int64_t append_one(struct log *l, int nrec, int64_t ts, int vsize, int64_t now)
{
	struct buf b = BUF_INIT;
	struct log_append_info info;
	make_batch(&b, nrec, ts, vsize, (int)ts);
	int rc = log_append(l, b.data, b.len, 0, now, &info);
	buf_release(&b);
	return rc ? rc : info.first_offset;
}

__attribute__((unused))
static int64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : st.st_size;
}

/* "<dir>/t-0/<20 digits>.<suffix>" */
__attribute__((unused))
static const char *seg_path(const char *dir, int64_t base, const char *suffix)
{
	static char p[4][512];
	static int k;
	char d[400];
	snprintf(d, sizeof(d), "%s/t-0", dir);
	char *out = p[k++ % 4];
	log_segment_path(out, 512, d, base, suffix);
	return out;
}

/* Read a slice's bytes into out (replacing its contents). */
__attribute__((unused))
static int slice_bytes(const struct log_slice *s, struct buf *out)
{
	buf_reset(out);
	if (!s->len)
		return 0;
	uint8_t *p = buf_grow(out, s->len);
	return pread_full(s->fd, p, s->len, s->pos);
}

/*
 * Check that a slice is whole valid batches with increasing offsets, the
 * first containing want (or starting at/after it); returns the number of batches.
 */
__attribute__((unused))
static int slice_check(const struct log_slice *s, int64_t want)
{
	struct buf b = BUF_INIT;
	int n = 0;
	if (slice_bytes(s, &b)) {
		buf_release(&b);
		return -1;
	}
	size_t off = 0;
	int64_t prev = -1;
	while (off < b.len) {
		struct batch_header h;
		if (batch_validate(b.data + off, b.len - off, 0, &h) || h.base_offset <= prev)
			break;
		if (n == 0 && (h.base_offset != s->first_offset || batch_last_offset(&h) < want))
			break;
		prev = batch_last_offset(&h);
		off += batch_total_size(&h);
		n++;
	}
	int good = off == b.len && (n == 0 || prev + 1 == s->next_offset);
	buf_release(&b);
	return good ? n : -1;
}

/*
 * The index files a segment's .log must have, by the rule written out
 * independently of core/log: an offset entry (last offset - base, position)
 * for a batch when more than interval bytes came before it since the last
 * entry; at such a batch, also a time entry (the largest max timestamp so far,
 * last offset - base of the batch that had it) when that timestamp beats the
 * last time entry's. Returns 0, or -1 on an invalid batch.
 */
__attribute__((unused))
static int index_oracle(const uint8_t *log, size_t len, int64_t base, int64_t interval,
			struct buf *ix, struct buf *tx)
{
	int64_t since = 0, last_ts = -1, max_ts = -1, max_rel = 0;
	buf_reset(ix);
	buf_reset(tx);
	for (size_t pos = 0; pos < len;) {
		struct batch_header h;
		if (batch_validate(log + pos, len - pos, 0, &h))
			return -1;
		int64_t rel = batch_last_offset(&h) - base;
		if (h.max_timestamp > max_ts) {
			max_ts = h.max_timestamp;
			max_rel = rel;
		}
		if (since > interval) {
			buf_put_be32(ix, (uint32_t)rel);
			buf_put_be32(ix, (uint32_t)pos);
			since = 0;
			if (max_ts > last_ts) {
				buf_put_be64(tx, (uint64_t)max_ts);
				buf_put_be32(tx, (uint32_t)max_rel);
				last_ts = max_ts;
			}
		}
		since += (int64_t)batch_total_size(&h);
		pos += batch_total_size(&h);
	}
	return 0;
}

/* Whether the segment's index files on disk are exactly what index_oracle says. */
__attribute__((unused))
static int index_files_match_oracle(const char *dir, int64_t base, int64_t interval)
{
	struct buf log = BUF_INIT, ix = BUF_INIT, tx = BUF_INIT, want_ix = BUF_INIT,
		   want_tx = BUF_INIT;
	int good = !file_read_all(seg_path(dir, base, ".log"), 1 << 26, &log) &&
		   !file_read_all(seg_path(dir, base, ".index"), 1 << 26, &ix) &&
		   !file_read_all(seg_path(dir, base, ".timeindex"), 1 << 26, &tx) &&
		   !index_oracle(log.data, log.len, base, interval, &want_ix, &want_tx) &&
		   ix.len == want_ix.len && (!ix.len || !memcmp(ix.data, want_ix.data, ix.len)) &&
		   tx.len == want_tx.len && (!tx.len || !memcmp(tx.data, want_tx.data, tx.len));
	buf_release(&log);
	buf_release(&ix);
	buf_release(&tx);
	buf_release(&want_ix);
	buf_release(&want_tx);
	return good;
}

#endif
