/* Growable byte buffer. */
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/varint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b)
{
	memset(b, 0, sizeof(*b));
}

void buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
}

uint8_t *buf_reserve(struct buf *b, size_t n)
{
	if (n > SIZE_MAX / 2 - b->len) {
		fprintf(stderr, "kaf: buffer size overflow\n");
		abort();
	}
	/* Even for n == 0 hand back real storage: callers pass it to memcpy/memset. */
	if (b->len + n > b->cap || !b->data) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n)
			cap *= 2;
		uint8_t *p = realloc(b->data, cap);
		if (!p) {
			fprintf(stderr, "kaf: out of memory (%zu bytes)\n", cap);
			abort();
		}
		b->data = p;
		b->cap = cap;
	}
	return b->data + b->len;
}

uint8_t *buf_append(struct buf *b, const void *p, size_t n)
{
	uint8_t *dst = buf_reserve(b, n);
	if (n)
		memcpy(dst, p, n);
	b->len += n;
	return dst;
}

uint8_t *buf_grow(struct buf *b, size_t n)
{
	uint8_t *dst = buf_reserve(b, n);
	memset(dst, 0, n);
	b->len += n;
	return dst;
}

void buf_put_u8(struct buf *b, uint8_t v)
{
	buf_append(b, &v, 1);
}

void buf_put_be16(struct buf *b, uint16_t v)
{
	be16_put(buf_grow(b, 2), v);
}

void buf_put_be32(struct buf *b, uint32_t v)
{
	be32_put(buf_grow(b, 4), v);
}

void buf_put_be64(struct buf *b, uint64_t v)
{
	be64_put(buf_grow(b, 8), v);
}

void buf_put_uvarint(struct buf *b, uint64_t v)
{
	uint8_t *p = buf_reserve(b, UVARINT_MAX);
	b->len += uvarint_encode(p, v);
}

void buf_put_varint(struct buf *b, int32_t v)
{
	buf_put_uvarint(b, zigzag32(v));
}

void buf_put_varlong(struct buf *b, int64_t v)
{
	buf_put_uvarint(b, zigzag64(v));
}
