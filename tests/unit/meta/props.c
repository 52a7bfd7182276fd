/*
 * Whose data directory it is: meta.properties written once and checked at
 * every start (node id and cluster id mismatches, a file Kafka wrote with
 * comments and directory.id, malformed files), and the .lock refusing a
 * second server, from this process and from another one.
 */
#include "tests/unit/meta/metatest.h"

#include <sys/wait.h>

static void put(const char *dir, const char *name, const char *text)
{
	char p[400];
	mkdir_p(dir);
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	file_write_atomic(p, text, strlen(text));
}

static void test_written_once(void)
{
	char dir[300], path[400];
	struct node n;
	struct buf a = BUF_INIT, b = BUF_INIT;
	data_dir_new(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/meta.properties", dir);

	is_int(node_open_with(&n, dir, 7, "MkU3OEVBNTcwNTJENDM2Qg"), 0, "first start with a given cluster id");
	is_str(meta_cluster_id(n.m), "MkU3OEVBNTcwNTJENDM2Qg", "that id is the cluster's");
	is_str(read_text(path, &a), "version=1\nnode.id=7\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n",
	       "meta.properties written");
	node_close(&n);

	is_int(node_open_with(&n, dir, 7, NULL), 0, "later start without a cluster id");
	is_str(meta_cluster_id(n.m), "MkU3OEVBNTcwNTJENDM2Qg", "the id from the file");
	node_close(&n);
	is_int(node_open_with(&n, dir, 7, "MkU3OEVBNTcwNTJENDM2Qg"), 0, "later start with the same id");
	node_close(&n);
	is_str(read_text(path, &b), (char *)a.data, "the file is not rewritten");

	is_int(node_open_with(&n, dir, 8, NULL), KAF_ECONFIG, "another node id refused");
	ok(strstr(n.err, "node id mismatch") && strstr(n.err, "node.id=7") && strstr(n.err, "says 8"),
	   "err: %s", n.err);
	is_int(node_open_with(&n, dir, 7, "AAECAwQFBgcICQoLDA0ODw"), KAF_ECONFIG,
	       "another cluster id refused");
	ok(strstr(n.err, "cluster id mismatch") && strstr(n.err, "MkU3OEVBNTcwNTJENDM2Qg") &&
	   strstr(n.err, "AAECAwQFBgcICQoLDA0ODw"), "err: %s", n.err);

	char dir2[300];
	data_dir_new(dir2, sizeof(dir2));
	is_int(node_open_with(&n, dir2, 1, "not-a-uuid"), KAF_ECONFIG, "a malformed cluster id refused");
	ok(strstr(n.err, "not-a-uuid") != NULL, "err: %s", n.err);
	buf_release(&a);
	buf_release(&b);
}

static void test_generated(void)
{
	char dir[300], dir2[300];
	struct node n;
	struct kuuid id;
	data_dir_new(dir, sizeof(dir));
	data_dir_new(dir2, sizeof(dir2));
	node_open(&n, dir);
	char first[23];
	snprintf(first, sizeof(first), "%s", meta_cluster_id(n.m));
	is_int(meta_uuid_parse(first, &id), 0, "a generated cluster id is a uuid's text");
	ok((id.b[6] >> 4) == 4 && (id.b[8] >> 6) == 2 && first[0] != '-',
	   "version 4, IETF variant, not starting with '-'");
	node_close(&n);
	node_open(&n, dir2);
	ok(strcmp(first, meta_cluster_id(n.m)) != 0, "two directories, two ids");
	node_close(&n);
}

static void test_kafka_written(void)
{
	char dir[300];
	struct node n;
	data_dir_new(dir, sizeof(dir));
	put(dir, "meta.properties",
	    "#\n#Sat Nov 21 09:56:31 UTC 2026\nnode.id=3\ndirectory.id=J8aAPcfLQt2bqs1JT_rckQ\n"
	    "version=1\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n");
	is_int(node_open_with(&n, dir, 3, "MkU3OEVBNTcwNTJENDM2Qg"), 0,
	       "a file Kafka wrote (comments, directory.id, other order)");
	is_str(meta_cluster_id(n.m), "MkU3OEVBNTcwNTJENDM2Qg", "its cluster id");
	node_close(&n);

	data_dir_new(dir, sizeof(dir));
	put(dir, "meta.properties",
	    "! bang comment\r\n  version : 1\r\nnode.id   4\r\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\r\n");
	is_int(node_open_with(&n, dir, 4, NULL), 0, "':' and space separators, CRLF, '!' comments");
	node_close(&n);

	data_dir_new(dir, sizeof(dir));
	put(dir, "meta.properties", "version=0\nbroker.id=5\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n");
	is_int(node_open_with(&n, dir, 5, NULL), 0, "version 0 with broker.id");
	node_close(&n);

	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "node.id=1\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n", "no version" },
		{ "version=1\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n", "no node.id" },
		{ "version=1\nnode.id=1\n", "no cluster.id" },
		{ "version=2\nnode.id=1\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n", "version=2" },
		{ "version=1\nnode.id=x\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n", "node.id=x" },
		{ "version=1\nnode.id=-1\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n", "node.id=-1" },
		{ "version=1\nnode.id=1\ncluster.id=short\n", "\"short\"" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		data_dir_new(dir, sizeof(dir));
		put(dir, "meta.properties", bad[i].text);
		int rc = node_open_with(&n, dir, 1, NULL);
		ok(rc == KAF_ECONFIG && strstr(n.err, bad[i].why), "malformed file refused (%s): %s",
		   bad[i].why, n.err);
		if (!rc)
			node_close(&n);
	}
}

static void test_lock(void)
{
	char dir[300], want[400];
	struct node n, n2;
	data_dir_new(dir, sizeof(dir));
	is_int(node_open(&n, dir), 0, "open");

	/* Same process, second open file description: flock refuses it. */
	struct meta *m2 = NULL;
	char err[512] = "";
	struct meta_open_args a = { .data_dir = dir, .logs = n.logs, .node_id = 1, .now_ms = T0 };
	is_int(meta_open(&a, &m2, err, sizeof(err)), KAF_ESTATE, "a second meta_open is refused");
	ok(m2 == NULL, "and gives no meta");
	snprintf(want, sizeof(want), "data directory %s is used by another kaf server (pid %ld)", dir,
		 (long)getpid());
	is_str(err, want, "err names the directory and the holder");
	is_int(meta_topic_count(n.m), 0, "the first one is untouched");
	is_int(create(n.m, "t", 1, NULL, 0), 0, "and still works");

	struct meta_lock *lk = NULL;
	is_int(meta_lock_dir(dir, &lk, err, sizeof(err)), KAF_ESTATE, "meta_lock_dir is refused too");

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct meta_lock *l2 = NULL;
		char e2[512];
		int rc = meta_lock_dir(dir, &l2, e2, sizeof(e2));
		_exit(rc == KAF_ESTATE && strstr(e2, dir) ? 0 : 1);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "another process is refused");
	node_close(&n);

	is_int(meta_lock_dir(dir, &lk, err, sizeof(err)), 0, "after close the lock is free");
	struct log_config cfg;
	log_config_default(&cfg);
	n2.logs = NULL;
	is_int(log_dir_open(dir, &cfg, T0, &n2.logs, NULL), 0, "logs opened under the lock");
	struct meta_open_args a2 = { .data_dir = dir, .logs = n2.logs, .node_id = 1, .now_ms = T0,
				     .lock = lk };
	n2.m = NULL;
	is_int(meta_open(&a2, &n2.m, err, sizeof(err)), 0, "meta_open takes the lock over");
	ok(n2.m && meta_topic_find(n2.m, "t", 1) != NULL, "and replays");
	is_int(meta_lock_dir(dir, &lk, err, sizeof(err)), KAF_ESTATE, "the lock is held by it");
	node_close(&n2);
	is_int(meta_lock_dir(dir, &lk, err, sizeof(err)), 0, "and released by meta_close");
	meta_lock_release(lk);

	/* A lock handed over to a meta_open that fails is released. */
	is_int(meta_lock_dir(dir, &lk, err, sizeof(err)), 0, "lock again");
	a2.lock = lk;
	a2.node_id = 99;
	a2.logs = NULL;
	is_int(meta_open(&a2, &n2.m, err, sizeof(err)), KAF_ECONFIG, "an open that fails");
	is_int(meta_lock_dir(dir, &lk, err, sizeof(err)), 0, "released the lock it was given");
	meta_lock_release(lk);
}

int main(void)
{
	tmp_make();
	say_set_level(SAY_WARN);
	test_written_once();
	test_generated();
	test_kafka_written();
	test_lock();
	tmp_clean();
	return tap_done();
}
