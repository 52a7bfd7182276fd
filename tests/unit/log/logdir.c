/*
 * Log directories: checkpoint files in Kafka's text format (round trip,
 * exact bytes, malformed input), partition directory names, and a log.dirs
 * entry through clean closes, crashes (abandon), removal, directories to
 * skip, a corrupt partition left offline with its checkpoint entries kept,
 * and a damaged checkpoint file.
 */
#include "tests/unit/log/logtest.h"
#include "core/base/say.h"
#include "core/log/logdir.h"

#include <errno.h>

static char root[300];

static void put(const char *name, const char *text)
{
	char p[400];
	snprintf(p, sizeof(p), "%s/%s", root, name);
	file_write_atomic(p, text, strlen(text));
}

static int read_cp(const char *name, struct checkpoint_entry **e, size_t *n)
{
	char p[400];
	snprintf(p, sizeof(p), "%s/%s", root, name);
	return checkpoint_read(p, e, n);
}

static void test_checkpoint(void)
{
	struct checkpoint_entry w[3] = {
		{ "orders", 0, 1532 }, { "orders", 1, 977 }, { "my-topic.x_y", 12, 0 },
	};
	struct checkpoint_entry *e;
	size_t n;
	char p[400];
	struct buf b = BUF_INIT;
	snprintf(p, sizeof(p), "%s/cp", root);
	is_int(checkpoint_write(p, w, 3), 0, "write a checkpoint");
	file_read_all(p, 1 << 20, &b);
	buf_put_u8(&b, 0);
	is_str((char *)b.data, "0\n3\norders 0 1532\norders 1 977\nmy-topic.x_y 12 0\n",
	       "Kafka's text format");
	is_int(checkpoint_read(p, &e, &n), 0, "read it back");
	ok(n == 3 && !memcmp(e, w, sizeof(w)), "same entries");
	free(e);
	is_int(checkpoint_write(p, w, 0), 0, "write an empty one");
	is_int(checkpoint_read(p, &e, &n), 0, "read it");
	is_int(n, 0, "no entries");
	free(e);
	is_int(read_cp("absent", &e, &n), 0, "missing file");
	ok(n == 0 && e == NULL, "means no entries");
	struct checkpoint_entry bad = { "a/b", 0, 1 };
	is_int(checkpoint_write(p, &bad, 1), KAF_ECONFIG, "illegal topic not written");

	put("ok1", "0\r\n2\r\nt\t3   -1\r\n  u 0 9223372036854775807\n\n\n");
	is_int(read_cp("ok1", &e, &n), 0, "tabs, runs of spaces, CRLF, blank lines");
	ok(n == 2 && e[0].offset == -1 && e[1].offset == INT64_MAX && e[1].partition == 0,
	   "parsed");
	free(e);

	static const char *const bad_files[] = {
		"", "1\n0\n", "0\n", "0\n2\nt 0 1\n", "0\n1\nt 0 1\nu 0 2\n", "0\n1\nt 0\n",
		"0\n1\nt 0 1 2\n", "0\n1\nt -1 5\n", "0\n1\nt 0 x\n", "0\n1\na/b 0 1\n",
		"0\n99999999\nt 0 1\n", "0\n-1\n", "0\n1\nt 0 9223372036854775808\n",
		"0\n1\nt 2147483648 1\n", "x\n0\n",
	};
	int rejected = 0;
	for (size_t i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
		put("bad", bad_files[i]);
		e = NULL;
		if (read_cp("bad", &e, &n) == KAF_ECORRUPT && e == NULL)
			rejected++;
		else
			printf("# accepted: \"%s\"\n", bad_files[i]);
		free(e);
	}
	is_int(rejected, sizeof(bad_files) / sizeof(bad_files[0]), "malformed files rejected");
	buf_release(&b);
}

static void test_names(void)
{
	char topic[250], long_name[300];
	int32_t p = -1;
	is_int(log_dir_name_parse("orders-0", topic, sizeof(topic), &p), 0, "orders-0");
	ok(!strcmp(topic, "orders") && p == 0, "topic orders, partition 0");
	is_int(log_dir_name_parse("my-topic-12", topic, sizeof(topic), &p), 0, "my-topic-12");
	ok(!strcmp(topic, "my-topic") && p == 12, "split at the last dash");
	is_int(log_dir_name_parse("__consumer_offsets-49", topic, sizeof(topic), &p), 0,
	       "__consumer_offsets-49");
	static const char *const bad[] = {
		"orders", "orders-", "-1", "orders-01", "orders-2147483648", ".-0", "..-0",
		"a b-0", "orders-0.0123abcd-delete", "orders-+1", "orders-1x",
	};
	int rejected = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		rejected += log_dir_name_parse(bad[i], topic, sizeof(topic), &p) == KAF_ECORRUPT;
	is_int(rejected, sizeof(bad) / sizeof(bad[0]), "bad directory names rejected");
	memset(long_name, 'x', 249);
	strcpy(long_name + 249, "-3");
	is_int(log_dir_name_parse(long_name, topic, sizeof(topic), &p), 0, "249-char topic");
	memset(long_name, 'x', 250);
	strcpy(long_name + 250, "-3");
	is_int(log_dir_name_parse(long_name, topic, sizeof(topic), &p), KAF_ECORRUPT,
	       "250-char topic");
	is_int(log_dir_name_parse("abc-1", topic, 3, &p), KAF_ECORRUPT, "topic buffer too small");
	char path[64];
	log_segment_path(path, sizeof(path), "d", 368769, ".index");
	is_str(path, "d/00000000000000368769.index", "segment file name");
}

static int exists(const char *name)
{
	char p[400];
	snprintf(p, sizeof(p), "%s/%s", root, name);
	return access(p, F_OK) == 0;
}

static int64_t cp_offset(const char *file, const char *topic, int32_t partition)
{
	struct checkpoint_entry *e;
	size_t n;
	int64_t v = -100;
	if (read_cp(file, &e, &n))
		return -200;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(e[i].topic, topic) && e[i].partition == partition)
			v = e[i].offset;
	free(e);
	return v;
}

static void test_log_dir(void)
{
	struct log_config cfg;
	struct log_dir *d;
	struct log_dir_report rep;
	struct log *a0, *a1, *b0, *l;
	char p[400];
	cfg_small(&cfg);
	snprintf(root, sizeof(root), "%s/dir", tmp_root);
	is_int(log_dir_open(root, &cfg, T0, &d, &rep), 0, "open a new log dir");
	ok(rep.partitions == 0 && !rep.clean_shutdown, "empty, not clean");
	is_int(log_dir_create(d, "a", 0, NULL, T0, &a0), 0, "create a-0");
	is_int(log_dir_create(d, "a", 1, &cfg, T0, &a1), 0, "create a-1");
	is_int(log_dir_create(d, "b", 0, &cfg, T0, &b0), 0, "create b-0");
	is_int(log_dir_create(d, "a", 1, &cfg, T0, &l), KAF_EEXIST, "create twice");
	is_int(log_dir_create(d, "a*", 1, &cfg, T0, &l), KAF_ECONFIG, "illegal name");
	ok(log_dir_find(d, "a", 1) == a1 && log_dir_find(d, "b", 0) == b0 &&
	   !log_dir_find(d, "b", 1), "find");
	size_t n;
	log_dir_logs(d, &n);
	is_int(n, 3, "three logs");
	for (int i = 0; i < 5; i++)
		append_one(a0, 2, T0, 30, T0);
	for (int i = 0; i < 3; i++)
		append_one(a1, 1, T0, 30, T0);
	append_one(b0, 1, T0, 30, T0);
	is_int(log_delete_records_before(a0, 4), 0, "log start of a-0 to 4");
	snprintf(p, sizeof(p), "%s/x-0.0123abcd-delete", root);
	mkdir_p(p);
	snprintf(p, sizeof(p), "%s/y-0.0123abcd-future", root);
	mkdir_p(p);
	snprintf(p, sizeof(p), "%s/not_a_partition", root);
	mkdir_p(p);
	put("junk-0", "a file, not a directory");
	is_int(log_dir_close(d), 0, "clean close");
	ok(exists(CLEAN_SHUTDOWN_FILE), "clean shutdown marker written");
	is_int(cp_offset(CHECKPOINT_RECOVERY_POINT, "a", 0), 10, "a-0 recovery point checkpointed");
	is_int(cp_offset(CHECKPOINT_RECOVERY_POINT, "a", 1), 3, "a-1 too");
	is_int(cp_offset(CHECKPOINT_LOG_START, "a", 0), 4, "a-0 log start checkpointed");

	is_int(log_dir_open(root, &cfg, T0, &d, &rep), 0, "reopen");
	ok(rep.clean_shutdown && rep.partitions == 3 && rep.partitions_recovered == 0 && !rep.failed,
	   "clean: three partitions, none scanned");
	ok(!exists(CLEAN_SHUTDOWN_FILE), "marker removed at open");
	ok(!exists("x-0.0123abcd-delete") && exists("y-0.0123abcd-future"),
	   "interrupted removal finished, future dir left alone");
	a0 = log_dir_find(d, "a", 0);
	ok(a0 && log_end_offset(a0) == 10 && log_start_offset(a0) == 4, "a-0 as it was");
	append_one(a0, 2, T0, 30, T0);
	is_int(log_dir_checkpoint(d), 0, "checkpoint without flushing");
	is_int(cp_offset(CHECKPOINT_RECOVERY_POINT, "a", 0), 10, "recovery point still 10");
	log_dir_abandon(d);

	is_int(log_dir_open(root, &cfg, T0, &d, &rep), 0, "reopen after a crash");
	ok(!rep.clean_shutdown && rep.partitions == 3 && rep.partitions_recovered == 3,
	   "not clean: every log scanned from its recovery point");
	is_int(log_end_offset(log_dir_find(d, "a", 0)), 12, "unflushed data survives a process crash");
	is_int(log_dir_remove(d, "b", 0), 0, "remove b-0");
	ok(!exists("b-0") && !log_dir_find(d, "b", 0), "gone");
	is_int(log_dir_remove(d, "b", 0), KAF_ENOTFOUND, "remove it again");
	is_int(log_dir_close(d), 0, "close");
	is_int(cp_offset(CHECKPOINT_RECOVERY_POINT, "b", 0), -100, "b-0 left the checkpoint");

	/* A flipped byte in a-1's flushed data: offline, entries kept. */
	snprintf(p, sizeof(p), "%s/a-1/00000000000000000000.log", root);
	int fd = open(p, O_RDWR);
	uint8_t byte;
	pread(fd, &byte, 1, 40);
	byte ^= 1;
	pwrite(fd, &byte, 1, 40);
	close(fd);
	snprintf(p, sizeof(p), "%s/%s", root, CLEAN_SHUTDOWN_FILE);
	unlink(p);
	is_int(log_dir_open(root, &cfg, T0, &d, &rep), 0, "open with a corrupt partition");
	ok(rep.failed == 1 && rep.partitions == 1 && !log_dir_find(d, "a", 1),
	   "it is left out, the other opens");
	is_int(log_dir_close(d), 0, "close");
	is_int(cp_offset(CHECKPOINT_RECOVERY_POINT, "a", 1), 3, "its recovery point is kept");
	is_int(file_size(p), -1, "no clean marker while a partition is offline");

	put(CHECKPOINT_RECOVERY_POINT, "garbage\n");
	is_int(log_dir_open(root, &cfg, T0, &d, &rep), KAF_ECORRUPT, "damaged checkpoint: refused");
	snprintf(p, sizeof(p), "%s/a-1/00000000000000000000.log", root);
	struct buf before = BUF_INIT, after = BUF_INIT;
	file_read_all(p, 1 << 20, &before);
	snprintf(p, sizeof(p), "%s/%s", root, CHECKPOINT_RECOVERY_POINT);
	unlink(p);
	is_int(log_dir_open(root, &cfg, T0, &d, &rep), 0, "without it");
	ok(rep.partitions == 2 && rep.partitions_recovered == 2 && !rep.failed &&
	   log_end_offset(log_dir_find(d, "a", 0)) == 12,
	   "every log checked from its start");
	is_int(log_end_offset(log_dir_find(d, "a", 1)), 0, "the damaged one cut as unflushed");
	log_dir_abandon(d);
	snprintf(p, sizeof(p), "%s/a-1/00000000000000000000.log", root);
	file_read_all(p, 1 << 20, &after);
	ok(before.len > 0 && after.len == 0, "its bytes went only when the operator allowed it");
	buf_release(&before);
	buf_release(&after);
}

int main(void)
{
	tmp_make();
	say_set_level(SAY_ERROR);
	snprintf(root, sizeof(root), "%s", tmp_root);
	test_checkpoint();
	test_names();
	test_log_dir();
	tmp_clean();
	return tap_done();
}
