/*
 * Kafka's metadata records, as the value of each record in the metadata log
 * (the key is null). The value is framed:
 *
 *   uvarint  frame version   1
 *   uvarint  record type     the api key below
 *   uvarint  record version
 *   ...      the record, flexible encoding in every version (compact
 *            strings and arrays, uvarint(len + 1), 0 = null; a tag buffer
 *            ends it)
 *
 * and nothing may follow the record. Bodies, version 0 (what we write):
 *
 *    2 TopicRecord        Name string, TopicId uuid
 *    3 PartitionRecord    PartitionId i32, TopicId uuid, Replicas [i32], Isr [i32],
 *                         RemovingReplicas [i32], AddingReplicas [i32], Leader i32,
 *                         LeaderEpoch i32, PartitionEpoch i32;
 *                         tag 0: LeaderRecoveryState i8 (default 0)
 *    4 ConfigRecord       ResourceType i8, ResourceName string, Name string,
 *                         Value nullable string (null = delete the key)
 *    9 RemoveTopicRecord  TopicId uuid
 *   12 FeatureLevelRecord Name string, FeatureLevel i16
 *
 * Newer versions of these records add tagged fields, which decode skips, or
 * (PartitionRecord v1+) non-tagged ones, which we do not read: such a
 * version is refused rather than misread.
 */
#ifndef KAF_META_RECORDS_H
#define KAF_META_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/codec/msg.h"

struct arena;
struct buf;

#define META_FRAME_VERSION 1

enum meta_record_type {
	META_REC_TOPIC = 2,
	META_REC_PARTITION = 3,
	META_REC_CONFIG = 4,
	META_REC_REMOVE_TOPIC = 9,
	META_REC_FEATURE_LEVEL = 12,
};

/* ConfigRecord.ResourceType values (Kafka's ConfigResource.Type). */
#define META_RESOURCE_TOPIC 2
#define META_RESOURCE_BROKER 4

#define meta_topic_record_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, UUID, _, topic_id, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(meta_topic_record)

#define meta_partition_record_FIELDS(F, M) \
	F(M, I32, _, partition_id, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, UUID, _, topic_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, replicas, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, isr, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, removing_replicas, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, adding_replicas, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, leader, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I8, _, leader_recovery_state, 0, P_MAX, P_NN, 0, 0) \
	F(M, I32, _, leader_epoch, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I32, _, partition_epoch, 0, P_MAX, P_NN, P_NT, -1)
PROTO_DECLARE(meta_partition_record)

#define meta_config_record_FIELDS(F, M) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, value, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(meta_config_record)

#define meta_remove_topic_record_FIELDS(F, M) \
	F(M, UUID, _, topic_id, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(meta_remove_topic_record)

#define meta_feature_level_record_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, feature_level, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(meta_feature_level_record)

/* One decoded (or to be encoded) record: type picks the union member. */
struct meta_record {
	int type;		/* enum meta_record_type */
	int version;
	union {
		struct meta_topic_record topic;
		struct meta_partition_record partition;
		struct meta_config_record config;
		struct meta_remove_topic_record remove_topic;
		struct meta_feature_level_record feature_level;
	} u;
};

/* The record type's description, or NULL for a type we do not know. */
const struct proto_msg *meta_record_desc(int type);
/* Kafka's name of the type ("TOPIC_RECORD"), or NULL when unknown. */
const char *meta_record_type_name(int type);

/* Append rec's framed value to out, at rec->version. Memory for the encoder from a. */
void meta_record_encode(const struct meta_record *rec, struct buf *out, struct arena *a);

/*
 * Decode a framed value. Strings point into p; arrays come from a. Returns 0;
 * KAF_ENOTFOUND for a well-framed value of a type we do not know (rec->type
 * and rec->version set, the body unread); KAF_ECORRUPT for a bad frame
 * version, a version newer than we read, a body that does not decode, or
 * bytes after it. err (may be NULL) says which.
 */
int meta_record_decode(const uint8_t *p, size_t n, struct meta_record *rec, struct arena *a,
		       char *err, size_t errlen);

/*
 * Kafka's JSON of a decoded record (what its dump tool prints with
 * --cluster-metadata-decoder), appended to out without a NUL:
 *   {"type":"TOPIC_RECORD","version":0,"data":{"name":"foo","topicId":"..."}}
 * Field names in camelCase, uuids in their text form, tagged fields only
 * when not at their default, compact (no spaces).
 */
void meta_record_json(const struct meta_record *rec, struct buf *out);

/* Kafka's text form of a uuid: 22 characters of unpadded base64url, NUL-terminated. */
void meta_uuid_format(const struct kuuid *id, char out[23]);
/* Parse that form; 0, or KAF_ECORRUPT when s is not 22 base64url characters of 16 bytes. */
int meta_uuid_parse(const char *s, struct kuuid *id);

#endif
