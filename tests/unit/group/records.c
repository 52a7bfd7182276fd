/* __consumer_offsets records: Kafka's partition hash, the exact bytes of keys and values, replay. */
#include "../tap.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/group/group.h"
#include "core/group/records.h"

#include <stdlib.h>
#include <string.h>

static void test_partition_hash(void)
{
	/* Expected values from Java's String.hashCode over UTF-16 code units. */
	is_int(group_partition_for("g1", 2, 50), 42, "g1 -> 42");
	is_int(group_partition_for("test-consumer-group", 19, 50), 17, "negative hash is masked, not negated");
	is_int(group_partition_for("console-consumer-12345", 22, 50), 6, "console-consumer-12345 -> 6");
	is_int(group_partition_for("\xc3\xa9t\xc3\xa9", 5, 50), 42, "two-byte UTF-8 counts as one unit");
	is_int(group_partition_for("a\xf0\x9f\x98\x80" "b", 6, 50), 44,
	       "a code point above U+FFFF counts as a surrogate pair");
	is_int(group_partition_for("g1", 2, 1), 0, "one partition");
}

static void test_offset_bytes(void)
{
	struct arena a;
	arena_init(&a, 1024);
	struct buf k = BUF_INIT, v = BUF_INIT;
	group_offset_record("g", "t", 1, 3, 7, -1, "m", 1, 0x0102, &k, &v, &a);
	static const uint8_t want_k[] = { 0, 1, 0, 1, 'g', 0, 1, 't', 0, 0, 0, 3 };
	is_int(k.len, sizeof(want_k), "key size");
	is_mem(k.data, want_k, sizeof(want_k), "key v1: group, topic, partition");
	static const uint8_t want_v[] = { 0, 3, 0, 0, 0, 0, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff,
					  0, 1, 'm', 0, 0, 0, 0, 0, 0, 1, 2 };
	is_int(v.len, sizeof(want_v), "value size");
	is_mem(v.data, want_v, sizeof(want_v), "value v3: offset, epoch, metadata, commit time");

	struct groups gs;
	groups_init(&gs);
	ok(group_record_apply(&gs, k.data, (int32_t)k.len, v.data, (int32_t)v.len, 5) == 0, "replay applies");
	struct group *g = groups_find(&gs, "g", 1);
	ok(g != NULL, "the group exists after replay");
	const struct group_offset *o = g ? group_offset_find(g, "t", 1, 3) : NULL;
	ok(o && o->offset == 7 && o->leader_epoch == -1 && !strcmp(o->metadata, "m") &&
	   o->commit_ms == 0x0102, "the offset comes back as written");
	is_int(g ? (int)g->state : -1, (int)GROUP_EMPTY, "a replayed group is Empty");
	ok(group_record_apply(&gs, k.data, (int32_t)k.len, NULL, -1, 5) == 0, "tombstone applies");
	ok(g && !group_offset_find(g, "t", 1, 3), "a tombstone deletes the offset");
	ok(group_record_apply(&gs, k.data, 3, v.data, (int32_t)v.len, 5) != 0, "a cut key is refused");
	ok(group_record_apply(&gs, k.data, (int32_t)k.len, v.data, 5, 5) != 0, "a cut value is refused");
	static const uint8_t v0[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4 };
	ok(group_record_apply(&gs, k.data, (int32_t)k.len, v0, sizeof(v0), 5) == 0, "value v0 reads");
	o = g ? group_offset_find(g, "t", 1, 3) : NULL;
	ok(o && o->offset == 9 && o->commit_ms == 4 && o->leader_epoch == -1, "v0: no epoch, offset 9");

	struct buf gk = BUF_INIT, gv = BUF_INIT;
	free(g->protocol_type);
	g->protocol_type = strdup("consumer");
	g->generation = 4;
	group_meta_record(g, 99, &gk, &gv, &a);
	static const uint8_t want_gk[] = { 0, 2, 0, 1, 'g' };
	is_mem(gk.data, want_gk, sizeof(want_gk), "group key v2");
	static const uint8_t want_gv[] = { 0, 3, 0, 8, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r', 0, 0, 0, 4,
					   0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0, 0 };
	is_int(gv.len, sizeof(want_gv), "group value size");
	is_mem(gv.data, want_gv, sizeof(want_gv), "group value v3, no members, null protocol and leader");
	struct groups gs2;
	groups_init(&gs2);
	ok(group_record_apply(&gs2, gk.data, (int32_t)gk.len, gv.data, (int32_t)gv.len, 5) == 0,
	   "group record replays");
	struct group *g2 = groups_find(&gs2, "g", 1);
	ok(g2 && g2->generation == 4 && g2->protocol_type && !strcmp(g2->protocol_type, "consumer"),
	   "generation and protocol type come back");
	ok(group_record_apply(&gs2, gk.data, (int32_t)gk.len, NULL, -1, 5) == 0 && !groups_find(&gs2, "g", 1),
	   "a group tombstone removes the group");
	groups_release(&gs2);
	groups_release(&gs);
	buf_release(&k);
	buf_release(&v);
	buf_release(&gk);
	buf_release(&gv);
	arena_release(&a);
}

int main(void)
{
	test_partition_hash();
	test_offset_bytes();
	return tap_done();
}
