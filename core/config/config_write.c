/*
 * Text forms of the configuration: etc/kaf.conf (every key commented out
 * with its default, generated from keys.h and compared with the committed
 * file by the tests) and the effective configuration of `kaf server
 * --print-config`, both readable back by config_load_file.
 */
#include "core/config/config.h"
#include "core/config/config_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/base/buf.h"

__attribute__((format(printf, 2, 3)))
static void put(struct buf *out, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		buf_append(out, tmp, (size_t)n);
		return;
	}
	char *p = (char *)buf_reserve(out, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out->len += (size_t)n;
}

/*
 * A value as a .properties file must spell it to read back the same: escapes
 * for backslash and control characters, and for blanks at either end, which
 * the reader would trim.
 */
static void put_value(struct buf *out, const char *v)
{
	size_t len = strlen(v), end = len;

	while (end > 0 && v[end - 1] == ' ')
		end--;
	for (size_t i = 0; i < len; i++) {
		char c = v[i];
		if (c == '\\')
			buf_append(out, "\\\\", 2);
		else if (c == '\n')
			buf_append(out, "\\n", 2);
		else if (c == '\r')
			buf_append(out, "\\r", 2);
		else if (c == '\t')
			buf_append(out, "\\t", 2);
		else if (c == '\f')
			buf_append(out, "\\f", 2);
		else if (c == ' ' && (i == 0 || i >= end))
			buf_append(out, "\\u0020", 6);	/* survives inih's trimming */
		else
			buf_append(out, &c, 1);
	}
}

static void put_group(struct buf *out, enum config_group g)
{
	const char *name = config_group_name(g);
	int pad = 76 - (int)strlen(name) - 2;

	put(out, "\n");
	for (int i = 0; i < 3; i++)
		put(out, "#");
	put(out, " %s ", name);
	for (int i = 3; i < pad; i++)
		put(out, "#");
	put(out, "\n");
}

void config_write_defaults(struct buf *out)
{
	put(out,
	    "# kaf.conf: configuration of the kaf broker (see kaf.conf(5)).\n"
	    "#\n"
	    "# The syntax and the key names are Kafka's server.properties: key=value\n"
	    "# lines, '#' comments. Every key kaf knows is listed below, commented out,\n"
	    "# with its built-in default; uncomment a line to change it. Keys said to\n"
	    "# have no effect are accepted (with a warning) so Kafka's files load as\n"
	    "# they are.\n"
	    "#\n"
	    "# Precedence: --override KEY=VALUE, then this file, then the defaults.\n"
	    "# Among synonyms: log.retention.ms > log.retention.minutes >\n"
	    "# log.retention.hours, log.roll.ms > log.roll.hours, log.dirs > log.dir,\n"
	    "# node.id > broker.id.\n"
	    "#\n"
	    "# Generated from the key table (core/config/keys.h) by\n"
	    "# `build/tests/tools/config-gen defaults`; the tests fail when this file\n"
	    "# and the table differ.\n");
	for (int g = 0; g < G__COUNT; g++) {
		int first = 1;
		for (int i = 0; i < CFG__COUNT; i++) {
			const struct config_key_info *k = config_key_info((enum config_key)i);
			if ((int)k->group != g)
				continue;
			if (first)
				put_group(out, (enum config_group)g);
			first = 0;
			put(out, "\n# %s\n#%s=", k->help, k->name);
			if (k->def)
				put_value(out, k->def);
			put(out, "\n");
		}
	}
}

void config_write_effective(const struct config *cfg, struct buf *out)
{
	char where[512], ewhere[512];

	put(out, "# kaf broker configuration in effect; the line above each key says where\n"
		 "# its value comes from.\n");
	for (int i = 0; i < CFG__COUNT; i++) {
		enum config_key id = (enum config_key)i;
		const struct config_key_info *k = config_key_info(id);
		const char *text = config_value_text(cfg, id);
		enum config_key e = config_effective_key(cfg, id);

		config_source_format(config_source_of(cfg, id), where, sizeof(where));
		if (text) {
			/* Defaults kaf ignores stay commented out, so reading this back warns only
			 * about what the operator set. */
			int quiet = (k->flags & F_IGNORED) && !config_is_set(cfg, id);
			put(out, "# %s%s\n%s%s=", where, k->flags & F_IGNORED ? ", no effect" : "",
			    quiet ? "#" : "", k->name);
			put_value(out, text);
			put(out, "\n");
			continue;
		}
		if (e == id) {
			put(out, "# unset\n#%s=\n", k->name);
			continue;
		}
		config_source_format(config_source_of(cfg, e), ewhere, sizeof(ewhere));
		const struct config_key_info *ek = config_key_info(e);
		if (config_type_class(k->type) == CFG_CLASS_NUM)
			put(out, "# unset; in effect: %lld from %s=%s (%s)\n#%s=\n",
			    (long long)config_get_num(cfg, id), ek->name, config_value_text(cfg, e),
			    ewhere, k->name);
		else
			put(out, "# unset; in effect: %s=%s (%s)\n#%s=\n", ek->name,
			    config_value_text(cfg, e), ewhere, k->name);
	}
}
