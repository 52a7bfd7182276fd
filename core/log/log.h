/*
 * A partition log: <dir>/<topic>-<partition>/ holding segments named by their
 * 20-digit zero-padded base offset, Kafka's layout byte for byte:
 *
 *   NNNNNNNNNNNNNNNNNNNN.log        concatenated record batches v2
 *   NNNNNNNNNNNNNNNNNNNN.index      8-byte entries: relativeOffset i32, position i32
 *                                   (offset = last offset of the batch at position),
 *                                   one per index.interval.bytes of log
 *   NNNNNNNNNNNNNNNNNNNN.timeindex  12-byte entries: timestamp i64, relativeOffset i32
 *                                   (max timestamp so far, and the offset carrying it),
 *                                   added only when the timestamp grows
 *
 * All integers big-endian. The active segment's index files may be
 * preallocated (zero tail) while open; closed segments' index files are
 * trimmed to their entries.
 *
 * Threading: a log belongs to one thread (the broker's loop). Segment files
 * may be read from other threads through a referenced struct log_slice.
 * Time is always passed in; the log never reads a clock.
 */
#ifndef KAF_LOG_LOG_H
#define KAF_LOG_LOG_H

#include <stddef.h>
#include <stdint.h>

#define LOG_CLEANUP_DELETE 1
#define LOG_CLEANUP_COMPACT 2

/* Per-partition settings (Kafka's topic-level names in comments). */
struct log_config {
	int64_t segment_bytes;		/* segment.bytes (log.segment.bytes) 1 GiB */
	int64_t segment_ms;		/* segment.ms (log.roll.ms) 7 days */
	int64_t retention_bytes;	/* retention.bytes, -1 = no limit */
	int64_t retention_ms;		/* retention.ms 7 days, -1 = no limit */
	int32_t index_interval_bytes;	/* index.interval.bytes 4096 */
	int32_t segment_index_bytes;	/* segment.index.bytes 10 MiB; roll when full */
	int32_t max_message_bytes;	/* max.message.bytes 1048588 */
	int cleanup_policy;		/* cleanup.policy: LOG_CLEANUP_* bits */
	int64_t delete_retention_ms;	/* delete.retention.ms 1 day (tombstones) */
	int64_t min_compaction_lag_ms;	/* min.compaction.lag.ms 0 */
	int64_t flush_messages;		/* flush.messages: fsync every N, <= 0 never */
	int64_t flush_ms;		/* flush.ms: fsync when unflushed data is this old */
	int log_append_time;		/* message.timestamp.type=LogAppendTime */
};

/* Kafka's defaults. */
void log_config_default(struct log_config *cfg);

struct log;
struct segment;

/* What log_open found and did; filled even when it fails. */
struct log_recovery {
	int segments;			/* segments in the log after opening */
	int segments_scanned;		/* segments validated batch by batch */
	int64_t bytes_skipped;		/* durable head of the first scanned one, not read again */
	int segments_deleted;		/* unflushed segments after a torn one */
	int indexes_rebuilt;
	int64_t bytes_truncated;	/* torn tail cut from the last valid batch */
	int64_t truncated_at_offset;	/* offset where the cut started, -1 none */
	int64_t corrupt_offset;		/* corruption below the recovery point, -1 none */
	char detail[256];		/* one line for the operator */
};

struct log_open_args {
	const char *topic;
	int32_t partition;
	int64_t recovery_point;		/* flushed-through offset; 0 = check everything */
	int64_t log_start_offset;	/* from the checkpoint, -1 = first segment's base */
	int64_t now_ms;
	int create;			/* make the directory if missing */
	int clean_shutdown;		/* the files were closed cleanly: check indexes, scan nothing */
};

/*
 * Open (or create) the partition log in dir. Segments from the one holding
 * recovery_point onwards are validated batch by batch: a torn or invalid
 * tail is truncated (later segments deleted) and indexes rebuilt. An invalid
 * batch below the recovery point fails with KAF_ECORRUPT and rep->corrupt_offset
 * set, touching nothing. Leftovers of an interrupted compaction are finished
 * or discarded first.
 */
int log_open(const char *dir, const struct log_config *cfg, const struct log_open_args *args,
	     struct log **out, struct log_recovery *rep);
/* Close files (trimming index files). Does not fsync; call log_flush first. */
void log_close(struct log *l);
/* Close and remove the partition directory with all its files. */
int log_remove(struct log *l);
/*
 * The same in two steps: log_remove_begin closes l and renames its
 * directory to victim (n bytes), a name start-up recovery removes;
 * log_remove_finish (any thread) makes the rename durable and deletes the
 * files. On a failed begin the log is closed and nothing is renamed.
 */
int log_remove_begin(struct log *l, char *victim, size_t n);
int log_remove_finish(const char *victim);

void log_set_config(struct log *l, const struct log_config *cfg);
const struct log_config *log_get_config(const struct log *l);
const char *log_topic(const struct log *l);
int32_t log_partition(const struct log *l);
const char *log_path(const struct log *l);

int64_t log_start_offset(const struct log *l);
int64_t log_end_offset(const struct log *l);	/* next offset to assign (LEO) */
int64_t log_recovery_point(const struct log *l);
int64_t log_size_bytes(const struct log *l);
int log_segment_count(const struct log *l);

struct log_append_info {
	int64_t first_offset;
	int64_t last_offset;
	int64_t log_append_time;	/* -1 unless the log uses LogAppendTime */
	int64_t max_timestamp;
	int records;
};

/*
 * Append whole record batches (already checked with batch_validate) held
 * in a writable buffer. Offsets are assigned from the log end: each batch's
 * baseOffset is patched, its leader epoch set, and with LogAppendTime its
 * maxTimestamp set to now_ms and the CRC recomputed. Rolls first when the
 * active segment is full or old. Writes with write(2); durable only after
 * log_flush (or flush.messages).
 */
int log_append(struct log *l, uint8_t *batches, size_t len, int32_t leader_epoch,
	       int64_t now_ms, struct log_append_info *info);

/*
 * Append batches keeping their offsets (a follower's fetched data, a
 * compacted copy): each baseOffset must be >= the log end. Gaps are kept.
 */
int log_append_as_is(struct log *l, const uint8_t *batches, size_t len, int64_t now_ms);

/* A run of whole batches in one segment file, pinned by a reference. */
struct log_slice {
	struct segment *seg;
	int fd;				/* the segment's .log, valid while referenced */
	int64_t pos;			/* file position of the first batch */
	size_t len;			/* bytes, whole batches only */
	int64_t first_offset;		/* baseOffset of the first batch */
	int64_t next_offset;		/* last offset in the slice + 1 */
};

/*
 * Find the batches holding offset and after: the batch containing offset
 * first (it may start below it), then more while the total stays within
 * max_bytes, but always at least one whole batch. Stops at max_offset
 * (exclusive; pass log_end_offset for no bound) and at the segment's end.
 * offset == log end (or max_offset) gives an empty slice. Offsets below the
 * log start or above the log end give KAF_ERANGE.
 */
int log_read(struct log *l, int64_t offset, size_t max_bytes, int64_t max_offset,
	     struct log_slice *out);
void log_slice_release(struct log_slice *s);

/*
 * The first offset at or after the log start whose record timestamp is
 * >= ts (Kafka ListOffsets by time), and that record's timestamp, as Kafka
 * answers. KAF_ENOTFOUND when no record is.
 */
int log_offset_for_timestamp(struct log *l, int64_t ts, int64_t *offset, int64_t *timestamp);

/* fsync every segment with unflushed data; the recovery point becomes the log end. */
int log_flush(struct log *l);

/*
 * The same flush in three steps, so the fsyncs can run off the log's thread:
 * log_flush_begin (log's thread) pins the segments written since the last
 * flush and notes the log end; log_flush_run (any thread) fdatasyncs them,
 * their index files and, when files were created, the directory;
 * log_flush_end (log's thread) moves the recovery point to the noted end on
 * success, or fails the log (writes refused) on error, and frees the job.
 * One job per log at a time: begin returns KAF_ESTATE while one is out, and
 * 0 with *out NULL when there is nothing to flush. Appends may go on between
 * begin and end; the next flush covers them. A job whose log was closed
 * meanwhile is freed with log_flush_job_free instead of log_flush_end.
 */
struct log_flush_job;
int log_flush_begin(struct log *l, struct log_flush_job **out);
int log_flush_run(struct log_flush_job *j);
int log_flush_end(struct log *l, struct log_flush_job *j, int run_rc);
void log_flush_job_free(struct log_flush_job *j);
/* The log end the job makes durable. */
int64_t log_flush_job_end(const struct log_flush_job *j);

/*
 * Stop log_append from fsyncing when flush.messages is due: the owner reads
 * log_unflushed and schedules flushes itself (the broker's group commit).
 */
void log_set_external_flush(struct log *l, int on);
/* Whether a write or fsync failed (the log refuses writes until reopened). */
int log_failed(const struct log *l);
/* Append time (now_ms of log_append) of the oldest data not yet flushed; -1 when all is. */
int64_t log_unflushed_since(const struct log *l);
/* Records appended since the recovery point (log end - recovery point). */
int64_t log_unflushed(const struct log *l);
/* Roll when the active segment is older than segment.ms (time-based roll). */
int log_maybe_roll(struct log *l, int64_t now_ms);
/* Close the active segment and start a new one at the log end. */
int log_roll(struct log *l, int64_t now_ms);

struct log_retention_result {
	int segments_deleted;
	int64_t bytes_deleted;
};

/*
 * Delete whole closed segments from the oldest end: those past retention.ms
 * (by their largest timestamp, else the file's mtime) and those over
 * retention.bytes, both only with cleanup.policy delete (or compact,delete),
 * and, whatever the policy, those wholly below the log start offset. The
 * active segment stays. The log start offset moves to the first remaining
 * segment when it falls behind it. Segments still referenced by a slice
 * are unlinked now and freed on the last release.
 */
int log_enforce_retention(struct log *l, int64_t now_ms, struct log_retention_result *res);

/* DeleteRecords: raise the log start offset (<= log end), drop whole segments below. */
int log_delete_records_before(struct log *l, int64_t offset);

/*
 * Remove all data at and above offset (a follower's truncation). A batch
 * holding offset goes whole, so the log end may land below offset. Below
 * the log start offset the log restarts empty at offset.
 */
int log_truncate_to(struct log *l, int64_t offset);

/* Name of a segment file: "<dir>/<20-digit base>.<suffix>" into out. */
int log_segment_path(char *out, size_t n, const char *dir, int64_t base, const char *suffix);

/* Kafka's topic name rule: [a-zA-Z0-9._-], 1..249 characters, not "." or "..". */
int log_topic_name_valid(const char *topic);

/* Parse "<topic>-<partition>"; returns 0 and fills topic (<= 249 chars) or KAF_ECORRUPT. */
int log_dir_name_parse(const char *name, char *topic, size_t topic_size, int32_t *partition);

#endif
