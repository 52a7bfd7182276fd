/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of
 * record batch v2. crc32c() uses the SSE4.2 instruction when the CPU has it
 * and a slice-by-8 table otherwise; crc32c_sw() is always the table, kept
 * callable so tests compare the two.
 *
 * Both take and return the finalised value, so crc32c(crc32c(0, a), b) is the
 * CRC of a followed by b.
 */
#ifndef KAF_BASE_CRC32C_H
#define KAF_BASE_CRC32C_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32c(uint32_t crc, const void *p, size_t n);
uint32_t crc32c_sw(uint32_t crc, const void *p, size_t n);
/* Whether crc32c() uses the hardware instruction on this CPU. */
int crc32c_hw_available(void);

#endif
