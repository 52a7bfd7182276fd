/*
 * DescribeConfigs, AlterConfigs and IncrementalAlterConfigs.
 *
 * A topic's configuration is its overrides (kept in the metadata log) over
 * the broker's settings of the synonym keys over the defaults; describing
 * it lists every topic-level key with the value in effect and where it came
 * from. Altering a topic replaces (AlterConfigs) or edits
 * (IncrementalAlterConfigs) its overrides: every new value is checked first,
 * then the metadata change is recorded, then (once it is durable) the
 * partition logs get the new settings. The broker's own configuration can
 * be described but not changed at run time: it comes from the config file
 * and --override only.
 */
#include "net/api/api.h"
#include "net/api/topic_ops.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/config/config.h"
#include "core/log/log.h"
#include "core/meta/meta.h"
#include "net/broker.h"
#include "net/proto/errors.h"
#include "net/proto/msg_admin.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ConfigResource types. */
enum { RES_TOPIC = 2, RES_BROKER = 4, RES_BROKER_LOGGER = 8 };
/* ConfigSource of a described value. */
enum { SRC_TOPIC = 1, SRC_STATIC_BROKER = 4, SRC_DEFAULT = 5 };
/* IncrementalAlterConfigs operations. */
enum { OP_SET = 0, OP_DELETE = 1, OP_APPEND = 2, OP_SUBTRACT = 3 };

/* A key's synonyms: at most the override, then a few broker keys twice. */
#define MAX_SYNONYMS 16
/*
 * Most configs one DescribeConfigs answer lists: a small request naming the
 * broker many times would otherwise ask for gigabytes.
 */
#define MAX_ENTRIES 100000
/* Longest value text shown or built (a list after APPEND); longer values are refused. */
#define VALUE_MAX 4096

/* NUL-terminated copy of s; NULL for a null string or one holding a NUL byte. */
static char *arena_cstr(struct req *r, struct kstr s)
{
	if (s.len < 0)
		return NULL;
	char *p = arena_alloc(&r->arena, (size_t)s.len + 1);
	if (s.len)
		memcpy(p, s.p, (size_t)s.len);
	p[s.len] = '\0';
	return strlen(p) == (size_t)s.len ? p : NULL;
}

static int kstr_cmp(struct kstr a, struct kstr b)
{
	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	return a.len > 0 ? memcmp(a.p, b.p, (size_t)a.len) : 0;
}

static int kstr_qcmp(const void *a, const void *b)
{
	return kstr_cmp(*(const struct kstr *)a, *(const struct kstr *)b);
}

/* Shown in messages: at most 200 bytes of a name from the wire. */
static int shown_len(struct kstr s)
{
	return s.len < 0 ? 0 : s.len > 200 ? 200 : s.len;
}

/* Arguments for "%.*s". */
#define SHOWN(s) shown_len(s), ((s).p ? (s).p : "")

/*
 * Kafka marks values of password-typed keys sensitive and never sends them.
 * kaf has no such keys yet; a key that looks like one is treated so.
 */
static int key_sensitive(const char *name)
{
	return strstr(name, "password") || strstr(name, "secret");
}

/* ---- DescribeConfigs ---- */

struct synonyms {
	struct describe_configs_resp_synonyms v[MAX_SYNONYMS];
	int n;
};

static void syn_add(struct synonyms *s, const char *name, const char *value, int8_t source)
{
	if (s->n >= MAX_SYNONYMS)
		return;
	s->v[s->n++] = (struct describe_configs_resp_synonyms){
		.name = kstr_c(name), .value = kstr_c(value), .source = source,
	};
}

/*
 * The broker keys behind root (root, then the keys that feed it, as
 * log.retention.ms, .minutes, .hours) in Kafka's order: every one set in
 * the file or by --override, then every one with a default.
 */
static void broker_synonyms(const struct config *cfg, enum config_key root, struct synonyms *s)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = -1; i < CFG__COUNT; i++) {
			enum config_key k = i < 0 ? root : (enum config_key)i;
			const struct config_key_info *info = config_key_info(k);
			if (i >= 0 && info->synonym != root)
				continue;
			if (pass == 0 && config_is_set(cfg, k))
				syn_add(s, info->name, config_value_text(cfg, k), SRC_STATIC_BROKER);
			else if (pass == 1 && info->def)
				syn_add(s, info->name, info->def, SRC_DEFAULT);
		}
	}
}

/* The keys a resource asks for, sorted; n <= 0 = every key. */
struct keyset {
	struct kstr *v;
	int32_t n;
};

static struct keyset keyset_of(struct req *r, const struct describe_configs_req_resources *res)
{
	/* Null or empty = every key (Kafka treats both the same). */
	struct keyset ks = { NULL, res->configuration_keys.n };
	if (ks.n <= 0)
		return ks;
	ks.v = arena_alloc(&r->arena, (size_t)ks.n * sizeof(*ks.v));
	memcpy(ks.v, res->configuration_keys.v, (size_t)ks.n * sizeof(*ks.v));
	qsort(ks.v, (size_t)ks.n, sizeof(*ks.v), kstr_qcmp);
	return ks;
}

static int key_wanted(const struct keyset *ks, const char *name)
{
	struct kstr k = kstr_c(name);
	return ks->n <= 0 || bsearch(&k, ks->v, (size_t)ks->n, sizeof(*ks->v), kstr_qcmp);
}

/* Copy the synonyms into the request's arena (values may belong to the image). */
static void entry_finish(struct req *r, struct describe_configs_resp_configs *e, const char *name,
			 const char *value, const struct synonyms *s, int with_synonyms)
{
	int sensitive = key_sensitive(name);
	e->name = kstr_c(name);
	e->value = sensitive ? (struct kstr){ NULL, -1 } : req_kstr(r, value);
	e->config_source = (int8_t)(s->n ? s->v[0].source : SRC_DEFAULT);
	e->is_sensitive = (int8_t)sensitive;
	if (!with_synonyms || !s->n)
		return;
	e->synonyms.n = s->n;
	e->synonyms.v = arena_zalloc(&r->arena, (size_t)s->n * sizeof(*e->synonyms.v));
	for (int i = 0; i < s->n; i++) {
		e->synonyms.v[i] = s->v[i];
		e->synonyms.v[i].value = sensitive ? (struct kstr){ NULL, -1 }
						   : req_kstr(r, s->v[i].value.p);
	}
}

/*
 * Every topic-level key: the override (TOPIC_CONFIG), else the broker's
 * value of the synonym. Unlike Kafka, whose list starts at the synonym's
 * own entry and so drops log.retention.hours when log.retention.ms is
 * unset, every broker key feeding the value is listed: the source then
 * names the key that really gave it.
 */
static int16_t describe_topic(struct req *r, const struct describe_configs_req_resources *res,
			      const struct keyset *ks, struct describe_configs_resp_results *out,
			      int with_synonyms, char *msg, size_t msglen)
{
	const struct config *cfg = r->b->cfg;
	struct kstr name = res->resource_name;
	char *cname = arena_cstr(r, name);
	const struct meta_topic *t = cname ? meta_topic_find(r->b->meta, cname, strlen(cname)) : NULL;
	if (!t) {
		snprintf(msg, msglen, "topic '%.*s' does not exist", SHOWN(name));
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	}
	int nkeys = config_topic_key_count();
	out->configs.v = arena_zalloc(&r->arena, (size_t)nkeys * sizeof(*out->configs.v));
	for (int i = 0; i < nkeys; i++) {
		const struct config_topic_key *k = config_topic_key_at(i);
		if (!key_wanted(ks, k->name))
			continue;
		const char *ov = meta_topic_config(t, k->name);
		char value[VALUE_MAX];
		int rc = config_topic_value_text(cfg, k->name, ov, value, sizeof(value));
		struct synonyms s = { .n = 0 };
		if (ov)
			/* An override that no longer parses is shown as stored. */
			syn_add(&s, k->name, rc == KAF_ECONFIG ? ov : value, SRC_TOPIC);
		if (k->synonym != CFG_NONE)
			broker_synonyms(cfg, k->synonym, &s);
		struct describe_configs_resp_configs *e = &out->configs.v[out->configs.n++];
		entry_finish(r, e, k->name, rc == 1 ? NULL : ov && rc ? ov : value, &s, with_synonyms);
		e->read_only = 0;
		/* v0 clients read "not default" as a topic override. */
		e->is_default = (int8_t)(e->config_source != SRC_TOPIC);
	}
	return KERR_NONE;
}

/* A broker resource name: this node's id as text, or "" for the cluster-wide defaults. */
static int16_t broker_name_check(struct req *r, struct kstr name, int *cluster_default, char *msg,
				 size_t msglen)
{
	char *s = arena_cstr(r, name);
	*cluster_default = s && !*s;
	if (*cluster_default)
		return KERR_NONE;
	char *end = NULL;
	errno = 0;
	long id = s && *s != ' ' && *s != '\t' ? strtol(s, &end, 10) : 0;
	if (!end || *end || errno || end == s) {
		snprintf(msg, msglen, "broker id must be an integer, not '%.*s'", SHOWN(name));
		return KERR_INVALID_REQUEST;
	}
	if (id != r->b->opts.node_id) {
		snprintf(msg, msglen, "unexpected broker id %ld: this is node %d (or use \"\" for the "
			 "cluster-wide defaults)", id, r->b->opts.node_id);
		return KERR_INVALID_REQUEST;
	}
	return KERR_NONE;
}

/*
 * Every broker key with its own text (NULL when unset), read-only: nothing
 * changes at run time. The cluster-wide defaults are the dynamic ones,
 * which kaf does not have, so that list is empty (as on a Kafka cluster
 * that never had one set).
 */
static int16_t describe_broker(struct req *r, const struct describe_configs_req_resources *res,
			       const struct keyset *ks, struct describe_configs_resp_results *out,
			       int with_synonyms, char *msg, size_t msglen)
{
	const struct config *cfg = r->b->cfg;
	int cluster_default;
	int16_t err = broker_name_check(r, res->resource_name, &cluster_default, msg, msglen);
	if (err != KERR_NONE || cluster_default)
		return err;
	out->configs.v = arena_zalloc(&r->arena, (size_t)CFG__COUNT * sizeof(*out->configs.v));
	for (int i = 0; i < CFG__COUNT; i++) {
		enum config_key id = (enum config_key)i;
		const struct config_key_info *k = config_key_info(id);
		if (!key_wanted(ks, k->name))
			continue;
		/* Kafka's list for a key of a group (log.retention.hours) is the group's, from the key on. */
		enum config_key root = k->synonym != CFG_NONE ? k->synonym : id;
		struct synonyms all = { .n = 0 }, s = { .n = 0 };
		broker_synonyms(cfg, root, &all);
		int from = 0;
		while (from < all.n && !kstr_eq(all.v[from].name, k->name))
			from++;
		for (int j = from; j < all.n; j++)
			s.v[s.n++] = all.v[j];
		struct describe_configs_resp_configs *e = &out->configs.v[out->configs.n++];
		entry_finish(r, e, k->name, config_value_text(cfg, id), &s, with_synonyms);
		e->read_only = 1;
		e->is_default = (int8_t)(e->config_source == SRC_DEFAULT);
	}
	return KERR_NONE;
}

enum req_status api_describe_configs(struct req *r)
{
	const struct describe_configs_req *req = r->body;
	struct describe_configs_resp *resp = r->resp;
	int32_t n = req->resources.n > 0 ? req->resources.n : 0;
	int with_synonyms = r->version >= 1 && req->include_synonyms;
	int entries = 0;
	resp->results.n = n;
	resp->results.v = arena_zalloc(&r->arena, (size_t)(n ? n : 1) * sizeof(*resp->results.v));
	for (int32_t i = 0; i < n; i++) {
		const struct describe_configs_req_resources *res = &req->resources.v[i];
		struct describe_configs_resp_results *out = &resp->results.v[i];
		char msg[512] = "";
		int16_t err;
		out->resource_type = res->resource_type;
		out->resource_name = res->resource_name;
		struct keyset ks = keyset_of(r, res);
		int most = res->resource_type == RES_TOPIC ? config_topic_key_count() : CFG__COUNT;
		if (ks.n > 0 && ks.n < most)
			most = ks.n;
		if ((res->resource_type == RES_TOPIC || res->resource_type == RES_BROKER) &&
		    entries + most > MAX_ENTRIES) {
			snprintf(msg, sizeof(msg), "the answer would pass %d configs: ask for fewer "
				 "resources at a time", MAX_ENTRIES);
			err = KERR_INVALID_REQUEST;
		} else if (res->resource_type == RES_TOPIC) {
			err = describe_topic(r, res, &ks, out, with_synonyms, msg, sizeof(msg));
		} else if (res->resource_type == RES_BROKER) {
			err = describe_broker(r, res, &ks, out, with_synonyms, msg, sizeof(msg));
		} else {
			snprintf(msg, sizeof(msg), "resource type %d is not supported: describe a topic (2) "
				 "or a broker (4)", res->resource_type);
			err = KERR_INVALID_REQUEST;
		}
		if (err != KERR_NONE)
			out->configs.n = 0;
		entries += out->configs.n;
		out->error_code = err;
		out->error_message = req_error_message(r, err, msg);
	}
	return REQ_DONE;
}

/* ---- AlterConfigs and IncrementalAlterConfigs ---- */

/* A topic's overrides as they are to become: key and value, both NUL-terminated. */
struct overrides {
	struct meta_config *v;
	int n;
};

static int ov_find(const struct overrides *o, const char *key)
{
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].key, key))
			return i;
	return -1;
}

static void ov_remove(struct overrides *o, int i)
{
	o->v[i] = o->v[--o->n];
}

/* The topic a resource names, with its name as a C string, or an error. */
static const struct meta_topic *alter_target(struct req *r, int8_t type, struct kstr name,
					     char **cname, int16_t *err, char *msg, size_t msglen)
{
	*err = KERR_INVALID_REQUEST;
	if (type == RES_BROKER || type == RES_BROKER_LOGGER) {
		snprintf(msg, msglen, "dynamic broker configuration is not supported; set it in the "
			 "config file and restart");
		return NULL;
	}
	if (type != RES_TOPIC) {
		snprintf(msg, msglen, "resource type %d is not supported: only topics (2) can be "
			 "altered", type);
		return NULL;
	}
	*cname = arena_cstr(r, name);
	const struct meta_topic *t = *cname ? meta_topic_find(r->b->meta, *cname, strlen(*cname)) : NULL;
	if (!t) {
		snprintf(msg, msglen, "topic '%.*s' does not exist", SHOWN(name));
		*err = KERR_UNKNOWN_TOPIC_OR_PARTITION;
		return NULL;
	}
	*err = KERR_NONE;
	return t;
}

/*
 * Check one topic key's new value against its type and range. The value
 * stored is its canonical text (when canon is given): "64KiB" becomes
 * "65536", as Kafka, which may read the metadata log, writes numbers.
 */
static int16_t value_check(struct req *r, const char *key, const char *value, char **canon,
			   char *msg, size_t msglen)
{
	struct log_config scratch;
	char err[256], text[VALUE_MAX];
	config_log_defaults(r->b->cfg, &scratch);
	if (!value) {
		snprintf(msg, msglen, "the value of '%s' contains a NUL byte", key);
		return KERR_INVALID_CONFIG;
	}
	int rc = config_topic_set(&scratch, key, value, err, sizeof(err));
	if (rc == KAF_ENOTFOUND) {
		snprintf(msg, msglen, "%s", err);
		return KERR_INVALID_CONFIG;
	}
	if (rc) {
		snprintf(msg, msglen, "invalid value for %s: %s", key, err);
		return KERR_INVALID_CONFIG;
	}
	if (!canon)
		return KERR_NONE;
	if (strlen(value) >= VALUE_MAX ||
	    config_topic_value_text(r->b->cfg, key, value, text, sizeof(text))) {
		snprintf(msg, msglen, "the value of %s is too long", key);
		return KERR_INVALID_CONFIG;
	}
	*canon = arena_memdup(&r->arena, text, strlen(text) + 1);
	return KERR_NONE;
}

/*
 * Whether a name comes twice among n elements of stride bytes with a kstr at
 * name_off. Sorted, not pairwise: a request may hold many.
 */
static int names_repeat(struct req *r, const void *elems, size_t stride, size_t name_off, int32_t n)
{
	if (n < 2)
		return 0;
	struct kstr *names = arena_alloc(&r->arena, (size_t)n * sizeof(*names));
	for (int32_t i = 0; i < n; i++)
		memcpy(&names[i], (const char *)elems + (size_t)i * stride + name_off, sizeof(*names));
	qsort(names, (size_t)n, sizeof(*names), kstr_qcmp);
	for (int32_t i = 1; i < n; i++)
		if (!kstr_cmp(names[i - 1], names[i]))
			return 1;
	return 0;
}

#define KEYS_REPEAT(r, arr, T) \
	names_repeat((r), (arr).v, sizeof(T), offsetof(T, name), (arr).n > 0 ? (arr).n : 0)

/*
 * Make the topic's overrides equal want: record the keys that change or go
 * (one metadata batch); every partition log takes its new settings once
 * that is durable (after).
 */
static int16_t overrides_commit(struct req *r, const char *name, const struct meta_topic *t,
				const struct overrides *want, struct topic_after *after, char *msg,
				size_t msglen)
{
	int max = want->n + t->nconfigs;
	struct meta_config *diff = arena_zalloc(&r->arena, (size_t)(max ? max : 1) * sizeof(*diff));
	int n = 0;
	for (int i = 0; i < want->n; i++) {
		const char *cur = meta_topic_config(t, want->v[i].key);
		if (!cur || strcmp(cur, want->v[i].value))
			diff[n++] = want->v[i];
	}
	for (int i = 0; i < t->nconfigs; i++)
		if (ov_find(want, t->configs[i].key) < 0)
			diff[n++] = (struct meta_config){
				.key = arena_memdup(&r->arena, t->configs[i].key, strlen(t->configs[i].key) + 1),
			};
	if (!n)
		return KERR_NONE;
	return topic_alter_configs(r->b, name, diff, n, clock_wall_ms(), after, msg, msglen);
}

/* AlterConfigs: the request's set becomes the topic's whole set of overrides. */
static int16_t alter_topic(struct req *r, const struct alter_configs_req_resources *res,
			   int validate_only, struct topic_after *after, char *msg, size_t msglen)
{
	char *name = NULL;
	int16_t err;
	const struct meta_topic *t = alter_target(r, res->resource_type, res->resource_name, &name, &err,
						  msg, msglen);
	if (!t)
		return err;
	int32_t n = res->configs.n > 0 ? res->configs.n : 0;
	if (KEYS_REPEAT(r, res->configs, struct alter_configs_req_configs)) {
		snprintf(msg, msglen, "a config key appears more than once");
		return KERR_INVALID_REQUEST;
	}
	struct overrides want = { arena_zalloc(&r->arena, (size_t)(n ? n : 1) * sizeof(*want.v)), 0 };
	for (int32_t i = 0; i < n; i++) {
		const struct alter_configs_req_configs *c = &res->configs.v[i];
		char *key = arena_cstr(r, c->name);
		if (!key) {
			snprintf(msg, msglen, "unknown topic config '%.*s'", SHOWN(c->name));
			return KERR_INVALID_CONFIG;
		}
		if (c->value.len < 0) {
			/* Null: no override, which is what leaving the key out means here. */
			if (!config_topic_key_find(key) && !meta_topic_config(t, key))
				return value_check(r, key, "", NULL, msg, msglen);
			continue;
		}
		char *value;
		err = value_check(r, key, arena_cstr(r, c->value), &value, msg, msglen);
		if (err != KERR_NONE)
			return err;
		want.v[want.n++] = (struct meta_config){ key, value };
	}
	return validate_only ? KERR_NONE : overrides_commit(r, name, t, &want, after, msg, msglen);
}

/* cur with the items of arg appended (those not in it yet) or removed: "a,b" lists. */
static int list_edit(const char *cur, const char *arg, int append, char *out, size_t n)
{
	char item[256], have[256];
	size_t len = 0;
	out[0] = '\0';
	for (const char *p = cur; (p = config_list_next(p, item, sizeof(item)));) {
		int drop = 0;
		for (const char *q = arg; !append && (q = config_list_next(q, have, sizeof(have)));)
			drop |= !strcmp(item, have);
		if (drop || !item[0])
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? "," : "", item);
		if (w < 0 || (size_t)w >= n - len)
			return -1;
		len += (size_t)w;
	}
	for (const char *q = arg; append && (q = config_list_next(q, item, sizeof(item)));) {
		int dup = !item[0];
		for (const char *p = out; !dup && *p && (p = config_list_next(p, have, sizeof(have)));)
			dup |= !strcmp(item, have);
		if (dup)
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? "," : "", item);
		if (w < 0 || (size_t)w >= n - len)
			return -1;
		len += (size_t)w;
	}
	return 0;
}

static int key_is_list(const struct config_topic_key *k)
{
	enum config_type type = k->synonym != CFG_NONE ? config_key_info(k->synonym)->type : k->type;
	return type == T_LIST || type == T_ENUMLIST;
}

/* Apply one operation to want; a DELETE of an override not in the key table still removes it. */
static int16_t apply_op(struct req *r, struct overrides *want, const char *key, int8_t op,
			struct kstr value_in, char *msg, size_t msglen)
{
	const struct config_topic_key *k = config_topic_key_find(key);
	int at = ov_find(want, key);
	if (op == OP_DELETE) {
		if (at >= 0)
			ov_remove(want, at);
		else if (!k)
			return value_check(r, key, "", NULL, msg, msglen);
		return KERR_NONE;
	}
	if (value_in.len < 0) {
		snprintf(msg, msglen, "a null value is not allowed for '%s' (only DELETE takes none)", key);
		return KERR_INVALID_REQUEST;
	}
	char *value = arena_cstr(r, value_in);
	if (!k || !value)
		return value_check(r, key, value, NULL, msg, msglen);
	if (op != OP_SET) {
		if (!key_is_list(k)) {
			snprintf(msg, msglen, "cannot %s '%s': it is not a list", op == OP_APPEND ?
				 "APPEND to" : "SUBTRACT from", key);
			return KERR_INVALID_CONFIG;
		}
		char cur[VALUE_MAX], *edited = arena_alloc(&r->arena, VALUE_MAX);
		if (at < 0 && config_topic_value_text(r->b->cfg, key, NULL, cur, sizeof(cur)) < 0)
			cur[0] = '\0';
		if (list_edit(at >= 0 ? want->v[at].value : cur, value, op == OP_APPEND, edited,
			      VALUE_MAX)) {
			snprintf(msg, msglen, "the value of '%s' would be too long", key);
			return KERR_INVALID_CONFIG;
		}
		value = edited;
	}
	int16_t err = value_check(r, key, value, &value, msg, msglen);
	if (err != KERR_NONE)
		return err;
	if (at >= 0)
		want->v[at].value = value;
	else
		want->v[want->n++] = (struct meta_config){ arena_memdup(&r->arena, key, strlen(key) + 1), value };
	return KERR_NONE;
}

static int16_t incremental_alter_topic(struct req *r,
				       const struct incremental_alter_configs_req_resources *res,
				       int validate_only, struct topic_after *after, char *msg,
				       size_t msglen)
{
	char *name = NULL;
	int16_t err;
	int32_t n = res->configs.n > 0 ? res->configs.n : 0;
	for (int32_t i = 0; i < n; i++) {
		int8_t op = res->configs.v[i].config_operation;
		if (op < OP_SET || op > OP_SUBTRACT) {
			snprintf(msg, msglen, "unknown config operation %d (SET 0, DELETE 1, APPEND 2, "
				 "SUBTRACT 3)", op);
			return KERR_INVALID_REQUEST;
		}
	}
	const struct meta_topic *t = alter_target(r, res->resource_type, res->resource_name, &name, &err,
						  msg, msglen);
	if (!t)
		return err;
	if (KEYS_REPEAT(r, res->configs, struct incremental_alter_configs_req_configs)) {
		snprintf(msg, msglen, "a config key appears more than once");
		return KERR_INVALID_REQUEST;
	}
	/* Start from the current overrides; each SET or APPEND may add one. */
	size_t cap = (size_t)t->nconfigs + (size_t)n + 1;
	struct overrides want = { arena_zalloc(&r->arena, cap * sizeof(*want.v)), 0 };
	for (int i = 0; i < t->nconfigs; i++)
		want.v[want.n++] = t->configs[i];
	for (int32_t i = 0; i < n; i++) {
		const struct incremental_alter_configs_req_configs *c = &res->configs.v[i];
		char *key = arena_cstr(r, c->name);
		if (!key) {
			snprintf(msg, msglen, "unknown topic config '%.*s'", SHOWN(c->name));
			return KERR_INVALID_CONFIG;
		}
		err = apply_op(r, &want, key, c->config_operation, c->value, msg, msglen);
		if (err != KERR_NONE)
			return err;
	}
	return validate_only ? KERR_NONE : overrides_commit(r, name, t, &want, after, msg, msglen);
}

/*
 * Resources named twice in one request are all refused, as Kafka does:
 * which of two changes to apply would be a guess. mark[i] is set for those.
 */
struct res_ref {
	int8_t type;
	struct kstr name;
	int32_t index;
};

static int res_cmp(const void *pa, const void *pb)
{
	const struct res_ref *a = pa, *b = pb;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return kstr_cmp(a->name, b->name);
}

static uint8_t *repeated_resources(struct req *r, const void *resources, size_t stride, int32_t n,
				   size_t type_off, size_t name_off)
{
	uint8_t *mark = arena_zalloc(&r->arena, (size_t)(n ? n : 1));
	struct res_ref *refs = arena_zalloc(&r->arena, (size_t)(n ? n : 1) * sizeof(*refs));
	for (int32_t i = 0; i < n; i++) {
		const char *p = (const char *)resources + (size_t)i * stride;
		memcpy(&refs[i].type, p + type_off, sizeof(refs[i].type));
		memcpy(&refs[i].name, p + name_off, sizeof(refs[i].name));
		refs[i].index = i;
	}
	qsort(refs, (size_t)n, sizeof(*refs), res_cmp);
	for (int32_t i = 1; i < n; i++)
		if (!res_cmp(&refs[i - 1], &refs[i]))
			mark[refs[i - 1].index] = mark[refs[i].index] = 1;
	return mark;
}

#define REPEATED(r, arr, T) \
	repeated_resources((r), (arr).v, sizeof(T), (arr).n > 0 ? (arr).n : 0, \
			   offsetof(T, resource_type), offsetof(T, resource_name))

/*
 * AlterConfigs and IncrementalAlterConfigs differ only in their types and
 * in how one resource is changed: one loop, spelled for each by the macro.
 */
#define ALTER_ALL(r, REQ, RESP, alter_one) \
	do { \
		const struct REQ##_req *req_ = (r)->body; \
		struct REQ##_resp *resp_ = (r)->resp; \
		int32_t n_ = req_->resources.n > 0 ? req_->resources.n : 0; \
		uint8_t *repeated_ = REPEATED(r, req_->resources, struct REQ##_req_resources); \
		resp_->responses.n = n_; \
		resp_->responses.v = arena_zalloc(&(r)->arena, \
						  (size_t)(n_ ? n_ : 1) * sizeof(*resp_->responses.v)); \
		struct topic_changes *changes_ = topic_changes_new(r, n_); \
		for (int32_t i_ = 0; i_ < n_; i_++) { \
			const struct REQ##_req_resources *res_ = &req_->resources.v[i_]; \
			struct REQ##_resp_responses *out_ = &resp_->responses.v[i_]; \
			struct topic_after *after_ = \
				topic_changes_add(changes_, &out_->error_code, &out_->error_message); \
			char msg_[512] = ""; \
			int16_t err_ = KERR_INVALID_REQUEST; \
			if (repeated_[i_]) \
				snprintf(msg_, sizeof(msg_), \
					 "each resource may appear only once in a request"); \
			else \
				err_ = alter_one(r, res_, req_->validate_only, after_, msg_, sizeof(msg_)); \
			out_->resource_type = res_->resource_type; \
			out_->resource_name = res_->resource_name; \
			out_->error_code = err_; \
			out_->error_message = req_error_message(r, err_, msg_); \
		} \
		RESP = topic_changes_commit(changes_); \
	} while (0)

enum req_status api_alter_configs(struct req *r)
{
	enum req_status st;
	ALTER_ALL(r, alter_configs, st, alter_topic);
	return st;
}

enum req_status api_incremental_alter_configs(struct req *r)
{
	enum req_status st;
	ALTER_ALL(r, incremental_alter_configs, st, incremental_alter_topic);
	return st;
}
