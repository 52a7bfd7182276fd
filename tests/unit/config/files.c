/*
 * The files made from the key table cannot drift from it: etc/kaf.conf must
 * be exactly what config_write_defaults prints, and man/kaf.conf.5 must name
 * every broker and topic-level key (and no other) in a ".TP" / ".B key"
 * entry of its KEYS and TOPIC-LEVEL KEYS sections, with the table's type/default/range line under each broker key,
 * and pass `mandoc -Tlint` with nothing worse than style remarks.
 */
#include <stdlib.h>

#include "core/base/buf.h"
#include "core/base/fsutil.h"
#include "core/config/config.h"
#include "tests/unit/config/report.h"
#include "tests/unit/tap.h"

static int read_text(const char *rel, struct buf *b)
{
	char path[512];

	top_path(rel, path, sizeof(path));
	if (!path[0] || file_read_all(path, 4 << 20, b)) {
		printf("# cannot read %s (run from the source tree)\n", rel);
		return -1;
	}
	buf_put_u8(b, 0);
	return 0;
}

static void test_kaf_conf(void)
{
	struct buf want = BUF_INIT, have = BUF_INIT;

	config_write_defaults(&want);
	buf_put_u8(&want, 0);
	if (read_text("etc/kaf.conf", &have)) {
		ok(0, "etc/kaf.conf readable");
		return;
	}
	int same = have.len == want.len && !memcmp(have.data, want.data, want.len);
	ok(same, "etc/kaf.conf is what the key table generates");
	if (!same) {
		/* Point at the first differing line so the fix is obvious. */
		const char *a = (const char *)have.data, *b = (const char *)want.data;
		int line = 1;
		size_t i = 0;
		for (; a[i] && a[i] == b[i]; i++)
			line += a[i] == '\n';
		printf("# first difference at line %d; regenerate with\n"
		       "#   build/tests/tools/config-gen defaults > etc/kaf.conf\n",
		       line);
	}

	/* The generated file is itself a valid configuration equal to the defaults. */
	struct report r;
	struct config *cfg = new_cfg(&r);
	is_int(config_load_string(cfg, "kaf.conf", (const char *)want.data), 0, "kaf.conf loads");
	is_int(r.errors + r.warnings, 0, "and reports nothing (every line is a comment)");
	int keys = 0;
	for (int i = 0; i < CFG__COUNT; i++) {
		char needle[128];
		snprintf(needle, sizeof(needle), "\n#%s=", config_key_info((enum config_key)i)->name);
		keys += strstr((const char *)want.data, needle) != NULL;
	}
	is_int(keys, CFG__COUNT, "every key is in kaf.conf");
	config_free(cfg);
	buf_release(&want);
	buf_release(&have);
}

/* The escaping config-gen uses for roff text. */
static void roff(const char *s, char *out, size_t n)
{
	size_t j = 0;
	for (; *s && j + 3 < n; s++) {
		if (*s == '\\' || *s == '-') {
			out[j++] = '\\';
			out[j++] = *s == '\\' ? 'e' : '-';
		} else {
			out[j++] = *s;
		}
	}
	out[j] = '\0';
}

static int known_key(const char *name)
{
	return config_key_find(name) != CFG_NONE || config_topic_key_find(name) != NULL;
}

static void test_man_page(void)
{
	struct buf man = BUF_INIT;
	int n_keys = CFG__COUNT + config_topic_key_count();
	int *seen = calloc((size_t)n_keys, sizeof(int));
	int stray = 0, bad_summary = 0;

	if (read_text("man/kaf.conf.5", &man)) {
		ok(0, "man/kaf.conf.5 readable");
		free(seen);
		return;
	}
	/* Walk the lines of KEYS and TOPIC-LEVEL KEYS: ".TP", ".B <key>", then the summary line. */
	int in_keys = 0;
	char *text = (char *)man.data, *save = NULL;
	char *prev = "", *line;
	char pending[128] = "";	/* broker key whose summary line comes next */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (pending[0]) {
			char sum[512], esc[1024];
			enum config_key id = config_key_find(pending);
			config_key_summary(id, sum, sizeof(sum));
			roff(sum, esc, sizeof(esc));
			if (strcmp(line, esc)) {
				bad_summary++;
				printf("# %s: man page has '%s', table gives '%s'\n", pending, line, esc);
			}
			pending[0] = '\0';
		}
		if (!strncmp(line, ".SH ", 4))
			in_keys = !strcmp(line, ".SH KEYS") || !strcmp(line, ".SH TOPIC-LEVEL KEYS");
		if (in_keys && !strcmp(prev, ".TP") && !strncmp(line, ".B ", 3)) {
			char name[128];
			const char *src = line + 3;
			size_t j = 0;
			for (; *src && j + 1 < sizeof(name); src++)
				if (!(src[0] == '\\' && src[1] == '-'))
					name[j++] = *src;
			name[j] = '\0';
			enum config_key id = config_key_find(name);
			const struct config_topic_key *t = config_topic_key_find(name);
			if (!known_key(name)) {
				stray++;
				printf("# man page names '%s', which is not in the key table\n", name);
			} else if (id != CFG_NONE && (!t || !seen[id])) {
				/* A name at both levels (min.insync.replicas): broker entry first. */
				seen[id]++;
				snprintf(pending, sizeof(pending), "%s", name);
			} else {
				seen[CFG__COUNT + (int)(t - config_topic_key_at(0))]++;
			}
		}
		prev = line;
	}
	int missing = 0, twice = 0;
	for (int i = 0; i < n_keys; i++) {
		const char *name = i < CFG__COUNT ? config_key_info((enum config_key)i)->name
						  : config_topic_key_at(i - CFG__COUNT)->name;
		if (!seen[i]) {
			missing++;
			printf("# %s is not in man/kaf.conf.5\n", name);
		} else if (seen[i] > 1) {
			twice++;
			printf("# %s has %d entries in man/kaf.conf.5\n", name, seen[i]);
		}
	}
	is_int(missing, 0, "every broker and topic-level key has an entry in man/kaf.conf.5");
	is_int(stray, 0, "every entry of man/kaf.conf.5 is a key of the table");
	is_int(twice, 0, "no key has two entries");
	is_int(bad_summary, 0, "every broker key's type/default/range line matches the table");
	free(seen);
	buf_release(&man);
}

static void test_mandoc(void)
{
	char path[512], cmd[700], out[4096];
	size_t n = 0;

	top_path("man/kaf.conf.5", path, sizeof(path));
	/* -Wwarning: report warnings and worse, not style remarks. */
	snprintf(cmd, sizeof(cmd), "mandoc -Tlint -Wwarning '%s' 2>&1", path);
	FILE *p = popen(cmd, "r");
	if (!p) {
		ok(0, "mandoc runs");
		return;
	}
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	int rc = pclose(p);
	ok(rc == 0 && n == 0, "mandoc -Tlint finds no warnings in man/kaf.conf.5");
	if (n)
		printf("# %s", out);
	if (rc != 0 && n == 0)
		printf("# mandoc exited with %d (is it installed?)\n", rc);
}

/* Compile a snippet against config.h; returns the compiler's exit status. */
static int compile(const char *body)
{
	char top[512], cmd[1024];
	const char *cc = getenv("CC");

	top_path(".", top, sizeof(top));
	snprintf(cmd, sizeof(cmd), "%s -std=gnu11 -fsyntax-only -I'%s' -x c - 2>/dev/null",
		 cc && *cc ? cc : "cc", top);
	FILE *p = popen(cmd, "w");
	if (!p)
		return -1;
	fprintf(p, "#include \"core/config/config.h\"\n%s\n", body);
	return pclose(p);
}

static void test_typed_getters(void)
{
	is_int(compile("long long f(const struct config *c) { return config_num(c, CFG_NUM_PARTITIONS)"
		       " + config_bool(c, CFG_DELETE_TOPIC_ENABLE) + config_enum(c, CFG_LOG_CLEANUP_POLICY)"
		       " + (config_str(c, CFG_LOG_DIRS) != 0); }"),
	       0, "getters of the right type compile");
	ok(compile("long long f(const struct config *c) { return config_num(c, CFG_LOG_DIRS); }") != 0,
	   "config_num of a list key does not compile");
	ok(compile("int f(const struct config *c) { return config_bool(c, CFG_NUM_PARTITIONS); }") != 0,
	   "config_bool of an int key does not compile");
}

int main(void)
{
	test_typed_getters();
	test_kaf_conf();
	test_man_page();
	test_mandoc();
	return tap_done();
}
