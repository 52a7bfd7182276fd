/*
 * Metadata record values byte for byte as Kafka frames them (expected bytes
 * written by hand from the record layouts), decoding them back, tagged
 * fields (known and unknown), the frame and body errors, and the uuid text
 * form.
 */
#include "tests/unit/meta/metatest.h"
#include "core/base/arena.h"

static const uint8_t id16[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

static void encode(const struct meta_record *r, struct buf *out)
{
	struct arena a;
	arena_init(&a, 0);
	buf_reset(out);
	meta_record_encode(r, out, &a);
	arena_release(&a);
}

static void show(const struct buf *b)
{
	printf("#  ");
	for (size_t i = 0; i < b->len; i++)
		printf(" %02x", b->data[i]);
	printf("\n");
}

static void test_topic_record(void)
{
	struct buf b = BUF_INIT;
	struct meta_record r = { .type = META_REC_TOPIC, .version = 0 };
	r.u.topic.name = kstr_c("foo");
	memcpy(r.u.topic.topic_id.b, id16, 16);
	encode(&r, &b);
	static const uint8_t want[] = {
		0x01,			/* frame version */
		0x02,			/* TopicRecord */
		0x00,			/* version 0 */
		0x04, 'f', 'o', 'o',	/* compact string: length + 1 */
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,	/* TopicId */
		0x00,			/* no tagged fields */
	};
	is_int(b.len, sizeof(want), "TopicRecord value: 24 bytes");
	if (!is_mem(b.data, want, sizeof(want), "TopicRecord value: Kafka's bytes"))
		show(&b);

	struct meta_record d;
	struct arena a;
	char err[256];
	arena_init(&a, 0);
	is_int(meta_record_decode(want, sizeof(want), &d, &a, err, sizeof(err)), 0, "decodes");
	ok(d.type == META_REC_TOPIC && d.version == 0 && kstr_eq(d.u.topic.name, "foo") &&
	   !memcmp(d.u.topic.topic_id.b, id16, 16), "back to the same record");
	arena_release(&a);
	buf_release(&b);
}

static void test_partition_record(void)
{
	struct buf b = BUF_INIT;
	int32_t node = 1;
	struct meta_record r = { .type = META_REC_PARTITION, .version = 0 };
	struct meta_partition_record *p = &r.u.partition;
	p->partition_id = 2;
	memcpy(p->topic_id.b, id16, 16);
	p->replicas.n = 1;
	p->replicas.v = &node;
	p->isr.n = 1;
	p->isr.v = &node;
	p->leader = 1;
	p->leader_epoch = 0;
	p->partition_epoch = 0;
	encode(&r, &b);
	static const uint8_t want[] = {
		0x01, 0x03, 0x00,
		0x00, 0x00, 0x00, 0x02,		/* PartitionId */
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		0x02, 0x00, 0x00, 0x00, 0x01,	/* Replicas [1] */
		0x02, 0x00, 0x00, 0x00, 0x01,	/* Isr [1] */
		0x01,				/* RemovingReplicas [] */
		0x01,				/* AddingReplicas [] */
		0x00, 0x00, 0x00, 0x01,		/* Leader */
		0x00, 0x00, 0x00, 0x00,		/* LeaderEpoch */
		0x00, 0x00, 0x00, 0x00,		/* PartitionEpoch */
		0x00,				/* LeaderRecoveryState 0: not written */
	};
	is_int(b.len, sizeof(want), "PartitionRecord value: length");
	if (!is_mem(b.data, want, sizeof(want), "PartitionRecord value: Kafka's bytes"))
		show(&b);

	/* Tag 0 (LeaderRecoveryState = 1) and an unknown tag 5 after it. */
	uint8_t tagged[sizeof(want) + 6];
	memcpy(tagged, want, sizeof(want) - 1);
	size_t k = sizeof(want) - 1;
	tagged[k++] = 2;		/* two tagged fields */
	tagged[k++] = 0; tagged[k++] = 1; tagged[k++] = 1;	/* tag 0, size 1, value 1 */
	tagged[k++] = 5; tagged[k++] = 1; tagged[k++] = 0x7f;	/* tag 5, size 1 */
	struct meta_record d;
	struct arena a;
	char err[256];
	arena_init(&a, 0);
	is_int(meta_record_decode(tagged, k, &d, &a, err, sizeof(err)), 0,
	       "tagged fields: known read, unknown skipped");
	ok(d.u.partition.leader_recovery_state == 1 && d.u.partition.partition_id == 2 &&
	   d.u.partition.replicas.n == 1 && d.u.partition.replicas.v[0] == 1 &&
	   d.u.partition.removing_replicas.n == 0 && d.u.partition.leader == 1, "fields read");
	tagged[sizeof(want)] = 5;
	tagged[sizeof(want) + 3] = 0;	/* tags out of order: 5 then 0 */
	is_int(meta_record_decode(tagged, k, &d, &a, err, sizeof(err)), KAF_ECORRUPT,
	       "tags out of order refused");
	/* A null Replicas array: not nullable. */
	memcpy(tagged, want, sizeof(want));
	tagged[3 + 4 + 16] = 0;
	is_int(meta_record_decode(tagged, sizeof(want) - 4, &d, &a, err, sizeof(err)), KAF_ECORRUPT,
	       "a null array where none may be is refused");
	arena_release(&a);
	buf_release(&b);
}

static void test_config_and_remove(void)
{
	struct buf b = BUF_INIT;
	struct meta_record r = { .type = META_REC_CONFIG, .version = 0 };
	r.u.config.resource_type = META_RESOURCE_TOPIC;
	r.u.config.resource_name = kstr_c("foo");
	r.u.config.name = kstr_c("retention.ms");
	r.u.config.value = kstr_c(NULL);
	encode(&r, &b);
	static const uint8_t want[] = {
		0x01, 0x04, 0x00,
		0x02,					/* ResourceType: topic */
		0x04, 'f', 'o', 'o',
		0x0d, 'r', 'e', 't', 'e', 'n', 't', 'i', 'o', 'n', '.', 'm', 's',
		0x00,					/* Value: null */
		0x00,
	};
	is_int(b.len, sizeof(want), "ConfigRecord (delete) value: length");
	if (!is_mem(b.data, want, sizeof(want), "ConfigRecord (delete) value: Kafka's bytes"))
		show(&b);
	struct meta_record d;
	struct arena a;
	char err[256];
	arena_init(&a, 0);
	is_int(meta_record_decode(want, sizeof(want), &d, &a, err, sizeof(err)), 0, "decodes");
	ok(d.u.config.value.len == -1 && kstr_eq(d.u.config.name, "retention.ms"), "a null value");

	struct meta_record rm = { .type = META_REC_REMOVE_TOPIC, .version = 0 };
	memcpy(rm.u.remove_topic.topic_id.b, id16, 16);
	encode(&rm, &b);
	static const uint8_t want_rm[] = { 0x01, 0x09, 0x00, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
					   12, 13, 14, 15, 0x00 };
	ok(b.len == sizeof(want_rm) && !memcmp(b.data, want_rm, sizeof(want_rm)),
	   "RemoveTopicRecord value: Kafka's bytes");

	/* FeatureLevelRecord metadata.version=7 as Kafka bootstraps it. */
	static const uint8_t fl[] = { 0x01, 0x0c, 0x00, 0x11, 'm', 'e', 't', 'a', 'd', 'a', 't', 'a',
				      '.', 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x00, 0x07, 0x00 };
	is_int(meta_record_decode(fl, sizeof(fl), &d, &a, err, sizeof(err)), 0, "FeatureLevelRecord decodes");
	ok(kstr_eq(d.u.feature_level.name, "metadata.version") && d.u.feature_level.feature_level == 7,
	   "its fields");
	is_str(meta_record_type_name(META_REC_FEATURE_LEVEL), "FEATURE_LEVEL_RECORD", "type names");
	ok(meta_record_type_name(5) == NULL && meta_record_desc(5) == NULL, "unknown type: no name");
	arena_release(&a);
	buf_release(&b);
}

static void test_frame_errors(void)
{
	struct meta_record d;
	struct arena a;
	char err[256];
	arena_init(&a, 0);
	static const uint8_t unknown[] = { 0x01, 0x15, 0x03, 0xde, 0xad };
	is_int(meta_record_decode(unknown, sizeof(unknown), &d, &a, err, sizeof(err)), KAF_ENOTFOUND,
	       "unknown type");
	ok(d.type == 21 && d.version == 3, "its type and version are given");
	static const uint8_t v1[] = { 0x01, 0x03, 0x01, 0x00 };
	is_int(meta_record_decode(v1, sizeof(v1), &d, &a, err, sizeof(err)), KAF_ECORRUPT,
	       "PartitionRecord v1 (Directories) refused, not misread");
	ok(strstr(err, "PARTITION_RECORD version 1") != NULL, "err: %s", err);
	static const uint8_t frame0[] = { 0x00, 0x02, 0x00 };
	is_int(meta_record_decode(frame0, sizeof(frame0), &d, &a, err, sizeof(err)), KAF_ECORRUPT,
	       "frame version 0");
	static const uint8_t cut[] = { 0x01, 0x82 };
	is_int(meta_record_decode(cut, sizeof(cut), &d, &a, err, sizeof(err)), KAF_ECORRUPT,
	       "frame cut inside a varint");
	is_int(meta_record_decode(cut, 0, &d, &a, NULL, 0), KAF_ECORRUPT, "empty, err NULL");
	static const uint8_t huge[] = { 0x01, 0x02, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f };
	is_int(meta_record_decode(huge, sizeof(huge), &d, &a, err, sizeof(err)), KAF_ECORRUPT,
	       "a string longer than the value");
	arena_release(&a);
}

static void json_of(const uint8_t *v, size_t n, struct buf *out)
{
	struct meta_record d;
	struct arena a;
	arena_init(&a, 0);
	buf_reset(out);
	if (meta_record_decode(v, n, &d, &a, NULL, 0) == 0)
		meta_record_json(&d, out);
	buf_put_u8(out, 0);
	arena_release(&a);
}

/* The JSON Kafka's dump tool prints with --cluster-metadata-decoder. */
static void test_json(void)
{
	struct buf b = BUF_INIT;
	static const uint8_t topic[] = { 0x01, 0x02, 0x00, 0x04, 'f', 'o', 'o', 0, 1, 2, 3, 4, 5, 6,
					 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x00 };
	json_of(topic, sizeof(topic), &b);
	is_str((char *)b.data,
	       "{\"type\":\"TOPIC_RECORD\",\"version\":0,\"data\":{\"name\":\"foo\","
	       "\"topicId\":\"AAECAwQFBgcICQoLDA0ODw\"}}", "TopicRecord JSON");
	static const uint8_t part[] = {
		0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x02, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
		14, 15, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00,
		0x01, 0x01, 0x01, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
		0x07, 0x01, 0x00, 0x01, 0x01,
	};
	json_of(part, sizeof(part), &b);
	is_str((char *)b.data,
	       "{\"type\":\"PARTITION_RECORD\",\"version\":0,\"data\":{\"partitionId\":2,"
	       "\"topicId\":\"AAECAwQFBgcICQoLDA0ODw\",\"replicas\":[1,2],\"isr\":[1],"
	       "\"removingReplicas\":[],\"addingReplicas\":[],\"leader\":-1,"
	       "\"leaderRecoveryState\":1,\"leaderEpoch\":5,\"partitionEpoch\":7}}",
	       "PartitionRecord JSON, a tagged field that is set");
	static const uint8_t cfg[] = { 0x01, 0x04, 0x00, 0x02, 0x02, 't', 0x05, 'a', '"', '\\', '\n',
				       0x00, 0x00 };
	json_of(cfg, sizeof(cfg), &b);
	is_str((char *)b.data,
	       "{\"type\":\"CONFIG_RECORD\",\"version\":0,\"data\":{\"resourceType\":2,"
	       "\"resourceName\":\"t\",\"name\":\"a\\\"\\\\\\n\",\"value\":null}}",
	       "ConfigRecord JSON: escapes, a null value");
	buf_release(&b);
}

static void test_uuid_text(void)
{
	struct kuuid id, back;
	char s[23];
	memcpy(id.b, id16, 16);
	meta_uuid_format(&id, s);
	is_str(s, "AAECAwQFBgcICQoLDA0ODw", "uuid text: base64url, no padding");
	memset(id.b, 0xff, 16);
	meta_uuid_format(&id, s);
	is_str(s, "_____________________w", "all ones");
	is_int(meta_uuid_parse("MkU3OEVBNTcwNTJENDM2Qg", &back), 0, "parse Kafka's example id");
	ok(!memcmp(back.b, "2E78EA57052D436B", 16), "its bytes");
	is_int(meta_uuid_parse("MkU3OEVBNTcwNTJENDM2Qh", &back), KAF_ECORRUPT, "stray low bits refused");
	is_int(meta_uuid_parse("MkU3OEVBNTcwNTJENDM2Q", &back), KAF_ECORRUPT, "21 characters refused");
	is_int(meta_uuid_parse("MkU3OEVBNTcwNTJENDM2Q=", &back), KAF_ECORRUPT, "padding refused");
	is_int(meta_uuid_parse("MkU3OEVBNTcwNTJENDM+Qg", &back), KAF_ECORRUPT, "'+' refused");
}

int main(void)
{
	test_topic_record();
	test_partition_record();
	test_config_and_remove();
	test_frame_errors();
	test_json();
	test_uuid_text();
	return tap_done();
}
