/*
 * Writes the seed corpus of the batch fuzz target into the directory named
 * on the command line: a valid batch in every codec, LogAppendTime, an empty
 * batch, control markers, bare codec streams, and broken inputs (truncated,
 * bad CRC, garbage). Deterministic, so regenerating gives the same files.
 *
 *   batch-corpus tests/fuzz/corpus/batch
 */
#include <stdio.h>
#include <string.h>

#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/fsutil.h"
#include "core/record/batch.h"
#include "core/record/codec.h"

static const char *dir;

static int save(const char *name, const void *p, size_t n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int rc = file_write_atomic(path, p, n);
	if (rc)
		fprintf(stderr, "batch-corpus: cannot write %s\n", path);
	return rc;
}

static void sample(struct buf *out, int codec, int log_append_time)
{
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	o.codec = codec;
	o.log_append_time = log_append_time;
	o.producer_id = 77;
	o.producer_epoch = 1;
	o.base_sequence = 10;
	struct batch_builder b;
	batch_builder_init(&b, &o);
	struct record_header hs[2] = {
		{ .key_len = 5, .key = (const uint8_t *)"trace", .value_len = 3,
		  .value = (const uint8_t *)"abc" },
		{ .key_len = 4, .key = (const uint8_t *)"null", .value_len = -1 },
	};
	batch_builder_add(&b, 1700000000000, -1, "key-0", 5, "value number zero", 17, hs, 2);
	batch_builder_add(&b, 1699999999000, -1, NULL, -1, "", 0, NULL, 0);
	batch_builder_add(&b, 1700000000500, -1, "", 0, NULL, -1, hs + 1, 1);
	batch_builder_add(&b, 1700000000600, -1, "key-3",  5, "value value value value value", 29,
			  hs, 1);
	buf_reset(out);
	batch_builder_finish(&b, 42, -1, out);
	batch_builder_release(&b);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: batch-corpus DIR\n");
		return 2;
	}
	dir = argv[1];
	if (mkdir_p(dir))
		return 1;
	struct buf b = BUF_INIT, z = BUF_INIT;
	int rc = 0;
	char name[64];
	for (int c = 0; c < CODEC_COUNT; c++) {
		sample(&b, c, 0);
		snprintf(name, sizeof(name), "batch-%s", codec_name(c));
		rc |= save(name, b.data, b.len);
	}
	sample(&b, CODEC_NONE, 1);
	rc |= save("batch-log-append-time", b.data, b.len);

	struct batch_builder e;
	batch_builder_init(&e, NULL);
	buf_reset(&b);
	batch_builder_finish(&e, 0, 3, &b);
	batch_builder_release(&e);
	rc |= save("batch-empty", b.data, b.len);

	buf_reset(&b);
	batch_build_control(&b, 100, 77, 1, CONTROL_COMMIT, 5, 1700000001000);
	rc |= save("control-commit", b.data, b.len);
	buf_reset(&b);
	batch_build_control(&b, 101, 77, 1, CONTROL_ABORT, 5, 1700000001000);
	rc |= save("control-abort", b.data, b.len);

	/* Two batches back to back, as they sit in a segment. */
	sample(&b, CODEC_NONE, 0);
	sample(&z, CODEC_ZSTD, 0);
	buf_append(&b, z.data, z.len);
	rc |= save("two-batches", b.data, b.len);

	sample(&b, CODEC_NONE, 0);
	rc |= save("truncated", b.data, b.len - 9);
	b.data[b.len - 3] ^= 0x40;
	rc |= save("bad-crc", b.data, b.len);

	/* Bare codec streams, for the decompressors on raw input. */
	static const char text[] = "kafka kafka kafka record batch record batch 0123456789";
	for (int c = 1; c < CODEC_COUNT; c++) {
		buf_reset(&z);
		codec_compress(c, 0, (const uint8_t *)text, sizeof(text) - 1, &z);
		snprintf(name, sizeof(name), "stream-%s", codec_name(c));
		rc |= save(name, z.data, z.len);
	}

	uint8_t junk[300];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (uint8_t)x;
	}
	rc |= save("garbage", junk, sizeof(junk));
	buf_release(&b);
	buf_release(&z);
	return rc ? 1 : 0;
}
