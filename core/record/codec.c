/* Compression codecs of record batches (layouts in codec.h). */
#include "core/record/codec.h"
#include "core/base/buf.h"
#include "core/base/err.h"

#include <string.h>

static const char *const codec_names[CODEC_COUNT] = {
	[CODEC_NONE] = "none",
	[CODEC_GZIP] = "gzip",
	[CODEC_SNAPPY] = "snappy",
	[CODEC_LZ4] = "lz4",
	[CODEC_ZSTD] = "zstd",
};

const char *codec_name(int codec)
{
	return codec >= 0 && codec < CODEC_COUNT ? codec_names[codec] : "unknown";
}

int codec_from_name(const char *name)
{
	for (int i = 0; i < CODEC_COUNT; i++)
		if (!strcmp(name, codec_names[i]))
			return i;
	return -1;
}

int codec_compress(int codec, int level, const uint8_t *in, size_t n, struct buf *out)
{
	if (codec == CODEC_NONE) {
		buf_append(out, in, n);
		return 0;
	}
	return KAF_ECODEC;
}

int codec_decompress(int codec, const uint8_t *in, size_t n, size_t max_out, struct buf *out)
{
	if (codec == CODEC_NONE) {
		if (n > max_out)
			return KAF_ETOOBIG;
		buf_append(out, in, n);
		return 0;
	}
	return KAF_ECODEC;
}
