/*
 * ListOffsets v1-3: per partition the offset for a timestamp. -2 is the
 * earliest offset (the log start), -1 the latest (the high watermark, which
 * is also the last stable offset that READ_COMMITTED asks for in v2+), both
 * with timestamp -1; any other value finds the first record at or after
 * that time, answering its offset and timestamp, or -1 / -1 with no error
 * when no record is that late (as Kafka answers).
 */
#include "net/api/api.h"
#include "net/api/datapath.h"
#include "net/proto/errors.h"
#include "net/proto/msg_data.h"
#include "core/base/err.h"
#include "core/log/log.h"

#define LIST_OFFSETS_LATEST (-1)
#define LIST_OFFSETS_EARLIEST (-2)

static int16_t list_partition(struct req *r, struct kstr topic,
			      const struct list_offsets_req_partitions *in,
			      struct list_offsets_resp_partitions *out)
{
	struct log *l = datapath_log(r, topic, in->partition_index);
	if (!l)
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	if (in->timestamp == LIST_OFFSETS_EARLIEST) {
		out->offset = log_start_offset(l);
		return KERR_NONE;
	}
	if (in->timestamp == LIST_OFFSETS_LATEST) {
		out->offset = log_end_offset(l);
		return KERR_NONE;
	}
	int64_t offset, ts;
	int rc = log_offset_for_timestamp(l, in->timestamp, &offset, &ts);
	if (rc == KAF_ENOTFOUND)
		return KERR_NONE;
	if (rc)
		return datapath_storage_error(rc);
	out->offset = offset;
	out->timestamp = ts;
	return KERR_NONE;
}

enum req_status api_list_offsets(struct req *r)
{
	const struct list_offsets_req *q = r->body;
	struct list_offsets_resp *resp = r->resp;

	resp->topics.n = q->topics.n;
	resp->topics.v = arena_zalloc(&r->arena, (size_t)q->topics.n * sizeof(*resp->topics.v));
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct list_offsets_req_topics *t = &q->topics.v[i];
		struct list_offsets_resp_topics *rt = &resp->topics.v[i];
		rt->name = t->name;
		rt->partitions.n = t->partitions.n;
		rt->partitions.v = arena_zalloc(&r->arena, (size_t)t->partitions.n * sizeof(*rt->partitions.v));
		for (int32_t j = 0; j < t->partitions.n; j++) {
			struct list_offsets_resp_partitions *out = &rt->partitions.v[j];
			out->partition_index = t->partitions.v[j].partition_index;
			out->timestamp = -1;
			out->offset = -1;
			out->error_code = list_partition(r, t->name, &t->partitions.v[j], out);
		}
	}
	return REQ_DONE;
}
