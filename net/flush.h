/*
 * Group commit: the broker's fsyncs run on the loop's thread pool, never on
 * the loop, and one round of them serves every producer that was waiting
 * when it started. While a round runs, new waiters gather for the next one.
 *
 * Policy (flush.messages / log.flush.interval.messages of each log):
 *   1 (the default)  acks=all waits for the fsync covering its records;
 *                    acks=1 is answered from the page cache and the fsync
 *                    follows in the background;
 *   N > 1            nobody waits; a flush starts once N records are unflushed
 *                    (Kafka's semantics: acks=all means replicated, not synced).
 *
 * Test hooks (read from the environment when the first flush is asked for;
 * only tests set them): KAF_TEST_FSYNC_DELAY_MS=n makes every round take n
 * ms longer; KAF_TEST_FSYNC_FAIL=s fails the fsync of every log whose path
 * contains s, as a disk error would.
 */
#ifndef KAF_NET_FLUSH_H
#define KAF_NET_FLUSH_H

#include <stddef.h>
#include <stdint.h>

struct broker;
struct log;

/* rc is 0 once the records are durable, or the error that failed the log. */
typedef void (*flush_done_fn)(void *arg, int rc);

/* Whether acks=all on this log waits for the fsync (flush.messages == 1). */
int flush_acks_wait(const struct log *l);
/* After an append to l: start a flush when the log's policy says it is due. */
void flush_appended(struct broker *b, struct log *l);
/* Call done(arg, rc) when l is durable through offset upto (exclusive), possibly at once. */
void flush_wait(struct broker *b, struct log *l, int64_t upto, flush_done_fn done, void *arg);
/* Start flushes of the logs whose oldest unflushed data is older than their flush.ms. */
void flush_check_age(struct broker *b, struct log **logs, size_t n, int64_t now_ms);
/* l is about to be closed: its waiters get KAF_EOFFLINE and its job is dropped. */
void flush_forget(struct broker *b, struct log *l);
/* Whether a round of fsyncs is on the thread pool. */
int flush_busy(const struct broker *b);
/* Call done(b) once no round is running (at once when none is); for shutdown. */
void flush_drain(struct broker *b, void (*done)(struct broker *b));
/* Rounds of fsyncs started so far, and log flushes they held (for tests and stats). */
void flush_stats(const struct broker *b, int64_t *rounds, int64_t *flushes);
/* Free the flusher's memory (after flush_drain). */
void flush_free(struct broker *b);

#endif
