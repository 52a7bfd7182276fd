/*
 * Internals of the partition log shared by its files (and by compaction,
 * which swaps segments in): the index files, the segment, the log object.
 * Nothing outside core/log includes this.
 *
 * Index file layouts (big-endian, see log.h):
 *
 *   .index      [relativeOffset i32][position i32]            8 bytes/entry
 *   .timeindex  [timestamp i64][relativeOffset i32]          12 bytes/entry
 *
 * A closed segment's index files hold exactly their entries and are mapped
 * read-only on first use. The active segment's are preallocated to
 * segment.index.bytes and mapped read-write from its first append until it
 * is closed, when they are trimmed.
 */
#ifndef KAF_LOG_LOG_IMPL_H
#define KAF_LOG_LOG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/log/log.h"

struct batch_header;
struct buf;

#define OFFSET_INDEX_ENTRY 8
#define TIME_INDEX_ENTRY 12
#define SEGMENT_NAME_DIGITS 20

/* ---- index.c: a file of fixed-size entries, mapped ---- */

struct index_file {
	uint8_t *map;		/* NULL until first use */
	size_t map_len;
	uint32_t n;		/* entries in use */
	uint32_t cap;		/* entries that fit while writable */
	uint8_t esize;		/* OFFSET_INDEX_ENTRY or TIME_INDEX_ENTRY */
	int writable;
	int fd;			/* open only while writable */
};

void index_init(struct index_file *ix, uint8_t esize);
/* Entries from the file's size; KAF_ECORRUPT when not a multiple of esize. */
int index_load(struct index_file *ix, const char *path);
/* Map for lookups (read-only unless already writable). */
int index_map(struct index_file *ix, const char *path);
/* Open read-write, preallocate room for max(cap, n) entries, map. */
int index_make_writable(struct index_file *ix, const char *path, uint32_t cap);
/* Add an entry; the caller checked n < cap. */
void index_append(struct index_file *ix, const uint8_t *entry);
/* Keep the first n entries (zeroing the rest of a writable map, shrinking a closed file). */
int index_truncate(struct index_file *ix, const char *path, uint32_t n);
/* Cut a writable file down to its entries and drop the mapping. */
int index_trim(struct index_file *ix);
/* Write n entries as the whole file (a rebuilt index), leaving ix unmapped with n set. */
int index_write(struct index_file *ix, const char *path, const uint8_t *entries, uint32_t n);
int index_sync(struct index_file *ix);
void index_release(struct index_file *ix);

static inline const uint8_t *index_entry(const struct index_file *ix, uint32_t i)
{
	return ix->map + (size_t)i * ix->esize;
}

void oidx_entry(const uint8_t *e, int32_t *rel, int32_t *pos);
void tidx_entry(const uint8_t *e, int64_t *ts, int32_t *rel);
void oidx_encode(uint8_t *e, int32_t rel, int32_t pos);
void tidx_encode(uint8_t *e, int64_t ts, int32_t rel);
/* Largest entry whose relative offset is <= rel; -1 when none. Index mapped. */
int64_t oidx_floor(const struct index_file *ix, int64_t rel);
/* Largest entry with position <= pos and relative offset < rel_limit; -1 when none. */
int64_t oidx_floor_pos(const struct index_file *ix, int64_t pos, int64_t rel_limit);
/* Entries whose position is < pos. */
uint32_t oidx_count_below_pos(const struct index_file *ix, int64_t pos);
/* Largest entry with timestamp <= ts; -1 when none. */
int64_t tidx_floor(const struct index_file *ix, int64_t ts);
/* Entries whose relative offset is < rel. */
uint32_t tidx_count_below(const struct index_file *ix, int64_t rel);

/*
 * When index entries are due: one rule for appends and for rebuilds, so a
 * rebuilt index is byte-identical to the one appends wrote.
 *   offset index: before a batch is added, if more than index.interval.bytes
 *     were written since the last entry, the batch gets an entry (its last
 *     offset, its position) and the count restarts;
 *   time index: only where an offset entry is made (Kafka's density, so
 *     small batches do not fill the time index and roll segments early), an
 *     entry (largest timestamp so far, the last offset of the batch that
 *     carried it) when that timestamp is larger than the last entry's.
 * Everything after the last offset entry therefore has timestamps no larger
 * than the last time entry's, or is walked by whoever reopens the segment.
 */
struct indexer {
	int64_t bytes_since;	/* bytes since the last offset index entry */
	int64_t last_ts;	/* timestamp of the last time index entry, -1 none */
	int64_t run_ts;		/* largest batch maxTimestamp so far, -1 none */
	int32_t run_rel;	/* relative last offset of the batch that carried it */
};

#define INDEXER_INIT { .bytes_since = 0, .last_ts = -1, .run_ts = -1, .run_rel = 0 }

#define INDEXER_OFFSET 1
#define INDEXER_TIME 2
int indexer_step(struct indexer *ix, int64_t interval, int64_t pos, int64_t total,
		 int32_t last_rel, int64_t max_ts, uint8_t oent[OFFSET_INDEX_ENTRY],
		 uint8_t tent[TIME_INDEX_ENTRY]);

/* ---- segment.c ---- */

struct segment {
	int refs;		/* atomic: the log's one plus one per slice */
	int fd;			/* the .log, open for the segment's life */
	int deleted;		/* files unlinked; freed on the last release */
	int dirty;		/* .log written since its last fsync */
	int index_warned;	/* an index entry disagreed with the log (said once) */
	int index_dirty;	/* index files written since their last fsync */
	int64_t base;
	int64_t size;		/* bytes of whole batches */
	int64_t next_offset;	/* last offset + 1; base when empty */
	int64_t max_ts;		/* largest batch maxTimestamp, -1 none */
	int64_t roll_ms;	/* segment.ms counts from here; -1 while empty */
	struct indexer indexer;
	struct index_file oidx;
	struct index_file tidx;
	char path[];		/* "<dir>/<20-digit base>", suffix added per file */
};

int segment_file(char *out, size_t n, const struct segment *seg, const char *suffix);
/* Open an existing .log; the caller loads or rebuilds the indexes. */
int segment_open(const char *dir, int64_t base, struct segment **out);
/* Create an empty segment: .log, and empty .index/.timeindex. */
int segment_create(const char *dir, int64_t base, struct segment **out);
void segment_ref(struct segment *seg);
void segment_unref(struct segment *seg);
/* Unlink the segment's files now; the memory and fd go with the last reference. */
int segment_delete_files(struct segment *seg);
/* Make the index files writable for appends (preallocated to cfg's size). */
int segment_open_for_append(struct segment *seg, const struct log_config *cfg);
/* Trim index files to their entries: the segment stops being active. */
int segment_close_active(struct segment *seg);
/* Ensure both index files are mapped for lookups. */
int segment_map_indexes(struct segment *seg);
/*
 * Write whole batches (already patched) at the tail and index them. On a
 * write error the file is cut back to its old size and the error returned.
 */
int segment_append(struct segment *seg, const struct log_config *cfg, const uint8_t *p,
		   size_t len, int64_t now_ms);
/* Header of the batch at pos (checked to lie within the segment). */
int segment_read_header(struct segment *seg, int64_t pos, struct batch_header *h);
/*
 * Whether the batch h read at an offset index entry's position fits the
 * entry (relative offset rel): it lies at or below the entry's offset. Our
 * entries name the batch's own last offset; older Kafka wrote one entry per
 * append, naming the last offset of the append's last batch.
 */
int segment_entry_agrees(const struct segment *seg, int32_t rel, const struct batch_header *h);
/*
 * Where a header walk towards offset may start: the floor offset index
 * entry's position when the batch there ends at the entry's offset (*have
 * set, *h its header), else 0.
 */
int64_t segment_seek(struct segment *seg, int64_t offset, struct batch_header *h, int *have);
/*
 * The first batch whose last offset is >= offset: its position and header.
 * KAF_ENOTFOUND when every batch of the segment lies below offset.
 */
int segment_find(struct segment *seg, int64_t offset, int64_t *pos, struct batch_header *h);
/*
 * Walk batch headers from pos (a batch start) to the end of the segment,
 * requiring offsets above prev_last and whole batches ending exactly at the
 * end. Fills next_offset, max_ts and the indexer's byte count as of the end;
 * the caller sets what the walk cannot see. KAF_ECORRUPT on any mismatch.
 */
int segment_walk_tail(struct segment *seg, int64_t pos, int64_t prev_last, int64_t next_base);
/*
 * Load a closed segment's index files and check them (sizes, order, ranges,
 * the batch at the last entry, a header walk from there to the end), setting
 * next_offset, max_ts and the indexer. 0 when they can be trusted; otherwise
 * the caller rebuilds them from a scan. next_base is the following
 * segment's base, -1 for the last. Compaction uses it for swapped-in files.
 */
int segment_check_indexes(struct segment *seg, int64_t next_base);
/* Remove the data at and above offset from this segment. */
int segment_truncate(struct segment *seg, int64_t offset);
int segment_flush(struct segment *seg);
/*
 * fdatasync the .log and (indexes non-zero) fsync both index files (by
 * path, which also covers pages written through a mapping). Touches no
 * segment state, so it may run on another thread while the log's thread
 * appends; files already removed count as synced.
 */
int segment_sync_files(struct segment *seg, int indexes);

/* ---- log.c / recover.c ---- */

struct log {
	char *path;		/* "<dir>/<topic>-<partition>" */
	char topic[250];
	int32_t partition;
	struct log_config cfg;
	struct segment **segs;	/* by base offset; the last one is active */
	int nsegs;
	int cap;
	int64_t start_offset;
	int64_t recovery_point;
	int dir_dirty;		/* files created since the last directory fsync */
	int failed;		/* a write or fsync failed: writes refused (KAF_EOFFLINE) */
	int external_flush;	/* the owner schedules fsyncs; log_append never does */
	int flushing;		/* a flush job is out (log_flush_begin .. _end) */
	int64_t unflushed_since;	/* append time of the oldest unflushed data */
	int64_t appended_in_flush;	/* first append time while a flush job is out, -1 none */
};

static inline struct segment *log_active(const struct log *l)
{
	return l->segs[l->nsegs - 1];
}

/* Topic names Kafka allows: [a-zA-Z0-9._-], 1..249 chars, not "." or "..". */
int log_topic_valid(const char *topic);
/* "<20 digits>.<suffix>" -> base; -1 when name is not such a file. */
int64_t log_segment_name_parse(const char *name, const char *suffix);

/* Insert a segment at its place by base offset (the log takes the reference). */
void log_segments_insert(struct log *l, struct segment *seg);
/*
 * Drop segments [from, from + n) from the list without touching their files
 * (compaction renames new files over them); readers keep them until released.
 */
void log_segments_detach(struct log *l, int from, int n);
/* Delete segments [from, from + n) from disk and from the list, then fsync the directory. */
int log_segments_delete(struct log *l, int from, int n);
/* Index of the last segment with base <= offset, or 0. */
int log_segment_floor(const struct log *l, int64_t offset);
/* Mark the log failed after an I/O error (never retry an fsync), saying why once. */
void log_fail(struct log *l, const char *what, int rc);
/* Close the active segment and start one at base (>= the log end). */
int log_roll_at(struct log *l, int64_t base, int64_t now_ms);

/* Find segments, validate and repair (docs/STORAGE.md, "Recovery"). */
int log_recover(struct log *l, const struct log_open_args *args, struct log_recovery *rep);
/*
 * Finish or discard an interrupted compaction (".cleaned", ".swap" files)
 * before segments are loaded. Owned by compaction.
 */
int log_recover_swap_files(const char *dir);

#endif
