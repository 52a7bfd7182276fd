/* Zig-zag varints, uvarints and the sticky-error reader. */
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/reader.h"
#include "core/base/varint.h"
#include "tests/unit/tap.h"

int main(void)
{
	struct buf b = BUF_INIT;
	buf_put_varint(&b, -1);
	is_int(b.len, 1, "varint -1 is one byte");
	is_int(b.data[0], 0x01, "varint -1 encodes as 0x01");
	buf_reset(&b);
	buf_put_varint(&b, 300);
	is_int(b.len, 2, "varint 300 is two bytes");
	is_int(b.data[0], 0xd8, "varint 300 first byte");
	is_int(b.data[1], 0x04, "varint 300 second byte");

	const int64_t longs[] = { 0, 1, -1, 63, -64, 64, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN };
	buf_reset(&b);
	for (size_t i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
		buf_put_varlong(&b, longs[i]);
	buf_put_varint(&b, INT32_MIN);
	buf_put_uvarint(&b, UINT64_MAX);
	struct reader r;
	reader_init(&r, b.data, b.len);
	int same = 1;
	for (size_t i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
		same &= reader_varlong(&r) == longs[i];
	ok(same, "varlong round trip at the extremes");
	is_int(reader_varint(&r), INT32_MIN, "varint INT32_MIN round trip");
	ok(reader_uvarint(&r) == UINT64_MAX, "uvarint max round trip");
	is_int(r.err, 0, "no error after exact reads");
	is_int(reader_i8(&r), 0, "read past the end gives 0");
	is_int(r.err, KAF_ETRUNC, "and sets the sticky truncation error");

	const uint8_t overlong[6] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
	int32_t v;
	is_int(varint_decode(overlong, sizeof(overlong), &v), 0, "six-byte varint refused");
	is_int(varint_size(-1), 1, "varint_size(-1)");
	is_int(varlong_size(INT64_MIN), 10, "varlong_size(INT64_MIN)");
	buf_release(&b);
	return tap_done();
}
