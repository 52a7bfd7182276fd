/*
 * A failed fsync of the metadata log (the test hook fails every fsync of
 * it): the CreateTopics waiting for it is answered KAFKA_STORAGE_ERROR, the
 * image forgets the topic (it is not on disk) while keeping what was, no
 * partition log is made, and later changes are refused at once; the data
 * logs go on working.
 */
#include "tests/unit/net/brokertest.h"
#include "core/config/config.h"
#include "core/meta/meta.h"
#include "net/flush.h"
#include "net/metasync.h"
#include "net/proto/errors.h"
#include "net/proto/msg_admin.h"
#include "net/proto/msg_cluster.h"

#include <string.h>
#include <sys/stat.h>

static struct tb t;
static struct arena a;
static int32_t corr = 1;

static int create(int fd, const char *name, struct kstr *msg)
{
	struct create_topics_req_topics tp = {
		.name = kstr_c(name), .num_partitions = 2, .replication_factor = 1,
	};
	struct create_topics_req q = { .topics = { 1, &tp }, .timeout_ms = 1000 };
	struct create_topics_resp resp;
	int32_t c = corr++;
	tb_send(fd, API_CREATE_TOPICS, 4, c, &q);
	if (tb_recv(fd, API_CREATE_TOPICS, 4, &resp, &a, 5000) != c || resp.topics.n != 1)
		return -1;
	if (msg)
		*msg = resp.topics.v[0].error_message;
	return resp.topics.v[0].error_code;
}

static int metadata_error(int fd, const char *name)
{
	struct metadata_req_topics tp = { .name = kstr_c(name) };
	struct metadata_req q = { .topics = { 1, &tp }, .allow_auto_topic_creation = 0 };
	struct metadata_resp resp;
	int32_t c = corr++;
	tb_send(fd, API_METADATA, 12, c, &q);
	if (tb_recv(fd, API_METADATA, 12, &resp, &a, 3000) != c || resp.topics.n != 1)
		return -1;
	return resp.topics.v[0].error_code;
}

static int dir_exists(const char *name)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", t.dir, name);
	return stat(path, &st) == 0;
}

static void close_meta(struct tb *tt, void *arg)
{
	flush_free(&tt->b);
	metasync_free(&tt->b);
	meta_close(arg);
	tt->b.meta = NULL;
}

int main(void)
{
	setenv("KAF_TEST_FSYNC_FAIL", "__cluster_metadata", 1);
	tb_open(&t);
	struct config *cfg = config_new();
	config_set_report(cfg, NULL, NULL);
	struct meta *m = NULL;
	char err[512];
	struct meta_open_args ma = { .data_dir = t.dir, .logs = t.logs, .node_id = 1, .now_ms = T0 };
	is_int(meta_open(&ma, &m, err, sizeof(err)), 0, "metadata opens");
	struct meta_new_topic kept = { .name = "kept", .partitions = 1, .replication_factor = 1 };
	is_int(meta_create_topic(m, &kept, T0, NULL), 0, "kept recorded (fsynced before the hook)");
	log_dir_set_external_flush(t.logs, 1);
	meta_set_deferred_flush(m, 1);
	t.b.meta = m;
	t.b.cfg = cfg;
	tb_run(&t);
	arena_init(&a, 1 << 16);
	int fd = tb_connect(&t);

	struct kstr msg;
	is_int(create(fd, "lost", &msg), KERR_KAFKA_STORAGE_ERROR,
	       "CreateTopics whose fsync fails: KAFKA_STORAGE_ERROR");
	ok(msg.len > 0 && memmem(msg.p, (size_t)msg.len, "could not be written", 20),
	   "with a message saying so");
	is_int(metadata_error(fd, "lost"), KERR_UNKNOWN_TOPIC_OR_PARTITION,
	       "the topic is gone from the metadata again");
	ok(!dir_exists("lost-0") && !dir_exists("lost-1"), "no partition log was made");
	is_int(metadata_error(fd, "kept"), KERR_NONE, "what was on disk before stays");
	is_int(create(fd, "next", NULL), KERR_KAFKA_STORAGE_ERROR,
	       "the next change is refused (the metadata log refuses writes until a restart)");
	is_int(metadata_error(fd, "next"), KERR_UNKNOWN_TOPIC_OR_PARTITION, "and not in the metadata");

	close(fd);
	tb_call(&t, close_meta, m);
	is_int(tb_close(&t), 0, "loop closes cleanly");
	config_free(cfg);
	arena_release(&a);
	return tap_done();
}
