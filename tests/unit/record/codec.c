/*
 * Compression codecs: every codec both ways, the output of each against the
 * reference command-line tools (gzip, zstd, lz4) in both directions, the
 * xerial snappy framing byte by byte and against python3-snappy, the
 * decompression-bomb limit, and truncated or garbage input.
 */
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/record/codec.h"
#include "tests/unit/tap.h"

#include <snappy-c.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static char tmp[256];

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint8_t rnd8(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint8_t)rng;
}

/* Half text-like (compressible), half random when noise is set. */
static void make_input(struct buf *b, size_t n, int noise)
{
	static const char words[] = "kafka record batch offset topic partition ";
	buf_reset(b);
	if (!n)
		return;
	uint8_t *p = buf_grow(b, n);
	for (size_t i = 0; i < n; i++)
		p[i] = noise && (i / 1000) % 2 ? rnd8() : (uint8_t)words[(i * 7 + i / 97) % 42];
}

static int write_file(const char *name, const void *p, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return file_write_atomic(path, p, n);
}

static int read_file(const char *name, struct buf *out)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	buf_reset(out);
	return file_read_all(path, 256 << 20, out);
}

/* Run a shell command in the temp dir; 0 on success. */
static int sh(const char *cmd)
{
	char full[2048];
	snprintf(full, sizeof(full), "cd '%s' && %s 2>/dev/null", tmp, cmd);
	int st = system(full);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int have(const char *tool)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null", tool);
	return sh(cmd) == 0;
}

static void test_names(void)
{
	int good = 1;
	for (int c = 0; c < CODEC_COUNT; c++)
		good &= codec_from_name(codec_name(c)) == c;
	ok(good, "codec names round trip");
	is_str(codec_name(CODEC_ZSTD), "zstd", "zstd name");
	is_str(codec_name(7), "unknown", "unknown codec name");
	is_int(codec_from_name("brotli"), -1, "unknown name");
	struct buf b = BUF_INIT;
	is_int(codec_compress(5, 0, (const uint8_t *)"x", 1, &b), KAF_ECODEC, "compress codec 5");
	is_int(codec_decompress(7, (const uint8_t *)"x", 1, 10, &b), KAF_ECODEC,
	       "decompress codec 7");
	is_int(codec_decompress(CODEC_NONE, (const uint8_t *)"xy", 2, 1, &b), KAF_ETOOBIG,
	       "none codec honours the limit");
	buf_release(&b);
}

static void test_round_trips(void)
{
	static const size_t sizes[] = { 0, 1, 100, 32767, 32768, 32769, 65536 * 3 + 5, 1 << 20 };
	struct buf in = BUF_INIT, z = BUF_INIT, back = BUF_INIT;
	for (int c = 0; c < CODEC_COUNT; c++) {
		int bad = 0, smaller = 1;
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			for (int noise = 0; noise < 2; noise++) {
				make_input(&in, sizes[i], noise);
				buf_reset(&z);
				buf_reset(&back);
				buf_append(&back, "pre", 3);
				if (codec_compress(c, 0, in.data, in.len, &z) ||
				    codec_decompress(c, z.data, z.len, in.len, &back) ||
				    back.len != in.len + 3 || memcmp(back.data, "pre", 3) ||
				    (in.len && memcmp(back.data + 3, in.data, in.len)))
					bad++;
				if (c && !noise && sizes[i] >= 32768 && z.len * 4 > in.len)
					smaller = 0;
			}
		}
		is_int(bad, 0, "%s: round trips of every size, appended after existing bytes",
		       codec_name(c));
		ok(smaller, "%s: compressible input shrinks at least 4x", codec_name(c));
	}
	/* Levels are passed through. */
	make_input(&in, 200000, 0);
	static const int levels[CODEC_COUNT] = { 0, 9, 0, 12, 19 };
	for (int c = 1; c < CODEC_COUNT; c++) {
		buf_reset(&z);
		buf_reset(&back);
		int rc = codec_compress(c, levels[c], in.data, in.len, &z);
		rc = rc ? rc : codec_decompress(c, z.data, z.len, in.len, &back);
		ok(!rc && back.len == in.len && !memcmp(back.data, in.data, in.len),
		   "%s: level %d round trip", codec_name(c), levels[c]);
	}
	buf_reset(&z);
	is_int(codec_compress(CODEC_GZIP, 42, in.data, in.len, &z), KAF_ECODEC,
	       "gzip level 42 refused");
	is_int(z.len, 0, "failed compress leaves out as it was");
	buf_release(&in);
	buf_release(&z);
	buf_release(&back);
}

static void test_magic(void)
{
	struct buf in = BUF_INIT, z = BUF_INIT;
	make_input(&in, 70000, 1);
	codec_compress(CODEC_GZIP, 0, in.data, in.len, &z);
	ok(z.len > 10 && z.data[0] == 0x1f && z.data[1] == 0x8b && z.data[2] == 8,
	   "gzip output is a gzip member (1f 8b 08)");
	buf_reset(&z);
	codec_compress(CODEC_LZ4, 0, in.data, in.len, &z);
	static const uint8_t lz4_magic[4] = { 0x04, 0x22, 0x4d, 0x18 };
	ok(z.len > 7 && !memcmp(z.data, lz4_magic, 4), "lz4 output is an LZ4 frame");
	/* FLG: version 01, block independence set; BD: 64 KiB blocks. */
	ok(z.len > 7 && z.data[4] == 0x60 && z.data[5] == 0x40,
	   "lz4 frame: independent 64 KiB blocks, no checksums or content size");
	buf_reset(&z);
	codec_compress(CODEC_ZSTD, 0, in.data, in.len, &z);
	static const uint8_t zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };
	ok(z.len > 4 && !memcmp(z.data, zstd_magic, 4), "zstd output is a zstd frame");

	/* snappy: xerial header, then 32 KiB blocks that are raw snappy blocks */
	buf_reset(&z);
	codec_compress(CODEC_SNAPPY, 0, in.data, in.len, &z);
	static const uint8_t xerial[16] = { 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0,
					    0, 0, 0, 1, 0, 0, 0, 1 };
	ok(z.len > 16 && !memcmp(z.data, xerial, 16), "snappy: xerial header, version 1, compat 1");
	size_t off = 16, blocks = 0, total = 0;
	int bad = 0;
	while (off + 4 <= z.len) {
		uint32_t len = be32_get(z.data + off);
		off += 4;
		size_t ulen = 0;
		if (len > z.len - off ||
		    snappy_uncompressed_length((const char *)z.data + off, len, &ulen) ||
		    ulen > 32768 || memcmp(in.data + total, "", 0))
			bad++;
		char *tmpbuf = malloc(ulen + 1);
		size_t got = ulen;
		if (snappy_uncompress((const char *)z.data + off, len, tmpbuf, &got) ||
		    memcmp(tmpbuf, in.data + total, got))
			bad++;
		free(tmpbuf);
		total += ulen;
		off += len;
		blocks++;
	}
	ok(!bad && off == z.len && total == in.len && blocks == 3,
	   "snappy: three raw blocks of at most 32 KiB (%zu blocks)", blocks);
	buf_release(&in);
	buf_release(&z);
}

/* The reference tools decode what we write, and we decode what they write. */
static void test_tools(void)
{
	struct buf in = BUF_INIT, z = BUF_INIT, back = BUF_INIT;
	make_input(&in, 300000, 1);
	write_file("in", in.data, in.len);
	static const struct {
		int codec;
		const char *tool;
		const char *encode;	/* reads in, writes out.z */
		const char *decode;	/* reads ours.z, writes ours.out */
	} cases[] = {
		{ CODEC_GZIP, "gzip", "gzip -c in > out.z", "gzip -dc < ours.z > ours.out" },
		{ CODEC_GZIP, "gzip", "gzip -9 -c -n in > out.z", NULL },
		{ CODEC_GZIP, "gzip", "head -c 1000 in | gzip -c > out.z && tail -c +1001 in | "
				      "gzip -c >> out.z", NULL },
		{ CODEC_ZSTD, "zstd", "zstd -q -c in > out.z", "zstd -q -dc < ours.z > ours.out" },
		{ CODEC_ZSTD, "zstd", "cat in | zstd -q -c > out.z", NULL },	/* no content size */
		{ CODEC_ZSTD, "zstd", "zstd -q -19 --no-check -c in > out.z", NULL },
		{ CODEC_ZSTD, "zstd", "head -c 5 in | zstd -q -c > out.z && tail -c +6 in | "
				      "zstd -q -c >> out.z", NULL },
		{ CODEC_LZ4, "lz4", "lz4 -q -c in > out.z", "lz4 -q -dc < ours.z > ours.out" },
		{ CODEC_LZ4, "lz4", "cat in | lz4 -q -BD -c > out.z", NULL },
		{ CODEC_LZ4, "lz4", "lz4 -q -B4 -BX --content-size -c in > out.z", NULL },
		{ CODEC_LZ4, "lz4", "lz4 -q -9 --no-frame-crc -c in > out.z", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *name = codec_name(cases[i].codec);
		if (!have(cases[i].tool)) {
			printf("ok %d - %s decodes `%s` # SKIP no %s\n", ++tap_n, name,
			       cases[i].encode, cases[i].tool);
			continue;
		}
		int rc = sh(cases[i].encode);
		rc = rc ? rc : read_file("out.z", &z);
		buf_reset(&back);
		rc = rc ? rc : codec_decompress(cases[i].codec, z.data, z.len, in.len, &back);
		ok(!rc && back.len == in.len && !memcmp(back.data, in.data, in.len),
		   "%s decodes `%s`", name, cases[i].encode);
		if (!rc && cases[i].codec != CODEC_GZIP) {
			buf_reset(&back);
			is_int(codec_decompress(cases[i].codec, z.data, z.len, in.len - 1, &back),
			       KAF_ETOOBIG, "%s: same data one byte over the limit", name);
		}
		if (!cases[i].decode)
			continue;
		buf_reset(&z);
		codec_compress(cases[i].codec, 0, in.data, in.len, &z);
		write_file("ours.z", z.data, z.len);
		rc = sh(cases[i].decode);
		rc = rc ? rc : read_file("ours.out", &back);
		ok(!rc && back.len == in.len && !memcmp(back.data, in.data, in.len),
		   "`%s` decodes our %s", cases[i].decode, name);
	}
	buf_release(&in);
	buf_release(&z);
	buf_release(&back);
}

/* zlib-wrapped data (not gzip) is accepted by the gzip decoder too. */
static void test_zlib_wrapped(void)
{
	if (!have("/usr/bin/python3")) {
		printf("ok %d - gzip decodes zlib-wrapped data # SKIP no python3\n", ++tap_n);
		return;
	}
	struct buf z = BUF_INIT, back = BUF_INIT;
	int rc = sh("/usr/bin/python3 -c 'import sys, zlib; "
		    "sys.stdout.buffer.write(zlib.compress(b\"hello zlib \" * 1000))' > zlib.z");
	rc = rc ? rc : read_file("zlib.z", &z);
	rc = rc ? rc : codec_decompress(CODEC_GZIP, z.data, z.len, 1 << 20, &back);
	ok(!rc && back.len == 11000 && !memcmp(back.data, "hello zlib hello", 16),
	   "gzip decodes zlib-wrapped data");
	buf_release(&z);
	buf_release(&back);
}

static void test_snappy_frames(void)
{
	struct buf in = BUF_INIT, z = BUF_INIT, back = BUF_INIT;
	make_input(&in, 100000, 1);

	/* A bare raw block. */
	size_t clen = snappy_max_compressed_length(in.len);
	uint8_t *raw = malloc(clen);
	snappy_compress((const char *)in.data, in.len, (char *)raw, &clen);
	int rc = codec_decompress(CODEC_SNAPPY, raw, clen, in.len, &back);
	ok(!rc && back.len == in.len && !memcmp(back.data, in.data, in.len),
	   "snappy decodes a bare raw block");

	/* xerial framing built by hand around one big raw block, then twice over. */
	static const uint8_t hdr[16] = { 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0,
					 0, 0, 0, 1, 0, 0, 0, 1 };
	buf_append(&z, hdr, 16);
	buf_put_be32(&z, (uint32_t)clen);
	buf_append(&z, raw, clen);
	buf_reset(&back);
	rc = codec_decompress(CODEC_SNAPPY, z.data, z.len, in.len, &back);
	ok(!rc && back.len == in.len && !memcmp(back.data, in.data, in.len),
	   "snappy decodes a hand-made xerial stream");
	size_t one = z.len;
	buf_reserve(&z, one);	/* so appending z to itself does not move it */
	buf_append(&z, z.data, one);	/* a reopened stream: second header mid-way */
	buf_reset(&back);
	rc = codec_decompress(CODEC_SNAPPY, z.data, z.len, 2 * in.len, &back);
	ok(!rc && back.len == 2 * in.len && !memcmp(back.data + in.len, in.data, in.len),
	   "snappy decodes two concatenated xerial streams");
	buf_reset(&back);
	is_int(codec_decompress(CODEC_SNAPPY, z.data, z.len, 2 * in.len - 1, &back), KAF_ETOOBIG,
	       "snappy: one byte over the limit");
	is_int(back.len, 0, "failed decompress leaves out as it was");
	buf_reset(&back);
	is_int(codec_decompress(CODEC_SNAPPY, hdr, 16, 10, &back), 0,
	       "snappy: header alone is an empty stream");
	is_int(back.len, 0, "and yields nothing");
	z.data[16] = 0x80;	/* negative block length */
	is_int(codec_decompress(CODEC_SNAPPY, z.data, one, 1 << 20, &back), KAF_ECORRUPT,
	       "snappy: block length past the input");
	free(raw);

	/* python3-snappy's raw blocks in Kafka's framing (as kafka-python writes it). */
	const char *py = "/usr/bin/python3 -c 'import sys, struct, snappy\n"
			 "d = open(\"in\", \"rb\").read()\n"
			 "o = b\"\\x82SNAPPY\\x00\" + struct.pack(\"!ii\", 1, 1)\n"
			 "for i in range(0, len(d), 32768):\n"
			 "    b = snappy.compress(d[i:i + 32768])\n"
			 "    o += struct.pack(\"!i\", len(b)) + b\n"
			 "sys.stdout.buffer.write(o)\n"
			 "open(\"raw.z\", \"wb\").write(snappy.compress(d))' > xerial.z";
	if (sh("/usr/bin/python3 -c 'import snappy'") != 0) {
		printf("ok %d - snappy decodes python3-snappy output # SKIP no python3-snappy\n",
		       ++tap_n);
		printf("ok %d - snappy decodes python3-snappy raw block # SKIP no python3-snappy\n",
		       ++tap_n);
	} else {
		write_file("in", in.data, in.len);
		rc = sh(py);
		rc = rc ? rc : read_file("xerial.z", &z);
		buf_reset(&back);
		rc = rc ? rc : codec_decompress(CODEC_SNAPPY, z.data, z.len, in.len, &back);
		ok(!rc && back.len == in.len && !memcmp(back.data, in.data, in.len),
		   "snappy decodes python3-snappy output in xerial framing");
		struct buf ours = BUF_INIT;
		codec_compress(CODEC_SNAPPY, 0, in.data, in.len, &ours);
		ok(ours.len == z.len && !memcmp(ours.data, z.data, z.len),
		   "our snappy stream is byte-identical to the python3-snappy one");
		buf_release(&ours);
		rc = read_file("raw.z", &z);
		buf_reset(&back);
		rc = rc ? rc : codec_decompress(CODEC_SNAPPY, z.data, z.len, in.len, &back);
		ok(!rc && back.len == in.len && !memcmp(back.data, in.data, in.len),
		   "snappy decodes python3-snappy raw block");
	}
	buf_release(&in);
	buf_release(&z);
	buf_release(&back);
}

#ifndef UNDER_ASAN
/* Run f in a child whose address space is capped; returns its exit status or -signal. */
static int in_capped_child(int (*f)(const struct buf *), const struct buf *z, size_t cap)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned long vm = 0;
		FILE *fp = fopen("/proc/self/statm", "r");
		if (fp && fscanf(fp, "%lu", &vm) == 1) {
			struct rlimit rl;
			rl.rlim_cur = rl.rlim_max = vm * (unsigned long)getpagesize() + cap;
			setrlimit(RLIMIT_AS, &rl);
		}
		if (fp)
			fclose(fp);
		_exit(f(z));
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

static int bomb_codec;

static int decompress_bomb(const struct buf *z)
{
	struct buf out = BUF_INIT;
	int rc = codec_decompress(bomb_codec, z->data, z->len, 1 << 20, &out);
	buf_release(&out);
	return rc == KAF_ETOOBIG ? 0 : 1;
}
#endif

static void test_bombs(void)
{
	size_t big = (size_t)64 << 20;
	struct buf in = BUF_INIT, z = BUF_INIT, out = BUF_INIT;
	buf_grow(&in, big);	/* zeros */
	for (int c = 1; c < CODEC_COUNT; c++) {
		buf_reset(&z);
		int rc = codec_compress(c, 0, in.data, in.len, &z);
		is_int(rc, 0, "%s: 64 MiB of zeros compress (to %zu bytes)", codec_name(c), z.len);
		buf_release(&out);
		rc = codec_decompress(c, z.data, z.len, 1 << 20, &out);
		is_int(rc, KAF_ETOOBIG, "%s: 64 MiB bomb against a 1 MiB limit", codec_name(c));
		ok(out.cap <= (3 << 20), "%s: output buffer stayed small (%zu bytes)",
		   codec_name(c), out.cap);
		is_int(out.len, 0, "%s: out left as it was", codec_name(c));
#ifdef UNDER_ASAN
		printf("ok %d - %s: bomb fails inside 48 MiB of address space # SKIP ASan\n",
		       ++tap_n, codec_name(c));
#else
		bomb_codec = c;
		is_int(in_capped_child(decompress_bomb, &z, 48 << 20), 0,
		       "%s: bomb fails inside 48 MiB of address space", codec_name(c));
#endif
	}
	/* zstd without a content size in the frame: only streaming can tell. */
	if (have("zstd")) {
		write_file("zeros", in.data, 8 << 20);
		int rc = sh("cat zeros | zstd -q -c > zeros.zst");
		rc = rc ? rc : read_file("zeros.zst", &z);
		buf_reset(&out);
		rc = rc ? rc : codec_decompress(CODEC_ZSTD, z.data, z.len, 1 << 20, &out);
		is_int(rc, KAF_ETOOBIG, "zstd: streamed frame without content size hits the limit");
	} else {
		printf("ok %d - zstd: streamed bomb # SKIP no zstd\n", ++tap_n);
	}
	/* A raw snappy block of 64 MiB is refused before allocating anything. */
	size_t clen = snappy_max_compressed_length(big);
	buf_reset(&z);
	snappy_compress((const char *)in.data, big, (char *)buf_reserve(&z, clen), &clen);
	buf_release(&out);
	is_int(codec_decompress(CODEC_SNAPPY, z.data, clen, 1 << 20, &out), KAF_ETOOBIG,
	       "snappy: a raw block of 64 MiB is refused");
	is_int(out.cap, 0, "snappy: nothing allocated for it");
	/* Only a size claim, no data behind it: corrupt, and nothing allocated. */
	uint8_t claim[12];
	size_t n = 0;
	uint64_t v = big;
	while (v >= 0x80) {
		claim[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	claim[n++] = (uint8_t)v;
	claim[n++] = 0;
	is_int(codec_decompress(CODEC_SNAPPY, claim, n, 1 << 20, &out), KAF_ECORRUPT,
	       "snappy: a bare 64 MiB size claim is corrupt");
	is_int(out.cap, 0, "snappy: nothing allocated for the claim");
	buf_release(&in);
	buf_release(&z);
	buf_release(&out);
}

static void test_garbage(void)
{
	struct buf in = BUF_INIT, z = BUF_INIT, out = BUF_INIT;
	make_input(&in, 20000, 1);
	for (int c = 1; c < CODEC_COUNT; c++) {
		const char *name = codec_name(c);
		uint8_t junk[512];
		for (size_t i = 0; i < sizeof(junk); i++)
			junk[i] = rnd8();
		buf_reset(&out);
		is_int(codec_decompress(c, junk, sizeof(junk), 1 << 20, &out), KAF_ECORRUPT,
		       "%s: random bytes are corrupt", name);
		is_int(codec_decompress(c, junk, 0, 1 << 20, &out), KAF_ECORRUPT,
		       "%s: empty input is corrupt", name);

		buf_reset(&z);
		codec_compress(c, 0, in.data, in.len, &z);
		/* Every cut, from an exact-size copy. xerial may end at a block boundary. */
		int wrong = 0;
		for (size_t n = 0; n < z.len; n++) {
			uint8_t *cut = malloc(n ? n : 1);
			memcpy(cut, z.data, n);
			buf_reset(&out);
			int rc = codec_decompress(c, cut, n, 1 << 20, &out);
			int boundary = 0;
			if (c == CODEC_SNAPPY && n >= 16) {
				size_t off = 16;
				while (off < n)
					off += 4 + be32_get(z.data + off);
				boundary = off == n;
			}
			if (boundary ? rc != 0 || out.len >= in.len : rc != KAF_ECORRUPT)
				wrong++;
			free(cut);
		}
		is_int(wrong, 0, "%s: every truncation of %zu bytes is corrupt", name, z.len);

		/* Flipped bytes: an error, or output within the limit; never a crash. */
		int errors = 0;
		for (size_t i = 0; i < z.len; i += 7) {
			uint8_t *m = malloc(z.len);
			memcpy(m, z.data, z.len);
			m[i] ^= 0x5a;
			buf_reset(&out);
			int rc = codec_decompress(c, m, z.len, 30000, &out);
			if (rc < 0)
				errors++;
			else if (out.len > 30000)
				wrong++;
			free(m);
		}
		ok(errors > 0 && !wrong, "%s: flipped bytes handled (%d errors)", name, errors);

		/* Trailing junk after a complete stream. */
		buf_append(&z, "junk!", 5);
		buf_reset(&out);
		int rc = codec_decompress(c, z.data, z.len, 1 << 20, &out);
		ok(rc < 0, "%s: trailing junk after the stream refused (%d)", name, rc);
	}
	buf_release(&in);
	buf_release(&z);
	buf_release(&out);
}

int main(void)
{
	snprintf(tmp, sizeof(tmp), "%s/kaf-codec-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp)) {
		printf("not ok 1 - cannot make a temp dir\n");
		return 1;
	}
	test_names();
	test_round_trips();
	test_magic();
	test_tools();
	test_zlib_wrapped();
	test_snappy_frames();
	test_bombs();
	test_garbage();
	rm_rf(tmp);
	return tap_done();
}
