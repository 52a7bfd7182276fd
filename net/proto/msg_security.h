/*
 * Message definitions: Authentication and access control: SaslHandshake, SaslAuthenticate, DescribeAcls, CreateAcls, DeleteAcls.
 * Field layouts per version as documented for the Kafka protocol; see
 * net/proto/msg.h for the row format. Comments give each message's version
 * range and its flexible versions.
 */
#ifndef KAF_PROTO_MSG_SECURITY_H
#define KAF_PROTO_MSG_SECURITY_H

#include "net/proto/msg.h"

/* SaslHandshakeRequest v0-1  */
#define sasl_handshake_req_FIELDS(F, M) \
	F(M, STR, _, mechanism, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(sasl_handshake_req)

/* SaslHandshakeResponse v0-1  */
#define sasl_handshake_resp_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR_STR, _, mechanisms, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(sasl_handshake_resp)

/* SaslAuthenticateRequest v0-1  */
#define sasl_authenticate_req_FIELDS(F, M) \
	F(M, BYTES, _, auth_bytes, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(sasl_authenticate_req)

/* SaslAuthenticateResponse v0-1  */
#define sasl_authenticate_resp_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0) \
	F(M, BYTES, _, auth_bytes, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I64, _, session_lifetime_ms, 1, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(sasl_authenticate_resp)

/* DescribeAclsRequest v0-1  */
#define describe_acls_req_FIELDS(F, M) \
	F(M, I8, _, resource_type_filter, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name_filter, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, pattern_type_filter, 1, P_MAX, P_NN, P_NT, 3) \
	F(M, STR, _, principal_filter, 0, P_MAX, 0, P_NT, 0) \
	F(M, STR, _, host_filter, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, operation, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, permission_type, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_acls_req)

/* DescribeAclsResponse v0-1  */
#define describe_acls_resp_acls_FIELDS(F, M) \
	F(M, STR, _, principal, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, host, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, operation, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, permission_type, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_acls_resp_acls)
#define describe_acls_resp_resources_FIELDS(F, M) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, pattern_type, 1, P_MAX, P_NN, P_NT, 3) \
	F(M, ARR, describe_acls_resp_acls, acls, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_acls_resp_resources)
#define describe_acls_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0) \
	F(M, ARR, describe_acls_resp_resources, resources, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(describe_acls_resp)

/* CreateAclsRequest v0-1  */
#define create_acls_req_creations_FIELDS(F, M) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, resource_pattern_type, 1, P_MAX, P_NN, P_NT, 3) \
	F(M, STR, _, principal, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, host, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, operation, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, permission_type, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_acls_req_creations)
#define create_acls_req_FIELDS(F, M) \
	F(M, ARR, create_acls_req_creations, creations, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_acls_req)

/* CreateAclsResponse v0-1  */
#define create_acls_resp_results_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0)
PROTO_DECLARE(create_acls_resp_results)
#define create_acls_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, create_acls_resp_results, results, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(create_acls_resp)

/* DeleteAclsRequest v0-1  */
#define delete_acls_req_filters_FIELDS(F, M) \
	F(M, I8, _, resource_type_filter, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name_filter, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, pattern_type_filter, 1, P_MAX, P_NN, P_NT, 3) \
	F(M, STR, _, principal_filter, 0, P_MAX, 0, P_NT, 0) \
	F(M, STR, _, host_filter, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, operation, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, permission_type, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_acls_req_filters)
#define delete_acls_req_FIELDS(F, M) \
	F(M, ARR, delete_acls_req_filters, filters, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_acls_req)

/* DeleteAclsResponse v0-1  */
#define delete_acls_resp_matching_acls_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0) \
	F(M, I8, _, resource_type, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, resource_name, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, pattern_type, 1, P_MAX, P_NN, P_NT, 3) \
	F(M, STR, _, principal, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, host, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, operation, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, I8, _, permission_type, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_acls_resp_matching_acls)
#define delete_acls_resp_filter_results_FIELDS(F, M) \
	F(M, I16, _, error_code, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, STR, _, error_message, 0, P_MAX, 0, P_NT, 0) \
	F(M, ARR, delete_acls_resp_matching_acls, matching_acls, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_acls_resp_filter_results)
#define delete_acls_resp_FIELDS(F, M) \
	F(M, I32, _, throttle_time_ms, 0, P_MAX, P_NN, P_NT, 0) \
	F(M, ARR, delete_acls_resp_filter_results, filter_results, 0, P_MAX, P_NN, P_NT, 0)
PROTO_DECLARE(delete_acls_resp)

#endif
