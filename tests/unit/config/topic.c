/* Topic-level keys: their broker synonyms, setting them on a struct log_config, reading them back. */
#include "core/base/err.h"
#include "core/config/config.h"
#include "core/log/log.h"
#include "tests/unit/config/report.h"
#include "tests/unit/tap.h"

static void test_table(void)
{
	int bad = 0, applied = 0;

	for (int i = 0; i < config_topic_key_count(); i++) {
		const struct config_topic_key *t = config_topic_key_at(i);
		if (config_topic_key_find(t->name) != t)
			bad++;
		if (t->synonym == CFG_NONE && (!t->help || !t->def))
			bad++;
		if (t->applied) {
			applied++;
			if (t->synonym == CFG_NONE || t->offset + t->size > sizeof(struct log_config))
				bad++;
		}
	}
	is_int(bad, 0, "topic keys are consistent");
	is_int(applied, 13, "every struct log_config field has its topic key");
	ok(config_topic_key_find("retention.ms")->synonym == CFG_LOG_RETENTION_MS,
	   "retention.ms <- log.retention.ms");
	ok(config_topic_key_find("segment.ms")->synonym == CFG_LOG_ROLL_MS, "segment.ms <- log.roll.ms");
	ok(config_topic_key_find("max.message.bytes")->synonym == CFG_MESSAGE_MAX_BYTES,
	   "max.message.bytes <- message.max.bytes");
	ok(config_topic_key_find("segment.index.bytes")->synonym == CFG_LOG_INDEX_SIZE_MAX_BYTES,
	   "segment.index.bytes <- log.index.size.max.bytes");
	ok(config_topic_key_find("log.retention.ms") == NULL, "broker names are not topic keys");
}

static void test_set(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	struct log_config lc;
	char err[256], out[64];

	config_log_defaults(cfg, &lc);
	/* Each applied key once, with a value unlike its default, lands in its own field. */
	static const struct {
		const char *key, *value;
	} sets[] = {
		{ "segment.bytes", "1048576" },	    { "segment.ms", "60000" },
		{ "retention.bytes", "5GiB" },	    { "retention.ms", "0" },
		{ "index.interval.bytes", "128" },  { "segment.index.bytes", "4096" },
		{ "max.message.bytes", "2000000" }, { "cleanup.policy", "compact" },
		{ "delete.retention.ms", "1000" },  { "min.compaction.lag.ms", "10" },
		{ "flush.messages", "100" },	    { "message.timestamp.type", "LogAppendTime" },
	};
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		is_int(config_topic_set(&lc, sets[i].key, sets[i].value, err, sizeof(err)), 0,
		       "set %s=%s", sets[i].key, sets[i].value);
	is_int(lc.segment_bytes, 1048576, "segment_bytes");
	is_int(lc.segment_ms, 60000, "segment_ms");
	is_int(lc.retention_bytes, 5LL << 30, "retention_bytes");
	is_int(lc.retention_ms, 0, "retention_ms 0 is allowed per topic");
	is_int(lc.index_interval_bytes, 128, "index_interval_bytes");
	is_int(lc.segment_index_bytes, 4096, "segment_index_bytes");
	is_int(lc.max_message_bytes, 2000000, "max_message_bytes");
	is_int(lc.cleanup_policy, LOG_CLEANUP_COMPACT, "cleanup_policy");
	is_int(lc.delete_retention_ms, 1000, "delete_retention_ms");
	is_int(lc.min_compaction_lag_ms, 10, "min_compaction_lag_ms");
	is_int(lc.flush_messages, 100, "flush_messages");
	is_int(lc.log_append_time, 1, "log_append_time");

	is_int(config_topic_get(&lc, "cleanup.policy", out, sizeof(out)), 0, "get cleanup.policy");
	is_str(out, "compact", "cleanup.policy text");
	config_topic_set(&lc, "cleanup.policy", "delete,compact", err, sizeof(err));
	config_topic_get(&lc, "cleanup.policy", out, sizeof(out));
	is_str(out, "delete,compact", "both policies text");
	config_topic_get(&lc, "message.timestamp.type", out, sizeof(out));
	is_str(out, "LogAppendTime", "timestamp type text");
	config_topic_get(&lc, "retention.bytes", out, sizeof(out));
	is_str(out, "5368709120", "number text");
	is_int(config_topic_get(&lc, "min.insync.replicas", out, sizeof(out)), KAF_ENOTFOUND,
	       "stored-only keys have no log_config text");

	struct log_config before = lc;
	is_int(config_topic_set(&lc, "retention.ms", "-2", err, sizeof(err)), KAF_ECONFIG,
	       "retention.ms below -1");
	is_str(err, "out of range (allowed >= -1)", "range message");
	is_int(config_topic_set(&lc, "segment.bytes", "10", err, sizeof(err)), KAF_ECONFIG,
	       "segment.bytes below 14");
	is_int(config_topic_set(&lc, "segment.ms", "", err, sizeof(err)), KAF_ECONFIG,
	       "empty value refused");
	is_int(config_topic_set(&lc, "cleanup.policy", "none", err, sizeof(err)), KAF_ECONFIG,
	       "bad policy");
	is_int(config_topic_set(&lc, "retention.hours", "1", err, sizeof(err)), KAF_ENOTFOUND,
	       "unknown topic key");
	is_str(err, "unknown topic config 'retention.hours'", "unknown key message");
	ok(!memcmp(&before, &lc, sizeof(lc)), "failed sets change nothing");

	is_int(config_topic_set(&lc, "min.insync.replicas", "2", err, sizeof(err)), 0,
	       "stored-only key accepted");
	ok(!config_topic_key_find("min.insync.replicas")->applied, "and marked not applied");
	is_int(config_topic_set(&lc, "min.insync.replicas", "0", err, sizeof(err)), KAF_ECONFIG,
	       "stored-only key still checked");
	is_int(config_topic_set(&lc, "compression.type", "zstd", err, sizeof(err)), 0,
	       "compression.type accepted");
	is_int(config_topic_set(&lc, "compression.type", "brotli", err, sizeof(err)), KAF_ECONFIG,
	       "unknown codec refused");
	is_int(config_topic_set(&lc, "message.timestamp.after.max.ms", "3600000", err, sizeof(err)), 0,
	       "topic-only key accepted");
	is_int(config_topic_set(&lc, "message.timestamp.after.max.ms", "-5", err, sizeof(err)),
	       KAF_ECONFIG, "topic-only key range");
	ok(!memcmp(&before, &lc, sizeof(lc)), "stored-only keys leave log_config alone");
	config_free(cfg);
}

static void test_broker_to_log(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	struct log_config lc;

	config_load_string(cfg, "b.properties",
			   "log.retention.minutes=10\nlog.roll.hours=2\nlog.cleanup.policy=compact\n"
			   "log.message.timestamp.type=LogAppendTime\nlog.flush.interval.messages=9\n"
			   "message.max.bytes=1MiB\n");
	config_log_defaults(cfg, &lc);
	is_int(lc.retention_ms, 600000, "retention from minutes");
	is_int(lc.segment_ms, 7200000, "segment.ms from log.roll.hours");
	is_int(lc.cleanup_policy, LOG_CLEANUP_COMPACT, "policy");
	is_int(lc.log_append_time, 1, "LogAppendTime");
	is_int(lc.flush_messages, 9, "flush messages");
	is_int(lc.max_message_bytes, 1 << 20, "max message bytes");
	config_set_override(cfg, "log.retention.hours=-1");
	config_set_override(cfg, "log.retention.minutes=");
	config_log_defaults(cfg, &lc);
	is_int(lc.retention_ms, -1, "hours -1 = no limit");
	is_int(r.errors, 0, "no errors");
	config_free(cfg);
}

int main(void)
{
	test_table();
	test_set();
	test_broker_to_log();
	return tap_done();
}
