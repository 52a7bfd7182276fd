/* Start-up, housekeeping timers and shutdown of a kaf server. */
#include "net/node.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/base/say.h"
#include "core/config/config.h"
#include "core/log/log.h"
#include "core/meta/meta.h"
#include "net/flush.h"
#include "net/metasync.h"
#include "net/api/group_coord.h"

#include <stdio.h>
#include <string.h>

/* The first entry of log.dirs; several directories are not supported yet. */
static int data_dir(const struct config *cfg, char *out, size_t n)
{
	const char *dirs = config_get_str(cfg, config_effective_key(cfg, CFG_LOG_DIRS));
	if (!dirs || !*dirs)
		return KAF_ECONFIG;
	const char *p = config_list_next(dirs, out, n);
	if (p && *p)
		say_warn("log.dirs lists several directories; only %s is used in this version", out);
	return out[0] ? 0 : KAF_ECONFIG;
}

static void on_retention_timer(uv_timer_t *t)
{
	struct node *n = t->data;
	int64_t now = clock_wall_ms();
	size_t count;
	struct log **logs = log_dir_logs(n->logs, &count);
	for (size_t i = 0; i < count; i++) {
		struct log_retention_result res = { 0 };
		log_maybe_roll(logs[i], now);
		if (log_enforce_retention(logs[i], now, &res) == 0 && res.segments_deleted)
			say_info("%s: retention deleted %d segments (%lld bytes)", log_path(logs[i]),
				 res.segments_deleted, (long long)res.bytes_deleted);
	}
}

static void close_everything(struct node *n);

static void checkpoint_work(uv_work_t *w)
{
	struct node *n = w->data;
	n->checkpoint_rc = log_dir_checkpoint_run(n->checkpoint_job);
}

static void checkpoint_done(uv_work_t *w, int status)
{
	struct node *n = w->data;
	if (n->checkpoint_rc)
		say_error("writing checkpoints in %s: %s", log_dir_path(n->logs),
			  kaf_strerror(n->checkpoint_rc));
	log_dir_checkpoint_job_free(n->checkpoint_job);
	n->checkpoint_job = NULL;
	if (n->closing)
		close_everything(n);
}

/* Write the checkpoint files on the thread pool (they are fsynced); one at a time. */
static void checkpoint_start(struct node *n)
{
	if (n->checkpoint_job || n->closing || !n->logs)
		return;
	if (log_dir_checkpoint_begin(n->logs, &n->checkpoint_job))
		return;
	n->checkpoint_ms = (int64_t)uv_now(n->loop);
	n->checkpoint_work.data = n;
	if (uv_queue_work(n->loop, &n->checkpoint_work, checkpoint_work, checkpoint_done) < 0) {
		log_dir_checkpoint_job_free(n->checkpoint_job);
		n->checkpoint_job = NULL;
	}
}

static void on_checkpoint_timer(uv_timer_t *t)
{
	checkpoint_start(t->data);
}

static void on_flush_age_timer(uv_timer_t *t)
{
	struct node *n = t->data;
	size_t count;
	struct log **logs = log_dir_logs(n->logs, &count);
	flush_check_age(&n->broker, logs, count, clock_wall_ms());
}

static struct node *node_of(struct broker *b);

/*
 * After fsyncs moved recovery points, write them down soon (at most once a
 * second), so a restart after a crash rescans only what was not yet flushed
 * instead of everything since the last periodic checkpoint.
 */
static void on_flushed(struct broker *b)
{
	struct node *n = node_of(b);
	if ((int64_t)uv_now(n->loop) - n->checkpoint_ms >= 1000)
		checkpoint_start(n);
}

static void start_timer(struct node *n, uv_timer_t *t, uv_timer_cb cb, int64_t period)
{
	uv_timer_init(n->loop, t);
	t->data = n;
	if (period < 10)
		period = 10;
	uv_timer_start(t, cb, (uint64_t)period, (uint64_t)period);
}

static void close_everything(struct node *n)
{
	if (n->checkpoint_job) {
		/* The checkpoint files are being written: close when that is done. */
		n->closing = 1;
		return;
	}
	n->closing = 0;
	if (n->meta)
		meta_close(n->meta);
	n->meta = NULL;
	if (n->logs) {
		int rc = log_dir_close(n->logs);
		if (rc)
			say_error("closing the logs: %s; the next start will recover them", kaf_strerror(rc));
		else
			say_info("logs flushed and closed cleanly");
	}
	n->logs = NULL;
}

static void on_handle_closed(uv_handle_t *h)
{
	(void)h;
}

static struct node *node_of(struct broker *b)
{
	return (struct node *)((char *)b - offsetof(struct node, broker));
}

static void on_flushes_drained(struct broker *b);

/* Partition logs made on the thread pool are in: wait for the fsync rounds again. */
static void on_metadata_settled(struct broker *b)
{
	flush_drain(b, on_flushes_drained);
}

/* The last fsync round is done: the logs can be closed (after a checkpoint job in flight). */
static void on_flushes_drained(struct broker *b)
{
	struct node *n = node_of(b);
	if (metasync_busy(b)) {
		/* A metadata change is making partition logs on the thread pool. */
		metasync_when_free(b, on_metadata_settled);
		return;
	}
	int64_t rounds, flushes;
	flush_stats(b, &rounds, &flushes);
	say_info("group commit: %lld rounds of fsyncs held %lld log flushes", (long long)rounds,
		 (long long)flushes);
	b->on_flushed = NULL;
	flush_free(b);
	metasync_free(b);
	group_coord_close(b);
	close_everything(n);
	if (n->on_stopped)
		n->on_stopped(n);
}

static void on_broker_stopped(struct broker *b)
{
	struct node *n = node_of(b);
	if (n->stopped)
		return;
	n->stopped = 1;
	broker_close(b);
	if (n->timers_started) {
		uv_close((uv_handle_t *)&n->retention_timer, on_handle_closed);
		uv_close((uv_handle_t *)&n->checkpoint_timer, on_handle_closed);
		uv_close((uv_handle_t *)&n->flush_age_timer, on_handle_closed);
	}
	flush_drain(b, on_flushes_drained);
}

int node_start(struct node *n, uv_loop_t *loop, const struct config *cfg, const char *cluster_id,
	       char *err, size_t errlen)
{
	char dir[4096];
	int64_t t0 = clock_mono_ns();
	int rc;

	void (*on_stopped)(struct node *) = n->on_stopped;
	memset(n, 0, sizeof(*n));
	n->on_stopped = on_stopped;
	n->loop = loop;
	n->cfg = cfg;
	if ((rc = data_dir(cfg, dir, sizeof(dir)))) {
		snprintf(err, errlen, "log.dirs is empty");
		return rc;
	}
	/* Lock before opening the logs: opening recovers (truncates) them. */
	struct meta_lock *lock;
	if ((rc = meta_lock_dir(dir, &lock, err, errlen)))
		return rc;
	struct log_config lc;
	config_log_defaults(cfg, &lc);
	int64_t now = clock_wall_ms();
	if ((rc = log_dir_open(dir, &lc, now, &n->logs, &n->recovery))) {
		meta_lock_release(lock);
		snprintf(err, errlen, "cannot open the logs in %s: %s", dir, kaf_strerror(rc));
		return rc == KAF_ECORRUPT ? KAF_ECONFIG : rc;
	}
	struct meta_open_args ma = {
		.data_dir = dir, .logs = n->logs, .now_ms = now, .cluster_id = cluster_id,
		.node_id = (int32_t)config_get_num(cfg, config_effective_key(cfg, CFG_NODE_ID)),
		.lock = lock,
	};
	if ((rc = meta_open(&ma, &n->meta, err, errlen))) {
		log_dir_abandon(n->logs);
		n->logs = NULL;
		return rc;
	}
	rc = meta_reconcile_logs(n->meta, n->logs, cfg, now);
	if (rc < 0) {
		snprintf(err, errlen, "cannot bring the logs in line with the metadata: %s", kaf_strerror(rc));
		close_everything(n);
		return rc;
	}
	if (rc > 0)
		say_warn("repaired %d partition logs that disagreed with the metadata", rc);
	/* From here on fsyncs are the group commit's, on the thread pool (net/flush.c),
	 * the metadata log's too (net/metasync.c). */
	log_dir_set_external_flush(n->logs, 1);
	meta_set_deferred_flush(n->meta, 1);

	struct broker_opts bo = {
		.node_id = meta_node_id(n->meta),
		.listeners = config_value_text(cfg, CFG_LISTENERS),
		.advertised_listeners = config_is_set(cfg, CFG_ADVERTISED_LISTENERS)
						? config_value_text(cfg, CFG_ADVERTISED_LISTENERS) : NULL,
		.max_request_bytes = (size_t)config_get_num(cfg, CFG_SOCKET_REQUEST_MAX_BYTES),
		.fetch_max_bytes = (size_t)config_get_num(cfg, CFG_FETCH_MAX_BYTES),
		.idle_ms = config_get_num(cfg, CFG_CONNECTIONS_MAX_IDLE_MS),
		.max_pending_write_bytes = 64u << 20,
	};
	if ((rc = broker_open(&n->broker, loop, &bo))) {
		snprintf(err, errlen, "cannot listen on %s (see the error above)", bo.listeners);
		close_everything(n);
		return rc == KAF_ECONFIG ? rc : KAF_ESTATE;
	}
	n->broker.cfg = cfg;
	n->broker.logs = n->logs;
	n->broker.meta = n->meta;
	n->broker.on_stopped = on_broker_stopped;
	n->broker.on_flushed = on_flushed;
	if ((rc = group_coord_open(&n->broker, now))) {
		snprintf(err, errlen, "cannot start the group coordinator: %s", kaf_strerror(rc));
		broker_close(&n->broker);
		close_everything(n);
		return rc;
	}
	start_timer(n, &n->retention_timer, on_retention_timer,
		    config_get_num(cfg, CFG_LOG_RETENTION_CHECK_INTERVAL_MS));
	start_timer(n, &n->checkpoint_timer, on_checkpoint_timer,
		    config_get_num(cfg, CFG_LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS));
	start_timer(n, &n->flush_age_timer, on_flush_age_timer, 200);
	n->timers_started = 1;
	n->start_ms = (clock_mono_ns() - t0) / 1000000;
	return 0;
}

void node_stop(struct node *n)
{
	group_coord_stop(&n->broker);
	broker_stop(&n->broker);
}
