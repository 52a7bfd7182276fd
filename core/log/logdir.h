/*
 * A log directory (one entry of log.dirs): every partition log under it and
 * the files Kafka keeps beside them, in Kafka's text format (version line,
 * count line, then "<topic> <partition> <offset>" lines):
 *
 *   recovery-point-offset-checkpoint   offset each partition is flushed through
 *   log-start-offset-checkpoint        each partition's log start offset
 *   .kafka_cleanshutdown               present only after a clean close
 *
 * Checkpoints are replaced atomically (tmp, fsync, rename, dir fsync).
 */
#ifndef KAF_LOG_LOGDIR_H
#define KAF_LOG_LOGDIR_H

#include <stddef.h>
#include <stdint.h>

#include "core/log/log.h"

#define CHECKPOINT_RECOVERY_POINT "recovery-point-offset-checkpoint"
#define CHECKPOINT_LOG_START "log-start-offset-checkpoint"
#define CLEAN_SHUTDOWN_FILE ".kafka_cleanshutdown"

struct checkpoint_entry {
	char topic[250];
	int32_t partition;
	int64_t offset;
};

/* Missing file = zero entries. Malformed file = KAF_ECORRUPT. *out is malloc'ed. */
int checkpoint_read(const char *path, struct checkpoint_entry **out, size_t *n);
int checkpoint_write(const char *path, const struct checkpoint_entry *e, size_t n);

struct log_dir;

struct log_dir_report {
	int partitions;
	int partitions_recovered;	/* scanned because unflushed */
	int64_t bytes_truncated;
	int clean_shutdown;
	int failed;			/* partitions that could not be opened */
};

/*
 * Open every "<topic>-<partition>" directory under path with cfg (callers
 * set per-topic configs later with log_set_config). After an unclean stop
 * each log is recovered from its checkpointed recovery point; after a clean
 * one nothing is rescanned. The clean-shutdown marker is removed before
 * returning, so a crash from now on is seen as unclean. A partition that
 * fails to open (corruption below its recovery point) is reported through
 * say_error and left out, not truncated; its checkpoint entries are kept and
 * no clean marker is written while it is out. A damaged checkpoint file
 * fails the whole open with KAF_ECORRUPT (deleting it makes every log be
 * checked from its start). Leftover "-delete" directories are removed,
 * "-future" and "-stray" ones skipped.
 */
int log_dir_open(const char *path, const struct log_config *cfg, int64_t now_ms,
		 struct log_dir **out, struct log_dir_report *rep);
/* Flush every log, write checkpoints, then the clean-shutdown marker; free. */
int log_dir_close(struct log_dir *d);
/* Free without flushing or marking clean (what a crash leaves). */
void log_dir_abandon(struct log_dir *d);

const char *log_dir_path(const struct log_dir *d);
struct log *log_dir_find(struct log_dir *d, const char *topic, int32_t partition);
int log_dir_create(struct log_dir *d, const char *topic, int32_t partition,
		   const struct log_config *cfg, int64_t now_ms, struct log **out);
/*
 * Add l, opened with log_open on d's path (on another thread, say, so its
 * files are made off the owner's), to d with d's flush mode. KAF_EEXIST
 * when d has that partition already: l stays the caller's.
 */
int log_dir_adopt(struct log_dir *d, struct log *l);
/* Close the log and delete its directory. */
int log_dir_remove(struct log_dir *d, const char *topic, int32_t partition);
/* The same in two steps: see log_remove_begin; log_remove_finish(victim) follows. */
int log_dir_remove_begin(struct log_dir *d, const char *topic, int32_t partition, char *victim,
			 size_t n);
/* Logs in no particular order; *n set. The array is owned by d. */
struct log **log_dir_logs(struct log_dir *d, size_t *n);
/* log_set_external_flush on every log, now and when created later. */
void log_dir_set_external_flush(struct log_dir *d, int on);
/* Write both checkpoint files from the logs' current state. */
int log_dir_checkpoint(struct log_dir *d);
/*
 * The same in two steps, so the writes (with their fsyncs) can run off the
 * log directory's thread: begin snapshots the offsets, run writes the files
 * (any thread; one job at a time per directory), free releases the job.
 */
struct log_dir_checkpoint_job;
int log_dir_checkpoint_begin(struct log_dir *d, struct log_dir_checkpoint_job **out);
int log_dir_checkpoint_run(struct log_dir_checkpoint_job *j);
void log_dir_checkpoint_job_free(struct log_dir_checkpoint_job *j);

#endif
