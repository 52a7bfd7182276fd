/*
 * The broker object: the libuv loop and everything it owns (listeners,
 * connections, and, as they arrive, the logs, metadata and groups). One loop
 * thread owns all of it; nothing here takes a lock. Blocking work goes to the
 * loop's thread pool and posts its result back.
 */
#ifndef KAF_NET_BROKER_H
#define KAF_NET_BROKER_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

struct conn;
struct config;
struct log_dir;
struct meta;
struct fetch_wait;
struct flusher;
struct metasync;
struct group_coord;

#define BROKER_MAX_LISTENERS 8

struct listener {
	uv_tcp_t tcp;
	struct broker *b;
	char name[64];		/* "PLAINTEXT" */
	char host[256];
	int port;		/* the bound port (resolved when 0 was asked) */
	char adv_host[256];	/* what Metadata tells clients to connect to */
	int adv_port;
};

struct broker_opts {
	int32_t node_id;
	const char *listeners;		/* "PLAINTEXT://127.0.0.1:9092,..." */
	const char *advertised_listeners; /* NULL = same as listeners */
	size_t max_request_bytes;	/* socket.request.max.bytes */
	size_t fetch_max_bytes;		/* fetch.max.bytes; 0 = only the request's MaxBytes */
	int64_t idle_ms;		/* connections.max.idle.ms */
	size_t max_pending_write_bytes;	/* stop reading a connection past this */
};

struct broker {
	uv_loop_t *loop;
	struct broker_opts opts;
	struct listener listeners[BROKER_MAX_LISTENERS];
	int nlisteners;
	struct conn *conns;		/* doubly linked */
	int nconns;
	uv_timer_t idle_timer;
	int stopping;
	/* State the handlers serve, set by whoever runs the broker (cmd/server.c)
	 * before the loop runs; tests may leave what they do not exercise NULL. */
	const struct config *cfg;
	struct log_dir *logs;
	struct meta *meta;
	/* Fetches parked for more data, by log (net/api/fetch_wait.c); NULL when none. */
	struct fetch_wait *fetch_wait;
	/* Group commit of fsyncs (net/flush.c); NULL until the first flush. */
	struct flusher *flusher;
	/* Metadata changes waiting for the group commit (net/metasync.c); NULL until the first. */
	struct metasync *metasync;
	/* Called after each round of fsyncs (recovery points moved). */
	void (*on_flushed)(struct broker *b);
	/* Consumer groups (net/api/group_coord.c); NULL when not started. */
	struct group_coord *groups;
	/* Called once when a graceful stop has drained every connection. */
	void (*on_stopped)(struct broker *b);
};

/* Parse the listeners and bind them; 0 or -errno / KAF_ECONFIG (say_* names the problem). */
int broker_open(struct broker *b, uv_loop_t *loop, const struct broker_opts *opts);
/* Stop accepting, let in-flight requests finish and their responses be written, then close. */
void broker_stop(struct broker *b);
/* Close everything at once (handles closed; run the loop to finish). */
void broker_close(struct broker *b);

#endif
