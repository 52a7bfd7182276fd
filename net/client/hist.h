/*
 * A latency histogram for the perf tools: log-linear buckets (every power
 * of two split into 32 equal steps, so a bucket is at most ~3% wide; values
 * under 64 are exact), fixed size, nothing allocated per value. Units are
 * the caller's (the perf tools count microseconds). Count, sum, min and max
 * are exact; percentiles are the top of the bucket they fall in, clipped
 * to the exact min and max.
 */
#ifndef KAF_NET_CLIENT_HIST_H
#define KAF_NET_CLIENT_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 6
#define HIST_HALF (1 << (HIST_SUB_BITS - 1))
#define HIST_BUCKETS ((64 - HIST_SUB_BITS + 1) * HIST_HALF + HIST_HALF)

struct hist {
	uint64_t count;
	uint64_t sum;
	uint64_t min, max;
	uint64_t bucket[HIST_BUCKETS];
};

void hist_init(struct hist *h);
/* n values equal to v. */
void hist_add_n(struct hist *h, uint64_t v, uint64_t n);
static inline void hist_add(struct hist *h, uint64_t v) { hist_add_n(h, v, 1); }
/* Add everything of from into into. */
void hist_merge(struct hist *into, const struct hist *from);
/* The value at or under which pct percent (0-100) of the values lie; 0 when empty. */
uint64_t hist_percentile(const struct hist *h, double pct);
/* The mean, 0 when empty. */
double hist_mean(const struct hist *h);

/* The bucket of v and the highest value of a bucket (for the tests). */
int hist_bucket(uint64_t v);
uint64_t hist_bucket_top(int i);

#endif
