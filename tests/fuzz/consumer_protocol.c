/*
 * Fuzz target for the consumer protocol blobs other members send
 * (net/client/assignor.c): the input is decoded as a Subscription and as an
 * Assignment; whatever decodes is encoded again and must decode to the same
 * structure, and decoded subscriptions go through both assignors as a group
 * of two members, so counts and strings from the wire reach every loop.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/arena.h"
#include "core/base/buf.h"
#include "net/client/assignor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_subscription(const uint8_t *data, size_t size, struct arena *a)
{
	struct cp_subscription s, back;
	struct buf b = BUF_INIT;

	if (cp_subscription_decode(data, size, &s, a))
		return;
	if (s.version > 3)
		s.version = 3;
	cp_subscription_encode(&s, &b);
	if (cp_subscription_decode(b.data, b.len, &back, a) || back.ntopics != s.ntopics ||
	    back.nowned != s.nowned || back.user_data.len != s.user_data.len)
		abort();
	for (int i = 0; i < s.ntopics; i++)
		if (strcmp(s.topics[i], back.topics[i]))
			abort();
	buf_release(&b);

	struct assign_member m[2] = { { "b", (const char *const *)s.topics, s.ntopics, { 0 }, NULL },
				      { "a", (const char *const *)s.topics, s.ntopics > 1 ? 1 : 0,
					{ 0 }, NULL } };
	int nt = s.ntopics < 16 ? s.ntopics : 16;
	struct assign_topic t[16];
	for (int i = 0; i < nt; i++) {
		t[i].name = s.topics[i];
		t[i].partitions = (int32_t)(strlen(s.topics[i]) % 9);
	}
	for (int k = 0; k < 2; k++) {
		const struct assignor *as = assignor_find(k ? "roundrobin" : "range");
		as->assign(m, 2, t, nt, a);
	}
}

static void check_assignment(const uint8_t *data, size_t size, struct arena *a)
{
	struct cp_assignment as, back;
	struct buf b = BUF_INIT;

	if (cp_assignment_decode(data, size, &as, a))
		return;
	cp_assignment_encode(&as, &b);
	if (cp_assignment_decode(b.data, b.len, &back, a) || back.ntopics != as.ntopics ||
	    cp_assignment_count(&back) != cp_assignment_count(&as))
		abort();
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;

	arena_init(&a, 4096);
	check_subscription(data, size, &a);
	check_assignment(data, size, &a);
	arena_release(&a);
	return 0;
}
