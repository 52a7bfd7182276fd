/*
 * One record as a line of JSON: what `kaf consume --output jsonl` writes and
 * `kaf produce --input json` reads, so a topic can be copied with a pipe.
 *
 *	{"topic":"t","partition":0,"offset":42,"timestamp":1700000000000,
 *	 "timestamp_type":"create","leader_epoch":0,
 *	 "key":"k","value":"aGk=","value_encoding":"base64",
 *	 "headers":[{"key":"h","value":"x"},{"key":"n","value":null}]}
 *
 * key, value and header values are strings or null (Kafka's null, a
 * tombstone value); a string that is not valid UTF-8 is written in base64
 * with "<field>_encoding":"base64" beside it (a header object carries
 * "value_encoding"), so no byte is lost. "hex" is the other encoding.
 * timestamp_type is "create" or "log_append". Keys appear in this order;
 * readers ignore keys they do not know and need only "value".
 */
#ifndef KAF_CMD_RECORD_JSON_H
#define KAF_CMD_RECORD_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/base/arena.h"

/* A byte string that may be null. */
struct rj_bytes {
	const uint8_t *p;
	int32_t len;		/* -1 = null */
};

struct rj_header {
	struct rj_bytes key;	/* never null in Kafka; kept as bytes */
	struct rj_bytes value;
};

struct rj_record {
	const char *topic;	/* NULL = absent */
	int32_t partition;	/* -1 = absent */
	int64_t offset;		/* -1 = absent */
	int64_t timestamp;	/* -1 = absent */
	int log_append_time;	/* timestamp_type is log_append */
	int32_t leader_epoch;	/* -1 = null */
	struct rj_bytes key, value;
	struct rj_header *headers;
	int nheaders;
};

enum rj_encoding { RJ_AUTO, RJ_HEX, RJ_BASE64 };

/*
 * Write r as one line (ending in '\n'). RJ_AUTO writes valid UTF-8 as JSON
 * strings and anything else in base64; the others force that encoding on
 * key, value and header values.
 */
void rj_write(FILE *f, const struct rj_record *r, enum rj_encoding enc);

/*
 * Parse one line into r, memory from a. Returns 0, or -1 with a one-line
 * reason in err ("column 17: expected ':'").
 */
int rj_parse(const char *line, size_t len, struct rj_record *r, struct arena *a, char *err,
	     size_t errlen);

#endif
