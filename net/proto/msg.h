/*
 * How a message is defined, once, for the C struct and the codec's
 * description alike. A definition is an X-macro list of rows
 *
 *   F(M, KIND, ELEM, name, vmin, vmax, null_from, tag, default)
 *
 * KIND is one of I8 BOOL I16 I32 I64 STR BYTES RECORDS UUID ARR_I32 ARR_I64
 * ARR_STR ARR; ELEM names the element struct for ARR (and is _ otherwise);
 * the field exists in versions [vmin, vmax] (P_MAX = to the newest);
 * null_from is the first version where it may be null (P_NN = never);
 * tag is its tagged-field number in flexible versions (P_NT = not tagged);
 * default is what an absent integer field reads as.
 *
 * PROTO_DECLARE(name) in a header makes `struct name` and declares name_desc;
 * PROTO_DEFINE(name) in net/proto/msgs.c makes the description. Element
 * structs are declared before the structs holding them.
 */
#ifndef KAF_PROTO_MSG_H
#define KAF_PROTO_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "net/proto/codec.h"
#include "net/proto/types.h"

#define P_MAX PROTO_VMAX
#define P_NN PROTO_NEVER
#define P_NT PROTO_NOTAG

#define PROTO_CTYPE_I8(e) int8_t
#define PROTO_CTYPE_BOOL(e) int8_t
#define PROTO_CTYPE_I16(e) int16_t
#define PROTO_CTYPE_I32(e) int32_t
#define PROTO_CTYPE_I64(e) int64_t
#define PROTO_CTYPE_STR(e) struct kstr
#define PROTO_CTYPE_BYTES(e) struct kbytes
#define PROTO_CTYPE_RECORDS(e) struct krecords
#define PROTO_CTYPE_UUID(e) struct kuuid
#define PROTO_CTYPE_ARR_I32(e) KARRAY(int32_t)
#define PROTO_CTYPE_ARR_I64(e) KARRAY(int64_t)
#define PROTO_CTYPE_ARR_STR(e) KARRAY(struct kstr)
#define PROTO_CTYPE_ARR(e) KARRAY(struct e)

#define PROTO_SUB_I8(e) NULL
#define PROTO_SUB_BOOL(e) NULL
#define PROTO_SUB_I16(e) NULL
#define PROTO_SUB_I32(e) NULL
#define PROTO_SUB_I64(e) NULL
#define PROTO_SUB_STR(e) NULL
#define PROTO_SUB_BYTES(e) NULL
#define PROTO_SUB_RECORDS(e) NULL
#define PROTO_SUB_UUID(e) NULL
#define PROTO_SUB_ARR_I32(e) NULL
#define PROTO_SUB_ARR_I64(e) NULL
#define PROTO_SUB_ARR_STR(e) NULL
#define PROTO_SUB_ARR(e) &e##_desc

#define PROTO_ESIZE_I8(e) 0
#define PROTO_ESIZE_BOOL(e) 0
#define PROTO_ESIZE_I16(e) 0
#define PROTO_ESIZE_I32(e) 0
#define PROTO_ESIZE_I64(e) 0
#define PROTO_ESIZE_STR(e) 0
#define PROTO_ESIZE_BYTES(e) 0
#define PROTO_ESIZE_RECORDS(e) 0
#define PROTO_ESIZE_UUID(e) 0
#define PROTO_ESIZE_ARR_I32(e) sizeof(int32_t)
#define PROTO_ESIZE_ARR_I64(e) sizeof(int64_t)
#define PROTO_ESIZE_ARR_STR(e) sizeof(struct kstr)
#define PROTO_ESIZE_ARR(e) sizeof(struct e)

#define PROTO_MEMBER(M, kind, elem, name, vmin, vmax, nullf, tag, dflt) \
	PROTO_CTYPE_##kind(elem) name;
#define PROTO_FIELD(M, kind, elem, name, vmin, vmax, nullf, tag, dflt) \
	{ #name, PK_##kind, vmin, vmax, nullf, tag, offsetof(struct M, name), dflt, \
	  PROTO_SUB_##kind(elem), PROTO_ESIZE_##kind(elem) },

#define PROTO_DECLARE(M) \
	struct M { M##_FIELDS(PROTO_MEMBER, M) }; \
	extern const struct proto_msg M##_desc;

#define PROTO_DEFINE(M) \
	static const struct proto_field M##_fields[] = { M##_FIELDS(PROTO_FIELD, M) }; \
	const struct proto_msg M##_desc = { #M, M##_fields, \
		sizeof(M##_fields) / sizeof(M##_fields[0]), sizeof(struct M) };

#endif
