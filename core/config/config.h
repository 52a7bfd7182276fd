/*
 * The broker configuration: typed values for every key of core/config/keys.h,
 * where each value came from (built-in default, file:line, --override), and
 * the mapping of the broker keys onto a partition's struct log_config.
 *
 * The file is Kafka's server.properties format read with inih: key=value or
 * key:value lines outside any section, '#' or '!' comment lines, no inline
 * comments, Java escapes and backslash line continuation; a later duplicate
 * wins. Unknown keys and keys kaf accepts but does not act on are warnings;
 * bad values are errors naming file:line, the key, the value and the allowed
 * range. Messages go to the report callback (the command layer prints
 * them), or through say_* when none is set.
 *
 * Use:  cfg = config_new(); config_set_report(cfg, fn, ctx);
 *       config_load_file(cfg, path); config_set_override(cfg, "k=v") ...;
 *       config_validate(cfg); config_log_defaults(cfg, &lc); ...; config_free(cfg).
 * A config is not thread-safe; loading also sets inih's process-wide knobs,
 * so load files from one thread (at start-up).
 */
#ifndef KAF_CONFIG_CONFIG_H
#define KAF_CONFIG_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "core/config/keys.h"

struct buf;
struct log_config;

enum config_key {
	CFG_NONE = -1,
#define CFG_ENUM_(id, ...) CFG_##id,
	CFG_KEYS(CFG_ENUM_)
#undef CFG_ENUM_
	CFG__COUNT
};

enum config_type {
	T_STRING, T_LIST, T_INT, T_LONG, T_BOOL, T_SIZE, T_MS, T_MINUTES, T_HOURS, T_DOUBLE,
	T_ENUM, T_ENUMLIST,
};

/* Which getter reads a type: config_str, config_num, config_bool, config_enum, config_double. */
enum config_class { CFG_CLASS_STR, CFG_CLASS_NUM, CFG_CLASS_BOOL, CFG_CLASS_ENUM, CFG_CLASS_DOUBLE };

#define F_IGNORED 1
#define F_FIXED 2
#define F_ALIAS 4

enum config_group { G_SERVER, G_NET, G_LOG, G_RETENTION, G_FLUSH, G_CLEANER, G_REPLICATION,
		    G_GROUPS, G_TXN, G__COUNT };

/* One row of the key table. Static; never freed. */
struct config_key_info {
	const char *name;
	enum config_type type;
	const char *def;		/* NULL = unset by default */
	int64_t min, max;
	const char *values;		/* "a|b" for T_ENUM / T_ENUMLIST */
	int flags;			/* F_* */
	enum config_key synonym;	/* the key this one yields to, or CFG_NONE */
	enum config_group group;
	const char *help;
};

enum config_origin { CONFIG_DEFAULT, CONFIG_FILE, CONFIG_OVERRIDE };

struct config_source {
	enum config_origin origin;
	const char *file;		/* CONFIG_FILE: path as given */
	int line;			/* CONFIG_FILE: first line of the entry, from 1 */
};

enum config_severity { CONFIG_ERROR, CONFIG_WARNING };

/* msg is one line without a trailing newline, e.g. "a.properties:3: unknown key 'x' ignored". */
typedef void (*config_report_fn)(void *ctx, enum config_severity sev, const char *msg);

struct config;

/* A config holding every key's default. Never NULL (allocation failure aborts). */
struct config *config_new(void);
void config_free(struct config *cfg);

/* Where errors and warnings go; NULL = say_error / say_warn. */
void config_set_report(struct config *cfg, config_report_fn fn, void *ctx);
/* Errors and warnings reported so far. */
int config_error_count(const struct config *cfg);
int config_warning_count(const struct config *cfg);

/*
 * Read a server.properties file. Every line is checked and every problem
 * reported; good lines are applied even when others fail. Returns 0,
 * KAF_ECONFIG (something reported as an error) or -errno (cannot open;
 * also reported).
 */
int config_load_file(struct config *cfg, const char *path);
/* The same over text in memory; name stands for the file in messages. */
int config_load_string(struct config *cfg, const char *name, const char *text);

/*
 * Set one key from text. src says where it came from (file is copied).
 * Unknown keys warn and return 0 (Kafka's behaviour); accepted-but-ignored
 * keys warn and are stored; a bad value is reported and returns KAF_ECONFIG
 * with the old value kept.
 */
int config_set(struct config *cfg, const char *key, const char *value,
	       const struct config_source *src);
/* "key=value" from --override: last one wins, over the file. */
int config_set_override(struct config *cfg, const char *key_eq_value);

/*
 * Checks across keys, after the file and overrides: node.id vs broker.id,
 * retention 0, session timeout bounds, compaction lags, listener names and
 * protocols, advertised listeners, log dirs. Reports each problem; returns
 * 0 or KAF_ECONFIG.
 */
int config_validate(struct config *cfg);

/* Broker defaults for a partition log (Kafka's topic defaults), precedence applied. */
void config_log_defaults(const struct config *cfg, struct log_config *lc);

/* ---- getters ---- */

/*
 * Type-checked getters: the key must be a literal CFG_* name, and a getter of
 * the wrong class does not compile. A key that other keys feed
 * (log.retention.ms, log.roll.ms, log.dirs, node.id, ...) reads as the value
 * in effect: its own if set, else the first synonym set (converted to its
 * unit; negative durations read -1), else the first default among them.
 *   config_str    T_STRING, T_LIST; NULL when unset; owned by cfg until the key changes
 *   config_num    T_INT, T_LONG, T_SIZE, T_MS, T_MINUTES, T_HOURS; unset = 0
 *   config_bool   T_BOOL
 *   config_enum   T_ENUM: index of the word in values; T_ENUMLIST: bit mask
 *   config_double T_DOUBLE
 */
enum {
#define CFG_CLASS_(id, name, type, ...) CFG__CLASS_CFG_##id = CFG__CLASS_OF_##type,
#define CFG__CLASS_OF_T_STRING CFG_CLASS_STR
#define CFG__CLASS_OF_T_LIST CFG_CLASS_STR
#define CFG__CLASS_OF_T_INT CFG_CLASS_NUM
#define CFG__CLASS_OF_T_LONG CFG_CLASS_NUM
#define CFG__CLASS_OF_T_SIZE CFG_CLASS_NUM
#define CFG__CLASS_OF_T_MS CFG_CLASS_NUM
#define CFG__CLASS_OF_T_MINUTES CFG_CLASS_NUM
#define CFG__CLASS_OF_T_HOURS CFG_CLASS_NUM
#define CFG__CLASS_OF_T_BOOL CFG_CLASS_BOOL
#define CFG__CLASS_OF_T_ENUM CFG_CLASS_ENUM
#define CFG__CLASS_OF_T_ENUMLIST CFG_CLASS_ENUM
#define CFG__CLASS_OF_T_DOUBLE CFG_CLASS_DOUBLE
	CFG_KEYS(CFG_CLASS_)
#undef CFG_CLASS_
};

/* A negative array size stops the build when the key's class is not cls. */
#define CFG__CHECK(id, cls) (0 * sizeof(char[(int)CFG__CLASS_##id == (int)(cls) ? 1 : -1]))
#define config_str(cfg, id) config_get_str((cfg), (enum config_key)((id) + CFG__CHECK(id, CFG_CLASS_STR)))
#define config_num(cfg, id) config_get_num((cfg), (enum config_key)((id) + CFG__CHECK(id, CFG_CLASS_NUM)))
#define config_bool(cfg, id) config_get_bool((cfg), (enum config_key)((id) + CFG__CHECK(id, CFG_CLASS_BOOL)))
#define config_enum(cfg, id) config_get_enum((cfg), (enum config_key)((id) + CFG__CHECK(id, CFG_CLASS_ENUM)))
#define config_double(cfg, id) \
	config_get_double((cfg), (enum config_key)((id) + CFG__CHECK(id, CFG_CLASS_DOUBLE)))

/*
 * Run-time forms for code that walks the table. A wrong class reports through
 * say_error and reads 0, except config_get_str, which gives any other key's
 * own text (as config_value_text).
 */
const char *config_get_str(const struct config *cfg, enum config_key id);
int64_t config_get_num(const struct config *cfg, enum config_key id);
int config_get_bool(const struct config *cfg, enum config_key id);
int config_get_enum(const struct config *cfg, enum config_key id);
double config_get_double(const struct config *cfg, enum config_key id);

/* The key's own text (no synonyms), NULL when unset. Owned by cfg until that key changes. */
const char *config_value_text(const struct config *cfg, enum config_key id);
/* Set explicitly (file or override), not a default. */
int config_is_set(const struct config *cfg, enum config_key id);
const struct config_source *config_source_of(const struct config *cfg, enum config_key id);
/* The key whose value is in effect for id (itself, or a synonym feeding it). */
enum config_key config_effective_key(const struct config *cfg, enum config_key id);
/* "default", "server.properties:12" or "--override" into out. */
void config_source_format(const struct config_source *src, char *out, size_t n);

/* ---- the table ---- */

const struct config_key_info *config_key_info(enum config_key id);
enum config_key config_key_find(const char *name);	/* CFG_NONE if unknown */
enum config_class config_type_class(enum config_type t);
const char *config_type_name(enum config_type t);	/* "size", "duration (ms)", ... */
const char *config_group_name(enum config_group g);
/* "size in bytes; default 1073741824 (1 GiB); range 14 .. 2147483647" */
void config_key_summary(enum config_key id, char *out, size_t n);

/* ---- writers ---- */

/* etc/kaf.conf: every key, commented out, with its default and help line. */
void config_write_defaults(struct buf *out);
/*
 * --print-config: every key in effect, "# <source>" above each "key=value";
 * unset keys and defaults of ignored keys commented out, so the text loads
 * back to the same configuration with warnings only for what was set.
 */
void config_write_effective(const struct config *cfg, struct buf *out);

/* ---- value grammar (shared with topic configs) ---- */

/*
 * Parse text as a value of key id's type and range: 0 with *num set (the
 * number in the key's unit, bool 0/1, enum index or mask; 0 for strings and
 * doubles), or KAF_ECONFIG with a message such as "out of range (allowed
 * 14 .. 2147483647)" in err. Also runs the key's syntax check (listeners, ...).
 */
int config_parse_value(enum config_key id, const char *text, int64_t *num, char *err, size_t errlen);
/* Sizes: 4096, 64KiB, 16MiB, 1GiB, 2TiB, 1k, 8M, 1G (binary multiples). */
int config_parse_size(const char *text, int64_t *out);
/* Next comma-separated item of a list, whitespace trimmed, into item; NULL after the last. */
const char *config_list_next(const char *p, char *item, size_t n);

/* ---- listeners ---- */

struct config_listener {
	char name[64];			/* "PLAINTEXT", "INTERNAL" */
	char host[256];			/* "" = every interface; IPv6 without brackets */
	int port;
	char protocol[16];		/* from listener.security.protocol.map */
};

/* Parse "NAME://host:port,..." into out (up to max); KAF_ECONFIG with a message in err. */
int config_listeners_parse(const char *list, struct config_listener *out, int max, int *n,
			   char *err, size_t errlen);
/*
 * The client listeners of which (CFG_LISTENERS, or CFG_ADVERTISED_LISTENERS,
 * which falls back to listeners when unset), without controller.listener.names,
 * each with its security protocol. Call after config_validate succeeded.
 */
int config_listeners(const struct config *cfg, enum config_key which, struct config_listener *out,
		     int max, int *n);

/* ---- topic-level keys ---- */

/* Type, default, range and help of a key with a synonym are the synonym's (config_key_info). */
struct config_topic_key {
	const char *name;		/* "retention.ms" */
	enum config_key synonym;	/* broker default, CFG_NONE for topic-only keys */
	int applied;			/* 1 = sets a struct log_config field */
	size_t offset, size;		/* that field, when applied */
	enum config_type type;		/* topic-only keys: */
	const char *def;
	int64_t min, max;
	const char *values;
	const char *help;
};

int config_topic_key_count(void);
const struct config_topic_key *config_topic_key_at(int i);
const struct config_topic_key *config_topic_key_find(const char *name);	/* NULL if unknown */

/*
 * Apply one topic-level key (CreateTopics / AlterConfigs) to lc. Returns 0
 * (also for keys that are only stored: check ->applied), KAF_ENOTFOUND for an
 * unknown key, KAF_ECONFIG for a bad value; err says what is wrong.
 */
int config_topic_set(struct log_config *lc, const char *key, const char *value, char *err,
		     size_t errlen);
/* Text of an applied topic key's value in lc (for DescribeConfigs); KAF_ENOTFOUND otherwise. */
int config_topic_get(const struct log_config *lc, const char *key, char *out, size_t n);
/*
 * The text DescribeConfigs shows for topic key: value (an override) parsed
 * with the key's type and printed canonically (numbers in the key's unit,
 * enum words from the table, true/false); value NULL = the value without an
 * override: the broker's in effect for the synonym (precedence and unit
 * applied), or a topic-only key's default. Returns 0, 1 when there is no
 * value (nothing set, no default: out ""), KAF_ENOTFOUND for an unknown key,
 * KAF_ECONFIG when value does not parse.
 */
int config_topic_value_text(const struct config *cfg, const char *key, const char *value, char *out,
			    size_t n);

/*
 * Set inih's process-wide knobs the way kaf's files are read: '#', '!' and
 * ';' start comment lines only (values may hold them), no continuation by
 * indentation, long lines allowed (a sasl.jaas.config line is long).
 */
void config_inih_options(void);

#endif
