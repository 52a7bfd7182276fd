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
