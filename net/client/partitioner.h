/*
 * Choosing a partition for a record the way the Java producer does, so a
 * key lands where Java (and kafka-python) producers put it: murmur2 of the
 * key bytes (Kafka's variant: seed 0x9747b28c, little-endian 4-byte blocks),
 * the sign bit masked off, modulo the partition count. Records without a key
 * stick to one partition until its batch is sent, then move on (Java's
 * sticky partitioner), unless a per-record policy is asked for.
 */
#ifndef KAF_NET_CLIENT_PARTITIONER_H
#define KAF_NET_CLIENT_PARTITIONER_H

#include <stddef.h>
#include <stdint.h>

enum partitioner_kind {
	PART_MURMUR2,		/* keyed: murmur2; null key: murmur2 of no bytes (one partition) */
	PART_MURMUR2_RANDOM,	/* keyed: murmur2; null key: sticky random (Java's default) */
	PART_CONSISTENT_RANDOM,	/* keyed: CRC-32 (librdkafka's consistent); null: sticky random */
	PART_RANDOM,		/* every record to a random partition */
	PART_ROUND_ROBIN,	/* every record to the next partition */
};

/* "murmur2", ...; -1 when unknown. The names joined by '|' for option tables. */
int partitioner_from_name(const char *name);
#define PARTITIONER_NAMES "murmur2|murmur2_random|consistent_random|random|round-robin"

/* Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), as a signed 32-bit value. */
int32_t murmur2(const void *data, size_t len);
/* Java's Utils.toPositive(murmur2(key)) % n. */
int32_t murmur2_partition(const void *key, size_t len, int32_t npartitions);

struct partitioner {
	enum partitioner_kind kind;
	uint64_t rng;		/* xorshift state */
	int32_t sticky;		/* current partition for null keys; -1 = pick one */
	int32_t prev;		/* the sticky partition before, avoided by the next pick */
	int32_t next;		/* round-robin position */
};

void partitioner_init(struct partitioner *p, enum partitioner_kind kind, uint64_t seed);
/*
 * The partition of a record with key[0..key_len) (key_len < 0: null key)
 * among n partitions.
 */
int32_t partitioner_pick(struct partitioner *p, const void *key, int32_t key_len, int32_t n);
/* The sticky partition's batch was sent: the next null-key record picks anew. */
void partitioner_batch_done(struct partitioner *p, int32_t partition);

#endif
