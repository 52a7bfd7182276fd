/*
 * Kafka's consumer protocol (protocol type "consumer"): the Subscription a
 * member puts in JoinGroup's protocol metadata, the Assignment the leader
 * hands out through SyncGroup, and the leader-side assignors "range" and
 * "roundrobin" that compute the same answer as Kafka's RangeAssignor and
 * RoundRobinAssignor, so members written in other languages may share a
 * group with ours.
 *
 * Byte layout (big-endian, the classic non-flexible encoding; string =
 * int16 length + bytes, bytes = int32 length + bytes, -1 = null,
 * array = int32 count + items):
 *
 *	Subscription
 *	  Version          int16      (0..3; we write 0 or 1)
 *	  Topics           [string]
 *	  UserData         nullable bytes
 *	  v1+ OwnedPartitions [{Topic string, Partitions [int32]}]
 *	  v2+ GenerationId int32      (read and ignored)
 *	  v3+ RackId       nullable string (read and ignored)
 *
 *	Assignment
 *	  Version          int16      (0..3; all versions have this layout)
 *	  AssignedPartitions [{Topic string, Partitions [int32]}]
 *	  UserData         nullable bytes
 *
 * A reader takes the fields of the versions it knows and ignores any
 * bytes after them, as Kafka's readers do, so newer members' blobs decode.
 */
#ifndef KAF_NET_CLIENT_ASSIGNOR_H
#define KAF_NET_CLIENT_ASSIGNOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/codec/types.h"

/* One topic's partitions in OwnedPartitions or AssignedPartitions. */
struct cp_topic {
	const char *topic;
	int32_t *parts;
	int nparts;
};

struct cp_subscription {
	int16_t version;
	const char **topics;
	int ntopics;
	struct kbytes user_data;	/* len -1 = null */
	struct cp_topic *owned;		/* v1+ */
	int nowned;
	int32_t generation;		/* v2+, -1 otherwise */
};

struct cp_assignment {
	int16_t version;
	struct cp_topic *topics;
	int ntopics;
	struct kbytes user_data;	/* len -1 = null */
};

/* Append the encoded blob to out (version taken from the struct). */
void cp_subscription_encode(const struct cp_subscription *s, struct buf *out);
void cp_assignment_encode(const struct cp_assignment *as, struct buf *out);

/*
 * Decode a blob; strings and arrays are allocated from a (NUL-terminated
 * copies). Returns 0, or KAF_ETRUNC / KAF_ECORRUPT for bytes that do not
 * hold the structure (a negative version, a count larger than the bytes
 * left could carry).
 */
int cp_subscription_decode(const uint8_t *p, size_t n, struct cp_subscription *s, struct arena *a);
int cp_assignment_decode(const uint8_t *p, size_t n, struct cp_assignment *as, struct arena *a);

/* The number of partitions in an assignment. */
int cp_assignment_count(const struct cp_assignment *as);

/* Input and output of an assignor: one per member of the group. */
struct assign_member {
	const char *member_id;
	const char *const *topics;	/* its subscription */
	int ntopics;
	struct cp_assignment out;	/* filled by the assignor (version 0, from a) */
	const char *instance_id;	/* static membership's group.instance.id, or NULL */
};

/* A subscribed topic and its partition count (0 or less: unknown, skipped). */
struct assign_topic {
	const char *name;
	int32_t partitions;
};

struct assignor {
	const char *name;	/* the protocol name in JoinGroup: "range", "roundrobin" */
	/*
	 * Fill each member's out. Members are taken in Kafka's order (static
	 * members first by instance id, then the others by member id), topics
	 * in name order; the arrays are not reordered.
	 */
	int (*assign)(struct assign_member *m, int nm, const struct assign_topic *t, int nt,
		      struct arena *a);
};

/* The assignor named name, or NULL. */
const struct assignor *assignor_find(const char *name);

#endif
