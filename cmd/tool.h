/*
 * What every client tool (topics, produce, consume, groups) shares: the
 * connection options and where their values come from, the output options,
 * opening the client, and turning a client failure into an exit code.
 *
 * A setting's value comes from, highest first: a flag (-b, -X), the KAF_*
 * environment, the -F/--command-config file, the selected profile's section
 * of the client config file, that file's keys outside any section, and the
 * built-in default. The config file is INI (kaf(1) CLIENT CONFIGURATION):
 *
 *	default = local
 *	[local]
 *	bootstrap.servers = 127.0.0.1:9092
 */
#ifndef KAF_CMD_TOOL_H
#define KAF_CMD_TOOL_H

#include <stdint.h>

#include "cmd/table.h"
#include "net/client/client.h"

struct cmd_spec;

/* Option ids of the shared options; a command's own ids stay below TOOL_O_FIRST. */
enum {
	TOOL_O_FIRST = 1000,
	TOOL_O_BOOTSTRAP = TOOL_O_FIRST, TOOL_O_TIMEOUT, TOOL_O_PROFILE, TOOL_O_CONFIG_FILE,
	TOOL_O_COMMAND_CONFIG, TOOL_O_CLIENT_OPT, TOOL_O_OUTPUT, TOOL_O_JSON, TOOL_O_NO_HEADERS,
};

/* The connection options, as rows of a command's option table. */
#define TOOL_CONNECT_OPTS \
	{ .id = TOOL_O_BOOTSTRAP, .short_name = 'b', .long_name = "bootstrap-server", \
	  .type = OPT_STRING, .arg_name = "HOST:PORT,...", .aliases = "brokers,bootstrap-servers", \
	  .def = CLIENT_DEFAULT_BOOTSTRAP, .help = "brokers to start from [env: KAF_BROKERS]" }, \
	{ .id = TOOL_O_TIMEOUT, .long_name = "timeout", .type = OPT_DURATION, .arg_name = "DUR", \
	  .def = "10s", .min = 1, .max = 86400000, \
	  .help = "give up after DUR, retries included [env: KAF_TIMEOUT]" }, \
	{ .id = TOOL_O_PROFILE, .long_name = "profile", .type = OPT_STRING, .arg_name = "NAME", \
	  .help = "section of the client config file to use [env: KAF_PROFILE]" }, \
	{ .id = TOOL_O_CONFIG_FILE, .long_name = "config-file", .type = OPT_STRING, \
	  .arg_name = "FILE", .complete = "file", \
	  .help = "client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]" }, \
	{ .id = TOOL_O_COMMAND_CONFIG, .short_name = 'F', .long_name = "command-config", \
	  .type = OPT_STRING, .arg_name = "FILE", .complete = "file", \
	  .help = "key=value client properties over the profile" }, \
	{ .id = TOOL_O_CLIENT_OPT, .short_name = 'X', .long_name = "client-opt", \
	  .type = OPT_STRING, .arg_name = "KEY=VALUE", .repeatable = 1, \
	  .aliases = "command-property", .help = "set a client property (bootstrap.servers, client.id)" }

/* The output options; values is "text|tsv|json" or with jsonl for streams. */
#define TOOL_OUTPUT_OPTS(values_, def_) \
	{ .id = TOOL_O_OUTPUT, .long_name = "output", .type = OPT_ENUM, .arg_name = "FORMAT", \
	  .values = values_, .def = def_, .help = "print " values_ }, \
	{ .id = TOOL_O_JSON, .short_name = 'J', .long_name = "json", .type = OPT_FLAG, \
	  .help = "json output (jsonl for record streams)" }, \
	{ .id = TOOL_O_NO_HEADERS, .long_name = "no-headers", .type = OPT_FLAG, \
	  .help = "text tables without the header row" }

#define TOOL_MAX_PROPS 32

struct tool {
	const char *cmd;		/* "topics create", for messages */
	const struct cmd_spec *spec;	/* for usage errors */
	enum out_format output;
	enum out_format json_format;	/* what -J means: OUT_JSON or OUT_JSONL */
	int no_headers;

	/* Resolved by tool_resolve. */
	const char *bootstrap;
	const char *client_id;
	int64_t timeout_ms;

	/* Where values came from, for -v and the resolution. */
	const char *profile;
	const char *config_file;	/* NULL = the default path, if it exists */
	const char *command_config;
	const char *props[TOOL_MAX_PROPS];	/* -X KEY=VALUE in order */
	int nprops;
	const char *flag_bootstrap;
	int64_t flag_timeout_ms;	/* -1 = not given */
	char *owned[64];		/* strings kept from the files */
	int nowned;
};

/* Defaults and the KAF_* environment; cmd and spec name the command for messages. */
void tool_init(struct tool *t, const char *cmd, const struct cmd_spec *spec);
void tool_release(struct tool *t);

/*
 * Apply a shared option: 0 when taken, 1 after a usage error was printed,
 * -1 when id is not a shared option (the command handles it).
 */
int tool_option(struct tool *t, int id, const char *arg);

/*
 * After parsing: read the config files and settle each setting. Returns 0,
 * or an exit code after printing the error (a named file missing or
 * malformed, an unknown profile, a property this build does not support).
 */
int tool_resolve(struct tool *t);

/* Open the client against the resolved bootstrap list; 0 or an exit code. */
int tool_connect(struct tool *t, struct client *c);

/*
 * Report a client failure ("kaf topics X: error: no broker reachable ...")
 * and return its exit code: 4 for unavailable, 1 otherwise. In json mode
 * the error document goes to stdout too.
 */
int tool_client_fail(const struct tool *t, struct client *c, int rc);

#endif
