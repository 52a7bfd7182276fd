/*
 * The broker configuration object: the key table built from keys.h, one
 * typed value per key with its source, setting a key from text, the
 * getters (with Kafka's synonym precedence) and the checks across keys.
 */
#include "core/config/config.h"
#include "core/config/config_int.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/err.h"
#include "core/base/say.h"

struct config_value {
	char *text;			/* NULL = unset */
	int64_t num;
	double dbl;
	struct config_source src;	/* src.file points into config.files */
};

struct config_file_name {
	struct config_file_name *next;
	char name[];
};

struct config {
	struct config_value v[CFG__COUNT];
	config_report_fn report;
	void *report_ctx;
	int errors, warnings;
	struct config_file_name *files;
};

#define check_none NULL
#define check_listeners config_check_listeners
#define check_protocol_map config_check_protocol_map
#define check_voters config_check_voters
#define check_dirs config_check_dirs

static const struct key_row {
	struct config_key_info info;
	config_check_fn check;
} rows[CFG__COUNT] = {
#define CFG_ROW_(id, name_, type_, def_, min_, max_, values_, flags_, syn_, chk_, group_, help_) \
	[CFG_##id] = { { .name = name_, .type = type_, .def = def_, .min = min_, .max = max_,     \
			 .values = values_, .flags = flags_, .synonym = CFG_##syn_,               \
			 .group = G_##group_, .help = help_ },                                    \
		       check_##chk_ },
	CFG_KEYS(CFG_ROW_)
#undef CFG_ROW_
};

static char *dup_text(const char *s)
{
	char *p = strdup(s);
	if (!p) {
		fprintf(stderr, "kaf: out of memory\n");
		abort();
	}
	return p;
}

const struct config_key_info *config_key_info(enum config_key id)
{
	return id >= 0 && id < CFG__COUNT ? &rows[id].info : NULL;
}

config_check_fn config_key_check(enum config_key id)
{
	return id >= 0 && id < CFG__COUNT ? rows[id].check : NULL;
}

enum config_key config_key_find(const char *name)
{
	for (int i = 0; i < CFG__COUNT; i++)
		if (!strcmp(rows[i].info.name, name))
			return (enum config_key)i;
	return CFG_NONE;
}

void config_report(struct config *cfg, enum config_severity sev, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == CONFIG_ERROR)
		cfg->errors++;
	else
		cfg->warnings++;
	if (cfg->report)
		cfg->report(cfg->report_ctx, sev, msg);
	else if (sev == CONFIG_ERROR)
		say_error("%s", msg);
	else
		say_warn("%s", msg);
}

struct config *config_new(void)
{
	struct config *cfg = calloc(1, sizeof(*cfg));
	if (!cfg) {
		fprintf(stderr, "kaf: out of memory\n");
		abort();
	}
	for (int i = 0; i < CFG__COUNT; i++) {
		const struct config_key_info *k = &rows[i].info;
		struct config_value *v = &cfg->v[i];
		char err[256];
		int unset;

		v->src.origin = CONFIG_DEFAULT;
		if (!k->def)
			continue;
		/* The table's defaults are checked by the unit tests; a bad one reads as unset. */
		if (config_parse_typed(k, k->def, 0, &v->num, &v->dbl, &unset, err, sizeof(err)) == 0)
			v->text = dup_text(k->def);
		else
			say_error("config: default of %s: %s", k->name, err);
	}
	return cfg;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (int i = 0; i < CFG__COUNT; i++)
		free(cfg->v[i].text);
	while (cfg->files) {
		struct config_file_name *f = cfg->files;
		cfg->files = f->next;
		free(f);
	}
	free(cfg);
}

void config_set_report(struct config *cfg, config_report_fn fn, void *ctx)
{
	cfg->report = fn;
	cfg->report_ctx = ctx;
}

int config_error_count(const struct config *cfg)
{
	return cfg->errors;
}

int config_warning_count(const struct config *cfg)
{
	return cfg->warnings;
}

/* File names live as long as the config so sources can point at them. */
static const char *intern_file(struct config *cfg, const char *name)
{
	for (struct config_file_name *f = cfg->files; f; f = f->next)
		if (!strcmp(f->name, name))
			return f->name;
	size_t len = strlen(name);
	struct config_file_name *f = malloc(sizeof(*f) + len + 1);
	if (!f) {
		fprintf(stderr, "kaf: out of memory\n");
		abort();
	}
	memcpy(f->name, name, len + 1);
	f->next = cfg->files;
	cfg->files = f;
	return f->name;
}

void config_source_format(const struct config_source *src, char *out, size_t n)
{
	switch (src->origin) {
	case CONFIG_FILE:
		snprintf(out, n, "%s:%d", src->file ? src->file : "?", src->line);
		break;
	case CONFIG_OVERRIDE:
		snprintf(out, n, "--override");
		break;
	default:
		snprintf(out, n, "default");
		break;
	}
}

/* Edit distance for "did you mean": small inputs only (names are short). */
static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int prev[64], cur[64];

	if (la >= 64 || lb >= 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		memcpy(prev, cur, sizeof(int) * (lb + 1));
	}
	return prev[lb];
}

static const char *closest_key(const char *name)
{
	const char *best = NULL;
	int best_d = 3;

	for (int i = 0; i < CFG__COUNT; i++) {
		int d = edit_distance(name, rows[i].info.name);
		if (d < best_d) {
			best_d = d;
			best = rows[i].info.name;
		}
	}
	return best;
}

static int same_as_default(const struct config_key_info *k, const struct config_value *v)
{
	int64_t num;
	double dbl;
	int unset;
	char err[8];

	if (!k->def || !v->text)
		return !k->def && !v->text;
	if (config_parse_typed(k, k->def, 0, &num, &dbl, &unset, err, sizeof(err)))
		return 0;
	switch (config_type_class(k->type)) {
	case CFG_CLASS_STR:
		return !strcmp(k->def, v->text);
	case CFG_CLASS_DOUBLE:
		return dbl == v->dbl;
	default:
		return num == v->num;
	}
}

int config_set(struct config *cfg, const char *key, const char *value,
	       const struct config_source *src)
{
	char where[512], shown[128], err[256];
	enum config_key id = config_key_find(key);
	int64_t num = 0;
	double dbl = 0;
	int unset = 0;

	config_source_format(src, where, sizeof(where));
	if (id == CFG_NONE) {
		const char *near = closest_key(key);
		config_show_value(key, shown, sizeof(shown));
		if (near)
			config_report(cfg, CONFIG_WARNING,
				      "%s: unknown key '%s' ignored (did you mean '%s'?)", where, shown,
				      near);
		else
			config_report(cfg, CONFIG_WARNING, "%s: unknown key '%s' ignored", where,
				      shown);
		return 0;
	}
	const struct config_key_info *k = &rows[id].info;
	if (config_parse_typed(k, value, 1, &num, &dbl, &unset, err, sizeof(err)) ||
	    (!unset && rows[id].check && rows[id].check(value, err, sizeof(err)))) {
		config_show_value(value, shown, sizeof(shown));
		config_report(cfg, CONFIG_ERROR, "%s: %s=%s: %s", where, key, shown, err);
		return KAF_ECONFIG;
	}

	struct config_value *v = &cfg->v[id];
	free(v->text);
	v->text = unset ? NULL : dup_text(value);
	v->num = num;
	v->dbl = dbl;
	v->src = *src;
	if (src->origin == CONFIG_FILE)
		v->src.file = intern_file(cfg, src->file ? src->file : "?");

	if (k->flags & F_IGNORED) {
		config_report(cfg, CONFIG_WARNING, "%s: %s is accepted but has no effect (%s)", where,
			      key, k->help);
	} else if ((k->flags & F_FIXED) && !same_as_default(k, v)) {
		config_show_value(value, shown, sizeof(shown));
		config_report(cfg, CONFIG_WARNING, "%s: %s=%s is not supported; kaf runs as %s=%s",
			      where, key, shown, key, k->def);
	}
	return 0;
}

int config_set_override(struct config *cfg, const char *kv)
{
	const struct config_source src = { .origin = CONFIG_OVERRIDE };
	const char *eq = strchr(kv, '=');
	char key[256], shown[128];

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key)) {
		config_show_value(kv, shown, sizeof(shown));
		config_report(cfg, CONFIG_ERROR, "--override: '%s' is not KEY=VALUE", shown);
		return KAF_ECONFIG;
	}
	size_t klen = (size_t)(eq - kv);
	while (klen > 0 && (kv[klen - 1] == ' ' || kv[klen - 1] == '\t'))
		klen--;
	const char *k = kv;
	while (*k == ' ' || *k == '\t')
		k++, klen--;
	memcpy(key, k, klen);
	key[klen] = '\0';

	/* The value as given, without the blanks a shell quote may carry around it. */
	const char *val = eq + 1;
	while (*val == ' ' || *val == '\t')
		val++;
	size_t vlen = strlen(val);
	while (vlen > 0 && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t'))
		vlen--;
	char *value = malloc(vlen + 1);
	if (!value) {
		fprintf(stderr, "kaf: out of memory\n");
		abort();
	}
	memcpy(value, val, vlen);
	value[vlen] = '\0';
	int rc = config_set(cfg, key, value, &src);
	free(value);
	return rc;
}

/* ---- getters ---- */

int config_is_set(const struct config *cfg, enum config_key id)
{
	return cfg->v[id].text && cfg->v[id].src.origin != CONFIG_DEFAULT;
}

const struct config_source *config_source_of(const struct config *cfg, enum config_key id)
{
	return &cfg->v[id].src;
}

const char *config_value_text(const struct config *cfg, enum config_key id)
{
	return cfg->v[id].text;
}

enum config_key config_effective_key(const struct config *cfg, enum config_key id)
{
	if (rows[id].info.synonym != CFG_NONE)
		return id;
	if (config_is_set(cfg, id))
		return id;
	for (int i = 0; i < CFG__COUNT; i++)
		if (rows[i].info.synonym == id && config_is_set(cfg, (enum config_key)i))
			return (enum config_key)i;
	if (cfg->v[id].text)
		return id;
	for (int i = 0; i < CFG__COUNT; i++)
		if (rows[i].info.synonym == id && cfg->v[i].text)
			return (enum config_key)i;
	return id;
}

static int class_ok(enum config_key id, enum config_class cls, const char *getter)
{
	if (id < 0 || id >= CFG__COUNT) {
		say_error("config: %s of key %d out of range", getter, (int)id);
		return 0;
	}
	if (config_type_class(rows[id].info.type) != cls) {
		say_error("config: %s of %s, which is of type %s", getter, rows[id].info.name,
			  config_type_name(rows[id].info.type));
		return 0;
	}
	return 1;
}

const char *config_get_str(const struct config *cfg, enum config_key id)
{
	if (id < 0 || id >= CFG__COUNT)
		return NULL;
	if (config_type_class(rows[id].info.type) != CFG_CLASS_STR)
		return cfg->v[id].text;
	return cfg->v[config_effective_key(cfg, id)].text;
}

int64_t config_get_num(const struct config *cfg, enum config_key id)
{
	if (!class_ok(id, CFG_CLASS_NUM, "config_num"))
		return 0;
	enum config_key e = config_effective_key(cfg, id);
	const struct config_value *v = &cfg->v[e];
	if (!v->text)
		return 0;
	if (e == id)
		return v->num;
	/* A synonym in another unit: Kafka reads any negative duration as "no limit". */
	if (v->num < 0)
		return -1;
	return v->num * (config_unit_ms(rows[e].info.type) / config_unit_ms(rows[id].info.type));
}

int config_get_bool(const struct config *cfg, enum config_key id)
{
	if (!class_ok(id, CFG_CLASS_BOOL, "config_bool"))
		return 0;
	return (int)cfg->v[config_effective_key(cfg, id)].num;
}

int config_get_enum(const struct config *cfg, enum config_key id)
{
	if (!class_ok(id, CFG_CLASS_ENUM, "config_enum"))
		return 0;
	return (int)cfg->v[config_effective_key(cfg, id)].num;
}

double config_get_double(const struct config *cfg, enum config_key id)
{
	if (!class_ok(id, CFG_CLASS_DOUBLE, "config_double"))
		return 0;
	return cfg->v[config_effective_key(cfg, id)].dbl;
}

/* ---- checks across keys ---- */

static void where_of(const struct config *cfg, enum config_key id, char *out, size_t n)
{
	config_source_format(&cfg->v[id].src, out, n);
}

static int check_pair(struct config *cfg, enum config_key lo, enum config_key hi)
{
	int64_t a = config_get_num(cfg, lo), b = config_get_num(cfg, hi);
	char wa[300], wb[300];

	if (a <= b)
		return 0;
	where_of(cfg, lo, wa, sizeof(wa));
	where_of(cfg, hi, wb, sizeof(wb));
	config_report(cfg, CONFIG_ERROR, "%s: %s=%" PRId64 " is larger than %s=%" PRId64 " (%s)", wa,
		      rows[lo].info.name, a, rows[hi].info.name, b, wb);
	return KAF_ECONFIG;
}

static int check_node_id(struct config *cfg)
{
	char wa[300], wb[300];

	if (!config_is_set(cfg, CFG_NODE_ID) || !config_is_set(cfg, CFG_BROKER_ID) ||
	    cfg->v[CFG_NODE_ID].num == cfg->v[CFG_BROKER_ID].num)
		return 0;
	where_of(cfg, CFG_BROKER_ID, wa, sizeof(wa));
	where_of(cfg, CFG_NODE_ID, wb, sizeof(wb));
	config_report(cfg, CONFIG_ERROR,
		      "%s: broker.id=%" PRId64 " differs from node.id=%" PRId64
		      " (%s); set one of them, or both to the same id",
		      wa, cfg->v[CFG_BROKER_ID].num, cfg->v[CFG_NODE_ID].num, wb);
	return KAF_ECONFIG;
}

static int check_retention(struct config *cfg)
{
	enum config_key e = config_effective_key(cfg, CFG_LOG_RETENTION_MS);
	char w[300];

	if (config_num(cfg, CFG_LOG_RETENTION_MS) != 0)
		return 0;
	where_of(cfg, e, w, sizeof(w));
	config_report(cfg, CONFIG_ERROR,
		      "%s: %s=%s gives a retention of 0 ms; use -1 for no limit or at least 1 ms", w,
		      rows[e].info.name, cfg->v[e].text ? cfg->v[e].text : "");
	return KAF_ECONFIG;
}

static int check_listener_names(struct config *cfg)
{
	struct config_listener ls[CONFIG_MAX_LISTENERS], adv[CONFIG_MAX_LISTENERS];
	const char *map = config_str(cfg, CFG_LISTENER_SECURITY_PROTOCOL_MAP);
	char err[256], w[300];
	int n = 0, na = 0, rc = 0;

	/* Each list passed its own syntax check when it was set. */
	if (config_listeners_parse(config_str(cfg, CFG_LISTENERS), ls, CONFIG_MAX_LISTENERS, &n, err,
				   sizeof(err)))
		return KAF_ECONFIG;
	for (int i = 0; i < n; i++) {
		char proto[16];
		config_protocol_lookup(map ? map : "", ls[i].name, proto, sizeof(proto));
		if (proto[0])
			continue;
		where_of(cfg, CFG_LISTENERS, w, sizeof(w));
		config_report(cfg, CONFIG_ERROR,
			      "%s: listeners: listener name %s has no security protocol; add %s:PLAINTEXT"
			      " to listener.security.protocol.map",
			      w, ls[i].name, ls[i].name);
		rc = KAF_ECONFIG;
	}
	const char *a = config_str(cfg, CFG_ADVERTISED_LISTENERS);
	if (!a)
		return rc;
	if (config_listeners_parse(a, adv, CONFIG_MAX_LISTENERS, &na, err, sizeof(err)))
		return KAF_ECONFIG;
	where_of(cfg, CFG_ADVERTISED_LISTENERS, w, sizeof(w));
	for (int i = 0; i < na; i++) {
		int found = 0;
		for (int j = 0; j < n; j++)
			found |= !strcmp(adv[i].name, ls[j].name);
		if (!found) {
			config_report(cfg, CONFIG_ERROR,
				      "%s: advertised.listeners: %s is not one of the listeners", w,
				      adv[i].name);
			rc = KAF_ECONFIG;
		}
		if (adv[i].port == 0 || !strcmp(adv[i].host, "0.0.0.0") || !strcmp(adv[i].host, "::")) {
			config_report(cfg, CONFIG_ERROR,
				      "%s: advertised.listeners: %s://%s:%d is not an address clients"
				      " can connect to",
				      w, adv[i].name, adv[i].host, adv[i].port);
			rc = KAF_ECONFIG;
		}
	}
	return rc;
}

int config_validate(struct config *cfg)
{
	int rc = 0;

	rc |= check_node_id(cfg);
	rc |= check_retention(cfg);
	rc |= check_pair(cfg, CFG_GROUP_MIN_SESSION_TIMEOUT_MS, CFG_GROUP_MAX_SESSION_TIMEOUT_MS);
	rc |= check_pair(cfg, CFG_LOG_CLEANER_MIN_COMPACTION_LAG_MS,
			 CFG_LOG_CLEANER_MAX_COMPACTION_LAG_MS);
	rc |= check_listener_names(cfg);
	return rc ? KAF_ECONFIG : 0;
}
