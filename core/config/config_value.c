/*
 * The value grammar of configuration keys, Kafka's: integers of the key's
 * unit, true/false, comma lists, enum words; sizes also take binary
 * suffixes (64KiB, 16MiB, 1GiB). Plus the one-line type/default/range
 * summary shared by etc/kaf.conf, the man page check and --help.
 */
#include "core/config/config.h"
#include "core/config/config_int.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/base/err.h"

enum config_class config_type_class(enum config_type t)
{
	switch (t) {
	case T_STRING:
	case T_LIST:
		return CFG_CLASS_STR;
	case T_BOOL:
		return CFG_CLASS_BOOL;
	case T_ENUM:
	case T_ENUMLIST:
		return CFG_CLASS_ENUM;
	case T_DOUBLE:
		return CFG_CLASS_DOUBLE;
	default:
		return CFG_CLASS_NUM;
	}
}

const char *config_type_name(enum config_type t)
{
	static const char *const names[] = {
		[T_STRING] = "string",	      [T_LIST] = "list",
		[T_INT] = "int",	      [T_LONG] = "long",
		[T_BOOL] = "boolean",	      [T_SIZE] = "size in bytes",
		[T_MS] = "duration in ms",    [T_MINUTES] = "duration in minutes",
		[T_HOURS] = "duration in hours", [T_DOUBLE] = "number",
		[T_ENUM] = "one of",	      [T_ENUMLIST] = "list of",
	};
	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

const char *config_group_name(enum config_group g)
{
	static const char *const names[] = {
		[G_SERVER] = "Server basics",
		[G_NET] = "Listeners, sockets and threads",
		[G_LOG] = "Log basics",
		[G_RETENTION] = "Retention",
		[G_FLUSH] = "Flush policy",
		[G_CLEANER] = "Compaction",
		[G_REPLICATION] = "Replication",
		[G_GROUPS] = "Consumer groups and committed offsets",
		[G_TXN] = "Producer state, transactions and share groups",
	};
	return (unsigned)g < G__COUNT ? names[g] : "?";
}

int64_t config_unit_ms(enum config_type t)
{
	switch (t) {
	case T_MINUTES:
		return 60 * 1000;
	case T_HOURS:
		return 60 * 60 * 1000;
	default:
		return 1;
	}
}

void config_show_value(const char *text, char *out, size_t n)
{
	size_t i = 0, j = 0;

	if (n == 0)
		return;
	for (; text[i] && j + 1 < n; i++) {
		if (j + 4 >= n || i >= 80) {
			if (n >= 4) {
				while (j + 4 > n)
					j--;
				memcpy(out + j, "...", 3);
				j += 3;
			}
			break;
		}
		unsigned char c = (unsigned char)text[i];
		out[j++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	out[j] = '\0';
}

/* Whole text an optionally signed decimal integer fitting int64. */
static int parse_i64(const char *s, int64_t *out)
{
	char *end;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

int config_parse_size(const char *text, int64_t *out)
{
	static const struct {
		const char *suffix;
		int shift;
	} units[] = {
		{ "", 0 },    { "k", 10 },  { "K", 10 },  { "KiB", 10 }, { "m", 20 },
		{ "M", 20 },  { "MiB", 20 }, { "g", 30 }, { "G", 30 },	 { "GiB", 30 },
		{ "t", 40 },  { "T", 40 },  { "TiB", 40 },
	};
	const char *p = text;
	char digits[32];
	int64_t v;
	size_t n = 0;

	if (*p == '-' || *p == '+')
		p++;
	while (isdigit((unsigned char)p[n]))
		n++;
	if (n == 0 || (size_t)(p - text) + n >= sizeof(digits))
		return -1;
	memcpy(digits, text, (size_t)(p - text) + n);
	digits[(size_t)(p - text) + n] = '\0';
	if (parse_i64(digits, &v))
		return -1;
	const char *suffix = p + n;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(suffix, units[i].suffix))
			continue;
		int64_t lim = INT64_MAX >> units[i].shift;
		if (v > lim || v < -lim)
			return -1;
		*out = v * ((int64_t)1 << units[i].shift);
		return 0;
	}
	return -1;
}

const char *config_list_next(const char *p, char *item, size_t n)
{
	if (!p || !*p)
		return NULL;
	const char *end = strchr(p, ',');
	const char *stop = end ? end : p + strlen(p);
	while (p < stop && isspace((unsigned char)*p))
		p++;
	const char *e = stop;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	size_t len = (size_t)(e - p);
	if (len >= n)
		len = n ? n - 1 : 0;
	if (n) {
		memcpy(item, p, len);
		item[len] = '\0';
	}
	/* A trailing comma yields one last empty item, so "a," is seen as broken. */
	return end ? end + 1 : stop;
}

/* Index of word in a "a|b|c" list, -1 if absent. */
static int word_index(const char *values, const char *word)
{
	size_t wl = strlen(word);
	int i = 0;

	for (const char *p = values; p; i++) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == wl && !memcmp(p, word, l))
			return i;
		p = bar ? bar + 1 : NULL;
	}
	return -1;
}

/* "a, b, c" from "a|b|c". */
static void words_text(const char *values, char *out, size_t n)
{
	size_t j = 0;

	for (const char *p = values; *p && j + 3 < n; p++) {
		if (*p == '|') {
			out[j++] = ',';
			out[j++] = ' ';
		} else {
			out[j++] = *p;
		}
	}
	out[j] = '\0';
}

static void range_text(const struct config_key_info *k, char *out, size_t n)
{
	if (k->type == T_DOUBLE)
		snprintf(out, n, "%" PRId64 " .. %" PRId64, k->min, k->max);
	else if (k->max == INT64_MAX)
		snprintf(out, n, ">= %" PRId64, k->min);
	else
		snprintf(out, n, "%" PRId64 " .. %" PRId64, k->min, k->max);
}

static int parse_enum(const struct config_key_info *k, const char *text, int64_t *num, char *err,
		      size_t n)
{
	char words[256], item[128];

	words_text(k->values, words, sizeof(words));
	if (k->type == T_ENUM) {
		int i = word_index(k->values, text);
		if (i < 0) {
			snprintf(err, n, "not one of %s", words);
			return KAF_ECONFIG;
		}
		*num = i;
		return 0;
	}
	int64_t mask = 0;
	for (const char *p = text; (p = config_list_next(p, item, sizeof(item)));) {
		int i = word_index(k->values, item);
		if (i < 0) {
			char shown[64];
			config_show_value(item, shown, sizeof(shown));
			snprintf(err, n, "'%s' is not one of %s", shown, words);
			return KAF_ECONFIG;
		}
		mask |= (int64_t)1 << i;
	}
	if (!mask) {
		snprintf(err, n, "empty; give one or more of %s", words);
		return KAF_ECONFIG;
	}
	*num = mask;
	return 0;
}

int config_parse_typed(const struct config_key_info *k, const char *text, int allow_unset,
		       int64_t *num, double *dbl, int *unset, char *err, size_t n)
{
	char range[96];
	int64_t v = 0;

	*num = 0;
	*dbl = 0;
	*unset = 0;
	if (!*text && !k->def && config_type_class(k->type) != CFG_CLASS_STR) {
		if (allow_unset) {
			*unset = 1;
			return 0;
		}
		snprintf(err, n, "empty value");
		return KAF_ECONFIG;
	}
	if (!*text && !k->def && allow_unset) {
		*unset = 1;
		return 0;
	}
	range_text(k, range, sizeof(range));
	switch (k->type) {
	case T_STRING:
	case T_LIST:
		return 0;
	case T_BOOL:
		if (!strcasecmp(text, "true"))
			*num = 1;
		else if (strcasecmp(text, "false")) {
			snprintf(err, n, "not true or false");
			return KAF_ECONFIG;
		}
		return 0;
	case T_ENUM:
	case T_ENUMLIST:
		return parse_enum(k, text, num, err, n);
	case T_DOUBLE: {
		char *end;
		errno = 0;
		double d = strtod(text, &end);
		if (errno || end == text || *end || !isfinite(d)) {
			snprintf(err, n, "not a number");
			return KAF_ECONFIG;
		}
		if (d < (double)k->min || d > (double)k->max) {
			snprintf(err, n, "out of range (allowed %s)", range);
			return KAF_ECONFIG;
		}
		*dbl = d;
		return 0;
	}
	case T_SIZE:
		if (config_parse_size(text, &v)) {
			snprintf(err, n, "not a size (bytes, or a number with KiB, MiB, GiB or TiB)");
			return KAF_ECONFIG;
		}
		break;
	default:
		if (parse_i64(text, &v)) {
			snprintf(err, n, "not an integer (%s)", config_type_name(k->type));
			return KAF_ECONFIG;
		}
		break;
	}
	if (v < k->min || v > k->max) {
		snprintf(err, n, "out of range (allowed %s)", range);
		return KAF_ECONFIG;
	}
	*num = v;
	return 0;
}

int config_parse_value(enum config_key id, const char *text, int64_t *num, char *err, size_t errlen)
{
	const struct config_key_info *k = config_key_info(id);
	config_check_fn check = config_key_check(id);
	double dbl;
	int unset;

	if (!k) {
		snprintf(err, errlen, "unknown key");
		return KAF_ENOTFOUND;
	}
	int rc = config_parse_typed(k, text, 1, num, &dbl, &unset, err, errlen);
	if (!rc && !unset && check)
		rc = check(text, err, errlen);
	return rc;
}

/* "(1 GiB)", "(7 d)" for round defaults; "" otherwise. */
static void human(enum config_type t, int64_t v, char *out, size_t n)
{
	static const struct {
		int64_t mul;
		const char *name;
	} sizes[] = { { 1LL << 40, "TiB" }, { 1LL << 30, "GiB" }, { 1LL << 20, "MiB" },
		      { 1LL << 10, "KiB" } },
	  times[] = { { 86400000, "d" }, { 3600000, "h" }, { 60000, "min" }, { 1000, "s" } };

	out[0] = '\0';
	if (v <= 0 || v == INT64_MAX)
		return;
	if (t == T_SIZE) {
		for (size_t i = 0; i < 4; i++)
			if (v >= sizes[i].mul && v % sizes[i].mul == 0) {
				snprintf(out, n, " (%" PRId64 " %s)", v / sizes[i].mul, sizes[i].name);
				return;
			}
	} else if (t == T_MS) {
		for (size_t i = 0; i < 4; i++)
			if (v >= times[i].mul && v % times[i].mul == 0) {
				snprintf(out, n, " (%" PRId64 " %s)", v / times[i].mul, times[i].name);
				return;
			}
	}
}

void config_key_summary(enum config_key id, char *out, size_t n)
{
	const struct config_key_info *k = config_key_info(id);
	char def[160], range[96], words[256], hum[32] = "";
	int64_t v;

	if (!k) {
		snprintf(out, n, "?");
		return;
	}
	if (!k->def)
		snprintf(def, sizeof(def), "unset");
	else if (!*k->def)
		snprintf(def, sizeof(def), "empty");
	else
		snprintf(def, sizeof(def), "%s", k->def);
	if (k->def && (k->type == T_SIZE || k->type == T_MS) &&
	    (k->type == T_SIZE ? config_parse_size(k->def, &v) : parse_i64(k->def, &v)) == 0)
		human(k->type, v, hum, sizeof(hum));
	range_text(k, range, sizeof(range));
	switch (config_type_class(k->type)) {
	case CFG_CLASS_ENUM:
		words_text(k->values, words, sizeof(words));
		snprintf(out, n, "%s %s; default %s", config_type_name(k->type), words, def);
		break;
	case CFG_CLASS_STR:
	case CFG_CLASS_BOOL:
		snprintf(out, n, "%s; default %s", config_type_name(k->type), def);
		break;
	default:
		snprintf(out, n, "%s; default %s%s; range %s", config_type_name(k->type), def, hum,
			 range);
		break;
	}
	size_t len = strlen(out);
	if (k->flags & F_IGNORED)
		snprintf(out + len, n - len, "; no effect in kaf");
	else if (k->flags & F_FIXED)
		snprintf(out + len, n - len, "; kaf supports only the default");
}
