/*
 * Variable-length integers as Kafka uses them.
 *
 *   uvarint  unsigned LEB128: 7 bits a byte, low group first, high bit set on
 *            every byte but the last. Compact lengths and tags use it as is.
 *   varint   zig-zag int32 ((n << 1) ^ (n >> 31)) then LEB128; at most 5 bytes.
 *   varlong  zig-zag int64 then LEB128; at most 10 bytes.
 *
 * Decoders return the number of bytes consumed, or 0 when the input ends
 * early or the encoding runs past the type's maximum length.
 */
#ifndef KAF_BASE_VARINT_H
#define KAF_BASE_VARINT_H

#include <stddef.h>
#include <stdint.h>

#define UVARINT_MAX 10

static inline uint32_t zigzag32(int32_t v)
{
	return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31);
}

static inline uint64_t zigzag64(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int32_t unzigzag32(uint32_t v)
{
	return (int32_t)((v >> 1) ^ (~(v & 1) + 1));
}

static inline int64_t unzigzag64(uint64_t v)
{
	return (int64_t)((v >> 1) ^ (~(v & 1) + 1));
}

size_t uvarint_encode(uint8_t *p, uint64_t v);
size_t uvarint_decode(const uint8_t *p, size_t n, size_t max_bytes, uint64_t *out);
size_t varint_decode(const uint8_t *p, size_t n, int32_t *out);
size_t varlong_decode(const uint8_t *p, size_t n, int64_t *out);
size_t varint_size(int32_t v);
size_t varlong_size(int64_t v);

#endif
