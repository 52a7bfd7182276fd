/*
 * Partition choice (see partitioner.h). murmur2 follows the published
 * MurmurHash2 with Kafka's seed; the tail bytes fall through as in the
 * reference, and the final mixing is the reference's.
 */
#include "net/client/partitioner.h"

#include <string.h>
#include <zlib.h>

static const char *const names[] = { "murmur2", "murmur2_random", "consistent_random", "random",
				     "round-robin" };

int partitioner_from_name(const char *name)
{
	for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (!strcmp(name, names[i]))
			return i;
	if (!strcmp(name, "round_robin") || !strcmp(name, "roundrobin"))
		return PART_ROUND_ROBIN;
	return -1;
}

int32_t murmur2(const void *data, size_t len)
{
	const uint8_t *d = data;
	const uint32_t m = 0x5bd1e995;
	uint32_t h = 0x9747b28cu ^ (uint32_t)len;
	size_t n4 = len / 4;

	for (size_t i = 0; i < n4; i++) {
		const uint8_t *q = d + 4 * i;
		uint32_t k = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
			     (uint32_t)q[3] << 24;
		k *= m;
		k ^= k >> 24;
		k *= m;
		h *= m;
		h ^= k;
	}
	const uint8_t *t = d + (len & ~(size_t)3);
	switch (len % 4) {
	case 3:
		h ^= (uint32_t)t[2] << 16;
		/* fall through */
	case 2:
		h ^= (uint32_t)t[1] << 8;
		/* fall through */
	case 1:
		h ^= t[0];
		h *= m;
	}
	h ^= h >> 13;
	h *= m;
	h ^= h >> 15;
	return (int32_t)h;
}

int32_t murmur2_partition(const void *key, size_t len, int32_t npartitions)
{
	return (int32_t)(((uint32_t)murmur2(key, len) & 0x7fffffffu) % (uint32_t)npartitions);
}

void partitioner_init(struct partitioner *p, enum partitioner_kind kind, uint64_t seed)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
	p->sticky = -1;
	p->next = -1;
	p->prev = -1;
}

static uint32_t rnd(struct partitioner *p)
{
	p->rng ^= p->rng << 13;
	p->rng ^= p->rng >> 7;
	p->rng ^= p->rng << 17;
	return (uint32_t)(p->rng >> 16);
}

static int32_t sticky(struct partitioner *p, int32_t n)
{
	if (p->sticky < 0 || p->sticky >= n) {
		p->sticky = (int32_t)(rnd(p) % (uint32_t)n);
		/* Move on to another partition when there is one, as Java does. */
		if (n > 1 && p->sticky == p->prev)
			p->sticky = (p->sticky + 1) % n;
	}
	return p->sticky;
}

int32_t partitioner_pick(struct partitioner *p, const void *key, int32_t key_len, int32_t n)
{
	if (n <= 1)
		return 0;
	switch (p->kind) {
	case PART_MURMUR2:
		return murmur2_partition(key, key_len > 0 ? (size_t)key_len : 0, n);
	case PART_MURMUR2_RANDOM:
		return key_len >= 0 ? murmur2_partition(key, (size_t)key_len, n) : sticky(p, n);
	case PART_CONSISTENT_RANDOM:
		if (key_len < 0)
			return sticky(p, n);
		return (int32_t)(crc32(0, key, (uInt)key_len) % (uint32_t)n);
	case PART_RANDOM:
		return (int32_t)(rnd(p) % (uint32_t)n);
	case PART_ROUND_ROBIN:
		p->next = (p->next + 1) % n;
		return p->next;
	}
	return 0;
}

void partitioner_batch_done(struct partitioner *p, int32_t partition)
{
	if (partition == p->sticky) {
		p->prev = partition;
		p->sticky = -1;
	}
}
