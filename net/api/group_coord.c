/* The group coordinator's start-up, its partitions of __consumer_offsets and appends to them. */
#include "net/api/group_coord.h"
#include "net/api/topic_ops.h"
#include "net/broker.h"
#include "net/flush.h"
#include "net/metasync.h"
#include "net/req.h"
#include "net/proto/errors.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/clock.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/config/config.h"
#include "core/group/records.h"
#include "core/log/log.h"
#include "core/log/logdir.h"
#include "core/meta/meta.h"
#include "core/record/batch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int32_t existing_partitions(struct broker *b)
{
	const char *name = GROUP_OFFSETS_TOPIC;
	const struct meta_topic *t = b->meta ? meta_topic_find(b->meta, name, strlen(name)) : NULL;
	return t ? t->npartitions : 0;
}

/* The logs of __consumer_offsets are made (or could not be): the coordinator can start. */
static void on_logs_made(void *arg, int16_t err, const char *msg)
{
	struct group_coord *gc = arg;
	gc->creating = 0;
	if (err) {
		say_error("cannot create %s: %s", GROUP_OFFSETS_TOPIC, msg);
		return;
	}
	gc->npartitions = gc->creation.to;
}

/* __consumer_offsets is recorded durably (or failed): its logs next. */
static void on_topic_durable(void *arg, int rc)
{
	struct group_coord *gc = arg;
	topic_after_start(gc->b, &gc->creation, rc, on_logs_made, gc);
}

/*
 * Record the topic; its logs follow once that is durable (on the group
 * commit, not on the loop). 1 when it is usable at once, 0 when not yet.
 */
static int create_topic(struct broker *b, int64_t now_ms)
{
	struct group_coord *gc = b->groups;
	const char *name = GROUP_OFFSETS_TOPIC;
	char segment[32];
	snprintf(segment, sizeof(segment), "%lld",
		 (long long)config_get_num(b->cfg, CFG_OFFSETS_TOPIC_SEGMENT_BYTES));
	struct meta_config cfgs[] = {
		{ .key = "cleanup.policy", .value = "compact" },
		{ .key = "segment.bytes", .value = segment },
	};
	struct topic_spec spec = {
		.name = name, .name_len = strlen(name),
		.partitions = (int32_t)config_get_num(b->cfg, CFG_OFFSETS_TOPIC_NUM_PARTITIONS),
		.replication_factor = 1, .configs = cfgs, .nconfigs = 2,
	};
	char msg[256];
	memset(&gc->creation, 0, sizeof(gc->creation));
	int16_t err = topic_create(b, &spec, now_ms, &gc->creation, msg, sizeof(msg));
	if (err) {
		say_error("cannot create %s: %s", name, msg);
		return 0;
	}
	gc->creating = 1;
	if (metasync_wait(b, on_topic_durable, gc))
		return 0;
	on_topic_durable(gc, 0);
	return gc->npartitions > 0;
}

/* A GroupMetadata record for g, or a tombstone once it has nothing to keep. */
static void on_persist(void *arg, const struct group *g)
{
	struct broker *b = arg;
	struct log *l = group_coord_log(b, g->id, strlen(g->id));
	if (!l)
		return;
	struct arena a;
	arena_init(&a, 1024);
	struct buf k = BUF_INIT, v = BUF_INIT;
	int64_t now = clock_wall_ms();
	group_meta_record(g, now, &k, &v, &a);
	struct group_rec rec = { k.data, (int32_t)k.len, v.data, (int32_t)v.len };
	int64_t last;
	if (group_coord_append(b, l, &rec, 1, now, &last) == KERR_NONE)
		flush_appended(b, l);
	buf_release(&k);
	buf_release(&v);
	arena_release(&a);
}

/* Tombstones for g's expired offsets (and for g when none stay), then the removal. */
static int expire_group(struct broker *b, struct group *g, int64_t now_ms)
{
	struct group_coord *gc = b->groups;
	size_t n = 0;
	for (size_t i = 0; i < g->noffsets; i++)
		n += group_offset_expired(g, &g->offsets[i], now_ms, gc->retention_ms);
	if (!n)
		return 0;
	struct log *l = group_coord_log(b, g->id, strlen(g->id));
	if (!l)
		return 0;
	/* A live group whose offsets of dropped topics expired stays. */
	int whole = n == g->noffsets && g->state == GROUP_EMPTY && !g->nmembers;
	struct arena a;
	arena_init(&a, 4096);
	struct buf *keys = arena_zalloc(&a, (n + 1) * sizeof(*keys));
	struct group_rec *recs = arena_zalloc(&a, (n + 1) * sizeof(*recs));
	size_t k = 0;
	for (size_t i = 0; i < g->noffsets; i++) {
		const struct group_offset *o = &g->offsets[i];
		if (!group_offset_expired(g, o, now_ms, gc->retention_ms))
			continue;
		group_offset_key_only(g->id, o->topic, strlen(o->topic), o->partition, &keys[k], &a);
		k++;
	}
	if (whole)
		group_meta_key_only(g->id, strlen(g->id), &keys[k++], &a);
	for (size_t i = 0; i < k; i++)
		recs[i] = (struct group_rec){ keys[i].data, (int32_t)keys[i].len, NULL, -1 };
	int64_t last;
	int16_t err = group_coord_append(b, l, recs, (int)k, now_ms, &last);
	for (size_t i = 0; i < k; i++)
		buf_release(&keys[i]);
	arena_release(&a);
	if (err)
		return 0;
	flush_appended(b, l);
	for (size_t i = g->noffsets; i-- > 0;) {
		const struct group_offset *o = &g->offsets[i];
		if (group_offset_expired(g, o, now_ms, gc->retention_ms))
			group_offset_delete(g, o->topic, strlen(o->topic), o->partition);
	}
	if (whole)
		groups_remove(&gc->groups, g);
	return (int)n;
}

int group_coord_expire(struct broker *b, int64_t now_ms)
{
	struct group_coord *gc = b->groups;
	int n = 0;
	if (!gc)
		return 0;
	for (size_t i = gc->groups.n; i-- > 0;)
		n += expire_group(b, gc->groups.v[i], now_ms);
	if (n)
		say_info("%s: %d committed offsets expired", GROUP_OFFSETS_TOPIC, n);
	return n;
}

static void on_tick(uv_timer_t *t)
{
	struct group_coord *gc = t->data;
	int64_t now = clock_wall_ms();
	groups_tick(&gc->groups, now);
	if (now >= gc->next_retention_ms) {
		gc->next_retention_ms = now + gc->retention_check_ms;
		group_coord_expire(gc->b, now);
	}
}

static void on_idle(uv_idle_t *h)
{
	struct group_coord *gc = h->data;
	struct group_wait *w = gc->ready;
	gc->ready = NULL;
	uv_idle_stop(&gc->idle);
	/* Requests answered while these resume go to the new list, for the next turn. */
	while (w) {
		struct group_wait *next = w->next;
		w->prev = w->next = NULL;
		w->r->on_abandon = NULL;
		req_resume(w->r, REQ_DONE);
		w = next;
	}
}

void group_wait_ready(struct broker *b, struct group_wait *w)
{
	struct group_coord *gc = b->groups;
	w->prev = NULL;
	w->next = gc->ready;
	if (gc->ready)
		gc->ready->prev = w;
	gc->ready = w;
	uv_idle_start(&gc->idle, on_idle);
}

void group_wait_unlink(struct broker *b, struct group_wait *w)
{
	struct group_coord *gc = b->groups;
	if (!gc)
		return;
	if (w->prev)
		w->prev->next = w->next;
	else if (gc->ready == w)
		gc->ready = w->next;
	if (w->next)
		w->next->prev = w->prev;
	w->prev = w->next = NULL;
}

/* How often sessions and rebalance deadlines are checked. */
#define GROUP_TICK_MS 100

int group_coord_open(struct broker *b, int64_t now_ms)
{
	struct group_coord *gc = calloc(1, sizeof(*gc));
	if (!gc)
		return -ENOMEM;
	groups_init(&gc->groups);
	gc->b = b;
	group_join_ops(&gc->groups.ops);
	gc->groups.ops.persist = on_persist;
	gc->groups.ops.arg = b;
	gc->groups.initial_delay_ms = b->cfg ? config_get_num(b->cfg, CFG_GROUP_INITIAL_REBALANCE_DELAY_MS) : 0;
	gc->groups.max_size = b->cfg ? (int32_t)config_get_num(b->cfg, CFG_GROUP_MAX_SIZE) : 0;
	gc->retention_ms = b->cfg ? config_get_num(b->cfg, CFG_OFFSETS_RETENTION_MINUTES) * 60000 : INT64_MAX / 2;
	gc->retention_check_ms = b->cfg ? config_get_num(b->cfg, CFG_OFFSETS_RETENTION_CHECK_INTERVAL_MS) : 600000;
	gc->next_retention_ms = now_ms + gc->retention_check_ms;
	gc->npartitions = existing_partitions(b);
	int skipped = 0;
	for (int32_t p = 0; p < gc->npartitions; p++) {
		struct log *l = log_dir_find(b->logs, GROUP_OFFSETS_TOPIC, p);
		if (!l)
			continue;
		int n = group_replay_log(&gc->groups, l, now_ms);
		if (n == -ENOMEM) {
			groups_release(&gc->groups);
			free(gc);
			return n;
		}
		skipped += n > 0 ? n : 0;
	}
	if (skipped)
		say_warn("%s: skipped %d records that do not parse", GROUP_OFFSETS_TOPIC, skipped);
	if (gc->groups.n)
		say_info("loaded %zu consumer groups from %s", gc->groups.n, GROUP_OFFSETS_TOPIC);
	b->groups = gc;
	uv_timer_init(b->loop, &gc->timer);
	gc->timer.data = gc;
	uv_timer_start(&gc->timer, on_tick, GROUP_TICK_MS, GROUP_TICK_MS);
	uv_idle_init(b->loop, &gc->idle);
	gc->idle.data = gc;
	return 0;
}

void group_coord_stop(struct broker *b)
{
	struct group_coord *gc = b->groups;
	if (!gc)
		return;
	uv_timer_stop(&gc->timer);
	/* Clients look for the coordinator again and find the restarted broker. */
	for (size_t i = 0; i < gc->groups.n; i++) {
		struct group *g = gc->groups.v[i];
		for (int j = 0; j < g->nmembers; j++) {
			struct group_member *m = &g->members[j];
			void *jw = m->join_waiter, *sw = m->sync_waiter;
			m->join_waiter = m->sync_waiter = NULL;
			if (jw)
				gc->groups.ops.join_done(gc->groups.ops.arg, jw, NULL, NULL,
							 KERR_COORDINATOR_NOT_AVAILABLE);
			if (sw)
				gc->groups.ops.sync_done(gc->groups.ops.arg, sw, NULL, NULL,
							 KERR_COORDINATOR_NOT_AVAILABLE);
		}
	}
	/* Answer them now: the broker's stop waits for these connections. */
	on_idle(&gc->idle);
}

static void on_idle_closed(uv_handle_t *h)
{
	free(h->data);
}

static void on_timer_closed(uv_handle_t *h)
{
	struct group_coord *gc = h->data;
	uv_close((uv_handle_t *)&gc->idle, on_idle_closed);
}

void group_coord_close(struct broker *b)
{
	struct group_coord *gc = b->groups;
	if (!gc)
		return;
	/* Whatever is still to resume has no connection left to answer on. */
	on_idle(&gc->idle);
	b->groups = NULL;
	groups_release(&gc->groups);
	uv_close((uv_handle_t *)&gc->timer, on_timer_closed);
}

int group_coord_ready(struct broker *b, int64_t now_ms)
{
	struct group_coord *gc = b->groups;
	if (gc && gc->npartitions > 0)
		return 1;
	if (!gc || !b->logs || !b->meta || gc->creating)
		return 0;
	return create_topic(b, now_ms);
}

int group_coord_creating(const struct broker *b)
{
	return b->groups && b->groups->creating;
}

struct log *group_coord_log(struct broker *b, const char *id, size_t len)
{
	if (!group_coord_ready(b, clock_wall_ms()))
		return NULL;
	int32_t p = group_partition_for(id, len, b->groups->npartitions);
	return log_dir_find(b->logs, GROUP_OFFSETS_TOPIC, p);
}

int16_t group_coord_append(struct broker *b, struct log *l, const struct group_rec *recs, int n,
			   int64_t now_ms, int64_t *last)
{
	struct batch_builder bb;
	struct buf batch = BUF_INIT;
	batch_builder_init(&bb, NULL);
	for (int i = 0; i < n; i++)
		batch_builder_add(&bb, now_ms, -1, recs[i].key, recs[i].key_len, recs[i].value,
				  recs[i].value_len, NULL, 0);
	int rc = batch_builder_finish(&bb, 0, -1, &batch);
	batch_builder_release(&bb);
	struct log_append_info info;
	if (!rc)
		rc = log_append(l, batch.data, batch.len, 0, now_ms, &info);
	buf_release(&batch);
	if (rc) {
		say_error("%s: cannot append group records: %s", log_path(l), kaf_strerror(rc));
		return KERR_COORDINATOR_NOT_AVAILABLE;	/* clients retry, maybe after a restart */
	}
	*last = info.last_offset;
	return KERR_NONE;
}

int16_t group_coord_fenced(const struct group *g, struct kstr member_id, struct kstr instance_id)
{
	return (int16_t)group_instance_fenced(g, member_id.p, member_id.len > 0 ? (size_t)member_id.len : 0,
					      instance_id.len >= 0 ? instance_id.p : NULL,
					      instance_id.len > 0 ? (size_t)instance_id.len : 0);
}
