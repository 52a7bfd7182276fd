/*
 * The records of __consumer_offsets, in Kafka's formats. Key and value are
 * each an int16 version followed by a non-flexible struct (flexible for
 * value versions 4+):
 *
 *   OffsetCommit key   v0/v1: group string, topic string, partition i32
 *   OffsetCommit value v0-3 : offset i64, leaderEpoch i32 (v3+), metadata string,
 *                             commitTimestamp i64, expireTimestamp i64 (v1 only)
 *   GroupMetadata key  v2   : group string
 *   GroupMetadata value v0-3: protocolType string, generation i32,
 *                             protocol nullable string, leader nullable string,
 *                             currentStateTimestamp i64 (v2+),
 *                             members [memberId string, groupInstanceId nullable
 *                             string (v3+), clientId string, clientHost string,
 *                             rebalanceTimeout i32 (v1+), sessionTimeout i32,
 *                             subscription bytes, assignment bytes]
 *
 * A null value is a tombstone: the offset or the group is gone. We write
 * key v1 + value v3 for offsets and key v2 + value v3 for groups.
 */
#ifndef KAF_GROUP_RECORDS_H
#define KAF_GROUP_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/codec/msg.h"

struct arena;
struct buf;
struct groups;
struct group;
struct log;

#define GROUP_OFFSETS_TOPIC "__consumer_offsets"

#define group_offset_key_FIELDS(F, M) \
	F(M, STR, _, group, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, topic, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, partition, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(group_offset_key)

#define group_offset_value_FIELDS(F, M) \
	F(M, I64, _, offset, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, leader_epoch, 3, P_MAX, P_NN, P_NT, -1) \
	F(M, STR, _, metadata, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, commit_timestamp, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, expire_timestamp, 1, 1, P_NN, P_NT, -1)
PROTO_DECLARE(group_offset_value)

#define group_meta_key_FIELDS(F, M) \
	F(M, STR, _, group, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(group_meta_key)

#define group_meta_member_FIELDS(F, M) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 3, P_MAX, 3, P_NT, 0) \
	F(M, STR, _, client_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, client_host, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, rebalance_timeout, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, session_timeout, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BYTES, _, subscription, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BYTES, _, assignment, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(group_meta_member)

#define group_meta_value_FIELDS(F, M) \
	F(M, STR, _, protocol_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, generation, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, protocol, 0, P_MAX, 0, P_NT, 0) \
	F(M, STR, _, leader, 0, P_MAX, 0, P_NT, 0) \
	F(M, I64, _, current_state_timestamp, 2, P_MAX, P_NN, P_NT, -1) \
	F(M, ARR, group_meta_member, members, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(group_meta_value)

/* Kafka's partition of __consumer_offsets for a group: abs(Java hashCode(id)) % n. */
int32_t group_partition_for(const char *id, size_t len, int32_t npartitions);

/* A committed offset's key and value (appended to key and value). */
void group_offset_record(const char *group, const char *topic, size_t topic_len, int32_t partition,
			 int64_t offset, int32_t leader_epoch, const char *metadata, size_t mlen,
			 int64_t commit_ms, struct buf *key, struct buf *value, struct arena *a);
/* A group's metadata record (its members as they are now); tombstone when g has no state to keep. */
void group_meta_record(const struct group *g, int64_t now_ms, struct buf *key, struct buf *value,
		       struct arena *a);
/* Only the keys, for tombstones. */
void group_offset_key_only(const char *group, const char *topic, size_t topic_len, int32_t partition,
			   struct buf *key, struct arena *a);
void group_meta_key_only(const char *group, size_t len, struct buf *key, struct arena *a);

/*
 * Apply one record read back from __consumer_offsets (value NULL / -1 =
 * tombstone). Groups come back Empty with their offsets; members are not
 * restored. 0, KAF_ECORRUPT for bytes that do not parse (skipped by the
 * caller), -ENOMEM.
 */
int group_record_apply(struct groups *gs, const uint8_t *key, int32_t key_len, const uint8_t *value,
		       int32_t value_len, int64_t now_ms);

/* Replay a whole partition log of __consumer_offsets into gs; returns records skipped as bad or <0. */
int group_replay_log(struct groups *gs, struct log *l, int64_t now_ms);

#endif
