#!/bin/sh
# confluent-kafka 1.7 (librdkafka 2.0.2) against kaf server. Producer: acks
# all, 0 and 1, gzip, lz4 and zstd, 20000 messages per codec with linger so
# that librdkafka really batches and pipelines, delivery callbacks with
# partition and offset. Consumer: a group.id (librdkafka wants one) but
# assign() with explicit offsets and no commits, as consumer groups do not
# exist yet; it reads read_committed by default, which needs the last stable
# offset to equal the high watermark. Then get_watermark_offsets,
# offsets_for_times and a consumer waiting at the end.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3


check "server starts" start_server || { finish; exit 1; }

timeout 55 $PY - "$bootstrap" >"$tmp/ck.out" 2>"$tmp/ck.err" <<'PYEOF'
import sys, time
from confluent_kafka import (Producer, Consumer, TopicPartition, OFFSET_BEGINNING, OFFSET_END,
                             TIMESTAMP_LOG_APPEND_TIME)
from confluent_kafka.admin import AdminClient, NewTopic

bs = sys.argv[1]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()
    return cond

a = AdminClient({"bootstrap.servers": bs})
for f in a.create_topics([NewTopic("ck", 4, 1), NewTopic("ckts", 1, 1)]).values():
    f.result(10)

N = 20000
delivered = {}   # (partition, offset) -> (key, value, timestamp)
errors = []
def on_delivery(err, msg):
    if err:
        errors.append(err.name())
    else:
        delivered[(msg.partition(), msg.offset())] = (msg.key(), msg.value(), msg.timestamp()[1])

def produce_many(conf, n, tag, topic="ck"):
    p = Producer(dict({"bootstrap.servers": bs, "linger.ms": 20, "message.timeout.ms": 20000}, **conf))
    t0 = time.time()
    for i in range(n):
        key = b"%s-%d" % (tag, i % 500)
        val = b"%s value %08d " % (tag, i) + b"x" * (i % 40)
        while True:
            try:
                p.produce(topic, value=val, key=key, headers=[("i", b"%d" % i), ("tag", tag)],
                          on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.05)
        if i % 1000 == 0:
            p.poll(0)
    left = p.flush(30)
    return left, time.time() - t0

for codec in ("zstd", "gzip", "lz4"):
    before = len(delivered)
    left, took = produce_many({"acks": "all", "compression.codec": codec}, N, codec.encode())
    check(left == 0 and not errors and len(delivered) - before == N,
          "acks=all %s: %d messages delivered with offsets" % (codec, N),
          (left, errors[:3], len(delivered) - before))
    print("%s: %d messages in %.2f s" % (codec, N, took))
    sys.stdout.flush()

# acks=1 and acks=0 (librdkafka reports acks=0 deliveries without an offset).
left, _ = produce_many({"acks": "1"}, 1000, b"acks1")
check(left == 0 and not errors, "acks=1: 1000 messages delivered")
delivered_before = len(delivered)
acked0 = []
p = Producer({"bootstrap.servers": bs, "acks": "0", "linger.ms": 5})
for i in range(1000):
    p.produce("ck", value=b"acks0 %d" % i, key=b"acks0",
              on_delivery=lambda err, msg: acked0.append((err, msg.offset())))
left = p.flush(10)
check(left == 0 and len(acked0) == 1000 and all(e is None for e, _ in acked0),
      "acks=0: 1000 messages reported sent", (left, len(acked0)))

parts = {}
for (pa, off) in delivered:
    parts.setdefault(pa, []).append(off)
total = len(delivered) + 1000
c = Consumer({"bootstrap.servers": bs, "group.id": "kaf-test-assign", "enable.auto.commit": False,
              "auto.offset.reset": "error", "fetch.wait.max.ms": 100, "check.crcs": True})
# acks=0 returns once the bytes are sent: give the broker a moment to append them.
t0 = time.time()
while True:
    wm = {pa: c.get_watermark_offsets(TopicPartition("ck", pa), timeout=5, cached=False) for pa in range(4)}
    if sum(h for _, h in wm.values()) >= total or time.time() - t0 > 5:
        break
    time.sleep(0.1)
check(sum(h for _, h in wm.values()) == total and all(lo == 0 for lo, _ in wm.values()),
      "get_watermark_offsets: low 0, highs add up to every message", wm)
# acks=1/all offsets leave exactly the holes the acks=0 messages filled.
holes = sum(wm[pa][1] - len(parts.get(pa, [])) for pa in range(4))
check(holes == 1000 and all(len(set(v)) == len(v) for v in parts.values()),
      "acknowledged offsets are distinct and leave room for the 1000 acks=0 ones", holes)

# isolation.level is left at librdkafka's default, read_committed: it reads up
# to the last stable offset, which must be the high watermark here.
c.assign([TopicPartition("ck", pa, OFFSET_BEGINNING) for pa in range(4)])
got = {}
acks0_seen = 0
t0 = time.time()
while len(got) + acks0_seen < total and time.time() - t0 < 25:
    for m in c.consume(10000, 0.5):
        if m.error():
            print("consume error", m.error())
            continue
        if m.key() == b"acks0":
            acks0_seen += 1
            continue
        got[(m.partition(), m.offset())] = (m.key(), m.value(), m.timestamp()[1],
                                             dict(m.headers()))
took = time.time() - t0
check(len(got) + acks0_seen == total, "read_committed consumer reads all %d messages, CRCs checked" % total,
      (len(got), acks0_seen))
print("consumed %d messages in %.2f s" % (total, took))
bad = [k for k, v in delivered.items()
       if k not in got or got[k][:3] != v or got[k][3].get("i") is None]
check(not bad, "every delivered message is read at its delivered offset with key, value, timestamp",
      bad[:3])
pos = c.position([TopicPartition("ck", pa) for pa in range(4)])
check(all(tp.offset == wm[tp.partition][1] for tp in pos), "positions end at the high watermarks",
      [(tp.partition, tp.offset) for tp in pos])
c.close()

# The same with read_uncommitted, from an absolute offset on one partition.
c = Consumer({"bootstrap.servers": bs, "group.id": "kaf-test-assign", "enable.auto.commit": False,
              "isolation.level": "read_uncommitted", "fetch.wait.max.ms": 100})
start = wm[2][1] - 50
c.assign([TopicPartition("ck", 2, start)])
offs = []
t0 = time.time()
while len(offs) < 50 and time.time() - t0 < 10:
    offs += [m.offset() for m in c.consume(100, 0.5) if not m.error()]
check(offs == list(range(start, wm[2][1])), "read_uncommitted from offset %d reads the last 50" % start)
c.close()

# Timestamps: 100 messages at BASE + 10 * i.
BASE = int(time.time() * 1000) - 600000
p = Producer({"bootstrap.servers": bs, "linger.ms": 5})
for i in range(100):
    p.produce("ckts", value=b"t%d" % i, timestamp=BASE + 10 * i)
p.flush(10)
c = Consumer({"bootstrap.servers": bs, "group.id": "kaf-test-assign", "enable.auto.commit": False})
# One partition per call: librdkafka merges duplicates in one list.
r = [c.offsets_for_times([TopicPartition("ckts", 0, t)], timeout=5)[0] for t in (BASE + 55, BASE)]
check(r[0].offset == 6 and r[1].offset == 0, "offsets_for_times finds the first message at or after",
      [(x.offset, x.error) for x in r])
r = c.offsets_for_times([TopicPartition("ckts", 0, BASE + 10 ** 8)], timeout=5)
check(r[0].offset == OFFSET_END, "offsets_for_times after the last message is the end (-1)", r[0].offset)
c.assign([TopicPartition("ckts", 0, 6)])
m = None
t0 = time.time()
while m is None and time.time() - t0 < 5:
    m = c.poll(0.5)
check(m is not None and m.value() == b"t6" and m.timestamp()[1] == BASE + 60,
      "assigned at that offset, the message has its CreateTime", m and m.timestamp())
c.close()

# A LogAppendTime topic: the broker's clock stamps each batch, and the
# delivery report and the consumer both see that time, not the producer's.
for f in a.create_topics([NewTopic("cklat", 1, 1, config={"message.timestamp.type": "LogAppendTime"})]).values():
    f.result(10)
reports = []
p = Producer({"bootstrap.servers": bs, "linger.ms": 5})
t_before = int(time.time() * 1000)
for i in range(5):
    p.produce("cklat", value=b"lat%d" % i, timestamp=1000 + i,
              on_delivery=lambda err, msg: reports.append((err, msg.offset(), msg.timestamp())))
p.flush(10)
t_after = int(time.time() * 1000)
check(len(reports) == 5 and all(e is None and ts[0] == TIMESTAMP_LOG_APPEND_TIME and t_before <= ts[1] <= t_after
                                for e, _, ts in reports),
      "LogAppendTime: delivery reports carry the broker's append time", reports[:2])
c = Consumer({"bootstrap.servers": bs, "group.id": "kaf-test-assign", "enable.auto.commit": False})
c.assign([TopicPartition("cklat", 0, 0)])
lat = []
t0 = time.time()
while len(lat) < 5 and time.time() - t0 < 5:
    lat += [m for m in c.consume(10, 0.5) if not m.error()]
check([m.timestamp() for m in lat] == [ts for _, _, ts in sorted(reports, key=lambda r: r[1])],
      "LogAppendTime: the consumer reads the same timestamps", [m.timestamp() for m in lat][:2])
c.close()

# A consumer waiting at the end of all four partitions receives new messages.
c = Consumer({"bootstrap.servers": bs, "group.id": "kaf-test-assign", "enable.auto.commit": False,
              "fetch.wait.max.ms": 2000})
# At the high watermarks read now (OFFSET_END would be resolved later, racing the producer).
ends = [c.get_watermark_offsets(TopicPartition("ck", pa), timeout=5, cached=False)[1] for pa in range(4)]
c.assign([TopicPartition("ck", pa, ends[pa]) for pa in range(4)])
c.poll(0.5)
p = Producer({"bootstrap.servers": bs, "linger.ms": 5})
t0 = time.time()
for i in range(1000):
    p.produce("ck", value=b"tail %d" % i, key=b"%d" % i)
p.flush(10)
flushed = time.time() - t0
tail = []
while len(tail) < 1000 and time.time() - t0 < 10:
    tail += [m.value() for m in c.consume(1000, 0.2) if not m.error()]
check(sorted(tail) == sorted(b"tail %d" % i for i in range(1000)),
      "a consumer at the end receives 1000 new messages", len(tail))
print("tail: produced in %.2f s, consumed after %.2f s" % (flushed, time.time() - t0))
c.close()
print("done")
PYEOF
rc=$?
tap_from "$tmp/ck.out"
check "the confluent-kafka script runs to the end" test "$rc" -eq 0 -a "$(tail -1 "$tmp/ck.out")" = done ||
	tail -20 "$tmp/ck.err" | show

# assign() without an offset starts at the group's committed offset: librdkafka
# then waits for a group coordinator, which needs FindCoordinator and
# OffsetFetch. It also waits for one in close() when enable.auto.commit is on.
skip "assign() without an offset reads from the committed offset" \
	"needs FindCoordinator and OffsetFetch (consumer groups)"

# Real batching: far fewer batches than messages, compressed as asked.
for p in 0 1 2 3; do
	"$KAF" dump-log --files "$tmp/data/ck-$p/00000000000000000000.log" 2>/dev/null
done >"$tmp/dump"
batches=$(grep -c '^baseOffset:' "$tmp/dump")
records=$(sed -n 's/.* count: \([0-9]*\) .*/\1/p' "$tmp/dump" | awk '{ s += $1 } END { print s }')
echo "# ck: $records records in $batches batches"
check "librdkafka batched: at least 20 records per batch on average" \
	test "$batches" -gt 0 -a "$records" -ge $((batches * 20))
check "zstd batches are stored" grep -q 'compresscodec: zstd ' "$tmp/dump"
check "gzip batches are stored" grep -q 'compresscodec: gzip ' "$tmp/dump"

stop_server
check "graceful stop" test "$server_rc" -eq 0
finish
