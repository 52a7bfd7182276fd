/*
 * Kafka's own broker files load: the KRaft server.properties of Kafka 3.x
 * and 4.x (tests/unit/config/data/) give warnings for the keys kaf accepts
 * without acting on them, and nothing else.
 */
#include "core/config/config.h"
#include "core/log/log.h"
#include "tests/unit/config/report.h"
#include "tests/unit/tap.h"

static void load(const char *file, const char *const *ignored, int n_ignored)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	struct config_listener ls[4];
	struct log_config lc;
	char rel[256], path[512];
	int n = 0;

	snprintf(rel, sizeof(rel), "tests/unit/config/data/%s", file);
	top_path(rel, path, sizeof(path));
	is_int(config_load_file(cfg, path), 0, "%s loads", file);
	is_int(config_validate(cfg), 0, "%s validates", file);
	is_int(r.errors, 0, "%s: no errors", file);
	is_int(r.warnings, n_ignored, "%s: one warning per ignored key", file);
	for (int i = 0; i < n_ignored; i++) {
		char want[128];
		snprintf(want, sizeof(want), ": %s is accepted but has no effect", ignored[i]);
		ok(has_msg(&r, want), "%s: warning for %s", file, ignored[i]);
	}
	ok(!has_msg(&r, "unknown key"), "%s: every key is known", file);
	if (r.warnings != n_ignored)
		printf("# %s", r.text);

	is_int(config_num(cfg, CFG_NODE_ID), 1, "%s: node.id", file);
	is_str(config_str(cfg, CFG_LOG_DIRS), "/tmp/kraft-combined-logs", "%s: log.dirs", file);
	is_int(config_num(cfg, CFG_LOG_RETENTION_MS), 168 * 3600000LL, "%s: retention", file);
	is_int(config_num(cfg, CFG_OFFSETS_TOPIC_REPLICATION_FACTOR), 1, "%s: offsets RF", file);
	is_int(config_listeners(cfg, CFG_LISTENERS, ls, 4, &n), 0, "%s: listeners", file);
	is_int(n, 1, "%s: the CONTROLLER listener is not a client listener", file);
	is_str(ls[0].name, "PLAINTEXT", "%s: client listener name", file);
	is_str(ls[0].host, "", "%s: every interface", file);
	is_int(ls[0].port, 9092, "%s: port 9092", file);
	is_int(config_listeners(cfg, CFG_ADVERTISED_LISTENERS, ls, 4, &n), 0, "%s: advertised", file);
	ok(n == 1 && !strcmp(ls[0].host, "localhost"), "%s: advertised localhost", file);
	config_log_defaults(cfg, &lc);
	is_int(lc.segment_bytes, 1073741824, "%s: segment bytes in log_config", file);
	config_free(cfg);
}

int main(void)
{
	static const char *const v3[] = {
		"controller.quorum.voters",
		"inter.broker.listener.name",
		"num.network.threads",
		"num.io.threads",
		"socket.send.buffer.bytes",
		"socket.receive.buffer.bytes",
		"num.recovery.threads.per.data.dir",
		"transaction.state.log.replication.factor",
		"transaction.state.log.min.isr",
	};
	static const char *const v4[] = {
		"controller.quorum.bootstrap.servers",
		"inter.broker.listener.name",
		"num.network.threads",
		"num.io.threads",
		"socket.send.buffer.bytes",
		"socket.receive.buffer.bytes",
		"num.recovery.threads.per.data.dir",
		"share.coordinator.state.topic.replication.factor",
		"share.coordinator.state.topic.min.isr",
		"transaction.state.log.replication.factor",
		"transaction.state.log.min.isr",
	};
	load("kraft-3.x-server.properties", v3, (int)(sizeof(v3) / sizeof(v3[0])));
	load("kraft-4.x-server.properties", v4, (int)(sizeof(v4) / sizeof(v4[0])));
	return tap_done();
}
