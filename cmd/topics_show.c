/*
 * kaf topics describe, config and offsets: the read-mostly subcommands.
 * Metadata says which broker leads each partition; ListOffsets goes to
 * that leader (one request per leader and per timestamp), DescribeConfigs
 * and IncrementalAlterConfigs to the bootstrap broker. Partition errors a
 * new leader can cure (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, ...)
 * refresh the metadata and try again until the deadline.
 */
#include "cmd/topics.h"

#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "core/meta/records.h"
#include "net/proto/errors.h"
#include "net/proto/msg_admin.h"
#include "net/proto/msg_cluster.h"
#include "net/proto/msg_data.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RESOURCE_TOPIC 2
#define TS_LATEST (-1)
#define TS_EARLIEST (-2)

static int cmp_partition(const void *a, const void *b)
{
	const struct metadata_resp_partitions *x = a, *y = b;
	return (x->partition_index > y->partition_index) - (x->partition_index < y->partition_index);
}

/*
 * Metadata for names, retried while a topic or partition error is
 * retriable. Partitions come back sorted, so partition i is at index i of a
 * complete topic.
 */
static int metadata_settled(struct client *c, char **names, int n, struct metadata_resp *md,
			    struct arena *a)
{
	for (int attempt = 1;; attempt++) {
		int rc = client_metadata(c, (const char *const *)names, n, md, a), again = 0;
		if (rc)
			return rc;
		for (int i = 0; i < md->topics.n; i++) {
			const struct metadata_resp_topics *t = &md->topics.v[i];
			if (t->partitions.n > 1)
				qsort(t->partitions.v, (size_t)t->partitions.n,
				      sizeof(*t->partitions.v), cmp_partition);
			if (t->error_code && t->error_code != KERR_UNKNOWN_TOPIC_OR_PARTITION &&
			    kafka_error_retriable(t->error_code))
				again = 1;
			for (int p = 0; p < t->partitions.n; p++)
				if (t->partitions.v[p].leader_id < 0)
					again = 1;
		}
		if (!again || client_backoff(c, attempt))
			return 0;
	}
}

/* The topic's entry in md, or NULL. */
static const struct metadata_resp_topics *md_topic(const struct metadata_resp *md, const char *name)
{
	for (int i = 0; i < md->topics.n; i++)
		if (kstr_eq(md->topics.v[i].name, name))
			return &md->topics.v[i];
	return NULL;
}

/*
 * Offsets at ts for every partition of the topics in md (by topic index and
 * partition index), from each partition's leader. out[t][p] stays -1 where
 * the broker gave an error. Returns 0, a client error, or 1 when retriable
 * partition errors remain (the caller refreshes metadata).
 */
static int list_offsets(struct client *c, const struct metadata_resp *md, int64_t ts,
			int64_t **out, int64_t **out_ts, struct arena *a)
{
	int retry = 0;

	for (int b = -1; b < c->nbrokers; b++) {
		int32_t leader = b < 0 ? -1 : c->brokers[b].node_id;
		struct list_offsets_req req;
		struct list_offsets_resp resp;
		int nt = 0;

		if (b < 0)
			continue;
		memset(&req, 0, sizeof(req));
		req.replica_id = -1;
		req.topics.v = arena_zalloc(a, sizeof(*req.topics.v) * (size_t)(md->topics.n + 1));
		for (int t = 0; t < md->topics.n; t++) {
			const struct metadata_resp_topics *mt = &md->topics.v[t];
			struct list_offsets_req_topics *rt = &req.topics.v[nt];
			rt->partitions.v = arena_zalloc(a, sizeof(*rt->partitions.v) *
							       (size_t)(mt->partitions.n + 1));
			for (int p = 0; p < mt->partitions.n; p++) {
				if (mt->partitions.v[p].leader_id != leader)
					continue;
				rt->partitions.v[rt->partitions.n].partition_index =
					mt->partitions.v[p].partition_index;
				rt->partitions.v[rt->partitions.n++].timestamp = ts;
			}
			if (rt->partitions.n) {
				rt->name = mt->name;
				nt++;
			}
		}
		if (!nt)
			continue;
		req.topics.n = nt;
		struct client_conn *k = client_broker(c, leader);
		if (!k)
			return CLIENT_EUNAVAIL;
		int rc = client_call(c, k, API_LIST_OFFSETS, &req, &resp, a);
		if (rc)
			return rc;
		for (int t = 0; t < resp.topics.n; t++) {
			const struct list_offsets_resp_topics *rt = &resp.topics.v[t];
			int ti = -1;
			for (int i = 0; i < md->topics.n; i++)
				if (md->topics.v[i].name.len == rt->name.len && rt->name.len > 0 &&
				    !memcmp(md->topics.v[i].name.p, rt->name.p, (size_t)rt->name.len))
					ti = i;
			if (ti < 0)
				continue;
			for (int p = 0; p < rt->partitions.n; p++) {
				const struct list_offsets_resp_partitions *rp = &rt->partitions.v[p];
				int pi = rp->partition_index;
				if (pi < 0 || pi >= md->topics.v[ti].partitions.n)
					continue;
				if (rp->error_code) {
					if (kafka_error_retriable(rp->error_code))
						retry = 1;
					continue;
				}
				out[ti][pi] = rp->offset;
				if (out_ts)
					out_ts[ti][pi] = rp->timestamp;
			}
		}
	}
	return retry;
}

/* A [topic][partition] array of -1s for md. */
static int64_t **offsets_alloc(const struct metadata_resp *md, struct arena *a)
{
	int64_t **o = arena_zalloc(a, sizeof(*o) * (size_t)(md->topics.n + 1));

	for (int t = 0; t < md->topics.n; t++) {
		int np = md->topics.v[t].partitions.n;
		o[t] = arena_alloc(a, sizeof(**o) * (size_t)(np + 1));
		for (int p = 0; p <= np; p++)
			o[t][p] = -1;
	}
	return o;
}

/*
 * Metadata, then the offsets at each timestamp of ts[0..nts), retrying with
 * fresh metadata while leaders move. offs[i] receives the offsets at ts[i].
 */
static int offsets_settled(struct client *c, char **names, int n, struct metadata_resp *md,
			   const int64_t *ts, int nts, int64_t ***offs, int64_t ***tss,
			   struct arena *a)
{
	for (int attempt = 1;; attempt++) {
		int rc = metadata_settled(c, names, n, md, a), again = 0;
		if (rc)
			return rc;
		for (int i = 0; i < nts; i++) {
			offs[i] = offsets_alloc(md, a);
			if (tss)
				tss[i] = offsets_alloc(md, a);
			rc = list_offsets(c, md, ts[i], offs[i], tss ? tss[i] : NULL, a);
			if (rc < 0)
				return rc;
			again |= rc;
		}
		if (!again || client_backoff(c, attempt))
			return 0;
	}
}

static char *ids(const int32_t *v, int n)
{
	size_t cap = 16 + (size_t)n * 12, len = 0;
	char *s = malloc(cap);

	if (!s)
		abort();
	s[0] = 0;
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s%d", i ? "," : "", v[i]);
	return s;
}

static const char *source_name(const struct describe_configs_resp_configs *cf, int version)
{
	static const char *const names[] = {
		"UNKNOWN", "DYNAMIC_TOPIC_CONFIG", "DYNAMIC_BROKER_CONFIG",
		"DYNAMIC_DEFAULT_BROKER_CONFIG", "STATIC_BROKER_CONFIG", "DEFAULT_CONFIG",
		"DYNAMIC_BROKER_LOGGER_CONFIG",
	};
	if (version == 0)
		return cf->is_default ? "DEFAULT_CONFIG" : "DYNAMIC_TOPIC_CONFIG";
	if (cf->config_source >= 0 && cf->config_source < 7)
		return names[cf->config_source];
	return "UNKNOWN";
}

/* DescribeConfigs of the topics (all keys). */
static int describe_configs(struct client *c, char **names, int n,
			    struct describe_configs_resp *resp, struct arena *a)
{
	struct describe_configs_req req;

	memset(&req, 0, sizeof(req));
	req.resources.n = n;
	req.resources.v = arena_zalloc(a, sizeof(*req.resources.v) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		req.resources.v[i].resource_type = RESOURCE_TOPIC;
		req.resources.v[i].resource_name = kstr_c(names[i]);
		req.resources.v[i].configuration_keys.n = -1;
	}
	return client_call(c, &c->boot, API_DESCRIBE_CONFIGS, &req, resp, a);
}

static const struct describe_configs_resp_results *cfg_result(const struct describe_configs_resp *r,
							      const char *name)
{
	for (int i = 0; i < r->results.n; i++)
		if (kstr_eq(r->results.v[i].resource_name, name))
			return &r->results.v[i];
	return NULL;
}

/* The rows of a topic's configs: KEY VALUE SOURCE SENSITIVE [READ-ONLY], topic first when asked. */
static void config_rows(struct table *t, const struct describe_configs_resp_results *res,
			const char *topic, int version, struct arena *a)
{
	for (int i = 0; res && i < res->configs.n; i++) {
		const struct describe_configs_resp_configs *cf = &res->configs.v[i];
		char *key = kstr_dup(a, cf->name);
		const char *val = cf->is_sensitive ? "(sensitive)" :
				  cf->value.len < 0 ? NULL : kstr_dup(a, cf->value);
		const char *src = source_name(cf, version);
		const char *sens = cf->is_sensitive ? "true" : "false";
		if (topic)
			table_add(t, topic, key, val, src, sens, cf->read_only ? "true" : "false");
		else
			table_add(t, key, val, src, sens);
	}
}

static const char *config_value(const struct describe_configs_resp_results *res, const char *key,
				struct arena *a)
{
	for (int i = 0; res && i < res->configs.n; i++)
		if (kstr_eq(res->configs.v[i].name, key))
			return res->configs.v[i].value.len < 0 ? NULL :
								  kstr_dup(a, res->configs.v[i].value);
	return NULL;
}

static void section(const char *title, int first)
{
	printf("%s%s\n", first ? "" : "\n", title);
	for (size_t i = 0; i < strlen(title); i++)
		putchar('=');
	putchar('\n');
}

static int report_missing(const struct topics_args *ta, const char *name, int code)
{
	cmd_error(ta->tool.cmd, "%s: %s", name, kafka_error_name((int16_t)code));
	return code == KERR_UNKNOWN_TOPIC_OR_PARTITION ? EXIT_NOTFOUND : EXIT_FAILED;
}

/* One topic of describe's json array. */
static void describe_json(const char *name, const struct metadata_resp_topics *tp,
			  const char *cleanup, const struct table *cf, const struct table *parts,
			  int shown)
{
	static const struct kuuid zero;
	char id[23];
	meta_uuid_format(&tp->topic_id, id);
	printf("%s{\"name\":", shown ? "," : "");
	json_str(stdout, name, -1);
	/* The topic id (Metadata v10+); null when the broker did not give one. */
	if (memcmp(&tp->topic_id, &zero, sizeof(zero)))
		printf(",\"id\":\"%s\"", id);
	else
		fputs(",\"id\":null", stdout);
	printf(",\"internal\":%s,\"partition_count\":%d,\"replication_factor\":%d,"
	       "\"cleanup_policy\":",
	       tp->is_internal ? "true" : "false", tp->partitions.n,
	       tp->partitions.n ? tp->partitions.v[0].replica_nodes.n : 0);
	if (cleanup)
		json_str(stdout, cleanup, -1);
	else
		fputs("null", stdout);
	printf(",\"configs\":");
	table_json(cf, stdout);
	printf(",\"partitions\":");
	table_json(parts, stdout);
	putchar('}');
}

int topics_describe(struct topics_args *ta, struct client *c, char **names, int n)
{
	static const int64_t ts[2] = { TS_EARLIEST, TS_LATEST };
	struct arena a;
	struct metadata_resp md;
	struct describe_configs_resp cfg;
	int64_t **offs[2];
	int rc, exit = EXIT_OK, first = 1, shown = 0;

	arena_init(&a, 65536);
	rc = offsets_settled(c, names, n, &md, ts, 2, offs, NULL, &a);
	if (!rc)
		rc = describe_configs(c, names, n, &cfg, &a);
	if (rc) {
		arena_release(&a);
		return tool_client_fail(&ta->tool, c, rc);
	}
	int cfg_version = client_version(&c->boot, API_DESCRIBE_CONFIGS);
	struct table parts_tsv;
	table_init(&parts_tsv, "TOPIC #PARTITION #LEADER REPLICAS ISR OFFLINE #LOG-START-OFFSET "
			       "#HIGH-WATERMARK");
	if (ta->tool.output == OUT_JSON)
		putchar('[');
	for (int i = 0; i < n; i++) {
		const struct metadata_resp_topics *tp = md_topic(&md, names[i]);
		int ti = tp ? (int)(tp - md.topics.v) : -1;
		if (!tp || tp->error_code) {
			int code = tp ? tp->error_code : KERR_UNKNOWN_TOPIC_OR_PARTITION;
			int e = report_missing(ta, names[i], code);
			exit = exit == EXIT_FAILED ? exit : e;
			if (ta->tool.output == OUT_JSON) {
				printf("%s{\"name\":", shown++ ? "," : "");
				json_str(stdout, names[i], -1);
				printf(",\"error\":{\"code\":\"%s\",\"message\":null}}",
				       kafka_error_name((int16_t)code));
			}
			continue;
		}
		const struct describe_configs_resp_results *res = cfg_result(&cfg, names[i]);
		struct table sum, cf, parts;
		char *np = xfmt("%d", tp->partitions.n);
		char *nr = xfmt("%d", tp->partitions.n ? tp->partitions.v[0].replica_nodes.n : 0);
		table_init(&sum, "NAME ?INTERNAL #PARTITIONS #REPLICAS CLEANUP-POLICY");
		table_add(&sum, names[i], tp->is_internal ? "true" : "false", np, nr,
			  config_value(res, "cleanup.policy", &a));
		free(np);
		free(nr);
		table_init(&cf, "KEY VALUE SOURCE ?SENSITIVE");
		if (res && res->error_code == 0)
			config_rows(&cf, res, NULL, cfg_version, &a);
		table_init(&parts, "#PARTITION #LEADER REPLICAS ISR OFFLINE #LOG-START-OFFSET "
				   "#HIGH-WATERMARK");
		for (int p = 0; p < tp->partitions.n; p++) {
			const struct metadata_resp_partitions *mp = &tp->partitions.v[p];
			int pi = mp->partition_index;
			int ok = pi >= 0 && pi < tp->partitions.n;
			char *sp = xfmt("%d", pi), *sl = xfmt("%d", mp->leader_id);
			char *rep = ids(mp->replica_nodes.v, mp->replica_nodes.n);
			char *isr = ids(mp->isr_nodes.v, mp->isr_nodes.n);
			char *off = ids(mp->offline_replicas.v, mp->offline_replicas.n);
			char *lso = ok && offs[0][ti][pi] >= 0 ? xfmt("%lld", (long long)offs[0][ti][pi]) : NULL;
			char *hw = ok && offs[1][ti][pi] >= 0 ? xfmt("%lld", (long long)offs[1][ti][pi]) : NULL;
			table_add(&parts, sp, mp->leader_id >= 0 ? sl : NULL, rep, isr, off, lso, hw);
			table_add(&parts_tsv, names[i], sp, mp->leader_id >= 0 ? sl : NULL, rep, isr,
				  off, lso, hw);
			free(sp), free(sl), free(rep), free(isr), free(off), free(lso), free(hw);
		}
		if (ta->tool.output == OUT_JSON) {
			describe_json(names[i], tp, config_value(res, "cleanup.policy", &a), &cf,
				      &parts, shown);
		} else if (ta->tool.output == OUT_TEXT) {
			section("SUMMARY", first);
			table_print(&sum, OUT_TEXT, ta->tool.no_headers);
			section("CONFIGS", 0);
			table_print(&cf, OUT_TEXT, ta->tool.no_headers);
			section("PARTITIONS", 0);
			table_print(&parts, OUT_TEXT, ta->tool.no_headers);
		}
		first = 0;
		shown++;
		table_release(&sum);
		table_release(&cf);
		table_release(&parts);
	}
	if (ta->tool.output == OUT_JSON)
		printf("]\n");
	else if (ta->tool.output == OUT_TSV)
		table_print(&parts_tsv, OUT_TSV, 1);
	table_release(&parts_tsv);
	arena_release(&a);
	return exit;
}

/* ---- config ---- */

static int config_show(struct topics_args *ta, struct client *c, char **names, int n)
{
	struct arena a;
	struct describe_configs_resp cfg;
	struct table t;
	int rc, exit = EXIT_OK;

	arena_init(&a, 65536);
	rc = describe_configs(c, names, n, &cfg, &a);
	if (rc) {
		arena_release(&a);
		return tool_client_fail(&ta->tool, c, rc);
	}
	table_init(&t, "TOPIC KEY VALUE SOURCE ?SENSITIVE ?READ-ONLY");
	for (int i = 0; i < n; i++) {
		const struct describe_configs_resp_results *res = cfg_result(&cfg, names[i]);
		if (!res || res->error_code) {
			int code = res ? res->error_code : KERR_UNKNOWN_TOPIC_OR_PARTITION;
			int e = report_missing(ta, names[i], code);
			exit = exit == EXIT_FAILED ? exit : e;
			continue;
		}
		config_rows(&t, res, names[i], client_version(&c->boot, API_DESCRIBE_CONFIGS), &a);
	}
	if (ta->tool.output == OUT_JSON) {
		table_json(&t, stdout);
		putchar('\n');
	} else {
		table_print(&t, ta->tool.output, ta->tool.no_headers);
	}
	table_release(&t);
	arena_release(&a);
	return exit;
}

int topics_config(struct topics_args *ta, struct client *c, char **names, int n)
{
	struct arena a;
	struct incremental_alter_configs_req req;
	struct incremental_alter_configs_resp resp;
	struct table t;
	int rc, exit = EXIT_OK, nc = ta->nkv + ta->ndel;

	if (nc == 0)
		return config_show(ta, c, names, n);
	arena_init(&a, 16384);
	memset(&req, 0, sizeof(req));
	req.validate_only = (uint8_t)ta->dry_run;
	req.resources.n = n;
	req.resources.v = arena_zalloc(&a, sizeof(*req.resources.v) * (size_t)n);
	for (int i = 0; i < n; i++) {
		struct incremental_alter_configs_req_resources *r = &req.resources.v[i];
		r->resource_type = RESOURCE_TOPIC;
		r->resource_name = kstr_c(names[i]);
		r->configs.n = nc;
		r->configs.v = arena_zalloc(&a, sizeof(*r->configs.v) * (size_t)nc);
		for (int k = 0; k < ta->nkv; k++) {
			const char *eq = strchr(ta->kv[k], '=');
			r->configs.v[k].name.p = ta->kv[k];
			r->configs.v[k].name.len = (int32_t)(eq - ta->kv[k]);
			r->configs.v[k].config_operation = 0;
			r->configs.v[k].value = kstr_c(eq + 1);
		}
		for (int k = 0; k < ta->ndel; k++) {
			r->configs.v[ta->nkv + k].name = kstr_c(ta->del[k]);
			r->configs.v[ta->nkv + k].config_operation = 1;
			r->configs.v[ta->nkv + k].value.len = -1;
		}
	}
	rc = client_call(c, &c->boot, API_INCREMENTAL_ALTER_CONFIGS, &req, &resp, &a);
	if (rc) {
		arena_release(&a);
		return tool_client_fail(&ta->tool, c, rc);
	}
	table_init(&t, "TOPIC KEY ACTION STATUS MESSAGE");
	for (int i = 0; i < resp.responses.n; i++) {
		const struct incremental_alter_configs_resp_responses *r = &resp.responses.v[i];
		char *name = kstr_dup(&a, r->resource_name), *msg = kstr_dup(&a, r->error_message);
		const char *status = r->error_code ? kafka_error_name(r->error_code) : "OK";
		if (!r->error_code && ta->dry_run)
			msg = "dry run: nothing changed";
		for (int k = 0; k < nc; k++) {
			char *key = k < ta->nkv ? xfmt("%.*s", (int)strcspn(ta->kv[k], "="), ta->kv[k]) :
						  xfmt("%s", ta->del[k - ta->nkv]);
			table_add(&t, name, key, k < ta->nkv ? "SET" : "DELETE", status,
				  *msg ? msg : NULL);
			free(key);
		}
		if (r->error_code) {
			cmd_error(ta->tool.cmd, "%s: %s%s%s", name, status, *msg ? ": " : "", msg);
			int e = r->error_code == KERR_UNKNOWN_TOPIC_OR_PARTITION ? EXIT_NOTFOUND :
										   EXIT_FAILED;
			exit = exit == EXIT_FAILED ? exit : e;
		}
	}
	if (ta->tool.output == OUT_JSON) {
		table_json(&t, stdout);
		putchar('\n');
	} else {
		table_print(&t, ta->tool.output, ta->tool.no_headers);
	}
	table_release(&t);
	arena_release(&a);
	return exit;
}

/* ---- offsets ---- */

/* All digits, n of them. */
static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * earliest|beginning|start, latest|end, epoch ms (13 digits) or s (10),
 * YYYY-MM-DD[THH:MM:SS[.sss]][Z] in UTC. Returns 0 or -1.
 */
int topics_parse_at(const char *s, int64_t *ts)
{
	size_t n = strlen(s);
	struct tm tm;
	int ms = 0;

	if (!strcmp(s, "earliest") || !strcmp(s, "beginning") || !strcmp(s, "start"))
		return *ts = TS_EARLIEST, 0;
	if (!strcmp(s, "latest") || !strcmp(s, "end"))
		return *ts = TS_LATEST, 0;
	if (n == 13 && digits(s, n))
		return *ts = strtoll(s, NULL, 10), 0;
	if (n == 10 && digits(s, n))
		return *ts = strtoll(s, NULL, 10) * 1000, 0;
	memset(&tm, 0, sizeof(tm));
	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return -1;
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	const char *p = s + 10;
	if (*p == 'T' || *p == ' ') {
		if (strlen(p) < 9 || !digits(p + 1, 2) || p[3] != ':' || !digits(p + 4, 2) ||
		    p[6] != ':' || !digits(p + 7, 2))
			return -1;
		tm.tm_hour = atoi(p + 1);
		tm.tm_min = atoi(p + 4);
		tm.tm_sec = atoi(p + 7);
		p += 9;
		if (*p == '.') {
			int k = 0;
			for (p++; isdigit((unsigned char)*p); p++, k++)
				if (k < 3)
					ms = ms * 10 + (*p - '0');
			for (; k < 3; k++)
				ms *= 10;
		}
	}
	if (*p == 'Z')
		p++;
	if (*p || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	*ts = (int64_t)timegm(&tm) * 1000 + ms;
	return 0;
}

int topics_offsets(struct topics_args *ta, struct client *c, char **names, int n)
{
	struct arena a;
	struct metadata_resp md;
	struct table t;
	int64_t ts[2] = { TS_EARLIEST, TS_LATEST }, at;
	int64_t **offs[2], **tss[2];
	int rc, exit = EXIT_OK;

	if (ta->at && topics_parse_at(ta->at, &at))
		return cmd_usage_error(ta->tool.spec, "invalid value '%s' for --at (earliest, latest, "
				       "epoch ms, or YYYY-MM-DD[THH:MM:SS[.sss]])", ta->at);
	if (ta->at)
		ts[0] = at;
	arena_init(&a, 65536);
	rc = offsets_settled(c, names, n, &md, ts, ta->at ? 1 : 2, offs, tss, &a);
	if (rc) {
		arena_release(&a);
		return tool_client_fail(&ta->tool, c, rc);
	}
	table_init(&t, ta->at ? "TOPIC #PARTITION #OFFSET #TIMESTAMP" :
				"TOPIC #PARTITION #LOG-START-OFFSET #HIGH-WATERMARK");
	for (int i = 0; i < n; i++) {
		const struct metadata_resp_topics *tp = md_topic(&md, names[i]);
		if (!tp || tp->error_code) {
			int e = report_missing(ta, names[i], tp ? tp->error_code :
								KERR_UNKNOWN_TOPIC_OR_PARTITION);
			exit = exit == EXIT_FAILED ? exit : e;
			continue;
		}
		int ti = (int)(tp - md.topics.v);
		for (int p = 0; p < tp->partitions.n; p++) {
			int64_t o0 = offs[0][ti][p], o1 = ta->at ? tss[0][ti][p] : offs[1][ti][p];
			char *sp = xfmt("%d", p);
			char *s0 = o0 >= 0 ? xfmt("%lld", (long long)o0) : NULL;
			char *s1 = o1 >= 0 ? xfmt("%lld", (long long)o1) : NULL;
			table_add(&t, names[i], sp, s0, s1);
			free(sp), free(s0), free(s1);
		}
	}
	if (ta->tool.output == OUT_JSON) {
		table_json(&t, stdout);
		putchar('\n');
	} else {
		table_print(&t, ta->tool.output, ta->tool.no_headers);
	}
	table_release(&t);
	arena_release(&a);
	return exit;
}
