/* Sticky-error reader over a byte view. */
#include "core/base/reader.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/base/varint.h"

const uint8_t *reader_take(struct reader *r, size_t n)
{
	if (r->err || n > reader_left(r)) {
		if (!r->err)
			r->err = KAF_ETRUNC;
		return NULL;
	}
	const uint8_t *p = r->p;
	r->p += n;
	return p;
}

int8_t reader_i8(struct reader *r)
{
	const uint8_t *p = reader_take(r, 1);
	return p ? (int8_t)p[0] : 0;
}

int16_t reader_i16(struct reader *r)
{
	const uint8_t *p = reader_take(r, 2);
	return p ? (int16_t)be16_get(p) : 0;
}

int32_t reader_i32(struct reader *r)
{
	const uint8_t *p = reader_take(r, 4);
	return p ? (int32_t)be32_get(p) : 0;
}

int64_t reader_i64(struct reader *r)
{
	const uint8_t *p = reader_take(r, 8);
	return p ? (int64_t)be64_get(p) : 0;
}

static void reader_fail_varint(struct reader *r)
{
	if (!r->err)
		r->err = reader_left(r) >= 10 ? KAF_ECORRUPT : KAF_ETRUNC;
}

int32_t reader_varint(struct reader *r)
{
	int32_t v = 0;
	size_t n = r->err ? 0 : varint_decode(r->p, reader_left(r), &v);
	if (!n) {
		reader_fail_varint(r);
		return 0;
	}
	r->p += n;
	return v;
}

int64_t reader_varlong(struct reader *r)
{
	int64_t v = 0;
	size_t n = r->err ? 0 : varlong_decode(r->p, reader_left(r), &v);
	if (!n) {
		reader_fail_varint(r);
		return 0;
	}
	r->p += n;
	return v;
}

uint64_t reader_uvarint(struct reader *r)
{
	uint64_t v = 0;
	size_t n = r->err ? 0 : uvarint_decode(r->p, reader_left(r), 10, &v);
	if (!n) {
		reader_fail_varint(r);
		return 0;
	}
	r->p += n;
	return v;
}
