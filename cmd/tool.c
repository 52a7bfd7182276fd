/*
 * The client tools' shared options and their resolution (see tool.h for the
 * precedence), the client config file's reading, and the mapping of client
 * failures to exit codes.
 */
#include "cmd/tool.h"

#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "core/base/say.h"
#include "core/config/config.h"

#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Ranks of where a value came from; a higher one wins. */
enum rank { R_DEFAULT, R_FILE_GLOBAL, R_PROFILE, R_COMMAND_CONFIG, R_ENV, R_FLAG };

static const char *const rank_names[] = { "default", "config file", "profile", "-F file",
					  "environment", "flag" };

struct setting {
	const char *value;
	enum rank rank;
};

struct resolve {
	struct tool *t;
	struct setting bootstrap, client_id, security, default_profile;
	const char *file;		/* for messages */
	int flat;			/* reading a -F file: no sections */
	const char *profile;		/* the flag's or KAF_PROFILE, else the file's default */
	int seen_section;		/* the profile's section was found */
	int failed;
};

void tool_init(struct tool *t, const char *cmd, const struct cmd_spec *spec)
{
	memset(t, 0, sizeof(*t));
	t->cmd = cmd;
	t->spec = spec;
	t->output = OUT_TEXT;
	t->json_format = OUT_JSON;
	t->timeout_ms = 10000;
	t->flag_timeout_ms = -1;
	const char *env = getenv("KAF_TIMEOUT");
	if (env && *env) {
		int64_t v;
		if (!opt_parse_duration_ms(env, &v) && v > 0)
			t->timeout_ms = v;
		else
			cmd_warn(cmd, "ignoring KAF_TIMEOUT='%s' (not a duration)", env);
	}
}

void tool_release(struct tool *t)
{
	for (int i = 0; i < t->nowned; i++)
		free(t->owned[i]);
	t->nowned = 0;
}

static const char *keep(struct tool *t, const char *s)
{
	if (t->nowned == (int)(sizeof(t->owned) / sizeof(t->owned[0])))
		return NULL;
	char *p = strdup(s);
	if (!p)
		abort();
	t->owned[t->nowned++] = p;
	return p;
}

int tool_option(struct tool *t, int id, const char *arg)
{
	int64_t v;

	switch (id) {
	case TOOL_O_BOOTSTRAP: t->flag_bootstrap = arg; return 0;
	case TOOL_O_TIMEOUT:
		if (opt_parse_duration_ms(arg, &v) || v <= 0) {
			cmd_usage_error(t->spec, "invalid value '%s' for --timeout", arg);
			return 1;
		}
		t->flag_timeout_ms = v;
		return 0;
	case TOOL_O_PROFILE: t->profile = arg; return 0;
	case TOOL_O_CONFIG_FILE: t->config_file = arg; return 0;
	case TOOL_O_COMMAND_CONFIG: t->command_config = arg; return 0;
	case TOOL_O_CLIENT_OPT:
		if (!strchr(arg, '=') || arg[0] == '=') {
			cmd_usage_error(t->spec, "-X wants KEY=VALUE, not '%s'", arg);
			return 1;
		}
		if (t->nprops == TOOL_MAX_PROPS) {
			cmd_usage_error(t->spec, "too many -X options (at most %d)", TOOL_MAX_PROPS);
			return 1;
		}
		t->props[t->nprops++] = arg;
		return 0;
	case TOOL_O_OUTPUT:
		t->output = !strcmp(arg, "json")    ? OUT_JSON
			    : !strcmp(arg, "jsonl") ? OUT_JSONL
			    : !strcmp(arg, "tsv")   ? OUT_TSV
						    : OUT_TEXT;
		return 0;
	case TOOL_O_JSON: t->output = arg && !strcmp(arg, "0") ? OUT_TEXT : t->json_format; return 0;
	case TOOL_O_NO_HEADERS: t->no_headers = !(arg && !strcmp(arg, "0")); return 0;
	}
	return -1;
}

/* ---- settling the settings ---- */

static void offer(struct setting *s, const char *value, enum rank rank)
{
	if (value && rank >= s->rank) {
		s->value = value;
		s->rank = rank;
	}
}

/* One client property from any source; 0, or -1 after printing why it is refused. */
static int apply_prop(struct resolve *r, const char *key, const char *value, enum rank rank,
		      const char *where)
{
	struct tool *t = r->t;

	if (!strcmp(key, "bootstrap.servers") || !strcmp(key, "metadata.broker.list")) {
		offer(&r->bootstrap, keep(t, value), rank);
	} else if (!strcmp(key, "client.id")) {
		offer(&r->client_id, keep(t, value), rank);
	} else if (!strcmp(key, "security.protocol")) {
		offer(&r->security, keep(t, value), rank);
	} else if (!strncmp(key, "sasl.", 5) || !strncmp(key, "ssl.", 4)) {
		cmd_error(t->cmd, "%s: %s: TLS and SASL are not supported by this version", where, key);
		return -1;
	} else {
		cmd_warn(t->cmd, "%s: ignoring unknown client property '%s'", where, key);
	}
	return 0;
}

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
	struct resolve *r = user;
	const char *v = value ? value : "";

	if (r->flat) {
		/* A -F file: flat key=value, sections have no meaning there. */
		if (section[0]) {
			cmd_warn(r->t->cmd, "%s: ignoring [%s]: a -F file has no sections", r->file,
				 section);
			return 1;
		}
		if (apply_prop(r, name, v, R_COMMAND_CONFIG, r->file))
			r->failed = 1;
		return 1;
	}
	if (!section[0]) {
		if (!strcmp(name, "default"))
			offer(&r->default_profile, keep(r->t, v), R_FILE_GLOBAL);
		else if (apply_prop(r, name, v, R_FILE_GLOBAL, r->file))
			r->failed = 1;
		return 1;
	}
	/* Keys outside sections come first, so "default =" is known by now. */
	if (!r->profile)
		r->profile = r->default_profile.value;
	if (!r->profile || strcmp(section, r->profile))
		return 1;
	r->seen_section = 1;
	if (apply_prop(r, name, v, R_PROFILE, r->file))
		r->failed = 1;
	return 1;
}

static int read_ini(struct resolve *r, const char *path)
{
	config_inih_options();
	r->file = path;
	int rc = ini_parse(path, on_ini, r);
	if (rc == -1) {
		cmd_error(r->t->cmd, "cannot read %s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	if (rc) {
		cmd_error(r->t->cmd, "%s:%d: syntax error (want KEY = VALUE or [profile])", path, rc);
		return EXIT_USAGE;
	}
	return r->failed ? EXIT_USAGE : 0;
}

/* The config file to read: --config-file, KAF_CONFIG, else the XDG default if it exists. */
static const char *config_path(struct tool *t)
{
	static char buf[4096];
	const char *p = t->config_file ? t->config_file : getenv("KAF_CONFIG");

	if (p && *p)
		return p;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, sizeof(buf), "%s/kaf/kaf.conf", xdg);
	else if (home && *home)
		snprintf(buf, sizeof(buf), "%s/.config/kaf/kaf.conf", home);
	else
		return NULL;
	return access(buf, F_OK) ? NULL : buf;
}

int tool_resolve(struct tool *t)
{
	struct resolve r = { .t = t };
	int rc;
	const char *path = config_path(t);

	r.profile = t->profile ? t->profile : getenv("KAF_PROFILE");
	if (r.profile && !*r.profile)
		r.profile = NULL;
	if (path) {
		if ((rc = read_ini(&r, path)))
			return rc;
		if (!r.profile)
			r.profile = r.default_profile.value;
		if (r.profile && !r.seen_section) {
			cmd_error(t->cmd, "%s: no profile [%s]", path, r.profile);
			return EXIT_USAGE;
		}
	} else if (r.profile) {
		cmd_error(t->cmd, "profile '%s' asked for, but there is no client config file "
			  "(~/.config/kaf/kaf.conf, --config-file or KAF_CONFIG)", r.profile);
		return EXIT_USAGE;
	}
	if (t->command_config) {
		r.flat = 1;
		if ((rc = read_ini(&r, t->command_config)))
			return rc;
	}
	offer(&r.bootstrap, getenv("KAF_BROKERS") && *getenv("KAF_BROKERS") ? getenv("KAF_BROKERS")
									     : NULL, R_ENV);
	offer(&r.client_id, getenv("KAF_CLIENT_ID") && *getenv("KAF_CLIENT_ID")
				    ? getenv("KAF_CLIENT_ID") : NULL, R_ENV);
	for (int i = 0; i < t->nprops; i++) {
		char key[256];
		const char *eq = strchr(t->props[i], '=');
		snprintf(key, sizeof(key), "%.*s", (int)(eq - t->props[i]), t->props[i]);
		if (apply_prop(&r, key, eq + 1, R_FLAG, "-X"))
			return EXIT_USAGE;
	}
	offer(&r.bootstrap, t->flag_bootstrap, R_FLAG);
	if (r.security.value && strcasecmp(r.security.value, "PLAINTEXT")) {
		cmd_error(t->cmd, "security.protocol=%s (%s): only PLAINTEXT is supported by this "
			  "version", r.security.value, rank_names[r.security.rank]);
		return EXIT_USAGE;
	}
	t->bootstrap = r.bootstrap.value ? r.bootstrap.value : CLIENT_DEFAULT_BOOTSTRAP;
	t->client_id = r.client_id.value ? r.client_id.value : "kaf";
	if (t->flag_timeout_ms > 0)
		t->timeout_ms = t->flag_timeout_ms;
	t->profile = r.profile;
	say(SAY_INFO, "bootstrap %s (%s)%s%s", t->bootstrap, rank_names[r.bootstrap.rank],
	    r.profile ? ", profile " : "", r.profile ? r.profile : "");
	return 0;
}

/* ---- connecting ---- */

int tool_client_fail(const struct tool *t, struct client *c, int rc)
{
	const char *code = rc == CLIENT_EUNAVAIL ? "UNAVAILABLE" : "PROTOCOL";

	cmd_error(t->cmd, "%s", client_error(c));
	if (t->output == OUT_JSON || t->output == OUT_JSONL) {
		printf("{\"error\":{\"code\":\"%s\",\"message\":", code);
		json_str(stdout, client_error(c), -1);
		printf("}}\n");
	}
	return rc == CLIENT_EUNAVAIL ? EXIT_UNAVAILABLE : EXIT_FAILED;
}

int tool_connect(struct tool *t, struct client *c)
{
	client_init(c, t->bootstrap, t->timeout_ms);
	c->client_id = t->client_id;
	c->debug = cmd_debug_on("protocol");
	int rc = client_connect(c);
	if (rc)
		return tool_client_fail(t, c, rc);
	say(SAY_INFO, "bootstrap %s: connected to %s:%d (Metadata v%d)", c->bootstrap, c->boot.host,
	    c->boot.port, client_version(&c->boot, API_METADATA));
	return 0;
}
