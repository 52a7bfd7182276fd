/*
 * Reading server.properties with inih. inih splits "key=value" / "key:value"
 * and trims blanks; a reader of our own in front of it turns physical lines
 * into Java .properties logical lines, which inih alone does not do:
 *
 *   - a line ending in an odd number of backslashes continues on the next
 *     line (leading blanks of the continuation dropped);
 *   - '#' and '!' start comment lines; nothing starts an inline comment
 *     (a value may hold ';' or '#', e.g. sasl.jaas.config);
 *   - CR LF endings and a UTF-8 BOM are accepted;
 *   - a line may be up to CONFIG_MAX_LINE bytes (inih's default is 200 and
 *     it would silently cut longer lines into pieces);
 *   - a line that is neither blank, comment, section nor key=value is
 *     reported with its physical line number and skipped.
 *
 * Values are unescaped as Java does (\t \n \r \f \uXXXX, "\x" = x), so
 * "C:\\data" means C:\data. The reader remembers where each logical line
 * starts, which is the line number errors name.
 */
#include "core/config/config.h"
#include "core/config/config_int.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/buf.h"
#include "core/base/err.h"

struct props_reader {
	struct config *cfg;
	const char *name;	/* file name in messages */
	FILE *f;		/* file source, or: */
	const char *str;	/* string source */
	size_t str_pos;
	int eof;
	int phys;		/* physical lines consumed */
	int start;		/* first physical line of the current logical line */
	struct buf line;	/* current logical line, '\n'-terminated */
	size_t served;		/* bytes of line given to inih */
	int rc;			/* KAF_ECONFIG once an error was reported */
	char section[128];	/* last section seen, to report it once */
};

static int next_char(struct props_reader *r)
{
	if (r->f)
		return getc(r->f);
	if (!r->str[r->str_pos])
		return EOF;
	return (unsigned char)r->str[r->str_pos++];
}

/*
 * Append one physical line (without its end of line) to out. Returns 0 at
 * end of input with nothing read, 1 otherwise; *too_long when the line
 * passed the limit (the rest of it is consumed and dropped).
 */
static int read_physical(struct props_reader *r, struct buf *out, int *too_long)
{
	int c, any = 0;

	while ((c = next_char(r)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (out->len >= CONFIG_MAX_LINE) {
			*too_long = 1;
			continue;
		}
		uint8_t b = (uint8_t)c;
		buf_append(out, &b, 1);
	}
	if (!any)
		return 0;
	r->phys++;
	if (out->len && out->data[out->len - 1] == '\r')
		out->len--;
	return 1;
}

static size_t skip_blanks(const struct buf *b, size_t i)
{
	while (i < b->len && (b->data[i] == ' ' || b->data[i] == '\t' || b->data[i] == '\f'))
		i++;
	return i;
}

/* Report a problem of the current logical line and blank it. */
static void reject_line(struct props_reader *r, const char *what)
{
	config_report(r->cfg, CONFIG_ERROR, "%s:%d: %s", r->name, r->start, what);
	r->rc = KAF_ECONFIG;
	buf_reset(&r->line);
}

static void check_syntax(struct props_reader *r)
{
	struct buf *b = &r->line;
	size_t i = skip_blanks(b, 0);

	if (i == b->len || b->data[i] == '#' || b->data[i] == '!' || b->data[i] == ';')
		return;
	if (memchr(b->data, '\0', b->len)) {
		reject_line(r, "line holds a NUL byte");
		return;
	}
	if (b->data[i] == '[') {
		if (!memchr(b->data + i, ']', b->len - i))
			reject_line(r, "'[' without ']'");
		return;
	}
	size_t j = i;
	while (j < b->len && b->data[j] != '=' && b->data[j] != ':')
		j++;
	if (j == b->len)
		reject_line(r, "expected key=value");
	else if (j == i)
		reject_line(r, "missing key before the separator");
}

/* Assemble the next logical line into r->line. Returns 0 at end of input. */
static int next_logical(struct props_reader *r)
{
	int first = 1, too_long = 0;

	buf_reset(&r->line);
	r->served = 0;
	for (;;) {
		size_t from = r->line.len;
		if (!read_physical(r, &r->line, &too_long)) {
			if (first)
				return 0;
			break;
		}
		if (first) {
			r->start = r->phys;
			if (r->phys == 1 && r->line.len >= 3 && !memcmp(r->line.data, "\xef\xbb\xbf", 3)) {
				memmove(r->line.data, r->line.data + 3, r->line.len - 3);
				r->line.len -= 3;
			}
			size_t i = skip_blanks(&r->line, 0);
			if (i < r->line.len && (r->line.data[i] == '#' || r->line.data[i] == '!'))
				break;	/* comments never continue */
		} else {
			size_t i = skip_blanks(&r->line, from);
			memmove(r->line.data + from, r->line.data + i, r->line.len - i);
			r->line.len -= i - from;
		}
		first = 0;
		size_t bs = 0;
		while (bs < r->line.len - from && r->line.data[r->line.len - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			break;
		r->line.len--;	/* drop the continuation backslash */
	}
	if (too_long) {
		char what[96];
		snprintf(what, sizeof(what), "line longer than %d bytes", CONFIG_MAX_LINE);
		reject_line(r, what);
	} else {
		check_syntax(r);
	}
	buf_append(&r->line, "\n", 1);
	return 1;
}

/* inih's fgets-style reader: hand out the logical lines in pieces of at most num - 1 bytes. */
static char *props_read(char *str, int num, void *stream)
{
	struct props_reader *r = stream;

	if (num < 2)
		return NULL;
	if (r->served == r->line.len) {
		if (r->eof || !next_logical(r)) {
			r->eof = 1;
			return NULL;
		}
	}
	size_t n = r->line.len - r->served;
	if (n > (size_t)num - 1)
		n = (size_t)num - 1;
	memcpy(str, r->line.data + r->served, n);
	str[n] = '\0';
	r->served += n;
	return str;
}

static unsigned hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	return 16;
}

/* Java .properties escapes, in place (the result is never longer). */
static void props_unescape(char *s)
{
	char *out = s;

	for (const char *p = s; *p; p++) {
		if (*p != '\\') {
			*out++ = *p;
			continue;
		}
		p++;
		switch (*p) {
		case '\0':
			p--;	/* a lone trailing backslash is dropped */
			break;
		case 't': *out++ = '\t'; break;
		case 'n': *out++ = '\n'; break;
		case 'r': *out++ = '\r'; break;
		case 'f': *out++ = '\f'; break;
		case 'u': {
			unsigned cp = 0, i;
			for (i = 1; i <= 4 && hex_value(p[i]) < 16; i++)
				cp = cp * 16 + hex_value(p[i]);
			if (i <= 4) {
				*out++ = 'u';	/* not four hex digits: keep the text */
				break;
			}
			p += 4;
			if (cp < 0x80) {
				*out++ = (char)cp;
			} else if (cp < 0x800) {
				*out++ = (char)(0xc0 | (cp >> 6));
				*out++ = (char)(0x80 | (cp & 0x3f));
			} else {
				*out++ = (char)(0xe0 | (cp >> 12));
				*out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
				*out++ = (char)(0x80 | (cp & 0x3f));
			}
			break;
		}
		default:
			*out++ = *p;
			break;
		}
	}
	*out = '\0';
}

static int props_handler(void *user, const char *section, const char *name, const char *value)
{
	struct props_reader *r = user;
	const struct config_source src = { .origin = CONFIG_FILE, .file = r->name, .line = r->start };

	if (section[0]) {
		if (strcmp(section, r->section)) {
			snprintf(r->section, sizeof(r->section), "%s", section);
			config_report(r->cfg, CONFIG_ERROR,
				      "%s:%d: section [%s]: the broker file takes keys outside any"
				      " section; its keys are ignored",
				      r->name, r->start, section);
			r->rc = KAF_ECONFIG;
		}
		return 1;
	}
	char *key = strdup(name), *val = strdup(value ? value : "");
	if (!key || !val) {
		free(key);
		free(val);
		return 0;
	}
	props_unescape(key);
	props_unescape(val);
	if (config_set(r->cfg, key, val, &src))
		r->rc = KAF_ECONFIG;
	free(key);
	free(val);
	return 1;
}

void config_inih_options(void)
{
	static char comment_prefixes[] = "#!;";

	ini_allow_multiline = false;
	ini_allow_bom = true;
	ini_start_comment_prefixes = comment_prefixes;
	ini_allow_inline_comments = false;
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_initial_alloc = 256;
	ini_max_line = CONFIG_MAX_LINE + 8;
	ini_stop_on_first_error = false;
	ini_allow_no_value = false;
}

static int parse(struct props_reader *r)
{
	config_inih_options();
	int rc = ini_parse_stream(props_read, r, props_handler, r);
	buf_release(&r->line);
	if (rc == -2) {
		config_report(r->cfg, CONFIG_ERROR, "%s: out of memory while reading", r->name);
		return -ENOMEM;
	}
	if (rc > 0) {
		/* Lines inih would refuse were already reported by check_syntax. */
		config_report(r->cfg, CONFIG_ERROR, "%s: syntax error near line %d", r->name,
			      r->start);
		return KAF_ECONFIG;
	}
	if (r->f && ferror(r->f)) {
		config_report(r->cfg, CONFIG_ERROR, "%s: read error", r->name);
		return -EIO;
	}
	return r->rc;
}

int config_load_file(struct config *cfg, const char *path)
{
	struct props_reader r = { .cfg = cfg, .name = path };

	r.f = fopen(path, "re");
	if (!r.f) {
		int e = errno;
		config_report(cfg, CONFIG_ERROR, "%s: cannot open: %s", path, strerror(e));
		return -e;
	}
	int rc = parse(&r);
	fclose(r.f);
	return rc;
}

int config_load_string(struct config *cfg, const char *name, const char *text)
{
	struct props_reader r = { .cfg = cfg, .name = name, .str = text };

	return parse(&r);
}
