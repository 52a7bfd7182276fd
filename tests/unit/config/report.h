/*
 * Shared by the config tests: a report callback that keeps every message,
 * and the way to find the source tree (tests run from the top directory;
 * a few levels up are tried so a test started elsewhere still finds it).
 */
#ifndef KAF_TESTS_UNIT_CONFIG_REPORT_H
#define KAF_TESTS_UNIT_CONFIG_REPORT_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/config/config.h"

struct report {
	char text[16384];	/* "E: msg\n" / "W: msg\n" lines */
	int errors, warnings;
};

static void report_cb(void *ctx, enum config_severity sev, const char *msg)
{
	struct report *r = ctx;
	size_t len = strlen(r->text);
	snprintf(r->text + len, sizeof(r->text) - len, "%s: %s\n", sev == CONFIG_ERROR ? "E" : "W",
		 msg);
	if (sev == CONFIG_ERROR)
		r->errors++;
	else
		r->warnings++;
}

__attribute__((unused))
static struct config *new_cfg(struct report *r)
{
	struct config *cfg = config_new();
	memset(r, 0, sizeof(*r));
	config_set_report(cfg, report_cb, r);
	return cfg;
}

__attribute__((unused))
static int has_msg(const struct report *r, const char *needle)
{
	return strstr(r->text, needle) != NULL;
}

/* Path of a file of the source tree into out, "" when it cannot be found. */
__attribute__((unused))
static const char *top_path(const char *rel, char *out, size_t n)
{
	static const char *const ups[] = { "", "../", "../../", "../../../", "../../../../" };
	for (size_t i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
		char probe[512];
		snprintf(probe, sizeof(probe), "%score/config/keys.h", ups[i]);
		if (access(probe, R_OK) == 0) {
			snprintf(out, n, "%s%s", ups[i], rel);
			return out;
		}
	}
	snprintf(out, n, "%s", "");
	return out;
}

#endif
