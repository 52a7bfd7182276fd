/* LEB128 and zig-zag integers. */
#include "core/base/varint.h"

size_t uvarint_encode(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

size_t uvarint_decode(const uint8_t *p, size_t n, size_t max_bytes, uint64_t *out)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n && i < max_bytes; i++) {
		v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80)) {
			*out = v;
			return i + 1;
		}
	}
	return 0;
}

size_t varint_decode(const uint8_t *p, size_t n, int32_t *out)
{
	uint64_t u;
	size_t len = uvarint_decode(p, n, 5, &u);
	if (!len || u > UINT32_MAX)
		return 0;
	*out = unzigzag32((uint32_t)u);
	return len;
}

size_t varlong_decode(const uint8_t *p, size_t n, int64_t *out)
{
	uint64_t u;
	size_t len = uvarint_decode(p, n, 10, &u);
	if (!len)
		return 0;
	*out = unzigzag64(u);
	return len;
}

static size_t uvarint_size(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

size_t varint_size(int32_t v)
{
	return uvarint_size(zigzag32(v));
}

size_t varlong_size(int64_t v)
{
	return uvarint_size(zigzag64(v));
}
