/*
 * Fuzz target: crash recovery of a partition log from arbitrary segment
 * bytes. Input layout:
 *
 *   off 0  flags  bit 0 clean shutdown (trust the files)
 *                 bit 1 index files for the first segment come from the end
 *                 bit 2 segment base offset = recovery point * 3
 *                 bit 3 split the log bytes in two segments
 *   off 1  u16 LE recovery point
 *   off 3  n      .index entries (with bit 1)
 *   off 4  m      .timeindex entries (with bit 1)
 *   off 5  .log bytes, then 12*m bytes of .timeindex, then 8*n of .index
 *
 * Shorter inputs are all .log bytes with recovery point 0. After opening,
 * every batch is read, timestamps are looked up, half the log is truncated
 * away and one batch is appended and read back. When everything was
 * scanned (recovery point 0, no clean shutdown), every batch served must be
 * valid and the appended one must read back exactly.
 */
#include "core/base/buf.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/log/log.h"
#include "core/record/batch.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char root[256];
static char part[300];

static void write_file(const char *path, const uint8_t *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		abort();
	if (write_full(fd, p, n))
		abort();
	close(fd);
}

static void quiet(enum say_level level, const char *msg)
{
	(void)level;
	(void)msg;
}

static void setup(void)
{
	if (root[0])
		return;
	say_set_sink(quiet);	/* recovery reports every cut; the fuzzer makes millions */
	const char *t = getenv("TMPDIR");
	if (!t || !*t)
		t = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(root, sizeof(root), "%s/kaf-fuzz-recover-XXXXXX", t);
	if (!mkdtemp(root))
		abort();
	snprintf(part, sizeof(part), "%s/t-0", root);
}

static void cleanup(void)
{
	rm_rf(root);
}

/* Every batch the log serves, one read at a time. */
static void read_all(struct log *l, int strict)
{
	struct buf b = BUF_INIT;
	int64_t o = log_start_offset(l), end = log_end_offset(l);
	for (int n = 0; o < end && n < 4096; n++) {
		struct log_slice s;
		if (log_read(l, o, (size_t)(n % 3) * 700, end, &s) || !s.len) {
			log_slice_release(&s);
			break;
		}
		buf_reset(&b);
		uint8_t *p = buf_grow(&b, s.len);
		if (pread_full(s.fd, p, s.len, s.pos))
			abort();
		struct batch_header h;
		if (strict && batch_validate(p, s.len, 0, &h))
			abort();	/* recovery let an invalid batch through */
		if (s.next_offset <= o)
			abort();	/* no progress */
		o = s.next_offset;
		log_slice_release(&s);
	}
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf batch = BUF_INIT;
	char p[400];
	setup();
	if (!batch.len) {
		struct batch_builder bb;
		batch_builder_init(&bb, NULL);
		batch_builder_add(&bb, 1700000000000, -1, "k", 1, "value", 5, NULL, 0);
		batch_builder_add(&bb, 1700000000001, -1, NULL, -1, "v2", 2, NULL, 0);
		batch_builder_finish(&bb, 0, -1, &batch);
		batch_builder_release(&bb);
		atexit(cleanup);
	}

	int flags = 0, rp = 0;
	size_t idx_len = 0, tidx_len = 0;
	const uint8_t *log_bytes = data;
	size_t log_len = size;
	if (size >= 5) {
		flags = data[0];
		rp = data[1] | data[2] << 8;
		idx_len = (flags & 2) ? (size_t)data[3] * 8 : 0;
		tidx_len = (flags & 2) ? (size_t)data[4] * 12 : 0;
		log_bytes = data + 5;
		log_len = size - 5;
		if (idx_len > log_len)
			idx_len = log_len;
		log_len -= idx_len;
		if (tidx_len > log_len)
			tidx_len = log_len;
		log_len -= tidx_len;
	}
	int64_t base = (flags & 4) ? (int64_t)rp * 3 : 0;
	rm_rf(part);
	mkdir_p(part);
	size_t first = (flags & 8) ? log_len / 2 : log_len;
	log_segment_path(p, sizeof(p), part, base, ".log");
	write_file(p, log_bytes, first);
	if (flags & 2) {
		log_segment_path(p, sizeof(p), part, base, ".timeindex");
		write_file(p, log_bytes + log_len, tidx_len);
		log_segment_path(p, sizeof(p), part, base, ".index");
		write_file(p, log_bytes + log_len + tidx_len, idx_len);
	}
	if (flags & 8) {
		log_segment_path(p, sizeof(p), part, base + 1 + rp % 64, ".log");
		write_file(p, log_bytes + first, log_len - first);
	}

	struct log_config cfg;
	log_config_default(&cfg);
	cfg.segment_bytes = 1 << 16;
	cfg.index_interval_bytes = 64;
	cfg.segment_index_bytes = 1024;
	struct log_open_args a = {
		.topic = "t", .partition = 0, .recovery_point = rp, .log_start_offset = -1,
		.now_ms = 1700000000000, .create = 1, .clean_shutdown = flags & 1,
	};
	struct log *l;
	struct log_recovery rep;
	if (log_open(root, &cfg, &a, &l, &rep))
		return 0;
	int strict = rp == 0 && !(flags & 1);
	read_all(l, strict);
	int64_t off, ts;
	log_offset_for_timestamp(l, 0, &off, &ts);
	log_offset_for_timestamp(l, 1700000000001, &off, &ts);
	int64_t start = log_start_offset(l), end = log_end_offset(l);
	if (!log_truncate_to(l, start + (end - start) / 2))
		read_all(l, strict);

	int64_t at = log_end_offset(l);
	struct buf copy = BUF_INIT;
	buf_append(&copy, batch.data, batch.len);
	struct log_append_info info;
	if (!log_append(l, copy.data, copy.len, 0, 1700000000000, &info)) {
		/*
		 * Trusted files (clean shutdown, segments below the recovery
		 * point) are not read whole, so garbage in them may give wrong
		 * answers, never a crash; fully scanned ones must be exact.
		 */
		struct log_slice s;
		int rc = log_read(l, at, 1, at + 2, &s);
		if (info.first_offset != at ||
		    (strict && (rc || s.len != copy.len || s.first_offset != at)))
			abort();	/* an append after recovery must read back */
		log_slice_release(&s);
	}
	buf_release(&copy);
	log_close(l);
	return 0;
}
