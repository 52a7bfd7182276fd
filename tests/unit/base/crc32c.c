/* CRC-32C against published vectors, and the hardware path against the table path. */
#include "core/base/crc32c.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

/* A reproducible byte stream, independent of the C library's rand(). */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/*
 * crc32c() splits long inputs into interleaved blocks and joins the partial
 * CRCs, so every length up to 20000 at every start alignment is compared with
 * the table path, and chained calls (which start the long path from a
 * non-zero CRC and cut inputs at odd places) with one table pass. The
 * reference for each length comes from extending the previous length by one
 * byte, so the table path runs once per alignment rather than per length.
 */
#define LONG_MAX_LEN 20000

static void check_long_inputs(void)
{
	static uint8_t buf[LONG_MAX_LEN + 8], big[300000 + 8];
	static uint32_t ref[8][LONG_MAX_LEN + 1];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rng();
	for (size_t off = 0; off < 8; off++) {
		ref[off][0] = 0;
		for (size_t len = 1; len <= LONG_MAX_LEN; len++)
			ref[off][len] = crc32c_sw(ref[off][len - 1], buf + off + len - 1, 1);
	}
	is_int(ref[0][LONG_MAX_LEN], crc32c_sw(0, buf, LONG_MAX_LEN),
	       "byte-at-a-time table CRC equals one table pass");

	size_t bad_len = 0, bad_off = 0, bad_at = 0, bad = 0;
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len <= LONG_MAX_LEN; len++)
			if (crc32c(0, buf + off, len) != ref[off][len] && !bad++) {
				bad_len = len;
				bad_off = off;
			}
	if (!ok(!bad, "crc32c equals the table path at lengths 0..%d, alignments 0..7", LONG_MAX_LEN))
		printf("#   %zu differ, first length %zu at offset %zu\n", bad, bad_len, bad_off);

	bad = 0;
	for (size_t len = 0; len <= LONG_MAX_LEN; len++) {
		size_t off = len % 8, cut = len ? rng() % (len + 1) : 0;
		uint32_t c = crc32c(crc32c(0, buf + off, cut), buf + off + cut, len - cut);
		if (c != ref[off][len] && !bad++) {
			bad_len = len;
			bad_at = cut;
		}
	}
	if (!ok(!bad, "chained crc32c equals one pass at lengths 0..%d", LONG_MAX_LEN))
		printf("#   %zu differ, first length %zu cut at %zu\n", bad, bad_len, bad_at);

	/* Past the lengths above: several long rounds, then the shorter ones. */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)rng();
	bad = 0;
	for (int i = 0; i < 40; i++) {
		size_t off = (size_t)i % 8, len = sizeof(big) - 8 - rng() % 50000;
		if (i == 0)
			len = sizeof(big) - 8;
		if (crc32c(0, big + off, len) != crc32c_sw(0, big + off, len) && !bad++)
			bad_len = len;
	}
	if (!ok(!bad, "crc32c equals the table path on 40 inputs of 250-300 KB"))
		printf("#   %zu differ, first length %zu\n", bad, bad_len);
	uint32_t a = crc32c(0, big, 100003);
	is_int(crc32c(a, big + 100003, sizeof(big) - 100003), crc32c_sw(0, big, sizeof(big)),
	       "chained crc32c over 300 KB equals one table pass");
}

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

	check_long_inputs();
	return tap_done();
}
