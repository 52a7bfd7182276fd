/*
 * Message definitions: Reading and writing partitions: Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, DeleteRecords.
 * Field layouts per version as documented for the Kafka protocol; see
 * net/proto/msg.h for the row format. Comments give each message's version
 * range and its flexible versions.
 */
#ifndef KAF_PROTO_MSG_DATA_H
#define KAF_PROTO_MSG_DATA_H

#include "net/proto/msg.h"

/* ProduceRequest v3-7  */
#define produce_req_partition_data_FIELDS(F, M) \
	F(M, I32, _, index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, RECORDS, _, records, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(produce_req_partition_data)
#define produce_req_topic_data_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, produce_req_partition_data, partition_data, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(produce_req_topic_data)
#define produce_req_FIELDS(F, M) \
	F(M, STR, _, transactional_id, 0, P_MAX, 0, P_NT, 0) \
	F(M, I16, _, acks, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, timeout_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, produce_req_topic_data, topic_data, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(produce_req)

/* ProduceResponse v3-7  */
#define produce_resp_partition_responses_FIELDS(F, M) \
	F(M, I32, _, index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, base_offset, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, log_append_time_ms, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I64, _, log_start_offset, 5, P_MAX, P_NN, P_NT, -1)
PROTO_DECLARE(produce_resp_partition_responses)
#define produce_resp_responses_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, produce_resp_partition_responses, partition_responses, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(produce_resp_responses)
#define produce_resp_FIELDS(F, M) \
	F(M, ARR, produce_resp_responses, responses, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(produce_resp)

/* FetchRequest v4-11  */
#define fetch_req_partitions_FIELDS(F, M) \
	F(M, I32, _, partition, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, current_leader_epoch, 9, P_MAX, P_NN, P_NT, -1) \
	F(M, I64, _, fetch_offset, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, log_start_offset, 5, P_MAX, P_NN, P_NT, -1) \
	F(M, I32, _, partition_max_bytes, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(fetch_req_partitions)
#define fetch_req_topics_FIELDS(F, M) \
	F(M, STR, _, topic, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, fetch_req_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(fetch_req_topics)
#define fetch_req_forgotten_topics_data_FIELDS(F, M) \
	F(M, STR, _, topic, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(fetch_req_forgotten_topics_data)
#define fetch_req_FIELDS(F, M) \
	F(M, I32, _, replica_id, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I32, _, max_wait_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, min_bytes, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, max_bytes, 0, P_MAX, P_NN, P_NT, INT32_MAX) \
	F(M, I8, _, isolation_level, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, session_id, 7, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, session_epoch, 7, P_MAX, P_NN, P_NT, -1) \
	F(M, ARR, fetch_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, fetch_req_forgotten_topics_data, forgotten_topics_data, 7, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, rack_id, 11, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(fetch_req)

/* FetchResponse v4-11  */
#define fetch_resp_aborted_transactions_FIELDS(F, M) \
	F(M, I64, _, producer_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, first_offset, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(fetch_resp_aborted_transactions)
#define fetch_resp_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, high_watermark, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, last_stable_offset, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I64, _, log_start_offset, 5, P_MAX, P_NN, P_NT, -1) \
	F(M, ARR, fetch_resp_aborted_transactions, aborted_transactions, 0, P_MAX, 0, P_NT, 0) \
	F(M, I32, _, preferred_read_replica, 11, P_MAX, P_NN, P_NT, -1) \
	F(M, RECORDS, _, records, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(fetch_resp_partitions)
#define fetch_resp_responses_FIELDS(F, M) \
	F(M, STR, _, topic, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, fetch_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(fetch_resp_responses)
#define fetch_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 7, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, session_id, 7, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, fetch_resp_responses, responses, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(fetch_resp)

/* ListOffsetsRequest v1-3  */
#define list_offsets_req_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, timestamp, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(list_offsets_req_partitions)
#define list_offsets_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, list_offsets_req_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(list_offsets_req_topics)
#define list_offsets_req_FIELDS(F, M) \
	F(M, I32, _, replica_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, isolation_level, 2, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, list_offsets_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(list_offsets_req)

/* ListOffsetsResponse v1-3  */
#define list_offsets_resp_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, timestamp, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I64, _, offset, 0, P_MAX, P_NN, P_NT, -1)
PROTO_DECLARE(list_offsets_resp_partitions)
#define list_offsets_resp_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, list_offsets_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(list_offsets_resp_topics)
#define list_offsets_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 2, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, list_offsets_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(list_offsets_resp)

/* DeleteRecordsRequest v0-1  */
#define delete_records_req_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, offset, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_records_req_partitions)
#define delete_records_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, delete_records_req_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_records_req_topics)
#define delete_records_req_FIELDS(F, M) \
	F(M, ARR, delete_records_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, timeout_ms, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_records_req)

/* DeleteRecordsResponse v0-1  */
#define delete_records_resp_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, low_watermark, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_records_resp_partitions)
#define delete_records_resp_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, delete_records_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_records_resp_topics)
#define delete_records_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, delete_records_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_records_resp)

/* OffsetForLeaderEpochRequest v2-4 (flexible v4) */
#define offset_for_leader_epoch_req_partitions_FIELDS(F, M) \
	F(M, I32, _, partition, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, current_leader_epoch, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I32, _, leader_epoch, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_for_leader_epoch_req_partitions)
#define offset_for_leader_epoch_req_topics_FIELDS(F, M) \
	F(M, STR, _, topic, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_for_leader_epoch_req_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_for_leader_epoch_req_topics)
#define offset_for_leader_epoch_req_FIELDS(F, M) \
	F(M, I32, _, replica_id, 3, P_MAX, P_NN, P_NT, -2) \
	F(M, ARR, offset_for_leader_epoch_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_for_leader_epoch_req)

/* OffsetForLeaderEpochResponse v2-4 (flexible v4) */
#define offset_for_leader_epoch_resp_partitions_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, partition, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, leader_epoch, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I64, _, end_offset, 0, P_MAX, P_NN, P_NT, -1)
PROTO_DECLARE(offset_for_leader_epoch_resp_partitions)
#define offset_for_leader_epoch_resp_topics_FIELDS(F, M) \
	F(M, STR, _, topic, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_for_leader_epoch_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_for_leader_epoch_resp_topics)
#define offset_for_leader_epoch_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_for_leader_epoch_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_for_leader_epoch_resp)

#endif
