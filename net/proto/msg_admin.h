/*
 * Message definitions: Topic and configuration administration: CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs, AlterConfigs, IncrementalAlterConfigs.
 * Field layouts per version as documented for the Kafka protocol; see
 * net/proto/msg.h for the row format. Comments give each message's version
 * range and its flexible versions.
 */
#ifndef KAF_PROTO_MSG_ADMIN_H
#define KAF_PROTO_MSG_ADMIN_H

#include "net/proto/msg.h"

/* CreateTopicsRequest v0-4  */
#define create_topics_req_assignments_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, broker_ids, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_topics_req_assignments)
#define create_topics_req_configs_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, value, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(create_topics_req_configs)
#define create_topics_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, num_partitions, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, replication_factor, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, create_topics_req_assignments, assignments, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, create_topics_req_configs, configs, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_topics_req_topics)
#define create_topics_req_FIELDS(F, M) \
	F(M, ARR, create_topics_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, timeout_ms, 0, P_MAX, P_NN, P_NT, 60000) \
	F(M, BOOL, _, validate_only, 1, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_topics_req)

/* CreateTopicsResponse v0-4  */
#define create_topics_resp_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 1, P_MAX, 1, P_NT, 0)
PROTO_DECLARE(create_topics_resp_topics)
#define create_topics_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 2, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, create_topics_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_topics_resp)

/* DeleteTopicsRequest v0-3  */
#define delete_topics_req_FIELDS(F, M) \
	F(M, ARR_STR, _, topic_names, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, timeout_ms, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_topics_req)

/* DeleteTopicsResponse v0-3  */
#define delete_topics_resp_responses_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_topics_resp_responses)
#define delete_topics_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, delete_topics_resp_responses, responses, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_topics_resp)

/* CreatePartitionsRequest v0-1  */
#define create_partitions_req_assignments_FIELDS(F, M) \
	F(M, ARR_I32, _, broker_ids, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_partitions_req_assignments)
#define create_partitions_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, count, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, create_partitions_req_assignments, assignments, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(create_partitions_req_topics)
#define create_partitions_req_FIELDS(F, M) \
	F(M, ARR, create_partitions_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, timeout_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BOOL, _, validate_only, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_partitions_req)

/* CreatePartitionsResponse v0-1  */
#define create_partitions_resp_results_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(create_partitions_resp_results)
#define create_partitions_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, create_partitions_resp_results, results, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_partitions_resp)

/* DescribeConfigsRequest v0-2  */
#define describe_configs_req_resources_FIELDS(F, M) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_STR, _, configuration_keys, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(describe_configs_req_resources)
#define describe_configs_req_FIELDS(F, M) \
	F(M, ARR, describe_configs_req_resources, resources, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BOOL, _, include_synonyms, 1, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_configs_req)

/* DescribeConfigsResponse v0-2  */
#define describe_configs_resp_synonyms_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, value, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, source, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_configs_resp_synonyms)
#define describe_configs_resp_configs_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, value, 0, P_MAX, 0, P_NT, 0) \
	F(M, BOOL, _, read_only, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BOOL, _, is_default, 0, 0, P_NN, P_NT, 0) \
	F(M, I8, _, config_source, 1, P_MAX, P_NN, P_NT, -1) \
	F(M, BOOL, _, is_sensitive, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, describe_configs_resp_synonyms, synonyms, 1, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_configs_resp_configs)
#define describe_configs_resp_results_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, describe_configs_resp_configs, configs, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_configs_resp_results)
#define describe_configs_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, describe_configs_resp_results, results, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_configs_resp)

/* AlterConfigsRequest v0-1  */
#define alter_configs_req_configs_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, value, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(alter_configs_req_configs)
#define alter_configs_req_resources_FIELDS(F, M) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, alter_configs_req_configs, configs, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(alter_configs_req_resources)
#define alter_configs_req_FIELDS(F, M) \
	F(M, ARR, alter_configs_req_resources, resources, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BOOL, _, validate_only, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(alter_configs_req)

/* AlterConfigsResponse v0-1  */
#define alter_configs_resp_responses_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(alter_configs_resp_responses)
#define alter_configs_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, alter_configs_resp_responses, responses, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(alter_configs_resp)

/* IncrementalAlterConfigsRequest v0-1 (flexible v1) */
#define incremental_alter_configs_req_configs_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, config_operation, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, value, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(incremental_alter_configs_req_configs)
#define incremental_alter_configs_req_resources_FIELDS(F, M) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, incremental_alter_configs_req_configs, configs, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(incremental_alter_configs_req_resources)
#define incremental_alter_configs_req_FIELDS(F, M) \
	F(M, ARR, incremental_alter_configs_req_resources, resources, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BOOL, _, validate_only, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(incremental_alter_configs_req)

/* IncrementalAlterConfigsResponse v0-1 (flexible v1) */
#define incremental_alter_configs_resp_responses_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(incremental_alter_configs_resp_responses)
#define incremental_alter_configs_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, incremental_alter_configs_resp_responses, responses, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(incremental_alter_configs_resp)

#endif
