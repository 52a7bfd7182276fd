/* The growable buffer: growth, appends, big-endian and varint puts, empty reserves. */
#include "core/base/buf.h"
#include "tests/unit/tap.h"

int main(void)
{
	struct buf b = BUF_INIT;
	ok(buf_reserve(&b, 0) != NULL, "reserving nothing on an empty buffer gives storage");
	is_int(b.len, 0, "and adds no bytes");
	buf_release(&b);
	ok(buf_grow(&b, 0) != NULL, "growing an empty buffer by nothing gives storage");
	buf_release(&b);
	ok(buf_append(&b, NULL, 0) != NULL, "appending nothing to an empty buffer");
	buf_release(&b);

	for (int i = 0; i < 1000; i++)
		buf_put_u8(&b, (uint8_t)i);
	int same = b.len == 1000;
	for (int i = 0; i < 1000 && same; i++)
		same = b.data[i] == (uint8_t)i;
	ok(same, "1000 single-byte appends survive growth");
	ok(b.cap >= b.len, "capacity covers length");
	buf_reset(&b);
	is_int(b.len, 0, "reset empties");
	buf_put_be16(&b, 0x0102);
	buf_put_be32(&b, 0x03040506);
	buf_put_be64(&b, 0x0708090a0b0c0d0eull);
	static const uint8_t be[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
	ok(b.len == 14 && !memcmp(b.data, be, 14), "big-endian puts");
	uint8_t *z = buf_grow(&b, 5);
	ok(z == b.data + 14 && !z[0] && !z[4] && b.len == 19, "grow appends zeros");
	buf_release(&b);
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "release leaves an empty buffer");
	return tap_done();
}
