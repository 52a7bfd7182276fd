/*
 * kaf groups reset-offsets: compute new committed offsets for a group that
 * has no members, show them (dry run, the default) or commit them with
 * --execute as a "simple" commit (generation -1, no member id), which the
 * coordinator accepts only while the group is empty. Targets outside the
 * log are moved to its start or end, with a warning, as Kafka's tool does.
 */
#include "cmd/groups.h"

#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "core/base/clock.h"
#include "net/proto/errors.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ISO-8601 PnDTnHnMnS[.fff] (Kafka's --by-duration), else 1h, 30m, 250ms. */
int groups_parse_duration(const char *s, int64_t *ms)
{
	int64_t total = 0;
	int in_time = 0, any = 0;

	if (*s != 'P' && *s != 'p')
		return opt_parse_duration_ms(s, ms);
	for (const char *p = s + 1; *p;) {
		if (*p == 'T' || *p == 't') {
			in_time = 1;
			p++;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return -1;
		char *end;
		double v = strtod(p, &end);
		int64_t unit;
		switch (*end) {
		case 'D': case 'd': unit = in_time ? -1 : 86400000; break;
		case 'H': case 'h': unit = in_time ? 3600000 : -1; break;
		case 'M': case 'm': unit = in_time ? 60000 : -1; break;
		case 'S': case 's': unit = in_time ? 1000 : -1; break;
		default: unit = -1;
		}
		/* A thousand years is plenty; beyond it a sum could overflow. */
		if (unit < 0 || v * (double)unit > 3.2e13 || (total += (int64_t)(v * (double)unit)) > 3.2e13)
			return -1;
		any = 1;
		p = end + 1;
	}
	if (!any)
		return -1;
	*ms = total;
	return 0;
}

/* One CSV field as an integer in [0, max]; -1 when it is not one. */
static int64_t csv_int(const char *s, int64_t max)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || errno || v < 0 || v > max)
		return -1;
	return v;
}

int groups_read_file(struct groups_args *ga, const char *group)
{
	FILE *f = fopen(ga->from_file, "r");
	char line[4096];
	int lineno = 0, cap = 0;

	if (!f) {
		cmd_error(ga->tool.cmd, "%s: %s", ga->from_file, strerror(errno));
		return EXIT_USAGE;
	}
	while (fgets(line, sizeof(line), f)) {
		char *field[5];
		int nf = 0;
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (!line[0])
			continue;
		for (char *save = NULL, *t = strtok_r(line, ",", &save); t && nf < 5;
		     t = strtok_r(NULL, ",", &save))
			field[nf++] = t;
		int first = nf == 4 ? 1 : 0;
		int64_t part = nf == 3 || nf == 4 ? csv_int(field[first + 1], INT32_MAX) : -1;
		int64_t off = part >= 0 ? csv_int(field[first + 2], INT64_MAX) : -1;
		if (off < 0) {
			cmd_error(ga->tool.cmd, "%s:%d: want topic,partition,offset or "
				  "group,topic,partition,offset", ga->from_file, lineno);
			fclose(f);
			return EXIT_USAGE;
		}
		if (nf == 4 && strcmp(field[0], group))
			continue;
		if (ga->nfile_parts == cap) {
			cap = cap ? cap * 2 : 64;
			struct gpart *bigger = realloc(ga->file_parts, sizeof(*bigger) * (size_t)cap);
			if (!bigger)
				abort();
			ga->file_parts = bigger;
		}
		struct gpart *g = &ga->file_parts[ga->nfile_parts++];
		memset(g, 0, sizeof(*g));
		g->topic = strdup(field[first]);
		g->partition = (int32_t)part;
		g->want = off;
		g->committed = -1;
	}
	fclose(f);
	if (!ga->nfile_parts) {
		cmd_error(ga->tool.cmd, "%s: no offsets for group '%s'", ga->from_file, group);
		return EXIT_USAGE;
	}
	return 0;
}

/* The partitions in scope: --topic's, or everything with a committed offset. */
static int scope_parts(struct groups_args *ga, struct client *c, struct gdesc *d,
		       struct gpart **out, int *nout, struct arena *a)
{
	const char *names[GROUPS_MAX];
	struct metadata_resp md;
	int rc, cap = 0, exit = 0;

	if (ga->all_topics) {
		*out = d->parts;
		*nout = d->nparts;
		return 0;
	}
	if (ga->target == T_FILE) {
		struct gpart *parts = arena_zalloc(a, sizeof(*parts) * (size_t)ga->nfile_parts);
		for (int i = 0; i < ga->nfile_parts; i++) {
			parts[i] = ga->file_parts[i];
			for (int j = 0; j < d->nparts; j++)
				if (d->parts[j].partition == parts[i].partition &&
				    !strcmp(d->parts[j].topic, parts[i].topic))
					parts[i].committed = d->parts[j].committed;
		}
		*out = parts;
		*nout = ga->nfile_parts;
		return 0;
	}
	for (int i = 0; i < ga->nscopes; i++)
		names[i] = ga->scopes[i].topic;
	if ((rc = client_metadata(c, names, ga->nscopes, &md, a)))
		return groups_client_fail(ga, c, rc);
	for (int i = 0; i < md.topics.n; i++)
		cap += md.topics.v[i].partitions.n;
	for (int i = 0; i < ga->nscopes; i++)
		cap += ga->scopes[i].nparts;
	struct gpart *parts = arena_zalloc(a, sizeof(*parts) * (size_t)(cap + 1));
	int n = 0;
	for (int i = 0; i < ga->nscopes; i++) {
		const struct groups_scope *s = &ga->scopes[i];
		const struct metadata_resp_topics *mt = NULL;
		for (int j = 0; j < md.topics.n; j++)
			if (kstr_eq(md.topics.v[j].name, s->topic) && !md.topics.v[j].error_code)
				mt = &md.topics.v[j];
		if (!mt) {
			cmd_error(ga->tool.cmd, "%s: UNKNOWN_TOPIC_OR_PARTITION: no such topic", s->topic);
			exit = EXIT_NOTFOUND;
			continue;
		}
		int np = s->nparts ? s->nparts : mt->partitions.n;
		for (int k = 0; k < np; k++) {
			int32_t p = s->nparts ? s->parts[k] : mt->partitions.v[k].partition_index;
			int dup = 0;
			for (int j = 0; j < n && !dup; j++)
				dup = parts[j].partition == p && !strcmp(parts[j].topic, s->topic);
			if (dup)
				continue;
			struct gpart *g = &parts[n++];
			g->topic = s->topic;
			g->partition = p;
			g->committed = -1;
			for (int j = 0; j < d->nparts; j++)
				if (d->parts[j].partition == p && !strcmp(d->parts[j].topic, s->topic))
					g->committed = d->parts[j].committed;
		}
	}
	*out = parts;
	*nout = n;
	return exit;
}

/* The new offset of g, clamped to the log; -1 with a message when there is none. */
static int64_t target(struct groups_args *ga, const char *group, const struct gpart *g)
{
	int64_t want;

	switch (ga->target) {
	case T_EARLIEST: want = g->start; break;
	case T_LATEST: want = g->end; break;
	case T_CURRENT: want = g->committed >= 0 ? g->committed : g->end; break;
	case T_OFFSET: want = ga->target_value; break;
	case T_FILE: want = g->want; break;
	case T_SHIFT:
		if (g->committed < 0) {
			cmd_error(ga->tool.cmd, "%s: %s:%d: no committed offset to shift from", group,
				  g->topic, g->partition);
			return -1;
		}
		/* Saturating: the clamp below brings it into the log. */
		want = ga->target_value > INT64_MAX - g->committed ? INT64_MAX :
		       g->committed + ga->target_value;
		break;
	default:
		/* No record at or after the time: the end of the log. */
		want = g->at >= 0 ? g->at : g->end;
	}
	if (g->start >= 0 && want < g->start) {
		cmd_warn(ga->tool.cmd, "%s:%d: %lld is before the log start; using %lld", g->topic,
			 g->partition, (long long)want, (long long)g->start);
		want = g->start;
	} else if (g->end >= 0 && want > g->end) {
		cmd_warn(ga->tool.cmd, "%s:%d: %lld is past the log end; using %lld", g->topic,
			 g->partition, (long long)want, (long long)g->end);
		want = g->end;
	}
	return want;
}

/* OffsetCommit of the new offsets as a simple commit; fills status per row. */
static int commit(struct groups_args *ga, struct client *c, struct gdesc *d, struct gpart *parts,
		  const int64_t *next, int n, int16_t *status, struct arena *a)
{
	struct offset_commit_req req;
	struct offset_commit_resp resp;

	memset(&req, 0, sizeof(req));
	proto_set_defaults(&offset_commit_req_desc, &req);
	req.group_id = kstr_c(d->name);
	req.generation_id = -1;
	req.member_id = kstr_c("");
	req.group_instance_id.len = -1;
	req.retention_time_ms = -1;
	req.topics.v = arena_zalloc(a, sizeof(*req.topics.v) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		if (next[i] < 0)
			continue;
		struct offset_commit_req_topics *t = NULL;
		for (int k = 0; k < req.topics.n; k++)
			if (kstr_eq(req.topics.v[k].name, parts[i].topic))
				t = &req.topics.v[k];
		if (!t) {
			t = &req.topics.v[req.topics.n++];
			t->name = kstr_c(parts[i].topic);
			t->partitions.v = arena_zalloc(a, sizeof(*t->partitions.v) * (size_t)n);
		}
		struct offset_commit_req_partitions *p = &t->partitions.v[t->partitions.n++];
		p->partition_index = parts[i].partition;
		p->committed_offset = next[i];
		p->committed_leader_epoch = -1;
		p->committed_metadata = kstr_c("");
	}
	if (!req.topics.n)
		return 0;
	int rc = client_call(c, d->coord, API_OFFSET_COMMIT, &req, &resp, a);
	if (rc)
		return groups_client_fail(ga, c, rc);
	for (int t = 0; t < resp.topics.n; t++)
		for (int p = 0; p < resp.topics.v[t].partitions.n; p++) {
			const struct offset_commit_resp_partitions *rp = &resp.topics.v[t].partitions.v[p];
			for (int i = 0; i < n; i++)
				if (parts[i].partition == rp->partition_index &&
				    kstr_eq(resp.topics.v[t].name, parts[i].topic))
					status[i] = rp->error_code;
		}
	return 0;
}

int groups_reset(struct groups_args *ga, struct client *c, char **names, int n)
{
	struct arena a;
	struct gdesc d;
	struct gpart *parts = NULL;
	int np = 0, rc, exit = EXIT_OK;
	const char *group = names[0];

	(void)n;
	arena_init(&a, 65536);
	rc = groups_describe_one(ga, c, group, &d, &a);
	int dead = rc == EXIT_NOTFOUND || (!rc && groups_dead(&d));
	if (rc && rc != EXIT_NOTFOUND)
		goto out;
	if (!dead && !kstr_eq(d.g->group_state, "Empty")) {
		char *state = kstr_dup(&a, d.g->group_state);
		groups_error(ga, "NON_EMPTY_GROUP", "%s: the group's offsets can only be reset while it "
			     "is inactive, but it is %s with %d member%s", group, state, d.g->members.n,
			     d.g->members.n == 1 ? "" : "s");
		fprintf(stderr, "hint: stop the group's consumers first\n");
		rc = EXIT_FAILED;
		goto out;
	}
	if (dead && ga->all_topics) {
		groups_error(ga, "GROUP_ID_NOT_FOUND", "%s: GROUP_ID_NOT_FOUND: the group does not exist",
			     group);
		rc = EXIT_NOTFOUND;
		goto out;
	}
	/* Committed offsets only: the scope's log offsets come next. */
	if ((rc = groups_load_offsets(ga, c, &d, &a)))
		goto out;
	if ((rc = scope_parts(ga, c, &d, &parts, &np, &a)) && rc != EXIT_NOTFOUND)
		goto out;
	exit = rc;
	int64_t ts = 0;
	if (ga->target == T_DATETIME)
		ts = ga->target_value;
	else if (ga->target == T_DURATION)
		ts = clock_wall_ms() - ga->target_value;
	if (ts <= 0 && (ga->target == T_DATETIME || ga->target == T_DURATION))
		ts = 1;
	if ((rc = groups_log_offsets(c, parts, np, ts, &a))) {
		rc = groups_client_fail(ga, c, rc);
		goto out;
	}
	int64_t *next = arena_zalloc(&a, sizeof(int64_t) * (size_t)(np + 1));
	int16_t *status = arena_zalloc(&a, sizeof(int16_t) * (size_t)(np + 1));
	for (int i = 0; i < np; i++) {
		next[i] = -1;
		if (parts[i].error) {
			cmd_error(ga->tool.cmd, "%s:%d: %s", parts[i].topic, parts[i].partition,
				  kafka_error_name(parts[i].error));
			exit = groups_worse(exit, parts[i].error == KERR_UNKNOWN_TOPIC_OR_PARTITION ?
						EXIT_NOTFOUND : EXIT_FAILED);
			continue;
		}
		next[i] = target(ga, group, &parts[i]);
		if (next[i] < 0)
			exit = EXIT_FAILED;
	}
	if (ga->execute && (rc = commit(ga, c, &d, parts, next, np, status, &a)))
		goto out;
	if (ga->export_csv) {
		/* Kafka's CSV, the input of --from-file. */
		for (int i = 0; i < np; i++)
			if (next[i] >= 0 && (!ga->execute || !status[i]))
				printf("%s,%d,%lld\n", parts[i].topic, parts[i].partition,
				       (long long)next[i]);
		for (int i = 0; i < np && ga->execute; i++)
			if (status[i]) {
				cmd_error(ga->tool.cmd, "%s:%d: OffsetCommit: %s", parts[i].topic,
					  parts[i].partition, kafka_error_name(status[i]));
				exit = EXIT_FAILED;
			}
		if (!ga->execute)
			fprintf(stderr, "dry run: nothing changed; add --execute to apply\n");
		rc = exit;
		goto out;
	}
	struct table t;
	table_init(&t, ga->execute ? "GROUP TOPIC #PARTITION #CURRENT-OFFSET #NEW-OFFSET STATUS MESSAGE" :
				     "GROUP TOPIC #PARTITION #CURRENT-OFFSET #NEW-OFFSET");
	for (int i = 0; i < np; i++) {
		if (next[i] < 0)
			continue;
		char *sp = xfmt("%d", parts[i].partition);
		char *cur = parts[i].committed >= 0 ? xfmt("%lld", (long long)parts[i].committed) : NULL;
		char *nw = xfmt("%lld", (long long)next[i]);
		if (ga->execute) {
			const char *st = status[i] ? kafka_error_name(status[i]) : "OK";
			table_add(&t, group, parts[i].topic, sp, cur, nw, st, NULL);
			if (status[i]) {
				cmd_error(ga->tool.cmd, "%s:%d: OffsetCommit: %s", parts[i].topic,
					  parts[i].partition, st);
				exit = EXIT_FAILED;
			}
		} else {
			table_add(&t, group, parts[i].topic, sp, cur, nw);
		}
		free(sp), free(cur), free(nw);
	}
	groups_print(ga, &t);
	if (!ga->execute)
		fprintf(stderr, "dry run: nothing changed; add --execute to apply\n");
	rc = exit;
out:
	arena_release(&a);
	return rc;
}
