/* The broker configuration: defaults, setting keys, precedence, overrides, checks across keys. */
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/config/config.h"
#include "core/log/log.h"
#include "tests/unit/config/report.h"
#include "tests/unit/tap.h"

static int say_errors;

static void count_say(enum say_level level, const char *msg)
{
	(void)msg;
	if (level == SAY_ERROR)
		say_errors++;
}

static void test_table(void)
{
	int bad_default = 0, bad_syn = 0, dup = 0, bad_help = 0;

	for (int i = 0; i < CFG__COUNT; i++) {
		const struct config_key_info *k = config_key_info((enum config_key)i);
		char err[256];
		int64_t num;
		if (k->def && config_parse_value((enum config_key)i, k->def, &num, err, sizeof(err))) {
			bad_default++;
			printf("# default of %s: %s\n", k->name, err);
		}
		if (k->synonym != CFG_NONE &&
		    (k->synonym >= i || config_key_info(k->synonym)->synonym != CFG_NONE)) {
			bad_syn++;
			printf("# synonym of %s must be an earlier key with no synonym\n", k->name);
		}
		if (config_key_find(k->name) != i)
			dup++;
		if (!k->help[0] || strchr(k->help, '\n') || strlen(k->help) > 100)
			bad_help++;
	}
	is_int(bad_default, 0, "every default parses and is in range");
	is_int(bad_syn, 0, "synonyms point at an earlier head key");
	is_int(dup, 0, "key names are unique");
	is_int(bad_help, 0, "every help text is one line of at most 100 characters");
	ok(CFG__COUNT >= 60, "the table has %d keys", CFG__COUNT);
	is_int(config_key_find("no.such.key"), CFG_NONE, "unknown names are not found");

	say_errors = 0;
	say_set_sink(count_say);
	struct config *cfg = config_new();
	config_free(cfg);
	say_set_sink(NULL);
	is_int(say_errors, 0, "config_new reports nothing");
}

static void test_defaults(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	struct log_config lc;

	is_int(config_num(cfg, CFG_NODE_ID), 1, "node.id defaults to 1");
	is_str(config_str(cfg, CFG_LOG_DIRS), "./data", "log.dirs defaults to ./data");
	is_str(config_str(cfg, CFG_LISTENERS), "PLAINTEXT://127.0.0.1:9092", "listeners default");
	ok(config_str(cfg, CFG_ADVERTISED_LISTENERS) == NULL, "advertised.listeners unset");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 1, "num.partitions 1");
	is_int(config_num(cfg, CFG_MESSAGE_MAX_BYTES), 1048588, "message.max.bytes 1048588");
	is_int(config_num(cfg, CFG_LOG_SEGMENT_BYTES), 1073741824, "log.segment.bytes 1 GiB");
	is_int(config_num(cfg, CFG_LOG_RETENTION_MS), 604800000, "retention 7 days via hours");
	is_int(config_effective_key(cfg, CFG_LOG_RETENTION_MS), CFG_LOG_RETENTION_HOURS,
	       "retention comes from log.retention.hours");
	is_int(config_num(cfg, CFG_LOG_ROLL_MS), 604800000, "roll 7 days via hours");
	is_int(config_num(cfg, CFG_LOG_FLUSH_INTERVAL_MESSAGES), 1, "fsync before ack by default");
	is_int(config_num(cfg, CFG_LOG_FLUSH_INTERVAL_MS), INT64_MAX,
	       "flush.interval.ms falls back to the scheduler interval");
	is_int(config_bool(cfg, CFG_AUTO_CREATE_TOPICS_ENABLE), 1, "auto create on");
	is_int(config_bool(cfg, CFG_UNCLEAN_LEADER_ELECTION_ENABLE), 0, "unclean election off");
	is_int(config_enum(cfg, CFG_LOG_CLEANUP_POLICY), LOG_CLEANUP_DELETE, "cleanup delete");
	is_int(config_enum(cfg, CFG_PROCESS_ROLES), 3, "both roles");
	is_int(config_num(cfg, CFG_OFFSETS_RETENTION_MINUTES), 10080, "offsets 7 days");
	ok(config_double(cfg, CFG_LOG_CLEANER_MIN_CLEANABLE_RATIO) == 0.5, "cleanable ratio 0.5");
	ok(!config_is_set(cfg, CFG_NODE_ID), "defaults are not 'set'");
	is_int(config_source_of(cfg, CFG_NODE_ID)->origin, CONFIG_DEFAULT, "source default");
	is_int(config_validate(cfg), 0, "defaults validate");
	is_int(r.errors + r.warnings, 0, "defaults report nothing");

	memset(&lc, 0x55, sizeof(lc));
	config_log_defaults(cfg, &lc);
	is_int(lc.segment_bytes, 1073741824, "log_config segment_bytes");
	is_int(lc.segment_ms, 604800000, "log_config segment_ms");
	is_int(lc.retention_bytes, -1, "log_config retention_bytes");
	is_int(lc.retention_ms, 604800000, "log_config retention_ms");
	is_int(lc.index_interval_bytes, 4096, "log_config index_interval_bytes");
	is_int(lc.segment_index_bytes, 10485760, "log_config segment_index_bytes");
	is_int(lc.max_message_bytes, 1048588, "log_config max_message_bytes");
	is_int(lc.cleanup_policy, LOG_CLEANUP_DELETE, "log_config cleanup_policy");
	is_int(lc.delete_retention_ms, 86400000, "log_config delete_retention_ms");
	is_int(lc.min_compaction_lag_ms, 0, "log_config min_compaction_lag_ms");
	is_int(lc.flush_messages, 1, "log_config flush_messages");
	is_int(lc.log_append_time, 0, "log_config log_append_time");
	config_free(cfg);
}

static void set_file(struct config *cfg, const char *k, const char *v, int line)
{
	const struct config_source src = { CONFIG_FILE, "t.properties", line };
	config_set(cfg, k, v, &src);
}

static void test_values(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	const struct config_source src = { CONFIG_FILE, "a.properties", 12 };

	is_int(config_set(cfg, "log.segment.bytes", "16MiB", &src), 0, "16MiB accepted");
	is_int(config_num(cfg, CFG_LOG_SEGMENT_BYTES), 16 << 20, "16MiB = 16777216");
	config_set(cfg, "log.segment.bytes", "64KiB", &src);
	is_int(config_num(cfg, CFG_LOG_SEGMENT_BYTES), 65536, "64KiB");
	config_set(cfg, "log.segment.bytes", "1GiB", &src);
	is_int(config_num(cfg, CFG_LOG_SEGMENT_BYTES), 1 << 30, "1GiB");
	config_set(cfg, "log.retention.bytes", "2TiB", &src);
	is_int(config_num(cfg, CFG_LOG_RETENTION_BYTES), 2LL << 40, "2TiB");
	config_set(cfg, "log.retention.bytes", "8M", &src);
	is_int(config_num(cfg, CFG_LOG_RETENTION_BYTES), 8 << 20, "8M = 8 MiB");
	config_set(cfg, "log.segment.bytes", "14", &src);
	is_int(config_num(cfg, CFG_LOG_SEGMENT_BYTES), 14, "minimum 14 accepted");
	is_int(r.errors, 0, "no errors so far");

	is_int(config_set(cfg, "log.segment.bytes", "13", &src), KAF_ECONFIG, "13 below range");
	ok(has_msg(&r, "E: a.properties:12: log.segment.bytes=13: out of range (allowed 14 .. "
		       "2147483647)"),
	   "range error names file:line, key, value and range");
	is_int(config_num(cfg, CFG_LOG_SEGMENT_BYTES), 14, "bad value keeps the old one");
	is_int(config_set(cfg, "log.segment.bytes", "2GiB", &src), KAF_ECONFIG, "2GiB over int");
	is_int(config_set(cfg, "log.segment.bytes", "1KB", &src), KAF_ECONFIG, "KB refused");
	ok(has_msg(&r, "log.segment.bytes=1KB: not a size"), "size error text");
	is_int(config_set(cfg, "log.segment.bytes", "1.5GiB", &src), KAF_ECONFIG, "fractions refused");
	is_int(config_set(cfg, "log.retention.bytes", "99999999999TiB", &src), KAF_ECONFIG,
	       "overflowing size refused");
	is_int(config_set(cfg, "num.partitions", "0", &src), KAF_ECONFIG, "num.partitions 0");
	ok(has_msg(&r, "num.partitions=0: out of range (allowed 1 .. 2147483647)"), "int range text");
	is_int(config_set(cfg, "num.partitions", "2147483648", &src), KAF_ECONFIG, "int overflow");
	is_int(config_set(cfg, "num.partitions", "3x", &src), KAF_ECONFIG, "trailing junk");
	ok(has_msg(&r, "num.partitions=3x: not an integer"), "integer error text");
	is_int(config_set(cfg, "num.partitions", "", &src), KAF_ECONFIG, "empty int");
	is_int(config_set(cfg, "num.partitions", "+4", &src), 0, "leading + accepted");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 4, "+4 = 4");
	is_int(config_set(cfg, "log.retention.check.interval.ms", "0", &src), KAF_ECONFIG,
	       "duration below 1");
	ok(has_msg(&r, "(allowed >= 1)"), "open range shown as >= min");
	is_int(config_set(cfg, "log.retention.ms", "1s", &src), KAF_ECONFIG,
	       "durations are integers of the key's unit");

	is_int(config_set(cfg, "auto.create.topics.enable", "FALSE", &src), 0, "bool any case");
	is_int(config_bool(cfg, CFG_AUTO_CREATE_TOPICS_ENABLE), 0, "FALSE = 0");
	is_int(config_set(cfg, "auto.create.topics.enable", "yes", &src), KAF_ECONFIG, "yes refused");
	ok(has_msg(&r, "auto.create.topics.enable=yes: not true or false"), "bool error text");

	is_int(config_set(cfg, "log.cleanup.policy", "compact, delete", &src), 0, "enum list");
	is_int(config_enum(cfg, CFG_LOG_CLEANUP_POLICY), LOG_CLEANUP_COMPACT | LOG_CLEANUP_DELETE,
	       "compact,delete = both bits");
	is_int(config_set(cfg, "log.cleanup.policy", "compact,purge", &src), KAF_ECONFIG,
	       "unknown policy");
	ok(has_msg(&r, "'purge' is not one of delete, compact"), "enum list error text");
	is_int(config_set(cfg, "log.cleanup.policy", "", &src), KAF_ECONFIG, "empty policy");
	is_int(config_set(cfg, "log.message.timestamp.type", "LogAppendTime", &src), 0, "enum");
	is_int(config_enum(cfg, CFG_LOG_MESSAGE_TIMESTAMP_TYPE), 1, "LogAppendTime = 1");
	is_int(config_set(cfg, "log.message.timestamp.type", "logappendtime", &src), KAF_ECONFIG,
	       "enum words are exact, as in Kafka");
	is_int(config_set(cfg, "log.cleaner.min.cleanable.ratio", "1.5", &src), KAF_ECONFIG,
	       "double range");
	is_int(config_set(cfg, "log.cleaner.min.cleanable.ratio", "0.25", &src), 0, "double");
	ok(config_double(cfg, CFG_LOG_CLEANER_MIN_CLEANABLE_RATIO) == 0.25, "0.25 read back");

	int errors = r.errors;
	is_int(config_set(cfg, "log.retention.hour", "5", &src), 0, "unknown key is not a failure");
	ok(has_msg(&r, "W: a.properties:12: unknown key 'log.retention.hour' ignored (did you mean "
		       "'log.retention.hours'?)"),
	   "unknown key warning names file:line and suggests");
	is_int(config_set(cfg, "num.io.threads", "16", &src), 0, "ignored key accepted");
	ok(has_msg(&r, "W: a.properties:12: num.io.threads is accepted but has no effect"),
	   "ignored key warns");
	is_int(config_num(cfg, CFG_NUM_IO_THREADS), 16, "ignored key still stored");
	is_int(config_set(cfg, "process.roles", "controller,broker", &src), 0, "roles in any order");
	ok(!has_msg(&r, "process.roles=controller,broker"), "both roles do not warn");
	config_set(cfg, "process.roles", "broker", &src);
	ok(has_msg(&r, "W: a.properties:12: process.roles=broker is not supported; kaf runs as "
		       "process.roles=broker,controller"),
	   "an unsupported role warns");
	is_int(r.errors, errors, "warnings are not errors");
	config_free(cfg);
}

static void test_precedence(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);

	set_file(cfg, "log.retention.hours", "2", 1);
	is_int(config_num(cfg, CFG_LOG_RETENTION_MS), 2 * 3600000, "hours alone");
	set_file(cfg, "log.retention.ms", "1234", 2);
	is_int(config_num(cfg, CFG_LOG_RETENTION_MS), 1234, "ms wins over hours");
	set_file(cfg, "log.retention.minutes", "3", 3);
	is_int(config_num(cfg, CFG_LOG_RETENTION_MS), 1234, "ms wins over minutes set later");
	set_file(cfg, "log.retention.ms", "", 4);
	is_int(config_num(cfg, CFG_LOG_RETENTION_MS), 3 * 60000, "minutes win over hours");
	is_int(config_effective_key(cfg, CFG_LOG_RETENTION_MS), CFG_LOG_RETENTION_MINUTES,
	       "effective key is minutes");
	set_file(cfg, "log.retention.minutes", "-1", 5);
	is_int(config_num(cfg, CFG_LOG_RETENTION_MS), -1, "-1 minutes = no limit");
	is_int(config_validate(cfg), 0, "-1 is valid");
	set_file(cfg, "log.retention.minutes", "0", 6);
	is_int(config_validate(cfg), KAF_ECONFIG, "retention 0 refused");
	ok(has_msg(&r, "E: t.properties:6: log.retention.minutes=0 gives a retention of 0 ms"),
	   "retention 0 error names the key that gave it");
	config_free(cfg);

	cfg = new_cfg(&r);
	set_file(cfg, "log.roll.hours", "1", 1);
	is_int(config_num(cfg, CFG_LOG_ROLL_MS), 3600000, "roll hours");
	set_file(cfg, "log.roll.ms", "5000", 2);
	is_int(config_num(cfg, CFG_LOG_ROLL_MS), 5000, "roll ms wins");
	is_int(config_num(cfg, CFG_LOG_ROLL_HOURS), 1, "log.roll.hours keeps its own value");
	set_file(cfg, "log.roll.hours", "0", 3);
	ok(has_msg(&r, "log.roll.hours=0: out of range (allowed 1 .. 2147483647)"), "roll hours >= 1");

	set_file(cfg, "log.dir", "/var/k", 4);
	is_str(config_str(cfg, CFG_LOG_DIRS), "/var/k", "log.dir used when log.dirs unset");
	set_file(cfg, "log.dirs", "/a,/b", 5);
	is_str(config_str(cfg, CFG_LOG_DIRS), "/a,/b", "log.dirs wins over log.dir");
	set_file(cfg, "log.dirs", "/a,,/b", 6);
	ok(has_msg(&r, "log.dirs=/a,,/b: empty directory name"), "empty directory refused");
	set_file(cfg, "log.dirs", "/a, /a", 7);
	ok(has_msg(&r, "directory /a is listed twice"), "duplicate directory refused");

	set_file(cfg, "broker.id", "7", 8);
	is_int(config_num(cfg, CFG_NODE_ID), 7, "broker.id feeds node.id");
	is_int(config_validate(cfg), 0, "broker.id alone is fine");
	set_file(cfg, "node.id", "7", 9);
	is_int(config_validate(cfg), 0, "equal ids are fine");
	set_file(cfg, "node.id", "8", 10);
	is_int(config_validate(cfg), KAF_ECONFIG, "different ids refused");
	ok(has_msg(&r, "E: t.properties:8: broker.id=7 differs from node.id=8 (t.properties:10)"),
	   "id mismatch names both places");
	config_free(cfg);
}

static void test_overrides(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	char where[64];

	is_int(config_load_string(cfg, "s.properties", "num.partitions=3\nlog.dirs=/data/k\n"), 0,
	       "file loads");
	is_int(config_set_override(cfg, "num.partitions=6"), 0, "override accepted");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 6, "override wins over the file");
	config_source_format(config_source_of(cfg, CFG_NUM_PARTITIONS), where, sizeof(where));
	is_str(where, "--override", "override source");
	config_source_format(config_source_of(cfg, CFG_LOG_DIRS), where, sizeof(where));
	is_str(where, "s.properties:2", "file source is file:line");
	is_int(config_set_override(cfg, " log.dirs = /x=y "), 0, "blanks around key and value");
	is_str(config_str(cfg, CFG_LOG_DIRS), "/x=y", "value keeps later '='");
	is_int(config_set_override(cfg, "num.partitions"), KAF_ECONFIG, "no '=' refused");
	ok(has_msg(&r, "E: --override: 'num.partitions' is not KEY=VALUE"), "override syntax error");
	is_int(config_set_override(cfg, "num.partitions=x"), KAF_ECONFIG, "bad override value");
	ok(has_msg(&r, "E: --override: num.partitions=x: not an integer"), "override value error");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 6, "bad override keeps the value");
	config_set_override(cfg, "log.retention.hours=1");
	config_set_override(cfg, "log.retention.ms=");
	is_int(config_num(cfg, CFG_LOG_RETENTION_MS), 3600000, "empty override unsets a null key");
	is_int(config_error_count(cfg), 2, "error count");
	config_free(cfg);
}

static void test_listeners(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	struct config_listener ls[4];
	int n = 0;
	char err[256];

	is_int(config_listeners_parse("PLAINTEXT://:9092,ctl://[::1]:9093,X://h.example:0", ls, 4, &n,
				      err, sizeof(err)),
	       0, "listener list parses");
	is_int(n, 3, "three listeners");
	is_str(ls[0].host, "", "empty host");
	is_int(ls[0].port, 9092, "port");
	is_str(ls[1].name, "CTL", "names upper-cased");
	is_str(ls[1].host, "::1", "IPv6 host without brackets");
	is_str(ls[2].host, "h.example", "host name");
	is_int(config_listeners_parse("localhost:9092", ls, 4, &n, err, sizeof(err)), KAF_ECONFIG,
	       "missing NAME:// refused");
	is_int(config_listeners_parse("A://h:1,A://g:2", ls, 4, &n, err, sizeof(err)), KAF_ECONFIG,
	       "duplicate names refused");
	is_int(config_listeners_parse("A://h:1,B://g:1", ls, 4, &n, err, sizeof(err)), KAF_ECONFIG,
	       "duplicate ports refused");
	is_int(config_listeners_parse("A://h:65536", ls, 4, &n, err, sizeof(err)), KAF_ECONFIG,
	       "port range");

	set_file(cfg, "listeners", "PLAINTEXT://:9092,CONTROLLER://:9093", 1);
	set_file(cfg, "controller.listener.names", "CONTROLLER", 2);
	set_file(cfg, "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT", 3);
	set_file(cfg, "advertised.listeners", "PLAINTEXT://localhost:9092", 4);
	is_int(config_validate(cfg), 0, "Kafka's combined-mode listeners validate");
	is_int(config_listeners(cfg, CFG_LISTENERS, ls, 4, &n), 0, "client listeners");
	is_int(n, 1, "the controller listener is left out");
	is_str(ls[0].protocol, "PLAINTEXT", "protocol from the map");
	is_int(config_listeners(cfg, CFG_ADVERTISED_LISTENERS, ls, 4, &n), 0, "advertised");
	is_str(ls[0].host, "localhost", "advertised host");

	set_file(cfg, "advertised.listeners", "OTHER://h:1", 5);
	is_int(config_validate(cfg), KAF_ECONFIG, "advertised name not among listeners");
	ok(has_msg(&r, "E: t.properties:5: advertised.listeners: OTHER is not one of the listeners"),
	   "advertised name error");
	set_file(cfg, "advertised.listeners", "PLAINTEXT://0.0.0.0:9092", 6);
	is_int(config_validate(cfg), KAF_ECONFIG, "advertising 0.0.0.0 refused");
	set_file(cfg, "advertised.listeners", "", 7);
	is_int(config_validate(cfg), 0, "empty advertised.listeners = unset");
	set_file(cfg, "listeners", "INTERNAL://:9094", 8);
	is_int(config_validate(cfg), KAF_ECONFIG, "a listener name without protocol");
	ok(has_msg(&r, "listener name INTERNAL has no security protocol"), "protocol error text");
	set_file(cfg, "listener.security.protocol.map", "INTERNAL:TLS", 9);
	ok(has_msg(&r, "listener.security.protocol.map=INTERNAL:TLS: 'INTERNAL:TLS' is not "
		       "NAME:PROTOCOL"),
	   "unknown protocol refused");
	set_file(cfg, "controller.quorum.voters", "1@localhost:9093,2@[::1]:9093", 10);
	is_str(config_value_text(cfg, CFG_CONTROLLER_QUORUM_VOTERS), "1@localhost:9093,2@[::1]:9093",
	       "voters syntax accepted");
	set_file(cfg, "controller.quorum.voters", "localhost:9093", 11);
	ok(has_msg(&r, "'localhost:9093' is not id@host:port"), "bad voter refused");
	config_free(cfg);
}

static void test_groups(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);

	set_file(cfg, "group.min.session.timeout.ms", "60000", 1);
	set_file(cfg, "group.max.session.timeout.ms", "30000", 2);
	is_int(config_validate(cfg), KAF_ECONFIG, "min session above max refused");
	ok(has_msg(&r, "E: t.properties:1: group.min.session.timeout.ms=60000 is larger than "
		       "group.max.session.timeout.ms=30000 (t.properties:2)"),
	   "session bounds error");
	config_free(cfg);
}

static void test_print(void)
{
	struct report r, r2;
	struct config *cfg = new_cfg(&r);
	struct buf b = BUF_INIT;

	config_load_string(cfg, "p.properties",
			   "log.dirs=C:\\\\kafka\\\\data\nlog.retention.minutes=30\nnum.io.threads=4\n"
			   "log.dir=\\ x\\ty\\u0020\n");
	is_str(config_value_text(cfg, CFG_LOG_DIR), " x\ty ", "escaped blanks kept");
	config_set_override(cfg, "num.partitions=5");
	config_write_effective(cfg, &b);
	buf_put_u8(&b, 0);
	const char *text = (const char *)b.data;
	ok(strstr(text, "# p.properties:1\nlog.dirs=C:\\\\kafka\\\\data\n") != NULL,
	   "file source and escaped value printed");
	ok(strstr(text, "# --override\nnum.partitions=5\n") != NULL, "override printed");
	ok(strstr(text, "# unset; in effect: 1800000 from log.retention.minutes=30 (p.properties:2)"
			"\n#log.retention.ms=\n") != NULL,
	   "effective value of a synonym chain printed");
	ok(strstr(text, "# p.properties:3, no effect\nnum.io.threads=4\n") != NULL,
	   "ignored key marked");

	struct config *back = new_cfg(&r2);
	is_int(config_load_string(back, "printed", text), 0, "printed config loads back");
	int same = 1;
	for (int i = 0; i < CFG__COUNT; i++) {
		const char *a = config_value_text(cfg, (enum config_key)i);
		const char *c = config_value_text(back, (enum config_key)i);
		if ((a == NULL) != (c == NULL) || (a && strcmp(a, c))) {
			same = 0;
			printf("# %s differs\n", config_key_info((enum config_key)i)->name);
		}
	}
	ok(same, "every value survives the round trip");
	is_str(config_str(back, CFG_LOG_DIRS), "C:\\kafka\\data", "backslashes survive");
	is_int(r2.errors, 0, "no errors loading it back");
	is_int(r2.warnings, 1, "one warning: the ignored key that was set");
	ok(strstr(text, "# default, no effect\n#num.network.threads=3\n") != NULL,
	   "an ignored default is printed commented out");
	config_free(back);
	config_free(cfg);
	buf_release(&b);
}

static void test_summary(void)
{
	char s[256];

	config_key_summary(CFG_LOG_SEGMENT_BYTES, s, sizeof(s));
	is_str(s, "size in bytes; default 1073741824 (1 GiB); range 14 .. 2147483647",
	       "size summary");
	config_key_summary(CFG_LOG_RETENTION_MS, s, sizeof(s));
	is_str(s, "duration in ms; default unset; range >= -1", "nullable duration summary");
	config_key_summary(CFG_LOG_CLEANUP_POLICY, s, sizeof(s));
	is_str(s, "list of delete, compact; default delete", "enum list summary");
	config_key_summary(CFG_NUM_NETWORK_THREADS, s, sizeof(s));
	is_str(s, "int; default 3; range 1 .. 2147483647; no effect in kaf", "ignored key summary");
	config_key_summary(CFG_LOG_CLEANER_DELETE_RETENTION_MS, s, sizeof(s));
	is_str(s, "duration in ms; default 86400000 (1 d); range >= 0", "duration summary");
}

int main(void)
{
	test_table();
	test_defaults();
	test_values();
	test_precedence();
	test_overrides();
	test_listeners();
	test_groups();
	test_print();
	test_summary();
	return tap_done();
}
