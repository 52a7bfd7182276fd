/* Record batch v2 header: decode, CRC, cheap validation, in-place patches. */
#include "core/record/batch.h"
#include "core/record/codec.h"
#include "core/base/bytes.h"
#include "core/base/crc32c.h"
#include "core/base/err.h"

int batch_header_parse(const uint8_t *p, size_t n, struct batch_header *h)
{
	if (n < BATCH_HEADER_SIZE)
		return KAF_ETRUNC;
	h->base_offset = (int64_t)be64_get(p + BATCH_OFF_BASE_OFFSET);
	h->length = (int32_t)be32_get(p + BATCH_OFF_LENGTH);
	h->leader_epoch = (int32_t)be32_get(p + BATCH_OFF_LEADER_EPOCH);
	h->magic = (int8_t)p[BATCH_OFF_MAGIC];
	h->crc = be32_get(p + BATCH_OFF_CRC);
	h->attributes = (int16_t)be16_get(p + BATCH_OFF_ATTRIBUTES);
	h->last_offset_delta = (int32_t)be32_get(p + BATCH_OFF_LAST_OFFSET_DELTA);
	h->base_timestamp = (int64_t)be64_get(p + BATCH_OFF_BASE_TIMESTAMP);
	h->max_timestamp = (int64_t)be64_get(p + BATCH_OFF_MAX_TIMESTAMP);
	h->producer_id = (int64_t)be64_get(p + BATCH_OFF_PRODUCER_ID);
	h->producer_epoch = (int16_t)be16_get(p + BATCH_OFF_PRODUCER_EPOCH);
	h->base_sequence = (int32_t)be32_get(p + BATCH_OFF_BASE_SEQUENCE);
	h->records_count = (int32_t)be32_get(p + BATCH_OFF_RECORDS_COUNT);
	if (h->magic != BATCH_MAGIC)
		return KAF_ECORRUPT;
	if (h->length < BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD)
		return KAF_ECORRUPT;
	if (h->records_count < 0 || h->last_offset_delta < 0)
		return KAF_ECORRUPT;
	if (h->base_offset < 0)
		return KAF_ECORRUPT;
	return 0;
}

uint32_t batch_compute_crc(const uint8_t *batch, size_t total)
{
	return crc32c(0, batch + BATCH_OFF_ATTRIBUTES, total - BATCH_OFF_ATTRIBUTES);
}

int batch_validate(const uint8_t *p, size_t n, size_t max_size, struct batch_header *out)
{
	struct batch_header h;
	int rc = batch_header_parse(p, n, &h);
	if (rc)
		return rc;
	size_t total = batch_total_size(&h);
	if (max_size && total > max_size)
		return KAF_ETOOBIG;
	if (total > n)
		return KAF_ETRUNC;
	if (batch_compute_crc(p, total) != h.crc)
		return KAF_ECORRUPT;
	if (batch_codec(&h) >= CODEC_COUNT)
		return KAF_ECODEC;
	if (h.attributes & ~BATCH_ATTR_KNOWN)
		return KAF_ECORRUPT;
	if (out)
		*out = h;
	return 0;
}

void batch_set_base_offset(uint8_t *p, int64_t base_offset)
{
	be64_put(p + BATCH_OFF_BASE_OFFSET, (uint64_t)base_offset);
}

void batch_set_leader_epoch(uint8_t *p, int32_t epoch)
{
	be32_put(p + BATCH_OFF_LEADER_EPOCH, (uint32_t)epoch);
}

void batch_set_log_append_time(uint8_t *p, size_t total, int64_t now_ms)
{
	uint16_t attr = be16_get(p + BATCH_OFF_ATTRIBUTES);
	be16_put(p + BATCH_OFF_ATTRIBUTES, attr | BATCH_ATTR_LOG_APPEND_TIME);
	be64_put(p + BATCH_OFF_MAX_TIMESTAMP, (uint64_t)now_ms);
	be32_put(p + BATCH_OFF_CRC, batch_compute_crc(p, total));
}
