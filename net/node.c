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

static void on_checkpoint_timer(uv_timer_t *t)
{
	struct node *n = t->data;
	int rc = log_dir_checkpoint(n->logs);
	if (rc)
		say_error("writing checkpoints in %s: %s", log_dir_path(n->logs), kaf_strerror(rc));
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

/* The last fsync round is done: the logs can be closed. */
static void on_flushes_drained(struct broker *b)
{
	struct node *n = node_of(b);
	flush_free(b);
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
	/* From here on fsyncs are the group commit's, on the thread pool (net/flush.c). */
	log_dir_set_external_flush(n->logs, 1);

	struct broker_opts bo = {
		.node_id = meta_node_id(n->meta),
		.listeners = config_value_text(cfg, CFG_LISTENERS),
		.advertised_listeners = config_is_set(cfg, CFG_ADVERTISED_LISTENERS)
						? config_value_text(cfg, CFG_ADVERTISED_LISTENERS) : NULL,
		.max_request_bytes = (size_t)config_get_num(cfg, CFG_SOCKET_REQUEST_MAX_BYTES),
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
	n->timers_started = 1;
	n->start_ms = (clock_mono_ns() - t0) / 1000000;
	return 0;
}

void node_stop(struct node *n)
{
	group_coord_stop(&n->broker);
	broker_stop(&n->broker);
}
