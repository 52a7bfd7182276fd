/*
 * C types of Kafka wire values as the generic codec decodes them. Strings,
 * bytes and record sets are views into the request frame (never copies);
 * arrays are allocated from the request's arena. A length or count of -1
 * means null.
 */
#ifndef KAF_PROTO_TYPES_H
#define KAF_PROTO_TYPES_H

#include <stdint.h>

struct kstr {
	const char *p;		/* not NUL-terminated */
	int32_t len;		/* -1 = null */
};

struct kbytes {
	const uint8_t *p;
	int32_t len;		/* -1 = null */
};

/*
 * A record set: bytes in memory, or (in responses) a region of a segment
 * file that the connection sends without copying it through the codec.
 */
struct krecords {
	const uint8_t *p;
	int32_t len;		/* -1 = null */
	uint8_t from_file;	/* when set, the bytes are file_fd[file_pos, +len) */
	int file_fd;
	int64_t file_pos;
};

struct kuuid {
	uint8_t b[16];
};

#define KARRAY(T) struct { int32_t n; T *v; }

static inline struct kstr kstr_c(const char *s);

#include <string.h>
static inline struct kstr kstr_c(const char *s)
{
	struct kstr k = { s, s ? (int32_t)strlen(s) : -1 };
	return k;
}

static inline int kstr_eq(struct kstr a, const char *s)
{
	size_t n = strlen(s);
	return a.len >= 0 && (size_t)a.len == n && !memcmp(a.p, s, n);
}

#endif
