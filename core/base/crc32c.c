/* CRC-32C: slice-by-8 tables, and the SSE4.2 crc32 instruction run as three chains. */
#include "core/base/crc32c.h"

#include <pthread.h>
#include <string.h>

#define CRC32C_POLY 0x82F63B78u

static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_table_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ CRC32C_POLY : c >> 1;
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^
					  crc_table[0][crc_table[t - 1][i] & 0xff];
}

uint32_t crc32c_sw(uint32_t crc, const void *data, size_t n)
{
	const uint8_t *p = data;
	pthread_once(&crc_once, crc_table_init);
	crc = ~crc;
	while (n && ((uintptr_t)p & 7)) {
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
		n--;
	}
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		w ^= crc; /* little-endian hosts only; see the check below */
		crc = crc_table[7][w & 0xff] ^ crc_table[6][(w >> 8) & 0xff] ^
		      crc_table[5][(w >> 16) & 0xff] ^ crc_table[4][(w >> 24) & 0xff] ^
		      crc_table[3][(w >> 32) & 0xff] ^ crc_table[2][(w >> 40) & 0xff] ^
		      crc_table[1][(w >> 48) & 0xff] ^ crc_table[0][w >> 56];
		p += 8;
		n -= 8;
	}
	while (n--)
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "crc32c_sw's slice-by-8 loop assumes a little-endian host"
#endif

#if defined(__x86_64__)
#include <nmmintrin.h>

/*
 * The crc32 instruction has a latency of about 3 cycles but issues once per
 * cycle, so one dependent chain uses a third of it. Long inputs are cut into
 * rounds of three equal blocks, each block run as its own chain, and the
 * three raw registers are joined afterwards.
 *
 * Joining needs "shift": the raw register (no inversions) after running a
 * register value through L zero bytes. A raw CRC is linear over GF(2), so
 * reg(c, A||B) = shift(reg(c, A), |B|) ^ reg(0, B), and shift itself is a
 * linear map of the 32 register bits: four 256-entry tables, one per byte of
 * the register, whose lookups XOR together. One table set per block length.
 *
 * Block lengths: CRC_LONG per chain for big inputs, so the join is noise;
 * CRC_SHORT for what is left, so inputs from 384 bytes up gain as well (the
 * join costs about a third of a short round's instruction time, still well
 * ahead of one chain). Under 3 * CRC_SHORT bytes the single chain runs, and
 * short inputs never touch the tables. Both are multiples of 8.
 */
#define CRC_LONG 4096
#define CRC_SHORT 128

struct crc_shift {
	uint32_t t[4][256];
};

static struct crc_shift shift_long, shift_short;
static pthread_once_t shift_once = PTHREAD_ONCE_INIT;

/*
 * Shift each of the 32 one-bit registers with the instruction itself over
 * zero words (32 * len / 8 instructions), then fill each table entry as the
 * XOR of the bits it holds: entry b is entry b-without-its-lowest-bit plus
 * that bit's column.
 */
__attribute__((target("sse4.2")))
static void crc_shift_build(struct crc_shift *s, size_t len)
{
	uint32_t col[32];
	for (int i = 0; i < 32; i++) {
		uint64_t c = (uint64_t)1 << i;
		for (size_t j = 0; j < len; j += 8)
			c = _mm_crc32_u64(c, 0);
		col[i] = (uint32_t)c;
	}
	for (int k = 0; k < 4; k++) {
		s->t[k][0] = 0;
		for (unsigned b = 1; b < 256; b++)
			s->t[k][b] = s->t[k][b & (b - 1)] ^ col[8 * k + __builtin_ctz(b)];
	}
}

static void crc_shift_init(void)
{
	crc_shift_build(&shift_long, CRC_LONG);
	crc_shift_build(&shift_short, CRC_SHORT);
}

static inline uint32_t crc_shift(const struct crc_shift *s, uint32_t c)
{
	return s->t[0][c & 0xff] ^ s->t[1][(c >> 8) & 0xff] ^
	       s->t[2][(c >> 16) & 0xff] ^ s->t[3][c >> 24];
}

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

/* One round: the raw register c carried over 3 * blk bytes at p. */
__attribute__((target("sse4.2"), always_inline))
static inline uint64_t crc_round3(uint64_t c, const uint8_t *p, size_t blk,
				  const struct crc_shift *s)
{
	uint64_t c1 = 0, c2 = 0;
	for (size_t i = 0; i < blk; i += 8) {
		c = _mm_crc32_u64(c, load64(p + i));
		c1 = _mm_crc32_u64(c1, load64(p + blk + i));
		c2 = _mm_crc32_u64(c2, load64(p + 2 * blk + i));
	}
	c = crc_shift(s, (uint32_t)c) ^ c1;
	return crc_shift(s, (uint32_t)c) ^ c2;
}

__attribute__((target("sse4.2")))
static uint32_t crc32c_hw(uint32_t crc, const void *data, size_t n)
{
	const uint8_t *p = data;
	uint64_t c = ~crc;
	while (n && ((uintptr_t)p & 7)) {
		c = _mm_crc32_u8((uint32_t)c, *p++);
		n--;
	}
	if (n >= 3 * CRC_SHORT) {
		pthread_once(&shift_once, crc_shift_init);
		for (; n >= 3 * CRC_LONG; p += 3 * CRC_LONG, n -= 3 * CRC_LONG)
			c = crc_round3(c, p, CRC_LONG, &shift_long);
		for (; n >= 3 * CRC_SHORT; p += 3 * CRC_SHORT, n -= 3 * CRC_SHORT)
			c = crc_round3(c, p, CRC_SHORT, &shift_short);
	}
	for (; n >= 8; p += 8, n -= 8)
		c = _mm_crc32_u64(c, load64(p));
	while (n--)
		c = _mm_crc32_u8((uint32_t)c, *p++);
	return ~(uint32_t)c;
}

int crc32c_hw_available(void)
{
	return __builtin_cpu_supports("sse4.2");
}

uint32_t crc32c(uint32_t crc, const void *p, size_t n)
{
	static int hw = -1;
	if (hw < 0)
		hw = crc32c_hw_available();
	return hw ? crc32c_hw(crc, p, n) : crc32c_sw(crc, p, n);
}
#else
int crc32c_hw_available(void)
{
	return 0;
}

uint32_t crc32c(uint32_t crc, const void *p, size_t n)
{
	return crc32c_sw(crc, p, n);
}
#endif
