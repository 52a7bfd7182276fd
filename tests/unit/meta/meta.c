/*
 * The cluster metadata through its API: creating, growing, configuring and
 * deleting topics; the image after a clean restart and after a crash equal
 * field by field to the one before; ids stable; refused changes leaving the
 * log alone; a torn last batch losing only that change; records that do not
 * decode or name an unknown topic refusing the open with their offset;
 * unknown record types and control batches read past; with the flush
 * deferred, changes applied at once and a rollback to what is durable.
 */
#include "tests/unit/meta/metatest.h"
#include "core/base/arena.h"
#include "core/record/batch.h"

#include <fcntl.h>

static void test_lifecycle(void)
{
	char dir[300];
	struct node n;
	struct buf before = BUF_INIT, after = BUF_INIT, props = BUF_INIT, props2 = BUF_INIT;
	char path[400];
	data_dir_new(dir, sizeof(dir));

	is_int(node_open(&n, dir), 0, "first open of an empty data directory");
	is_int(strlen(meta_cluster_id(n.m)), 22, "a 22-character cluster id");
	is_int(meta_node_id(n.m), 1, "node id");
	is_int(meta_topic_count(n.m), 0, "no topics");
	ok(log_dir_find(n.logs, META_LOG_TOPIC, 0) != NULL, "the metadata log exists");

	struct meta_config oc[] = { { "retention.ms", "1000" }, { "cleanup.policy", "compact" } };
	const struct meta_topic *t;
	struct meta_new_topic nt = { "orders", 3, 1, oc, 2 };
	is_int(meta_create_topic(n.m, &nt, T0, &t), 0, "create orders");
	ok(t && !strcmp(t->name, "orders") && t->npartitions == 3 && !t->internal,
	   "the new topic is returned");
	static const struct kuuid zero;
	ok(t && memcmp(t->id.b, zero.b, 16), "its id is not zero");
	is_int(create(n.m, "__consumer_offsets", 2, NULL, 0), 0, "create __consumer_offsets");
	is_int(create(n.m, "a", 1, NULL, 0), 0, "create a");
	is_int(meta_topic_count(n.m), 3, "three topics");
	is_str(meta_topic_at(n.m, 0)->name, "__consumer_offsets", "sorted by name: 0");
	is_str(meta_topic_at(n.m, 1)->name, "a", "sorted by name: 1");
	is_str(meta_topic_at(n.m, 2)->name, "orders", "sorted by name: 2");
	ok(meta_topic_at(n.m, 3) == NULL, "past the end");
	ok(meta_topic_at(n.m, 0)->internal, "__consumer_offsets is internal");
	t = meta_topic_find(n.m, "orders!", 6);
	ok(t && !strcmp(t->name, "orders"), "find by name and length");
	ok(meta_topic_find(n.m, "order", 5) == NULL, "a prefix is not a match");
	ok(meta_topic_find_id(n.m, &t->id) == t, "find by id");
	const struct meta_partition *p = &t->partitions[2];
	ok(p->id == 2 && p->leader == 1 && p->leader_epoch == 0 && p->partition_epoch == 0 &&
	   p->nreplicas == 1 && p->replicas[0] == 1 && p->nisr == 1 && p->isr[0] == 1,
	   "partition: leader, replicas and ISR are this node, epochs 0");
	ok(t->nconfigs == 2 && !strcmp(t->configs[0].key, "cleanup.policy") &&
	   !strcmp(t->configs[1].key, "retention.ms"), "overrides sorted by key");
	is_str(meta_topic_config(t, "retention.ms"), "1000", "override lookup");
	ok(meta_topic_config(t, "segment.bytes") == NULL, "no override");

	/* Refused changes write nothing. */
	int64_t leo = log_end_offset(log_dir_find(n.logs, META_LOG_TOPIC, 0));
	is_int(create(n.m, "orders", 1, NULL, 0), KAF_EEXIST, "name taken");
	struct meta_new_topic rf3 = { "x", 1, 3, NULL, 0 };
	is_int(meta_create_topic(n.m, &rf3, T0, NULL), KAF_ECONFIG, "replication factor 3 refused");
	struct meta_new_topic rfd = { "rfd", 1, -1, NULL, 0 };
	is_int(meta_create_topic(n.m, &rfd, T0, NULL), 0, "replication factor -1 is the default");
	is_int(meta_delete_topic(n.m, "rfd", T0), 0, "(deleted again)");
	leo = log_end_offset(log_dir_find(n.logs, META_LOG_TOPIC, 0));
	is_int(create(n.m, "x", 0, NULL, 0), KAF_ERANGE, "zero partitions refused");
	is_int(create(n.m, "a/b", 1, NULL, 0), KAF_ECORRUPT, "illegal name refused");
	is_int(create(n.m, "..", 1, NULL, 0), KAF_ECORRUPT, "\"..\" refused");
	is_int(create(n.m, META_LOG_TOPIC, 1, NULL, 0), KAF_ECORRUPT, "the metadata log's name refused");
	struct meta_config nokey[] = { { "", "1" } };
	is_int(create(n.m, "x", 1, nokey, 1), KAF_ECONFIG, "empty config key refused");
	is_int(create(n.m, "x", 1 << 20, NULL, 0), KAF_ETOOBIG, "a change over the batch limit refused");
	is_int(meta_create_partitions(n.m, "orders", 3, T0), KAF_ERANGE, "same partition count refused");
	is_int(meta_create_partitions(n.m, "orders", 2, T0), KAF_ERANGE, "fewer partitions refused");
	is_int(meta_create_partitions(n.m, "nope", 9, T0), KAF_ENOTFOUND, "unknown topic");
	is_int(meta_delete_topic(n.m, "nope", T0), KAF_ENOTFOUND, "delete unknown topic");
	is_int(meta_alter_topic_configs(n.m, "nope", oc, 1, T0), KAF_ENOTFOUND, "alter unknown topic");
	is_int(log_end_offset(log_dir_find(n.logs, META_LOG_TOPIC, 0)), leo, "no records written");
	is_int(meta_topic_count(n.m), 3, "still three topics");

	is_int(meta_create_partitions(n.m, "orders", 5, T0), 0, "grow orders to 5");
	t = meta_topic_find(n.m, "orders", 6);
	ok(t->npartitions == 5 && t->partitions[4].id == 4 && t->partitions[4].leader == 1,
	   "new partitions");
	struct meta_config alter[] = { { "retention.ms", "2000" }, { "cleanup.policy", NULL },
				       { "segment.bytes", "1048576" } };
	is_int(meta_alter_topic_configs(n.m, "orders", alter, 3, T0), 0, "alter configs");
	ok(t->nconfigs == 2 && !strcmp(meta_topic_config(t, "retention.ms"), "2000") &&
	   !meta_topic_config(t, "cleanup.policy") &&
	   !strcmp(meta_topic_config(t, "segment.bytes"), "1048576"), "set, deleted, added");
	is_int(meta_alter_topic_configs(n.m, "orders", alter, 0, T0), 0, "an empty alter is fine");

	struct kuuid a_id = meta_topic_find(n.m, "a", 1)->id;
	is_int(meta_delete_topic(n.m, "a", T0), 0, "delete a");
	ok(meta_topic_find(n.m, "a", 1) == NULL && meta_topic_find_id(n.m, &a_id) == NULL, "a is gone");
	is_int(meta_delete_topic(n.m, "a", T0), KAF_ENOTFOUND, "deleting it again");
	is_int(create(n.m, "a", 2, NULL, 0), 0, "re-create a");
	ok(memcmp(meta_topic_find(n.m, "a", 1)->id.b, a_id.b, 16), "with a new id");
	ok(meta_topic_find_id(n.m, &a_id) == NULL, "the old id stays unknown");

	image_dump(n.m, &before);
	snprintf(path, sizeof(path), "%s/meta.properties", dir);
	read_text(path, &props);
	char want[200];
	snprintf(want, sizeof(want), "version=1\nnode.id=1\ncluster.id=%s\n", meta_cluster_id(n.m));
	is_str((char *)props.data, want, "meta.properties as written at first start");
	node_close(&n);

	is_int(node_open(&n, dir), 0, "reopen after a clean stop");
	is_str(image_dump(n.m, &after), (char *)before.data, "replay gives the same image");
	read_text(path, &props2);
	is_str((char *)props2.data, (char *)props.data, "meta.properties unchanged");
	is_int(create(n.m, "late", 1, NULL, 0), 0, "a change after the restart");
	image_dump(n.m, &before);
	node_crash(&n);

	is_int(node_open(&n, dir), 0, "reopen after a crash");
	is_str(image_dump(n.m, &after), (char *)before.data, "the same image again, ids stable");
	node_close(&n);
	buf_release(&before);
	buf_release(&after);
	buf_release(&props);
	buf_release(&props2);
}

/* Cut the metadata log inside its last batch: only that change is lost. */
static void test_torn_tail(void)
{
	char dir[300];
	struct node n;
	struct buf want = BUF_INIT, got = BUF_INIT;
	data_dir_new(dir, sizeof(dir));
	is_int(node_open(&n, dir), 0, "open");
	create(n.m, "t1", 2, NULL, 0);
	struct meta_config c[] = { { "retention.ms", "5" } };
	meta_alter_topic_configs(n.m, "t1", c, 1, T0);
	create(n.m, "t2", 1, NULL, 0);
	image_dump(n.m, &want);
	int64_t size1 = file_size(meta_seg(dir));
	create(n.m, "t3", 8, c, 1);
	int64_t size2 = file_size(meta_seg(dir));
	ok(size1 > 0 && size2 > size1, "the last change is one more batch");
	node_crash(&n);

	if (truncate(meta_seg(dir), size1 + (size2 - size1) / 2) < 0)
		perror("truncate");
	is_int(node_open(&n, dir), 0, "reopen with a torn last batch");
	is_str(image_dump(n.m, &got), (char *)want.data, "the changes before it, nothing of it");
	ok(meta_topic_find(n.m, "t3", 2) == NULL, "t3 is gone whole");
	is_int(create(n.m, "t3", 1, NULL, 0), 0, "and can be created again");
	node_close(&n);
	is_int(node_open(&n, dir), 0, "reopen");
	ok(meta_topic_find(n.m, "t3", 2) && meta_topic_find(n.m, "t3", 2)->npartitions == 1,
	   "the new t3 replays");
	node_close(&n);
	buf_release(&want);
	buf_release(&got);
}

/* One framed record value: frame, type, version, then body bytes. */
static size_t framed(uint8_t *out, int type, int version, const void *body, size_t n)
{
	out[0] = 1;
	out[1] = (uint8_t)type;
	out[2] = (uint8_t)version;
	memcpy(out + 3, body, n);
	return n + 3;
}

/* Append one batch of the given record values (len -1 = null) to the metadata log. */
static int append_values(struct node *n, const uint8_t *const *v, const int32_t *len, int count,
			 int control)
{
	struct batch_builder b;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	struct buf out = BUF_INIT;
	o.control = control;
	batch_builder_init(&b, &o);
	for (int i = 0; i < count; i++)
		batch_builder_add(&b, T0, -1, control ? "\0\0\0\0" : NULL, control ? 4 : -1, v[i],
				  len[i], NULL, 0);
	int rc = batch_builder_finish(&b, 0, -1, &out);
	struct log *l = log_dir_find(n->logs, META_LOG_TOPIC, 0);
	if (!rc)
		rc = log_append(l, out.data, out.len, 0, T0, NULL);
	if (!rc)
		rc = log_flush(l);
	batch_builder_release(&b);
	buf_release(&out);
	return rc;
}

/*
 * A data directory with one good topic ("good", 1 partition), then a batch
 * holding one record whose value is v[0..len): reopening must fail with
 * KAF_ECORRUPT naming the bad record's offset.
 */
static void check_corrupt(const char *what, const uint8_t *v, int32_t len, const char *why)
{
	char dir[300], want[64];
	struct node n;
	data_dir_new(dir, sizeof(dir));
	node_open(&n, dir);
	create(n.m, "good", 1, NULL, 0);
	int64_t off = log_end_offset(log_dir_find(n.logs, META_LOG_TOPIC, 0));
	const uint8_t *vv[2] = { v, v };
	int32_t ll[2] = { len, len };
	/* Two copies: the offset named must be the first bad record's. */
	is_int(append_values(&n, vv, ll, 2, 0), 0, "%s: appended", what);
	node_close(&n);
	int rc = node_open(&n, dir);
	is_int(rc, KAF_ECORRUPT, "%s: open refused", what);
	snprintf(want, sizeof(want), "offset %" PRId64 ":", off);
	ok(strstr(n.err, want) != NULL, "%s: err names %s (%s)", what, want, n.err);
	ok(strstr(n.err, why) != NULL, "%s: and says \"%s\"", what, why);
	if (!rc)
		node_close(&n);
}

static void test_corrupt(void)
{
	uint8_t v[128];
	uint8_t body[64];
	size_t k;

	/* TopicRecord "bad" with a truncated id. */
	memcpy(body, "\x04" "bad" "\x01\x02\x03", 7);
	k = framed(v, META_REC_TOPIC, 0, body, 7);
	check_corrupt("truncated TopicRecord", v, (int32_t)k, "does not decode");

	/* A good TopicRecord followed by a stray byte. */
	memset(body, 0, sizeof(body));
	memcpy(body, "\x04" "new", 4);
	body[4] = 7;			/* first id byte: not zero */
	k = framed(v, META_REC_TOPIC, 0, body, 4 + 16 + 1);
	v[k++] = 0x55;
	check_corrupt("bytes after the record", v, (int32_t)k, "unread bytes");

	k = framed(v, META_REC_TOPIC, 0, body, 4 + 16 + 1);
	v[0] = 2;
	check_corrupt("frame version 2", v, (int32_t)k, "unknown frame version 2");

	k = framed(v, META_REC_TOPIC, 1, body, 4 + 16 + 1);
	check_corrupt("TopicRecord version 1", v, (int32_t)k, "version 1 is newer");

	/* PartitionRecord 0 for a topic id nobody created. */
	uint8_t pr[64] = { 0 };
	size_t o = 4;
	memset(pr + o, 0xab, 16);
	o += 16;
	pr[o++] = 2; pr[o++] = 0; pr[o++] = 0; pr[o++] = 0; pr[o++] = 1;	/* replicas [1] */
	pr[o++] = 2; pr[o++] = 0; pr[o++] = 0; pr[o++] = 0; pr[o++] = 1;	/* isr [1] */
	pr[o++] = 1; pr[o++] = 1;						/* [], [] */
	o += 4 + 4 + 4;								/* leader, epochs */
	pr[o++] = 0;								/* no tags */
	k = framed(v, META_REC_PARTITION, 0, pr, o);
	check_corrupt("PartitionRecord for an unknown topic id", v, (int32_t)k, "unknown topic id");

	/* RemoveTopicRecord for an unknown id. */
	uint8_t rt[17];
	memset(rt, 0xab, 16);
	rt[16] = 0;
	k = framed(v, META_REC_REMOVE_TOPIC, 0, rt, 17);
	check_corrupt("RemoveTopicRecord for an unknown topic id", v, (int32_t)k, "RemoveTopicRecord for unknown topic id");

	/* ConfigRecord for a topic name nobody created. */
	memcpy(body, "\x02\x05nope\x03k1\x02v\x00", 12);
	k = framed(v, META_REC_CONFIG, 0, body, 12);
	check_corrupt("ConfigRecord for an unknown topic", v, (int32_t)k, "unknown topic \"nope\"");

	/* A second TopicRecord for "good". */
	memset(body, 0, sizeof(body));
	memcpy(body, "\x05good", 5);
	body[5] = 9;
	k = framed(v, META_REC_TOPIC, 0, body, 5 + 16 + 1);
	check_corrupt("duplicate topic name", v, (int32_t)k, "the name exists");

	check_corrupt("null value", NULL, -1, "without a value");
	check_corrupt("empty value", v, 0, "ends inside its frame");
}

static void test_unknown_types(void)
{
	char dir[300];
	struct node n;
	struct buf want = BUF_INIT, got = BUF_INIT;
	data_dir_new(dir, sizeof(dir));
	node_open(&n, dir);
	create(n.m, "t", 1, NULL, 0);
	/* Type 23 (Kafka's NoOpRecord) twice, type 17 once, type 200 (two-byte uvarint). */
	uint8_t noop[4] = { 1, 23, 0, 0 }, other[6] = { 1, 17, 0, 0, 0, 0 };
	uint8_t high[5] = { 1, 0xc8, 0x01, 0, 0 };
	const uint8_t *v[4] = { noop, other, noop, high };
	int32_t len[4] = { 4, 6, 4, 5 };
	is_int(append_values(&n, v, len, 4, 0), 0, "records of unknown types appended");
	/* A control batch (Kafka writes leader changes into its metadata log). */
	uint8_t ctl[6] = { 0, 0, 0, 0, 0, 0 };
	const uint8_t *cv[1] = { ctl };
	int32_t cl[1] = { 6 };
	is_int(append_values(&n, cv, cl, 1, 1), 0, "a control batch appended");
	create(n.m, "u", 1, NULL, 0);
	image_dump(n.m, &want);
	node_close(&n);
	said_warnings = 0;
	say_set_sink(say_count);
	is_int(node_open(&n, dir), 0, "unknown types and control batches are read past");
	say_set_sink(NULL);
	is_int(said_warnings, 3, "one warning per unknown type");
	is_str(image_dump(n.m, &got), (char *)want.data, "the image around them is whole");
	node_close(&n);
	buf_release(&want);
	buf_release(&got);
}

/* The metadata log keeps every record whatever the broker's retention says. */
static void test_log_config(void)
{
	char dir[300];
	struct node n;
	data_dir_new(dir, sizeof(dir));
	node_open(&n, dir);
	const struct log_config *c = log_get_config(log_dir_find(n.logs, META_LOG_TOPIC, 0));
	ok(c->retention_ms == -1 && c->retention_bytes == -1 && c->cleanup_policy == LOG_CLEANUP_DELETE,
	   "metadata log: no retention, no compaction");
	node_close(&n);
}

/* The broker's mode: changes applied before their fsync; a rollback drops what is not durable. */
static void test_deferred(void)
{
	char dir[300];
	struct node n;
	struct buf durable = BUF_INIT, back = BUF_INIT;
	data_dir_new(dir, sizeof(dir));
	node_open(&n, dir);
	is_int(create(n.m, "kept", 2, NULL, 0), 0, "kept created (fsynced)");
	meta_set_deferred_flush(n.m, 1);
	ok(meta_durable(n.m), "durable so far");
	is_int(create(n.m, "flushed", 1, NULL, 0), 0, "flushed created, deferred");
	ok(meta_topic_find(n.m, "flushed", 7) && !meta_durable(n.m),
	   "in the image at once, not yet durable");
	is_int(log_flush(meta_log(n.m)), 0, "the owner flushes the metadata log");
	ok(meta_durable(n.m), "now durable");
	image_dump(n.m, &durable);
	is_int(create(n.m, "lost", 3, NULL, 0), 0, "lost created, deferred");
	is_int(meta_delete_topic(n.m, "kept", T0), 0, "kept deleted, deferred");
	struct meta_config c[] = { { "retention.ms", "5" } };
	is_int(meta_alter_topic_configs(n.m, "flushed", c, 1, T0), 0, "flushed altered, deferred");
	ok(!meta_topic_find(n.m, "kept", 4) && meta_topic_find(n.m, "lost", 4), "all in the image");
	is_int(meta_rollback(n.m, n.err, sizeof(n.err)), 1, "rollback (as after a failed fsync)");
	image_dump(n.m, &back);
	is_str((char *)back.data, (char *)durable.data, "the image is what is durable again");
	is_int(meta_rollback(n.m, n.err, sizeof(n.err)), 1, "a second rollback finds the same");
	node_close(&n);
	buf_release(&durable);
	buf_release(&back);
	/* Nothing failed here: a clean close keeps everything appended. */
	node_open(&n, dir);
	ok(meta_topic_find(n.m, "lost", 4) && !meta_topic_find(n.m, "kept", 4),
	   "after a clean close every appended change is back");
	node_close(&n);
}

int main(void)
{
	tmp_make();
	test_lifecycle();
	test_torn_tail();
	test_corrupt();
	test_unknown_types();
	test_log_config();
	test_deferred();
	tmp_clean();
	return tap_done();
}
