/* The group coordinator's start-up, its partitions of __consumer_offsets and appends to them. */
#include "net/api/group_coord.h"
#include "net/api/topic_ops.h"
#include "net/broker.h"
#include "net/flush.h"
#include "net/proto/errors.h"
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

static int create_topic(struct broker *b, int64_t now_ms, int32_t *nparts)
{
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
	int16_t err = topic_create(b, &spec, now_ms, msg, sizeof(msg));
	if (err) {
		say_error("cannot create %s: %s", name, msg);
		return KAF_ESTATE;
	}
	*nparts = spec.partitions;
	return 0;
}

int group_coord_open(struct broker *b, int64_t now_ms)
{
	struct group_coord *gc = calloc(1, sizeof(*gc));
	if (!gc)
		return -ENOMEM;
	groups_init(&gc->groups);
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
	return 0;
}

void group_coord_close(struct broker *b)
{
	if (!b->groups)
		return;
	groups_release(&b->groups->groups);
	free(b->groups);
	b->groups = NULL;
}

int group_coord_ready(struct broker *b, int64_t now_ms)
{
	struct group_coord *gc = b->groups;
	if (!gc || !b->logs || !b->meta)
		return 0;
	if (gc->npartitions > 0)
		return 1;
	if (create_topic(b, now_ms, &gc->npartitions))
		return 0;
	return 1;
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
