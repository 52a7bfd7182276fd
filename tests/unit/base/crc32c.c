/* CRC-32C against published vectors; hardware and table paths agree. */
#include "core/base/crc32c.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

int main(void)
{
	/* RFC 3720 B.4 and the common check value. */
	uint8_t zeros[32] = { 0 }, ones[32], inc[32], dec[32];
	for (int i = 0; i < 32; i++) {
		ones[i] = 0xff;
		inc[i] = (uint8_t)i;
		dec[i] = (uint8_t)(31 - i);
	}
	is_int(crc32c(0, "123456789", 9), 0xE3069283u, "check value of \"123456789\"");
	is_int(crc32c(0, zeros, 32), 0x8A9136AAu, "32 bytes of zeros");
	is_int(crc32c(0, ones, 32), 0x62A8AB43u, "32 bytes of 0xff");
	is_int(crc32c(0, inc, 32), 0x46DD794Eu, "32 incrementing bytes");
	is_int(crc32c(0, dec, 32), 0x113FDB5Cu, "32 decrementing bytes");
	is_int(crc32c_sw(0, "123456789", 9), 0xE3069283u, "table path check value");
	is_int(crc32c(0, "", 0), 0, "empty input");

	/* Chaining equals one pass; both paths agree at every length/alignment. */
	uint8_t big[4099];
	srand(7);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)rand();
	is_int(crc32c(crc32c(0, big, 1000), big + 1000, sizeof(big) - 1000),
	       crc32c(0, big, sizeof(big)), "chained CRC equals one pass");
	int agree = 1;
	for (size_t off = 0; off < 9; off++)
		for (size_t len = 0; len < 300; len++)
			agree &= crc32c(0, big + off, len) == crc32c_sw(0, big + off, len);
	ok(agree, "hardware (%s) and table paths agree", crc32c_hw_available() ? "sse4.2" : "absent");
	return tap_done();
}
