/*
 * Produce, Fetch, ListOffsets and DeleteRecords against a broker with a
 * real log directory, over a socket: produced batches come back byte for
 * byte, acks=0 answers nothing yet appends, every produce error leaves the
 * log untouched, fetch limits and KIP-74, offsets by time, DeleteRecords,
 * and random bytes as records.
 */
#include "core/config/config.h"
#include "core/record/codec.h"
#include "net/proto/errors.h"
#include "net/proto/msg_cluster.h"
#include "tests/unit/net/brokertest.h"

static struct tb t;
static struct arena a;		/* responses; released now and then */
static int32_t corr = 1;

/* ---- requests ---- */

/* Produce records to one partition; the partition's answer in *out, or -1 / -2 (see tb_recv). */
static int produce(int fd, int version, int16_t acks, const char *topic, int32_t part,
		   const void *rec, int32_t len, struct produce_resp_partition_responses *out)
{
	struct produce_req_partition_data pd = { .index = part, .records = { .p = rec, .len = len } };
	struct produce_req_topic_data td = { .name = kstr_c(topic), .partition_data = { 1, &pd } };
	struct produce_req q = { .transactional_id = { NULL, -1 }, .acks = acks, .timeout_ms = 1000,
				 .topic_data = { 1, &td } };
	int32_t c = corr++;
	struct produce_resp resp;
	tb_send(fd, API_PRODUCE, version, c, &q);
	if (acks == 0)
		return 0;
	int64_t got = tb_recv(fd, API_PRODUCE, version, &resp, &a, 3000);
	if (got < 0)
		return (int)got;
	if (got != c || resp.responses.n != 1 || resp.responses.v[0].partition_responses.n != 1)
		return -1;
	*out = resp.responses.v[0].partition_responses.v[0];
	return out->error_code;
}

/* Produce a buffer; its error code (or -1/-2). */
static int produce_buf(int fd, int version, const char *topic, int32_t part, const struct buf *b,
		       int64_t *base)
{
	struct produce_resp_partition_responses out;
	int rc = produce(fd, version, 1, topic, part, b->data, (int32_t)b->len, &out);
	if (base)
		*base = rc == 0 ? out.base_offset : -1;
	return rc;
}

struct fpart {
	const char *topic;
	int32_t partition;
	int64_t offset;
	int32_t max_bytes;
	int32_t leader_epoch;
};

/* Partition 0 of the i-th topic; an error-filled one when the response has none (a failed check). */
static const struct fetch_resp_partitions *rpart(const struct fetch_resp *r, int i)
{
	static const struct fetch_resp_partitions missing = { .error_code = -100, .records = { NULL, -1 } };
	if (i >= r->responses.n || r->responses.v[i].partitions.n < 1)
		return &missing;
	return &r->responses.v[i].partitions.v[0];
}

/* One fetch of n partitions with the given limits; the whole response in *resp. */
static int64_t fetch(int fd, int version, const struct fpart *ps, int n, int32_t max_bytes,
		     int32_t min_bytes, int32_t max_wait, int8_t isolation, struct fetch_resp *resp)
{
	struct fetch_req_partitions rp[8];
	struct fetch_req_topics rt[8];
	for (int i = 0; i < n; i++) {
		rp[i] = (struct fetch_req_partitions){ .partition = ps[i].partition,
			.current_leader_epoch = ps[i].leader_epoch,
			.fetch_offset = ps[i].offset, .log_start_offset = -1,
			.partition_max_bytes = ps[i].max_bytes };
		rt[i] = (struct fetch_req_topics){ .topic = kstr_c(ps[i].topic), .partitions = { 1, &rp[i] } };
	}
	struct fetch_req q = { .replica_id = -1, .max_wait_ms = max_wait, .min_bytes = min_bytes,
			       .max_bytes = max_bytes, .isolation_level = isolation, .session_id = 0,
			       .session_epoch = -1, .topics = { n, rt }, .rack_id = kstr_c("") };
	int32_t c = corr++;
	tb_send(fd, API_FETCH, version, c, &q);
	int64_t got = tb_recv(fd, API_FETCH, version, resp, &a, 5000);
	return got == c ? 0 : -1;
}

/* Fetch one partition; its answer in *out. */
static int fetch1(int fd, int version, const char *topic, int32_t part, int64_t offset,
		  int32_t pmax, int32_t max_bytes, struct fetch_resp_partitions *out)
{
	struct fpart p = { topic, part, offset, pmax, -1 };
	struct fetch_resp resp;
	if (fetch(fd, version, &p, 1, max_bytes, 0, 0, 0, &resp) || resp.responses.n != 1 ||
	    resp.responses.v[0].partitions.n != 1)
		return -1;
	*out = resp.responses.v[0].partitions.v[0];
	return out->error_code;
}

/* ListOffsets of one partition: error code, *offset and *ts filled. */
static int list_offsets(int fd, int version, const char *topic, int32_t part, int64_t ts,
			int64_t *offset, int64_t *out_ts)
{
	struct list_offsets_req_partitions p = { .partition_index = part, .timestamp = ts };
	struct list_offsets_req_topics tp = { .name = kstr_c(topic), .partitions = { 1, &p } };
	struct list_offsets_req q = { .replica_id = -1, .topics = { 1, &tp } };
	struct list_offsets_resp resp;
	int32_t c = corr++;
	tb_send(fd, API_LIST_OFFSETS, version, c, &q);
	int64_t got = tb_recv(fd, API_LIST_OFFSETS, version, &resp, &a, 3000);
	if (got < 0)
		return (int)got;
	if (got != c || resp.topics.n != 1 || resp.topics.v[0].partitions.n != 1)
		return -1;
	*offset = resp.topics.v[0].partitions.v[0].offset;
	if (out_ts)
		*out_ts = resp.topics.v[0].partitions.v[0].timestamp;
	return resp.topics.v[0].partitions.v[0].error_code;
}

static int64_t log_end(int fd, const char *topic, int32_t part)
{
	int64_t off = -100;
	if (list_offsets(fd, 1, topic, part, -1, &off, NULL))
		return -100;
	return off;
}

static int delete_records(int fd, int version, const char *topic, int32_t part, int64_t offset,
			  int64_t *low)
{
	struct delete_records_req_partitions p = { .partition_index = part, .offset = offset };
	struct delete_records_req_topics tp = { .name = kstr_c(topic), .partitions = { 1, &p } };
	struct delete_records_req q = { .topics = { 1, &tp }, .timeout_ms = 1000 };
	struct delete_records_resp resp;
	int32_t c = corr++;
	tb_send(fd, API_DELETE_RECORDS, version, c, &q);
	int64_t got = tb_recv(fd, API_DELETE_RECORDS, version, &resp, &a, 3000);
	if (got != c || resp.topics.n != 1 || resp.topics.v[0].partitions.n != 1)
		return -1;
	*low = resp.topics.v[0].partitions.v[0].low_watermark;
	return resp.topics.v[0].partitions.v[0].error_code;
}

/* The batch as the log stores it: base offset and leader epoch patched. */
static void stored_form(struct buf *b, int64_t base)
{
	be64_put(b->data + BATCH_OFF_BASE_OFFSET, (uint64_t)base);
	be32_put(b->data + BATCH_OFF_LEADER_EPOCH, 0);
}

static void recrc(uint8_t *p, size_t n)
{
	be32_put(p + BATCH_OFF_CRC, batch_compute_crc(p, n));
}

/* ---- tests ---- */

static void test_round_trip(int fd)
{
	struct buf b1 = BUF_INIT, b2 = BUF_INIT, want = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	tb_batch(&b1, &o, 3, T0, 20);
	be64_put(b1.data, 12345);	/* whatever the producer put there */
	tb_batch(&b2, &o, 2, T0 + 10, 30);
	struct produce_resp_partition_responses pr;
	is_int(produce(fd, 7, 1, "rt", 0, b1.data, (int32_t)b1.len, &pr), 0, "produce v7 acks=1");
	is_int(pr.base_offset, 0, "first batch at offset 0");
	is_int(pr.log_append_time_ms, -1, "CreateTime topic: log append time -1");
	is_int(pr.log_start_offset, 0, "log start offset in v5+");
	is_int(produce(fd, 3, -1, "rt", 0, b2.data, (int32_t)b2.len, &pr), 0, "produce v3 acks=-1");
	is_int(pr.base_offset, 3, "second batch after the three records");
	stored_form(&b1, 0);
	stored_form(&b2, 3);
	buf_append(&want, b1.data, b1.len);
	buf_append(&want, b2.data, b2.len);

	static const int versions[] = { 4, 5, 7, 11 };
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		int v = versions[i];
		struct fetch_resp_partitions fp;
		is_int(fetch1(fd, v, "rt", 0, 0, 1 << 20, 1 << 20, &fp), 0, "fetch v%d from 0", v);
		ok(fp.records.len == (int32_t)want.len && !memcmp(fp.records.p, want.data, want.len),
		   "v%d: both batches byte for byte (%d bytes)", v, fp.records.len);
		ok(fp.high_watermark == 5 && fp.last_stable_offset == 5,
		   "v%d: high watermark and last stable offset 5", v);
		is_int(fp.log_start_offset, v >= 5 ? 0 : -1, "v%d: log start offset when the version has it", v);
		is_int(fp.aborted_transactions.n, -1, "v%d: aborted transactions null for read_uncommitted", v);
		if (v == 11)
			is_int(fp.preferred_read_replica, -1, "v11: no preferred read replica");
	}
	/* Offset inside the first batch: the whole batch comes back. */
	struct fetch_resp_partitions fp;
	is_int(fetch1(fd, 11, "rt", 0, 1, 1 << 20, 1 << 20, &fp), 0, "fetch from offset 1");
	is_int(fp.records.len, want.len, "from the start of the batch holding offset 1");
	is_int(fetch1(fd, 11, "rt", 0, 3, 1 << 20, 1 << 20, &fp), 0, "fetch from offset 3");
	ok(fp.records.len == (int32_t)b2.len && !memcmp(fp.records.p, b2.data, b2.len), "second batch only");
	is_int(fetch1(fd, 11, "rt", 0, 5, 1 << 20, 1 << 20, &fp), 0, "fetch at the log end: no error");
	ok(fp.records.len == 0 && fp.records.p != NULL, "empty records, not null");

	struct fetch_resp resp;
	struct fpart p = { "rt", 0, 0, 1 << 20, -1 };
	fetch(fd, 11, &p, 1, 1 << 20, 0, 0, 1, &resp);
	ok(resp.error_code == 0 && resp.session_id == 0, "v11: top-level error 0, session id 0");
	is_int(rpart(&resp, 0)->aborted_transactions.n, 0,
	       "read_committed: empty aborted transactions");
	is_int(rpart(&resp, 0)->last_stable_offset, 5, "read_committed: LSO = HWM");
	buf_release(&b1);
	buf_release(&b2);
	buf_release(&want);
}

static void test_acks0(int fd)
{
	struct buf b = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	tb_batch(&b, &o, 4, T0, 10);
	int64_t before = log_end(fd, "rt", 0);
	produce(fd, 7, 0, "rt", 0, b.data, (int32_t)b.len, NULL);
	/* list_offsets checks the correlation id: a stray produce answer would fail it. */
	int64_t off = -5;
	is_int(list_offsets(fd, 1, "rt", 0, -1, &off, NULL), 0, "acks=0: no response; the next request answers first");
	is_int(off, before + 4, "acks=0 appended the four records");

	/* Pipelined: acks=0 produces between requests keep the order. */
	produce(fd, 7, 0, "rt", 0, b.data, (int32_t)b.len, NULL);
	produce(fd, 7, 0, "rt", 0, b.data, (int32_t)b.len, NULL);
	is_int(log_end(fd, "rt", 0), before + 12, "two more acks=0 appends");

	/* An error with acks=0 closes the connection, as Kafka does. */
	int fd2 = tb_connect(&t);
	produce(fd2, 7, 0, "nope", 0, b.data, (int32_t)b.len, NULL);
	ok(tb_closed(fd2, 3000), "acks=0 to an unknown topic closes the connection");
	close(fd2);
	buf_release(&b);
}

/* Requests and batches Kafka refuses before looking at the records. */
static void produce_batch_errors(int fd, const struct buf *b)
{
	struct buf x = BUF_INIT;
	struct produce_resp_partition_responses pr;

	is_int(produce_buf(fd, 7, "nope", 0, b, NULL), KERR_UNKNOWN_TOPIC_OR_PARTITION, "unknown topic");
	is_int(produce_buf(fd, 7, "err", 9, b, NULL), KERR_UNKNOWN_TOPIC_OR_PARTITION, "unknown partition");
	is_int(produce_buf(fd, 7, "__cluster_metadata", 0, b, NULL), KERR_UNKNOWN_TOPIC_OR_PARTITION,
	       "the metadata log is not a topic");
	is_int(produce(fd, 7, 2, "err", 0, b->data, (int32_t)b->len, &pr), KERR_INVALID_REQUIRED_ACKS, "acks=2");
	is_int(pr.base_offset, -1, "base offset -1 on error");
	is_int(produce(fd, 7, -2, "err", 0, b->data, (int32_t)b->len, &pr), KERR_INVALID_REQUIRED_ACKS, "acks=-2");
	is_int(produce(fd, 7, 1, "err", 0, NULL, -1, &pr), KERR_INVALID_RECORD, "null records");
	is_int(produce(fd, 7, 1, "err", 0, "", 0, &pr), KERR_INVALID_RECORD, "empty records");

	buf_reset(&x);
	buf_append(&x, b->data, b->len);
	x.data[x.len - 1] ^= 1;
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_CORRUPT_MESSAGE, "CRC mismatch");
	x.len--;
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_CORRUPT_MESSAGE, "truncated batch");
	buf_reset(&x);
	buf_append(&x, b->data, 40);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_CORRUPT_MESSAGE, "shorter than a batch header");

	buf_reset(&x);
	buf_append(&x, b->data, b->len);
	x.data[BATCH_OFF_MAGIC] = 1;
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "magic 1");

	buf_reset(&x);
	buf_append(&x, b->data, b->len);
	buf_append(&x, b->data, b->len);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "two batches in one partition");
	x.len = b->len + 10;
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "trailing bytes after the batch");

	/* zstd needs Produce v7. */
	struct batch_opts oz = BATCH_OPTS_DEFAULT;
	oz.codec = CODEC_ZSTD;
	buf_reset(&x);
	tb_batch(&x, &oz, 5, T0, 100);
	is_int(produce_buf(fd, 6, "err", 0, &x, NULL), KERR_UNSUPPORTED_COMPRESSION_TYPE, "zstd with Produce v6");

	/* An unknown codec id (5), CRC fixed. */
	buf_reset(&x);
	buf_append(&x, b->data, b->len);
	be16_put(x.data + BATCH_OFF_ATTRIBUTES, 5);
	recrc(x.data, x.len);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_UNSUPPORTED_COMPRESSION_TYPE, "codec id 5");

	buf_release(&x);
}

/* Batches whose header and CRC are right but whose records are not what a producer sends. */
static void produce_record_errors(int fd, const struct buf *b)
{
	struct buf x = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT, oz = BATCH_OPTS_DEFAULT;
	struct batch_builder bb;
	oz.codec = CODEC_ZSTD;

	/* lastOffsetDelta must be recordsCount - 1 from a producer. */
	batch_builder_init(&bb, &o);
	for (int i = 0; i < 3; i++)
		batch_builder_add(&bb, T0, -1, "k", 1, "v", 1, NULL, 0);
	buf_reset(&x);
	batch_builder_finish(&bb, 0, 5, &x);
	batch_builder_release(&bb);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "lastOffsetDelta 5 for 3 records");

	/* A record's offset delta out of order (the batch's CRC made right again). */
	batch_builder_init(&bb, &o);
	batch_builder_add(&bb, T0, 0, "k", 1, "v", 1, NULL, 0);
	batch_builder_add(&bb, T0, 2, "k", 1, "v", 1, NULL, 0);
	buf_reset(&x);
	batch_builder_finish(&bb, 0, 1, &x);
	batch_builder_release(&bb);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "offset deltas 0, 2 in a batch of 2");

	buf_reset(&x);
	batch_builder_init(&bb, &o);
	batch_builder_finish(&bb, 0, -1, &x);
	batch_builder_release(&bb);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "a batch of no records");

	buf_reset(&x);
	batch_build_control(&x, 0, 7, 0, CONTROL_COMMIT, 0, T0);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "a control batch from a client");

	struct batch_opts op = BATCH_OPTS_DEFAULT;
	op.producer_id = 7;
	op.producer_epoch = 0;
	buf_reset(&x);
	tb_batch(&x, &op, 2, T0, 5);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "producer id without a sequence");

	/* Records that do not fill the batch: count says 4, three are there. */
	buf_reset(&x);
	buf_append(&x, b->data, b->len);
	be32_put(x.data + BATCH_OFF_RECORDS_COUNT, 4);
	be32_put(x.data + BATCH_OFF_LAST_OFFSET_DELTA, 3);
	recrc(x.data, x.len);
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), KERR_INVALID_RECORD, "records count beyond the records");

	/* A zstd batch whose compressed bytes are damaged, CRC made right. */
	buf_reset(&x);
	tb_batch(&x, &oz, 5, T0, 100);
	for (size_t i = BATCH_HEADER_SIZE + 4; i < x.len; i += 3)
		x.data[i] ^= 0x5a;
	recrc(x.data, x.len);
	int rc = produce_buf(fd, 7, "err", 0, &x, NULL);
	ok(rc == KERR_CORRUPT_MESSAGE || rc == KERR_INVALID_RECORD, "damaged zstd data refused (%d)", rc);

	buf_release(&x);
}

/* Each rejected produce, then the log end unchanged. */
static void test_produce_errors(int fd)
{
	struct buf b = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	int64_t end = log_end(fd, "err", 0);
	tb_batch(&b, &o, 3, T0, 40);
	produce_batch_errors(fd, &b);
	produce_record_errors(fd, &b);
	is_int(log_end(fd, "err", 0), end, "nothing was appended by any of them");
	buf_release(&b);
}

/* Limits and policies of the partition: max.message.bytes, compaction, a failed log. */
static void test_produce_topic_rules(int fd)
{
	struct buf b = BUF_INIT, x = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT, oz = BATCH_OPTS_DEFAULT;
	struct batch_builder bb;
	tb_batch(&b, &o, 3, T0, 40);

	/* max.message.bytes of the topic "small" is 200. */
	buf_reset(&x);
	tb_batch(&x, &o, 2, T0, 50);
	ok(x.len <= 200, "a %zu-byte batch", x.len);
	is_int(produce_buf(fd, 7, "small", 0, &x, NULL), 0, "fits max.message.bytes");
	buf_reset(&x);
	tb_batch(&x, &o, 3, T0, 60);
	is_int(produce_buf(fd, 7, "small", 0, &x, NULL), KERR_MESSAGE_TOO_LARGE,
	       "a %zu-byte batch over max.message.bytes=200", x.len);

	/* Compacted topics need keys. */
	batch_builder_init(&bb, &o);
	batch_builder_add(&bb, T0, -1, "k", 1, "v", 1, NULL, 0);
	batch_builder_add(&bb, T0, -1, NULL, -1, "v", 1, NULL, 0);
	buf_reset(&x);
	batch_builder_finish(&bb, 0, -1, &x);
	batch_builder_release(&bb);
	is_int(produce_buf(fd, 7, "compact", 0, &x, NULL), KERR_INVALID_RECORD, "null key on a compacted topic");
	is_int(produce_buf(fd, 7, "err", 0, &x, NULL), 0, "a null key is fine elsewhere");
	is_int(produce_buf(fd, 7, "compact", 0, &b, NULL), 0, "keyed records on a compacted topic");
	oz.codec = CODEC_ZSTD;
	buf_reset(&x);
	tb_batch(&x, &oz, 5, T0, 100);
	int64_t base;
	is_int(produce_buf(fd, 7, "compact", 0, &x, &base), 0, "zstd with Produce v7");
	is_int(base, 3, "after the three keyed records");

	/* LogAppendTime: the broker's clock in the answer and in the stored batch. */
	struct produce_resp_partition_responses pr;
	int64_t before = clock_wall_ms();
	is_int(produce(fd, 7, 1, "lat", 0, b.data, (int32_t)b.len, &pr), 0, "produce to a LogAppendTime topic");
	ok(pr.log_append_time_ms >= before && pr.log_append_time_ms <= clock_wall_ms(),
	   "log append time is the broker's clock");
	struct fetch_resp_partitions fp;
	fetch1(fd, 11, "lat", 0, 0, 1 << 20, 1 << 20, &fp);
	struct batch_header h;
	ok(fp.records.len == (int32_t)b.len && !batch_validate(fp.records.p, b.len, 0, &h) &&
	   (h.attributes & BATCH_ATTR_LOG_APPEND_TIME) && h.max_timestamp == pr.log_append_time_ms,
	   "stored with the LogAppendTime bit, that time and a CRC to match");

	/* A log that failed earlier refuses writes. */
	is_int(produce_buf(fd, 7, "failed", 0, &b, NULL), KERR_KAFKA_STORAGE_ERROR, "failed log: KAFKA_STORAGE_ERROR");
	buf_release(&b);
	buf_release(&x);
}

/* Several partitions in one request: each answered on its own. */
static void test_produce_multi(int fd)
{
	struct buf b = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	tb_batch(&b, &o, 3, T0, 40);
	struct produce_req_partition_data pd[3] = {
		{ .index = 0, .records = { b.data, (int32_t)b.len } },
		{ .index = 5, .records = { b.data, (int32_t)b.len } },
		{ .index = 1, .records = { b.data, (int32_t)b.len } },
	};
	struct produce_req_topic_data td = { .name = kstr_c("multi"), .partition_data = { 3, pd } };
	struct produce_req q = { .transactional_id = { NULL, -1 }, .acks = 1, .topic_data = { 1, &td } };
	struct produce_resp resp;
	int32_t c = corr++;
	tb_send(fd, API_PRODUCE, 7, c, &q);
	if (!ok(tb_recv(fd, API_PRODUCE, 7, &resp, &a, 3000) == c && resp.responses.n == 1 &&
		resp.responses.v[0].partition_responses.n == 3, "three partitions answered")) {
		buf_release(&b);
		return;
	}
	struct produce_resp_partition_responses *ps = resp.responses.v[0].partition_responses.v;
	ok(ps[0].index == 0 && ps[0].error_code == 0 && ps[0].base_offset == 0, "partition 0 appended");
	ok(ps[1].index == 5 && ps[1].error_code == KERR_UNKNOWN_TOPIC_OR_PARTITION, "partition 5 unknown");
	ok(ps[2].index == 1 && ps[2].error_code == 0 && ps[2].base_offset == 0, "partition 1 appended");
	buf_release(&b);
}

static const struct config *cfg_isr2;

static void test_min_insync(int fd)
{
	struct buf b = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	struct produce_resp_partition_responses pr;
	tb_batch(&b, &o, 1, T0, 5);
	/* The broker reads the config per request; the round trips order the switch. */
	t.b.cfg = cfg_isr2;
	is_int(produce(fd, 7, -1, "err", 0, b.data, (int32_t)b.len, &pr), KERR_NOT_ENOUGH_REPLICAS,
	       "acks=-1 with min.insync.replicas=2 on one node");
	is_int(produce(fd, 7, 1, "err", 0, b.data, (int32_t)b.len, &pr), 0, "acks=1 does not care");
	t.b.cfg = NULL;
	is_int(produce(fd, 7, -1, "err", 0, b.data, (int32_t)b.len, &pr), 0, "acks=-1 with min.insync.replicas=1");
	buf_release(&b);
}

/* Ten batches of about 120 bytes in "lim" 0 and 1, a 5000-byte batch in "big" 0. */
static void set_fetch_cap(struct tb *tt, void *arg)
{
	tt->b.opts.fetch_max_bytes = *(size_t *)arg;
}

static void test_fetch_limits(int fd)
{
	struct buf b = BUF_INIT, big = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	tb_batch(&b, &o, 2, T0, 20);
	size_t bl = b.len;
	for (int i = 0; i < 10; i++) {
		produce_buf(fd, 7, "lim", 0, &b, NULL);
		produce_buf(fd, 7, "lim", 1, &b, NULL);
	}
	tb_batch(&big, &o, 1, T0, 5000);
	produce_buf(fd, 7, "big", 0, &big, NULL);
	produce_buf(fd, 7, "big", 0, &b, NULL);

	struct fetch_resp_partitions fp;
	is_int(fetch1(fd, 11, "lim", 0, 0, (int32_t)(3 * bl + 10), 1 << 20, &fp), 0, "partition max 3.1 batches");
	is_int(fp.records.len, 3 * bl, "three whole batches");
	is_int(fetch1(fd, 11, "lim", 0, 0, 1 << 20, (int32_t)(4 * bl), &fp), 0, "max bytes exactly 4 batches");
	is_int(fp.records.len, 4 * bl, "four whole batches");
	is_int(fetch1(fd, 11, "lim", 0, 4, 1 << 20, 1 << 20, &fp), 0, "fetch from offset 4");
	is_int(fp.records.len, 8 * bl, "the last eight batches");

	/* KIP-74: the first partition with data gets one batch whatever the limits. */
	is_int(fetch1(fd, 11, "big", 0, 0, 100, 100, &fp), 0, "fetch a 5000-byte batch with 100-byte limits");
	is_int(fp.records.len, big.len, "the whole big batch, and only it");
	is_int(fetch1(fd, 11, "big", 0, 0, 0, 0, &fp), 0, "zero limits");
	is_int(fp.records.len, big.len, "still one batch");

	struct fetch_resp resp;
	struct fpart two[2] = { { "big", 0, 0, 100, -1 }, { "lim", 0, 0, 100, -1 } };
	fetch(fd, 11, two, 2, 100, 0, 0, 0, &resp);
	is_int(rpart(&resp, 0)->records.len, big.len, "first partition: the big batch");
	ok(rpart(&resp, 1)->records.len == 0 &&
	   rpart(&resp, 1)->error_code == 0,
	   "second partition: nothing over the limit, no error");
	struct fpart two2[2] = { { "big", 0, 3, 100, -1 }, { "big", 0, 0, 100, -1 } };
	fetch(fd, 11, two2, 2, 100, 0, 0, 0, &resp);
	ok(rpart(&resp, 0)->records.len == 0 &&
	   rpart(&resp, 1)->records.len == (int32_t)big.len,
	   "an empty first partition leaves the one-batch allowance to the next");

	/* MaxBytes spread over partitions: 5.5 batches in all, 4 per partition. */
	struct fpart lim2[2] = { { "lim", 0, 0, (int32_t)(4 * bl), -1 }, { "lim", 1, 0, (int32_t)(4 * bl), -1 } };
	fetch(fd, 11, lim2, 2, (int32_t)(5 * bl + bl / 2), 0, 0, 0, &resp);
	ok(rpart(&resp, 0)->records.len == (int32_t)(4 * bl) &&
	   rpart(&resp, 1)->records.len == (int32_t)bl,
	   "four batches from the first partition, one from the second");

	/* The broker's fetch.max.bytes bounds the answer below the request's MaxBytes. */
	size_t cap = 2 * bl + 10;
	tb_call(&t, set_fetch_cap, &cap);
	struct fpart lim3[2] = { { "lim", 0, 0, 1 << 20, -1 }, { "lim", 1, 0, 1 << 20, -1 } };
	fetch(fd, 11, lim3, 2, 1 << 20, 0, 0, 0, &resp);
	ok(rpart(&resp, 0)->records.len == (int32_t)(2 * bl) && rpart(&resp, 1)->records.len == 0 &&
	   rpart(&resp, 1)->error_code == 0,
	   "fetch.max.bytes of 2.1 batches: two batches, the second partition none");
	fetch(fd, 11, lim3, 2, (int32_t)bl, 0, 0, 0, &resp);
	ok(rpart(&resp, 0)->records.len == (int32_t)bl && rpart(&resp, 1)->records.len == 0,
	   "a request's MaxBytes below fetch.max.bytes still wins");
	is_int(fetch1(fd, 11, "big", 0, 0, 1 << 20, 1 << 20, &fp), 0, "a batch over fetch.max.bytes");
	is_int(fp.records.len, big.len, "comes whole, as the first with data");
	cap = 0;
	tb_call(&t, set_fetch_cap, &cap);
	fetch(fd, 11, lim3, 2, 1 << 20, 0, 0, 0, &resp);
	ok(rpart(&resp, 0)->records.len == (int32_t)(10 * bl) &&
	   rpart(&resp, 1)->records.len == (int32_t)(10 * bl), "no cap: every batch of both");
	buf_release(&b);
	buf_release(&big);
}

static void test_fetch_errors(int fd)
{
	struct fetch_resp_partitions fp;
	is_int(fetch1(fd, 11, "nope", 0, 0, 1000, 1000, &fp), KERR_UNKNOWN_TOPIC_OR_PARTITION, "fetch unknown topic");
	ok(fp.high_watermark == -1 && fp.last_stable_offset == -1 && fp.records.len == 0,
	   "unknown: HWM -1, LSO -1, empty records");
	is_int(fetch1(fd, 11, "rt", 3, 0, 1000, 1000, &fp), KERR_UNKNOWN_TOPIC_OR_PARTITION, "fetch unknown partition");
	int64_t end = log_end(fd, "rt", 0);
	is_int(fetch1(fd, 11, "rt", 0, end + 1, 1000, 1000, &fp), KERR_OFFSET_OUT_OF_RANGE, "offset past the log end");
	is_int(fp.high_watermark, end, "with the high watermark filled in");
	is_int(fetch1(fd, 11, "rt", 0, -1, 1000, 1000, &fp), KERR_OFFSET_OUT_OF_RANGE, "offset -1");

	struct fetch_resp resp;
	struct fpart pe = { "rt", 0, 0, 1000, 3 };
	fetch(fd, 11, &pe, 1, 1000, 0, 0, 0, &resp);
	is_int(rpart(&resp, 0)->error_code, KERR_UNKNOWN_LEADER_EPOCH, "leader epoch 3 is ahead of ours");
	pe.leader_epoch = 0;
	fetch(fd, 11, &pe, 1, 1000, 0, 0, 0, &resp);
	is_int(rpart(&resp, 0)->error_code, 0, "leader epoch 0 is ours");

	/* An incremental fetch of a session we never opened. */
	struct fetch_req_partitions rp = { .partition = 0, .fetch_offset = 0, .partition_max_bytes = 100,
					   .current_leader_epoch = -1, .log_start_offset = -1 };
	struct fetch_req_topics rt = { .topic = kstr_c("rt"), .partitions = { 1, &rp } };
	struct fetch_req q = { .replica_id = -1, .max_bytes = 1000, .session_id = 42, .session_epoch = 3,
			       .topics = { 1, &rt }, .rack_id = kstr_c("") };
	int32_t c = corr++;
	tb_send(fd, API_FETCH, 11, c, &q);
	ok(tb_recv(fd, API_FETCH, 11, &resp, &a, 3000) == c && resp.error_code == KERR_FETCH_SESSION_ID_NOT_FOUND &&
	   resp.responses.n == 0, "unknown fetch session: FETCH_SESSION_ID_NOT_FOUND");
}

/* "ts": 5 batches of 4 records, timestamps T0 + 100 * batch + record. */
static void test_list_offsets(int fd)
{
	struct buf b = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	for (int i = 0; i < 5; i++) {
		buf_reset(&b);
		tb_batch(&b, &o, 4, T0 + 100 * i, 10);
		produce_buf(fd, 7, "ts", 0, &b, NULL);
	}
	for (int v = 1; v <= 3; v++) {
		int64_t off = -5, ts = -5;
		is_int(list_offsets(fd, v, "ts", 0, -2, &off, &ts), 0, "v%d earliest", v);
		ok(off == 0 && ts == -1, "v%d earliest: offset 0, timestamp -1", v);
		is_int(list_offsets(fd, v, "ts", 0, -1, &off, &ts), 0, "v%d latest", v);
		ok(off == 20 && ts == -1, "v%d latest: offset 20 (the high watermark), timestamp -1", v);
		is_int(list_offsets(fd, v, "ts", 0, T0 + 202, &off, &ts), 0, "v%d by time", v);
		ok(off == 10 && ts == T0 + 202, "v%d: T0+202 is offset 10 (got %lld at %lld)", v, (long long)off,
		   (long long)(ts - T0));
		list_offsets(fd, v, "ts", 0, T0 + 250, &off, &ts);
		ok(off == 12 && ts == T0 + 300, "v%d: T0+250 finds the next record, offset 12 at T0+300", v);
		list_offsets(fd, v, "ts", 0, 0, &off, &ts);
		ok(off == 0 && ts == T0, "v%d: timestamp 0 is the first record", v);
		is_int(list_offsets(fd, v, "ts", 0, T0 + 10000, &off, &ts), 0, "v%d: after every record: no error", v);
		ok(off == -1 && ts == -1, "v%d: offset -1, timestamp -1", v);
		is_int(list_offsets(fd, v, "nope", 0, -1, &off, &ts), KERR_UNKNOWN_TOPIC_OR_PARTITION, "v%d unknown topic", v);
		ok(off == -1 && ts == -1, "v%d unknown: -1 / -1", v);
	}
	buf_release(&b);
}

static void test_delete_records(int fd)
{
	int64_t low = -5, off;
	struct fetch_resp_partitions fp;
	for (int v = 0; v <= 1; v++)
		is_int(delete_records(fd, v, "nope", 0, 0, &low), KERR_UNKNOWN_TOPIC_OR_PARTITION, "v%d unknown", v);
	is_int(delete_records(fd, 1, "ts", 0, 21, &low), KERR_OFFSET_OUT_OF_RANGE, "past the high watermark");
	is_int(delete_records(fd, 1, "ts", 0, -5, &low), KERR_OFFSET_OUT_OF_RANGE, "offset -5");
	is_int(delete_records(fd, 0, "ts", 0, 6, &low), 0, "delete before offset 6");
	is_int(low, 6, "low watermark 6");
	is_int(delete_records(fd, 1, "ts", 0, 2, &low), 0, "delete below the start: nothing to do");
	is_int(low, 6, "low watermark stays 6");
	is_int(fetch1(fd, 11, "ts", 0, 5, 1000, 1000, &fp), KERR_OFFSET_OUT_OF_RANGE, "fetch below the new start");
	is_int(fp.log_start_offset, 6, "with the log start offset");
	is_int(fetch1(fd, 11, "ts", 0, 6, 1 << 20, 1 << 20, &fp), 0, "fetch at the new start");
	ok(fp.records.len > 0 && be64_get(fp.records.p) == 4, "from the batch holding offset 6 (base 4)");
	list_offsets(fd, 2, "ts", 0, -2, &off, NULL);
	is_int(off, 6, "ListOffsets earliest follows");
	list_offsets(fd, 2, "ts", 0, T0, &off, NULL);
	is_int(off, 6, "by time: nothing below the log start");
	is_int(delete_records(fd, 1, "ts", 0, -1, &low), 0, "delete up to the high watermark (-1)");
	is_int(low, 20, "low watermark 20");
	is_int(fetch1(fd, 11, "ts", 0, 20, 1000, 1000, &fp), 0, "fetch at the end of an emptied log");
	is_int(delete_records(fd, 1, "compact", 0, 1, &low), KERR_POLICY_VIOLATION, "compacted topic: POLICY_VIOLATION");
}

/* Random bytes as records never crash and never append; mutated valid batches append only whole. */
static void test_random_records(int fd)
{
	uint8_t rnd[400];
	int64_t end = log_end(fd, "fuzz", 0);
	unsigned seed = 12345;
	int answered = 0, crc_fixed = 0;
	for (int i = 0; i < 3000; i++) {
		size_t n = (size_t)(rand_r(&seed) % sizeof(rnd));
		for (size_t j = 0; j < n; j++)
			rnd[j] = (uint8_t)rand_r(&seed);
		if (i % 2 && n >= BATCH_HEADER_SIZE) {
			/* Past the header checks and the CRC, into the records. */
			be32_put(rnd + BATCH_OFF_LENGTH, (uint32_t)(n - BATCH_LOG_OVERHEAD));
			rnd[BATCH_OFF_MAGIC] = 2;
			rnd[BATCH_OFF_ATTRIBUTES] = 0;
			rnd[BATCH_OFF_ATTRIBUTES + 1] &= 0x07;
			if (i % 4 == 1) {
				int32_t cnt = rand_r(&seed) % 4 + 1;
				be32_put(rnd + BATCH_OFF_RECORDS_COUNT, (uint32_t)cnt);
				be32_put(rnd + BATCH_OFF_LAST_OFFSET_DELTA, (uint32_t)(cnt - 1));
				be64_put(rnd + BATCH_OFF_PRODUCER_ID, (uint64_t)-1);
			}
			recrc(rnd, n);
			crc_fixed++;
		}
		struct produce_resp_partition_responses pr;
		int rc = produce(fd, 7, 1, "fuzz", 0, rnd, (int32_t)n, &pr);
		arena_release(&a);
		if (rc <= 0) {
			ok(0, "random records #%d (%zu bytes) answered %d", i, n, rc);
			break;
		}
		answered++;
	}
	is_int(answered, 3000, "3000 random record sets refused (%d with a right CRC)", crc_fixed);
	is_int(log_end(fd, "fuzz", 0), end, "none appended");

	/* Flip bytes of a valid batch and fix its CRC: refused, or appended whole. */
	struct buf b = BUF_INIT, x = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	tb_batch(&b, &o, 5, T0, 16);
	int64_t next = end;
	int accepted = 0, bad = 0;
	for (int i = 0; i < 3000; i++) {
		buf_reset(&x);
		buf_append(&x, b.data, b.len);
		int flips = rand_r(&seed) % 3 + 1;
		for (int k = 0; k < flips; k++)
			x.data[BATCH_OFF_ATTRIBUTES + (size_t)rand_r(&seed) % (x.len - BATCH_OFF_ATTRIBUTES)] ^=
				(uint8_t)(1 + rand_r(&seed) % 255);
		recrc(x.data, x.len);
		struct produce_resp_partition_responses pr;
		int rc = produce(fd, 7, 1, "fuzz", 0, x.data, (int32_t)x.len, &pr);
		arena_release(&a);
		if (rc == 0) {
			struct batch_header h;
			batch_header_parse(x.data, x.len, &h);
			bad += pr.base_offset != next;
			next += h.records_count;
			accepted++;
		} else if (rc < 0) {
			bad++;
		}
	}
	is_int(bad, 0, "3000 mutated batches answered, offsets consistent (%d accepted)", accepted);
	is_int(log_end(fd, "fuzz", 0), next, "the log end counts exactly the accepted records");
	struct fetch_resp_partitions fp;
	int64_t off = end;
	int walked = 0, whole = 1;
	while (off < next && fetch1(fd, 11, "fuzz", 0, off, 1 << 20, 1 << 20, &fp) == 0 && fp.records.len > 0) {
		size_t pos = 0;
		while (pos < (size_t)fp.records.len) {
			struct batch_header h;
			if (batch_validate(fp.records.p + pos, (size_t)fp.records.len - pos, 0, &h) ||
			    batch_validate_records(fp.records.p + pos, batch_total_size(&h), 1 << 20)) {
				whole = 0;
				break;
			}
			off = batch_last_offset(&h) + 1;
			pos += batch_total_size(&h);
			walked++;
		}
		if (!whole)
			break;
		arena_release(&a);
	}
	ok(whole && walked == accepted && off == next, "every stored batch reads back valid (%d)", walked);
	buf_release(&b);
	buf_release(&x);
}

/*
 * Produce is advertised from v0 (librdkafka compresses with gzip, snappy
 * and lz4 only then) but served from v3: an older request closes the
 * connection, and v3 itself works.
 */
static void test_produce_versions(void)
{
	int fd = tb_connect(&t);
	struct api_versions_req av = { 0 };
	struct api_versions_resp avr;
	int32_t c = corr++;
	tb_send(fd, API_API_VERSIONS, 2, c, &av);
	int min = -1, max = -1;
	if (tb_recv(fd, API_API_VERSIONS, 2, &avr, &a, 3000) == c)
		for (int i = 0; i < avr.api_keys.n; i++)
			if (avr.api_keys.v[i].api_key == API_PRODUCE) {
				min = avr.api_keys.v[i].min_version;
				max = avr.api_keys.v[i].max_version;
			}
	ok(min == 0 && max == 7, "ApiVersions advertises Produce 0-7 (got %d-%d)", min, max);

	struct buf b = BUF_INIT;
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	tb_batch(&b, &o, 1, T0, 4);
	int64_t base = -1;
	is_int(produce_buf(fd, 3, "rt", 0, &b, &base), 0, "Produce v3 is served");

	/* Produce v2: header, then acks, timeout and an empty topic array. */
	static const uint8_t v2[] = { 0, 0, 0, 20, 0, 0, 0, 2, 0, 0, 0, 9, 0, 1, 't',
				      0xff, 0xff, 0, 0, 3, 0xe8, 0, 0, 0, 0 };
	tb_write_all(fd, v2, sizeof(v2));
	ok(tb_closed(fd, 3000), "Produce v2 closes the connection");
	close(fd);
	buf_release(&b);
}

int main(void)
{
	tb_open(&t);
	struct log_config small = t.cfg, compact = t.cfg;
	small.max_message_bytes = 200;
	compact.cleanup_policy = LOG_CLEANUP_COMPACT;
	tb_create(&t, "rt", 0, NULL);
	tb_create(&t, "err", 0, NULL);
	tb_create(&t, "small", 0, &small);
	tb_create(&t, "compact", 0, &compact);
	struct log_config lat = t.cfg;
	lat.log_append_time = 1;
	tb_create(&t, "lat", 0, &lat);
	tb_create(&t, "multi", 0, NULL);
	tb_create(&t, "multi", 1, NULL);
	tb_create(&t, "lim", 0, NULL);
	tb_create(&t, "lim", 1, NULL);
	tb_create(&t, "big", 0, NULL);
	tb_create(&t, "ts", 0, NULL);
	tb_create(&t, "fuzz", 0, NULL);
	tb_create(&t, "__cluster_metadata", 0, NULL);
	/* A log whose directory vanished fails its next roll and refuses writes from then on. */
	struct log *failed = tb_create(&t, "failed", 0, NULL);
	struct buf fb = BUF_INIT;
	struct batch_opts fo = BATCH_OPTS_DEFAULT;
	tb_batch(&fb, &fo, 1, T0, 1);
	log_append(failed, fb.data, fb.len, 0, T0, NULL);
	buf_release(&fb);
	rm_rf(log_path(failed));
	ok(log_roll(failed, T0) != 0, "the failed log's roll fails");
	struct config *isr2 = config_new();
	config_set_override(isr2, "min.insync.replicas=2");
	cfg_isr2 = isr2;
	tb_run(&t);
	arena_init(&a, 1 << 16);

	int fd = tb_connect(&t);
	ok(fd >= 0, "client connects");
	test_round_trip(fd);
	test_acks0(fd);
	test_produce_errors(fd);
	test_produce_versions();
	test_produce_topic_rules(fd);
	test_produce_multi(fd);
	test_min_insync(fd);
	test_fetch_limits(fd);
	test_fetch_errors(fd);
	test_list_offsets(fd);
	test_delete_records(fd);
	arena_release(&a);
	test_random_records(fd);
	close(fd);

	arena_release(&a);
	is_int(tb_close(&t), 0, "every handle closed");
	config_free(isr2);
	return tap_done();
}
