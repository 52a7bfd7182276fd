/*
 * The Kafka APIs the codec has definitions for, and request/response headers.
 *
 * Request header v1: ApiKey i16, ApiVersion i16, CorrelationId i32,
 *   ClientId nullable string (always i16 length, even in flexible versions);
 *   v2 adds a tag buffer. v2 is used iff (key, version) is flexible.
 * Response header v0: CorrelationId i32; v1 adds a tag buffer and is used iff
 *   the request was flexible, except ApiVersions, whose response header is
 *   always v0 (clients parse it before they know what the broker speaks).
 *
 * Which versions the broker serves is the handler table's business
 * (net/api); this table says which versions the definitions can carry.
 */
#ifndef KAF_PROTO_API_H
#define KAF_PROTO_API_H

#include <stddef.h>
#include <stdint.h>

#include "core/codec/types.h"

struct proto_msg;
struct reader;
struct proto_out;
struct arena;

enum api_key {
	API_PRODUCE = 0,
	API_FETCH = 1,
	API_LIST_OFFSETS = 2,
	API_METADATA = 3,
	API_OFFSET_COMMIT = 8,
	API_OFFSET_FETCH = 9,
	API_FIND_COORDINATOR = 10,
	API_JOIN_GROUP = 11,
	API_HEARTBEAT = 12,
	API_LEAVE_GROUP = 13,
	API_SYNC_GROUP = 14,
	API_DESCRIBE_GROUPS = 15,
	API_LIST_GROUPS = 16,
	API_SASL_HANDSHAKE = 17,
	API_API_VERSIONS = 18,
	API_CREATE_TOPICS = 19,
	API_DELETE_TOPICS = 20,
	API_DELETE_RECORDS = 21,
	API_INIT_PRODUCER_ID = 22,
	API_OFFSET_FOR_LEADER_EPOCH = 23,
	API_ADD_PARTITIONS_TO_TXN = 24,
	API_ADD_OFFSETS_TO_TXN = 25,
	API_END_TXN = 26,
	API_TXN_OFFSET_COMMIT = 28,
	API_DESCRIBE_ACLS = 29,
	API_CREATE_ACLS = 30,
	API_DELETE_ACLS = 31,
	API_DESCRIBE_CONFIGS = 32,
	API_ALTER_CONFIGS = 33,
	API_SASL_AUTHENTICATE = 36,
	API_CREATE_PARTITIONS = 37,
	API_DELETE_GROUPS = 42,
	API_INCREMENTAL_ALTER_CONFIGS = 44,
	API_OFFSET_DELETE = 47,
	API_DESCRIBE_CLUSTER = 60,
	API_KEY_COUNT = 61	/* one past the largest key */
};

struct proto_api {
	int16_t key;
	const char *name;		/* "Produce" */
	const struct proto_msg *request;
	const struct proto_msg *response;
	int16_t min_version;		/* oldest version the definitions carry */
	int16_t max_version;		/* newest */
	int16_t flexible_from;		/* first flexible version; -1 = never */
};

/* NULL when the key is unknown. */
const struct proto_api *proto_api_find(int key);
/* Whether (key, version) uses flexible encodings; unknown keys are not. */
int proto_api_flexible(int key, int version);

struct request_header {
	int16_t api_key;
	int16_t api_version;
	int32_t correlation_id;
	struct kstr client_id;
	int flexible;			/* body (and header) use flexible encodings */
};

/*
 * Decode a request header from the frame's start. ApiVersions v3 and any
 * later version are treated as flexible (so an unknown ApiVersions version
 * can still be answered). Returns 0 or KAF_ETRUNC/KAF_ECORRUPT.
 */
int request_header_decode(struct reader *r, struct request_header *h);
/* Bytes of the response header for this request. */
int response_header_size(const struct request_header *h);
/* Write the response header (correlation id [+ empty tag buffer]) at p. */
void response_header_encode(const struct request_header *h, uint8_t *p);

/*
 * The client side. request_header_size/encode write header v1 (v2 when
 * h->flexible: an empty tag buffer follows the client id) at p.
 * response_header_decode reads v0, or v1 when the request was flexible and
 * not ApiVersions; it returns 0 or KAF_ETRUNC/KAF_ECORRUPT.
 */
size_t request_header_size(const struct request_header *h);
void request_header_encode(const struct request_header *h, uint8_t *p);
int response_header_decode(struct reader *r, const struct request_header *h, int32_t *correlation_id);

#endif
