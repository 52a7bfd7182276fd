/*
 * kaf groups describe, and what describe and reset-offsets share: a
 * group's description from its coordinator (DescribeGroups), its committed
 * offsets (OffsetFetch of every topic), the owner of each partition read
 * from the members' consumer-protocol assignments, and log start/end
 * offsets from the partition leaders (ListOffsets).
 */
#include "cmd/groups.h"

#include "cmd/cmd.h"
#include "net/client/assignor.h"
#include "net/proto/errors.h"
#include "net/proto/msg_data.h"

#include <stdlib.h>
#include <string.h>

#define TS_LATEST (-1)
#define TS_EARLIEST (-2)

/* ---- one group ---- */

int groups_describe_one(struct groups_args *ga, struct client *c, const char *group,
			struct gdesc *d, struct arena *a)
{
	struct describe_groups_req req;
	struct describe_groups_resp *resp = arena_zalloc(a, sizeof(*resp));
	struct kstr name = kstr_c(group);
	int rc;

	memset(d, 0, sizeof(*d));
	d->name = group;
	d->total_lag = -1;
	if ((rc = groups_coordinator(ga, c, group, &d->coord, &d->coord_id)))
		return rc;
	memset(&req, 0, sizeof(req));
	req.groups.n = 1;
	req.groups.v = &name;
	if ((rc = client_call(c, d->coord, API_DESCRIBE_GROUPS, &req, resp, a)))
		return groups_client_fail(ga, c, rc);
	if (resp->groups.n < 1) {
		groups_error(ga, "UNKNOWN_SERVER_ERROR", "%s: DescribeGroups: no answer for the group",
			     group);
		return EXIT_FAILED;
	}
	d->g = &resp->groups.v[0];
	if (d->g->error_code == KERR_GROUP_ID_NOT_FOUND)
		return EXIT_NOTFOUND;
	if (d->g->error_code) {
		groups_error(ga, kafka_error_name(d->g->error_code), "%s: DescribeGroups: %s", group,
			     kafka_error_name(d->g->error_code));
		return EXIT_FAILED;
	}
	return 0;
}

int groups_dead(const struct gdesc *d)
{
	return !d->g || d->g->error_code == KERR_GROUP_ID_NOT_FOUND ||
	       kstr_eq(d->g->group_state, "Dead");
}

char *groups_assignment_text(const struct describe_groups_resp_members *m, int *count,
			     struct arena *a)
{
	struct cp_assignment as;
	struct buf b = BUF_INIT;

	*count = 0;
	if (m->member_assignment.len <= 0 ||
	    cp_assignment_decode(m->member_assignment.p, (size_t)m->member_assignment.len, &as, a))
		return "";
	for (int i = 0; i < as.ntopics; i++) {
		char *s = xfmt("%s%s(", i ? ", " : "", as.topics[i].topic);
		buf_append(&b, s, strlen(s));
		free(s);
		for (int k = 0; k < as.topics[i].nparts; k++) {
			s = xfmt("%s%d", k ? "," : "", as.topics[i].parts[k]);
			buf_append(&b, s, strlen(s));
			free(s);
		}
		buf_append(&b, ")", 1);
		*count += as.topics[i].nparts;
	}
	char *out = arena_alloc(a, b.len + 1);
	if (b.len)
		memcpy(out, b.data, b.len);
	out[b.len] = 0;
	buf_release(&b);
	return out;
}

/* ---- log offsets ---- */

/* One ListOffsets at ts to leader k for the parts idx[0..n); results by which. */
static int list_at(struct client *c, struct client_conn *k, struct gpart *parts, const int *idx,
		   int n, int64_t ts, int which, struct arena *a)
{
	struct list_offsets_req req;
	struct list_offsets_resp resp;

	memset(&req, 0, sizeof(req));
	req.replica_id = -1;
	req.topics.v = arena_zalloc(a, sizeof(*req.topics.v) * (size_t)n);
	for (int i = 0; i < n; i++) {
		struct gpart *p = &parts[idx[i]];
		struct list_offsets_req_topics *t = NULL;
		for (int j = 0; j < req.topics.n; j++)
			if (kstr_eq(req.topics.v[j].name, p->topic))
				t = &req.topics.v[j];
		if (!t) {
			t = &req.topics.v[req.topics.n++];
			t->name = kstr_c(p->topic);
			t->partitions.v = arena_zalloc(a, sizeof(*t->partitions.v) * (size_t)n);
		}
		t->partitions.v[t->partitions.n].partition_index = p->partition;
		t->partitions.v[t->partitions.n++].timestamp = ts;
	}
	int rc = client_call(c, k, API_LIST_OFFSETS, &req, &resp, a);
	if (rc)
		return rc;
	for (int j = 0; j < resp.topics.n; j++)
		for (int q = 0; q < resp.topics.v[j].partitions.n; q++) {
			const struct list_offsets_resp_partitions *rp = &resp.topics.v[j].partitions.v[q];
			for (int i = 0; i < n; i++) {
				struct gpart *p = &parts[idx[i]];
				if (p->partition != rp->partition_index ||
				    !kstr_eq(resp.topics.v[j].name, p->topic))
					continue;
				if (rp->error_code) {
					p->error = rp->error_code;
					continue;
				}
				if (which == 0)
					p->start = rp->offset;
				else if (which == 1)
					p->end = rp->offset;
				else
					p->at = rp->offset;
			}
		}
	return 0;
}

int groups_log_offsets(struct client *c, struct gpart *parts, int n, int64_t ts, struct arena *a)
{
	const char **names = arena_zalloc(a, sizeof(char *) * (size_t)(n + 1));
	int32_t *leader = arena_zalloc(a, sizeof(int32_t) * (size_t)(n + 1));
	int *idx = arena_zalloc(a, sizeof(int) * (size_t)(n + 1));
	int nnames = 0;

	if (!n)
		return 0;
	for (int i = 0; i < n; i++) {
		int seen = 0;
		for (int j = 0; j < nnames && !seen; j++)
			seen = !strcmp(names[j], parts[i].topic);
		if (!seen)
			names[nnames++] = parts[i].topic;
	}
	for (int attempt = 1;; attempt++) {
		struct metadata_resp md;
		int rc = client_metadata(c, names, nnames, &md, a), again = 0;
		if (rc)
			return rc;
		for (int i = 0; i < n; i++) {
			struct gpart *p = &parts[i];
			p->start = p->end = p->at = -1;
			p->error = KERR_UNKNOWN_TOPIC_OR_PARTITION;
			leader[i] = -1;
			for (int t = 0; t < md.topics.n; t++) {
				if (!kstr_eq(md.topics.v[t].name, p->topic))
					continue;
				if (md.topics.v[t].error_code) {
					p->error = md.topics.v[t].error_code;
					continue;
				}
				for (int q = 0; q < md.topics.v[t].partitions.n; q++)
					if (md.topics.v[t].partitions.v[q].partition_index == p->partition) {
						leader[i] = md.topics.v[t].partitions.v[q].leader_id;
						p->error = leader[i] < 0 ? KERR_LEADER_NOT_AVAILABLE : 0;
					}
			}
		}
		/* One request per leader and per timestamp. */
		for (int i = 0; i < n; i++) {
			if (leader[i] < 0)
				continue;
			int32_t node = leader[i];
			int cnt = 0;
			for (int j = i; j < n; j++)
				if (leader[j] == node) {
					idx[cnt++] = j;
					leader[j] = -2;
				}
			struct client_conn *k = client_broker(c, node);
			if (!k)
				return CLIENT_EUNAVAIL;
			if ((rc = list_at(c, k, parts, idx, cnt, TS_EARLIEST, 0, a)) ||
			    (rc = list_at(c, k, parts, idx, cnt, TS_LATEST, 1, a)) ||
			    (ts && (rc = list_at(c, k, parts, idx, cnt, ts, 2, a))))
				return rc;
		}
		for (int i = 0; i < n; i++)
			if (parts[i].error && parts[i].error != KERR_UNKNOWN_TOPIC_OR_PARTITION &&
			    kafka_error_retriable(parts[i].error))
				again = 1;
		if (!again || attempt >= 10 || client_backoff(c, attempt))
			return 0;
	}
}

/* ---- the group's partitions ---- */

static int cmp_gpart(const void *x, const void *y)
{
	const struct gpart *a = x, *b = y;
	int c = strcmp(a->topic, b->topic);
	return c ? c : (a->partition > b->partition) - (a->partition < b->partition);
}

static struct gpart *find_part(struct gdesc *d, const char *topic, int32_t p)
{
	for (int i = 0; i < d->nparts; i++)
		if (d->parts[i].partition == p && !strcmp(d->parts[i].topic, topic))
			return &d->parts[i];
	return NULL;
}

static int topic_wanted(const struct groups_args *ga, const char *topic)
{
	if (!ga->nscopes)
		return 1;
	for (int i = 0; i < ga->nscopes; i++)
		if (!strcmp(ga->scopes[i].topic, topic))
			return 1;
	return 0;
}

int groups_load_offsets(struct groups_args *ga, struct client *c, struct gdesc *d, struct arena *a)
{
	struct offset_fetch_req req;
	struct offset_fetch_resp resp;
	int rc, cap = 0;

	memset(&req, 0, sizeof(req));
	req.group_id = kstr_c(d->name);
	req.topics.n = -1;
	if (client_version(d->coord, API_OFFSET_FETCH) < 2) {
		cmd_error(ga->tool.cmd, "the broker cannot list a group's offsets (OffsetFetch v%d)",
			  client_version(d->coord, API_OFFSET_FETCH));
		return EXIT_FAILED;
	}
	for (int attempt = 1;; attempt++) {
		if ((rc = client_call(c, d->coord, API_OFFSET_FETCH, &req, &resp, a)))
			return groups_client_fail(ga, c, rc);
		if (!resp.error_code || !kafka_error_retriable(resp.error_code) ||
		    client_backoff(c, attempt))
			break;
	}
	if (resp.error_code) {
		groups_error(ga, kafka_error_name(resp.error_code), "%s: OffsetFetch: %s", d->name,
			     kafka_error_name(resp.error_code));
		return EXIT_FAILED;
	}
	for (int t = 0; t < resp.topics.n; t++)
		cap += resp.topics.v[t].partitions.n;
	int nm = d->g ? d->g->members.n : 0;
	struct cp_assignment *as = arena_zalloc(a, sizeof(*as) * (size_t)(nm + 1));
	for (int i = 0; i < nm; i++) {
		const struct describe_groups_resp_members *m = &d->g->members.v[i];
		/* Other protocol types (connect, ...) have assignments of their own shape. */
		if (kstr_eq(d->g->protocol_type, "consumer") && m->member_assignment.len > 0 &&
		    !cp_assignment_decode(m->member_assignment.p, (size_t)m->member_assignment.len,
					  &as[i], a))
			cap += cp_assignment_count(&as[i]);
	}
	d->parts = arena_zalloc(a, sizeof(*d->parts) * (size_t)(cap + 1));
	d->nparts = 0;
	for (int t = 0; t < resp.topics.n; t++) {
		char *topic = kstr_dup(a, resp.topics.v[t].name);
		if (!topic_wanted(ga, topic))
			continue;
		for (int p = 0; p < resp.topics.v[t].partitions.n; p++) {
			const struct offset_fetch_resp_partitions *rp = &resp.topics.v[t].partitions.v[p];
			if (rp->committed_offset < 0)
				continue;
			struct gpart *g = &d->parts[d->nparts++];
			g->topic = topic;
			g->partition = rp->partition_index;
			g->committed = rp->committed_offset;
			g->epoch = rp->committed_leader_epoch;
			g->metadata = kstr_dup(a, rp->metadata);
		}
	}
	/* Assigned partitions: their owner, and a row even without a commit. */
	for (int i = 0; i < nm; i++)
		for (int t = 0; t < as[i].ntopics; t++) {
			if (!topic_wanted(ga, as[i].topics[t].topic))
				continue;
			for (int k = 0; k < as[i].topics[t].nparts; k++) {
				struct gpart *g = find_part(d, as[i].topics[t].topic, as[i].topics[t].parts[k]);
				if (!g) {
					g = &d->parts[d->nparts++];
					g->topic = as[i].topics[t].topic;
					g->partition = as[i].topics[t].parts[k];
					g->committed = -1;
					g->epoch = -1;
					g->metadata = "";
				}
				g->owner = &d->g->members.v[i];
			}
		}
	if (d->nparts > 1)
		qsort(d->parts, (size_t)d->nparts, sizeof(*d->parts), cmp_gpart);
	if ((rc = groups_log_offsets(c, d->parts, d->nparts, 0, a)))
		return groups_client_fail(ga, c, rc);
	for (int i = 0; i < d->nparts; i++) {
		const struct gpart *g = &d->parts[i];
		if (g->committed >= 0 && g->end >= 0)
			d->total_lag = (d->total_lag < 0 ? 0 : d->total_lag) +
				       (g->end > g->committed ? g->end - g->committed : 0);
	}
	return 0;
}

/* ---- describe ---- */

static char *num(int64_t v)
{
	return v >= 0 ? xfmt("%lld", (long long)v) : NULL;
}

static char *coordinator_text(const struct gdesc *d)
{
	return xfmt("%s:%d (%d)", d->coord->host, d->coord->port, d->coord_id);
}

static void header_block(const struct groups_args *ga, const struct gdesc *d, struct arena *a)
{
	struct table t;
	char *co = coordinator_text(d), *mem = xfmt("%d", d->g->members.n), *lag = num(d->total_lag);
	char *state = kstr_dup(a, d->g->group_state), *proto = kstr_dup(a, d->g->protocol_data);

	table_init(&t, "GROUP COORDINATOR STATE PROTOCOL #MEMBERS #TOTAL-LAG");
	table_add(&t, d->name, co, *state ? state : NULL, *proto ? proto : NULL, mem, lag);
	table_print(&t, OUT_TEXT, ga->tool.no_headers);
	table_release(&t);
	free(co), free(mem), free(lag);
	putchar('\n');
}

static void offsets_rows(const struct groups_args *ga, const struct gdesc *d, struct table *t,
			 struct arena *a)
{
	for (int i = 0; i < d->nparts; i++) {
		const struct gpart *g = &d->parts[i];
		char *sp = xfmt("%d", g->partition), *cur = num(g->committed), *end = num(g->end);
		char *lag = g->committed >= 0 && g->end >= 0 ?
			num(g->end > g->committed ? g->end - g->committed : 0) : NULL;
		const char *id = g->owner ? kstr_dup(a, g->owner->member_id) : NULL;
		const char *host = g->owner ? kstr_dup(a, g->owner->client_host) : NULL;
		const char *cid = g->owner ? kstr_dup(a, g->owner->client_id) : NULL;
		if (ga->long_out) {
			char *start = num(g->start), *ep = num(g->epoch);
			table_add(t, d->name, g->topic, sp, cur, end, lag, id, host, cid, start, ep,
				  g->metadata && *g->metadata ? g->metadata : NULL);
			free(start), free(ep);
		} else {
			table_add(t, d->name, g->topic, sp, cur, end, lag, id, host, cid);
		}
		free(sp), free(cur), free(end), free(lag);
	}
}

static void members_rows(const struct groups_args *ga, const struct gdesc *d, struct table *t,
			 struct arena *a)
{
	for (int i = 0; i < d->g->members.n; i++) {
		const struct describe_groups_resp_members *m = &d->g->members.v[i];
		int count = 0;
		char *asg = kstr_eq(d->g->protocol_type, "consumer") ?
			groups_assignment_text(m, &count, a) : "";
		char *np = xfmt("%d", count);
		const char *inst = m->group_instance_id.len > 0 ? kstr_dup(a, m->group_instance_id) : NULL;
		if (ga->long_out)
			table_add(t, d->name, kstr_dup(a, m->member_id), inst, kstr_dup(a, m->client_host),
				  kstr_dup(a, m->client_id), np, *asg ? asg : NULL);
		else
			table_add(t, d->name, kstr_dup(a, m->member_id), inst, kstr_dup(a, m->client_host),
				  kstr_dup(a, m->client_id), np);
		free(np);
	}
}

static void state_row(const struct gdesc *d, struct table *t, struct arena *a)
{
	char *co = coordinator_text(d), *mem = xfmt("%d", d->g->members.n), *lag = num(d->total_lag);
	char *state = kstr_dup(a, d->g->group_state), *proto = kstr_dup(a, d->g->protocol_data);

	table_add(t, d->name, co, *proto ? proto : NULL, state, mem, lag);
	free(co), free(mem), free(lag);
}

/* One row per topic: the lag summed over its partitions that have one. */
static void lag_rows(const struct gdesc *d, struct table *t)
{
	for (int i = 0; i < d->nparts;) {
		int64_t lag = -1;
		int k = i;
		for (; k < d->nparts && !strcmp(d->parts[k].topic, d->parts[i].topic); k++) {
			const struct gpart *g = &d->parts[k];
			if (g->committed >= 0 && g->end >= 0)
				lag = (lag < 0 ? 0 : lag) + (g->end > g->committed ? g->end - g->committed : 0);
		}
		char *sl = num(lag);
		table_add(t, d->name, d->parts[i].topic, sl);
		free(sl);
		i = k;
	}
}

static const char *view_cols(const struct groups_args *ga)
{
	if (ga->view == VIEW_LAG)
		return "GROUP TOPIC #LAG";
	if (ga->view == VIEW_MEMBERS)
		return ga->long_out ? "GROUP CONSUMER-ID GROUP-INSTANCE-ID HOST CLIENT-ID #PARTITIONS "
				      "ASSIGNMENT" :
				      "GROUP CONSUMER-ID GROUP-INSTANCE-ID HOST CLIENT-ID #PARTITIONS";
	if (ga->view == VIEW_STATE)
		return "GROUP COORDINATOR ASSIGNMENT-STRATEGY STATE #MEMBERS #TOTAL-LAG";
	return ga->long_out ? "GROUP TOPIC #PARTITION #CURRENT-OFFSET #LOG-END-OFFSET #LAG "
			      "CONSUMER-ID HOST CLIENT-ID #LOG-START-OFFSET #LEADER-EPOCH METADATA" :
			      "GROUP TOPIC #PARTITION #CURRENT-OFFSET #LOG-END-OFFSET #LAG "
			      "CONSUMER-ID HOST CLIENT-ID";
}

/* Kafka's notes about a group's state, on stderr. */
static void state_notes(const struct gdesc *d)
{
	if (kstr_eq(d->g->group_state, "Empty"))
		fprintf(stderr, "Consumer group '%s' has no active members.\n", d->name);
	else if (kstr_eq(d->g->group_state, "PreparingRebalance") ||
		 kstr_eq(d->g->group_state, "CompletingRebalance"))
		fprintf(stderr, "Warning: Consumer group '%s' is rebalancing.\n", d->name);
}

int groups_describe(struct groups_args *ga, struct client *c, char **names, int n)
{
	struct arena a;
	struct table all;
	int exit = EXIT_OK, rc, shown = 0;
	/* Text offsets: a header block and a table per group; otherwise one table. */
	int per_group = ga->view == VIEW_OFFSETS && ga->tool.output == OUT_TEXT;

	arena_init(&a, 65536);
	if (ga->all && (rc = groups_all_names(ga, c, &names, &n, &a))) {
		arena_release(&a);
		return rc;
	}
	table_init(&all, view_cols(ga));
	for (int i = 0; i < n; i++) {
		struct gdesc d;
		rc = groups_describe_one(ga, c, names[i], &d, &a);
		if (!rc && groups_dead(&d))
			rc = EXIT_NOTFOUND;
		if (rc == EXIT_NOTFOUND && !ga->all) {
			cmd_error(ga->tool.cmd, "%s: GROUP_ID_NOT_FOUND: the group does not exist",
				  names[i]);
		}
		if (rc == EXIT_UNAVAILABLE) {
			table_release(&all);
			arena_release(&a);
			return rc;
		}
		if (rc) {
			exit = groups_worse(exit, ga->all && rc == EXIT_NOTFOUND ? EXIT_OK : rc);
			continue;
		}
		if (ga->view != VIEW_MEMBERS && (rc = groups_load_offsets(ga, c, &d, &a))) {
			if (rc == EXIT_UNAVAILABLE) {
				table_release(&all);
				arena_release(&a);
				return rc;
			}
			exit = groups_worse(exit, rc);
			continue;
		}
		if (ga->tool.output == OUT_TEXT && ga->view != VIEW_STATE && ga->view != VIEW_LAG)
			state_notes(&d);
		if (per_group) {
			struct table t;
			if (shown++)
				putchar('\n');
			header_block(ga, &d, &a);
			table_init(&t, view_cols(ga));
			offsets_rows(ga, &d, &t, &a);
			table_print(&t, OUT_TEXT, ga->tool.no_headers);
			table_release(&t);
		} else if (ga->view == VIEW_OFFSETS) {
			offsets_rows(ga, &d, &all, &a);
		} else if (ga->view == VIEW_MEMBERS) {
			members_rows(ga, &d, &all, &a);
		} else if (ga->view == VIEW_LAG) {
			lag_rows(&d, &all);
		} else {
			state_row(&d, &all, &a);
		}
	}
	if (per_group)
		table_release(&all);
	else
		groups_print(ga, &all);
	arena_release(&a);
	return exit;
}
