/*
 * Metadata changes through the group commit (net/metasync.c), against a
 * broker whose fsync rounds are slowed down by the test hook: while a
 * CreateTopics waits for its fsync, other connections are answered (the
 * loop is not blocked) and the new topic is in the image but not yet
 * answered; the answer comes once the metadata log is durable, with the
 * partition logs made; many concurrent CreateTopics share few fsync rounds;
 * a re-creation of a name recorded while its deletion waits for the fsync
 * comes after it; the partition logs of a wide topic are made while
 * others are answered; Metadata v12 looks topics up by id.
 */
#include "tests/unit/net/brokertest.h"
#include "core/config/config.h"
#include "core/meta/meta.h"
#include "core/meta/records.h"
#include "net/flush.h"
#include "net/metasync.h"
#include "net/proto/errors.h"
#include "net/proto/msg_admin.h"
#include "net/proto/msg_cluster.h"

#include <string.h>

#define DELAY_MS 500
#define NCONC 24

static struct tb t;
static struct arena a;
static int32_t corr = 1;

static int64_t now_ms(void)
{
	return clock_mono_ns() / 1000000;
}

static int send_create(int fd, const char *name, int32_t partitions)
{
	struct create_topics_req_topics tp = {
		.name = kstr_c(name), .num_partitions = partitions, .replication_factor = 1,
	};
	struct create_topics_req q = { .topics = { 1, &tp }, .timeout_ms = 1000 };
	return tb_send(fd, API_CREATE_TOPICS, 4, corr++, &q);
}

/* The error code of a CreateTopics answer, or -1 (nothing within timeout_ms). */
static int recv_create(int fd, int timeout_ms)
{
	struct create_topics_resp resp;
	if (tb_recv(fd, API_CREATE_TOPICS, 4, &resp, &a, timeout_ms) < 0 || resp.topics.n != 1)
		return -1;
	return resp.topics.v[0].error_code;
}

static int send_delete(int fd, const char *name)
{
	struct kstr n = kstr_c(name);
	struct delete_topics_req q = { .topic_names = { 1, &n }, .timeout_ms = 1000 };
	return tb_send(fd, API_DELETE_TOPICS, 3, corr++, &q);
}

static int recv_delete(int fd, int timeout_ms)
{
	struct delete_topics_resp resp;
	if (tb_recv(fd, API_DELETE_TOPICS, 3, &resp, &a, timeout_ms) < 0 || resp.responses.n != 1)
		return -1;
	return resp.responses.v[0].error_code;
}

/* Metadata v12 of one topic by name (id NULL) or by id (name NULL); 0 or -1. */
static int metadata12(int fd, const char *name, const struct kuuid *id, struct metadata_resp *resp)
{
	struct metadata_req_topics tp = { .name = name ? kstr_c(name) : (struct kstr){ NULL, -1 } };
	if (id)
		tp.topic_id = *id;
	struct metadata_req q = { .topics = { 1, &tp }, .allow_auto_topic_creation = 0,
				  .include_topic_authorized_operations = 1 };
	int32_t c = corr++;
	if (tb_send(fd, API_METADATA, 12, c, &q))
		return -1;
	return tb_recv(fd, API_METADATA, 12, resp, &a, 3000) == c && resp->topics.n == 1 ? 0 : -1;
}

/* The topic id in <dir>/<topic>-<p>/partition.metadata, as text ("" when missing). */
static void partition_metadata_id(const char *topic, int p, char out[64])
{
	char path[512], text[256];
	snprintf(path, sizeof(path), "%s/%s-%d/partition.metadata", t.dir, topic, p);
	out[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	const char *id = strstr(text, "topic_id: ");
	if (id)
		sscanf(id + 10, "%63s", out);
}

struct stats {
	int64_t rounds, flushes;
};

static void get_stats(struct tb *tt, void *arg)
{
	struct stats *s = arg;
	flush_stats(&tt->b, &s->rounds, &s->flushes);
}

/* The loop answers others while a CreateTopics waits for its fsync. */
static void test_not_blocked(void)
{
	int fa = tb_connect(&t), fb = tb_connect(&t);
	ok(fa >= 0 && fb >= 0, "two clients connect");
	int64_t t0 = now_ms();
	is_int(send_create(fa, "slow", 3), 0, "CreateTopics slow sent");
	struct metadata_resp md;
	/* Metadata on the other connection sees the topic recorded (not yet durable). */
	int seen = 0;
	for (int i = 0; i < 20 && !seen; i++)
		seen = !metadata12(fb, "slow", NULL, &md) && md.topics.v[0].error_code == KERR_NONE;
	ok(seen, "meanwhile, Metadata on another connection answers and shows the new topic");
	struct api_versions_req avq = { 0 };
	struct api_versions_resp avr;
	int32_t c = corr++;
	tb_send(fb, API_API_VERSIONS, 0, c, &avq);
	ok(tb_recv(fb, API_API_VERSIONS, 0, &avr, &a, 3000) == c, "and ApiVersions is answered");
	int64_t answered = now_ms() - t0;
	ok(answered < DELAY_MS * 2 / 3, "both within %lld ms, while the fsync takes %d ms",
	   (long long)answered, DELAY_MS);
	ok(tb_quiet(fa, 0), "the CreateTopics is not answered yet");

	/* Produce to a partition made before: answered from the page cache (acks=1). */
	struct buf batch = BUF_INIT;
	tb_batch(&batch, NULL, 3, T0, 10);
	struct produce_req_partition_data pd = { .index = 0, .records = { .p = batch.data, .len = (int32_t)batch.len } };
	struct produce_req_topic_data td = { .name = kstr_c("data"), .partition_data = { 1, &pd } };
	struct produce_req pq = { .transactional_id = { NULL, -1 }, .acks = 1, .timeout_ms = 1000,
				  .topic_data = { 1, &td } };
	struct produce_resp pr;
	c = corr++;
	tb_send(fb, API_PRODUCE, 7, c, &pq);
	ok(tb_recv(fb, API_PRODUCE, 7, &pr, &a, 3000) == c && pr.responses.n == 1 &&
	   pr.responses.v[0].partition_responses.v[0].error_code == KERR_NONE,
	   "a Produce (acks=1) on another connection is answered meanwhile");
	buf_release(&batch);

	is_int(recv_create(fa, 5000), KERR_NONE, "CreateTopics slow answered once durable");
	int64_t took = now_ms() - t0;
	ok(took >= DELAY_MS - 20, "after the slow fsync (%lld ms)", (long long)took);
	char want[23], got[64];
	ok(!metadata12(fb, "slow", NULL, &md), "Metadata v12 of slow");
	meta_uuid_format(&md.topics.v[0].topic_id, want);
	for (int p = 0; p < 3; p++) {
		partition_metadata_id("slow", p, got);
		is_str(got, want, "slow-%d exists with partition.metadata naming the topic id", p);
	}
	close(fa);
	close(fb);
}

/* Creations arriving together and during a round share the fsyncs. */
static void test_group_commit(void)
{
	int fds[NCONC];
	for (int i = 0; i < NCONC; i++)
		fds[i] = tb_connect(&t);
	struct stats before, after;
	tb_call(&t, get_stats, &before);
	char name[32];
	for (int i = 0; i < NCONC; i++) {
		snprintf(name, sizeof(name), "many%02d", i);
		send_create(fds[i], name, 1);
		if (i == NCONC / 2)
			usleep(DELAY_MS * 1000 / 3);	/* the rest arrive while a round runs */
	}
	int good = 0;
	for (int i = 0; i < NCONC; i++) {
		good += recv_create(fds[i], 5000) == KERR_NONE;
		close(fds[i]);
	}
	is_int(good, NCONC, "%d concurrent CreateTopics all succeed", NCONC);
	tb_call(&t, get_stats, &after);
	int64_t rounds = after.rounds - before.rounds;
	printf("# %d topics created with %lld fsync rounds\n", NCONC, (long long)rounds);
	ok(rounds >= 1 && rounds <= 3, "they shared %lld fsync rounds (fewer than %d topics)",
	   (long long)rounds, NCONC);
	int dirs = 0;
	for (int i = 0; i < NCONC; i++) {
		char id[64];
		snprintf(name, sizeof(name), "many%02d", i);
		partition_metadata_id(name, 0, id);
		dirs += id[0] != 0;
	}
	is_int(dirs, NCONC, "each has its partition log");
}

/* A re-creation recorded while the deletion waits: the logs are removed, then made anew. */
static void test_delete_recreate(void)
{
	int fa = tb_connect(&t), fb = tb_connect(&t);
	send_create(fa, "again", 2);
	is_int(recv_create(fa, 5000), KERR_NONE, "again created");
	char old_id[64], new_id[64];
	partition_metadata_id("again", 0, old_id);
	send_delete(fa, "again");
	usleep(20000);
	send_create(fb, "again", 1);
	is_int(recv_delete(fa, 5000), KERR_NONE, "again deleted");
	is_int(recv_create(fb, 5000), KERR_NONE, "and created anew meanwhile");
	struct metadata_resp md;
	ok(!metadata12(fa, "again", NULL, &md) && md.topics.v[0].partitions.n == 1,
	   "the new again has one partition");
	char want[23];
	meta_uuid_format(&md.topics.v[0].topic_id, want);
	partition_metadata_id("again", 0, new_id);
	is_str(new_id, want, "again-0 belongs to the new topic");
	ok(strcmp(old_id, new_id) != 0, "a new id");
	partition_metadata_id("again", 1, new_id);
	is_str(new_id, "", "the old topic's second partition is gone");
	close(fa);
	close(fb);
}

/* 400 partition logs are made on the thread pool: ApiVersions keeps being answered meanwhile. */
static void test_wide(void)
{
	int fa = tb_connect(&t), fb = tb_connect(&t);
	int64_t t0 = now_ms(), worst = 0;
	send_create(fa, "wide", 400);
	int pings = 0;
	while (tb_quiet(fa, 0) && now_ms() - t0 < 20000) {
		struct api_versions_req avq = { 0 };
		struct api_versions_resp avr;
		int32_t c = corr++;
		int64_t s0 = now_ms();
		tb_send(fb, API_API_VERSIONS, 0, c, &avq);
		if (tb_recv(fb, API_API_VERSIONS, 0, &avr, &a, 20000) != c)
			break;
		if (now_ms() - s0 > worst)
			worst = now_ms() - s0;
		pings++;
		usleep(2000);
	}
	is_int(recv_create(fa, 20000), KERR_NONE, "wide (400 partitions) created");
	int64_t took = now_ms() - t0;
	printf("# wide: %lld ms, %d ApiVersions meanwhile, the slowest %lld ms\n", (long long)took,
	       pings, (long long)worst);
	ok(worst < took / 3, "the loop kept answering while its logs were made");
	char id[64];
	partition_metadata_id("wide", 399, id);
	ok(id[0] != 0, "wide-399 has its partition.metadata");
	close(fa);
	close(fb);
}

/* Metadata v12: by id, an unknown id, and the authorized operations. */
static void test_metadata_by_id(void)
{
	int fd = tb_connect(&t);
	struct metadata_resp md, by_id;
	ok(!metadata12(fd, "slow", NULL, &md), "Metadata v12 by name");
	struct kuuid id = md.topics.v[0].topic_id;
	ok(!metadata12(fd, NULL, &id, &by_id), "Metadata v12 by id");
	const struct metadata_resp_topics *tt = &by_id.topics.v[0];
	ok(tt->error_code == KERR_NONE && tt->name.len == 4 && !memcmp(tt->name.p, "slow", 4) &&
	   tt->partitions.n == 3, "the id finds slow with its 3 partitions");
	is_int(tt->topic_authorized_operations, 0xDF8, "topic authorized operations when asked");
	struct kuuid unknown = id;
	unknown.b[15] ^= 0x5a;
	ok(!metadata12(fd, NULL, &unknown, &by_id), "Metadata v12 by an unknown id");
	tt = &by_id.topics.v[0];
	is_int(tt->error_code, KERR_UNKNOWN_TOPIC_ID, "UNKNOWN_TOPIC_ID");
	ok(tt->name.len < 0 && !memcmp(&tt->topic_id, &unknown, 16), "null name, the id echoed");
	close(fd);
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
	char delay[16];
	snprintf(delay, sizeof(delay), "%d", DELAY_MS);
	setenv("KAF_TEST_FSYNC_DELAY_MS", delay, 1);
	tb_open(&t);
	struct config *cfg = config_new();
	config_set_report(cfg, NULL, NULL);
	struct meta *m = NULL;
	char err[512];
	struct meta_open_args ma = { .data_dir = t.dir, .logs = t.logs, .node_id = 1, .now_ms = T0 };
	is_int(meta_open(&ma, &m, err, sizeof(err)), 0, "metadata opens");
	tb_create(&t, "data", 0, NULL);
	log_dir_set_external_flush(t.logs, 1);
	meta_set_deferred_flush(m, 1);
	t.b.meta = m;
	t.b.cfg = cfg;
	tb_run(&t);
	arena_init(&a, 1 << 16);

	test_not_blocked();
	test_group_commit();
	test_delete_recreate();
	test_wide();
	test_metadata_by_id();

	tb_call(&t, close_meta, m);
	is_int(tb_close(&t), 0, "loop closes cleanly");
	config_free(cfg);
	arena_release(&a);
	return tap_done();
}
