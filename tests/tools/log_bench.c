/*
 * Partition log throughput, run by hand for reports:
 *
 *   log_bench DIR [MIB]
 *
 * For batches of 16 KiB and of 1 MiB (1 KiB records, built once and
 * appended over and over), appends MIB MiB (default 1024) to a fresh log
 * under DIR, flushes, reads it all back, closes, and reopens with recovery
 * point 0 so every batch is validated: once with the files in the page cache
 * and once after asking the kernel to drop them. Then compaction: MIB MiB
 * of 16-record batches of 1 KiB values over 100000 keys in 64 MiB segments,
 * flushed, compacted once with the files in the page cache. Prints
 * "key value" lines. The logs are removed at the end.
 */
#include "core/base/buf.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/log/compact.h"
#include "core/log/log.h"
#include "core/record/batch.h"

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static double mb_s(int64_t bytes, int64_t ns)
{
	return ns > 0 ? (double)bytes / (1 << 20) / ((double)ns / 1e9) : 0;
}

static void build_batch(struct buf *out, int records)
{
	static uint8_t value[1024];
	struct batch_builder b;
	for (size_t i = 0; i < sizeof(value); i++)
		value[i] = (uint8_t)(i * 131 + 7);
	batch_builder_init(&b, NULL);
	for (int i = 0; i < records; i++)
		batch_builder_add(&b, 1700000000000 + i, -1, NULL, -1, value, sizeof(value), NULL, 0);
	if (batch_builder_finish(&b, 0, -1, out)) {
		fprintf(stderr, "log_bench: cannot build a batch\n");
		exit(1);
	}
	batch_builder_release(&b);
}

/* Ask the kernel to forget the partition's cached pages (they are clean after a flush). */
static void drop_cache(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char p[4096 + 258];
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		int fd = open(p, O_RDONLY);
		if (fd >= 0) {
			posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
			close(fd);
		}
	}
	if (d)
		closedir(d);
}

static int reopen(const char *dir, const char *topic, const struct log_config *cfg,
		  const char *key, int64_t bytes)
{
	struct log_open_args a = { .topic = topic, .partition = 0, .log_start_offset = -1 };
	struct log_recovery rep;
	struct log *l;
	int64_t t = clock_mono_ns();
	int rc = log_open(dir, cfg, &a, &l, &rep);
	t = clock_mono_ns() - t;
	if (rc) {
		fprintf(stderr, "log_bench: reopen: %s\n", kaf_strerror(rc));
		return rc;
	}
	printf("%s_mb_s %.0f\n", key, mb_s(bytes, t));
	printf("%s_segments_scanned %d\n", key, rep.segments_scanned);
	log_close(l);
	return 0;
}

static int run(const char *dir, const char *name, int records, int64_t total)
{
	struct log_config cfg;
	struct log_open_args a = { .topic = name, .partition = 0, .log_start_offset = -1,
				   .create = 1 };
	struct log *l;
	struct buf batch = BUF_INIT, rd = BUF_INIT;
	char key[64], path[4096];
	log_config_default(&cfg);
	build_batch(&batch, records);
	snprintf(path, sizeof(path), "%s/%s-0", dir, name);
	rm_rf(path);
	int rc = log_open(dir, &cfg, &a, &l, NULL);
	if (rc) {
		fprintf(stderr, "log_bench: open %s: %s\n", path, kaf_strerror(rc));
		return rc;
	}
	int64_t n = 0, bytes = 0, t = clock_mono_ns();
	while (bytes < total && !rc) {
		rc = log_append(l, batch.data, batch.len, 0, 1700000000000, NULL);
		bytes += (int64_t)batch.len;
		n++;
	}
	int64_t t_append = clock_mono_ns() - t;
	t = clock_mono_ns();
	if (!rc)
		rc = log_flush(l);
	int64_t t_flush = clock_mono_ns() - t;
	if (rc) {
		fprintf(stderr, "log_bench: append: %s\n", kaf_strerror(rc));
		log_close(l);
		return rc;
	}
	printf("%s_batch_bytes %zu\n", name, batch.len);
	printf("%s_batches %" PRId64 "\n", name, n);
	printf("%s_segments %d\n", name, log_segment_count(l));
	printf("%s_append_mb_s %.0f\n", name, mb_s(bytes, t_append));
	printf("%s_flush_ms %.1f\n", name, (double)t_flush / 1e6);

	/* Read everything back in 1 MiB fetches, as a consumer would. */
	int64_t o = 0, got = 0, end = log_end_offset(l);
	t = clock_mono_ns();
	while (o < end) {
		struct log_slice s;
		if ((rc = log_read(l, o, 1 << 20, end, &s)) || !s.len)
			break;
		buf_reset(&rd);
		if ((rc = pread_full(s.fd, buf_grow(&rd, s.len), s.len, s.pos)))
			break;
		got += (int64_t)s.len;
		o = s.next_offset;
		log_slice_release(&s);
	}
	printf("%s_read_mb_s %.0f\n", name, mb_s(got, clock_mono_ns() - t));
	log_close(l);

	snprintf(key, sizeof(key), "%s_recover_warm", name);
	if (!rc)
		rc = reopen(dir, name, &cfg, key, bytes);
	drop_cache(path);
	snprintf(key, sizeof(key), "%s_recover_cold", name);
	if (!rc)
		rc = reopen(dir, name, &cfg, key, bytes);
	rm_rf(path);
	buf_release(&batch);
	buf_release(&rd);
	return rc;
}

/* Batches of 16 records with keys drawn from nkeys, built ahead so only compaction is timed. */
static int run_compact(const char *dir, int64_t total)
{
	struct log_config cfg;
	struct log_open_args a = { .topic = "compact", .partition = 0, .log_start_offset = -1,
				   .create = 1 };
	struct log *l;
	struct buf batch = BUF_INIT;
	struct log_compact_stats st;
	static uint8_t value[1024];
	char path[4096], key[32];
	uint32_t rnd = 1;
	log_config_default(&cfg);
	cfg.segment_bytes = 64 << 20;
	cfg.cleanup_policy = LOG_CLEANUP_COMPACT;
	snprintf(path, sizeof(path), "%s/compact-0", dir);
	rm_rf(path);
	int rc = log_open(dir, &cfg, &a, &l, NULL);
	for (int64_t bytes = 0; !rc && bytes < total; bytes += (int64_t)batch.len) {
		struct batch_builder b;
		batch_builder_init(&b, NULL);
		for (int i = 0; i < 16; i++) {
			rnd = rnd * 1103515245u + 12345u;
			int kl = snprintf(key, sizeof(key), "key-%u", (rnd >> 8) % 100000);
			batch_builder_add(&b, 1700000000000, -1, key, kl, value, sizeof(value),
					  NULL, 0);
		}
		buf_reset(&batch);
		rc = batch_builder_finish(&b, 0, -1, &batch);
		batch_builder_release(&b);
		if (!rc)
			rc = log_append(l, batch.data, batch.len, 0, 1700000000000, NULL);
	}
	if (!rc && !(rc = log_roll(l, 1700000000000)))
		rc = log_flush(l);
	int64_t t = clock_mono_ns();
	if (!rc)
		rc = log_compact(l, 1700000000000 + 1000, &st);
	t = clock_mono_ns() - t;
	if (rc) {
		fprintf(stderr, "log_bench: compaction: %s\n", kaf_strerror(rc));
	} else {
		printf("compact_segments %d -> %d\n", st.segments_in, st.segments_out);
		printf("compact_records %" PRId64 " -> %" PRId64 "\n", st.records_in,
		       st.records_out);
		printf("compact_bytes %" PRId64 " -> %" PRId64 "\n", st.bytes_in, st.bytes_out);
		printf("compact_mb_s %.0f\n", mb_s(st.bytes_in, t));
	}
	if (l)
		log_close(l);
	rm_rf(path);
	buf_release(&batch);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: log_bench DIR [MIB]\n");
		return 2;
	}
	int64_t mib = argc == 3 ? strtoll(argv[2], NULL, 10) : 1024;
	if (mib <= 0 || mkdir_p(argv[1])) {
		fprintf(stderr, "log_bench: bad size or directory\n");
		return 2;
	}
	printf("total_mib %" PRId64 "\n", mib);
	if (run(argv[1], "b16k", 16, mib << 20) || run(argv[1], "b1m", 1024, mib << 20) ||
	    run_compact(argv[1], mib << 20))
		return 1;
	return 0;
}
