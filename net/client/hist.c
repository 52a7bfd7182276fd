/*
 * The perf tools' latency histogram (hist.h). A value keeps its highest
 * HIST_SUB_BITS bits: values under 2^HIST_SUB_BITS are their own bucket;
 * above, a value with its top bit at position e is shifted right by
 * s = e - HIST_SUB_BITS + 1, leaving a mantissa in [HIST_HALF, 2*HIST_HALF),
 * and lands in bucket s * HIST_HALF + mantissa. The buckets of one shift
 * follow those of the one before without a gap.
 */
#include "net/client/hist.h"

#include <string.h>

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
}

int hist_bucket(uint64_t v)
{
	if (v < (1u << HIST_SUB_BITS))
		return (int)v;
	int e = 63 - __builtin_clzll(v);
	int s = e - HIST_SUB_BITS + 1;
	return s * HIST_HALF + (int)(v >> s);
}

uint64_t hist_bucket_top(int i)
{
	if (i < (1 << HIST_SUB_BITS))
		return (uint64_t)i;
	int s = i / HIST_HALF - 1;
	uint64_t m = (uint64_t)(i - s * HIST_HALF);
	/* The last bucket's top is UINT64_MAX: compute without overflowing. */
	return (m << s) + ((1ull << s) - 1);
}

void hist_add_n(struct hist *h, uint64_t v, uint64_t n)
{
	if (!n)
		return;
	if (!h->count || v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->count += n;
	h->sum += v * n;
	h->bucket[hist_bucket(v)] += n;
}

void hist_merge(struct hist *into, const struct hist *from)
{
	if (!from->count)
		return;
	if (!into->count || from->min < into->min)
		into->min = from->min;
	if (from->max > into->max)
		into->max = from->max;
	into->count += from->count;
	into->sum += from->sum;
	for (int i = 0; i < HIST_BUCKETS; i++)
		into->bucket[i] += from->bucket[i];
}

uint64_t hist_percentile(const struct hist *h, double pct)
{
	if (!h->count)
		return 0;
	if (pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	/* The rank of the value wanted, 1-based: at least the first value. */
	uint64_t rank = (uint64_t)((double)h->count * pct / 100.0 + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	uint64_t seen = 0;
	for (int i = 0; i < HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank) {
			uint64_t v = hist_bucket_top(i);
			if (v > h->max)
				v = h->max;
			if (v < h->min)
				v = h->min;
			return v;
		}
	}
	return h->max;
}

double hist_mean(const struct hist *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0.0;
}
