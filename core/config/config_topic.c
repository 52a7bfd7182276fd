/*
 * Kafka's topic-level keys (retention.ms, segment.bytes, cleanup.policy, ...)
 * and their broker synonyms (log.retention.ms, log.segment.bytes, ...): the
 * broker keys give a partition log its defaults, topic keys override them
 * per topic. Both directions go through the one CFG_TOPIC_KEYS list.
 */
#include "core/config/config.h"
#include "core/config/config_int.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/err.h"
#include "core/log/log.h"

/* cleanup.policy's words are "delete|compact": bit 0 and bit 1 of the mask. */
_Static_assert(LOG_CLEANUP_DELETE == 1 && LOG_CLEANUP_COMPACT == 2,
	       "log.cleanup.policy mask must match LOG_CLEANUP_*");

#define FIELD_(f) .applied = 1, .offset = offsetof(struct log_config, f), \
		  .size = sizeof(((struct log_config *)0)->f)

static const struct config_topic_key topic_keys[] = {
#define T_LOG_(name_, syn_, field_) { .name = name_, .synonym = CFG_##syn_, FIELD_(field_) },
#define T_SYN_(name_, syn_) { .name = name_, .synonym = CFG_##syn_ },
#define T_OWN_(name_, type_, def_, min_, max_, values_, help_)                                  \
	{ .name = name_, .synonym = CFG_NONE, .type = type_, .def = def_, .min = min_, .max = max_, \
	  .values = values_, .help = help_ },
	CFG_TOPIC_KEYS(T_LOG_, T_SYN_, T_OWN_)
#undef T_LOG_
#undef T_SYN_
#undef T_OWN_
};

#define N_TOPIC_KEYS ((int)(sizeof(topic_keys) / sizeof(topic_keys[0])))

int config_topic_key_count(void)
{
	return N_TOPIC_KEYS;
}

const struct config_topic_key *config_topic_key_at(int i)
{
	return i >= 0 && i < N_TOPIC_KEYS ? &topic_keys[i] : NULL;
}

const struct config_topic_key *config_topic_key_find(const char *name)
{
	for (int i = 0; i < N_TOPIC_KEYS; i++)
		if (!strcmp(topic_keys[i].name, name))
			return &topic_keys[i];
	return NULL;
}

static void field_store(struct log_config *lc, const struct config_topic_key *t, int64_t v)
{
	char *p = (char *)lc + t->offset;

	if (t->size == sizeof(int64_t)) {
		memcpy(p, &v, sizeof(v));
	} else {
		int32_t w = (int32_t)v;
		memcpy(p, &w, sizeof(w));
	}
}

static int64_t field_load(const struct log_config *lc, const struct config_topic_key *t)
{
	const char *p = (const char *)lc + t->offset;

	if (t->size == sizeof(int64_t)) {
		int64_t v;
		memcpy(&v, p, sizeof(v));
		return v;
	}
	int32_t w;
	memcpy(&w, p, sizeof(w));
	return w;
}

void config_log_defaults(const struct config *cfg, struct log_config *lc)
{
	memset(lc, 0, sizeof(*lc));
	for (int i = 0; i < N_TOPIC_KEYS; i++) {
		const struct config_topic_key *t = &topic_keys[i];
		if (!t->applied)
			continue;
		int64_t v = 0;
		switch (config_type_class(config_key_info(t->synonym)->type)) {
		case CFG_CLASS_NUM:
			v = config_get_num(cfg, t->synonym);
			break;
		case CFG_CLASS_ENUM:
			v = config_get_enum(cfg, t->synonym);
			break;
		case CFG_CLASS_BOOL:
			v = config_get_bool(cfg, t->synonym);
			break;
		default:
			break;
		}
		field_store(lc, t, v);
	}
}

/* The key description used to parse a topic key's value. */
static struct config_key_info topic_spec(const struct config_topic_key *t)
{
	if (t->synonym != CFG_NONE)
		return *config_key_info(t->synonym);
	return (struct config_key_info){ .name = t->name, .type = t->type, .def = t->def,
					 .min = t->min, .max = t->max, .values = t->values,
					 .synonym = CFG_NONE, .help = t->help };
}

int config_topic_set(struct log_config *lc, const char *key, const char *value, char *err,
		     size_t errlen)
{
	const struct config_topic_key *t = config_topic_key_find(key);
	int64_t num;
	double dbl;
	int unset;

	if (!t) {
		snprintf(err, errlen, "unknown topic config '%s'", key);
		return KAF_ENOTFOUND;
	}
	struct config_key_info k = topic_spec(t);
	/* A topic value always replaces the default; there is no "unset" here. */
	if (config_parse_typed(&k, value, 0, &num, &dbl, &unset, err, errlen))
		return KAF_ECONFIG;
	if (t->applied)
		field_store(lc, t, num);
	return 0;
}

/* Words of the index (T_ENUM) or of each bit set (T_ENUMLIST), comma-separated. */
static void enum_words(const struct config_key_info *k, int64_t v, char *out, size_t n)
{
	size_t len = 0;
	int i = 0;
	out[0] = '\0';
	for (const char *p = k->values; p; i++) {
		const char *bar = strchr(p, '|');
		size_t wl = bar ? (size_t)(bar - p) : strlen(p);
		int on = k->type == T_ENUM ? v == i : (v >> i) & 1;
		if (on && len + wl + 2 < n) {
			if (len)
				out[len++] = ',';
			memcpy(out + len, p, wl);
			len += wl;
			out[len] = '\0';
		}
		p = bar ? bar + 1 : NULL;
	}
}

int config_topic_get(const struct log_config *lc, const char *key, char *out, size_t n)
{
	const struct config_topic_key *t = config_topic_key_find(key);

	if (!t || !t->applied)
		return KAF_ENOTFOUND;
	const struct config_key_info *k = config_key_info(t->synonym);
	int64_t v = field_load(lc, t);
	if (k->type != T_ENUM && k->type != T_ENUMLIST)
		snprintf(out, n, "%" PRId64, v);
	else
		enum_words(k, v, out, n);
	return 0;
}

/* Shortest text that reads back as the same double. */
static void double_text(double d, char *out, size_t n)
{
	snprintf(out, n, "%.15g", d);
	if (strtod(out, NULL) != d)
		snprintf(out, n, "%.17g", d);
}

/* A parsed value in canonical form: numbers in the key's unit, table words, true/false. */
static void typed_text(const struct config_key_info *k, const char *text, int64_t num, double dbl,
		       char *out, size_t n)
{
	switch (k->type) {
	case T_STRING:
	case T_LIST:
		snprintf(out, n, "%s", text);
		break;
	case T_BOOL:
		snprintf(out, n, "%s", num ? "true" : "false");
		break;
	case T_ENUM:
	case T_ENUMLIST:
		enum_words(k, num, out, n);
		break;
	case T_DOUBLE:
		double_text(dbl, out, n);
		break;
	default:
		snprintf(out, n, "%" PRId64, num);
		break;
	}
}

int config_topic_value_text(const struct config *cfg, const char *key, const char *value, char *out,
			    size_t n)
{
	const struct config_topic_key *t = config_topic_key_find(key);
	char err[256];
	int64_t num = 0;
	double dbl = 0;
	int unset;

	out[0] = '\0';
	if (!t)
		return KAF_ENOTFOUND;
	struct config_key_info k = topic_spec(t);
	if (!value && t->synonym != CFG_NONE) {
		/* The broker's value in effect, in the unit of the synonym (as the getters give it). */
		enum config_key s = t->synonym;
		if (!config_value_text(cfg, config_effective_key(cfg, s)))
			return 1;
		switch (config_type_class(k.type)) {
		case CFG_CLASS_STR:
			snprintf(out, n, "%s", config_get_str(cfg, s));
			return 0;
		case CFG_CLASS_NUM:
			num = config_get_num(cfg, s);
			break;
		case CFG_CLASS_BOOL:
			num = config_get_bool(cfg, s);
			break;
		case CFG_CLASS_ENUM:
			num = config_get_enum(cfg, s);
			break;
		case CFG_CLASS_DOUBLE:
			dbl = config_get_double(cfg, s);
			break;
		}
		typed_text(&k, "", num, dbl, out, n);
		return 0;
	}
	if (!value)
		value = t->def;
	if (!value)
		return 1;
	if (config_parse_typed(&k, value, 0, &num, &dbl, &unset, err, sizeof(err)))
		return KAF_ECONFIG;
	typed_text(&k, value, num, dbl, out, n);
	return 0;
}
