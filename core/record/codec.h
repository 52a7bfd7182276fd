/*
 * Compression codecs of record batches. Each compresses a whole records area
 * into one blob, the way Kafka clients do:
 *
 *   gzip    an RFC 1952 gzip member (zlib, windowBits 15+16); decompression
 *           also accepts zlib-wrapped data (windowBits 15+32).
 *   snappy  Kafka's xerial framing: magic 82 'SNAPPY' 00, version i32 1,
 *           compatible i32 1, then blocks of [length i32][raw snappy block].
 *           Decompression also accepts a bare raw snappy block.
 *   lz4     the LZ4 frame format (magic 04 22 4D 18).
 *   zstd    a zstd frame (content size may be absent).
 */
#ifndef KAF_RECORD_CODEC_H
#define KAF_RECORD_CODEC_H

#include <stddef.h>
#include <stdint.h>

struct buf;

enum codec { CODEC_NONE = 0, CODEC_GZIP = 1, CODEC_SNAPPY = 2, CODEC_LZ4 = 3, CODEC_ZSTD = 4 };
#define CODEC_COUNT 5

/* "none", "gzip", "snappy", "lz4", "zstd"; "unknown" otherwise. */
const char *codec_name(int codec);
/* Codec from its name; -1 when unknown. */
int codec_from_name(const char *name);

/* Append the compressed form of in[0..n) to out. level 0 = codec default. */
int codec_compress(int codec, int level, const uint8_t *in, size_t n, struct buf *out);
/*
 * Append the decompressed form to out, failing with KAF_ETOOBIG as soon as
 * the output would pass max_out bytes (decompression bombs), KAF_ECORRUPT on
 * malformed input, KAF_ECODEC on an unknown codec.
 */
int codec_decompress(int codec, const uint8_t *in, size_t n, size_t max_out, struct buf *out);

#endif
