/*
 * Shared state of `kaf dump-log` (cmd/dump_log*.c): the options, the run's
 * counters and the anomaly reports that Kafka's tool prints after all files.
 * Internal to the command; nothing outside cmd/dump_log*.c includes it.
 */
#ifndef KAF_CMD_DUMP_LOG_H
#define KAF_CMD_DUMP_LOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct buf;
struct record;

/* How a key, value or header value is shown. */
enum dl_format { DL_FMT_STRING, DL_FMT_HEX, DL_FMT_BASE64, DL_FMT_NONE };

/* Which parser turns a record's key and value into text. */
enum dl_decoder { DL_DEC_PLAIN, DL_DEC_OFFSETS, DL_DEC_TXNLOG, DL_DEC_METADATA };

struct dl_opts {
	int print_data;		/* keys/values; implies deep */
	int deep;		/* one line per record */
	int verify_index;	/* index files: check entries, print only mismatches */
	int index_sanity;	/* index files: Kafka's start-up sanity check only */
	int skip_metadata;	/* record lines without offset/timestamp/sizes */
	int no_fail;		/* anomalies do not change the exit status */
	int jsonl;		/* --output jsonl */
	int from_dir;		/* the file came from a directory operand */
	enum dl_decoder decoder;
	enum dl_format key_fmt, value_fmt;
	int64_t max_bytes;	/* -1 = whole file */
	int64_t max_message_size; /* one batch when checking an index entry */
	size_t max_uncompressed; /* limit on one batch's decompressed records */
};

/* Kafka's end-of-run report blocks, in the order Kafka prints them. */
enum dl_report {
	DL_REP_INDEX_MISMATCH,	/* Mismatches in :F / Index offset: A, log offset: B */
	DL_REP_TIME_MISMATCH,	/* Found timestamp mismatch in :F */
	DL_REP_TIME_ORDER,	/* Found out of order timestamp in :F */
	DL_REP_TIME_NOTFOUND,	/* The following indexed offsets are not found in the log. */
	DL_REP_NONCONSECUTIVE,	/* Non-consecutive offsets in F / A is followed by B */
	DL_REP_COUNT
};

struct dl_report_entry {
	enum dl_report kind;
	char *file;		/* absolute path, as Kafka prints it */
	int64_t a, b;
};

struct dl_run {
	struct dl_opts o;
	int anomalies;
	int dumped;		/* files dumped */
	int missing;		/* operands that do not exist or cannot be read */
	struct dl_report_entry *reports;
	size_t nreports, capreports;
};

/* A file mapped read-only; data is NULL when len is 0. */
struct dl_file {
	const char *path;	/* as given or built from a directory operand */
	const uint8_t *data;
	size_t len;
};

/* Map path; 0, or -errno with nothing mapped. */
int dl_file_open(struct dl_file *f, const char *path);
void dl_file_close(struct dl_file *f);

/* Per-file-type dumpers; each prints the "Dumping" line itself. */
void dl_dump_log(struct dl_run *run, const char *path, int kraft_snapshot);
void dl_dump_index(struct dl_run *run, const char *path);
void dl_dump_time_index(struct dl_run *run, const char *path);
void dl_dump_producer_snapshot(struct dl_run *run, const char *path);
void dl_dump_txn_index(struct dl_run *run, const char *path);
void dl_dump_checkpoint(struct dl_run *run, const char *path);

/* A file that cannot be opened: error on stderr, counted as missing (exit 3). */
void dl_cannot_open(struct dl_run *run, const char *path, int err);

/* "Dumping <path>" (text) or {"type":"file",...} (jsonl). */
void dl_print_dumping(struct dl_run *run, const char *path, const char *kind);

/* Queue one line of a Kafka report block for the end of the run. */
void dl_report_add(struct dl_run *run, enum dl_report kind, const char *path, int64_t a, int64_t b);

/*
 * An anomaly in our own words: "kaf dump-log: error: <path>: <text>" on
 * stderr, and in jsonl also {"type":"anomaly",...} on stdout. Counts
 * towards exit status 1.
 */
void dl_anomaly(struct dl_run *run, const char *path, const char *kind, int64_t position,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The base offset that starts a file name (Kafka writes 20 digits); -1 when absent. */
int64_t dl_name_offset(const char *path);
/* The file's base name. */
const char *dl_basename(const char *path);
/* path with its suffix replaced ("x/0001.index" -> "x/0001.log"); malloc'ed. */
char *dl_sibling(const char *path, const char *suffix);

/* JSON text of a string: quotes and escapes (UTF-8 passes through). */
void dl_json_str(struct buf *b, const char *s, size_t n);
/* Java's new String(bytes, UTF_8): malformed input becomes U+FFFD. */
void dl_utf8_sanitize(struct buf *b, const uint8_t *p, size_t n);
int dl_utf8_valid(const uint8_t *p, size_t n);
void dl_hex(struct buf *b, const uint8_t *p, size_t n);
void dl_base64(struct buf *b, const uint8_t *p, size_t n);
/* printf into a buffer. */
void dl_bprintf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Write a buffer to stdout. */
void dl_out(const struct buf *b);

/*
 * The coordinator decoders (__consumer_offsets, __transaction_state): append
 * Kafka's JSON for the key to *key and for the value to *value. A record
 * that cannot be decoded gets Kafka's "Error at offset ..." text as its key
 * and no value (*has_value = 0); *is_json says whether key/value are JSON.
 */
void dl_decode_coordinator(enum dl_decoder dec, const struct record *r, struct buf *key,
			   struct buf *value, int *has_value, int *is_json);

#endif
