/*
 * Unit tests of the perf tools' latency histogram (net/client/hist.c):
 * bucket edges without gaps or overlaps, the relative error bound,
 * percentiles of known distributions, merging, and the extremes.
 */
#include "net/client/hist.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

static struct hist h, h2, h3;

int main(void)
{
	/* Small values are exact. */
	int exact = 1;
	for (uint64_t v = 0; v < 64; v++)
		exact &= hist_bucket(v) == (int)v && hist_bucket_top((int)v) == v;
	ok(exact, "values under 64 are their own bucket");

	/* Every bucket starts right after the one before, up to the top value. */
	int contiguous = 1, bounded = 1;
	for (int i = 1; i < HIST_BUCKETS; i++) {
		uint64_t lo = hist_bucket_top(i - 1) + 1, hi = hist_bucket_top(i);
		contiguous &= hist_bucket(lo) == i && hist_bucket(hi) == i && hi >= lo;
		/* Width within 1/32 of the bottom of the bucket. */
		bounded &= lo < 64 || (hi - lo + 1) <= lo / 32 + 1;
	}
	ok(contiguous, "buckets are contiguous from 0 to 2^64-1");
	ok(bounded, "a bucket is at most 1/32 of its values wide");
	is_int(hist_bucket(UINT64_MAX), HIST_BUCKETS - 1, "the largest value is in the last bucket");
	ok(hist_bucket_top(HIST_BUCKETS - 1) == UINT64_MAX, "the last bucket ends at UINT64_MAX");

	hist_init(&h);
	ok(hist_percentile(&h, 50) == 0 && hist_mean(&h) == 0.0, "empty: percentiles and mean 0");

	/* 1..10000: p50 near 5000, p99 near 9900, exact min, max and mean. */
	for (uint64_t v = 1; v <= 10000; v++)
		hist_add(&h, v);
	is_int((int)h.count, 10000, "count");
	ok(h.min == 1 && h.max == 10000, "exact min and max");
	ok(hist_mean(&h) == 5000.5, "exact mean (%f)", hist_mean(&h));
	uint64_t p50 = hist_percentile(&h, 50), p99 = hist_percentile(&h, 99);
	uint64_t p999 = hist_percentile(&h, 99.9);
	ok(p50 >= 5000 && p50 <= 5000 + 5000 / 32, "p50 of 1..10000 within a bucket (%llu)",
	   (unsigned long long)p50);
	ok(p99 >= 9900 && p99 <= 10000, "p99 of 1..10000 (%llu)", (unsigned long long)p99);
	ok(p999 >= 9990 && p999 <= 10000, "p99.9 of 1..10000 (%llu)", (unsigned long long)p999);
	ok(hist_percentile(&h, 100) == 10000, "p100 is the max");
	ok(hist_percentile(&h, 0) == 1, "p0 is the min");

	/* One outlier in 1000: p99 stays low, p99.9 and max see it. */
	hist_init(&h2);
	hist_add_n(&h2, 100, 999);
	hist_add(&h2, 1000000);
	ok(hist_percentile(&h2, 99) == hist_bucket_top(hist_bucket(100)), "p99 ignores one outlier in 1000");
	ok(hist_percentile(&h2, 99.95) >= 1000000 - 1000000 / 32, "p99.95 sees it");
	ok(h2.max == 1000000 && h2.count == 1000, "add_n counts n values");
	is_int((int)hist_percentile(&h2, 50), 101, "a percentile is the top of its bucket ([100, 101])");
	hist_init(&h3);
	hist_add_n(&h3, 100, 5);
	is_int((int)hist_percentile(&h3, 50), 100, "... clipped to the exact max");

	/* Merging equals adding everything to one. */
	hist_merge(&h2, &h);
	ok(h2.count == 11000 && h2.min == 1 && h2.max == 1000000, "merge: count, min, max");
	ok(h2.sum == 999 * 100 + 1000000 + 50005000ull, "merge: sum");
	struct hist *both = calloc(1, sizeof(*both));
	hist_init(both);
	for (uint64_t v = 1; v <= 10000; v++)
		hist_add(both, v);
	hist_add_n(both, 100, 999);
	hist_add(both, 1000000);
	int same = 1;
	for (double p = 0; p <= 100; p += 0.5)
		same &= hist_percentile(both, p) == hist_percentile(&h2, p);
	ok(same, "merged percentiles equal those of one histogram of all values");
	hist_init(&h);
	hist_merge(both, &h);
	ok(both->count == 11000 && both->min == 1, "merging an empty histogram changes nothing");
	free(both);
	return tap_done();
}
