/*
 * A growable byte buffer, owned by whoever embeds it. Used to build batches,
 * hold decompressed records and assemble files. Allocation failure aborts
 * (there is no useful recovery from a failed small malloc in this program);
 * sizes that come from outside are checked against limits before they reach
 * buf_reserve.
 */
#ifndef KAF_BASE_BUF_H
#define KAF_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
/* Make room for n more bytes; returns a pointer to the first of them. */
uint8_t *buf_reserve(struct buf *b, size_t n);
/* Append n bytes; returns a pointer to where they were written. */
uint8_t *buf_append(struct buf *b, const void *p, size_t n);
uint8_t *buf_grow(struct buf *b, size_t n); /* reserve + len += n, zero-filled */
void buf_put_u8(struct buf *b, uint8_t v);
void buf_put_be16(struct buf *b, uint16_t v);
void buf_put_be32(struct buf *b, uint32_t v);
void buf_put_be64(struct buf *b, uint64_t v);
void buf_put_varint(struct buf *b, int32_t v);	/* zig-zag */
void buf_put_varlong(struct buf *b, int64_t v);	/* zig-zag */
void buf_put_uvarint(struct buf *b, uint64_t v);
void buf_reset(struct buf *b);

#endif
