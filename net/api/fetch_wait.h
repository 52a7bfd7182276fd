/*
 * Parked fetches: a Fetch that found fewer than MinBytes waits up to
 * MaxWaitMs for appends to any of its partitions. Waiters sit in a small
 * per-broker table keyed by log pointer (compared, never dereferenced, so
 * a log removed meanwhile is harmless: the check looks partitions up again).
 * An append marks the log's waiters; each re-checks once on the next loop
 * turn, however many appends came in between, so a wake never runs handler
 * code inside the producer's request.
 */
#ifndef KAF_NET_API_FETCH_WAIT_H
#define KAF_NET_API_FETCH_WAIT_H

#include <stdint.h>

#include "net/req.h"

struct broker;
struct log;

/*
 * Decide whether a parked request is done: fill r->resp and return 1, or
 * return 0 to go on waiting. With final set (the wait is over) it must fill
 * the response; the request is answered whatever it returns.
 */
typedef int (*fetch_wait_check_fn)(struct req *r, void *arg, int final);

/*
 * Park r until check says done, checking again after appends to any of
 * logs[0..n) and at the latest after wait_ms. Returns REQ_PARKED for the
 * handler to return. The request's connection closing meanwhile frees the
 * request and the waiter at once. logs is copied.
 */
enum req_status fetch_wait_park(struct req *r, struct log *const *logs, int n, int64_t wait_ms,
				fetch_wait_check_fn check, void *arg);

/* Data was appended to l: its parked fetches check again on the next loop turn. */
void fetch_wait_wake(struct broker *b, const struct log *l);

/*
 * The broker is stopping: every parked fetch answers on the next loop turn
 * with what it has, instead of holding the stop for up to its MaxWaitMs.
 */
void fetch_wait_expire_all(struct broker *b);

/* Fetches parked right now (for tests and stats). */
int fetch_wait_count(const struct broker *b);

#endif
