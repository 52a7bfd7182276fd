/*
 * Kafka's metadata records: the codec's descriptions of them, and the frame
 * around each (uvarint frame version 1, uvarint type, uvarint version, then
 * the flexible body; see records.h).
 */
#include "core/meta/records.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

PROTO_DEFINE(meta_topic_record)
PROTO_DEFINE(meta_partition_record)
PROTO_DEFINE(meta_config_record)
PROTO_DEFINE(meta_remove_topic_record)
PROTO_DEFINE(meta_feature_level_record)

struct rec_type {
	int type;
	const char *name;
	const struct proto_msg *desc;
	int max_version;	/* newest version we can read */
};

/*
 * The versions each type has in Kafka: later TopicRecord, ConfigRecord,
 * RemoveTopicRecord and FeatureLevelRecord versions do not exist; a
 * PartitionRecord v1+ carries Directories, a field we do not read.
 */
static const struct rec_type rec_types[] = {
	{ META_REC_TOPIC, "TOPIC_RECORD", &meta_topic_record_desc, 0 },
	{ META_REC_PARTITION, "PARTITION_RECORD", &meta_partition_record_desc, 0 },
	{ META_REC_CONFIG, "CONFIG_RECORD", &meta_config_record_desc, 0 },
	{ META_REC_REMOVE_TOPIC, "REMOVE_TOPIC_RECORD", &meta_remove_topic_record_desc, 0 },
	{ META_REC_FEATURE_LEVEL, "FEATURE_LEVEL_RECORD", &meta_feature_level_record_desc, 0 },
};

static const struct rec_type *rec_type_find(int type)
{
	for (size_t i = 0; i < sizeof(rec_types) / sizeof(rec_types[0]); i++)
		if (rec_types[i].type == type)
			return &rec_types[i];
	return NULL;
}

const struct proto_msg *meta_record_desc(int type)
{
	const struct rec_type *t = rec_type_find(type);
	return t ? t->desc : NULL;
}

const char *meta_record_type_name(int type)
{
	const struct rec_type *t = rec_type_find(type);
	return t ? t->name : NULL;
}

void meta_record_encode(const struct meta_record *rec, struct buf *out, struct arena *a)
{
	const struct proto_msg *m = meta_record_desc(rec->type);
	struct proto_out po = { 0 };
	buf_put_uvarint(out, META_FRAME_VERSION);
	buf_put_uvarint(out, (uint64_t)rec->type);
	buf_put_uvarint(out, (uint64_t)rec->version);
	proto_encode(m, rec->version, 1, &rec->u, &po, a);
	/* Metadata records hold no file regions: flattening only copies memory. */
	proto_out_flatten(&po, buf_grow(out, po.total));
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return KAF_ECORRUPT;
}

int meta_record_decode(const uint8_t *p, size_t n, struct meta_record *rec, struct arena *a,
		       char *err, size_t errlen)
{
	struct reader r;
	reader_init(&r, p, n);
	uint64_t frame = reader_uvarint(&r);
	uint64_t type = reader_uvarint(&r);
	uint64_t version = reader_uvarint(&r);
	memset(rec, 0, sizeof(*rec));
	if (r.err)
		return fail(err, errlen, "record value of %zu bytes ends inside its frame", n);
	if (frame != META_FRAME_VERSION)
		return fail(err, errlen, "unknown frame version %llu", (unsigned long long)frame);
	if (type > INT16_MAX || version > INT16_MAX)
		return fail(err, errlen, "record type %llu version %llu out of range",
			    (unsigned long long)type, (unsigned long long)version);
	rec->type = (int)type;
	rec->version = (int)version;
	const struct rec_type *t = rec_type_find(rec->type);
	if (!t)
		return KAF_ENOTFOUND;
	if (rec->version > t->max_version)
		return fail(err, errlen, "%s version %d is newer than this kaf reads (%d)", t->name,
			    rec->version, t->max_version);
	int rc = proto_decode(t->desc, rec->version, 1, &r, &rec->u, a);
	if (rc)
		return fail(err, errlen, "%s v%d does not decode: %s", t->name, rec->version,
			    kaf_strerror(rc));
	if (reader_left(&r))
		return fail(err, errlen, "%s v%d followed by %zu unread bytes", t->name,
			    rec->version, reader_left(&r));
	return 0;
}

static void json_str(struct buf *b, const char *p, int32_t len)
{
	static const char hex[] = "0123456789abcdef";
	if (len < 0) {
		buf_append(b, "null", 4);
		return;
	}
	buf_put_u8(b, '"');
	for (int32_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)p[i];
		const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" :
				  c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b" :
				  c == '\f' ? "\\f" : NULL;
		if (esc) {
			buf_append(b, esc, 2);
		} else if (c < 0x20) {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			buf_append(b, u, 6);
		} else {
			buf_put_u8(b, c);	/* UTF-8 passes through, as Jackson writes it */
		}
	}
	buf_put_u8(b, '"');
}

static void json_num(struct buf *b, int64_t v)
{
	char t[24];
	int n = snprintf(t, sizeof(t), "%lld", (long long)v);
	buf_append(b, t, (size_t)n);
}

/* "topic_id" -> "topicId": Kafka's JSON names are its field names, first letter lowered. */
static void json_name(struct buf *b, const char *name)
{
	buf_put_u8(b, '"');
	for (const char *c = name; *c; c++) {
		if (*c == '_' && c[1]) {
			c++;
			buf_put_u8(b, (uint8_t)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c));
		} else {
			buf_put_u8(b, (uint8_t)*c);
		}
	}
	buf_append(b, "\":", 2);
}

static int json_tag_default(const struct proto_field *f, const uint8_t *p)
{
	switch (f->kind) {
	case PK_I8: case PK_BOOL: return *(const int8_t *)p == f->dflt;
	case PK_I16: return *(const int16_t *)p == f->dflt;
	case PK_I32: return *(const int32_t *)p == f->dflt;
	case PK_I64: return *(const int64_t *)p == f->dflt;
	case PK_STR: return ((const struct kstr *)p)->len < 0;
	case PK_ARR_I32: return ((const struct { int32_t n; int32_t *v; } *)p)->n < 0;
	default: return 0;
	}
}

static void json_fields(const struct proto_msg *m, int version, const void *msg, struct buf *b)
{
	int first = 1;
	buf_put_u8(b, '{');
	for (int i = 0; i < m->nfields; i++) {
		const struct proto_field *f = &m->fields[i];
		const uint8_t *p = (const uint8_t *)msg + f->offset;
		if (version < f->vmin || version > f->vmax ||
		    (f->tag != PROTO_NOTAG && json_tag_default(f, p)))
			continue;
		if (!first)
			buf_put_u8(b, ',');
		first = 0;
		json_name(b, f->name);
		switch (f->kind) {
		case PK_I8: json_num(b, *(const int8_t *)p); break;
		case PK_BOOL:
			buf_append(b, *p ? "true" : "false", *p ? 4 : 5);
			break;
		case PK_I16: json_num(b, *(const int16_t *)p); break;
		case PK_I32: json_num(b, *(const int32_t *)p); break;
		case PK_I64: json_num(b, *(const int64_t *)p); break;
		case PK_STR: {
			const struct kstr *k = (const struct kstr *)p;
			json_str(b, k->p, k->len);
			break;
		}
		case PK_UUID: {
			char t[23];
			meta_uuid_format((const struct kuuid *)p, t);
			json_str(b, t, 22);
			break;
		}
		case PK_ARR_I32: {
			const KARRAY(int32_t) *a = (const void *)p;
			if (a->n < 0) {
				buf_append(b, "null", 4);
				break;
			}
			buf_put_u8(b, '[');
			for (int32_t j = 0; j < a->n; j++) {
				if (j)
					buf_put_u8(b, ',');
				json_num(b, a->v[j]);
			}
			buf_put_u8(b, ']');
			break;
		}
		default:
			buf_append(b, "null", 4);	/* no metadata record we read has these */
			break;
		}
	}
	buf_put_u8(b, '}');
}

void meta_record_json(const struct meta_record *rec, struct buf *out)
{
	const struct rec_type *t = rec_type_find(rec->type);
	buf_append(out, "{\"type\":", 8);
	json_str(out, t ? t->name : "UNKNOWN", t ? (int32_t)strlen(t->name) : 7);
	buf_append(out, ",\"version\":", 11);
	json_num(out, rec->version);
	buf_append(out, ",\"data\":", 8);
	if (t)
		json_fields(t->desc, rec->version, &rec->u, out);
	else
		buf_append(out, "{}", 2);
	buf_put_u8(out, '}');
}

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void meta_uuid_format(const struct kuuid *id, char out[23])
{
	const uint8_t *b = id->b;
	int o = 0;
	/* 16 bytes: five 3-byte groups (20 characters), then one byte (2 characters). */
	for (int i = 0; i < 15; i += 3) {
		uint32_t v = (uint32_t)b[i] << 16 | (uint32_t)b[i + 1] << 8 | b[i + 2];
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
		out[o++] = b64url[v & 63];
	}
	out[o++] = b64url[b[15] >> 2];
	out[o++] = b64url[(b[15] & 3) << 4];
	out[o] = 0;
}

static int b64url_val(char c)
{
	const char *p = c ? strchr(b64url, c) : NULL;
	return p ? (int)(p - b64url) : -1;
}

int meta_uuid_parse(const char *s, struct kuuid *id)
{
	int v[22];
	if (!s || strlen(s) != 22)
		return KAF_ECORRUPT;
	for (int i = 0; i < 22; i++)
		if ((v[i] = b64url_val(s[i])) < 0)
			return KAF_ECORRUPT;
	/* The last character carries 2 bits; the other 4 must be zero. */
	if (v[21] & 15)
		return KAF_ECORRUPT;
	for (int i = 0, o = 0; i < 20; i += 4) {
		uint32_t w = (uint32_t)v[i] << 18 | (uint32_t)v[i + 1] << 12 |
			     (uint32_t)v[i + 2] << 6 | (uint32_t)v[i + 3];
		id->b[o++] = (uint8_t)(w >> 16);
		id->b[o++] = (uint8_t)(w >> 8);
		id->b[o++] = (uint8_t)w;
	}
	id->b[15] = (uint8_t)(v[20] << 2 | v[21] >> 4);
	return 0;
}
