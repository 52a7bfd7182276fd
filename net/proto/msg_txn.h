/*
 * Message definitions: Idempotent and transactional producers: InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit.
 * Field layouts per version as documented for the Kafka protocol; see
 * net/proto/msg.h for the row format. Comments give each message's version
 * range and its flexible versions.
 */
#ifndef KAF_PROTO_MSG_TXN_H
#define KAF_PROTO_MSG_TXN_H

#include "net/proto/msg.h"

/* InitProducerIdRequest v0-4 (flexible v2+) */
#define init_producer_id_req_FIELDS(F, M) \
	F(M, STR, _, transactional_id, 0, P_MAX, 0, P_NT, 0) \
	F(M, I32, _, transaction_timeout_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, producer_id, 3, P_MAX, P_NN, P_NT, -1) \
	F(M, I16, _, producer_epoch, 3, P_MAX, P_NN, P_NT, -1)
PROTO_DECLARE(init_producer_id_req)

/* InitProducerIdResponse v0-4 (flexible v2+) */
#define init_producer_id_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, producer_id, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, I16, _, producer_epoch, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(init_producer_id_resp)

/* AddPartitionsToTxnRequest v0-1  */
#define add_partitions_to_txn_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(add_partitions_to_txn_req_topics)
#define add_partitions_to_txn_req_FIELDS(F, M) \
	F(M, STR, _, transactional_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, producer_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, producer_epoch, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, add_partitions_to_txn_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(add_partitions_to_txn_req)

/* AddPartitionsToTxnResponse v0-1  */
#define add_partitions_to_txn_resp_results_by_partition_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, partition_error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(add_partitions_to_txn_resp_results_by_partition)
#define add_partitions_to_txn_resp_results_by_topic_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, add_partitions_to_txn_resp_results_by_partition, results_by_partition, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(add_partitions_to_txn_resp_results_by_topic)
#define add_partitions_to_txn_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, add_partitions_to_txn_resp_results_by_topic, results_by_topic, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(add_partitions_to_txn_resp)

/* AddOffsetsToTxnRequest v0-1  */
#define add_offsets_to_txn_req_FIELDS(F, M) \
	F(M, STR, _, transactional_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, producer_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, producer_epoch, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(add_offsets_to_txn_req)

/* AddOffsetsToTxnResponse v0-1  */
#define add_offsets_to_txn_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(add_offsets_to_txn_resp)

/* EndTxnRequest v0-1  */
#define end_txn_req_FIELDS(F, M) \
	F(M, STR, _, transactional_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, producer_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, producer_epoch, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BOOL, _, committed, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(end_txn_req)

/* EndTxnResponse v0-1  */
#define end_txn_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(end_txn_resp)

/* TxnOffsetCommitRequest v0-3 (flexible v3) */
#define txn_offset_commit_req_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, committed_offset, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, committed_leader_epoch, 2, P_MAX, P_NN, P_NT, -1) \
	F(M, STR, _, committed_metadata, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(txn_offset_commit_req_partitions)
#define txn_offset_commit_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, txn_offset_commit_req_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(txn_offset_commit_req_topics)
#define txn_offset_commit_req_FIELDS(F, M) \
	F(M, STR, _, transactional_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, producer_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, producer_epoch, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, generation_id, 3, P_MAX, P_NN, P_NT, -1) \
	F(M, STR, _, member_id, 3, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 3, P_MAX, 3, P_NT, 0) \
	F(M, ARR, txn_offset_commit_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(txn_offset_commit_req)

/* TxnOffsetCommitResponse v0-3 (flexible v3) */
#define txn_offset_commit_resp_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(txn_offset_commit_resp_partitions)
#define txn_offset_commit_resp_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, txn_offset_commit_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(txn_offset_commit_resp_topics)
#define txn_offset_commit_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, txn_offset_commit_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(txn_offset_commit_resp)

#endif
