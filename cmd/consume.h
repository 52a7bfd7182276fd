/*
 * What the files of `kaf consume` share: the compiled output format (a -f
 * template, the Kafka-style --print-* fields, or the default value line)
 * and the byte encoders of record_json_write.c.
 *
 * Template tokens (kcat's plus ours):
 *
 *	%t topic  %p partition  %o offset  %k key  %K key length (-1 null)
 *	%s %v value  %S value length (-1 null)  %R value length, 4 bytes big-endian
 *	%T timestamp ms  %D timestamp 2024-05-01T12:00:00.123Z  %z create|log_append
 *	%h headers name=value,...  %H header count  %e leader epoch  %% a '%'
 *	escapes \n \r \t \\ \xNN; {hex} {base64} {json} after %k %s %v %h
 */
#ifndef KAF_CMD_CONSUME_H
#define KAF_CMD_CONSUME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cmd/record_json.h"

enum fmt_kind {
	FK_LIT, FK_TOPIC, FK_PARTITION, FK_OFFSET, FK_KEY, FK_KEY_LEN, FK_VALUE, FK_VALUE_LEN,
	FK_VALUE_LEN_BE32, FK_TIMESTAMP, FK_DATE, FK_TS_TYPE, FK_HEADERS, FK_HEADER_COUNT,
	FK_EPOCH,
};

/* How bytes print: as they are, or encoded; FM_JSON is a JSON string (null as null). */
enum fmt_mod { FM_NONE, FM_HEX, FM_BASE64, FM_JSON };

struct fmt_token {
	enum fmt_kind kind;
	enum fmt_mod mod;
	size_t lit_off, lit_len;	/* FK_LIT: bytes in fmt.lit */
};

#define FMT_MAX_TOKENS 128

/* Kafka's DefaultMessageFormatter switches (--print-*, --property print.*). */
struct fmt_kafka {
	int timestamp, partition, offset, headers, key, value;
};

struct fmt {
	enum { FMT_VALUE, FMT_TEMPLATE, FMT_KAFKA } mode;
	struct fmt_token tok[FMT_MAX_TOKENS];
	int ntok;
	char lit[4096];			/* unescaped literal text of the template */
	size_t lit_len;
	struct fmt_kafka k;
	enum fmt_mod enc;		/* --encoding for key, value and header values */
	const char *delim;		/* after each record (FMT_VALUE, FMT_KAFKA) */
	size_t delim_len;
	const char *key_sep;		/* between fields of FMT_KAFKA */
	size_t key_sep_len;
	const char *headers_sep;	/* between headers of FMT_KAFKA */
	const char *null_literal;	/* NULL = the mode's default */
	char delim_buf[64], key_sep_buf[64], headers_sep_buf[64];
};

/* One record to print. */
struct fmt_record {
	const char *topic;
	int32_t partition;
	int64_t offset;
	int64_t timestamp;
	int log_append_time;
	int32_t leader_epoch;		/* -1 = none */
	struct rj_bytes key, value;
	const uint8_t *headers;		/* raw header area of the record */
	size_t headers_len;
	int32_t header_count;
};

void fmt_init(struct fmt *f);
/* Compile a -f template into f (mode FMT_TEMPLATE); 0, or -1 with a reason in err. */
int fmt_parse(struct fmt *f, const char *tmpl, char *err, size_t errlen);
/* Print one record as f says. */
void fmt_write(FILE *out, const struct fmt *f, const struct fmt_record *r);

/* Encoders (record_json_write.c). */
int rjw_utf8_valid(const uint8_t *p, size_t n);
void rjw_put_json_chars(FILE *f, const uint8_t *p, size_t n);	/* escaped, no quotes */
void rjw_put_json_string(FILE *f, const uint8_t *p, size_t n);	/* quoted; invalid bytes as \u00XX */
void rjw_put_base64(FILE *f, const uint8_t *p, size_t n);
void rjw_put_hex(FILE *f, const uint8_t *p, size_t n);
void rjw_put_i64(FILE *f, int64_t v);

#endif
