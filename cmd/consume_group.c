/*
 * kaf consume -g: a consumer-group member steering the consumer engine
 * (see consume_group.h for the contract). The group protocol is eager:
 * a rebalance takes every partition back, so each MEMBER_REVOKED commits
 * and revokes all that is held, and each MEMBER_ASSIGNED starts afresh at
 * the committed offsets the member fetched for the new generation.
 */
#include "cmd/consume_group.h"

#include "core/base/say.h"
#include "net/proto/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long the coordinator may stay unreachable before consume gives up. */
#define CGROUP_UNAVAIL_MS 60000

int cgroup_parse_assignors(const char *list, const char **out, int max, char *err,
			   size_t errlen)
{
	static const struct {
		const char *name, *canon;
	} known[] = {
		{ "range", "range" },
		{ "roundrobin", "roundrobin" },
		{ "org.apache.kafka.clients.consumer.RangeAssignor", "range" },
		{ "org.apache.kafka.clients.consumer.RoundRobinAssignor", "roundrobin" },
	};
	int n = 0;
	const char *s = list;

	for (;;) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		const char *canon = NULL;
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]) && !canon; i++)
			if (strlen(known[i].name) == len && !memcmp(known[i].name, s, len))
				canon = known[i].canon;
		if (!canon) {
			snprintf(err, errlen, "unknown assignor '%.*s' (range, roundrobin)", (int)len,
				 s);
			return -1;
		}
		int dup = 0;
		for (int i = 0; i < n; i++)
			dup |= !strcmp(out[i], canon);
		if (!dup) {
			if (n == max) {
				snprintf(err, errlen, "too many assignors (at most %d)", max);
				return -1;
			}
			out[n++] = canon;
		}
		if (!end)
			return n;
		s = end + 1;
	}
}

struct consumer_point cgroup_start_point(int64_t committed, struct consumer_point policy)
{
	if (committed >= 0)
		return (struct consumer_point){ CONSUMER_AT_OFFSET, committed };
	return policy;
}

int cgroup_open(struct cgroup *g, struct client *mc, struct consumer *k,
		const char *const *topics, int ntopics, const struct cgroup_config *cfg)
{
	memset(g, 0, sizeof(*g));
	g->k = k;
	g->cfg = *cfg;
	g->topics = topics;
	g->ntopics = ntopics;

	struct member_config mcfg = {
		.group = cfg->group, .topics = topics, .ntopics = ntopics,
		.assignors = cfg->nassignors ? g->cfg.assignors : NULL,
		.nassignors = cfg->nassignors, .session_timeout_ms = cfg->session_ms,
		.heartbeat_interval_ms = cfg->heartbeat_ms, .rebalance_timeout_ms = cfg->rebalance_ms,
		.group_instance_id = cfg->instance_id,
	};
	if (member_open(&g->m, mc, &mcfg)) {
		snprintf(g->err, sizeof(g->err), "%s", member_error(&g->m));
		return -1;
	}
	return 0;
}

/* The subscription's own string for a topic name of an assignment (NULL: not ours). */
static const char *our_topic(const struct cgroup *g, const char *name)
{
	for (int i = 0; i < g->ntopics; i++)
		if (!strcmp(g->topics[i], name))
			return g->topics[i];
	return NULL;
}

int cgroup_commit(struct cgroup *g)
{
	struct member_offset pos[256];
	int rc = 0;

	if (g->cfg.no_commit)
		return 0;
	for (int i = 0; i < g->nparts && !rc;) {
		int n = 0;
		for (; i < g->nparts && n < (int)(sizeof(pos) / sizeof(pos[0])); i++) {
			int64_t at;
			const struct cgroup_part *p = &g->parts[i];
			if (consumer_position(g->k, p->topic, p->partition, &at) || at < 0 ||
			    at == p->committed)
				continue;
			pos[n++] = (struct member_offset){ p->topic, p->partition, at, NULL };
		}
		if (!n)
			break;
		rc = member_commit(&g->m, pos, n);
		for (int j = 0; !rc && j < n; j++)
			for (int q = 0; q < g->nparts; q++)
				if (g->parts[q].topic == pos[j].topic &&
				    g->parts[q].partition == pos[j].partition)
					g->parts[q].committed = pos[j].offset;
		if (!rc)
			g->commits += n;
	}
	if (!rc)
		return 0;
	/* A commit refused by a rebalance is not fatal: the records are read again later. */
	snprintf(g->err, sizeof(g->err), "group %s: commit failed: %s", g->cfg.group,
		 rc > 0 ? kafka_error_name((int16_t)rc) : member_error(&g->m));
	return -1;
}

/* Commit and stop reading everything held. */
static void give_back(struct cgroup *g)
{
	if (g->nparts && cgroup_commit(g))
		say(SAY_WARN, "%s", g->err);
	for (int i = 0; i < g->nparts; i++)
		consumer_revoke(g->k, g->parts[i].topic, g->parts[i].partition);
	g->nparts = 0;
	g->holding = 0;
}

static void take(struct cgroup *g, int64_t now_ms)
{
	give_back(g);
	if (g->m.nassigned > g->cap) {
		g->cap = g->m.nassigned;
		g->parts = realloc(g->parts, sizeof(*g->parts) * (size_t)g->cap);
		if (!g->parts)
			abort();
	}
	for (int i = 0; i < g->m.nassigned; i++) {
		const struct member_partition *mp = &g->m.assigned[i];
		const char *t = our_topic(g, mp->topic);
		if (!t)
			continue;	/* another member's leader assigned what we did not ask for */
		g->parts[g->nparts++] = (struct cgroup_part){ t, mp->partition, mp->committed };
		consumer_assign(g->k, t, mp->partition, cgroup_start_point(mp->committed, g->cfg.start),
				g->cfg.stop);
	}
	g->holding = 1;
	g->assignments++;
	g->assigned_at_ms = now_ms;
	if (g->cfg.commit_interval_ms)
		g->next_commit_ms = now_ms + g->cfg.commit_interval_ms;
}

int cgroup_tick(struct cgroup *g, int64_t now_ms)
{
	for (int round = 0; round < 4; round++) {
		int rc = member_poll(&g->m, now_ms);
		if (rc == MEMBER_NOCHANGE) {
			g->unavail_since_ms = 0;
			break;
		}
		if (rc == MEMBER_ASSIGNED) {
			g->unavail_since_ms = 0;
			take(g, now_ms);
			break;
		}
		if (rc == MEMBER_REVOKED) {
			say(SAY_INFO, "group %s: rebalancing", g->cfg.group);
			give_back(g);
			continue;	/* the others wait for this member: join at once */
		}
		if (rc == CLIENT_EUNAVAIL) {
			if (!g->unavail_since_ms)
				g->unavail_since_ms = now_ms;
			if (now_ms - g->unavail_since_ms < CGROUP_UNAVAIL_MS)
				break;
		}
		snprintf(g->err, sizeof(g->err), "group %s: %s", g->cfg.group, member_error(&g->m));
		return rc < 0 ? rc : -1;
	}
	if (g->holding && g->cfg.commit_interval_ms && now_ms >= g->next_commit_ms) {
		g->next_commit_ms = now_ms + g->cfg.commit_interval_ms;
		if (cgroup_commit(g))
			say(SAY_WARN, "%s", g->err);
	}
	return 0;
}

int cgroup_done(const struct cgroup *g)
{
	return g->holding && consumer_done(g->k);
}

void cgroup_close(struct cgroup *g)
{
	if (g->holding && cgroup_commit(g))
		say(SAY_WARN, "%s", g->err);
	member_close(&g->m);
	free(g->parts);
	g->parts = NULL;
	g->nparts = g->cap = 0;
}
