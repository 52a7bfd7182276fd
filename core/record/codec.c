/*
 * Compression codecs of record batches, over the system libraries (zlib,
 * snappy, liblz4, libzstd). Stream layouts are in codec.h; the snappy
 * framing Kafka uses (xerial's) is:
 *
 *   off size
 *     0    8  magic 82 'S' 'N' 'A' 'P' 'P' 'Y' 00
 *     8    4  version i32 BE (1)
 *    12    4  compatible version i32 BE (1)
 *    16       blocks: length i32 BE, then that many bytes of one raw
 *             snappy block (at most 32 KiB uncompressed when we write)
 *
 * A second magic at a block boundary starts a new stream (xerial writes that
 * when a stream is reopened), and a bare raw snappy block is accepted too.
 *
 * Decompressors take untrusted input. Output grows in bounded pieces and
 * never more than one byte past max_out, so a decompression bomb is caught
 * (KAF_ETOOBIG) having allocated about max_out bytes at most, whatever it
 * claims to expand to. On any failure out is cut back to its old length.
 */
#include "core/record/codec.h"
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/err.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#define OUT_CHUNK (64 * 1024)
#define SNAPPY_BLOCK (32 * 1024)
#define XERIAL_HEADER 16

static const uint8_t xerial_magic[8] = { 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0 };

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

/*
 * Room for the next piece of output: up to OUT_CHUNK bytes, but no more than
 * one byte past the limit, which is enough to see the limit being passed.
 * The caller guarantees out->len - start <= max_out.
 */
static uint8_t *out_room(struct buf *out, size_t start, size_t max_out, size_t *room)
{
	size_t left = max_out - (out->len - start);
	*room = left < OUT_CHUNK ? left + 1 : OUT_CHUNK;
	return buf_reserve(out, *room);
}

static int over_limit(const struct buf *out, size_t start, size_t max_out)
{
	return out->len - start > max_out;
}

/* gzip */

/* zlib counts in uInt; record batches are far below 4 GiB, so one slice does. */
static int gzip_compress(int level, const uint8_t *in, size_t n, struct buf *out)
{
	if (n > UINT_MAX)
		return KAF_ETOOBIG;
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, level ? level : Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return KAF_ECODEC;
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)n;
	int zr;
	do {
		zs.next_out = buf_reserve(out, OUT_CHUNK);
		zs.avail_out = OUT_CHUNK;
		zr = deflate(&zs, Z_FINISH);
		out->len += OUT_CHUNK - zs.avail_out;
	} while (zr == Z_OK);
	deflateEnd(&zs);
	return zr == Z_STREAM_END ? 0 : KAF_ECODEC;
}

/*
 * Like Java's GZIPInputStream, accept several gzip members one after the
 * other; anything else after a member is corrupt.
 */
static int gzip_decompress(const uint8_t *in, size_t n, size_t max_out, struct buf *out)
{
	if (n > UINT_MAX)
		return KAF_ETOOBIG;
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 32) != Z_OK)
		return -ENOMEM;
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)n;
	size_t start = out->len;
	int rc = 0;
	for (;;) {
		size_t room;
		zs.next_out = out_room(out, start, max_out, &room);
		zs.avail_out = (uInt)room;
		int zr = inflate(&zs, Z_NO_FLUSH);
		out->len += room - zs.avail_out;
		if (over_limit(out, start, max_out)) {
			rc = KAF_ETOOBIG;
			break;
		}
		if (zr == Z_STREAM_END) {
			if (!zs.avail_in)
				break;
			if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b ||
			    inflateReset(&zs) != Z_OK) {
				rc = KAF_ECORRUPT;
				break;
			}
			continue;
		}
		if (zr == Z_MEM_ERROR) {
			rc = -ENOMEM;
			break;
		}
		/* Z_BUF_ERROR: no progress possible, which with room given means truncated. */
		if (zr != Z_OK) {
			rc = KAF_ECORRUPT;
			break;
		}
	}
	inflateEnd(&zs);
	if (rc)
		out->len = start;
	return rc;
}

/* snappy */

static int snappy_xerial_compress(const uint8_t *in, size_t n, struct buf *out)
{
	buf_append(out, xerial_magic, sizeof(xerial_magic));
	buf_put_be32(out, 1);
	buf_put_be32(out, 1);
	for (size_t off = 0; off < n; off += SNAPPY_BLOCK) {
		size_t len = n - off < SNAPPY_BLOCK ? n - off : SNAPPY_BLOCK;
		size_t clen = snappy_max_compressed_length(len);
		uint8_t *dst = buf_reserve(out, 4 + clen);
		if (snappy_compress((const char *)in + off, len, (char *)dst + 4, &clen) != SNAPPY_OK)
			return KAF_ECODEC;
		be32_put(dst, (uint32_t)clen);
		out->len += 4 + clen;
	}
	return 0;
}

/* Append one raw snappy block, checking its claimed size before allocating. */
static int snappy_raw_block(const uint8_t *p, size_t n, size_t start, size_t max_out,
			    struct buf *out)
{
	size_t ulen;
	if (snappy_uncompressed_length((const char *)p, n, &ulen) != SNAPPY_OK)
		return KAF_ECORRUPT;
	/* Garbage often claims a huge size; call it corrupt unless it really decodes. */
	if (ulen > max_out - (out->len - start))
		return snappy_validate_compressed_buffer((const char *)p, n) == SNAPPY_OK
		       ? KAF_ETOOBIG : KAF_ECORRUPT;
	uint8_t *dst = buf_reserve(out, ulen);
	size_t got = ulen;
	if (snappy_uncompress((const char *)p, n, (char *)dst, &got) != SNAPPY_OK || got != ulen)
		return KAF_ECORRUPT;
	out->len += ulen;
	return 0;
}

static int is_xerial(const uint8_t *p, size_t n)
{
	return n >= XERIAL_HEADER && !memcmp(p, xerial_magic, sizeof(xerial_magic));
}

static int snappy_decompress(const uint8_t *in, size_t n, size_t max_out, struct buf *out)
{
	size_t start = out->len;
	int rc = 0;
	if (!is_xerial(in, n)) {
		rc = snappy_raw_block(in, n, start, max_out, out);
		if (rc)
			out->len = start;
		return rc;
	}
	size_t off = 0;
	while (off < n) {
		if (is_xerial(in + off, n - off)) {
			off += XERIAL_HEADER;
			continue;
		}
		if (n - off < 4) {
			rc = KAF_ECORRUPT;
			break;
		}
		uint32_t len = be32_get(in + off);
		off += 4;
		if (len > n - off) {
			rc = KAF_ECORRUPT;
			break;
		}
		rc = snappy_raw_block(in + off, len, start, max_out, out);
		if (rc)
			break;
		off += len;
	}
	if (rc)
		out->len = start;
	return rc;
}

/* lz4 */

static int lz4_compress(int level, const uint8_t *in, size_t n, struct buf *out)
{
	/*
	 * 64 KiB independent blocks, no content size or checksum: the frame
	 * Kafka's own Java client writes, which every Kafka reader accepts.
	 */
	LZ4F_preferences_t prefs;
	memset(&prefs, 0, sizeof(prefs));
	prefs.frameInfo.blockSizeID = LZ4F_max64KB;
	prefs.frameInfo.blockMode = LZ4F_blockIndependent;
	prefs.compressionLevel = level;
	size_t cap = LZ4F_compressFrameBound(n, &prefs);
	uint8_t *dst = buf_reserve(out, cap);
	size_t len = LZ4F_compressFrame(dst, cap, in, n, &prefs);
	if (LZ4F_isError(len))
		return KAF_ECODEC;
	out->len += len;
	return 0;
}

static int lz4_decompress(const uint8_t *in, size_t n, size_t max_out, struct buf *out)
{
	LZ4F_dctx *dctx;
	if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)))
		return -ENOMEM;
	size_t start = out->len;
	const uint8_t *p = in, *end = in + n;
	int rc = 0;
	for (;;) {
		size_t room, src = (size_t)(end - p);
		uint8_t *dst = out_room(out, start, max_out, &room);
		size_t dlen = room;
		size_t hint = LZ4F_decompress(dctx, dst, &dlen, p, &src, NULL);
		if (LZ4F_isError(hint)) {
			rc = KAF_ECORRUPT;
			break;
		}
		p += src;
		out->len += dlen;
		if (over_limit(out, start, max_out)) {
			rc = KAF_ETOOBIG;
			break;
		}
		if (hint == 0 && p == end)
			break;	/* last frame complete */
		/* Input gone, frame unfinished, nothing left to flush: truncated. */
		if (p == end && dlen < room) {
			rc = KAF_ECORRUPT;
			break;
		}
		if (!src && !dlen) {
			rc = KAF_ECORRUPT;
			break;
		}
	}
	LZ4F_freeDecompressionContext(dctx);
	if (rc)
		out->len = start;
	return rc;
}

/* zstd */

static int zstd_compress(int level, const uint8_t *in, size_t n, struct buf *out)
{
	size_t cap = ZSTD_compressBound(n);
	uint8_t *dst = buf_reserve(out, cap);
	size_t len = ZSTD_compress(dst, cap, in, n, level);
	if (ZSTD_isError(len))
		return KAF_ECODEC;
	out->len += len;
	return 0;
}

/*
 * The largest window a frame may ask for. A streaming decoder allocates the
 * whole window up front, so a tiny frame could otherwise claim 128 MiB. The
 * window is sized to the limit, but never below the 8 MiB every decoder is
 * expected to support nor above libzstd's default of 128 MiB.
 */
static int zstd_window_log_max(size_t max_out)
{
	int log = 23;
	while (log < 27 && ((size_t)1 << log) < max_out)
		log++;
	return log;
}

static int zstd_error(size_t r)
{
	switch (ZSTD_getErrorCode(r)) {
	case ZSTD_error_frameParameter_windowTooLarge:
		return KAF_ETOOBIG;
	case ZSTD_error_memory_allocation:
		return -ENOMEM;
	default:
		return KAF_ECORRUPT;
	}
}

/*
 * Walk the frames before decoding any: each must be a standard frame (magic
 * 28 B5 2F FD) or a skippable one, and whole. libzstd also decodes legacy
 * pre-1.0 frames, which no Kafka client writes and whose decoders ignore the
 * window limit. Declared content sizes are summed against the limit, so an
 * honest bomb is refused before anything is allocated.
 */
static int zstd_check_frames(const uint8_t *in, size_t n, size_t max_out)
{
	size_t off = 0, declared = 0;
	if (!n)
		return KAF_ECORRUPT;
	while (off < n) {
		if (n - off < 4)
			return KAF_ECORRUPT;
		uint32_t magic = (uint32_t)in[off] | (uint32_t)in[off + 1] << 8 |
				 (uint32_t)in[off + 2] << 16 | (uint32_t)in[off + 3] << 24;
		int skippable = (magic & 0xfffffff0u) == 0x184d2a50u;
		if (magic != 0xfd2fb528u && !skippable)
			return KAF_ECORRUPT;
		size_t len = ZSTD_findFrameCompressedSize(in + off, n - off);
		if (ZSTD_isError(len) || len == 0 || len > n - off)
			return KAF_ECORRUPT;
		if (!skippable) {
			unsigned long long cs = ZSTD_getFrameContentSize(in + off, len);
			if (cs == ZSTD_CONTENTSIZE_ERROR)
				return KAF_ECORRUPT;
			if (cs != ZSTD_CONTENTSIZE_UNKNOWN) {
				if (cs > max_out - declared)
					return KAF_ETOOBIG;
				declared += (size_t)cs;
			}
		}
		off += len;
	}
	return 0;
}

static int zstd_decompress(const uint8_t *in, size_t n, size_t max_out, struct buf *out)
{
	int rc = zstd_check_frames(in, n, max_out);
	if (rc)
		return rc;
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	if (!dctx)
		return -ENOMEM;
	ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, zstd_window_log_max(max_out));
	size_t start = out->len;
	ZSTD_inBuffer ib = { in, n, 0 };
	for (;;) {
		size_t room, before = ib.pos;
		uint8_t *dst = out_room(out, start, max_out, &room);
		ZSTD_outBuffer ob = { dst, room, 0 };
		size_t r = ZSTD_decompressStream(dctx, &ob, &ib);
		if (ZSTD_isError(r)) {
			rc = zstd_error(r);
			break;
		}
		out->len += ob.pos;
		if (over_limit(out, start, max_out)) {
			rc = KAF_ETOOBIG;
			break;
		}
		if (r == 0 && ib.pos == ib.size)
			break;	/* last frame complete and flushed */
		if ((ib.pos == ib.size && ob.pos < ob.size) || (ib.pos == before && !ob.pos)) {
			rc = KAF_ECORRUPT;
			break;
		}
	}
	ZSTD_freeDCtx(dctx);
	if (rc)
		out->len = start;
	return rc;
}

int codec_compress(int codec, int level, const uint8_t *in, size_t n, struct buf *out)
{
	size_t start = out->len;
	int rc;
	switch (codec) {
	case CODEC_NONE:
		buf_append(out, in, n);
		return 0;
	case CODEC_GZIP:
		rc = gzip_compress(level, in, n, out);
		break;
	case CODEC_SNAPPY:
		rc = snappy_xerial_compress(in, n, out);
		break;
	case CODEC_LZ4:
		rc = lz4_compress(level, in, n, out);
		break;
	case CODEC_ZSTD:
		rc = zstd_compress(level, in, n, out);
		break;
	default:
		return KAF_ECODEC;
	}
	if (rc)
		out->len = start;
	return rc;
}

int codec_decompress(int codec, const uint8_t *in, size_t n, size_t max_out, struct buf *out)
{
	switch (codec) {
	case CODEC_NONE:
		if (n > max_out)
			return KAF_ETOOBIG;
		buf_append(out, in, n);
		return 0;
	case CODEC_GZIP:
		return gzip_decompress(in, n, max_out, out);
	case CODEC_SNAPPY:
		return snappy_decompress(in, n, max_out, out);
	case CODEC_LZ4:
		return lz4_decompress(in, n, max_out, out);
	case CODEC_ZSTD:
		return zstd_decompress(in, n, max_out, out);
	default:
		return KAF_ECODEC;
	}
}
