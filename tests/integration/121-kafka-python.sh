#!/bin/sh
# kafka-python 2.0.2 (Debian's python3-kafka) against kaf server. Producer:
# acks 0, 1 and all, every codec, keys, headers and explicit timestamps,
# send().get() metadata. Consumer without a group: assign, seek to the
# beginning and to an offset, poll until everything is read, the end,
# beginning and by-time offsets, a record larger than the fetch size (KIP-74).
# Everything read must be exactly what was sent, at the offsets the producer
# was told. kafka-python hard-codes Produce v7, Fetch v4 and ListOffsets v1
# once it has guessed the broker's version from ApiVersions v0.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3


check "server starts" start_server || { finish; exit 1; }

timeout 50 $PY - "$bootstrap" >"$tmp/kp.out" 2>"$tmp/kp.err" <<'PYEOF'
import sys, time
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.partitioner.default import murmur2

bs = sys.argv[1]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()
    return cond

admin = KafkaAdminClient(bootstrap_servers=bs, request_timeout_ms=5000)
admin.create_topics([NewTopic("kp3", 3, 1)])
admin.close()

BASE = int(time.time() * 1000) - 3600 * 1000     # explicit CreateTime, one hour back
sent = []        # (topic, partition, offset or None, key, value, headers, timestamp)
codecs = [None, "gzip", "snappy", "lz4", "zstd"]
n = 0
for acks in (0, 1, "all"):
    for codec in codecs:
        p = KafkaProducer(bootstrap_servers=bs, acks=acks, compression_type=codec, linger_ms=20)
        futs = []
        for i in range(30):
            key = ("k-%s-%s-%d" % (acks, codec, i)).encode()
            val = ("value %d acks=%s codec=%s " % (n, acks, codec)).encode() * (1 + i % 5)
            hdrs = [("n", str(n).encode()), ("codec", (codec or "none").encode())]
            if i % 7 == 0:
                hdrs.append(("empty", b""))
            ts = BASE + n
            futs.append((p.send("kp3", key=key, value=val, headers=hdrs, timestamp_ms=ts),
                         key, val, hdrs, ts))
            n += 1
        p.flush(10)
        metas = []
        for f, key, val, hdrs, ts in futs:
            m = f.get(timeout=10)
            metas.append(m)
            sent.append(("kp3", m.partition, None if acks == 0 else m.offset, key, val, hdrs, ts))
        p.close()
        want_part = all(m.partition == (murmur2(k) & 0x7fffffff) % 3
                        for m, (_, k, _, _, _) in zip(metas, futs))
        if acks == 0:
            ok = all(m.offset == -1 for m in metas)
            check(ok and want_part, "acks=0 %s: 30 sends complete without offsets" % codec)
        else:
            ok = all(m.offset >= 0 and m.topic == "kp3" for m in metas)
            check(ok and want_part, "acks=%s %s: 30 sends get partition and offset" % (acks, codec),
                  [(m.partition, m.offset) for m in metas[:3]])

# Offsets per partition are dense: acks>=1 offsets plus acks=0 records fill 0..end-1.
c = KafkaConsumer(bootstrap_servers=bs, group_id=None, enable_auto_commit=False,
                  fetch_max_wait_ms=200)
tps = [TopicPartition("kp3", i) for i in range(3)]
c.assign(tps)
ends = c.end_offsets(tps)
begins = c.beginning_offsets(tps)
per_part = {i: sum(1 for s in sent if s[1] == i) for i in range(3)}
check(all(ends[tps[i]] == per_part[i] for i in range(3)), "end_offsets count every record",
      (ends, per_part))
check(all(begins[tp] == 0 for tp in tps), "beginning_offsets are 0")

c.seek_to_beginning()
got = []
deadline = time.time() + 20
while len(got) < len(sent) and time.time() < deadline:
    for tp, recs in c.poll(timeout_ms=500).items():
        got.extend(recs)
check(len(got) == len(sent), "the consumer reads all %d records" % len(sent), len(got))

by_part = {i: [r for r in got if r.partition == i] for i in range(3)}
check(all([r.offset for r in by_part[i]] == list(range(per_part[i])) for i in range(3)),
      "offsets run 0, 1, 2, ... in each partition")
# Match every record sent with acks>=1 at its reported offset; acks=0 ones by their n header.
at = {(r.partition, r.offset): r for r in got}
byn = {dict(r.headers)["n"]: r for r in got if r.headers}
bad = []
for topic, part, off, key, val, hdrs, ts in sent:
    r = at.get((part, off)) if off is not None else byn.get(hdrs[0][1])
    if (r is None or r.key != key or r.value != val or r.headers != hdrs or r.timestamp != ts
            or r.timestamp_type != 0 or r.partition != part):
        bad.append((part, off, key, r and (r.key, r.offset, r.timestamp, r.headers)))
check(not bad, "keys, values, headers, CreateTime timestamps and partitions are as sent", bad[:2])
# Each producer's records keep their send order within a partition.
order_ok = True
for run in range(n // 30):
    for part in range(3):
        offs = [byn[str(i).encode()].offset for i in range(run * 30, run * 30 + 30)
                if str(i).encode() in byn and byn[str(i).encode()].partition == part]
        order_ok = order_ok and offs == sorted(offs)
check(order_ok, "records of one producer keep their order within a partition")

# seek to an offset.
tp1 = tps[1]
c.seek(tp1, 5)
first = None
deadline = time.time() + 5
while first is None and time.time() < deadline:
    recs = c.poll(timeout_ms=500).get(tp1)
    if recs:
        first = recs[0]
check(first is not None and first.offset == 5 and first.value == by_part[1][5].value,
      "seek(tp, 5) reads offset 5 next", first and first.offset)

# offsets_for_times: every record n has timestamp BASE + n.
p0 = by_part[0]
target = p0[len(p0) // 2]
res = c.offsets_for_times({tps[0]: target.timestamp - 0, tps[1]: BASE + 10 ** 9, tps[2]: 0})
o0, o1, o2 = res[tps[0]], res[tps[1]], res[tps[2]]
check(o0 is not None and o0.offset == target.offset and o0.timestamp == target.timestamp,
      "offsets_for_times finds the record at that time", o0)
check(o1 is None, "offsets_for_times after the last record is None", o1)
check(o2 is not None and o2.offset == 0 and o2.timestamp == by_part[2][0].timestamp,
      "offsets_for_times(0) is the first record", o2)
c.close()

# A record far larger than max_partition_fetch_bytes still comes back (KIP-74),
# then the small one behind it.
p = KafkaProducer(bootstrap_servers=bs, acks=1, compression_type="gzip")
big = bytes(range(256)) * 400
m1 = p.send("kpbig", value=big).get(10)
m2 = p.send("kpbig", value=b"after").get(10)
p.close()
c = KafkaConsumer(bootstrap_servers=bs, group_id=None, enable_auto_commit=False,
                  max_partition_fetch_bytes=1024, fetch_max_bytes=2048, fetch_max_wait_ms=100)
tp = TopicPartition("kpbig", 0)
c.assign([tp])
c.seek_to_beginning(tp)
got = []
deadline = time.time() + 10
while len(got) < 2 and time.time() < deadline:
    got.extend(c.poll(timeout_ms=500).get(tp, []))
check([r.value for r in got] == [big, b"after"] and [r.offset for r in got] == [m1.offset, m2.offset],
      "a 100 KiB record is read with max_partition_fetch_bytes=1024", [len(r.value) for r in got])
c.close()

# A consumer parked at the end wakes for a record produced meanwhile (long poll).
c = KafkaConsumer(bootstrap_servers=bs, group_id=None, enable_auto_commit=False,
                  fetch_max_wait_ms=3000)
c.assign([tp])
c.seek_to_end(tp)
c.poll(timeout_ms=200)
p = KafkaProducer(bootstrap_servers=bs, acks="all")
t0 = time.time()
p.send("kpbig", value=b"wake").get(10)
p.close()
got = []
while not got and time.time() - t0 < 5:
    got = c.poll(timeout_ms=200).get(tp, [])
took = time.time() - t0
check([r.value for r in got] == [b"wake"] and took < 2.5,
      "a waiting consumer gets a new record before its 3 s wait ends", "%.2f s" % took)
c.close()
print("done")
PYEOF
rc=$?
tap_from "$tmp/kp.out"
check "the kafka-python script runs to the end" test "$rc" -eq 0 -a "$(tail -1 "$tmp/kp.out")" = done ||
	tail -20 "$tmp/kp.err" | show

# The producers' codecs reached the disk as sent.
for z in gzip snappy lz4 zstd; do
	for p in 0 1 2; do
		"$KAF" dump-log --files "$tmp/data/kp3-$p/00000000000000000000.log" 2>/dev/null
	done | grep -q "compresscodec: $z " && pass "batches compressed with $z are stored as such" ||
		fail "batches compressed with $z are stored as such"
done

# What kafka-python wrote, librdkafka reads back too (lz4 from another producer).
timeout 30 kcat -b "$bootstrap" -C -t kp3 -e -q -f '%k\n' >"$tmp/kcat.keys" 2>"$tmp/kcat.err"
check "kcat reads the 450 records kafka-python wrote" test "$(wc -l <"$tmp/kcat.keys")" -eq 450 ||
	show "$tmp/kcat.err"

stop_server
check "graceful stop" test "$server_rc" -eq 0
finish
