/*
 * Syntax of the address-like keys: listeners and advertised.listeners
 * ("NAME://host:port,..."; host may be empty for every interface, IPv6 in
 * brackets), listener.security.protocol.map ("NAME:PROTOCOL,..."),
 * controller.quorum.voters ("id@host:port,...") and log.dirs.
 */
#include "core/config/config.h"
#include "core/config/config_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/base/err.h"

static const char *const protocols[] = { "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL" };

static int is_protocol(const char *s)
{
	for (size_t i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++)
		if (!strcmp(s, protocols[i]))
			return 1;
	return 0;
}

/* Listener names are compared upper-cased, as Kafka does. */
static int name_ok(const char *s, size_t len)
{
	if (len == 0 || len >= 64)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

static int parse_port(const char *s, int *port)
{
	char *end;
	if (!isdigit((unsigned char)*s))
		return -1;
	long v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

/* "host:port" or "[v6]:port" or ":port" into host and port. */
static int parse_hostport(const char *s, char *host, size_t hn, int *port)
{
	const char *colon;

	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= hn)
			return -1;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= hn || memchr(s, ':', (size_t)(colon - s)))
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
		for (const char *p = host; *p; p++)
			if (isspace((unsigned char)*p) || *p == '/' || *p == '@')
				return -1;
	}
	return parse_port(colon + 1, port);
}

int config_listeners_parse(const char *list, struct config_listener *out, int max, int *n,
			   char *err, size_t errlen)
{
	char item[512];
	int count = 0;

	*n = 0;
	if (!list || !*list) {
		snprintf(err, errlen, "no listener given");
		return KAF_ECONFIG;
	}
	for (const char *p = list; (p = config_list_next(p, item, sizeof(item)));) {
		struct config_listener l;
		char *sep = strstr(item, "://");

		memset(&l, 0, sizeof(l));
		if (!sep || !name_ok(item, (size_t)(sep - item)) ||
		    parse_hostport(sep + 3, l.host, sizeof(l.host), &l.port)) {
			char shown[96];
			config_show_value(item, shown, sizeof(shown));
			snprintf(err, errlen, "'%s' is not NAME://host:port", shown);
			return KAF_ECONFIG;
		}
		for (size_t i = 0; i < (size_t)(sep - item); i++)
			l.name[i] = (char)toupper((unsigned char)item[i]);
		for (int i = 0; i < count; i++) {
			if (!strcmp(out[i].name, l.name)) {
				snprintf(err, errlen, "listener name %s appears twice", l.name);
				return KAF_ECONFIG;
			}
			if (l.port && out[i].port == l.port) {
				snprintf(err, errlen, "port %d is used by two listeners", l.port);
				return KAF_ECONFIG;
			}
		}
		if (count == max) {
			snprintf(err, errlen, "more than %d listeners", max);
			return KAF_ECONFIG;
		}
		out[count++] = l;
	}
	*n = count;
	return 0;
}

int config_check_listeners(const char *text, char *err, size_t n)
{
	struct config_listener ls[CONFIG_MAX_LISTENERS];
	int count;

	return config_listeners_parse(text, ls, CONFIG_MAX_LISTENERS, &count, err, n);
}

int config_check_protocol_map(const char *text, char *err, size_t n)
{
	char item[128], seen[CONFIG_MAX_LISTENERS * 4][64];
	int count = 0;

	for (const char *p = text; (p = config_list_next(p, item, sizeof(item)));) {
		char *colon = strchr(item, ':');
		if (!colon || !name_ok(item, (size_t)(colon - item)) || !is_protocol(colon + 1)) {
			char shown[96];
			config_show_value(item, shown, sizeof(shown));
			snprintf(err, n,
				 "'%s' is not NAME:PROTOCOL with PROTOCOL one of PLAINTEXT, SSL,"
				 " SASL_PLAINTEXT, SASL_SSL",
				 shown);
			return KAF_ECONFIG;
		}
		*colon = '\0';
		for (int i = 0; i < count; i++)
			if (!strcasecmp(seen[i], item)) {
				snprintf(err, n, "listener name %s is mapped twice", item);
				return KAF_ECONFIG;
			}
		if (count == (int)(sizeof(seen) / sizeof(seen[0]))) {
			snprintf(err, n, "too many entries");
			return KAF_ECONFIG;
		}
		memcpy(seen[count++], item, strlen(item) + 1);	/* name_ok: < 64 bytes */
	}
	return 0;
}

int config_check_voters(const char *text, char *err, size_t n)
{
	char item[512], host[256];
	int port;

	for (const char *p = text; (p = config_list_next(p, item, sizeof(item)));) {
		char *at = strchr(item, '@'), *end;
		long id = at ? strtol(item, &end, 10) : -1;
		if (!at || end != at || at == item || id < 0 ||
		    parse_hostport(at + 1, host, sizeof(host), &port) || !host[0]) {
			char shown[96];
			config_show_value(item, shown, sizeof(shown));
			snprintf(err, n, "'%s' is not id@host:port", shown);
			return KAF_ECONFIG;
		}
	}
	return 0;
}

int config_check_dirs(const char *text, char *err, size_t n)
{
	char item[4096], other[4096];
	int count = 0;

	for (const char *p = text; (p = config_list_next(p, item, sizeof(item))); count++) {
		if (!item[0]) {
			snprintf(err, n, "empty directory name in the list");
			return KAF_ECONFIG;
		}
		/* Compare with the items before this one; lists are short. */
		const char *q = text;
		for (int i = 0; i < count && (q = config_list_next(q, other, sizeof(other))); i++) {
			if (!strcmp(other, item)) {
				snprintf(err, n, "directory %s is listed twice", item);
				return KAF_ECONFIG;
			}
		}
	}
	if (count == 0) {
		snprintf(err, n, "no directory given");
		return KAF_ECONFIG;
	}
	return 0;
}

void config_protocol_lookup(const char *map, const char *name, char *out, size_t n)
{
	char item[128];

	for (const char *p = map; (p = config_list_next(p, item, sizeof(item)));) {
		char *colon = strchr(item, ':');
		if (!colon)
			continue;
		*colon = '\0';
		if (!strcasecmp(item, name)) {
			snprintf(out, n, "%s", colon + 1);
			return;
		}
	}
	snprintf(out, n, "%s", is_protocol(name) ? name : "");
}

int config_listeners(const struct config *cfg, enum config_key which, struct config_listener *out,
		     int max, int *n)
{
	const char *list = config_get_str(cfg, which);
	const char *ctrl = config_str(cfg, CFG_CONTROLLER_LISTENER_NAMES);
	const char *map = config_str(cfg, CFG_LISTENER_SECURITY_PROTOCOL_MAP);
	struct config_listener all[CONFIG_MAX_LISTENERS];
	char err[256], item[128];
	int count = 0, kept = 0;

	*n = 0;
	if (which == CFG_ADVERTISED_LISTENERS && !list)
		list = config_str(cfg, CFG_LISTENERS);
	else if (which != CFG_LISTENERS && which != CFG_ADVERTISED_LISTENERS)
		return KAF_ECONFIG;
	if (config_listeners_parse(list, all, CONFIG_MAX_LISTENERS, &count, err, sizeof(err)))
		return KAF_ECONFIG;
	for (int i = 0; i < count; i++) {
		int is_ctrl = 0;
		for (const char *p = ctrl; (p = config_list_next(p, item, sizeof(item)));)
			is_ctrl |= !strcasecmp(item, all[i].name);
		if (is_ctrl)
			continue;
		if (kept == max)
			return KAF_ETOOBIG;
		out[kept] = all[i];
		config_protocol_lookup(map ? map : "", all[i].name, out[kept].protocol,
				       sizeof(out[kept].protocol));
		kept++;
	}
	*n = kept;
	return 0;
}
