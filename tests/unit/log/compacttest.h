/*
 * Helpers of the compaction tests: a writer that keeps a model of the log
 * (the latest offset of every key, whether it is a tombstone), a reader
 * that walks the whole log through log_read, and the checks between them.
 *
 * Keys are "key<NNN>" (index NNN, -1 for a null key); the value of the
 * record written at offset o is "v<o>." padded with 'x', or null for a
 * tombstone, so every record read back shows the offset it was written at.
 */
#ifndef KAF_TESTS_COMPACTTEST_H
#define KAF_TESTS_COMPACTTEST_H

#include "tests/unit/log/logtest.h"
#include "core/log/compact.h"
#include "core/record/codec.h"

#include <dirent.h>

#define MAXKEYS 512

static int model_quiet;	/* model_check says nothing about what differs */

struct model {
	struct log *l;
	int nkeys;
	int64_t latest[MAXKEYS];	/* -1 never written */
	int tomb[MAXKEYS];		/* the latest is a tombstone */
	int64_t nulls_at[4096];		/* offsets of null-key records */
	int nnulls;
	int pad;			/* value padding */
	uint32_t rnd;
};

__attribute__((unused))
static void model_init(struct model *m, struct log *l, int nkeys, int pad, uint32_t seed)
{
	memset(m, 0, sizeof(*m));
	m->l = l;
	m->nkeys = nkeys;
	m->pad = pad;
	m->rnd = seed;
	for (int i = 0; i < MAXKEYS; i++)
		m->latest[i] = -1;
}

__attribute__((unused))
static uint32_t model_rand(struct model *m)
{
	m->rnd = m->rnd * 1103515245u + 12345u;
	return (m->rnd >> 8) & 0xffffff;
}

/*
 * One batch of n records: keys[i] (-1 null), tombs[i] non-zero for a null
 * value, timestamps ts + i. opts may be NULL. Returns the first offset.
 */
__attribute__((unused))
static int64_t model_put(struct model *m, int n, const int *keys, const int *tombs, int64_t ts,
			 const struct batch_opts *opts)
{
	struct batch_builder b;
	struct buf out = BUF_INIT;
	struct log_append_info info;
	int64_t first = log_end_offset(m->l);
	batch_builder_init(&b, opts);
	for (int i = 0; i < n; i++) {
		char key[16], val[128];
		int kl = keys[i] >= 0 ? snprintf(key, sizeof(key), "key%03d", keys[i]) : -1;
		int vl = snprintf(val, sizeof(val), "v%lld.", (long long)(first + i));
		while (vl < m->pad && vl < (int)sizeof(val))
			val[vl++] = 'x';
		batch_builder_add(&b, ts + i, -1, kl >= 0 ? key : NULL, kl,
				  tombs && tombs[i] ? NULL : val, tombs && tombs[i] ? -1 : vl,
				  NULL, 0);
	}
	if (batch_builder_finish(&b, 0, -1, &out) ||
	    log_append(m->l, out.data, out.len, 0, ts, &info) || info.first_offset != first) {
		fprintf(stderr, "append failed\n");
		exit(1);
	}
	batch_builder_release(&b);
	buf_release(&out);
	return first;
}

/* Record in the model what a committed (or plain) batch at first wrote. */
__attribute__((unused))
static void model_note(struct model *m, int64_t first, int n, const int *keys, const int *tombs)
{
	for (int i = 0; i < n; i++) {
		if (keys[i] < 0) {
			m->nulls_at[m->nnulls++] = first + i;
			continue;
		}
		m->latest[keys[i]] = first + i;
		m->tomb[keys[i]] = tombs && tombs[i];
	}
}

/* A plain batch of n random keys, about one in tomb_every a tombstone (0: none). */
__attribute__((unused))
static void model_random_batch(struct model *m, int n, int tomb_every, int null_every, int64_t ts,
			       const struct batch_opts *opts)
{
	int keys[64], tombs[64];
	for (int i = 0; i < n; i++) {
		keys[i] = (int)(model_rand(m) % (uint32_t)m->nkeys);
		tombs[i] = tomb_every && model_rand(m) % (uint32_t)tomb_every == 0;
		if (null_every && model_rand(m) % (uint32_t)null_every == 0) {
			keys[i] = -1;
			tombs[i] = 0;
		}
	}
	/* A key twice in a batch: the later one is the latest. */
	int64_t first = model_put(m, n, keys, tombs, ts, opts);
	model_note(m, first, n, keys, tombs);
}

/* One record read back. */
struct got {
	int64_t off;
	int key;		/* -1 null */
	int tomb;
	int64_t ts;
	int codec;		/* of its batch */
	int16_t attributes;	/* of its batch */
};

struct readback {
	struct got *v;
	size_t n, cap;
	int batches;
	int empty_batches;
	int control_batches;
};

__attribute__((unused))
static void readback_release(struct readback *rb)
{
	free(rb->v);
	memset(rb, 0, sizeof(*rb));
}

/* Records of the batches in b; 0 or -1 with why set. */
static int readback_batches(struct readback *rb, const struct buf *b, const char **why)
{
	for (size_t off = 0; off < b->len;) {
		struct batch_header h;
		struct record_iter it;
		struct record r;
		if (batch_validate(b->data + off, b->len - off, 0, &h) ||
		    batch_validate_records(b->data + off, batch_total_size(&h), 1 << 26)) {
			*why = "invalid batch";
			return -1;
		}
		rb->batches++;
		rb->empty_batches += h.records_count == 0;
		rb->control_batches += !!(h.attributes & BATCH_ATTR_CONTROL);
		if (record_iter_init(&it, b->data + off, batch_total_size(&h), 1 << 26)) {
			*why = "record_iter_init";
			return -1;
		}
		int rc;
		while ((rc = record_iter_next(&it, &r)) == 1) {
			if (h.attributes & BATCH_ATTR_CONTROL)
				continue;
			if (rb->n == rb->cap) {
				rb->cap = rb->cap ? rb->cap * 2 : 256;
				rb->v = realloc(rb->v, rb->cap * sizeof(*rb->v));
			}
			struct got *g = &rb->v[rb->n++];
			g->off = r.offset;
			g->ts = r.timestamp;
			g->key = -1;
			g->codec = batch_codec(&h);
			g->attributes = h.attributes;
			if (r.key_len >= 0) {
				char k[16] = { 0 };
				if (r.key_len < 4 || r.key_len > 10 || memcmp(r.key, "key", 3)) {
					*why = "bad key";
					record_iter_release(&it);
					return -1;
				}
				memcpy(k, r.key, (size_t)r.key_len);
				g->key = atoi(k + 3);
			}
			g->tomb = r.value_len < 0;
			char want[32];
			int wl = snprintf(want, sizeof(want), "v%lld.", (long long)r.offset);
			if (!g->tomb && (r.value_len < wl || memcmp(r.value, want, (size_t)wl))) {
				*why = "value does not match its offset";
				record_iter_release(&it);
				return -1;
			}
		}
		record_iter_release(&it);
		if (rc < 0) {
			*why = "record_iter_next";
			return -1;
		}
		off += batch_total_size(&h);
	}
	return 0;
}

/* Every record from the log start to the end through log_read; offsets strictly increasing. */
__attribute__((unused))
static int read_all(struct log *l, struct readback *rb)
{
	const char *why = NULL;
	struct buf b = BUF_INIT;
	int64_t end = log_end_offset(l), o = log_start_offset(l), prev = -1;
	memset(rb, 0, sizeof(*rb));
	while (o < end && !why) {
		struct log_slice s;
		if (log_read(l, o, 1 << 16, end, &s) || !s.len || s.next_offset <= o) {
			why = "log_read";
		} else if (slice_bytes(&s, &b)) {
			why = "reading the slice";
		} else if (!readback_batches(rb, &b, &why)) {
			o = s.next_offset;
		}
		log_slice_release(&s);
	}
	for (size_t i = 0; i < rb->n && !why; i++) {
		if (rb->v[i].off <= prev)
			why = "offsets not increasing";
		prev = rb->v[i].off;
	}
	buf_release(&b);
	if (why)
		printf("# read_all: %s at offset %lld\n", why, (long long)o);
	return why ? -1 : 0;
}

/*
 * The latest value of every key is the model's (a deleted key has no
 * record or a tombstone last). strict_below: records below it are only the
 * latest of their key (or null-key ones) and every null-key record is there.
 */
__attribute__((unused))
static int model_check(struct model *m, int64_t strict_below)
{
	struct readback rb;
	int64_t last[MAXKEYS];
	int last_tomb[MAXKEYS], nulls = 0, good = 1;
	if (read_all(m->l, &rb))
		return 0;
	for (int k = 0; k < MAXKEYS; k++)
		last[k] = -1;
	for (size_t i = 0; i < rb.n; i++) {
		struct got *g = &rb.v[i];
		if (g->key < 0) {
			nulls++;
			continue;
		}
		if (g->key >= m->nkeys) {
			good = 0;
			continue;
		}
		last[g->key] = g->off;
		last_tomb[g->key] = g->tomb;
		if (g->off < strict_below && g->off != m->latest[g->key]) {
			if (!model_quiet)
				printf("# key %d: offset %lld is not its latest %lld\n",
				       g->key, (long long)g->off, (long long)m->latest[g->key]);
			good = 0;
		}
	}
	for (int k = 0; k < m->nkeys; k++) {
		if (m->latest[k] < 0 || m->tomb[k]) {
			if (last[k] >= 0 && !(last[k] == m->latest[k] && last_tomb[k])) {
				printf("# key %d: deleted, yet %lld is there\n", k,
				       (long long)last[k]);
				good = 0;
			}
		} else if (last[k] != m->latest[k] || last_tomb[k]) {
			printf("# key %d: latest %lld, read %lld\n", k, (long long)m->latest[k],
			       (long long)last[k]);
			good = 0;
		}
	}
	if (nulls != m->nnulls) {
		printf("# %d null-key records, want %d\n", nulls, m->nnulls);
		good = 0;
	}
	readback_release(&rb);
	return good;
}

/*
 * Every offset from the log start to the end reads through log_read: the
 * first record at or after it in the slice is the next surviving offset.
 */
__attribute__((unused))
static int every_offset_reads(struct log *l)
{
	struct readback all, one;
	struct buf b = BUF_INIT;
	int good = !read_all(l, &all);
	int64_t end = log_end_offset(l);
	size_t next = 0;
	for (int64_t o = log_start_offset(l); o < end && good; o++) {
		struct log_slice s;
		const char *why = NULL;
		while (next < all.n && all.v[next].off < o)
			next++;
		memset(&one, 0, sizeof(one));
		if (log_read(l, o, 1, end, &s) || !s.len || slice_bytes(&s, &b) ||
		    readback_batches(&one, &b, &why) || s.next_offset <= o) {
			good = 0;
		} else {
			size_t i = 0;
			while (i < one.n && one.v[i].off < o)
				i++;
			if (i < one.n)
				good = next < all.n && one.v[i].off == all.v[next].off;
			else
				good = next == all.n || all.v[next].off >= s.next_offset;
		}
		if (!good)
			printf("# offset %lld does not read right\n", (long long)o);
		log_slice_release(&s);
		readback_release(&one);
	}
	readback_release(&all);
	buf_release(&b);
	return good;
}

/* Bases of the .log files in the partition directory, sorted; returns how many. */
__attribute__((unused))
static int log_bases(const char *dir, int64_t *out, int max)
{
	char d[400];
	int n = 0;
	snprintf(d, sizeof(d), "%s/t-0", dir);
	DIR *dd = opendir(d);
	struct dirent *e;
	while (dd && (e = readdir(dd))) {
		size_t len = strlen(e->d_name);
		if (len == 24 && !strcmp(e->d_name + 20, ".log") && n < max)
			out[n++] = strtoll(e->d_name, NULL, 10);
	}
	if (dd)
		closedir(dd);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && out[j - 1] > out[j]; j--) {
			int64_t t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

__attribute__((unused))
static int64_t active_base(const char *dir)
{
	int64_t b[256];
	int n = log_bases(dir, b, 256);
	return n ? b[n - 1] : -1;
}

/* Files of the partition directory whose names end with suffix. */
__attribute__((unused))
static int count_suffix(const char *dir, const char *suffix)
{
	char d[400];
	int n = 0;
	snprintf(d, sizeof(d), "%s/t-0", dir);
	DIR *dd = opendir(d);
	struct dirent *e;
	size_t sl = strlen(suffix);
	while (dd && (e = readdir(dd))) {
		size_t len = strlen(e->d_name);
		n += len > sl && !strcmp(e->d_name + len - sl, suffix);
	}
	if (dd)
		closedir(dd);
	return n;
}

__attribute__((unused))
static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Names and contents of every file in the partition directory, for comparisons. */
__attribute__((unused))
static void dir_snapshot(const char *dir, struct buf *out)
{
	char d[400], p[700];
	static char names[512][256];
	int n = 0;
	buf_reset(out);
	snprintf(d, sizeof(d), "%s/t-0", dir);
	DIR *dd = opendir(d);
	struct dirent *e;
	while (dd && (e = readdir(dd)))
		if (e->d_name[0] != '.' && n < 512)
			snprintf(names[n++], sizeof(names[0]), "%s", e->d_name);
	if (dd)
		closedir(dd);
	qsort(names, (size_t)n, sizeof(names[0]), name_cmp);
	for (int i = 0; i < n; i++) {
		buf_append(out, names[i], strlen(names[i]) + 1);
		snprintf(p, sizeof(p), "%s/%s", d, names[i]);
		file_read_all(p, 1 << 26, out);
	}
}

/* Whether every segment's index files are what the indexer rule gives. */
__attribute__((unused))
static int all_indexes_match(const char *dir, const struct log_config *cfg)
{
	int64_t b[256];
	int n = log_bases(dir, b, 256), good = 1;
	/* The active segment's files are preallocated while it is open: closed ones only. */
	for (int i = 0; i + 1 < n; i++)
		good &= index_files_match_oracle(dir, b[i], cfg->index_interval_bytes);
	return good;
}

#endif
