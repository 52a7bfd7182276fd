/*
 * A running kaf server: the data directory (partition logs and metadata),
 * the network broker serving them, and the housekeeping timers (retention
 * and time-based rolls, checkpoints). Start-up order: open and recover the
 * logs, open the metadata (lock, meta.properties, replay), make the logs
 * agree with the metadata, then listen. Shutdown runs it backwards and ends
 * with a clean close of the logs (flush, checkpoints, clean-shutdown marker).
 */
#ifndef KAF_NET_NODE_H
#define KAF_NET_NODE_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "core/log/logdir.h"
#include "net/broker.h"

struct config;
struct meta;

struct node {
	uv_loop_t *loop;
	const struct config *cfg;
	struct log_dir *logs;
	struct meta *meta;
	struct broker broker;
	uv_timer_t retention_timer;
	uv_timer_t checkpoint_timer;
	uv_timer_t flush_age_timer;	/* flush.ms: flushes data older than its topic allows */
	int timers_started;
	uv_work_t checkpoint_work;	/* checkpoint files written on the thread pool */
	struct log_dir_checkpoint_job *checkpoint_job;	/* non-NULL while one is written */
	int checkpoint_rc;
	int64_t checkpoint_ms;		/* loop time of the last one started */
	int closing;			/* waiting for the last checkpoint job to close the logs */
	int stopped;
	struct log_dir_report recovery;	/* what opening the logs found */
	int64_t start_ms;		/* how long start-up took, for the first log line */
	void (*on_stopped)(struct node *n);
};

/*
 * Start everything on loop with cfg (validated); cluster_id, when not NULL,
 * is the id the data directory must have (or gets, when new). Set
 * n->on_stopped before. On failure err says what
 * to fix and the return is KAF_ECONFIG / KAF_ESTATE (a problem of the
 * configuration or the data directory: exit 2) or another error (exit 1);
 * whatever was opened is closed again.
 */
int node_start(struct node *n, uv_loop_t *loop, const struct config *cfg, const char *cluster_id,
	       char *err, size_t errlen);
/* Graceful stop: stop accepting, finish in-flight requests, close the logs cleanly, then on_stopped. */
void node_stop(struct node *n);

#endif
