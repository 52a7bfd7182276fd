/*
 * Message definitions: Consumer groups and committed offsets: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, ListGroups, DescribeGroups, DeleteGroups, OffsetDelete.
 * Field layouts per version as documented for the Kafka protocol; see
 * net/proto/msg.h for the row format. Comments give each message's version
 * range and its flexible versions.
 */
#ifndef KAF_PROTO_MSG_GROUP_H
#define KAF_PROTO_MSG_GROUP_H

#include "net/proto/msg.h"

/* FindCoordinatorRequest v0-2  */
#define find_coordinator_req_FIELDS(F, M) \
	F(M, STR, _, key, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, key_type, 1, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(find_coordinator_req)

/* FindCoordinatorResponse v0-2  */
#define find_coordinator_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 1, P_MAX, 1, P_NT, 0) \
	F(M, I32, _, node_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, host, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, port, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(find_coordinator_resp)

/* JoinGroupRequest v0-5  */
#define join_group_req_protocols_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BYTES, _, metadata, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(join_group_req_protocols)
#define join_group_req_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, session_timeout_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, rebalance_timeout_ms, 1, P_MAX, P_NN, P_NT, -1) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 5, P_MAX, 5, P_NT, 0) \
	F(M, STR, _, protocol_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, join_group_req_protocols, protocols, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(join_group_req)

/* JoinGroupResponse v0-5  */
#define join_group_resp_members_FIELDS(F, M) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 5, P_MAX, 5, P_NT, 0) \
	F(M, BYTES, _, metadata, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(join_group_resp_members)
#define join_group_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 2, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, generation_id, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, STR, _, protocol_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, leader, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, join_group_resp_members, members, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(join_group_resp)

/* SyncGroupRequest v0-3  */
#define sync_group_req_assignments_FIELDS(F, M) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BYTES, _, assignment, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(sync_group_req_assignments)
#define sync_group_req_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, generation_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 3, P_MAX, 3, P_NT, 0) \
	F(M, ARR, sync_group_req_assignments, assignments, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(sync_group_req)

/* SyncGroupResponse v0-3  */
#define sync_group_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BYTES, _, assignment, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(sync_group_resp)

/* HeartbeatRequest v0-3  */
#define heartbeat_req_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, generation_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 3, P_MAX, 3, P_NT, 0)
PROTO_DECLARE(heartbeat_req)

/* HeartbeatResponse v0-3  */
#define heartbeat_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(heartbeat_resp)

/* LeaveGroupRequest v0-3  */
#define leave_group_req_members_FIELDS(F, M) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(leave_group_req_members)
#define leave_group_req_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, member_id, 0, 2, P_NN, P_NT, 0) \
	F(M, ARR, leave_group_req_members, members, 3, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(leave_group_req)

/* LeaveGroupResponse v0-3  */
#define leave_group_resp_members_FIELDS(F, M) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 0, P_MAX, 0, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(leave_group_resp_members)
#define leave_group_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, leave_group_resp_members, members, 3, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(leave_group_resp)

/* OffsetCommitRequest v2-7  */
#define offset_commit_req_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, committed_offset, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, committed_leader_epoch, 6, P_MAX, P_NN, P_NT, -1) \
	F(M, STR, _, committed_metadata, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(offset_commit_req_partitions)
#define offset_commit_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_commit_req_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_commit_req_topics)
#define offset_commit_req_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, generation_id, 0, P_MAX, P_NN, P_NT, -1) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 7, P_MAX, 7, P_NT, 0) \
	F(M, I64, _, retention_time_ms, 2, 4, P_NN, P_NT, -1) \
	F(M, ARR, offset_commit_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_commit_req)

/* OffsetCommitResponse v2-7  */
#define offset_commit_resp_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_commit_resp_partitions)
#define offset_commit_resp_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_commit_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_commit_resp_topics)
#define offset_commit_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 3, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_commit_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_commit_resp)

/* OffsetFetchRequest v1-7 (flexible v6+) */
#define offset_fetch_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_I32, _, partition_indexes, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_fetch_req_topics)
#define offset_fetch_req_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_fetch_req_topics, topics, 0, P_MAX, 2, P_NT, 0) \
	F(M, BOOL, _, require_stable, 7, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_fetch_req)

/* OffsetFetchResponse v1-7 (flexible v6+) */
#define offset_fetch_resp_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, committed_offset, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, committed_leader_epoch, 5, P_MAX, P_NN, P_NT, -1) \
	F(M, STR, _, metadata, 0, P_MAX, 0, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_fetch_resp_partitions)
#define offset_fetch_resp_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_fetch_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_fetch_resp_topics)
#define offset_fetch_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 3, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_fetch_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 2, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_fetch_resp)

/* ListGroupsRequest v0-4 (flexible v3+) */
#define list_groups_req_FIELDS(F, M) \
	F(M, ARR_STR, _, states_filter, 4, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(list_groups_req)

/* ListGroupsResponse v0-4 (flexible v3+) */
#define list_groups_resp_groups_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, protocol_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_state, 4, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(list_groups_resp_groups)
#define list_groups_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, list_groups_resp_groups, groups, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(list_groups_resp)

/* DescribeGroupsRequest v0-4  */
#define describe_groups_req_FIELDS(F, M) \
	F(M, ARR_STR, _, groups, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BOOL, _, include_authorized_operations, 3, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_groups_req)

/* DescribeGroupsResponse v0-4  */
#define describe_groups_resp_members_FIELDS(F, M) \
	F(M, STR, _, member_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_instance_id, 4, P_MAX, 4, P_NT, 0) \
	F(M, STR, _, client_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, client_host, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BYTES, _, member_metadata, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, BYTES, _, member_assignment, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_groups_resp_members)
#define describe_groups_resp_groups_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, group_state, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, protocol_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, protocol_data, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, describe_groups_resp_members, members, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, authorized_operations, 3, P_MAX, P_NN, P_NT, -2147483648)
PROTO_DECLARE(describe_groups_resp_groups)
#define describe_groups_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 1, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, describe_groups_resp_groups, groups, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_groups_resp)

/* DeleteGroupsRequest v0-1  */
#define delete_groups_req_FIELDS(F, M) \
	F(M, ARR_STR, _, groups_names, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_groups_req)

/* DeleteGroupsResponse v0-1  */
#define delete_groups_resp_results_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_groups_resp_results)
#define delete_groups_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, delete_groups_resp_results, results, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_groups_resp)

/* OffsetDeleteRequest v0-0  */
#define offset_delete_req_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_delete_req_partitions)
#define offset_delete_req_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_delete_req_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_delete_req_topics)
#define offset_delete_req_FIELDS(F, M) \
	F(M, STR, _, group_id, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_delete_req_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_delete_req)

/* OffsetDeleteResponse v0-0  */
#define offset_delete_resp_partitions_FIELDS(F, M) \
	F(M, I32, _, partition_index, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_delete_resp_partitions)
#define offset_delete_resp_topics_FIELDS(F, M) \
	F(M, STR, _, name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_delete_resp_partitions, partitions, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_delete_resp_topics)
#define offset_delete_resp_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, offset_delete_resp_topics, topics, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(offset_delete_resp)

#endif
