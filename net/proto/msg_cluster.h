/*
 * Message definitions: API versions and cluster metadata: ApiVersions, Metadata, DescribeCluster.
 * Field layouts per version as documented for the Kafka protocol; see
 * core/codec/msg.h for the row format. Comments give each message's version
 * range and its flexible versions.
 */
#ifndef KAF_PROTO_MSG_CLUSTER_H
#define KAF_PROTO_MSG_CLUSTER_H

#include "core/codec/msg.h"

/* ApiVersionsRequest v0-3 (flexible v3) */
#define api_versions_req_FIELDS(F, M) \
	F(M, STR, _, client_software_name, 3, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, client_software_version, 3, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(api_versions_req)

/* ApiVersionsResponse v0-3 (flexible v3) */
#define api_versions_resp_api_keys_FIELDS(F, M) \
	F(M, I16, _, api_key, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, min_version, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, max_version, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(api_versions_resp_api_keys)
#define api_versions_resp_supported_features_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, min_version, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, max_version, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(api_versions_resp_supported_features)
#define api_versions_resp_finalized_features_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, max_version_level, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, min_version_level, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(api_versions_resp_finalized_features)
#define api_versions_resp_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, api_versions_resp_api_keys, api_keys, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, throttle_time_ms, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, api_versions_resp_supported_features, supported_features, 3, P_MAX, P_NN, 0, 0) \
	F(M, I64, _, finalized_features_epoch, 3, P_MAX, P_NN, 1, -1) \
	F(M, ARR, api_versions_resp_finalized_features, finalized_features, 3, P_MAX, P_NN, 2, 0) \
	F(M, BOOL, _, zk_migration_ready, 3, P_MAX, P_NN, 3, 0)
PROTO_DECLARE(api_versions_resp)

/* MetadataRequest v0-12 (flexible v9+); v12 looks topics up by id when the name is null */
#define metadata_req_topics_FIELDS(F, M) \
	F(M, UUID, _, topic_id, 10, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, name, 0, P_MAX, 10, P_NT, 0)
PROTO_DECLARE(metadata_req_topics)
#define metadata_req_FIELDS(F, M) \
	F(M, ARR, metadata_req_topics, topics, 0, P_MAX, 1, P_NT, 0) \
	F(M, BOOL, _, allow_auto_topic_creation, 4, P_MAX, P_NN, P_NT, 1) \
	F(M, BOOL, _, include_cluster_authorized_operations, 8, 10, P_NN, P_NT, 0) \
	F(M, BOOL, _, include_topic_authorized_operations, 8, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(metadata_req)

/* MetadataResponse v0-12 (flexible v9+) */
#define metadata_resp_brokers_FIELDS(F, M) \
	F(M, I32, _, node_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, host, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, port, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, rack, 1, P_MAX, 1, P_NT, 0)
PROTO_DECLARE(metadata_resp_brokers)
#define metadata_resp_partitions_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, leader_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, leader_epoch, 7, P_MAX, P_NN, P_NT, -1) \
	F(M, ARR_I32, _, replica_nodes, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, isr_nodes, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, offline_replicas, 5, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(metadata_resp_partitions)
#define metadata_resp_topics_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, name, 0, P_MAX, 12, P_NT, 0) \
	F(M, UUID, _, topic_id, 10, P_MAX, P_NN, P_NT, 0) \
	F(M, BOOL, _, is_internal, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, metadata_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, topic_authorized_operations, 8, P_MAX, P_NN, P_NT, -2147483648)
PROTO_DECLARE(metadata_resp_topics)
#define metadata_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 3, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, metadata_resp_brokers, brokers, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, cluster_id, 2, P_MAX, 2, P_NT, 0) \
	F(M, I32, _, controller_id, 1, P_MAX, P_NN, P_NT, -1) \
	F(M, ARR, metadata_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, cluster_authorized_operations, 8, 10, P_NN, P_NT, -2147483648)
PROTO_DECLARE(metadata_resp)

/* DescribeClusterRequest v0-1 (all flexible) */
#define describe_cluster_req_FIELDS(F, M) \
	F(M, BOOL, _, include_cluster_authorized_operations, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, endpoint_type, 1, P_MAX, P_NN, P_NT, 1)
PROTO_DECLARE(describe_cluster_req)

/* DescribeClusterResponse v0-1 (all flexible) */
#define describe_cluster_resp_brokers_FIELDS(F, M) \
	F(M, I32, _, broker_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, host, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, port, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, rack, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(describe_cluster_resp_brokers)
#define describe_cluster_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, endpoint_type, 1, P_MAX, P_NN, P_NT, 1) \
	F(M, STR, _, cluster_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, controller_id, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, ARR, describe_cluster_resp_brokers, brokers, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, cluster_authorized_operations, 0, P_MAX, P_NN, P_NT, -2147483648)
PROTO_DECLARE(describe_cluster_resp)

#endif
