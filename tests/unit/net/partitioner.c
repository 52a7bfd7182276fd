/*
 * The producer's partitioner: Kafka's murmur2 against the vectors of the
 * Java client's own tests and kafka-python's implementation, the partition
 * arithmetic (sign bit masked, modulo), and the null-key policies.
 */
#include "net/client/partitioner.h"

#include "tests/unit/tap.h"

#include <string.h>

static const struct {
	const char *in;
	int32_t want;
} vectors[] = {
	{ "21", -973932308 },
	{ "foobar", -790332482 },
	{ "a-little-bit-long-string", -985981536 },
	{ "a-little-bit-longer-string", -1486304829 },
	{ "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971 },
	{ "abc", 479470107 },
	{ "", 275646681 },
	{ "a", -1563381124 },
	{ "ab", 316155434 },
	{ "abcd", -1323649548 },
	{ "abcde", 461995741 },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		char name[128];
		snprintf(name, sizeof(name), "murmur2(\"%s\")", vectors[i].in);
		is_int(murmur2(vectors[i].in, strlen(vectors[i].in)), vectors[i].want, "%s", name);
	}
	const uint8_t bin[7] = { 0, 1, 2, 3, 4, 5, 6 };
	is_int(murmur2(bin, sizeof(bin)), -1488168820, "murmur2 of binary bytes");

	/* toPositive(-973932308) = 1173551340; % 3 = 0; % 7 = 1173551340 % 7. */
	is_int(murmur2_partition("21", 2, 3), (int32_t)(1173551340u % 3), "negative hash is masked");
	is_int(murmur2_partition("21", 2, 7), (int32_t)(1173551340u % 7), "modulo the partition count");
	is_int(murmur2_partition("abc", 3, 10), 479470107 % 10, "positive hash as is");

	struct partitioner p;
	partitioner_init(&p, PART_MURMUR2_RANDOM, 42);
	is_int(partitioner_pick(&p, "foobar", 6, 12), murmur2_partition("foobar", 6, 12),
	       "murmur2_random: keyed records hash");
	int32_t first = partitioner_pick(&p, NULL, -1, 12);
	int same = 1;
	for (int i = 0; i < 100; i++)
		same &= partitioner_pick(&p, NULL, -1, 12) == first;
	ok(same, "null keys stick to one partition while its batch fills");
	partitioner_batch_done(&p, first);
	ok(partitioner_pick(&p, NULL, -1, 12) != first, "after the batch is sent they move on");
	is_int(partitioner_pick(&p, NULL, -1, 1), 0, "one partition: always 0");

	partitioner_init(&p, PART_MURMUR2, 1);
	is_int(partitioner_pick(&p, NULL, -1, 5), murmur2_partition("", 0, 5),
	       "murmur2: a null key hashes as no bytes");

	partitioner_init(&p, PART_ROUND_ROBIN, 1);
	int rr = 1;
	for (int i = 0; i < 10; i++)
		rr &= partitioner_pick(&p, "k", 1, 4) == i % 4;
	ok(rr, "round-robin cycles through the partitions");

	partitioner_init(&p, PART_RANDOM, 7);
	int seen[4] = { 0 };
	for (int i = 0; i < 400; i++)
		seen[partitioner_pick(&p, NULL, -1, 4)]++;
	ok(seen[0] && seen[1] && seen[2] && seen[3], "random reaches every partition");

	partitioner_init(&p, PART_CONSISTENT_RANDOM, 7);
	int32_t c1 = partitioner_pick(&p, "key-1", 5, 9);
	is_int(partitioner_pick(&p, "key-1", 5, 9), c1, "consistent_random: same key, same partition");

	is_int(partitioner_from_name("murmur2_random"), PART_MURMUR2_RANDOM, "names");
	is_int(partitioner_from_name("round-robin"), PART_ROUND_ROBIN, "round-robin name");
	is_int(partitioner_from_name("crc"), -1, "unknown name");
	return tap_done();
}
