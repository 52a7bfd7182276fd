/* Encoding and replaying the records of __consumer_offsets (layouts in records.h). */
#include "core/group/records.h"
#include "core/group/group.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/reader.h"
#include "core/base/say.h"
#include "core/log/log.h"
#include "core/record/batch.h"

#include <errno.h>
#include <string.h>

PROTO_DEFINE(group_offset_key)
PROTO_DEFINE(group_offset_value)
PROTO_DEFINE(group_meta_key)
PROTO_DEFINE(group_meta_member)
PROTO_DEFINE(group_meta_value)

#define KEY_OFFSET_V 1
#define KEY_GROUP_V 2
#define VALUE_OFFSET_V 3
#define VALUE_GROUP_V 3
/* Bytes of one partition read at a time, and the largest batch replay accepts. */
#define REPLAY_CHUNK (1u << 20)
#define REPLAY_MAX_BATCH (64u << 20)

/* UTF-8 to UTF-16 code units as Java sees them; a bad byte is U+FFFD, as Java decodes it. */
static size_t next_code_point(const uint8_t *p, size_t n, uint32_t *cp)
{
	uint8_t c = p[0];
	size_t len;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, v = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, v = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, v = c & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (len > n) {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		v = (v << 6) | (p[i] & 0x3f);
	}
	*cp = v;
	return len;
}

int32_t group_partition_for(const char *id, size_t len, int32_t npartitions)
{
	const uint8_t *p = (const uint8_t *)id;
	uint32_t h = 0;		/* Java int arithmetic wraps: unsigned here */
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += next_code_point(p + i, len - i, &cp);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			h = h * 31 + (0xd800 + (cp >> 10));
			h = h * 31 + (0xdc00 + (cp & 0x3ff));
		} else {
			h = h * 31 + cp;
		}
	}
	if (npartitions <= 0)
		return 0;
	return (int32_t)((h & 0x7fffffffu) % (uint32_t)npartitions);
}

static void encode(const struct proto_msg *m, int version, const void *msg, struct buf *out,
		   struct arena *a)
{
	struct proto_out po = { 0 };
	buf_put_be16(out, (uint16_t)version);
	proto_encode(m, version, version >= 4 && m == &group_offset_value_desc, msg, &po, a);
	proto_out_flatten(&po, buf_grow(out, po.total));
}

void group_offset_key_only(const char *group, const char *topic, size_t topic_len, int32_t partition,
			   struct buf *key, struct arena *a)
{
	struct group_offset_key k = {
		.group = kstr_c(group), .topic = { topic, (int32_t)topic_len }, .partition = partition,
	};
	encode(&group_offset_key_desc, KEY_OFFSET_V, &k, key, a);
}

void group_offset_record(const char *group, const char *topic, size_t topic_len, int32_t partition,
			 int64_t offset, int32_t leader_epoch, const char *metadata, size_t mlen,
			 int64_t commit_ms, struct buf *key, struct buf *value, struct arena *a)
{
	group_offset_key_only(group, topic, topic_len, partition, key, a);
	struct group_offset_value v = {
		.offset = offset, .leader_epoch = leader_epoch,
		.metadata = { metadata ? metadata : "", metadata ? (int32_t)mlen : 0 },
		.commit_timestamp = commit_ms, .expire_timestamp = -1,
	};
	encode(&group_offset_value_desc, VALUE_OFFSET_V, &v, value, a);
}

void group_meta_key_only(const char *group, size_t len, struct buf *key, struct arena *a)
{
	struct group_meta_key k = { .group = { group, (int32_t)len } };
	encode(&group_meta_key_desc, KEY_GROUP_V, &k, key, a);
}

static struct kstr nstr(const char *s)
{
	return (struct kstr){ s, s ? (int32_t)strlen(s) : -1 };
}

void group_meta_record(const struct group *g, int64_t now_ms, struct buf *key, struct buf *value,
		       struct arena *a)
{
	group_meta_key_only(g->id, strlen(g->id), key, a);
	struct group_meta_value v = {
		.protocol_type = kstr_c(g->protocol_type ? g->protocol_type : ""),
		.generation = g->generation,
		.protocol = nstr(g->protocol),
		.leader = nstr(g->leader),
		.current_state_timestamp = now_ms,
	};
	v.members.n = g->nmembers;
	v.members.v = arena_zalloc(a, (size_t)(g->nmembers ? g->nmembers : 1) * sizeof(*v.members.v));
	for (int i = 0; i < g->nmembers; i++) {
		const struct group_member *m = &g->members[i];
		struct group_meta_member *o = &v.members.v[i];
		o->member_id = kstr_c(m->id);
		o->group_instance_id = nstr(m->instance_id);
		o->client_id = kstr_c(m->client_id ? m->client_id : "");
		o->client_host = kstr_c(m->client_host ? m->client_host : "");
		o->rebalance_timeout = m->rebalance_timeout_ms;
		o->session_timeout = m->session_timeout_ms;
		o->subscription = (struct kbytes){ NULL, 0 };
		for (int j = 0; j < m->nprotocols; j++)
			if (g->protocol && !strcmp(m->protocols[j].name, g->protocol))
				o->subscription = (struct kbytes){ m->protocols[j].metadata,
								   m->protocols[j].metadata_len };
		o->assignment = (struct kbytes){ m->assignment, m->assignment ? m->assignment_len : 0 };
	}
	encode(&group_meta_value_desc, VALUE_GROUP_V, &v, value, a);
}

static int apply_offset(struct groups *gs, struct reader *kr, int kv, const uint8_t *value,
			int32_t value_len, struct arena *a, int64_t now_ms)
{
	struct group_offset_key k;
	if (proto_decode(&group_offset_key_desc, kv, 0, kr, &k, a) || k.group.len < 0 || k.topic.len < 0)
		return KAF_ECORRUPT;
	if (!value || value_len < 0) {
		struct group *g = groups_find(gs, k.group.p, (size_t)k.group.len);
		if (g)
			group_offset_delete(g, k.topic.p, (size_t)k.topic.len, k.partition);
		return 0;
	}
	struct reader vr;
	reader_init(&vr, value, (size_t)value_len);
	int vv = reader_i16(&vr);
	struct group_offset_value v;
	if (vr.err || vv < 0 || vv > 4 ||
	    proto_decode(&group_offset_value_desc, vv, vv >= 4, &vr, &v, a))
		return KAF_ECORRUPT;
	struct group *g = groups_get(gs, k.group.p, (size_t)k.group.len, now_ms);
	if (!g)
		return -ENOMEM;
	return group_offset_set(g, k.topic.p, (size_t)k.topic.len, k.partition, v.offset,
				v.leader_epoch, v.metadata.p, v.metadata.len > 0 ? (size_t)v.metadata.len : 0,
				v.commit_timestamp);
}

static int apply_group(struct groups *gs, struct reader *kr, const uint8_t *value, int32_t value_len,
		       struct arena *a, int64_t now_ms)
{
	struct group_meta_key k;
	if (proto_decode(&group_meta_key_desc, KEY_GROUP_V, 0, kr, &k, a) || k.group.len < 0)
		return KAF_ECORRUPT;
	struct group *g = groups_find(gs, k.group.p, (size_t)k.group.len);
	if (!value || value_len < 0) {
		if (g)
			groups_remove(gs, g);
		return 0;
	}
	/* Only the group's existence, protocol type and generation come back: members rejoin. */
	struct reader vr;
	reader_init(&vr, value, (size_t)value_len);
	int vv = reader_i16(&vr);
	struct group_meta_value v;
	if (vr.err || vv < 0 || vv > 4 || proto_decode(&group_meta_value_desc, vv, vv >= 4, &vr, &v, a))
		return KAF_ECORRUPT;
	if (!g && !(g = groups_get(gs, k.group.p, (size_t)k.group.len, now_ms)))
		return -ENOMEM;
	g->generation = v.generation;
	if (v.protocol_type.len > 0 && !g->protocol_type) {
		g->protocol_type = strndup(v.protocol_type.p, (size_t)v.protocol_type.len);
		if (!g->protocol_type)
			return -ENOMEM;
	}
	return 0;
}

int group_record_apply(struct groups *gs, const uint8_t *key, int32_t key_len, const uint8_t *value,
		       int32_t value_len, int64_t now_ms)
{
	if (!key || key_len < 2)
		return KAF_ECORRUPT;
	struct arena a;
	arena_init(&a, 1024);
	struct reader kr;
	reader_init(&kr, key, (size_t)key_len);
	int kv = reader_i16(&kr);
	int rc;
	if (kv == 0 || kv == 1)
		rc = apply_offset(gs, &kr, kv, value, value_len, &a, now_ms);
	else if (kv == 2)
		rc = apply_group(gs, &kr, value, value_len, &a, now_ms);
	else
		rc = KAF_ECORRUPT;
	arena_release(&a);
	return rc;
}

/* Apply the records of the batches in p[0..n); returns records skipped, or <0. */
static int replay_batches(struct groups *gs, const uint8_t *p, size_t n, int64_t *next, int64_t now_ms)
{
	int skipped = 0;
	for (size_t off = 0; off < n;) {
		struct batch_header h;
		if (batch_validate(p + off, n - off, 0, &h))
			return KAF_ECORRUPT;
		size_t total = batch_total_size(&h);
		*next = batch_last_offset(&h) + 1;
		off += total;
		if (h.attributes & BATCH_ATTR_CONTROL)
			continue;
		struct record_iter it;
		struct record r;
		if (record_iter_init(&it, p + off - total, total, REPLAY_MAX_BATCH)) {
			record_iter_release(&it);
			skipped++;
			continue;
		}
		int more;
		while ((more = record_iter_next(&it, &r)) > 0) {
			int rc = group_record_apply(gs, r.key, r.key_len, r.value, r.value_len, now_ms);
			if (rc == -ENOMEM) {
				record_iter_release(&it);
				return rc;
			}
			skipped += rc != 0;
		}
		record_iter_release(&it);
	}
	return skipped;
}

int group_replay_log(struct groups *gs, struct log *l, int64_t now_ms)
{
	int64_t off = log_start_offset(l), end = log_end_offset(l);
	struct buf b = BUF_INIT;
	int skipped = 0, rc = 0;
	while (off < end) {
		struct log_slice s;
		rc = log_read(l, off, REPLAY_CHUNK, end, &s);
		if (!rc && (!s.len || s.len > REPLAY_MAX_BATCH))
			rc = KAF_ECORRUPT;
		if (!rc) {
			buf_reset(&b);
			rc = pread_full(s.fd, buf_grow(&b, s.len), s.len, s.pos);
		}
		log_slice_release(&s);
		if (rc)
			break;
		int64_t before = off;
		int n = replay_batches(gs, b.data, b.len, &off, now_ms);
		if (n < 0) {
			rc = n;
			break;
		}
		skipped += n;
		if (off <= before) {
			rc = KAF_ECORRUPT;
			break;
		}
	}
	buf_release(&b);
	if (rc)
		say_warn("%s: replay stopped at offset %lld: %s", log_path(l), (long long)off,
			 kaf_strerror(rc));
	return rc ? rc : skipped;
}
