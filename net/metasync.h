/*
 * Metadata changes through the group commit. A handler appends its change
 * to the metadata log (core/meta with the flush deferred: the image changes
 * at once), then waits here; the wait is answered when a round of the group
 * commit (net/flush.c) has made the metadata log durable through that
 * change, so one fsync serves every change gathered while a round ran.
 *
 * Waits are answered in the order they were made, which is the order the
 * changes were appended: the log directory's part of a change (creating or
 * removing partition logs) then runs in that order too, so a deletion and a
 * re-creation of the same name cannot trade places.
 *
 * When the fsync fails, the image is rolled back to what the log has on
 * disk (meta_rollback) before any wait is answered with the error; the
 * metadata log refuses further changes until the broker restarts.
 */
#ifndef KAF_NET_METASYNC_H
#define KAF_NET_METASYNC_H

struct broker;

/* rc is 0 once durable, or the error that failed the metadata log. */
typedef void (*metasync_fn)(void *arg, int rc);

/*
 * 0 when every change so far is durable and nothing waits (or holds): done
 * is not called, the caller goes on at once. 1 when done(arg, rc) will be
 * called later, never from inside this call.
 */
int metasync_wait(struct broker *b, metasync_fn done, void *arg);
/*
 * An answer whose log directory work runs on the thread pool holds the
 * queue (from its done, or before a wait it skipped): later waits are
 * answered only after the matching release, so that work keeps its order.
 */
void metasync_hold(struct broker *b);
void metasync_release(struct broker *b);
/* Whether something holds the queue. */
int metasync_busy(const struct broker *b);
/* Call fn(b) once nothing holds the queue (at once when nothing does); for shutdown. */
void metasync_when_free(struct broker *b, void (*fn)(struct broker *b));
/* Free the queue (after flush_free answered every wait, and nothing holds it). */
void metasync_free(struct broker *b);

#endif
