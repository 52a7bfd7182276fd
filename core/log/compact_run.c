/*
 * The compaction run, off the log's thread: a map of key -> latest offset
 * over every pinned segment (the closed ones to clean and the newer ones up
 * to the sizes they had when the job was prepared), then each group of
 * closed segments copied into "<base>.log.cleaned" with its index files.
 *
 * Which records of a data batch stay (control batches stay whole):
 *   null key                                          stays
 *   the map holds a later offset for the key          dropped
 *   a tombstone (null value) that is the latest for its key, in a batch
 *   whose delete horizon (attributes bit 6: baseTimestamp) has passed   dropped
 *   anything else                                     stays
 *
 * A batch keeps its baseOffset, lastOffsetDelta, leader epoch, producer
 * id/epoch/baseSequence and codec, so every record keeps its offset and
 * sequence (baseSequence + offsetDelta). It is copied byte for byte when all
 * its records stay and it needs no new horizon, rebuilt from what stays
 * otherwise (a kept tombstone in a batch without a horizon gets one: now +
 * delete.retention.ms), and left out when nothing stays. The last batch of
 * a group is never left out: with no records it stays as a bare 61-byte
 * header, so the output reaches the last offset of its last input (see
 * compact_impl.h for why recovery needs that).
 *
 * Transactions: records of transactional batches enter the map only when
 * their producer's COMMIT marker follows within the pinned data. Aborted and
 * undecided records never hide older ones; newer records may hide them.
 * Aborted records are not purged otherwise.
 *
 * The map is exact (whole keys, no hash-only matching) and bounded by
 * COMPACT_MAP_MAX: past it new keys are not added, which only keeps more.
 */
#include "core/log/compact_impl.h"
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/record/batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COMPACT_CHUNK (1 << 20)
#define COMPACT_MAX_BATCH (256 << 20)	/* a batch, and its records decompressed */
#define COMPACT_MAP_MAX ((size_t)512 << 20)

/* ---- the key map ---- */

struct kslot {
	uint64_t hash;
	int64_t offset;		/* -1: empty slot */
	uint32_t key_off;	/* in keys */
	uint32_t key_len;
};

/* A record of a transaction whose marker has not been seen yet. */
struct pend {
	int64_t pid;
	int64_t offset;
	uint32_t key_off;
	uint32_t key_len;
};

struct keymap {
	struct kslot *slots;
	size_t cap;		/* a power of two */
	size_t n;
	struct buf keys;	/* key bytes of slots and pending records */
	struct buf pending;	/* struct pend */
	int full;		/* at COMPACT_MAP_MAX: new keys are not added */
};

static uint64_t key_hash(const uint8_t *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
	while (n >= 8) {
		uint64_t v;
		memcpy(&v, p, 8);
		h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 31;
		p += 8;
		n -= 8;
	}
	uint64_t v = 0;
	if (n)
		memcpy(&v, p, n);
	h = (h ^ v) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 29);
}

static size_t map_bytes(const struct keymap *m, size_t cap, size_t more)
{
	return cap * sizeof(struct kslot) + m->keys.len + m->pending.len + more;
}

static struct kslot *map_slot(const struct keymap *m, uint64_t h, const uint8_t *key,
			      uint32_t len)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct kslot *s = &m->slots[i];
		if (s->offset < 0)
			return s;
		if (s->hash == h && s->key_len == len &&
		    (len == 0 || !memcmp(m->keys.data + s->key_off, key, len)))
			return s;
	}
}

/* The latest offset recorded for key, -1 when none. */
static int64_t map_get(const struct keymap *m, const uint8_t *key, uint32_t len)
{
	if (!m->cap)
		return -1;
	return map_slot(m, key_hash(key, len), key, len)->offset;
}

/* Room for one more slot (growing at half load); 0 when the map is at its limit. */
static int map_room(struct keymap *m, size_t more)
{
	if ((m->n + 1) * 2 <= m->cap)
		return map_bytes(m, m->cap, more) <= COMPACT_MAP_MAX;
	size_t cap = m->cap ? m->cap * 2 : 1024;
	if (map_bytes(m, cap, more) > COMPACT_MAP_MAX)
		return 0;
	struct kslot *ns = malloc(cap * sizeof(*ns));
	if (!ns)
		return 0;
	for (size_t i = 0; i < cap; i++)
		ns[i].offset = -1;
	for (size_t i = 0; i < m->cap; i++) {
		struct kslot *s = &m->slots[i];
		if (s->offset < 0)
			continue;
		size_t j = s->hash & (cap - 1);
		while (ns[j].offset >= 0)
			j = (j + 1) & (cap - 1);
		ns[j] = *s;
	}
	free(m->slots);
	m->slots = ns;
	m->cap = cap;
	return 1;
}

/*
 * Record offset for key unless a later one is known. key_off >= 0: the key
 * bytes are already in the arena there (a pending record's).
 */
static void map_put(struct keymap *m, const uint8_t *key, uint32_t len, int64_t key_off,
		    int64_t offset)
{
	uint64_t h = key_hash(key, len);
	struct kslot *s = m->cap ? map_slot(m, h, key, len) : NULL;
	if (s && s->offset >= 0) {
		if (offset > s->offset)
			s->offset = offset;
		return;
	}
	if (!map_room(m, key_off >= 0 ? 0 : len)) {
		m->full = 1;
		return;
	}
	s = map_slot(m, h, key, len);
	if (key_off < 0) {
		key_off = (int64_t)m->keys.len;
		if (len)
			buf_append(&m->keys, key, len);
	}
	*s = (struct kslot){ .hash = h, .offset = offset, .key_off = (uint32_t)key_off,
			     .key_len = len };
	m->n++;
}

static void map_pend(struct keymap *m, int64_t pid, const struct record *r)
{
	uint32_t len = (uint32_t)r->key_len;
	if (map_bytes(m, m->cap, len + sizeof(struct pend)) > COMPACT_MAP_MAX) {
		m->full = 1;
		return;
	}
	struct pend p = { .pid = pid, .offset = r->offset, .key_off = (uint32_t)m->keys.len,
			  .key_len = len };
	if (len)
		buf_append(&m->keys, r->key, len);
	buf_append(&m->pending, &p, sizeof(p));
}

/* A transaction marker: a COMMIT moves the producer's pending records into the map. */
static void map_end_txn(struct keymap *m, int64_t pid, int commit)
{
	struct pend *v = (struct pend *)(void *)m->pending.data;
	size_t n = m->pending.len / sizeof(*v), kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].pid != pid) {
			v[kept++] = v[i];
			continue;
		}
		if (commit)
			map_put(m, m->keys.data + v[i].key_off, v[i].key_len, v[i].key_off,
				v[i].offset);
		/* map_put may grow the slots, never the arena: v stays valid. */
	}
	m->pending.len = kept * sizeof(*v);
}

static void map_release(struct keymap *m)
{
	free(m->slots);
	buf_release(&m->keys);
	buf_release(&m->pending);
}

/* ---- reading a pinned segment batch by batch ---- */

struct breader {
	int fd;
	int64_t size;		/* bytes to read: the size when the job was prepared */
	int64_t pos;		/* the next batch */
	struct buf win;		/* file bytes [wpos, wpos + win.len) */
	int64_t wpos;
};

static void breader_init(struct breader *r, const struct cinput *in)
{
	*r = (struct breader){ .fd = in->seg->fd, .size = in->size };
	buf_init(&r->win);
}

/* File bytes [pos, pos + n), n <= size - pos, reading when needed. */
static const uint8_t *breader_window(struct breader *r, int64_t pos, size_t n, int *err)
{
	if (r->win.data && pos >= r->wpos && pos + (int64_t)n <= r->wpos + (int64_t)r->win.len)
		return r->win.data + (pos - r->wpos);
	size_t want = n > COMPACT_CHUNK ? n : COMPACT_CHUNK;
	if ((int64_t)want > r->size - pos)
		want = (size_t)(r->size - pos);
	buf_reset(&r->win);
	buf_reserve(&r->win, want);
	int rc = pread_full(r->fd, r->win.data, want, pos);
	if (rc) {
		*err = rc == KAF_ETRUNC ? KAF_ECORRUPT : rc;
		return NULL;
	}
	r->win.len = want;
	r->wpos = pos;
	return r->win.data;
}

/* The next whole, CRC-checked batch: 1 with *p, *h and *at set, 0 at the end, or an error. */
static int breader_next(struct breader *r, const uint8_t **p, struct batch_header *h, int64_t *at)
{
	int err = 0;
	if (r->pos >= r->size)
		return 0;
	if (r->size - r->pos < BATCH_HEADER_SIZE)
		return KAF_ECORRUPT;
	const uint8_t *q = breader_window(r, r->pos, BATCH_HEADER_SIZE, &err);
	if (!q)
		return err;
	if (batch_header_parse(q, BATCH_HEADER_SIZE, h))
		return KAF_ECORRUPT;
	size_t total = batch_total_size(h);
	if ((int64_t)total > r->size - r->pos)
		return KAF_ECORRUPT;
	if (total > COMPACT_MAX_BATCH)
		return KAF_ETOOBIG;
	if (!(q = breader_window(r, r->pos, total, &err)))
		return err;
	if (batch_validate(q, total, 0, h))
		return KAF_ECORRUPT;
	*p = q;
	*at = r->pos;
	r->pos += (int64_t)total;
	return 1;
}

/* ---- pass 1: the map ---- */

static int map_add_batch(struct keymap *m, const uint8_t *p, const struct batch_header *h)
{
	struct record_iter it;
	struct record r;
	int rc = record_iter_init(&it, p, batch_total_size(h), COMPACT_MAX_BATCH);
	int control = h->attributes & BATCH_ATTR_CONTROL;
	int txn = h->attributes & BATCH_ATTR_TRANSACTIONAL;
	while (!rc && (rc = record_iter_next(&it, &r)) == 1) {
		rc = 0;
		int16_t type;
		if (control) {
			if (!control_record_type(&r, &type))
				map_end_txn(m, h->producer_id, type == CONTROL_COMMIT);
		} else if (r.key_len >= 0 && txn) {
			map_pend(m, h->producer_id, &r);
		} else if (r.key_len >= 0) {
			map_put(m, r.key, (uint32_t)r.key_len, -1, r.offset);
		}
	}
	record_iter_release(&it);
	return rc < 0 ? (rc == KAF_ETRUNC ? KAF_ECORRUPT : rc) : 0;
}

static int map_build(struct log_compaction *c, struct keymap *m)
{
	int rc = 0;
	for (int i = 0; i < c->nin && !rc; i++) {
		struct cinput *in = &c->in[i];
		struct breader r;
		const uint8_t *p;
		struct batch_header h;
		int64_t at;
		breader_init(&r, in);
		in->last_pos = -1;
		while ((rc = breader_next(&r, &p, &h, &at)) == 1) {
			in->last_pos = at;
			in->last_base = h.base_offset;
			in->last_crc = h.crc;
			if ((rc = map_add_batch(m, p, &h)))
				break;
		}
		buf_release(&r.win);
	}
	return rc;
}

/* ---- pass 2: one group into "<base>.log.cleaned" ---- */

struct gout {
	struct log_compaction *c;
	struct cgroup *g;
	const struct keymap *m;
	int fd;
	int changed;
	int64_t size;		/* output bytes so far, written or deferred */
	int64_t deferred;	/* leading bytes equal to the only input's, not written yet */
	int64_t next_offset;
	struct buf wbuf;
	struct buf scratch;	/* a rebuilt batch */
	struct indexer ixr;
	struct buf oidx;
	struct buf tidx;
	struct record *keep;	/* records of the current batch that stay */
	size_t nkeep, keep_cap;
	struct record_header *hdrs;
	size_t hdr_cap;
	struct log_compact_stats st;
};

static int gout_path(const struct gout *o, const char *suffix, char *p, size_t n)
{
	return log_segment_path(p, n, o->c->dir, o->g->base, suffix);
}

static int gout_flush(struct gout *o)
{
	int rc = o->wbuf.len ? write_full(o->fd, o->wbuf.data, o->wbuf.len) : 0;
	buf_reset(&o->wbuf);
	return rc;
}

/* The output starts to differ from the input: create it, write the deferred copy. */
static int gout_change(struct gout *o)
{
	char p[4096];
	if (o->changed)
		return 0;
	o->changed = 1;
	int rc = gout_path(o, ".log.cleaned", p, sizeof(p));
	if (rc)
		return rc;
	o->fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (o->fd < 0)
		return -errno;
	int in_fd = o->c->in[o->g->first].seg->fd;
	for (int64_t at = 0; at < o->deferred && !rc;) {
		size_t n = (size_t)(o->deferred - at);
		if (n > COMPACT_CHUNK)
			n = COMPACT_CHUNK;
		buf_reset(&o->wbuf);
		if (!(rc = pread_full(in_fd, buf_reserve(&o->wbuf, n), n, at))) {
			o->wbuf.len = n;
			rc = gout_flush(o);
		}
		at += (int64_t)n;
	}
	o->deferred = 0;
	return rc == KAF_ETRUNC ? KAF_ECORRUPT : rc;
}

/* Add a batch (header h) to the output and its indexes, by the appends' indexer rule. */
static int gout_emit(struct gout *o, const uint8_t *p, const struct batch_header *h)
{
	uint8_t oent[OFFSET_INDEX_ENTRY], tent[TIME_INDEX_ENTRY];
	size_t total = batch_total_size(h);
	int64_t last = batch_last_offset(h);
	int what = indexer_step(&o->ixr, o->c->cfg.index_interval_bytes, o->size, (int64_t)total,
				(int32_t)(last - o->g->base), h->max_timestamp, oent, tent);
	if (what & INDEXER_OFFSET)
		buf_append(&o->oidx, oent, sizeof(oent));
	if (what & INDEXER_TIME)
		buf_append(&o->tidx, tent, sizeof(tent));
	o->size += (int64_t)total;
	o->next_offset = last + 1;
	o->st.bytes_out += (int64_t)total;
	if (!o->changed) {
		o->deferred += (int64_t)total;
		return 0;
	}
	buf_append(&o->wbuf, p, total);
	return o->wbuf.len >= COMPACT_CHUNK ? gout_flush(o) : 0;
}

/* A header-only batch standing for h, whose records all went (Kafka writes these too). */
static void empty_batch(struct buf *out, const struct batch_header *h)
{
	uint8_t *p = buf_grow(out, BATCH_HEADER_SIZE);
	uint16_t attr = (uint16_t)h->attributes &
			(BATCH_ATTR_LOG_APPEND_TIME | BATCH_ATTR_TRANSACTIONAL);
	be64_put(p + BATCH_OFF_BASE_OFFSET, (uint64_t)h->base_offset);
	be32_put(p + BATCH_OFF_LENGTH, BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD);
	be32_put(p + BATCH_OFF_LEADER_EPOCH, (uint32_t)h->leader_epoch);
	p[BATCH_OFF_MAGIC] = BATCH_MAGIC;
	be16_put(p + BATCH_OFF_ATTRIBUTES, attr);
	be32_put(p + BATCH_OFF_LAST_OFFSET_DELTA, (uint32_t)h->last_offset_delta);
	be64_put(p + BATCH_OFF_BASE_TIMESTAMP, (uint64_t)h->max_timestamp);
	be64_put(p + BATCH_OFF_MAX_TIMESTAMP, (uint64_t)h->max_timestamp);
	be64_put(p + BATCH_OFF_PRODUCER_ID, (uint64_t)h->producer_id);
	be16_put(p + BATCH_OFF_PRODUCER_EPOCH, (uint16_t)h->producer_epoch);
	be32_put(p + BATCH_OFF_BASE_SEQUENCE, (uint32_t)h->base_sequence);
	be32_put(p + BATCH_OFF_RECORDS_COUNT, 0);
	be32_put(p + BATCH_OFF_CRC, batch_compute_crc(p, BATCH_HEADER_SIZE));
}

/* Whether record r of batch h stays (rules at the top of the file). */
static int record_stays(struct gout *o, const struct batch_header *h, const struct record *r)
{
	if (r->key_len < 0)
		return 1;
	int64_t latest = map_get(o->m, r->key, (uint32_t)r->key_len);
	if (latest > r->offset)
		return 0;
	if (r->value_len < 0 && latest == r->offset &&
	    (h->attributes & BATCH_ATTR_DELETE_HORIZON) && h->base_timestamp <= o->c->now_ms) {
		o->st.tombstones_dropped++;
		return 0;
	}
	return 1;
}

/* Rebuild batch h from the kept records into o->scratch, same codec and producer fields. */
static int rebuild(struct gout *o, const struct batch_header *h, int64_t horizon)
{
	struct batch_opts opts = BATCH_OPTS_DEFAULT;
	opts.codec = batch_codec(h);
	opts.log_append_time = !!(h->attributes & BATCH_ATTR_LOG_APPEND_TIME);
	opts.transactional = !!(h->attributes & BATCH_ATTR_TRANSACTIONAL);
	opts.producer_id = h->producer_id;
	opts.producer_epoch = h->producer_epoch;
	opts.base_sequence = h->base_sequence;
	opts.leader_epoch = h->leader_epoch;
	opts.delete_horizon_ms = horizon;
	struct batch_builder b;
	int rc = 0;
	batch_builder_init(&b, &opts);
	for (size_t i = 0; i < o->nkeep && !rc; i++) {
		const struct record *r = &o->keep[i];
		size_t nh = 0, cur = 0;
		struct record_header hd;
		while ((rc = record_header_next(r, &cur, &hd)) == 1) {
			if (nh == o->hdr_cap) {
				size_t cap = o->hdr_cap ? o->hdr_cap * 2 : 8;
				struct record_header *nv = realloc(o->hdrs, cap * sizeof(*nv));
				if (!nv) {
					rc = -ENOMEM;
					break;
				}
				o->hdrs = nv;
				o->hdr_cap = cap;
			}
			o->hdrs[nh++] = hd;
		}
		if (rc < 0)
			break;
		batch_builder_add(&b, r->timestamp, (int32_t)(r->offset - h->base_offset), r->key,
				  r->key_len, r->value, r->value_len, o->hdrs, (int32_t)nh);
	}
	buf_reset(&o->scratch);
	if (!rc)
		rc = batch_builder_finish(&b, h->base_offset, h->last_offset_delta, &o->scratch);
	batch_builder_release(&b);
	return rc;
}

static int keep_push(struct gout *o, const struct record *r)
{
	if (o->nkeep == o->keep_cap) {
		size_t cap = o->keep_cap ? o->keep_cap * 2 : 64;
		struct record *nv = realloc(o->keep, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		o->keep = nv;
		o->keep_cap = cap;
	}
	o->keep[o->nkeep++] = *r;
	return 0;
}

/*
 * Clean one data batch: *out is what goes to the output (the batch itself,
 * a rebuilt or an empty one in o->scratch) or NULL when it goes away.
 */
static int clean_batch(struct gout *o, const uint8_t *p, const struct batch_header *h,
		       int last_of_group, const uint8_t **out)
{
	struct record_iter it;
	struct record r;
	int all = 1, tombstone = 0;
	o->nkeep = 0;
	*out = p;
	int rc = record_iter_init(&it, p, batch_total_size(h), COMPACT_MAX_BATCH);
	while (!rc && (rc = record_iter_next(&it, &r)) == 1) {
		rc = 0;
		o->st.records_in++;
		if (!record_stays(o, h, &r)) {
			all = 0;
			continue;
		}
		tombstone |= r.key_len >= 0 && r.value_len < 0;
		rc = keep_push(o, &r);
	}
	if (rc < 0) {
		record_iter_release(&it);
		return rc == KAF_ETRUNC ? KAF_ECORRUPT : rc;
	}
	o->st.records_out += (int64_t)o->nkeep;
	int64_t horizon = 0;
	if (h->attributes & BATCH_ATTR_DELETE_HORIZON)
		horizon = h->base_timestamp;
	else if (tombstone)
		horizon = o->c->now_ms + o->c->cfg.delete_retention_ms;
	int has = !!(h->attributes & BATCH_ATTR_DELETE_HORIZON);
	if (o->nkeep == 0 && !last_of_group) {
		*out = NULL;
	} else if (all && (!tombstone || has)) {
		/* As it is (this includes an empty batch ending the group). */
	} else if (o->nkeep == 0) {
		buf_reset(&o->scratch);
		empty_batch(&o->scratch, h);
		*out = o->scratch.data;
	} else {
		rc = rebuild(o, h, horizon);
		*out = o->scratch.data;
	}
	record_iter_release(&it);
	return rc;
}

/* Copy one input segment of the group through the rules. */
static int clean_input(struct gout *o, const struct cinput *in, int last_input)
{
	struct breader r;
	const uint8_t *p, *out;
	struct batch_header h, oh;
	int64_t at;
	int rc;
	breader_init(&r, in);
	while ((rc = breader_next(&r, &p, &h, &at)) == 1) {
		int last = last_input && r.pos == r.size;
		out = p;
		if (!(h.attributes & BATCH_ATTR_CONTROL) &&
		    (rc = clean_batch(o, p, &h, last, &out)))
			break;
		if (out != p && (rc = gout_change(o)))
			break;
		if (!out)
			continue;
		oh = h;
		if (out != p && batch_header_parse(out, BATCH_HEADER_SIZE, &oh)) {
			rc = KAF_ECORRUPT;
			break;
		}
		if ((rc = gout_emit(o, out, &oh)))
			break;
	}
	buf_release(&r.win);
	return rc;
}

/* Write a small file whole and fsync it. */
static int write_synced(const char *path, const struct buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	int rc = b->len ? write_full(fd, b->data, b->len) : 0;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}

/* The changed output's data and index files, all fsynced. */
static int gout_finish(struct gout *o)
{
	char p[4096];
	int rc = gout_flush(o);
	if (!rc && fsync(o->fd) < 0)
		rc = -errno;
	if (close(o->fd) < 0 && !rc)
		rc = -errno;
	o->fd = -1;
	if (!rc && !(rc = gout_path(o, ".index.cleaned", p, sizeof(p))))
		rc = write_synced(p, &o->oidx);
	if (!rc && !(rc = gout_path(o, ".timeindex.cleaned", p, sizeof(p))))
		rc = write_synced(p, &o->tidx);
	return rc;
}

static int clean_group(struct log_compaction *c, const struct keymap *m, struct cgroup *g,
		       struct gout *o)
{
	int rc = 0;
	o->c = c;
	o->g = g;
	o->m = m;
	o->fd = -1;
	o->changed = 0;
	o->size = o->deferred = 0;
	o->next_offset = g->base;
	o->ixr = (struct indexer)INDEXER_INIT;
	buf_reset(&o->oidx);
	buf_reset(&o->tidx);
	memset(&o->st, 0, sizeof(o->st));
	/* Several inputs always make a new file; one is only rewritten if something changes. */
	if (g->n > 1)
		rc = gout_change(o);
	for (int j = 0; j < g->n && !rc; j++)
		rc = clean_input(o, &c->in[g->first + j], j == g->n - 1);
	if (!rc && o->changed)
		rc = gout_finish(o);
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (rc)
		return rc;
	g->changed = o->changed;
	g->size = o->size;
	g->next_offset = o->next_offset;
	if (g->changed) {
		g->st = o->st;
		g->st.segments_in = g->n;
		g->st.segments_out = 1;
		for (int j = 0; j < g->n; j++)
			g->st.bytes_in += c->in[g->first + j].size;
	}
	return 0;
}

int log_compact_run(struct log_compaction *c)
{
	struct keymap m = { 0 };
	struct gout o = { 0 };
	if (c->ran)
		return KAF_ESTATE;
	int rc = map_build(c, &m);
	if (m.full)
		say_info("log %s: compaction key map full; newer keys only partly compacted",
			 c->dir);
	for (int i = 0; i < c->ngroups && !rc; i++)
		rc = clean_group(c, &m, &c->groups[i], &o);
	map_release(&m);
	buf_release(&o.wbuf);
	buf_release(&o.scratch);
	buf_release(&o.oidx);
	buf_release(&o.tidx);
	free(o.keep);
	free(o.hdrs);
	if (rc) {
		compact_remove_cleaned(c);
		return rc;
	}
	c->ran = 1;
	return 0;
}
