/* The generic codec: decode, size and encode any message from its description. */
#include "net/proto/codec.h"
#include "core/base/arena.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/reader.h"
#include "core/base/varint.h"

#include <string.h>

#define FIELD_PTR(msg, f) ((uint8_t *)(msg) + (f)->offset)
#define FIELD_CPTR(msg, f) ((const uint8_t *)(msg) + (f)->offset)

static int field_present(const struct proto_field *f, int version)
{
	return version >= f->vmin && version <= f->vmax;
}

struct karr_any {
	int32_t n;
	void *v;
};

/* ---- decoding ---- */

/* Length of a string/bytes/array: compact uvarint(n+1) or fixed i16/i32; -1 = null. */
static int64_t decode_len(struct reader *r, int flexible, int wide)
{
	if (flexible) {
		uint64_t u = reader_uvarint(r);
		if (u > (uint64_t)INT32_MAX + 1) {
			r->err = r->err ? r->err : KAF_ECORRUPT;
			return 0;
		}
		return (int64_t)u - 1;
	}
	return wide ? reader_i32(r) : reader_i16(r);
}

static size_t min_wire_size(const struct proto_msg *m, int version, int flexible);

static size_t kind_min_size(const struct proto_field *f, int version, int flexible)
{
	switch (f->kind) {
	case PK_I8: case PK_BOOL: return 1;
	case PK_I16: return 2;
	case PK_I32: return 4;
	case PK_I64: return 8;
	case PK_UUID: return 16;
	case PK_STR: return flexible ? 1 : 2;
	default: return flexible ? 1 : 4;
	}
}

static size_t min_wire_size(const struct proto_msg *m, int version, int flexible)
{
	size_t n = flexible ? 1 : 0;
	for (int i = 0; i < m->nfields; i++) {
		const struct proto_field *f = &m->fields[i];
		if (field_present(f, version) && f->tag == PROTO_NOTAG)
			n += kind_min_size(f, version, flexible);
	}
	return n ? n : 1;
}

static size_t elem_min_size(const struct proto_field *f, int version, int flexible)
{
	switch (f->kind) {
	case PK_ARR_I32: return 4;
	case PK_ARR_I64: return 8;
	case PK_ARR_STR: return flexible ? 1 : 2;
	default: return min_wire_size(f->sub, version, flexible);
	}
}

static int decode_fields(const struct proto_msg *m, int version, int flexible, struct reader *r,
			 void *out, struct arena *a);

static void decode_str(struct reader *r, int flexible, int nullable, struct kstr *s)
{
	int64_t len = decode_len(r, flexible, 0);
	if (len < 0) {
		if (len < -1 || !nullable)
			r->err = r->err ? r->err : KAF_ECORRUPT;
		s->p = NULL;
		s->len = -1;
		return;
	}
	s->p = (const char *)reader_take(r, (size_t)len);
	s->len = s->p ? (int32_t)len : -1;
}

static void decode_bytes(struct reader *r, int flexible, int nullable, const uint8_t **p, int32_t *plen)
{
	int64_t len = decode_len(r, flexible, 1);
	if (len < 0) {
		if (len < -1 || !nullable)
			r->err = r->err ? r->err : KAF_ECORRUPT;
		*p = NULL;
		*plen = -1;
		return;
	}
	*p = reader_take(r, (size_t)len);
	*plen = *p ? (int32_t)len : -1;
}

static int decode_array(const struct proto_field *f, int version, int flexible, struct reader *r,
			struct karr_any *arr, struct arena *a)
{
	int64_t n = decode_len(r, flexible, 1);
	arr->v = NULL;
	if (n < 0) {
		if (n < -1 || version < f->null_from)
			return r->err ? r->err : KAF_ECORRUPT;
		arr->n = -1;
		return r->err;
	}
	if (r->err)
		return r->err;
	/* Every element takes some bytes on the wire: bound the allocation by them. */
	if ((uint64_t)n * elem_min_size(f, version, flexible) > reader_left(r))
		return KAF_ETRUNC;
	arr->n = (int32_t)n;
	if (!n)
		return 0;
	arr->v = arena_zalloc(a, (size_t)n * f->elem_size);
	for (int32_t i = 0; i < n && !r->err; i++) {
		uint8_t *e = (uint8_t *)arr->v + (size_t)i * f->elem_size;
		switch (f->kind) {
		case PK_ARR_I32:
			*(int32_t *)e = reader_i32(r);
			break;
		case PK_ARR_I64:
			*(int64_t *)e = reader_i64(r);
			break;
		case PK_ARR_STR:
			decode_str(r, flexible, 0, (struct kstr *)e);
			break;
		default: {
			int rc = decode_fields(f->sub, version, flexible, r, e, a);
			if (rc)
				return rc;
		}
		}
	}
	return r->err;
}

static int decode_field(const struct proto_field *f, int version, int flexible, struct reader *r,
			void *msg, struct arena *a)
{
	uint8_t *p = FIELD_PTR(msg, f);
	int nullable = version >= f->null_from;

	switch (f->kind) {
	case PK_I8: *(int8_t *)p = reader_i8(r); break;
	case PK_BOOL: *(int8_t *)p = reader_i8(r) != 0; break;
	case PK_I16: *(int16_t *)p = reader_i16(r); break;
	case PK_I32: *(int32_t *)p = reader_i32(r); break;
	case PK_I64: *(int64_t *)p = reader_i64(r); break;
	case PK_UUID: {
		const uint8_t *u = reader_take(r, 16);
		if (u)
			memcpy(p, u, 16);
		break;
	}
	case PK_STR: decode_str(r, flexible, nullable, (struct kstr *)p); break;
	case PK_BYTES: {
		struct kbytes *b = (struct kbytes *)p;
		decode_bytes(r, flexible, nullable, &b->p, &b->len);
		break;
	}
	case PK_RECORDS: {
		struct krecords *rec = (struct krecords *)p;
		/* Record sets are nullable in every version that has them. */
		decode_bytes(r, flexible, 1, &rec->p, &rec->len);
		rec->from_file = 0;
		break;
	}
	default:
		return decode_array(f, version, flexible, r, (struct karr_any *)p, a);
	}
	return r->err;
}

static void set_default(const struct proto_field *f, void *msg)
{
	uint8_t *p = FIELD_PTR(msg, f);
	switch (f->kind) {
	case PK_I8: case PK_BOOL: *(int8_t *)p = (int8_t)f->dflt; break;
	case PK_I16: *(int16_t *)p = (int16_t)f->dflt; break;
	case PK_I32: *(int32_t *)p = (int32_t)f->dflt; break;
	case PK_I64: *(int64_t *)p = f->dflt; break;
	case PK_UUID: memset(p, 0, 16); break;
	/* An absent string or bytes field reads as null where the field can be null. */
	case PK_STR: {
		struct kstr *s = (struct kstr *)p;
		s->p = f->null_from != PROTO_NEVER ? NULL : "";
		s->len = f->null_from != PROTO_NEVER ? -1 : 0;
		break;
	}
	case PK_BYTES: ((struct kbytes *)p)->len = f->null_from != PROTO_NEVER ? -1 : 0; break;
	case PK_RECORDS: ((struct krecords *)p)->len = -1; break;
	default: ((struct karr_any *)p)->n = 0; break;
	}
}

static const struct proto_field *find_tag(const struct proto_msg *m, int version, uint64_t tag)
{
	for (int i = 0; i < m->nfields; i++) {
		const struct proto_field *f = &m->fields[i];
		if (f->tag >= 0 && (uint64_t)f->tag == tag && field_present(f, version))
			return f;
	}
	return NULL;
}

static int decode_tags(const struct proto_msg *m, int version, struct reader *r, void *out,
		       struct arena *a)
{
	uint64_t count = reader_uvarint(r);
	int64_t last = -1;
	if (count > reader_left(r))
		return r->err ? r->err : KAF_ETRUNC;
	for (uint64_t i = 0; i < count && !r->err; i++) {
		uint64_t tag = reader_uvarint(r);
		uint64_t size = reader_uvarint(r);
		if (r->err)
			break;
		if ((int64_t)tag <= last || tag > INT32_MAX)
			return KAF_ECORRUPT;
		last = (int64_t)tag;
		const uint8_t *data = reader_take(r, size);
		if (!data)
			break;
		const struct proto_field *f = find_tag(m, version, tag);
		if (!f)
			continue;	/* unknown tags are skipped, as the protocol allows */
		struct reader sub;
		reader_init(&sub, data, size);
		int rc = decode_field(f, version, 1, &sub, out, a);
		if (rc)
			return rc;
	}
	return r->err;
}

static int decode_fields(const struct proto_msg *m, int version, int flexible, struct reader *r,
			 void *out, struct arena *a)
{
	for (int i = 0; i < m->nfields; i++) {
		const struct proto_field *f = &m->fields[i];
		int present = field_present(f, version) && (f->tag == PROTO_NOTAG || flexible);
		if (!present || f->tag != PROTO_NOTAG) {
			set_default(f, out);
			if (!present)
				continue;
		}
		if (f->tag != PROTO_NOTAG)
			continue;
		int rc = decode_field(f, version, flexible, r, out, a);
		if (rc)
			return rc;
	}
	return flexible ? decode_tags(m, version, r, out, a) : r->err;
}

void proto_set_defaults(const struct proto_msg *m, void *msg)
{
	for (int i = 0; i < m->nfields; i++)
		if (m->fields[i].kind <= PK_I64 || m->fields[i].kind == PK_BOOL)
			set_default(&m->fields[i], msg);
}

int proto_decode(const struct proto_msg *m, int version, int flexible, struct reader *r,
		 void *out, struct arena *a)
{
	memset(out, 0, m->size);
	return decode_fields(m, version, flexible, r, out, a);
}

/* ---- sizing ---- */

static size_t uvarint_len(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static size_t len_size(int64_t len, int flexible, int wide)
{
	if (flexible)
		return uvarint_len((uint64_t)(len < 0 ? 0 : len + 1));
	return wide ? 4 : 2;
}

struct sizes {
	size_t mem;
	size_t file;
};

static void size_fields(const struct proto_msg *m, int version, int flexible, const void *msg,
			struct sizes *s);

static int tag_is_default(const struct proto_field *f, const void *msg);

static void size_field(const struct proto_field *f, int version, int flexible, const void *msg,
		       struct sizes *s)
{
	const uint8_t *p = FIELD_CPTR(msg, f);
	switch (f->kind) {
	case PK_I8: case PK_BOOL: s->mem += 1; return;
	case PK_I16: s->mem += 2; return;
	case PK_I32: s->mem += 4; return;
	case PK_I64: s->mem += 8; return;
	case PK_UUID: s->mem += 16; return;
	case PK_STR: {
		const struct kstr *k = (const struct kstr *)p;
		int32_t len = k->len < 0 && version < f->null_from ? 0 : k->len;
		s->mem += len_size(len, flexible, 0) + (len > 0 ? (size_t)len : 0);
		return;
	}
	case PK_BYTES: {
		const struct kbytes *k = (const struct kbytes *)p;
		int32_t len = k->len < 0 && version < f->null_from ? 0 : k->len;
		s->mem += len_size(len, flexible, 1) + (len > 0 ? (size_t)len : 0);
		return;
	}
	case PK_RECORDS: {
		const struct krecords *k = (const struct krecords *)p;
		s->mem += len_size(k->len, flexible, 1);
		if (k->len > 0) {
			if (k->from_file)
				s->file += (size_t)k->len;
			else
				s->mem += (size_t)k->len;
		}
		return;
	}
	default: {
		const struct karr_any *arr = (const struct karr_any *)p;
		int32_t n = arr->n < 0 && version < f->null_from ? 0 : arr->n;
		s->mem += len_size(n, flexible, 1);
		for (int32_t i = 0; i < n; i++) {
			const uint8_t *e = (const uint8_t *)arr->v + (size_t)i * f->elem_size;
			if (f->kind == PK_ARR_I32)
				s->mem += 4;
			else if (f->kind == PK_ARR_I64)
				s->mem += 8;
			else if (f->kind == PK_ARR_STR) {
				const struct kstr *k = (const struct kstr *)e;
				int32_t len = k->len < 0 ? 0 : k->len;
				s->mem += len_size(len, flexible, 0) + (size_t)len;
			} else
				size_fields(f->sub, version, flexible, e, s);
		}
	}
	}
}

static void size_fields(const struct proto_msg *m, int version, int flexible, const void *msg,
			struct sizes *s)
{
	size_t ntags = 0;
	for (int i = 0; i < m->nfields; i++) {
		const struct proto_field *f = &m->fields[i];
		if (!field_present(f, version))
			continue;
		if (f->tag == PROTO_NOTAG) {
			size_field(f, version, flexible, msg, s);
		} else if (flexible && !tag_is_default(f, msg)) {
			struct sizes t = { 0, 0 };
			size_field(f, version, 1, msg, &t);
			s->mem += uvarint_len((uint64_t)f->tag) + uvarint_len(t.mem + t.file) + t.mem;
			s->file += t.file;
			ntags++;
		}
	}
	if (flexible)
		s->mem += uvarint_len(ntags);
}

size_t proto_size(const struct proto_msg *m, int version, int flexible, const void *msg)
{
	struct sizes s = { 0, 0 };
	size_fields(m, version, flexible, msg, &s);
	return s.mem + s.file;
}

/* Tagged fields equal to their default are left out, as Kafka does. */
static int tag_is_default(const struct proto_field *f, const void *msg)
{
	const uint8_t *p = FIELD_CPTR(msg, f);
	switch (f->kind) {
	case PK_I8: case PK_BOOL: return *(const int8_t *)p == f->dflt;
	case PK_I16: return *(const int16_t *)p == f->dflt;
	case PK_I32: return *(const int32_t *)p == f->dflt;
	case PK_I64: return *(const int64_t *)p == f->dflt;
	case PK_UUID: {
		static const uint8_t zero[16];
		return !memcmp(p, zero, 16);
	}
	case PK_STR: return ((const struct kstr *)p)->len <= 0;
	case PK_BYTES: return ((const struct kbytes *)p)->len <= 0;
	case PK_RECORDS: return ((const struct krecords *)p)->len <= 0;
	default: return ((const struct karr_any *)p)->n <= 0;
	}
}

/* ---- encoding ---- */

struct enc {
	uint8_t *piece;		/* start of the current memory piece */
	uint8_t *cur;
	struct proto_out *out;
	struct arena *a;
};

static void out_push(struct proto_out *out, struct arena *a, struct proto_piece pc)
{
	if (out->npieces == out->cap) {
		int cap = out->cap ? out->cap * 2 : 8;
		struct proto_piece *p = arena_alloc(a, (size_t)cap * sizeof(*p));
		if (out->npieces)
			memcpy(p, out->pieces, (size_t)out->npieces * sizeof(*p));
		out->pieces = p;
		out->cap = cap;
	}
	/* Adjacent memory pieces merge, so a message without files is one piece. */
	if (pc.p && out->npieces) {
		struct proto_piece *last = &out->pieces[out->npieces - 1];
		if (last->p && last->p + last->len == pc.p) {
			last->len += pc.len;
			out->total += pc.len;
			return;
		}
	}
	out->pieces[out->npieces++] = pc;
	out->total += pc.len;
}

static void enc_flush(struct enc *e)
{
	if (e->cur > e->piece)
		out_push(e->out, e->a, (struct proto_piece){ e->piece, (size_t)(e->cur - e->piece), -1, 0 });
	e->piece = e->cur;
}

static void put_uvarint(struct enc *e, uint64_t v)
{
	e->cur += uvarint_encode(e->cur, v);
}

static void put_len(struct enc *e, int64_t len, int flexible, int wide)
{
	if (flexible)
		put_uvarint(e, (uint64_t)(len < 0 ? 0 : len + 1));
	else if (wide)
		be32_put((e->cur += 4) - 4, (uint32_t)(int32_t)len);
	else
		be16_put((e->cur += 2) - 2, (uint16_t)(int16_t)len);
}

static void put_raw(struct enc *e, const void *p, int32_t len)
{
	if (len > 0) {
		memcpy(e->cur, p, (size_t)len);
		e->cur += len;
	}
}

static void encode_fields(const struct proto_msg *m, int version, int flexible, const void *msg,
			  struct enc *e);

static void encode_field(const struct proto_field *f, int version, int flexible, const void *msg,
			 struct enc *e)
{
	const uint8_t *p = FIELD_CPTR(msg, f);
	switch (f->kind) {
	case PK_I8: case PK_BOOL: *e->cur++ = *(const uint8_t *)p; return;
	case PK_I16: be16_put(e->cur, (uint16_t)*(const int16_t *)p); e->cur += 2; return;
	case PK_I32: be32_put(e->cur, (uint32_t)*(const int32_t *)p); e->cur += 4; return;
	case PK_I64: be64_put(e->cur, (uint64_t)*(const int64_t *)p); e->cur += 8; return;
	case PK_UUID: memcpy(e->cur, p, 16); e->cur += 16; return;
	case PK_STR: {
		const struct kstr *k = (const struct kstr *)p;
		int32_t len = k->len < 0 && version < f->null_from ? 0 : k->len;
		put_len(e, len, flexible, 0);
		put_raw(e, k->p, len);
		return;
	}
	case PK_BYTES: {
		const struct kbytes *k = (const struct kbytes *)p;
		int32_t len = k->len < 0 && version < f->null_from ? 0 : k->len;
		put_len(e, len, flexible, 1);
		put_raw(e, k->p, len);
		return;
	}
	case PK_RECORDS: {
		const struct krecords *k = (const struct krecords *)p;
		put_len(e, k->len, flexible, 1);
		if (k->len > 0 && k->from_file) {
			enc_flush(e);
			out_push(e->out, e->a, (struct proto_piece){ NULL, (size_t)k->len, k->file_fd,
								     k->file_pos });
		} else {
			put_raw(e, k->p, k->len);
		}
		return;
	}
	default: {
		const struct karr_any *arr = (const struct karr_any *)p;
		int32_t n = arr->n < 0 && version < f->null_from ? 0 : arr->n;
		put_len(e, n, flexible, 1);
		for (int32_t i = 0; i < n; i++) {
			const uint8_t *el = (const uint8_t *)arr->v + (size_t)i * f->elem_size;
			if (f->kind == PK_ARR_I32) {
				be32_put(e->cur, (uint32_t)*(const int32_t *)el);
				e->cur += 4;
			} else if (f->kind == PK_ARR_I64) {
				be64_put(e->cur, (uint64_t)*(const int64_t *)el);
				e->cur += 8;
			} else if (f->kind == PK_ARR_STR) {
				const struct kstr *k = (const struct kstr *)el;
				int32_t len = k->len < 0 ? 0 : k->len;
				put_len(e, len, flexible, 0);
				put_raw(e, k->p, len);
			} else {
				encode_fields(f->sub, version, flexible, el, e);
			}
		}
	}
	}
}

static void encode_fields(const struct proto_msg *m, int version, int flexible, const void *msg,
			  struct enc *e)
{
	size_t ntags = 0;
	for (int i = 0; i < m->nfields; i++) {
		const struct proto_field *f = &m->fields[i];
		if (!field_present(f, version))
			continue;
		if (f->tag == PROTO_NOTAG)
			encode_field(f, version, flexible, msg, e);
		else if (flexible && !tag_is_default(f, msg))
			ntags++;
	}
	if (!flexible)
		return;
	put_uvarint(e, ntags);
	for (int i = 0; i < m->nfields; i++) {
		const struct proto_field *f = &m->fields[i];
		if (!field_present(f, version) || f->tag == PROTO_NOTAG || tag_is_default(f, msg))
			continue;
		struct sizes t = { 0, 0 };
		size_field(f, version, 1, msg, &t);
		put_uvarint(e, (uint64_t)f->tag);
		put_uvarint(e, t.mem + t.file);
		encode_field(f, version, 1, msg, e);
	}
}

void proto_encode(const struct proto_msg *m, int version, int flexible, const void *msg,
		  struct proto_out *out, struct arena *a)
{
	struct sizes s = { 0, 0 };
	size_fields(m, version, flexible, msg, &s);
	struct enc e;
	e.piece = e.cur = arena_alloc(a, s.mem ? s.mem : 1);
	e.out = out;
	e.a = a;
	encode_fields(m, version, flexible, msg, &e);
	enc_flush(&e);
}

uint8_t *proto_out_reserve(struct proto_out *out, size_t n, struct arena *a)
{
	uint8_t *p = arena_alloc(a, n ? n : 1);
	out_push(out, a, (struct proto_piece){ p, n, -1, 0 });
	return p;
}

int proto_out_flatten(const struct proto_out *out, uint8_t *dst)
{
	for (int i = 0; i < out->npieces; i++) {
		const struct proto_piece *pc = &out->pieces[i];
		if (pc->p) {
			memcpy(dst, pc->p, pc->len);
		} else {
			int rc = pread_full(pc->fd, dst, pc->len, pc->pos);
			if (rc)
				return rc;
		}
		dst += pc->len;
	}
	return 0;
}
