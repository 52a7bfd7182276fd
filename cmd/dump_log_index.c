/*
 * `kaf dump-log` on the files beside a segment. All integers big-endian.
 *
 *   .index      8-byte entries: relativeOffset i32, position i32. The entry
 *               names the last offset of the batch that starts at position.
 *   .timeindex  12-byte entries: timestamp i64, relativeOffset i32: the
 *               largest timestamp so far and the last offset of its batch.
 *               Both files may end in zeros after an unclean stop (they are
 *               preallocated): a relative offset of 0 after entry 0 ends them.
 *   .snapshot   producer state: version i16 (1), crc u32 (CRC-32C of the bytes
 *               after it), count i32, then count 46-byte entries: producerId
 *               i64, epoch i16, lastSequence i32, lastOffset i64, offsetDelta
 *               i32, timestamp i64, coordinatorEpoch i32, currentTxnFirstOffset
 *               i64 (-1 = none).
 *   .txnindex   34-byte entries: version i16 (0), producerId i64, firstOffset
 *               i64, lastOffset i64, lastStableOffset i64.
 *   *-checkpoint  text: version line (0), count line, then count lines of
 *               "<topic> <partition> <offset>" (leader-epoch-checkpoint:
 *               "<epoch> <startOffset>").
 *
 * Index entries are checked against the segment's .log the way Kafka's tool
 * does (every dump checks; --verify-index only stops printing the entries).
 */
#include "cmd/dump_log.h"
#include "cmd/cmd.h"
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/crc32c.h"
#include "core/base/err.h"
#include "core/record/batch.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define OFFSET_ENTRY 8
#define TIME_ENTRY 12
#define SNAPSHOT_HEADER 10
#define SNAPSHOT_ENTRY 46
#define TXN_ENTRY 34
#define CHECKPOINT_MAX (64 << 20)

/* One batch of the segment, for index checks. */
struct batch_ref {
	size_t pos;
	size_t total;
	int64_t last_offset;
};

struct seg_log {
	struct dl_file f;
	int open;
	struct batch_ref *b;
	size_t n;
};

/* Frame the batches of a .log the way the segment dump does; stops at bad bytes. */
static void seg_log_scan(struct seg_log *l)
{
	size_t pos = 0, cap = 0;
	while (l->f.len - pos > 17) {
		const uint8_t *p = l->f.data + pos;
		int32_t size = (int32_t)be32_get(p + BATCH_OFF_LENGTH);
		if (size < 14 || (uint64_t)size > l->f.len - pos - BATCH_LOG_OVERHEAD)
			break;
		size_t total = (size_t)size + BATCH_LOG_OVERHEAD;
		int64_t last;
		if (p[BATCH_OFF_MAGIC] == BATCH_MAGIC) {
			if (total < BATCH_HEADER_SIZE)
				break;
			last = (int64_t)be64_get(p) + (int32_t)be32_get(p + BATCH_OFF_LAST_OFFSET_DELTA);
		} else if (p[BATCH_OFF_MAGIC] <= 1) {
			last = (int64_t)be64_get(p);
		} else {
			break;
		}
		if (l->n == cap) {
			cap = cap ? cap * 2 : 256;
			l->b = realloc(l->b, cap * sizeof(*l->b));
			if (!l->b)
				abort();
		}
		l->b[l->n++] = (struct batch_ref){ .pos = pos, .total = total, .last_offset = last };
		pos += total;
	}
}

/* Open the .log beside an index file; a missing log is a warning, not an error. */
static void seg_log_open(struct dl_run *run, struct seg_log *l, const char *index_path)
{
	memset(l, 0, sizeof(*l));
	char *log = dl_sibling(index_path, ".log");
	int rc = dl_file_open(&l->f, log);
	if (rc) {
		fflush(stdout);
		cmd_warn("dump-log", "%s: %s; index entries not checked", log, strerror(-rc));
		if (run->o.verify_index)
			run->missing++;
		free(log);
		return;
	}
	l->open = 1;
	seg_log_scan(l);
	free(log);
}

static void seg_log_close(struct seg_log *l)
{
	if (l->open)
		dl_file_close(&l->f);
	free(l->b);
	l->b = NULL;
}

/* The batch starting exactly at pos; NULL when none does. */
static const struct batch_ref *batch_at(const struct seg_log *l, int64_t pos)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((int64_t)l->b[mid].pos < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && (int64_t)l->b[lo].pos == pos ? &l->b[lo] : NULL;
}

/* The first batch whose last offset is >= offset (Kafka's lookup for the time index). */
static const struct batch_ref *batch_covering(const struct seg_log *l, int64_t offset)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->b[i].last_offset >= offset)
			return &l->b[i];
	return NULL;
}

static int open_or_report(struct dl_run *run, struct dl_file *f, const char *path)
{
	int rc = dl_file_open(f, path);
	if (rc)
		dl_cannot_open(run, path, rc);
	return rc;
}

static void json_entry_start(struct buf *j, const char *type, const char *path)
{
	buf_reset(j);
	dl_bprintf(j, "{\"type\":\"%s\",\"path\":", type);
	dl_json_str(j, path, strlen(path));
}

static void sanity_passed(struct dl_run *run, const char *path)
{
	if (run->o.jsonl) {
		struct buf j = BUF_INIT;
		json_entry_start(&j, "sanity_check", path);
		dl_bprintf(&j, ",\"passed\":true}\n");
		dl_out(&j);
		buf_release(&j);
	} else {
		printf("%s passed sanity check.\n", path);
	}
}

static int64_t base_of(struct dl_run *run, const char *path)
{
	int64_t base = dl_name_offset(path);
	if (base < 0)
		dl_anomaly(run, path, "bad_name", -1,
			   "the file name does not start with a 20-digit base offset; using 0");
	return base < 0 ? 0 : base;
}

static void offset_index_sanity(struct dl_run *run, const struct dl_file *f, int64_t base)
{
	size_t entries = f->len / OFFSET_ENTRY;
	int64_t last = entries ? base + (int32_t)be32_get(f->data + (entries - 1) * OFFSET_ENTRY)
			       : base;
	if (entries && last < base)
		dl_anomaly(run, f->path, "index_sanity", -1,
			   "Corrupt index found, index file (%s) has non-zero size but the last offset"
			   " is %" PRId64 " which is less than the base offset %" PRId64 ".",
			   f->path, last, base);
	else if (f->len % OFFSET_ENTRY)
		dl_anomaly(run, f->path, "index_sanity", -1,
			   "Index file %s is corrupt, found %zu bytes which is neither positive nor a"
			   " multiple of %d.", f->path, f->len, OFFSET_ENTRY);
	else
		sanity_passed(run, f->path);
}

void dl_dump_index(struct dl_run *run, const char *path)
{
	struct dl_file f;
	if (open_or_report(run, &f, path))
		return;
	dl_print_dumping(run, path, "index");
	int64_t base = base_of(run, path);
	size_t entries = f.len / OFFSET_ENTRY;
	if (!entries) {
		if (!run->o.jsonl)
			printf("%s is empty.\n", path);
		if (f.len)
			dl_anomaly(run, path, "index_size", -1,
				   "%zu bytes is not a whole number of %d-byte entries", f.len,
				   OFFSET_ENTRY);
		dl_file_close(&f);
		return;
	}
	if (run->o.index_sanity) {
		offset_index_sanity(run, &f, base);
		dl_file_close(&f);
		return;
	}
	if (f.len % OFFSET_ENTRY)
		dl_anomaly(run, path, "index_size", -1,
			   "%zu bytes is not a whole number of %d-byte entries; the last %zu ignored",
			   f.len, OFFSET_ENTRY, f.len % OFFSET_ENTRY);
	struct seg_log log;
	seg_log_open(run, &log, path);
	struct buf j = BUF_INIT;
	int64_t prev_off = -1, prev_pos = -1;
	for (size_t i = 0; i < entries; i++) {
		const uint8_t *e = f.data + i * OFFSET_ENTRY;
		int32_t rel = (int32_t)be32_get(e);
		int32_t pos = (int32_t)be32_get(e + 4);
		int64_t offset = base + rel;
		if (i > 0 && rel == 0)
			break;	/* the zeroed tail of a preallocated index */
		if (log.open) {
			const struct batch_ref *b = batch_at(&log, pos);
			if (b && (int64_t)b->total > run->o.max_message_size)
				b = NULL;
			int64_t found = b ? b->last_offset : -1;
			if (found != offset)
				dl_report_add(run, DL_REP_INDEX_MISMATCH, path, offset, found);
		}
		if (i > 0 && (offset <= prev_off || pos <= prev_pos))
			dl_anomaly(run, path, "index_out_of_order", -1,
				   "entry %zu (offset %" PRId64 ", position %" PRId32 ") does not follow"
				   " entry %zu (offset %" PRId64 ", position %" PRId64 ")",
				   i, offset, pos, i - 1, prev_off, prev_pos);
		prev_off = offset;
		prev_pos = pos;
		if (run->o.verify_index)
			continue;
		if (run->o.jsonl) {
			json_entry_start(&j, "index_entry", path);
			dl_bprintf(&j, ",\"offset\":%" PRId64 ",\"position\":%" PRId32 "}\n", offset, pos);
			dl_out(&j);
		} else {
			printf("offset: %" PRId64 " position: %" PRId32 "\n", offset, pos);
		}
	}
	buf_release(&j);
	seg_log_close(&log);
	dl_file_close(&f);
}

/* The largest record timestamp of a batch (Kafka iterates the records). */
static int batch_max_record_ts(struct dl_run *run, const struct seg_log *l,
			       const struct batch_ref *b, int64_t *out)
{
	const uint8_t *p = l->f.data + b->pos;
	if (p[BATCH_OFF_MAGIC] != BATCH_MAGIC) {
		*out = p[BATCH_OFF_MAGIC] == 1 ? (int64_t)be64_get(p + 18) : -1;
		return 0;
	}
	struct record_iter it;
	int64_t max = -1;
	int rc = record_iter_init(&it, p, b->total, run->o.max_uncompressed);
	struct record r;
	if (!rc)
		while ((rc = record_iter_next(&it, &r)) == 1)
			if (r.timestamp > max)
				max = r.timestamp;
	record_iter_release(&it);
	*out = max;
	return rc < 0 ? rc : 0;
}

static void time_index_sanity(struct dl_run *run, const struct dl_file *f, int64_t base)
{
	size_t entries = f->len / TIME_ENTRY;
	if (entries) {
		const uint8_t *last = f->data + (entries - 1) * TIME_ENTRY;
		int64_t first_ts = (int64_t)be64_get(f->data);
		int64_t last_ts = (int64_t)be64_get(last);
		int64_t last_off = base + (int32_t)be32_get(last + 8);
		if (last_ts < first_ts) {
			dl_anomaly(run, f->path, "index_sanity", -1,
				   "Corrupt time index found, time index file (%s) has non-zero size but"
				   " the last timestamp is %" PRId64 " which is less than the first"
				   " timestamp %" PRId64, f->path, last_ts, first_ts);
			return;
		}
		if (last_off < base) {
			dl_anomaly(run, f->path, "index_sanity", -1,
				   "Corrupt time index found, time index file (%s) has non-zero size but"
				   " the last offset is %" PRId64 " which is less than the first offset %"
				   PRId64, f->path, last_off, base);
			return;
		}
	}
	if (f->len % TIME_ENTRY)
		dl_anomaly(run, f->path, "index_sanity", -1,
			   "Time index file %s is corrupt, found %zu bytes which is not positive or not"
			   " a multiple of %d.", f->path, f->len, TIME_ENTRY);
	else
		sanity_passed(run, f->path);
}

/* Check one time index entry against the log, as Kafka's tool does. */
static void time_entry_check(struct dl_run *run, const char *path, const struct seg_log *log,
			     int64_t ts, int64_t offset)
{
	const struct batch_ref *b = batch_covering(log, offset);
	if (!b) {
		dl_report_add(run, DL_REP_TIME_NOTFOUND, path, offset, -1);
		return;
	}
	if (b->last_offset != offset) {
		dl_report_add(run, DL_REP_TIME_NOTFOUND, path, offset, b->last_offset);
		return;
	}
	int64_t max;
	int rc = batch_max_record_ts(run, log, b, &max);
	if (rc)
		dl_anomaly(run, path, "corrupt_records", (int64_t)b->pos,
			   "cannot read the records of the batch at position %zu of the log to check"
			   " timestamp %" PRId64 ": %s", b->pos, ts, kaf_strerror(rc));
	else if (max != ts)
		dl_report_add(run, DL_REP_TIME_MISMATCH, path, ts, max);
}

void dl_dump_time_index(struct dl_run *run, const char *path)
{
	struct dl_file f;
	if (open_or_report(run, &f, path))
		return;
	dl_print_dumping(run, path, "timeindex");
	int64_t base = base_of(run, path);
	if (run->o.index_sanity) {
		time_index_sanity(run, &f, base);
		dl_file_close(&f);
		return;
	}
	if (f.len % TIME_ENTRY)
		dl_anomaly(run, path, "index_size", -1,
			   "%zu bytes is not a whole number of %d-byte entries; the last %zu ignored",
			   f.len, TIME_ENTRY, f.len % TIME_ENTRY);
	size_t entries = f.len / TIME_ENTRY;
	struct seg_log log = { 0 };
	if (entries)
		seg_log_open(run, &log, path);
	struct buf j = BUF_INIT;
	int64_t prev_ts = -1;
	for (size_t i = 0; i < entries; i++) {
		const uint8_t *e = f.data + i * TIME_ENTRY;
		int64_t ts = (int64_t)be64_get(e);
		int32_t rel = (int32_t)be32_get(e + 8);
		int64_t offset = base + rel;
		if (i > 0 && rel == 0)
			break;
		if (log.open)
			time_entry_check(run, path, &log, ts, offset);
		if (i > 0 && prev_ts >= ts)
			dl_report_add(run, DL_REP_TIME_ORDER, path, ts, prev_ts);
		prev_ts = ts;
		if (run->o.verify_index)
			continue;
		if (run->o.jsonl) {
			json_entry_start(&j, "time_index_entry", path);
			dl_bprintf(&j, ",\"timestamp\":%" PRId64 ",\"offset\":%" PRId64 "}\n", ts, offset);
			dl_out(&j);
		} else {
			printf("timestamp: %" PRId64 " offset: %" PRId64 "\n", ts, offset);
		}
	}
	buf_release(&j);
	seg_log_close(&log);
	dl_file_close(&f);
}

static int32_t seq_decrement(int32_t seq, int32_t dec)
{
	if (seq < dec)
		return INT32_MAX - (dec - seq) + 1;
	return seq - dec;
}

static void snapshot_entry(struct dl_run *run, const char *path, const uint8_t *e, struct buf *j)
{
	int64_t pid = (int64_t)be64_get(e);
	int16_t epoch = (int16_t)be16_get(e + 8);
	int32_t last_seq = (int32_t)be32_get(e + 10);
	int64_t last_off = (int64_t)be64_get(e + 14);
	int32_t delta = (int32_t)be32_get(e + 22);
	int64_t ts = (int64_t)be64_get(e + 26);
	int32_t coord = (int32_t)be32_get(e + 34);
	int64_t txn_first = (int64_t)be64_get(e + 38);
	buf_reset(j);
	if (run->o.jsonl) {
		json_entry_start(j, "producer_state", path);
		dl_bprintf(j, ",\"producer_id\":%" PRId64 ",\"producer_epoch\":%d"
			   ",\"coordinator_epoch\":%" PRId32 ",\"current_txn_first_offset\":",
			   pid, epoch, coord);
		if (txn_first >= 0)
			dl_bprintf(j, "%" PRId64, txn_first);
		else
			dl_bprintf(j, "null");
		dl_bprintf(j, ",\"last_timestamp\":%" PRId64, ts);
		if (last_off >= 0)
			dl_bprintf(j, ",\"first_sequence\":%" PRId32 ",\"last_sequence\":%" PRId32
				   ",\"last_offset\":%" PRId64 ",\"offset_delta\":%" PRId32
				   ",\"timestamp\":%" PRId64, seq_decrement(last_seq, delta), last_seq,
				   last_off, delta, ts);
		dl_bprintf(j, "}\n");
	} else {
		dl_bprintf(j, "producerId: %" PRId64 " producerEpoch: %d coordinatorEpoch: %" PRId32
			   " currentTxnFirstOffset: ", pid, epoch, coord);
		if (txn_first >= 0)
			dl_bprintf(j, "OptionalLong[%" PRId64 "]", txn_first);
		else
			dl_bprintf(j, "OptionalLong.empty");
		dl_bprintf(j, " lastTimestamp: %" PRId64 " ", ts);
		if (last_off >= 0)
			dl_bprintf(j, "firstSequence: %" PRId32 " lastSequence: %" PRId32
				   " lastOffset: %" PRId64 " offsetDelta: %" PRId32 " timestamp: %" PRId64,
				   seq_decrement(last_seq, delta), last_seq, last_off, delta, ts);
		dl_bprintf(j, "\n");
	}
	dl_out(j);
}

void dl_dump_producer_snapshot(struct dl_run *run, const char *path)
{
	struct dl_file f;
	if (open_or_report(run, &f, path))
		return;
	dl_print_dumping(run, path, "producer_snapshot");
	if (f.len < SNAPSHOT_HEADER) {
		dl_anomaly(run, path, "corrupt_snapshot", -1,
			   "Snapshot is truncated: %zu bytes, the header alone takes %d", f.len,
			   SNAPSHOT_HEADER);
		goto out;
	}
	int16_t version = (int16_t)be16_get(f.data);
	if (version != 1) {
		dl_anomaly(run, path, "corrupt_snapshot", -1,
			   "Snapshot contained an unknown file version %d", version);
		goto out;
	}
	uint32_t stored = be32_get(f.data + 2);
	uint32_t computed = crc32c(0, f.data + 6, f.len - 6);
	if (stored != computed) {
		dl_anomaly(run, path, "corrupt_snapshot", -1,
			   "Snapshot is corrupt (CRC is no longer valid). Stored crc: %" PRIu32
			   ". Computed crc: %" PRIu32, stored, computed);
		goto out;
	}
	int32_t count = (int32_t)be32_get(f.data + 6);
	if (count < 0 || (uint64_t)count * SNAPSHOT_ENTRY != f.len - SNAPSHOT_HEADER) {
		dl_anomaly(run, path, "corrupt_snapshot", -1,
			   "Snapshot failed schema validation: %" PRId32 " entries of %d bytes do not"
			   " fill the %zu bytes after the header", count, SNAPSHOT_ENTRY,
			   f.len - SNAPSHOT_HEADER);
		goto out;
	}
	struct buf j = BUF_INIT;
	for (int32_t i = 0; i < count; i++)
		snapshot_entry(run, path, f.data + SNAPSHOT_HEADER + (size_t)i * SNAPSHOT_ENTRY, &j);
	buf_release(&j);
out:
	dl_file_close(&f);
}

void dl_dump_txn_index(struct dl_run *run, const char *path)
{
	struct dl_file f;
	if (open_or_report(run, &f, path))
		return;
	dl_print_dumping(run, path, "txnindex");
	struct buf j = BUF_INIT;
	size_t n = f.len / TXN_ENTRY;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = f.data + i * TXN_ENTRY;
		int16_t version = (int16_t)be16_get(e);
		if (version != 0) {
			dl_anomaly(run, path, "corrupt_txnindex", (int64_t)(i * TXN_ENTRY),
				   "Unexpected aborted transaction version %d in transaction index %s,"
				   " current version is 0", version, path);
			break;
		}
		int64_t pid = (int64_t)be64_get(e + 2), first = (int64_t)be64_get(e + 10);
		int64_t last = (int64_t)be64_get(e + 18), lso = (int64_t)be64_get(e + 26);
		buf_reset(&j);
		if (run->o.jsonl) {
			json_entry_start(&j, "aborted_txn", path);
			dl_bprintf(&j, ",\"version\":0,\"producer_id\":%" PRId64 ",\"first_offset\":%"
				   PRId64 ",\"last_offset\":%" PRId64 ",\"last_stable_offset\":%" PRId64
				   "}\n", pid, first, last, lso);
		} else {
			dl_bprintf(&j, "version: 0 producerId: %" PRId64 " firstOffset: %" PRId64
				   " lastOffset: %" PRId64 " lastStableOffset: %" PRId64 "\n", pid, first,
				   last, lso);
		}
		dl_out(&j);
	}
	if (f.len % TXN_ENTRY)
		dl_anomaly(run, path, "corrupt_txnindex", (int64_t)(n * TXN_ENTRY),
			   "%zu bytes at the end do not make a whole %d-byte entry",
			   f.len % TXN_ENTRY, TXN_ENTRY);
	buf_release(&j);
	dl_file_close(&f);
}

/* Parse a decimal integer field; 0 or -1. */
static int parse_i64(const char *s, size_t n, int64_t *out)
{
	char tmp[32];
	if (!n || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	char *end;
	errno = 0;
	long long v = strtoll(tmp, &end, 10);
	if (errno || *end || end == tmp)
		return -1;
	*out = v;
	return 0;
}

/* Split line [s, s+n) at spaces/tabs into up to max fields; returns the count. */
static int split_fields(const char *s, size_t n, const char **f, size_t *fl, int max)
{
	int k = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			break;
		size_t start = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		if (k == max)
			return max + 1;
		f[k] = s + start;
		fl[k] = i - start;
		k++;
	}
	return k;
}

static void checkpoint_entry_out(struct dl_run *run, const char *path, int epochs,
				 const char **f, const size_t *fl, const int64_t *v, struct buf *j)
{
	buf_reset(j);
	if (epochs) {
		if (run->o.jsonl) {
			json_entry_start(j, "leader_epoch_entry", path);
			dl_bprintf(j, ",\"epoch\":%" PRId64 ",\"start_offset\":%" PRId64 "}\n", v[0], v[1]);
		} else {
			dl_bprintf(j, "epoch: %" PRId64 " startOffset: %" PRId64 "\n", v[0], v[1]);
		}
	} else if (run->o.jsonl) {
		json_entry_start(j, "checkpoint_entry", path);
		dl_bprintf(j, ",\"topic\":");
		dl_json_str(j, f[0], fl[0]);
		dl_bprintf(j, ",\"partition\":%" PRId64 ",\"offset\":%" PRId64 "}\n", v[1], v[2]);
	} else {
		dl_bprintf(j, "topic: %.*s partition: %" PRId64 " offset: %" PRId64 "\n", (int)fl[0],
			   f[0], v[1], v[2]);
	}
	dl_out(j);
}

void dl_dump_checkpoint(struct dl_run *run, const char *path)
{
	struct dl_file f;
	if (open_or_report(run, &f, path))
		return;
	dl_print_dumping(run, path, "checkpoint");
	int epochs = !strcmp(dl_basename(path), "leader-epoch-checkpoint");
	int want = epochs ? 2 : 3;
	const char *s = (const char *)f.data, *end = s + f.len;
	int64_t version = -1, count = -1, seen = 0;
	struct buf j = BUF_INIT;
	if (f.len > CHECKPOINT_MAX) {
		dl_anomaly(run, path, "corrupt_checkpoint", -1, "%zu bytes is too large for a checkpoint",
			   f.len);
		goto out;
	}
	for (int line = 1; s < end; line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		const char *fld[4];
		size_t fl[4];
		int k = split_fields(s, n, fld, fl, 3);
		int64_t v[3] = { 0, 0, 0 };
		s += n + (nl ? 1 : 0);
		if (k == 0 && s >= end)
			break;
		int bad = 0;
		if (line == 1)
			bad = k != 1 || parse_i64(fld[0], fl[0], &version) || version != 0;
		else if (line == 2)
			bad = k != 1 || parse_i64(fld[0], fl[0], &count) || count < 0;
		else if (k != want || seen >= count)
			bad = 1;
		else
			for (int i = epochs ? 0 : 1; i < want; i++)
				bad |= parse_i64(fld[i], fl[i], &v[i]);
		if (bad) {
			dl_anomaly(run, path, "corrupt_checkpoint", -1,
				   "line %d: expected %s", line,
				   line == 1 ? "the version 0" : line == 2 ? "the number of entries"
				   : seen >= count ? "no more entries"
				   : epochs ? "\"<epoch> <start offset>\"" : "\"<topic> <partition> <offset>\"");
			goto out;
		}
		if (line == 2) {
			if (run->o.jsonl) {
				json_entry_start(&j, "checkpoint", path);
				dl_bprintf(&j, ",\"version\":0,\"entries\":%" PRId64 "}\n", count);
			} else {
				dl_bprintf(&j, "version: 0 entries: %" PRId64 "\n", count);
			}
			dl_out(&j);
		} else if (line > 2) {
			checkpoint_entry_out(run, path, epochs, fld, fl, v, &j);
			seen++;
		}
	}
	if (count < 0 || seen != count)
		dl_anomaly(run, path, "corrupt_checkpoint", -1,
			   "%" PRId64 " entries announced, %" PRId64 " found", count < 0 ? 0 : count, seen);
out:
	buf_release(&j);
	dl_file_close(&f);
}
