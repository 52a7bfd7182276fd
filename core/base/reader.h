/*
 * Bounds-checked reading of a byte view with a sticky error: once a read runs
 * past the end, every later read returns zero and r->err stays KAF_ETRUNC (or
 * KAF_ECORRUPT for a malformed varint), so a decoder checks once at the end.
 * The reader never owns the bytes it walks.
 */
#ifndef KAF_BASE_READER_H
#define KAF_BASE_READER_H

#include <stddef.h>
#include <stdint.h>

struct reader {
	const uint8_t *p;
	const uint8_t *end;
	int err;
};

static inline void reader_init(struct reader *r, const void *p, size_t n)
{
	r->p = p;
	r->end = r->p + n;
	r->err = 0;
}

static inline size_t reader_left(const struct reader *r)
{
	return (size_t)(r->end - r->p);
}

/* Returns a pointer to the next n bytes and skips them, or NULL (error set). */
const uint8_t *reader_take(struct reader *r, size_t n);
int8_t reader_i8(struct reader *r);
int16_t reader_i16(struct reader *r);
int32_t reader_i32(struct reader *r);
int64_t reader_i64(struct reader *r);
int32_t reader_varint(struct reader *r);
int64_t reader_varlong(struct reader *r);
uint64_t reader_uvarint(struct reader *r);

#endif
