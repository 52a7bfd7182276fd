/*
 * DeleteRecords v0-1: raise a partition's log start offset to the given
 * offset (-1 = the high watermark); whole segments below it go at once.
 * The answer's low watermark is the log start offset afterwards. Topics
 * with cleanup.policy=compact alone refuse, as Kafka does: their records
 * leave by key, not by offset.
 */
#include "net/api/api.h"
#include "net/api/datapath.h"
#include "net/proto/errors.h"
#include "net/proto/msg_data.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/log/log.h"

#define DELETE_TO_HIGH_WATERMARK (-1)

static int16_t delete_partition(struct req *r, struct kstr topic,
				const struct delete_records_req_partitions *in,
				struct delete_records_resp_partitions *out)
{
	struct log *l = datapath_log(r, topic, in->partition_index);
	if (!l)
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	if (!(log_get_config(l)->cleanup_policy & LOG_CLEANUP_DELETE))
		return KERR_POLICY_VIOLATION;
	int64_t hwm = log_end_offset(l);
	int64_t offset = in->offset == DELETE_TO_HIGH_WATERMARK ? hwm : in->offset;
	if (offset < 0 || offset > hwm)
		return KERR_OFFSET_OUT_OF_RANGE;
	int rc = log_delete_records_before(l, offset);
	if (rc) {
		say_debug("delete records of %s: %s", log_path(l), kaf_strerror(rc));
		return datapath_storage_error(rc);
	}
	out->low_watermark = log_start_offset(l);
	return KERR_NONE;
}

enum req_status api_delete_records(struct req *r)
{
	const struct delete_records_req *q = r->body;
	struct delete_records_resp *resp = r->resp;

	resp->topics.n = q->topics.n;
	resp->topics.v = arena_zalloc(&r->arena, (size_t)q->topics.n * sizeof(*resp->topics.v));
	for (int32_t i = 0; i < q->topics.n; i++) {
		const struct delete_records_req_topics *t = &q->topics.v[i];
		struct delete_records_resp_topics *rt = &resp->topics.v[i];
		rt->name = t->name;
		rt->partitions.n = t->partitions.n;
		rt->partitions.v = arena_zalloc(&r->arena, (size_t)t->partitions.n * sizeof(*rt->partitions.v));
		for (int32_t j = 0; j < t->partitions.n; j++) {
			struct delete_records_resp_partitions *out = &rt->partitions.v[j];
			out->partition_index = t->partitions.v[j].partition_index;
			out->low_watermark = -1;
			out->error_code = delete_partition(r, t->name, &t->partitions.v[j], out);
		}
	}
	return REQ_DONE;
}
