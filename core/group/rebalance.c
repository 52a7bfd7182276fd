/*
 * The group membership state machine (Kafka's classic protocol):
 *
 *   Empty --join--> PreparingRebalance --all known members rejoined, or the
 *   rebalance timeout--> CompletingRebalance --leader's SyncGroup--> Stable
 *
 * A join that changes the group (a new member, changed protocols, the
 * leader rejoining), a leave or an expired session sends a Stable or
 * CompletingRebalance group back to PreparingRebalance; a group whose last
 * member goes is Empty again. Each completed rebalance bumps the generation.
 */
#include "core/group/group.h"

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

static int streq_n(const char *s, const char *p, size_t n)
{
	return s && strlen(s) == n && (!n || !memcmp(s, p, n));
}

static void set_state(struct group *g, enum group_state s, int64_t now_ms)
{
	g->state = s;
	g->state_ms = now_ms;
}

static int active_members(const struct group *g)
{
	int n = 0;
	for (int i = 0; i < g->nmembers; i++)
		n += !g->members[i].pending;
	return n;
}

static const struct group_protocol *member_protocol(const struct group_member *m, const char *name)
{
	for (int i = 0; i < m->nprotocols; i++)
		if (name && !strcmp(m->protocols[i].name, name))
			return &m->protocols[i];
	return NULL;
}

/* Would every active member (but skip) support protocol name? */
static int all_support(const struct group *g, const char *name, const struct group_member *skip)
{
	for (int i = 0; i < g->nmembers; i++) {
		const struct group_member *m = &g->members[i];
		if (m != skip && !m->pending && !member_protocol(m, name))
			return 0;
	}
	return 1;
}

static int protocols_acceptable(const struct group *g, const struct group_join_args *a,
				const struct group_member *self)
{
	if (active_members(g) - (self && !self->pending) <= 0)
		return 1;
	if (!g->protocol_type || strcmp(g->protocol_type, a->protocol_type))
		return 0;
	for (int i = 0; i < a->nprotocols; i++)
		if (all_support(g, a->protocols[i].name, self))
			return 1;
	return 0;
}

/* The protocol every member supports that most members list first among those. */
static const char *select_protocol(const struct group *g)
{
	const struct group_member *first = NULL;
	for (int i = 0; i < g->nmembers && !first; i++)
		if (!g->members[i].pending)
			first = &g->members[i];
	if (!first)
		return NULL;
	const char *best = NULL;
	int best_votes = -1;
	for (int c = 0; c < first->nprotocols; c++) {
		const char *cand = first->protocols[c].name;
		if (!all_support(g, cand, NULL))
			continue;
		int votes = 0;
		for (int i = 0; i < g->nmembers; i++) {
			const struct group_member *m = &g->members[i];
			if (m->pending)
				continue;
			for (int j = 0; j < m->nprotocols; j++) {
				if (all_support(g, m->protocols[j].name, NULL)) {
					votes += !strcmp(m->protocols[j].name, cand);
					break;
				}
			}
		}
		if (votes > best_votes) {
			best = cand;
			best_votes = votes;
		}
	}
	return best;
}

static int set_protocols(struct group_member *m, const struct group_join_args *a)
{
	struct group_protocol *v = calloc((size_t)(a->nprotocols ? a->nprotocols : 1), sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (int i = 0; i < a->nprotocols; i++) {
		const struct group_protocol *p = &a->protocols[i];
		v[i].name = dupn(p->name, strlen(p->name));
		v[i].metadata_len = p->metadata_len > 0 ? p->metadata_len : 0;
		v[i].metadata = malloc((size_t)v[i].metadata_len + 1);
		if (!v[i].name || !v[i].metadata) {
			for (int j = 0; j <= i; j++) {
				free(v[j].name);
				free(v[j].metadata);
			}
			free(v);
			return -ENOMEM;
		}
		if (v[i].metadata_len)
			memcpy(v[i].metadata, p->metadata, (size_t)v[i].metadata_len);
	}
	for (int i = 0; i < m->nprotocols; i++) {
		free(m->protocols[i].name);
		free(m->protocols[i].metadata);
	}
	free(m->protocols);
	m->protocols = v;
	m->nprotocols = a->nprotocols;
	m->session_timeout_ms = a->session_timeout_ms;
	m->rebalance_timeout_ms = a->rebalance_timeout_ms;
	return 0;
}

static int same_protocols(const struct group_member *m, const struct group_join_args *a)
{
	if (m->nprotocols != a->nprotocols)
		return 0;
	for (int i = 0; i < a->nprotocols; i++) {
		const struct group_protocol *p = &a->protocols[i];
		int32_t len = p->metadata_len > 0 ? p->metadata_len : 0;
		if (strcmp(m->protocols[i].name, p->name) || m->protocols[i].metadata_len != len ||
		    (len && memcmp(m->protocols[i].metadata, p->metadata, (size_t)len)))
			return 0;
	}
	return 1;
}

static struct group_member *add_member(struct group *g, const struct group_join_args *a, int64_t now_ms)
{
	struct group_member *v = realloc(g->members, (size_t)(g->nmembers + 1) * sizeof(*v));
	if (!v)
		return NULL;
	g->members = v;
	struct group_member *m = &v[g->nmembers];
	memset(m, 0, sizeof(*m));
	m->id = dupn(a->new_member_id, strlen(a->new_member_id));
	m->client_id = dupn(a->client_id, strlen(a->client_id));
	m->client_host = dupn(a->client_host, strlen(a->client_host));
	if (a->instance_id)
		m->instance_id = dupn(a->instance_id, a->instance_len);
	if (!m->id || !m->client_id || !m->client_host || (a->instance_id && !m->instance_id) ||
	    set_protocols(m, a)) {
		group_member_release(m);
		return NULL;
	}
	m->last_seen_ms = now_ms;
	g->nmembers++;
	return m;
}

static void answer_join(struct groups *gs, struct group *g, struct group_member *m, int16_t err)
{
	void *w = m->join_waiter;
	m->join_waiter = NULL;
	if (w && gs->ops.join_done)
		gs->ops.join_done(gs->ops.arg, w, err ? NULL : g, err ? NULL : m, err);
}

static void answer_sync(struct groups *gs, struct group *g, struct group_member *m, int16_t err)
{
	void *w = m->sync_waiter;
	m->sync_waiter = NULL;
	if (w && gs->ops.sync_done)
		gs->ops.sync_done(gs->ops.arg, w, err ? NULL : g, err ? NULL : m, err);
}

static void remove_member(struct groups *gs, struct group *g, int i, int16_t err)
{
	struct group_member *m = &g->members[i];
	answer_join(gs, g, m, err);
	answer_sync(gs, g, m, err);
	if (g->leader && !strcmp(g->leader, m->id)) {
		free(g->leader);
		g->leader = NULL;
	}
	group_member_release(m);
	g->members[i] = g->members[--g->nmembers];
}

static int64_t max_rebalance_timeout(const struct group *g)
{
	int64_t t = 0;
	for (int i = 0; i < g->nmembers; i++)
		if (!g->members[i].pending && g->members[i].rebalance_timeout_ms > t)
			t = g->members[i].rebalance_timeout_ms;
	return t;
}

static void try_complete_join(struct groups *gs, struct group *g, int64_t now_ms);

static void prepare_rebalance(struct groups *gs, struct group *g, int64_t now_ms)
{
	if (g->state == GROUP_PREPARING_REBALANCE)
		return;
	/* Assignments of the old generation are void; a parked SyncGroup learns it. */
	for (int i = 0; i < g->nmembers; i++) {
		answer_sync(gs, g, &g->members[i], GERR_REBALANCE_IN_PROGRESS);
		g->members[i].joined = 0;
	}
	int was_empty = g->state == GROUP_EMPTY;
	set_state(g, GROUP_PREPARING_REBALANCE, now_ms);
	g->deadline_ms = now_ms + max_rebalance_timeout(g);
	g->delay_until_ms = was_empty && gs->initial_delay_ms > 0 ? now_ms + gs->initial_delay_ms : 0;
	g->joined_in_delay = 0;
}

static void become_empty(struct groups *gs, struct group *g, int64_t now_ms)
{
	set_state(g, GROUP_EMPTY, now_ms);
	g->deadline_ms = 0;
	free(g->protocol);
	g->protocol = NULL;
	free(g->leader);
	g->leader = NULL;
	if (gs->ops.persist)
		gs->ops.persist(gs->ops.arg, g);
}

static void complete_join(struct groups *gs, struct group *g, int64_t now_ms)
{
	/* Members that did not rejoin in time are out (static ones too). */
	for (int i = g->nmembers - 1; i >= 0; i--)
		if (!g->members[i].pending && !g->members[i].joined)
			remove_member(gs, g, i, GERR_UNKNOWN_MEMBER_ID);
	g->generation++;
	if (!active_members(g)) {
		become_empty(gs, g, now_ms);
		return;
	}
	const char *proto = select_protocol(g);
	char *p = proto ? dupn(proto, strlen(proto)) : NULL;
	free(g->protocol);
	g->protocol = p;
	if (!g->leader) {
		for (int i = 0; i < g->nmembers && !g->leader; i++)
			if (!g->members[i].pending)
				g->leader = dupn(g->members[i].id, strlen(g->members[i].id));
	}
	set_state(g, GROUP_COMPLETING_REBALANCE, now_ms);
	g->deadline_ms = now_ms + max_rebalance_timeout(g);
	for (int i = 0; i < g->nmembers; i++) {
		struct group_member *m = &g->members[i];
		if (m->pending)
			continue;
		free(m->assignment);
		m->assignment = NULL;
		m->assignment_len = 0;
		m->last_seen_ms = now_ms;
		answer_join(gs, g, m, GERR_NONE);
	}
}

static void try_complete_join(struct groups *gs, struct group *g, int64_t now_ms)
{
	if (g->state != GROUP_PREPARING_REBALANCE)
		return;
	int all = 1;
	for (int i = 0; i < g->nmembers; i++)
		if (!g->members[i].pending && !g->members[i].joined)
			all = 0;
	/*
	 * Kafka's initial delay: while members keep arriving it is extended by
	 * another delay, never past the rebalance timeout.
	 */
	if (g->delay_until_ms && now_ms >= g->delay_until_ms && g->joined_in_delay &&
	    now_ms < g->deadline_ms) {
		int64_t next = now_ms + gs->initial_delay_ms;
		g->delay_until_ms = next < g->deadline_ms ? next : g->deadline_ms;
		g->joined_in_delay = 0;
	}
	if ((all && now_ms >= g->delay_until_ms) || now_ms >= g->deadline_ms)
		complete_join(gs, g, now_ms);
}

static int find_index(const struct group *g, const char *id, size_t len)
{
	for (int i = 0; i < g->nmembers; i++)
		if (streq_n(g->members[i].id, id, len))
			return i;
	return -1;
}

static int find_instance(const struct group *g, const char *id, size_t len)
{
	for (int i = 0; i < g->nmembers; i++)
		if (g->members[i].instance_id && streq_n(g->members[i].instance_id, id, len))
			return i;
	return -1;
}

int group_instance_fenced(const struct group *g, const char *member_id, size_t member_len,
			  const char *instance_id, size_t instance_len)
{
	if (!instance_id)
		return GERR_NONE;
	int i = find_instance(g, instance_id, instance_len);
	if (i >= 0 && !streq_n(g->members[i].id, member_id, member_len))
		return GERR_FENCED_INSTANCE_ID;
	return GERR_NONE;
}

/* A known member joins (again): park it for the rebalance, or answer at once when nothing changes. */
static int join_known(struct groups *gs, struct group *g, struct group_member *m,
		      const struct group_join_args *a, int64_t now_ms, int is_new)
{
	int unchanged = !is_new && !m->pending && same_protocols(m, a);
	/* A newcomer while the group is gathering (not the one that starts it). */
	int arrives = (is_new || m->pending) && g->state == GROUP_PREPARING_REBALANCE;
	int is_leader = g->leader && !strcmp(g->leader, m->id);
	m->last_seen_ms = now_ms;
	if (set_protocols(m, a))
		return GERR_COORDINATOR_NOT_AVAILABLE;
	if (m->join_waiter)	/* a retried join replaces the parked one */
		answer_join(gs, g, m, GERR_REBALANCE_IN_PROGRESS);
	m->join_waiter = a->waiter;
	m->pending = 0;
	if (unchanged && (g->state == GROUP_COMPLETING_REBALANCE ||
			  (g->state == GROUP_STABLE && !is_leader))) {
		answer_join(gs, g, m, GERR_NONE);
		return GERR_NONE;
	}
	prepare_rebalance(gs, g, now_ms);
	if (arrives && g->delay_until_ms)
		g->joined_in_delay = 1;
	m->joined = 1;
	try_complete_join(gs, g, now_ms);
	return GERR_NONE;
}

/* A static member comes back under a new id: the old id is fenced. */
static int join_static(struct groups *gs, struct group *g, int i, const struct group_join_args *a,
		       int64_t now_ms)
{
	struct group_member *m = &g->members[i];
	char *id = dupn(a->new_member_id, strlen(a->new_member_id));
	if (!id)
		return GERR_COORDINATOR_NOT_AVAILABLE;
	answer_join(gs, g, m, GERR_FENCED_INSTANCE_ID);
	answer_sync(gs, g, m, GERR_FENCED_INSTANCE_ID);
	if (g->leader && !strcmp(g->leader, m->id)) {
		free(g->leader);
		g->leader = dupn(id, strlen(id));
	}
	free(m->id);
	m->id = id;
	if (g->state == GROUP_STABLE && same_protocols(m, a)) {
		/* Same subscription: it keeps its assignment, no rebalance. */
		m->last_seen_ms = now_ms;
		m->join_waiter = a->waiter;
		answer_join(gs, g, m, GERR_NONE);
		return GERR_NONE;
	}
	return join_known(gs, g, m, a, now_ms, 0);
}

int group_join(struct groups *gs, struct group *g, const struct group_join_args *a, int64_t now_ms,
	       const char **assigned_id)
{
	*assigned_id = NULL;
	if (g->state == GROUP_DEAD)
		return GERR_COORDINATOR_NOT_AVAILABLE;
	int i = a->member_len ? find_index(g, a->member_id, a->member_len) : -1;
	if (a->member_len && i < 0)
		return GERR_UNKNOWN_MEMBER_ID;
	if (!protocols_acceptable(g, a, i >= 0 ? &g->members[i] : NULL))
		return GERR_INCONSISTENT_GROUP_PROTOCOL;
	if (!active_members(g)) {
		char *pt = dupn(a->protocol_type, strlen(a->protocol_type));
		if (!pt)
			return GERR_COORDINATOR_NOT_AVAILABLE;
		free(g->protocol_type);
		g->protocol_type = pt;
	}
	if (i >= 0)
		return join_known(gs, g, &g->members[i], a, now_ms, 0);
	if (a->instance_id && (i = find_instance(g, a->instance_id, a->instance_len)) >= 0)
		return join_static(gs, g, i, a, now_ms);
	if (gs->max_size > 0 && active_members(g) >= gs->max_size)
		return GERR_GROUP_MAX_SIZE_REACHED;
	struct group_member *m = add_member(g, a, now_ms);
	if (!m)
		return GERR_COORDINATOR_NOT_AVAILABLE;
	if (a->require_known_member && !a->instance_id) {
		m->pending = 1;
		*assigned_id = m->id;
		return GERR_MEMBER_ID_REQUIRED;
	}
	return join_known(gs, g, m, a, now_ms, 1);
}

int group_sync(struct groups *gs, struct group *g, const char *member_id, size_t member_len,
	       int32_t generation, const struct group_assignment *as, int nas, void *waiter,
	       int64_t now_ms)
{
	int i = find_index(g, member_id, member_len);
	if (i < 0 || g->members[i].pending || g->state == GROUP_EMPTY || g->state == GROUP_DEAD)
		return GERR_UNKNOWN_MEMBER_ID;
	struct group_member *m = &g->members[i];
	if (generation != g->generation)
		return GERR_ILLEGAL_GENERATION;
	if (g->state == GROUP_PREPARING_REBALANCE)
		return GERR_REBALANCE_IN_PROGRESS;
	m->last_seen_ms = now_ms;
	if (m->sync_waiter)
		answer_sync(gs, g, m, GERR_REBALANCE_IN_PROGRESS);
	m->sync_waiter = waiter;
	if (g->state == GROUP_STABLE) {
		answer_sync(gs, g, m, GERR_NONE);
		return GERR_NONE;
	}
	if (!g->leader || strcmp(g->leader, m->id))
		return GERR_NONE;	/* a follower waits for the leader */
	for (int k = 0; k < nas; k++) {
		int j = find_index(g, as[k].member_id, as[k].member_len);
		if (j < 0 || as[k].len < 0)
			continue;
		uint8_t *d = malloc((size_t)as[k].len + 1);
		if (!d)
			return GERR_COORDINATOR_NOT_AVAILABLE;
		if (as[k].len)
			memcpy(d, as[k].data, (size_t)as[k].len);
		free(g->members[j].assignment);
		g->members[j].assignment = d;
		g->members[j].assignment_len = as[k].len;
	}
	set_state(g, GROUP_STABLE, now_ms);
	g->deadline_ms = 0;
	for (int k = 0; k < g->nmembers; k++)
		answer_sync(gs, g, &g->members[k], GERR_NONE);
	if (gs->ops.persist)
		gs->ops.persist(gs->ops.arg, g);
	return GERR_NONE;
}

int group_heartbeat(struct groups *gs, struct group *g, const char *member_id, size_t member_len,
		    int32_t generation, int64_t now_ms)
{
	(void)gs;
	int i = find_index(g, member_id, member_len);
	if (i < 0 || g->members[i].pending || g->state == GROUP_EMPTY || g->state == GROUP_DEAD)
		return GERR_UNKNOWN_MEMBER_ID;
	g->members[i].last_seen_ms = now_ms;
	if (generation != g->generation)
		return GERR_ILLEGAL_GENERATION;
	if (g->state == GROUP_PREPARING_REBALANCE)
		return GERR_REBALANCE_IN_PROGRESS;
	return GERR_NONE;
}

/* Member i is gone (left, expired, or never came back): the others rebalance. */
static void member_gone(struct groups *gs, struct group *g, int i, int16_t err, int64_t now_ms)
{
	int was_pending = g->members[i].pending;
	remove_member(gs, g, i, err);
	if (was_pending)
		return;
	if (!active_members(g) && g->state != GROUP_PREPARING_REBALANCE) {
		become_empty(gs, g, now_ms);
		return;
	}
	prepare_rebalance(gs, g, now_ms);
	try_complete_join(gs, g, now_ms);
}

int group_leave(struct groups *gs, struct group *g, const char *member_id, size_t member_len,
		const char *instance_id, size_t instance_len, int64_t now_ms)
{
	int i = member_len ? find_index(g, member_id, member_len)
			   : (instance_id ? find_instance(g, instance_id, instance_len) : -1);
	if (i < 0)
		return GERR_UNKNOWN_MEMBER_ID;
	if (member_len && instance_id && !streq_n(g->members[i].instance_id, instance_id, instance_len))
		return GERR_FENCED_INSTANCE_ID;
	member_gone(gs, g, i, GERR_UNKNOWN_MEMBER_ID, now_ms);
	return GERR_NONE;
}

void group_forget_waiter(struct groups *gs, void *waiter)
{
	for (size_t k = 0; k < gs->n; k++) {
		struct group *g = gs->v[k];
		for (int i = 0; i < g->nmembers; i++) {
			if (g->members[i].join_waiter == waiter)
				g->members[i].join_waiter = NULL;
			if (g->members[i].sync_waiter == waiter)
				g->members[i].sync_waiter = NULL;
		}
	}
}

static int expired(const struct group_member *m, int64_t now_ms)
{
	/* A member parked in JoinGroup is waiting on us, not silent. */
	if (m->join_waiter)
		return 0;
	return now_ms - m->last_seen_ms > m->session_timeout_ms;
}

static void tick_group(struct groups *gs, struct group *g, int64_t now_ms)
{
	for (int i = g->nmembers - 1; i >= 0; i--) {
		if (i < g->nmembers && expired(&g->members[i], now_ms))
			member_gone(gs, g, i, GERR_UNKNOWN_MEMBER_ID, now_ms);
	}
	if (g->state == GROUP_PREPARING_REBALANCE) {
		try_complete_join(gs, g, now_ms);
	} else if (g->state == GROUP_COMPLETING_REBALANCE && g->deadline_ms && now_ms >= g->deadline_ms) {
		/* The leader never sent its assignment: those who did not sync are out. */
		for (int i = g->nmembers - 1; i >= 0; i--) {
			if (i < g->nmembers && !g->members[i].pending && !g->members[i].sync_waiter)
				member_gone(gs, g, i, GERR_UNKNOWN_MEMBER_ID, now_ms);
		}
		if (g->state == GROUP_COMPLETING_REBALANCE) {
			prepare_rebalance(gs, g, now_ms);
			try_complete_join(gs, g, now_ms);
		}
	}
}

void groups_tick(struct groups *gs, int64_t now_ms)
{
	for (size_t k = 0; k < gs->n; k++)
		tick_group(gs, gs->v[k], now_ms);
}
