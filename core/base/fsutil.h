/*
 * File-system helpers with the durability rules of docs/STORAGE.md:
 * a replaced file is written to a temporary name, fsynced, renamed over the
 * old one, and the directory is fsynced, so a crash leaves the old or the new
 * file whole, never a mix.
 */
#ifndef KAF_BASE_FSUTIL_H
#define KAF_BASE_FSUTIL_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* fsync the directory that holds path (or path itself if it is a directory). */
int dir_fsync(const char *dir);
/* Replace path atomically with n bytes of data (tmp + fsync + rename + dir fsync). */
int file_write_atomic(const char *path, const void *data, size_t n);
/* Read a whole file into out (appended), refusing files over max bytes. */
int file_read_all(const char *path, size_t max, struct buf *out);
/* mkdir -p with mode 0755. */
int mkdir_p(const char *path);
/* Remove a directory and everything in it. */
int rm_rf(const char *path);
/* Retry-on-EINTR full write/pread; return 0 or -errno (KAF_ETRUNC on short pread). */
int write_full(int fd, const void *p, size_t n);
int pwrite_full(int fd, const void *p, size_t n, int64_t off);
int pread_full(int fd, void *p, size_t n, int64_t off);

#endif
