/*
 * Fuzz target for record batches and codecs. The input is taken as one
 * batch: batch_validate, then (when valid) batch_validate_records and a full
 * walk of records and headers. Since random bytes almost never carry a good
 * CRC, a copy with the CRC recomputed goes through the same deep checks, so
 * the record and codec parsers see mutated batches. Finally the raw input is
 * fed to every decompressor. Decompression is capped at 1 MiB throughout.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/record/batch.h"
#include "core/record/codec.h"

#define FUZZ_MAX_OUT (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const uint8_t *p, size_t n)
{
	struct record_iter it;
	int rc = record_iter_init(&it, p, n, FUZZ_MAX_OUT);
	struct record r;
	while (!rc && record_iter_next(&it, &r) == 1) {
		size_t cur = 0;
		struct record_header h;
		size_t sum = 0;
		while (record_header_next(&r, &cur, &h) == 1)
			sum += (size_t)h.key_len + (h.value ? (size_t)h.value_len : 0);
		int16_t type;
		if (it.h.attributes & BATCH_ATTR_CONTROL)
			control_record_type(&r, &type);
		/* Touch every byte the views claim, so ASan checks them. */
		volatile uint8_t x = 0;
		for (int32_t i = 0; i < r.key_len; i++)
			x ^= r.key[i];
		for (int32_t i = 0; i < r.value_len; i++)
			x ^= r.value[i];
		(void)x;
		(void)sum;
	}
	record_iter_release(&it);
}

static void deep(const uint8_t *p, size_t n)
{
	struct batch_header h;
	if (batch_validate(p, n, 0, &h))
		return;
	size_t total = batch_total_size(&h);
	batch_validate_records(p, total, FUZZ_MAX_OUT);
	walk(p, total);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	deep(data, size);

	struct batch_header h;
	if (batch_header_parse(data, size, &h) == 0 && batch_total_size(&h) <= size) {
		size_t total = batch_total_size(&h);
		uint8_t *copy = malloc(total);
		memcpy(copy, data, total);
		be32_put(copy + BATCH_OFF_CRC, batch_compute_crc(copy, total));
		deep(copy, total);
		walk(copy, total);	/* the iterator alone, whatever the attributes */
		free(copy);
	}

	struct buf out = BUF_INIT;
	for (int c = 0; c < CODEC_COUNT; c++) {
		buf_reset(&out);
		codec_decompress(c, data, size, FUZZ_MAX_OUT, &out);
	}
	buf_release(&out);
	return 0;
}
