/*
 * DescribeConfigs, AlterConfigs, IncrementalAlterConfigs and
 * DescribeCluster against a broker with metadata and a configuration
 * (log.retention.ms from --override, log.cleaner.delete.retention.ms from a
 * file): values, sources and synonyms of topic and broker keys in every
 * version, each error path, and that an alter reaches the partition logs.
 */
#include "tests/unit/net/brokertest.h"
#include "core/config/config.h"
#include "core/meta/meta.h"
#include "net/proto/errors.h"
#include "net/proto/msg_admin.h"
#include "net/proto/msg_cluster.h"

#include <string.h>

static struct tb t;
static struct arena a;
static int32_t corr = 1;
static int fd;

/* Send one request and read its response; 0 when the correlation id matches. */
static int call(int key, int version, const void *req, void *resp)
{
	int32_t c = corr++;
	if (tb_send(fd, key, version, c, req))
		return -1;
	return tb_recv(fd, key, version, resp, &a, 5000) == c ? 0 : -1;
}

/* A kstr as a C string for is_str; NULL for null. */
static const char *cs(struct kstr k)
{
	if (k.len < 0)
		return NULL;
	char *p = arena_alloc(&a, (size_t)k.len + 1);
	memcpy(p, k.p, (size_t)k.len);
	p[k.len] = '\0';
	return p;
}

static int16_t create_topic(const char *name, int32_t partitions,
			    const struct create_topics_req_configs *c, int nc)
{
	struct create_topics_req_topics tp = {
		.name = kstr_c(name), .num_partitions = partitions, .replication_factor = 1,
		.configs = { nc, (struct create_topics_req_configs *)c },
	};
	struct create_topics_req q = { .topics = { 1, &tp }, .timeout_ms = 1000 };
	struct create_topics_resp resp;
	if (call(API_CREATE_TOPICS, 4, &q, &resp) || resp.topics.n != 1)
		return -1;
	return resp.topics.v[0].error_code;
}

/* DescribeConfigs of one resource: keys NULL = a null key list. */
static int describe(int version, int8_t type, const char *name, const char *const *keys, int nkeys,
		    int synonyms, struct describe_configs_resp_results *out)
{
	struct kstr ks[8];
	for (int i = 0; i < nkeys; i++)
		ks[i] = kstr_c(keys[i]);
	struct describe_configs_req_resources res = {
		.resource_type = type, .resource_name = kstr_c(name),
		.configuration_keys = { keys ? nkeys : -1, keys ? ks : NULL },
	};
	struct describe_configs_req q = { .resources = { 1, &res }, .include_synonyms = (int8_t)synonyms };
	struct describe_configs_resp resp;
	if (call(API_DESCRIBE_CONFIGS, version, &q, &resp) || resp.results.n != 1)
		return -1;
	*out = resp.results.v[0];
	return 0;
}

static const struct describe_configs_resp_configs *
entry(const struct describe_configs_resp_results *r, const char *name)
{
	for (int32_t i = 0; i < r->configs.n; i++)
		if (kstr_eq(r->configs.v[i].name, name))
			return &r->configs.v[i];
	return NULL;
}

/* The value and source of one topic key, described with v2 and synonyms. */
static const struct describe_configs_resp_configs *topic_key(const char *topic, const char *key)
{
	struct describe_configs_resp_results r;
	const char *keys[] = { key };
	if (describe(2, 2, topic, keys, 1, 1, &r) || r.error_code || r.configs.n != 1)
		return NULL;
	return &r.configs.v[0];
}

static const char *value_of(const char *topic, const char *key)
{
	const struct describe_configs_resp_configs *e = topic_key(topic, key);
	return e ? cs(e->value) : "(describe failed)";
}

static int source_of(const char *topic, const char *key)
{
	const struct describe_configs_resp_configs *e = topic_key(topic, key);
	return e ? e->config_source : -100;
}

/* "name=value/source,..." of an entry's synonyms. */
static const char *synonyms_text(const struct describe_configs_resp_configs *e)
{
	char *out = arena_zalloc(&a, 1024);
	size_t len = 0;
	for (int32_t i = 0; e && i < e->synonyms.n; i++) {
		const struct describe_configs_resp_synonyms *s = &e->synonyms.v[i];
		const char *v = cs(s->value);
		len += (size_t)snprintf(out + len, 1024 - len, "%s%s=%s/%d", i ? "," : "", cs(s->name),
					v ? v : "null", s->source);
	}
	return out;
}

/* The settings of a partition log, read on the loop thread. */
struct log_probe {
	const char *topic;
	int32_t partition;
	struct log_config cfg;
	int found;
};

static void probe_fn(struct tb *tt, void *arg)
{
	struct log_probe *p = arg;
	struct log *l = log_dir_find(tt->logs, p->topic, p->partition);
	p->found = l != NULL;
	if (l)
		p->cfg = *log_get_config(l);
}

static struct log_config log_cfg(const char *topic, int32_t partition)
{
	struct log_probe p = { .topic = topic, .partition = partition };
	tb_call(&t, probe_fn, &p);
	if (!p.found)
		memset(&p.cfg, 0xff, sizeof(p.cfg));
	return p.cfg;
}

/* A topic's stored override of a key, read on the loop thread. */
struct override_probe {
	const char *topic, *key;
	char value[64];
};

static void override_fn(struct tb *tt, void *arg)
{
	struct override_probe *p = arg;
	const struct meta_topic *mt = meta_topic_find(tt->b.meta, p->topic, strlen(p->topic));
	const char *v = mt ? meta_topic_config(mt, p->key) : NULL;
	snprintf(p->value, sizeof(p->value), "%s", v ? v : "(none)");
}

static const char *stored(const char *topic, const char *key)
{
	struct override_probe p = { .topic = topic, .key = key };
	tb_call(&t, override_fn, &p);
	return cs(kstr_c(p.value));
}

/* ---- DescribeConfigs ---- */

static void test_describe_topic(void)
{
	struct describe_configs_resp_results r;
	is_int(describe(2, 2, "tuned", NULL, 0, 1, &r), 0, "v2 describe of a topic answers");
	is_int(r.error_code, KERR_NONE, "no error");
	is_str(cs(r.error_message), NULL, "no error message");
	is_int(r.resource_type, 2, "resource type echoed");
	is_str(cs(r.resource_name), "tuned", "resource name echoed");
	is_int(r.configs.n, config_topic_key_count(), "every topic-level key is listed");
	int flags = 0;
	for (int32_t i = 0; i < r.configs.n; i++)
		flags |= r.configs.v[i].read_only | r.configs.v[i].is_sensitive;
	is_int(flags, 0, "topic keys are neither read-only nor sensitive");

	const struct describe_configs_resp_configs *e = entry(&r, "segment.bytes");
	ok(e != NULL, "segment.bytes listed");
	is_str(cs(e->value), "1048576", "override value");
	is_int(e->config_source, 1, "override: TOPIC_CONFIG");
	is_str(synonyms_text(e), "segment.bytes=1048576/1,log.segment.bytes=1073741824/5",
	       "synonyms: the override, then the broker default");

	e = entry(&r, "retention.ms");
	is_str(cs(e->value), "1234", "retention.ms from the broker's --override");
	is_int(e->config_source, 4, "STATIC_BROKER_CONFIG");
	is_str(synonyms_text(e), "log.retention.ms=1234/4,log.retention.hours=168/5",
	       "synonyms: the static broker key, then the default of the hours key");

	e = entry(&r, "delete.retention.ms");
	is_str(cs(e->value), "5000", "delete.retention.ms from the config file");
	is_int(e->config_source, 4, "a file value is STATIC_BROKER_CONFIG too");
	is_str(synonyms_text(e), "log.cleaner.delete.retention.ms=5000/4,"
	       "log.cleaner.delete.retention.ms=86400000/5", "static value, then the default");

	e = entry(&r, "segment.ms");
	is_str(cs(e->value), "604800000", "segment.ms: 168 hours in ms");
	is_int(e->config_source, 5, "DEFAULT_CONFIG");
	is_str(synonyms_text(e), "log.roll.hours=168/5", "the hours key gives the default");

	e = entry(&r, "cleanup.policy");
	is_str(cs(e->value), "compact", "cleanup.policy override");
	e = entry(&r, "compression.type");
	is_str(cs(e->value), "producer", "a key stored but not applied to the log shows its default");
	e = entry(&r, "message.timestamp.after.max.ms");
	is_int(e->config_source, 5, "a topic-only key: DEFAULT_CONFIG");
	is_int(e->synonyms.n, 0, "a topic-only key has no broker synonym");
	e = entry(&r, "min.cleanable.dirty.ratio");
	is_str(cs(e->value), "0.5", "a double");
	e = entry(&r, "unclean.leader.election.enable");
	is_str(cs(e->value), "false", "a boolean");

	is_int(describe(1, 2, "tuned", NULL, 0, 0, &r), 0, "v1 without synonyms");
	e = entry(&r, "retention.ms");
	ok(e && e->config_source == 4 && e->synonyms.n == 0, "v1: the source without the synonyms");
	is_int(describe(1, 2, "tuned", NULL, 0, 1, &r), 0, "v1 with synonyms");
	e = entry(&r, "retention.ms");
	is_int(e ? e->synonyms.n : -1, 2, "v1: synonyms when asked");

	is_int(describe(0, 2, "tuned", NULL, 0, 0, &r), 0, "v0 describe");
	is_int(r.configs.n, config_topic_key_count(), "v0: every key");
	e = entry(&r, "segment.bytes");
	is_int(e->is_default, 0, "v0: an override is not default");
	e = entry(&r, "retention.ms");
	is_int(e->is_default, 1, "v0: a broker value is the topic's default");
	e = entry(&r, "segment.ms");
	is_int(e->is_default, 1, "v0: a built-in default is default");

	const char *keys[] = { "retention.ms", "no.such.key", "segment.bytes" };
	is_int(describe(2, 2, "tuned", keys, 3, 0, &r), 0, "describe with a key list");
	is_int(r.configs.n, 2, "only the listed keys; an unknown name is left out");
	ok(entry(&r, "retention.ms") && entry(&r, "segment.bytes"), "both known keys");
	is_int(describe(2, 2, "tuned", keys, 0, 0, &r), 0, "describe with an empty key list");
	is_int(r.configs.n, config_topic_key_count(),
	       "an empty list means every key, as null does");

	is_int(describe(2, 2, "plain", NULL, 0, 0, &r), 0, "a topic without overrides");
	int overrides = 0;
	for (int32_t i = 0; i < r.configs.n; i++)
		overrides += r.configs.v[i].config_source == 1;
	is_int(overrides, 0, "no key has the TOPIC_CONFIG source");
	is_str(cs(entry(&r, "segment.bytes")->value), "1073741824", "segment.bytes: the broker default");

	for (int v = 0; v <= 2; v++) {
		is_int(describe(v, 2, "missing", NULL, 0, 0, &r), 0, "v%d: describe of a missing topic", v);
		is_int(r.error_code, KERR_UNKNOWN_TOPIC_OR_PARTITION, "v%d: UNKNOWN_TOPIC_OR_PARTITION", v);
		ok(r.error_message.len > 0, "v%d: with a message", v);
		is_int(r.configs.n, 0, "v%d: no configs", v);
	}
	is_int(describe(2, 3, "tuned", NULL, 0, 0, &r), 0, "describe of resource type 3");
	is_int(r.error_code, KERR_INVALID_REQUEST, "an unknown resource type: INVALID_REQUEST");
	ok(r.error_message.len > 0, "with a message");
	is_int(describe(2, 8, "1", NULL, 0, 0, &r), 0, "describe of broker loggers");
	is_int(r.error_code, KERR_INVALID_REQUEST, "broker loggers: INVALID_REQUEST");

	/* Several resources: one result each, in order. */
	struct describe_configs_req_resources res[3] = {
		{ .resource_type = 2, .resource_name = kstr_c("plain"), .configuration_keys = { -1, NULL } },
		{ .resource_type = 2, .resource_name = kstr_c("missing"), .configuration_keys = { -1, NULL } },
		{ .resource_type = 4, .resource_name = kstr_c("1"), .configuration_keys = { -1, NULL } },
	};
	struct describe_configs_req q = { .resources = { 3, res } };
	struct describe_configs_resp resp;
	is_int(call(API_DESCRIBE_CONFIGS, 2, &q, &resp), 0, "describe three resources");
	ok(resp.results.n == 3 && kstr_eq(resp.results.v[0].resource_name, "plain") &&
	   resp.results.v[1].error_code == KERR_UNKNOWN_TOPIC_OR_PARTITION &&
	   resp.results.v[2].resource_type == 4 && resp.results.v[2].configs.n > 0,
	   "one result per resource, in the order asked");
}

/* A small request naming the broker over and over must not make a huge answer. */
static void test_describe_limit(void)
{
	enum { N = 1500 };
	struct describe_configs_req_resources *res = calloc(N, sizeof(*res));
	for (int i = 0; i < N; i++)
		res[i] = (struct describe_configs_req_resources){
			.resource_type = 4, .resource_name = kstr_c("1"), .configuration_keys = { -1, NULL },
		};
	struct describe_configs_req q = { .resources = { N, res } };
	struct describe_configs_resp resp;
	is_int(call(API_DESCRIBE_CONFIGS, 2, &q, &resp), 0, "describe the broker %d times", N);
	int answered = 0, refused = 0;
	for (int32_t i = 0; i < resp.results.n; i++) {
		answered += resp.results.v[i].error_code == KERR_NONE;
		refused += resp.results.v[i].error_code == KERR_INVALID_REQUEST &&
			   resp.results.v[i].error_message.len > 0;
	}
	is_int(answered, 100000 / CFG__COUNT, "answered up to 100000 configs");
	is_int(answered + refused, N, "the rest refused with a message");
	struct kstr k1 = kstr_c("node.id");
	for (int i = 0; i < N; i++) {
		res[i].configuration_keys.n = 1;
		res[i].configuration_keys.v = &k1;
	}
	is_int(call(API_DESCRIBE_CONFIGS, 2, &q, &resp), 0, "the same, one key each");
	answered = 0;
	for (int32_t i = 0; i < resp.results.n; i++)
		answered += resp.results.v[i].error_code == KERR_NONE && resp.results.v[i].configs.n == 1;
	is_int(answered, N, "all answered: the limit counts what is listed");
	free(res);
}

static void test_describe_broker(void)
{
	struct describe_configs_resp_results r;
	is_int(describe(2, 4, "1", NULL, 0, 1, &r), 0, "describe broker 1");
	is_int(r.error_code, KERR_NONE, "no error");
	is_int(r.configs.n, CFG__COUNT, "every broker key");
	int writable = 0, sensitive = 0;
	for (int32_t i = 0; i < r.configs.n; i++) {
		writable += !r.configs.v[i].read_only;
		sensitive += r.configs.v[i].is_sensitive;
	}
	is_int(writable, 0, "all read-only: nothing changes at run time");
	is_int(sensitive, 0, "no key is sensitive");

	const struct describe_configs_resp_configs *e = entry(&r, "log.retention.ms");
	is_str(cs(e->value), "1234", "log.retention.ms as overridden");
	is_int(e->config_source, 4, "STATIC_BROKER_CONFIG");
	is_str(synonyms_text(e), "log.retention.ms=1234/4,log.retention.hours=168/5",
	       "the key, then the one it yields to");
	e = entry(&r, "log.retention.hours");
	is_str(cs(e->value), "168", "log.retention.hours default");
	is_int(e->config_source, 5, "DEFAULT_CONFIG");
	is_str(synonyms_text(e), "log.retention.hours=168/5", "its list starts at itself");
	e = entry(&r, "log.retention.minutes");
	is_str(cs(e->value), NULL, "an unset key without a default is null");
	is_int(e->config_source, 5, "DEFAULT_CONFIG");
	is_int(e->synonyms.n, 0, "nothing to list");
	e = entry(&r, "log.cleaner.delete.retention.ms");
	ok(e && e->config_source == 4 && kstr_eq(e->value, "5000"), "a file value: STATIC_BROKER_CONFIG");

	is_int(describe(0, 4, "1", NULL, 0, 0, &r), 0, "v0 describe of the broker");
	e = entry(&r, "log.retention.ms");
	is_int(e->is_default, 0, "v0: a set key is not default");
	e = entry(&r, "log.retention.hours");
	is_int(e->is_default, 1, "v0: a default is default");

	const char *keys[] = { "node.id", "log.dirs-typo" };
	is_int(describe(1, 4, "1", keys, 2, 0, &r), 0, "broker keys by name");
	is_int(r.configs.n, 1, "only the known one");
	is_str(cs(r.configs.v[0].value), "1", "node.id");

	is_int(describe(2, 4, "", NULL, 0, 0, &r), 0, "describe the cluster-wide defaults");
	ok(r.error_code == KERR_NONE && r.configs.n == 0, "none: kaf has no dynamic defaults");
	is_int(describe(2, 4, "2", NULL, 0, 0, &r), 0, "describe another broker");
	is_int(r.error_code, KERR_INVALID_REQUEST, "another broker id: INVALID_REQUEST");
	ok(r.error_message.len > 0, "with a message");
	is_int(describe(2, 4, "one", NULL, 0, 0, &r), 0, "describe a broker by a non-number");
	is_int(r.error_code, KERR_INVALID_REQUEST, "a name that is not an id: INVALID_REQUEST");
}

/* ---- AlterConfigs ---- */

/* AlterConfigs of one topic; values NULL in vals give null values. */
static int16_t alter(int version, int8_t type, const char *name, const char *const *keys,
		     const char *const *vals, int n, int validate_only, const char **msg)
{
	struct alter_configs_req_configs c[8];
	for (int i = 0; i < n; i++)
		c[i] = (struct alter_configs_req_configs){ kstr_c(keys[i]), kstr_c(vals[i]) };
	struct alter_configs_req_resources res = { .resource_type = type, .resource_name = kstr_c(name),
						   .configs = { n, c } };
	struct alter_configs_req q = { .resources = { 1, &res }, .validate_only = (int8_t)validate_only };
	struct alter_configs_resp resp;
	if (call(API_ALTER_CONFIGS, version, &q, &resp) || resp.responses.n != 1)
		return -1;
	if (msg)
		*msg = cs(resp.responses.v[0].error_message);
	if (!kstr_eq(resp.responses.v[0].resource_name, name) || resp.responses.v[0].resource_type != type)
		return -2;
	return resp.responses.v[0].error_code;
}

static void test_alter(void)
{
	const char *msg;
	const char *k1[] = { "retention.ms" }, *v1[] = { "999" };
	is_int(alter(1, 2, "plain", k1, v1, 1, 1, &msg), KERR_NONE, "validate_only alter");
	is_str(value_of("plain", "retention.ms"), "1234", "validate_only changes nothing");
	is_int(alter(0, 2, "plain", k1, v1, 1, 0, &msg), KERR_NONE, "v0 alter retention.ms");
	is_str(msg, NULL, "no message");
	is_str(value_of("plain", "retention.ms"), "999", "described with the new value");
	is_int(source_of("plain", "retention.ms"), 1, "as a topic override");
	is_int(log_cfg("plain", 0).retention_ms, 999, "the partition log has it");

	/* The whole set is replaced: tuned's segment.bytes and cleanup.policy go. */
	is_int(alter(1, 2, "tuned", k1, v1, 1, 0, &msg), KERR_NONE,
	       "v1 alter of a topic with overrides");
	is_int(source_of("tuned", "segment.bytes"), 5, "an override left out is removed");
	is_str(value_of("tuned", "cleanup.policy"), "delete", "cleanup.policy back to the broker's");
	struct log_config lc0 = log_cfg("tuned", 0), lc1 = log_cfg("tuned", 1);
	ok(lc0.segment_bytes == 1073741824 && lc1.segment_bytes == 1073741824,
	   "both partitions: segment.bytes back to the default");
	ok(lc0.retention_ms == 999 && lc1.retention_ms == 999, "both partitions: the new retention.ms");
	ok(lc0.cleanup_policy == LOG_CLEANUP_DELETE, "cleanup policy delete again");

	const char *k2[] = { "segment.bytes", "retention.ms" }, *v2[] = { "16KiB", NULL };
	is_int(alter(1, 2, "tuned", k2, v2, 2, 0, &msg), KERR_NONE, "a null value is no override");
	is_int(source_of("tuned", "retention.ms"), 4, "retention.ms back to the broker's");
	is_int(log_cfg("tuned", 1).segment_bytes, 16384, "segment.bytes reaches the log");
	is_str(stored("tuned", "segment.bytes"), "16384", "a size with a unit is stored in bytes");
	is_str(stored("tuned", "retention.ms"), "(none)", "the null one is not stored");

	const char *k3[] = { "retention.ms" }, *v3[] = { "soon" };
	is_int(alter(1, 2, "plain", k3, v3, 1, 0, &msg), KERR_INVALID_CONFIG,
	       "a bad value: INVALID_CONFIG");
	ok(msg && strstr(msg, "retention.ms"), "the message names the key: %s", msg ? msg : "(null)");
	is_str(value_of("plain", "retention.ms"), "999", "nothing changed");
	const char *k4[] = { "retention.hours" }, *v4[] = { "1" };
	is_int(alter(1, 2, "plain", k4, v4, 1, 0, &msg), KERR_INVALID_CONFIG,
	       "an unknown key: INVALID_CONFIG");
	ok(msg && strstr(msg, "retention.hours"), "the message names it: %s", msg ? msg : "(null)");
	const char *k5[] = { "segment.bytes", "segment.bytes" }, *v5[] = { "16384", "32768" };
	is_int(alter(1, 2, "plain", k5, v5, 2, 0, &msg), KERR_INVALID_REQUEST,
	       "a key twice: INVALID_REQUEST");
	const char *k6[] = { "segment.bytes", "retention.ms" }, *v6[] = { "16384", "-9" };
	is_int(alter(1, 2, "plain", k6, v6, 2, 0, &msg), KERR_INVALID_CONFIG,
	       "one bad value of two");
	is_int(source_of("plain", "segment.bytes"), 5, "the good one is not applied either");
	is_int(alter(1, 2, "missing", k1, v1, 1, 0, &msg), KERR_UNKNOWN_TOPIC_OR_PARTITION,
	       "a missing topic: UNKNOWN_TOPIC_OR_PARTITION");
	ok(msg != NULL, "with a message");
	is_int(alter(1, 4, "1", k1, v1, 1, 0, &msg), KERR_INVALID_REQUEST,
	       "the broker: INVALID_REQUEST");
	ok(msg && strstr(msg, "dynamic broker configuration is not supported"), "says why: %s",
	   msg ? msg : "(null)");
	is_int(alter(0, 4, "", k1, v1, 1, 0, &msg), KERR_INVALID_REQUEST,
	       "v0, cluster-wide: INVALID_REQUEST");
	is_int(alter(1, 7, "x", k1, v1, 1, 0, &msg), KERR_INVALID_REQUEST,
	       "an unknown type: INVALID_REQUEST");

	/* Two resources: each answered on its own; the same one twice is refused both times. */
	struct alter_configs_req_configs good = { kstr_c("retention.ms"), kstr_c("4242") };
	struct alter_configs_req_configs bad = { kstr_c("retention.ms"), kstr_c("x") };
	struct alter_configs_req_resources res[3] = {
		{ .resource_type = 2, .resource_name = kstr_c("plain"), .configs = { 1, &good } },
		{ .resource_type = 2, .resource_name = kstr_c("tuned"), .configs = { 1, &bad } },
	};
	struct alter_configs_req q = { .resources = { 2, res } };
	struct alter_configs_resp resp;
	is_int(call(API_ALTER_CONFIGS, 1, &q, &resp), 0, "alter two topics");
	ok(resp.responses.n == 2 && resp.responses.v[0].error_code == KERR_NONE &&
	   resp.responses.v[1].error_code == KERR_INVALID_CONFIG, "the good one done, the bad refused");
	is_str(value_of("plain", "retention.ms"), "4242", "the good one applied");
	res[1] = res[0];
	res[2] = (struct alter_configs_req_resources){
		.resource_type = 2, .resource_name = kstr_c("tuned"), .configs = { 1, &good },
	};
	good.value = kstr_c("5151");
	q.resources.n = 3;
	is_int(call(API_ALTER_CONFIGS, 1, &q, &resp), 0, "alter a topic twice in one request");
	ok(resp.responses.n == 3 && resp.responses.v[0].error_code == KERR_INVALID_REQUEST &&
	   resp.responses.v[1].error_code == KERR_INVALID_REQUEST &&
	   resp.responses.v[2].error_code == KERR_NONE, "both copies refused, the other done");
	is_str(value_of("plain", "retention.ms"), "4242", "neither copy applied");
}

/* ---- IncrementalAlterConfigs ---- */

struct op {
	const char *key;
	int8_t op;
	const char *value;
};

static int16_t incr(int version, int8_t type, const char *name, const struct op *ops, int n,
		    int validate_only, const char **msg)
{
	struct incremental_alter_configs_req_configs c[8];
	for (int i = 0; i < n; i++)
		c[i] = (struct incremental_alter_configs_req_configs){ kstr_c(ops[i].key), ops[i].op,
								       kstr_c(ops[i].value) };
	struct incremental_alter_configs_req_resources res = {
		.resource_type = type, .resource_name = kstr_c(name), .configs = { n, c },
	};
	struct incremental_alter_configs_req q = { .resources = { 1, &res },
						   .validate_only = (int8_t)validate_only };
	struct incremental_alter_configs_resp resp;
	if (call(API_INCREMENTAL_ALTER_CONFIGS, version, &q, &resp) || resp.responses.n != 1)
		return -1;
	if (msg)
		*msg = cs(resp.responses.v[0].error_message);
	return resp.responses.v[0].error_code;
}

static void test_incremental(void)
{
	const char *msg;
	for (int v = 0; v <= 1; v++) {
		struct op set = { "segment.bytes", 0, v ? "20480" : "24576" };
		is_int(incr(v, 2, "plain", &set, 1, 0, &msg), KERR_NONE, "v%d SET segment.bytes", v);
		is_str(value_of("plain", "segment.bytes"), set.value, "v%d: described", v);
		is_int(log_cfg("plain", 0).segment_bytes, atoi(set.value), "v%d: in the log", v);
	}
	is_str(value_of("plain", "retention.ms"), "4242", "the other override is kept");

	struct op app = { "cleanup.policy", 2, "compact" };
	is_int(incr(1, 2, "plain", &app, 1, 0, &msg), KERR_NONE,
	       "APPEND compact to cleanup.policy");
	is_str(value_of("plain", "cleanup.policy"), "delete,compact", "appended to the broker's delete");
	is_int(log_cfg("plain", 0).cleanup_policy, LOG_CLEANUP_DELETE | LOG_CLEANUP_COMPACT,
	       "the log compacts");
	is_int(incr(1, 2, "plain", &app, 1, 0, &msg), KERR_NONE, "APPEND it again");
	is_str(value_of("plain", "cleanup.policy"), "delete,compact", "no duplicate");
	struct op sub = { "cleanup.policy", 3, "delete" };
	is_int(incr(1, 2, "plain", &sub, 1, 0, &msg), KERR_NONE, "SUBTRACT delete");
	is_str(value_of("plain", "cleanup.policy"), "compact", "only compact left");
	sub.value = "compact";
	is_int(incr(1, 2, "plain", &sub, 1, 0, &msg), KERR_INVALID_CONFIG,
	       "SUBTRACT the last item");
	is_str(value_of("plain", "cleanup.policy"), "compact", "an empty policy is refused");
	struct op app_bad = { "retention.ms", 2, "5" };
	is_int(incr(1, 2, "plain", &app_bad, 1, 0, &msg), KERR_INVALID_CONFIG,
	       "APPEND to a number");
	ok(msg && strstr(msg, "not a list"), "says it is not a list: %s", msg ? msg : "(null)");
	app_bad.op = 3;
	is_int(incr(1, 2, "plain", &app_bad, 1, 0, &msg), KERR_INVALID_CONFIG,
	       "SUBTRACT from a number");

	struct op del = { "retention.ms", 1, NULL };
	is_int(incr(1, 2, "plain", &del, 1, 1, &msg), KERR_NONE, "validate_only DELETE");
	is_int(source_of("plain", "retention.ms"), 1, "still overridden");
	is_int(incr(1, 2, "plain", &del, 1, 0, &msg), KERR_NONE, "DELETE retention.ms");
	is_int(source_of("plain", "retention.ms"), 4, "back to the broker's");
	is_int(log_cfg("plain", 0).retention_ms, 1234, "the log has the broker's value again");
	is_int(incr(1, 2, "plain", &del, 1, 0, &msg), KERR_NONE,
	       "DELETE of a key not set: nothing to do");
	struct op del_unknown = { "retention.days", 1, NULL };
	is_int(incr(1, 2, "plain", &del_unknown, 1, 0, &msg), KERR_INVALID_CONFIG,
	       "DELETE of an unknown key");

	struct op mixed[2] = { { "segment.bytes", 0, "32768" }, { "retention.ms", 0, "later" } };
	is_int(incr(1, 2, "plain", mixed, 2, 0, &msg), KERR_INVALID_CONFIG,
	       "a good SET and a bad one");
	is_str(value_of("plain", "segment.bytes"), "20480", "neither applied");
	struct op twice[2] = { { "segment.bytes", 0, "32768" }, { "segment.bytes", 1, NULL } };
	is_int(incr(1, 2, "plain", twice, 2, 0, &msg), KERR_INVALID_REQUEST,
	       "a key twice: INVALID_REQUEST");
	struct op nullset = { "segment.bytes", 0, NULL };
	is_int(incr(1, 2, "plain", &nullset, 1, 0, &msg), KERR_INVALID_REQUEST,
	       "SET with a null value");
	struct op badop = { "segment.bytes", 7, "1" };
	is_int(incr(1, 2, "plain", &badop, 1, 0, &msg), KERR_INVALID_REQUEST,
	       "an unknown operation");
	struct op unknown = { "segment.megabytes", 0, "1" };
	is_int(incr(1, 2, "plain", &unknown, 1, 0, &msg), KERR_INVALID_CONFIG,
	       "SET of an unknown key");
	struct op set = { "retention.ms", 0, "1" };
	is_int(incr(1, 2, "missing", &set, 1, 0, &msg), KERR_UNKNOWN_TOPIC_OR_PARTITION,
	       "a missing topic");
	is_int(incr(0, 4, "1", &set, 1, 0, &msg), KERR_INVALID_REQUEST,
	       "the broker: INVALID_REQUEST");
	ok(msg && strstr(msg, "restart"), "says what to do instead: %s", msg ? msg : "(null)");
	is_int(incr(1, 8, "1", &set, 1, 0, &msg), KERR_INVALID_REQUEST,
	       "broker loggers: INVALID_REQUEST");
	is_int(incr(1, 5, "x", &set, 1, 0, &msg), KERR_INVALID_REQUEST,
	       "an unknown type: INVALID_REQUEST");
}

/* ---- DescribeCluster ---- */

static void test_describe_cluster(const char *cluster_id)
{
	for (int v = 0; v <= 1; v++) {
		struct describe_cluster_req q = { .endpoint_type = 1 };
		struct describe_cluster_resp resp;
		is_int(call(API_DESCRIBE_CLUSTER, v, &q, &resp), 0, "v%d DescribeCluster", v);
		is_int(resp.error_code, KERR_NONE, "v%d: no error", v);
		is_str(cs(resp.cluster_id), cluster_id, "v%d: the cluster id", v);
		is_int(resp.controller_id, 1, "v%d: this node is the controller", v);
		ok(resp.brokers.n == 1 && resp.brokers.v[0].broker_id == 1 &&
		   kstr_eq(resp.brokers.v[0].host, "127.0.0.1") && resp.brokers.v[0].port == t.port &&
		   resp.brokers.v[0].rack.len < 0, "v%d: this node at its advertised address", v);
		is_int(resp.cluster_authorized_operations, INT32_MIN, "v%d: no authorized operations", v);
		if (v == 1)
			is_int(resp.endpoint_type, 1, "v1: broker endpoints");
	}
	struct describe_cluster_req q = { .endpoint_type = 2 };
	struct describe_cluster_resp resp;
	is_int(call(API_DESCRIBE_CLUSTER, 1, &q, &resp), 0, "ask for controller endpoints");
	is_int(resp.error_code, KERR_MISMATCHED_ENDPOINT_TYPE, "MISMATCHED_ENDPOINT_TYPE");
	ok(resp.error_message.len > 0 && resp.brokers.n == 0, "with a message and no brokers");
	q.endpoint_type = 9;
	is_int(call(API_DESCRIBE_CLUSTER, 1, &q, &resp), 0, "ask for endpoint type 9");
	is_int(resp.error_code, KERR_UNSUPPORTED_ENDPOINT_TYPE, "UNSUPPORTED_ENDPOINT_TYPE");
}

static void test_api_versions(void)
{
	struct api_versions_req q = { 0 };
	struct api_versions_resp resp;
	is_int(call(API_API_VERSIONS, 0, &q, &resp), 0, "ApiVersions v0");
	static const int want[][3] = { { 32, 0, 2 }, { 33, 0, 1 }, { 44, 0, 1 }, { 60, 0, 1 } };
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		int found = 0;
		for (int32_t i = 0; i < resp.api_keys.n; i++) {
			const struct api_versions_resp_api_keys *k = &resp.api_keys.v[i];
			found |= k->api_key == want[w][0] && k->min_version == want[w][1] &&
				 k->max_version == want[w][2];
		}
		ok(found, "key %d advertised as %d-%d", want[w][0], want[w][1], want[w][2]);
	}
}

static void close_meta(struct tb *tt, void *arg)
{
	meta_close(arg);
	tt->b.meta = NULL;
}

int main(void)
{
	tb_open(&t);
	struct config *cfg = config_new();
	config_set_report(cfg, NULL, NULL);
	is_int(config_load_string(cfg, "server.properties", "log.cleaner.delete.retention.ms=5000\n"), 0,
	       "config file");
	is_int(config_set_override(cfg, "log.retention.ms=1234"), 0,
	       "--override log.retention.ms=1234");
	struct meta *m = NULL;
	char err[512];
	struct meta_open_args ma = { .data_dir = t.dir, .logs = t.logs, .node_id = 1, .now_ms = T0 };
	is_int(meta_open(&ma, &m, err, sizeof(err)), 0, "metadata opens");
	char cluster_id[64];
	snprintf(cluster_id, sizeof(cluster_id), "%s", meta_cluster_id(m));
	t.b.meta = m;
	t.b.cfg = cfg;
	tb_run(&t);
	arena_init(&a, 1 << 16);
	fd = tb_connect(&t);
	ok(fd >= 0, "client connects");

	struct create_topics_req_configs tuned[2] = {
		{ kstr_c("segment.bytes"), kstr_c("1048576") },
		{ kstr_c("cleanup.policy"), kstr_c("compact") },
	};
	is_int(create_topic("plain", 1, NULL, 0), KERR_NONE, "create plain");
	is_int(create_topic("tuned", 2, tuned, 2), KERR_NONE, "create tuned with overrides");
	is_int(log_cfg("tuned", 1).segment_bytes, 1048576, "tuned's logs have its override");

	test_api_versions();
	test_describe_topic();
	test_describe_broker();
	test_describe_limit();
	test_alter();
	test_incremental();
	test_describe_cluster(cluster_id);

	close(fd);
	tb_call(&t, close_meta, m);
	is_int(tb_close(&t), 0, "loop closes cleanly");
	config_free(cfg);
	arena_release(&a);
	return tap_done();
}
