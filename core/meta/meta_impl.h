/*
 * Internals of core/meta shared by its files: the image (the state the
 * metadata records build), the data directory's lock and meta.properties,
 * and the struct meta that holds them. Nothing outside core/meta includes it.
 */
#ifndef KAF_META_META_IMPL_H
#define KAF_META_META_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/meta/meta.h"
#include "core/meta/records.h"

/* ---- image.c ---- */

struct meta_image {
	struct meta_topic **by_name;	/* sorted by name */
	struct meta_topic **by_id;	/* the same topics, sorted by id bytes */
	size_t n, cap;
	char **removed;			/* names of every topic ever removed, sorted */
	size_t nremoved, capremoved;
	int16_t metadata_version;	/* FeatureLevelRecord metadata.version, -1 none */
};

void meta_image_init(struct meta_image *img);
void meta_image_release(struct meta_image *img);
struct meta_topic *meta_image_find(const struct meta_image *img, const char *name, size_t len);
struct meta_topic *meta_image_find_id(const struct meta_image *img, const struct kuuid *id);
/* Whether a topic of this name was removed at some point (it may exist again). */
int meta_image_was_removed(const struct meta_image *img, const char *name);
/*
 * Apply one decoded record: replay and the mutating calls both come here.
 * Returns 0; KAF_ECORRUPT when the record does not fit the image (unknown
 * topic id, duplicate topic, partition out of order, bad name), with err
 * saying why and the image unchanged; -ENOMEM.
 */
int meta_image_apply(struct meta_image *img, const struct meta_record *rec, char *err,
		     size_t errlen);

/* ---- props.c ---- */

/*
 * Take <dir>/.lock (flock, plus an open-file-description lock so a Java
 * broker holding it is seen too) and write our pid into it. KAF_ESTATE with
 * err naming the directory (and the holder's pid when it left one).
 */
int meta_dir_lock(const char *dir, int *fd, char *err, size_t errlen);

/*
 * Check <dir>/meta.properties against node_id and cluster_id (NULL: any),
 * or write it when absent (with cluster_id, or a new one). The cluster id
 * in effect goes to out. KAF_ECONFIG on a mismatch or a malformed file.
 */
int meta_props_check(const char *dir, int32_t node_id, const char *cluster_id, char out[23],
		     char *err, size_t errlen);

/*
 * 16 random bytes as Kafka makes a random uuid: version 4 bits set, so never
 * all zero nor Kafka's reserved 0...01, and never one whose text starts with
 * '-' (it would read as a command-line flag).
 */
int meta_random_uuid(struct kuuid *id);

/* ---- meta.c ---- */

struct log;

struct meta {
	char *data_dir;
	struct log_dir *logs;
	struct log *log;		/* __cluster_metadata-0, owned by logs */
	int lock_fd;
	int32_t node_id;
	char cluster_id[23];
	struct meta_image img;
	uint64_t warned_types;		/* unknown record types < 64 already reported */
	int warned_other;		/* ... and any type >= 64 */
	int deferred_flush;		/* the owner fsyncs the log (meta_set_deferred_flush) */
};

/* meta_err: printf into err when err is not NULL; returns rc. */
int meta_err(int rc, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
