/*
 * The log directory brought in line with the metadata: partition logs
 * missing after a crash created, logs of a deleted topic (or of partitions
 * a re-created topic no longer has) removed, every log given its topic's
 * settings, the metadata log and logs the metadata never knew left alone;
 * and a topic's log settings from broker defaults plus its overrides.
 */
#include "tests/unit/meta/metatest.h"
#include "core/config/config.h"
#include "core/record/batch.h"

static int has_log(struct node *n, const char *topic, int32_t p)
{
	return log_dir_find(n->logs, topic, p) != NULL;
}

static int dir_exists(const char *dir, const char *name)
{
	char p[400];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

static void put_text(const char *path, const char *text)
{
	file_write_atomic(path, text, strlen(text));
}

static void test_topic_log_config(void)
{
	struct config *cfg = config_new();
	struct log_config lc;
	struct meta_config c[] = { { "cleanup.policy", "compact" }, { "retention.ms", "1000" },
				   { "segment.bytes", "1048576" } };
	struct meta_topic t = { .name = "t", .configs = c, .nconfigs = 3 };
	is_int(config_set_override(cfg, "log.retention.hours=1"), 0, "broker retention 1 h");
	is_int(config_set_override(cfg, "log.segment.bytes=2097152"), 0, "broker segment 2 MiB");
	struct meta_topic plain = { .name = "p" };
	is_int(meta_topic_log_config(cfg, &plain, &lc), 0, "no overrides");
	ok(lc.retention_ms == 3600000 && lc.segment_bytes == 2097152 &&
	   lc.cleanup_policy == LOG_CLEANUP_DELETE, "broker defaults");
	is_int(meta_topic_log_config(cfg, &t, &lc), 0, "with overrides");
	ok(lc.retention_ms == 1000 && lc.segment_bytes == 1048576 &&
	   lc.cleanup_policy == LOG_CLEANUP_COMPACT, "overrides win");
	struct meta_config bad[] = { { "retention.ms", "soon" }, { "segment.bytes", "1048576" } };
	struct meta_topic tb = { .name = "b", .configs = bad, .nconfigs = 2 };
	is_int(meta_topic_log_config(cfg, &tb, &lc), KAF_ECONFIG, "a bad stored value is reported");
	ok(lc.retention_ms == 3600000 && lc.segment_bytes == 1048576, "the others still applied");
	config_free(cfg);
}

static void test_reconcile(void)
{
	char dir[300];
	struct node n;
	struct config *cfg = config_new();
	struct meta_config c[] = { { "retention.ms", "1000" } };
	data_dir_new(dir, sizeof(dir));
	node_open(&n, dir);

	/* Topics recorded, then a crash before their logs were made. */
	create(n.m, "t", 2, c, 1);
	create(n.m, "u", 1, NULL, 0);
	node_crash(&n);
	is_int(node_open(&n, dir), 0, "reopen after the crash");
	ok(!has_log(&n, "t", 0) && !has_log(&n, "u", 0), "no topic logs yet");
	is_int(meta_reconcile_logs(n.m, n.logs, cfg, T0), 3, "three logs created");
	ok(has_log(&n, "t", 0) && has_log(&n, "t", 1) && has_log(&n, "u", 0), "t-0, t-1, u-0");
	ok(log_get_config(log_dir_find(n.logs, "t", 1))->retention_ms == 1000,
	   "t's logs have its retention.ms");
	ok(log_get_config(log_dir_find(n.logs, "u", 0))->retention_ms == 7 * 24 * 3600000LL,
	   "u's logs have the broker's");
	is_int(meta_reconcile_logs(n.m, n.logs, cfg, T0), 0, "a second pass changes nothing");
	ok(log_get_config(log_dir_find(n.logs, META_LOG_TOPIC, 0))->retention_ms == -1,
	   "the metadata log keeps its own settings");

	/* Settings changed in the metadata reach the logs. */
	struct meta_config c2[] = { { "retention.ms", "2000" } };
	meta_alter_topic_configs(n.m, "t", c2, 1, T0);
	is_int(meta_reconcile_logs(n.m, n.logs, cfg, T0), 0, "new settings are not counted as repairs");
	ok(log_get_config(log_dir_find(n.logs, "t", 0))->retention_ms == 2000, "applied");

	/* Deleted in the metadata, then a crash before the logs were removed. */
	is_int(meta_delete_topic(n.m, "t", T0), 0, "delete t");
	struct log *l;
	log_dir_create(n.logs, "stranger", 0, NULL, T0, &l);
	node_crash(&n);
	node_open(&n, dir);
	ok(has_log(&n, "t", 0) && has_log(&n, "t", 1), "t's logs are still there");
	said_warnings = 0;
	say_set_sink(say_count);
	/* The reopened logs have log_config_default's settings: u-0 gets the broker's again. */
	is_int(meta_reconcile_logs(n.m, n.logs, cfg, T0), 2, "two logs removed (u-0's settings not counted)");
	say_set_sink(NULL);
	ok(!has_log(&n, "t", 0) && !has_log(&n, "t", 1) && !dir_exists(dir, "t-0") &&
	   !dir_exists(dir, "t-1"), "t-0 and t-1 gone from disk");
	ok(has_log(&n, "stranger", 0) && dir_exists(dir, "stranger-0"),
	   "a log the metadata never knew is left in place");
	ok(said_warnings == 1 && strstr(said_last, "stranger-0"), "with a warning: %s", said_last);
	ok(has_log(&n, META_LOG_TOPIC, 0) && has_log(&n, "u", 0), "the metadata log and u stay");
	log_dir_remove(n.logs, "stranger", 0);

	/* Re-created with fewer partitions: the old topic's logs go, even t-0. */
	create(n.m, "t", 2, NULL, 0);
	is_int(meta_reconcile_logs(n.m, n.logs, cfg, T0), 2, "the new t's logs");
	char pm[400], want[64], idtext[23];
	struct buf b = BUF_INIT;
	meta_uuid_format(&meta_topic_find(n.m, "t", 1)->id, idtext);
	snprintf(want, sizeof(want), "version: 0\ntopic_id: %s", idtext);
	snprintf(pm, sizeof(pm), "%s/t-1/partition.metadata", dir);
	is_str(read_text(pm, &b), want, "partition.metadata names the topic id, as Kafka writes it");
	/* Some data in the old t-0. */
	struct batch_builder bb;
	struct buf batch = BUF_INIT;
	batch_builder_init(&bb, NULL);
	batch_builder_add(&bb, T0, -1, NULL, -1, "old", 3, NULL, 0);
	batch_builder_finish(&bb, 0, -1, &batch);
	batch_builder_release(&bb);
	is_int(log_append(log_dir_find(n.logs, "t", 0), batch.data, batch.len, 0, T0, NULL), 0,
	       "a record in the old t-0");
	buf_release(&batch);
	meta_delete_topic(n.m, "t", T0);
	create(n.m, "t", 1, NULL, 0);
	is_int(meta_reconcile_logs(n.m, n.logs, cfg, T0), 3,
	       "t-1 of the old t removed, its t-0 replaced (removed, created)");
	ok(has_log(&n, "t", 0) && !has_log(&n, "t", 1), "t-0 exists, t-1 gone");
	is_int(log_end_offset(log_dir_find(n.logs, "t", 0)), 0, "the new t-0 is empty");
	meta_uuid_format(&meta_topic_find(n.m, "t", 1)->id, idtext);
	snprintf(want, sizeof(want), "version: 0\ntopic_id: %s", idtext);
	snprintf(pm, sizeof(pm), "%s/t-0/partition.metadata", dir);
	is_str(read_text(pm, &b), want, "the new t-0 names the new id");

	/* Logs made by someone else (a handler) without the file get it. */
	create(n.m, "v", 1, NULL, 0);
	struct log_config lc;
	meta_topic_log_config(cfg, meta_topic_find(n.m, "v", 1), &lc);
	log_dir_create(n.logs, "v", 0, &lc, T0, &l);
	is_int(meta_reconcile_logs(n.m, n.logs, cfg, T0), 0, "a log with the right settings: no change");
	snprintf(pm, sizeof(pm), "%s/v-0/partition.metadata", dir);
	ok(read_text(pm, &b) && strstr((char *)b.data, "topic_id: "), "but it got its partition.metadata");
	put_text(pm, "garbage");
	said_warnings = 0;
	say_set_sink(say_count);
	is_int(meta_reconcile_logs(n.m, n.logs, cfg, T0), 0, "an unreadable file is not a reason to delete");
	say_set_sink(NULL);
	ok(said_warnings == 1 && has_log(&n, "v", 0), "a warning, the log kept: %s", said_last);
	ok(read_text(pm, &b) && strstr((char *)b.data, "topic_id: "), "and the file rewritten");
	buf_release(&b);
	node_close(&n);
	config_free(cfg);
}

int main(void)
{
	tmp_make();
	say_set_level(SAY_WARN);
	test_topic_log_config();
	test_reconcile();
	tmp_clean();
	return tap_done();
}
