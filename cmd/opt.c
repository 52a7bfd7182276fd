/*
 * The option parser every command shares (GNU getopt_long rules, driven by
 * one struct opt table per command), the value grammars for sizes,
 * durations and integers, the --help/-h printer and the "did you mean"
 * helper. Messages go through cmd_usage_error so every usage error has the
 * same three-line shape.
 */
#include "cmd/opt.h"

#include "cmd/cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HELP_COLUMNS 80
#define HELP_MAX_OPT_WIDTH 30	/* longer option columns put the help on the next line */
#define NBSP '\x01'		/* a space opt_print_wrapped never breaks at ("[default: 1]") */

/* ---- value grammars ---- */

/* Digits only: no sign, no spaces, no empty string. */
static int parse_digits(const char **sp, int64_t *out)
{
	const char *s = *sp;
	int64_t v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (INT64_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*sp = s;
	*out = v;
	return 0;
}

int opt_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || !(*s == '-' || *s == '+' || (*s >= '0' && *s <= '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Binary multiples only: "KB" and "MB" are refused because they mean 1000 to some and 1024 to others. */
int opt_parse_size(const char *s, int64_t *out)
{
	static const struct {
		const char *unit;
		int shift;
	} units[] = {
		{ "", 0 }, { "b", 0 },
		{ "k", 10 }, { "kib", 10 },
		{ "m", 20 }, { "mib", 20 },
		{ "g", 30 }, { "gib", 30 },
		{ "t", 40 }, { "tib", 40 },
	};
	int64_t v;

	if (!s || parse_digits(&s, &v))
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(s, units[i].unit))
			continue;
		if (v > (INT64_MAX >> units[i].shift))
			return -1;
		*out = v << units[i].shift;
		return 0;
	}
	return -1;
}

/* "250ms", "5s", "1h30m"; a bare number is milliseconds. */
int opt_parse_duration_ms(const char *s, int64_t *out)
{
	static const struct {
		const char *unit;
		int64_t ms;
	} units[] = {	/* "ms" before "m" */
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 }, { "d", 86400000 },
	};
	int64_t total = 0, v;

	if (!s || parse_digits(&s, &v))
		return -1;
	if (!*s) {
		*out = v;
		return 0;
	}
	for (;;) {
		size_t i, n = sizeof(units) / sizeof(units[0]);
		for (i = 0; i < n; i++)
			if (!strncmp(s, units[i].unit, strlen(units[i].unit)))
				break;
		if (i == n || v > (INT64_MAX - total) / units[i].ms)
			return -1;
		total += v * units[i].ms;
		s += strlen(units[i].unit);
		if (!*s)
			break;
		if (parse_digits(&s, &v))
			return -1;
	}
	*out = total;
	return 0;
}

/* ---- did you mean ---- */

/* Optimal string alignment distance (Levenshtein plus adjacent swaps). */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	enum { MAXLEN = 64 };
	size_t d[MAXLEN + 1][MAXLEN + 1];

	if (la > MAXLEN || lb > MAXLEN)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

void opt_suggest_init(struct opt_suggest *s, const char *word)
{
	*s = (struct opt_suggest){ .word = word, .best_dist = (size_t)-1 };
}

void opt_suggest_add(struct opt_suggest *s, const char *name, size_t len, const char *answer,
		     size_t answer_len)
{
	size_t wl = strlen(s->word);
	size_t dist = edit_distance(s->word, wl, name, len);

	/* "dump" for "dump-log": a prefix counts as close. */
	if (wl >= 2 && wl < len && !strncmp(name, s->word, wl) && dist > 1)
		dist = 1;
	if (dist > 2 || dist >= wl || dist >= s->best_dist)
		return;
	s->best = answer;
	s->best_len = answer_len;
	s->best_dist = dist;
}

const char *opt_suggest_best(const struct opt_suggest *s, size_t *len)
{
	if (len)
		*len = s->best_len;
	return s->best;
}

/* ---- table lookups ---- */

static int long_matches(const struct opt *o, const char *name, size_t len)
{
	const char *a = o->aliases;

	if (o->long_name && strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
		return 1;
	while (a && *a) {
		size_t n = strcspn(a, ",");
		if (n == len && !strncmp(a, name, len))
			return 1;
		a += n + (a[n] == ',');
	}
	return 0;
}

/* The option called --name (or an alias); *negated set for --no-NAME of a flag. */
static const struct opt *find_long(const struct opt *opts, const char *name, size_t len,
				   int *negated)
{
	*negated = 0;
	for (const struct opt *o = opts; o && o->id; o++)
		if (long_matches(o, name, len))
			return o;
	if (len > 3 && !strncmp(name, "no-", 3)) {
		for (const struct opt *o = opts; o && o->id; o++) {
			if (o->type == OPT_FLAG && long_matches(o, name + 3, len - 3)) {
				*negated = 1;
				return o;
			}
		}
	}
	return NULL;
}

static const struct opt *find_short(const struct opt *opts, char c)
{
	for (const struct opt *o = opts; o && o->id; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

static void suggest_from(struct opt_suggest *sg, const struct opt *opts)
{
	for (const struct opt *o = opts; o && o->id; o++) {
		const char *a = o->aliases;
		if (!o->long_name || o->hidden)
			continue;
		size_t ln = strlen(o->long_name);
		opt_suggest_add(sg, o->long_name, ln, o->long_name, ln);
		while (a && *a) {
			size_t n = strcspn(a, ",");
			opt_suggest_add(sg, a, n, o->long_name, ln);
			a += n + (a[n] == ',');
		}
	}
}

/* ---- parsing ---- */

struct parse {
	const struct cmd_spec *spec;
	opt_handler handler;
	void *ctx;
};

static int range_set(const struct opt *o)
{
	return o->min || o->max;
}

/* Check arg against the option's grammar; name is what the user typed. */
static int check_value(const struct parse *p, const struct opt *o, const char *name,
		       const char *arg)
{
	int64_t v, min = range_set(o) ? o->min : INT64_MIN, max = range_set(o) ? o->max : INT64_MAX;
	const char *what = NULL, *like = NULL;

	switch (o->type) {
	case OPT_FLAG:
	case OPT_STRING:
		return 0;
	case OPT_INT:
		if (!opt_parse_int(arg, min, max, &v))
			return 0;
		if (range_set(o))
			return cmd_usage_error(p->spec, "invalid value '%s' for %s (an integer from %lld to %lld)",
					       arg, name, (long long)min, (long long)max);
		return cmd_usage_error(p->spec, "invalid value '%s' for %s (an integer)", arg, name);
	case OPT_SIZE:
		if (!opt_parse_size(arg, &v) && v >= min && v <= max)
			return 0;
		what = "size";
		like = "4096, 64KiB, 16MiB, 1GiB";
		break;
	case OPT_DURATION:
		if (!opt_parse_duration_ms(arg, &v) && v >= min && v <= max)
			return 0;
		what = "duration";
		like = "250ms, 5s, 2m, 1h, 1d";
		break;
	case OPT_ENUM: {
		const char *w = o->values;
		size_t al = strlen(arg);
		while (w && *w) {
			size_t n = strcspn(w, "|");
			if (n == al && !strncmp(w, arg, n))
				return 0;
			w += n + (w[n] == '|');
		}
		return cmd_usage_error(p->spec, "invalid value '%s' for %s (one of: %s)", arg, name,
				       o->values ? o->values : "");
	}
	}
	if (range_set(o))
		return cmd_usage_error(p->spec, "invalid %s '%s' for %s (like %s; from %lld to %lld)",
				       what, arg, name, like, (long long)min, (long long)max);
	return cmd_usage_error(p->spec, "invalid %s '%s' for %s (like %s)", what, arg, name, like);
}

/* Hand a checked option to the command's handler, or to the global one. */
static int deliver(const struct parse *p, const struct opt *o, int global, const char *name,
		   const char *arg)
{
	int rc = check_value(p, o, name, arg);

	if (rc)
		return OPT_PARSE_USAGE;
	rc = global ? cmd_global_option(p->spec, o->id, arg) : p->handler(p->ctx, o->id, arg);
	return rc ? OPT_PARSE_USAGE : OPT_PARSE_OK;
}

static int unknown_long(const struct parse *p, const char *arg, size_t len)
{
	struct opt_suggest sg;
	char word[128];
	size_t n;
	const char *best;

	snprintf(word, sizeof(word), "%.*s", (int)len, arg);
	opt_suggest_init(&sg, word);
	suggest_from(&sg, p->spec ? p->spec->opts : NULL);
	suggest_from(&sg, cmd_global_opts);
	opt_suggest_add(&sg, "help", 4, "help", 4);
	best = opt_suggest_best(&sg, &n);
	if (best)
		cmd_usage_error(p->spec, "unknown option '--%s'; did you mean '--%.*s'?", word, (int)n,
				best);
	else
		cmd_usage_error(p->spec, "unknown option '--%s'", word);
	return OPT_PARSE_USAGE;
}

static int parse_long(const struct parse *p, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '='), *arg = NULL;
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	int negated = 0, global = 0;
	const struct opt *o = find_long(p->spec->opts, name, len, &negated);
	char shown[128];

	if (!o && len == 4 && !strncmp(name, "help", 4) && !eq) {
		opt_print_help(p->spec, 0);
		return OPT_PARSE_HELP;
	}
	if (!o) {
		o = find_long(cmd_global_opts, name, len, &negated);
		global = 1;
	}
	if (!o)
		return unknown_long(p, name, len);
	snprintf(shown, sizeof(shown), "--%.*s", (int)len, name);
	if (o->type == OPT_FLAG) {
		if (eq) {
			cmd_usage_error(p->spec, "option '%s' takes no value", shown);
			return OPT_PARSE_USAGE;
		}
		return deliver(p, o, global, shown, negated ? "0" : NULL);
	}
	if (negated) {
		/* --no-X of an option with a value: not a thing. */
		return unknown_long(p, name, len);
	}
	if (eq)
		arg = eq + 1;
	else if (*i + 1 < argc)
		arg = argv[++*i];
	else {
		cmd_usage_error(p->spec, "option '%s' needs a value", shown);
		return OPT_PARSE_USAGE;
	}
	return deliver(p, o, global, shown, arg);
}

static int parse_short(const struct parse *p, int argc, char **argv, int *i)
{
	const char *a = argv[*i];

	for (int j = 1; a[j]; j++) {
		const struct opt *o = find_short(p->spec->opts, a[j]);
		int global = 0, rc;
		char shown[3] = { '-', a[j], 0 };

		if (!o && a[j] == 'h') {
			opt_print_help(p->spec, 1);
			return OPT_PARSE_HELP;
		}
		if (!o) {
			o = find_short(cmd_global_opts, a[j]);
			global = 1;
		}
		if (!o) {
			if ((unsigned char)a[j] < 0x20 || (unsigned char)a[j] >= 0x7f)
				cmd_usage_error(p->spec, "unknown option in '%s'", a);
			else
				cmd_usage_error(p->spec, "unknown option '-%c'", a[j]);
			return OPT_PARSE_USAGE;
		}
		if (o->type == OPT_FLAG) {
			rc = deliver(p, o, global, shown, NULL);
			if (rc)
				return rc;
			continue;
		}
		/* -Xk=v: the rest of the word is the value; -X k=v: the next word is. */
		if (a[j + 1])
			return deliver(p, o, global, shown, a + j + 1);
		if (*i + 1 >= argc) {
			cmd_usage_error(p->spec, "option '%s' needs a value", shown);
			return OPT_PARSE_USAGE;
		}
		return deliver(p, o, global, shown, argv[++*i]);
	}
	return OPT_PARSE_OK;
}

int opt_parse(const struct cmd_spec *spec, int argc, char **argv, opt_handler handler, void *ctx,
	      char ***operands, int *noperands)
{
	struct parse p = { .spec = spec, .handler = handler, .ctx = ctx };
	int w = 1, only_operands = 0, rc;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];

		/* Slot w <= i is already read, so operands pack down without losing anything. */
		if (only_operands || a[0] != '-' || !a[1]) {
			argv[w++] = a;
			if (spec->options_first || spec->subs)
				only_operands = 1;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_operands = 1;
			continue;
		}
		rc = a[1] == '-' ? parse_long(&p, argc, argv, &i) : parse_short(&p, argc, argv, &i);
		if (rc)
			return rc;
	}
	*operands = argv + 1;
	*noperands = w - 1;
	if (w - 1 < spec->min_operands) {
		cmd_usage_error(spec, "missing operand");
		return OPT_PARSE_USAGE;
	}
	if (spec->max_operands >= 0 && w - 1 > spec->max_operands) {
		cmd_usage_error(spec, "unexpected operand '%s'", argv[1 + spec->max_operands]);
		return OPT_PARSE_USAGE;
	}
	return OPT_PARSE_OK;
}

/* ---- help ---- */

void opt_print_wrapped(FILE *f, const char *text, int indent, int first_col)
{
	int col = first_col;

	while (*text) {
		size_t n = strcspn(text, " ");
		if (col > indent && col + 1 + (int)n > HELP_COLUMNS) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		} else if (col < indent) {
			fprintf(f, "%*s", indent - col, "");
			col = indent;
		}
		for (size_t i = 0; i < n; i++)
			fputc(text[i] == NBSP ? ' ' : text[i], f);
		col += (int)n;
		text += n;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

static const char *arg_shown(const struct opt *o)
{
	if (o->arg_name)
		return o->arg_name;
	switch (o->type) {
	case OPT_FLAG:
		return NULL;
	case OPT_INT:
		return "N";
	case OPT_SIZE:
		return "SIZE";
	case OPT_DURATION:
		return "DURATION";
	case OPT_ENUM:
		return o->values ? o->values : "WORD";
	case OPT_STRING:
		break;
	}
	return "VALUE";
}

/* "  -o, --output FORMAT" into buf; returns its length. */
static int opt_column(const struct opt *o, char *buf, size_t size)
{
	const char *arg = arg_shown(o);
	/* A flag that is on by default is worth showing with its --no- form. */
	const char *no = o->type == OPT_FLAG && o->def ? "[no-]" : "";
	int n;

	if (o->short_name && o->long_name)
		n = snprintf(buf, size, "  -%c, --%s%s", o->short_name, no, o->long_name);
	else if (o->short_name)
		n = snprintf(buf, size, "  -%c", o->short_name);
	else
		n = snprintf(buf, size, "      --%s%s", no, o->long_name);
	if (arg && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - n, " %s", arg);
	return n < 0 ? 0 : (size_t)n >= size ? (int)size - 1 : n;
}

static void print_one(FILE *f, const struct opt *o, int width, int brief)
{
	char col[160], text[512];
	int n = opt_column(o, col, sizeof(col));

	fputs(col, f);
	if (brief) {
		fputc('\n', f);
		return;
	}
	snprintf(text, sizeof(text), "%s%s%s%s%s", o->help ? o->help : "",
		 o->def ? " [default:\x01" : "", o->def ? o->def : "", o->def ? "]" : "",
		 o->repeatable ? " (repeatable)" : "");
	if (n + 2 > width) {
		fputc('\n', f);
		n = 0;
	}
	opt_print_wrapped(f, text, width, n);
}

/* The visible options of a table, then extra (if any), in one aligned column. */
static void print_options(FILE *f, const struct opt *opts, const struct opt *extra, int brief)
{
	char col[160];
	int width = 0;

	for (const struct opt *o = opts; o && o->id; o++) {
		int n = o->hidden ? 0 : opt_column(o, col, sizeof(col)) + 2;
		if (n > width && n <= HELP_MAX_OPT_WIDTH)
			width = n;
	}
	if (extra && opt_column(extra, col, sizeof(col)) + 2 > width)
		width = opt_column(extra, col, sizeof(col)) + 2;
	for (const struct opt *o = opts; o && o->id; o++)
		if (!o->hidden)
			print_one(f, o, width, brief);
	if (extra)
		print_one(f, extra, width, brief);
}

void opt_print_options(FILE *f, const struct opt *opts, int brief)
{
	print_options(f, opts, NULL, brief);
}

/* A long example breaks with a backslash, so it still pastes into a shell. */
static void print_example(FILE *f, const char *e)
{
	int col = 2;

	fputs("  ", f);
	while (*e) {
		size_t n = strcspn(e, " ");
		if (col > 2 && col + 1 + (int)n > HELP_COLUMNS - 2) {
			fputs(" \\\n      ", f);
			col = 6;
		} else if (col > 2) {
			fputc(' ', f);
			col++;
		}
		fwrite(e, 1, n, f);
		col += (int)n;
		e += n;
		while (*e == ' ')
			e++;
	}
	fputc('\n', f);
}

void opt_print_usage(FILE *f, const struct cmd_spec *spec)
{
	if (!spec || !spec->name)
		fprintf(f, "Usage: kaf [options] COMMAND [ARGS...]\n");
	else
		fprintf(f, "Usage: kaf %s%s%s\n", spec->name, spec->usage ? " " : "",
			spec->usage ? spec->usage : "");
}

void opt_print_help(const struct cmd_spec *spec, int brief)
{
	static const struct opt help_opt = {
		.id = -1, .short_name = 'h', .long_name = "help", .type = OPT_FLAG,
		.help = "show this help (-h: the short form)",
	};
	FILE *f = stdout;
	const char *name = spec->name ? spec->name : "";
	size_t page = strcspn(name, " ");
	int dummy;

	opt_print_usage(f, spec);
	if (!brief && spec->summary) {
		fputc('\n', f);
		opt_print_wrapped(f, spec->summary, 0, 0);
	}
	if (spec->subs) {
		/* The summaries line up after the longest subcommand name. */
		int width = 12;
		for (const struct cmd_spec *const *s = spec->subs; *s; s++) {
			const char *sub = strrchr((*s)->name, ' ');
			int len = (int)strlen(sub ? sub + 1 : (*s)->name);
			width = len > width ? len : width;
		}
		fprintf(f, "\nCommands:\n");
		for (const struct cmd_spec *const *s = spec->subs; *s; s++) {
			const char *sub = strrchr((*s)->name, ' ');
			sub = sub ? sub + 1 : (*s)->name;
			if (brief) {
				fprintf(f, "  %s\n", sub);
				continue;
			}
			fprintf(f, "  %-*s", width, sub);
			opt_print_wrapped(f, (*s)->summary ? (*s)->summary : "", width + 4, width + 2);
		}
	}
	fprintf(f, "\nOptions:\n");
	print_options(f, spec->opts, find_long(spec->opts, "help", 4, &dummy) ? NULL : &help_opt,
		      brief);
	if (brief)
		return;
	if (spec->examples && spec->examples[0]) {
		fprintf(f, "\nExamples:\n");
		for (const char *const *e = spec->examples; *e; e++)
			print_example(f, *e);
	}
	if (spec->man_page)
		fprintf(f, "\nSee 'man %s' for details.\n", spec->man_page);
	else if (page)
		fprintf(f, "\nSee 'man kaf-%.*s' for details.\n", (int)page, name);
	else
		fprintf(f, "\nSee 'man kaf' for details.\n");
}
