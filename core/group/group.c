/* The table of groups and each group's committed offsets. */
#include "core/group/group.h"
#include "core/base/reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *dupn(const char *p, size_t n)
{
	char *s = malloc(n + 1);
	if (s) {
		if (n)
			memcpy(s, p, n);
		s[n] = 0;
	}
	return s;
}

void groups_init(struct groups *gs)
{
	memset(gs, 0, sizeof(*gs));
}

void group_member_release(struct group_member *m)
{
	free(m->id);
	free(m->instance_id);
	free(m->client_id);
	free(m->client_host);
	for (int i = 0; i < m->nprotocols; i++) {
		free(m->protocols[i].name);
		free(m->protocols[i].metadata);
	}
	free(m->protocols);
	free(m->assignment);
	memset(m, 0, sizeof(*m));
}

static void group_free(struct group *g)
{
	for (int i = 0; i < g->nmembers; i++)
		group_member_release(&g->members[i]);
	free(g->members);
	for (size_t i = 0; i < g->noffsets; i++) {
		free(g->offsets[i].topic);
		free(g->offsets[i].metadata);
	}
	free(g->offsets);
	free(g->id);
	free(g->protocol_type);
	free(g->protocol);
	free(g->leader);
	free(g);
}

void groups_release(struct groups *gs)
{
	for (size_t i = 0; i < gs->n; i++)
		group_free(gs->v[i]);
	free(gs->v);
	memset(gs, 0, sizeof(*gs));
}

struct group *groups_find(const struct groups *gs, const char *id, size_t len)
{
	for (size_t i = 0; i < gs->n; i++)
		if (strlen(gs->v[i]->id) == len && !memcmp(gs->v[i]->id, id, len))
			return gs->v[i];
	return NULL;
}

struct group *groups_get(struct groups *gs, const char *id, size_t len, int64_t now_ms)
{
	struct group *g = groups_find(gs, id, len);
	if (g)
		return g;
	if (gs->n == gs->cap) {
		size_t cap = gs->cap ? gs->cap * 2 : 16;
		struct group **v = realloc(gs->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		gs->v = v;
		gs->cap = cap;
	}
	g = calloc(1, sizeof(*g));
	if (!g || !(g->id = dupn(id, len))) {
		free(g);
		return NULL;
	}
	g->state = GROUP_EMPTY;
	g->state_ms = now_ms;
	gs->v[gs->n++] = g;
	return g;
}

void groups_remove(struct groups *gs, struct group *g)
{
	for (size_t i = 0; i < gs->n; i++) {
		if (gs->v[i] != g)
			continue;
		gs->v[i] = gs->v[--gs->n];
		group_free(g);
		return;
	}
}

const char *group_state_name(enum group_state s)
{
	switch (s) {
	case GROUP_EMPTY: return "Empty";
	case GROUP_PREPARING_REBALANCE: return "PreparingRebalance";
	case GROUP_COMPLETING_REBALANCE: return "CompletingRebalance";
	case GROUP_STABLE: return "Stable";
	case GROUP_DEAD: return "Dead";
	}
	return "Dead";
}

struct group_offset *group_offset_find(const struct group *g, const char *topic, size_t len,
				       int32_t partition)
{
	for (size_t i = 0; i < g->noffsets; i++) {
		struct group_offset *o = &g->offsets[i];
		if (o->partition == partition && strlen(o->topic) == len && !memcmp(o->topic, topic, len))
			return o;
	}
	return NULL;
}

int group_offset_set(struct group *g, const char *topic, size_t len, int32_t partition,
		     int64_t offset, int32_t leader_epoch, const char *metadata, size_t mlen,
		     int64_t commit_ms)
{
	char *md = dupn(metadata ? metadata : "", metadata ? mlen : 0);
	if (!md)
		return -ENOMEM;
	struct group_offset *o = group_offset_find(g, topic, len, partition);
	if (!o) {
		if (g->noffsets == g->cap) {
			size_t cap = g->cap ? g->cap * 2 : 8;
			struct group_offset *v = realloc(g->offsets, cap * sizeof(*v));
			if (!v) {
				free(md);
				return -ENOMEM;
			}
			g->offsets = v;
			g->cap = cap;
		}
		char *t = dupn(topic, len);
		if (!t) {
			free(md);
			return -ENOMEM;
		}
		o = &g->offsets[g->noffsets++];
		memset(o, 0, sizeof(*o));
		o->topic = t;
		o->partition = partition;
	}
	free(o->metadata);
	o->metadata = md;
	o->offset = offset;
	o->leader_epoch = leader_epoch;
	o->commit_ms = commit_ms;
	return 0;
}

void group_offset_delete(struct group *g, const char *topic, size_t len, int32_t partition)
{
	struct group_offset *o = group_offset_find(g, topic, len, partition);
	if (!o)
		return;
	free(o->topic);
	free(o->metadata);
	*o = g->offsets[--g->noffsets];
}

struct group_member *group_member_find(const struct group *g, const char *id, size_t len)
{
	for (int i = 0; i < g->nmembers; i++)
		if (strlen(g->members[i].id) == len && !memcmp(g->members[i].id, id, len))
			return &g->members[i];
	return NULL;
}

int group_commit_check(const struct group *g, int32_t generation, const char *member_id,
		       size_t member_len)
{
	if (generation < 0 && member_len == 0)
		return g->nmembers == 0 ? GERR_NONE : GERR_ILLEGAL_GENERATION;
	if (!group_member_find(g, member_id, member_len))
		return GERR_UNKNOWN_MEMBER_ID;
	if (g->state == GROUP_COMPLETING_REBALANCE)
		return GERR_REBALANCE_IN_PROGRESS;
	if (generation != g->generation)
		return GERR_ILLEGAL_GENERATION;
	return GERR_NONE;
}

/*
 * Does m's subscription (the consumer protocol's metadata for the chosen
 * protocol: int16 version, then a non-flexible [string] of topics) name the
 * topic? Metadata that does not parse subscribes to nothing we can see.
 */
static int member_subscribes(const struct group *g, const struct group_member *m, const char *topic,
			     size_t len)
{
	for (int i = 0; i < m->nprotocols; i++) {
		const struct group_protocol *p = &m->protocols[i];
		if (g->protocol && strcmp(p->name, g->protocol))
			continue;
		struct reader r;
		reader_init(&r, p->metadata, (size_t)p->metadata_len);
		reader_i16(&r);
		int32_t n = reader_i32(&r);
		for (int32_t k = 0; k < n && !r.err; k++) {
			int16_t l = reader_i16(&r);
			const uint8_t *s = l >= 0 ? reader_take(&r, (size_t)l) : NULL;
			if (!r.err && s && (size_t)l == len && !memcmp(s, topic, len))
				return 1;
		}
		if (g->protocol)
			break;
	}
	return 0;
}

int group_subscribed(const struct group *g, const char *topic, size_t len)
{
	if (!g->protocol_type || strcmp(g->protocol_type, "consumer"))
		return 0;
	for (int i = 0; i < g->nmembers; i++)
		if (!g->members[i].pending && member_subscribes(g, &g->members[i], topic, len))
			return 1;
	return 0;
}

int group_offset_expired(const struct group *g, const struct group_offset *o, int64_t now_ms,
			 int64_t retention_ms)
{
	if (g->state == GROUP_EMPTY && !g->nmembers) {
		int64_t since = o->commit_ms > g->state_ms ? o->commit_ms : g->state_ms;
		return now_ms - since >= retention_ms;
	}
	/* A consumer group that no longer subscribes to the topic keeps it a retention from its commit. */
	if (g->state != GROUP_STABLE || !g->protocol_type || strcmp(g->protocol_type, "consumer"))
		return 0;
	return !group_subscribed(g, o->topic, strlen(o->topic)) && now_ms - o->commit_ms >= retention_ms;
}
