/*
 * The one generic codec. Every message is described by data (struct
 * proto_msg, built from the definitions in net/proto/msg_*.h), and these
 * functions read that description to decode, size and encode any version,
 * flexible or not. Handlers never see version checks.
 *
 * Encodings (PROTOCOL.md §3.2): integers big-endian; in non-flexible versions
 * strings are i16 length + bytes, bytes and arrays i32 length/count, -1 null;
 * in flexible versions they are uvarint(len + 1), 0 null, and every struct
 * ends with a tag buffer (uvarint count, then uvarint tag, uvarint size,
 * data; tags ascending). Tagged fields exist only in flexible versions.
 */
#ifndef KAF_PROTO_CODEC_H
#define KAF_PROTO_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "net/proto/types.h"

struct arena;
struct reader;

enum proto_kind {
	PK_I8, PK_I16, PK_I32, PK_I64, PK_BOOL, PK_STR, PK_BYTES, PK_RECORDS, PK_UUID,
	PK_ARR_I32, PK_ARR_I64, PK_ARR_STR, PK_ARR,
};

#define PROTO_VMAX 127		/* "up to the newest version" */
#define PROTO_NEVER 127		/* null_from: never nullable */
#define PROTO_NOTAG (-1)

struct proto_msg;

struct proto_field {
	const char *name;
	uint8_t kind;
	int8_t vmin, vmax;	/* present in versions [vmin, vmax] */
	int8_t null_from;	/* nullable from this version on */
	int8_t tag;		/* tagged field number, or PROTO_NOTAG */
	uint16_t offset;	/* in the C struct */
	int64_t dflt;		/* integers and bool: value when absent */
	const struct proto_msg *sub;	/* element description for PK_ARR */
	uint16_t elem_size;		/* sizeof an element for arrays */
};

struct proto_msg {
	const char *name;
	const struct proto_field *fields;
	uint16_t nfields;
	uint16_t size;		/* sizeof the C struct */
};

/* One piece of an encoded message: memory, or a file region (records). */
struct proto_piece {
	const uint8_t *p;	/* NULL for a file piece */
	size_t len;
	int fd;
	int64_t pos;
};

struct proto_out {
	struct proto_piece *pieces;	/* arena-allocated */
	int npieces;
	int cap;
	size_t total;			/* bytes over all pieces */
};

/*
 * Decode a message of the given version into out (a zeroed struct of
 * m->size bytes is filled; absent fields get their defaults). Views point
 * into r's bytes; arrays come from a. Returns 0, or KAF_ETRUNC / KAF_ECORRUPT
 * (null where not nullable, counts larger than the bytes left could hold,
 * tags out of order).
 */
int proto_decode(const struct proto_msg *m, int version, int flexible, struct reader *r,
		 void *out, struct arena *a);

/* Set the integer fields of msg (not of array elements) to their defaults. */
void proto_set_defaults(const struct proto_msg *m, void *msg);

/* Bytes the encoded message takes, file regions included. */
size_t proto_size(const struct proto_msg *m, int version, int flexible, const void *msg);

/*
 * Encode msg, appending pieces to out; memory comes from a. Records marked
 * from_file become file pieces. Fields absent in the version are skipped;
 * a null where the version cannot express it is sent as empty.
 */
void proto_encode(const struct proto_msg *m, int version, int flexible, const void *msg,
		  struct proto_out *out, struct arena *a);

/* Append raw bytes (frame size, headers) as a memory piece copied into a. */
uint8_t *proto_out_reserve(struct proto_out *out, size_t n, struct arena *a);

/* Flatten all pieces (reading file pieces with pread) into dst of out->total bytes. */
int proto_out_flatten(const struct proto_out *out, uint8_t *dst);

#endif
