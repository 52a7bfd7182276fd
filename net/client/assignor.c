/*
 * The consumer protocol's Subscription and Assignment blobs and the range
 * and round-robin assignors (layouts in assignor.h).
 *
 * Members are ordered as Kafka orders them: static members (with a
 * group.instance.id) first, by instance id, then the others by member id.
 *
 * Range (per topic): the members subscribed to the topic, in that
 * order, each get a run of consecutive partitions; with P partitions and C
 * members, member i gets P/C, and the first P%C members one more.
 *
 * Round-robin: every partition of every subscribed topic, topics in name
 * order and partitions ascending, goes to the next member (in that order,
 * wrapping) that subscribes to its topic.
 */
#include "net/client/assignor.h"

#include "core/base/err.h"
#include "core/base/reader.h"

#include <stdlib.h>
#include <string.h>

/* ---- encoding ---- */

static void put_str(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	buf_put_be16(b, (uint16_t)n);
	buf_append(b, s, n);
}

static void put_bytes(struct buf *b, struct kbytes v)
{
	buf_put_be32(b, (uint32_t)(v.len < 0 ? -1 : v.len));
	if (v.len > 0)
		buf_append(b, v.p, (size_t)v.len);
}

static void put_topics(struct buf *b, const struct cp_topic *t, int n)
{
	buf_put_be32(b, (uint32_t)n);
	for (int i = 0; i < n; i++) {
		put_str(b, t[i].topic);
		buf_put_be32(b, (uint32_t)t[i].nparts);
		for (int k = 0; k < t[i].nparts; k++)
			buf_put_be32(b, (uint32_t)t[i].parts[k]);
	}
}

void cp_subscription_encode(const struct cp_subscription *s, struct buf *out)
{
	buf_put_be16(out, (uint16_t)s->version);
	buf_put_be32(out, (uint32_t)s->ntopics);
	for (int i = 0; i < s->ntopics; i++)
		put_str(out, s->topics[i]);
	put_bytes(out, s->user_data);
	if (s->version >= 1)
		put_topics(out, s->owned, s->nowned);
	if (s->version >= 2)
		buf_put_be32(out, (uint32_t)s->generation);
	if (s->version >= 3)
		buf_put_be16(out, 0xffff);
}

void cp_assignment_encode(const struct cp_assignment *as, struct buf *out)
{
	buf_put_be16(out, (uint16_t)as->version);
	put_topics(out, as->topics, as->ntopics);
	put_bytes(out, as->user_data);
}

/* ---- decoding ---- */

static const char *get_str(struct reader *r, struct arena *a, int nullable)
{
	int16_t n = reader_i16(r);
	if (n < 0) {
		if (!nullable && !r->err)
			r->err = KAF_ECORRUPT;
		return NULL;
	}
	const uint8_t *p = reader_take(r, (size_t)n);
	char *s = arena_alloc(a, (size_t)n + 1);
	if (p && n)
		memcpy(s, p, (size_t)n);
	s[p ? n : 0] = 0;
	return s;
}

/* An array count, refused when the bytes left cannot hold count items of min_item bytes. */
static int get_count(struct reader *r, size_t min_item, int nullable)
{
	int32_t n = reader_i32(r);
	if (r->err)
		return 0;
	if (n < 0 && nullable)
		return 0;
	if (n < 0 || (size_t)n > reader_left(r) / min_item) {
		r->err = KAF_ECORRUPT;
		return 0;
	}
	return n;
}

static struct kbytes get_bytes(struct reader *r)
{
	struct kbytes v = { NULL, -1 };
	int32_t n = reader_i32(r);
	if (r->err || n < 0)
		return v;
	v.p = reader_take(r, (size_t)n);
	v.len = v.p ? n : -1;
	return v;
}

static void get_topics(struct reader *r, struct arena *a, struct cp_topic **out, int *nout)
{
	int n = get_count(r, 6, 1);
	struct cp_topic *t = arena_zalloc(a, sizeof(*t) * (size_t)(n + 1));
	for (int i = 0; i < n && !r->err; i++) {
		t[i].topic = get_str(r, a, 0);
		t[i].nparts = get_count(r, 4, 1);
		t[i].parts = arena_alloc(a, sizeof(int32_t) * (size_t)(t[i].nparts + 1));
		for (int k = 0; k < t[i].nparts; k++)
			t[i].parts[k] = reader_i32(r);
	}
	*out = t;
	*nout = r->err ? 0 : n;
}

int cp_subscription_decode(const uint8_t *p, size_t n, struct cp_subscription *s, struct arena *a)
{
	struct reader r;

	memset(s, 0, sizeof(*s));
	s->generation = -1;
	s->user_data.len = -1;
	reader_init(&r, p, n);
	s->version = reader_i16(&r);
	if (!r.err && s->version < 0)
		return KAF_ECORRUPT;
	s->ntopics = get_count(&r, 2, 1);
	s->topics = arena_zalloc(a, sizeof(char *) * (size_t)(s->ntopics + 1));
	for (int i = 0; i < s->ntopics && !r.err; i++)
		s->topics[i] = get_str(&r, a, 0);
	s->user_data = get_bytes(&r);
	if (s->version >= 1)
		get_topics(&r, a, &s->owned, &s->nowned);
	if (s->version >= 2)
		s->generation = reader_i32(&r);
	/* v3's RackId and anything newer: not needed. */
	if (r.err) {
		s->ntopics = s->nowned = 0;
		return r.err;
	}
	return 0;
}

int cp_assignment_decode(const uint8_t *p, size_t n, struct cp_assignment *as, struct arena *a)
{
	struct reader r;

	memset(as, 0, sizeof(*as));
	as->user_data.len = -1;
	reader_init(&r, p, n);
	as->version = reader_i16(&r);
	if (!r.err && as->version < 0)
		return KAF_ECORRUPT;
	get_topics(&r, a, &as->topics, &as->ntopics);
	as->user_data = get_bytes(&r);
	if (r.err) {
		as->ntopics = 0;
		return r.err;
	}
	return 0;
}

int cp_assignment_count(const struct cp_assignment *as)
{
	int n = 0;
	for (int i = 0; i < as->ntopics; i++)
		n += as->topics[i].nparts;
	return n;
}

/* ---- assignors ---- */

static int cmp_member(const void *x, const void *y)
{
	const struct assign_member *a = *(const struct assign_member *const *)x;
	const struct assign_member *b = *(const struct assign_member *const *)y;

	if (a->instance_id && b->instance_id)
		return strcmp(a->instance_id, b->instance_id);
	if (a->instance_id || b->instance_id)
		return a->instance_id ? -1 : 1;
	return strcmp(a->member_id, b->member_id);
}

static int cmp_topic(const void *x, const void *y)
{
	const struct assign_topic *const *a = x, *const *b = y;
	return strcmp((*a)->name, (*b)->name);
}

static int subscribes(const struct assign_member *m, const char *topic)
{
	for (int i = 0; i < m->ntopics; i++)
		if (!strcmp(m->topics[i], topic))
			return 1;
	return 0;
}

/* Members and topics sorted as Kafka walks them (pointer arrays from a). */
static void sorted(struct assign_member *m, int nm, const struct assign_topic *t, int nt,
		   struct arena *a, struct assign_member ***ms, const struct assign_topic ***ts)
{
	*ms = arena_alloc(a, sizeof(**ms) * (size_t)(nm + 1));
	*ts = arena_alloc(a, sizeof(**ts) * (size_t)(nt + 1));
	for (int i = 0; i < nm; i++)
		(*ms)[i] = &m[i];
	for (int i = 0; i < nt; i++)
		(*ts)[i] = &t[i];
	qsort(*ms, (size_t)nm, sizeof(**ms), cmp_member);
	qsort(*ts, (size_t)nt, sizeof(**ts), cmp_topic);
}

/*
 * Room in each member's out for every topic (at most all partitions of
 * it); give() appends partitions, and empty topics are dropped at the end.
 */
static void out_init(struct assign_member *m, int nm, const struct assign_topic *const *ts, int nt,
		     struct arena *a)
{
	for (int i = 0; i < nm; i++) {
		struct cp_assignment *o = &m[i].out;
		memset(o, 0, sizeof(*o));
		o->user_data.len = -1;
		o->topics = arena_zalloc(a, sizeof(*o->topics) * (size_t)(nt + 1));
		o->ntopics = nt;
		for (int k = 0; k < nt; k++) {
			o->topics[k].topic = ts[k]->name;
			o->topics[k].parts = arena_alloc(a, sizeof(int32_t) *
							 (size_t)(ts[k]->partitions > 0 ? ts[k]->partitions : 1));
		}
	}
}

static void out_finish(struct assign_member *m, int nm)
{
	for (int i = 0; i < nm; i++) {
		struct cp_assignment *o = &m[i].out;
		int k = 0;
		for (int j = 0; j < o->ntopics; j++)
			if (o->topics[j].nparts)
				o->topics[k++] = o->topics[j];
		o->ntopics = k;
	}
}

static void give(struct assign_member *m, int topic_index, int32_t partition)
{
	struct cp_topic *t = &m->out.topics[topic_index];
	t->parts[t->nparts++] = partition;
}

static int assign_range(struct assign_member *m, int nm, const struct assign_topic *t, int nt,
			struct arena *a)
{
	struct assign_member **ms;
	const struct assign_topic **ts;
	struct assign_member **subs = arena_alloc(a, sizeof(*subs) * (size_t)(nm + 1));

	sorted(m, nm, t, nt, a, &ms, &ts);
	out_init(m, nm, ts, nt, a);
	for (int k = 0; k < nt; k++) {
		int ns = 0;
		for (int i = 0; i < nm; i++)
			if (subscribes(ms[i], ts[k]->name))
				subs[ns++] = ms[i];
		if (!ns || ts[k]->partitions <= 0)
			continue;
		int32_t per = ts[k]->partitions / ns, extra = ts[k]->partitions % ns, p = 0;
		for (int i = 0; i < ns; i++) {
			int32_t len = per + (i < extra ? 1 : 0);
			for (int32_t j = 0; j < len; j++)
				give(subs[i], k, p++);
		}
	}
	out_finish(m, nm);
	return 0;
}

static int assign_roundrobin(struct assign_member *m, int nm, const struct assign_topic *t, int nt,
			     struct arena *a)
{
	struct assign_member **ms;
	const struct assign_topic **ts;
	int next = 0;

	sorted(m, nm, t, nt, a, &ms, &ts);
	out_init(m, nm, ts, nt, a);
	for (int k = 0; k < nt; k++) {
		int any = 0;
		for (int i = 0; i < nm; i++)
			any |= subscribes(ms[i], ts[k]->name);
		if (!any)
			continue;
		for (int32_t p = 0; p < ts[k]->partitions; p++) {
			while (!subscribes(ms[next], ts[k]->name))
				next = (next + 1) % nm;
			give(ms[next], k, p);
			next = (next + 1) % nm;
		}
	}
	out_finish(m, nm);
	return 0;
}

static const struct assignor assignors[] = {
	{ "range", assign_range },
	{ "roundrobin", assign_roundrobin },
};

const struct assignor *assignor_find(const char *name)
{
	for (size_t i = 0; i < sizeof(assignors) / sizeof(assignors[0]); i++)
		if (!strcmp(assignors[i].name, name))
			return &assignors[i];
	return NULL;
}
