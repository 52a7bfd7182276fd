#!/bin/sh
# A topic copied with a pipe: `kaf consume -e --output jsonl | kaf produce
# --input json --keep-partition --keep-timestamp` gives a topic whose records
# equal the source's byte for byte (keys, values, headers with null and
# duplicate names, null keys and tombstones, invalid UTF-8, partitions,
# timestamps, offsets), as kafka-python reads both (confluent-kafka wrote
# the source); and the JSON lines of the
# copy equal those of the source but for the topic name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

check "server starts" start_server || { show "$tmp/server.log"; finish; exit 1; }

timeout 60 $PY - "$bootstrap" >"$tmp/src.out" 2>"$tmp/src.err" <<'PYEOF'
import sys, random
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic
bs = sys.argv[1]
admin = AdminClient({"bootstrap.servers": bs})
for f in admin.create_topics([NewTopic(t, 3, 1) for t in ("src", "dst", "dst2")]).values():
    f.result()
rnd = random.Random(7)
p = Producer({"bootstrap.servers": bs, "linger.ms": 2})
for i in range(300):
    key = None if i % 11 == 0 else bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 12)))
    value = None if i % 13 == 0 else bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 200)))
    if i % 5 == 0:
        value = ("text ✓ %d \"quoted\" \\ tab\t" % i).encode()
    headers = []
    if i % 3 == 0:
        headers = [("h", b"\xff\x00bin"), ("h", b"dup"), ("n", None), ("ü", "ok".encode())]
    p.produce("src", key=key, value=value, headers=headers, partition=i % 3,
              timestamp=1700000000000 + i * 1000 - (i % 4) * 1500)
p.flush(20)
print("ok - 300 records produced by confluent-kafka")
PYEOF
rc=$?
tap_from "$tmp/src.out"
check "confluent-kafka producer runs to the end" test "$rc" -eq 0 || tail -5 "$tmp/src.err" | show

"$KAF" consume src -b "$bootstrap" -e -J >"$tmp/src.jsonl" 2>"$tmp/c1.err"
check "kaf consume -e -J of the source" test $? -eq 0 -a "$(wc -l <"$tmp/src.jsonl")" -eq 300 ||
	{ wc -l "$tmp/src.jsonl" | show; show "$tmp/c1.err"; }
"$KAF" produce dst -b "$bootstrap" --input json --keep-partition --keep-timestamp \
	<"$tmp/src.jsonl" 2>"$tmp/p1.err"
check "kaf produce --input json of those lines" test $? -eq 0 || show "$tmp/p1.err"
"$KAF" consume dst -b "$bootstrap" -e -J >"$tmp/dst.jsonl" 2>"$tmp/c2.err"
check "kaf consume -e -J of the copy" test $? -eq 0 || show "$tmp/c2.err"
"$KAF" consume src -b "$bootstrap" -e -J 2>"$tmp/c3.err" |
	"$KAF" produce dst2 -b "$bootstrap" --input json --keep-partition --keep-timestamp 2>"$tmp/p2.err"
check "the same through a pipe" test $? -eq 0 || { show "$tmp/c3.err"; show "$tmp/p2.err"; }

timeout 60 $PY - "$bootstrap" "$tmp/src.jsonl" "$tmp/dst.jsonl" >"$tmp/cmp.out" 2>"$tmp/cmp.err" <<'PYEOF'
import sys, json
from kafka import KafkaConsumer, TopicPartition
bs, a, b = sys.argv[1:4]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
def strip(path):
    out = []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        d.pop("topic")
        out.append(d)
    return sorted(out, key=lambda d: (d["partition"], d["offset"]))
sa, sb = strip(a), strip(b)
first = next((i for i, (x, y) in enumerate(zip(sa, sb)) if x != y), None)
check(sa == sb, "the copy's JSON lines equal the source's but for the topic",
      None if first is None else (sa[first], sb[first]))
def read(topic):
    c = KafkaConsumer(bootstrap_servers=bs, enable_auto_commit=False, consumer_timeout_ms=3000)
    tps = [TopicPartition(topic, p) for p in range(3)]
    c.assign(tps)
    c.seek_to_beginning(*tps)
    got = sorted(((m.partition, m.offset, m.timestamp, m.timestamp_type, m.key, m.value,
                   [(k, v) for k, v in m.headers]) for m in c), key=lambda r: (r[0], r[1]))
    c.close()
    return got
src, dst, dst2 = read("src"), read("dst"), read("dst2")
check(len(src) == 300, "kafka-python reads 300 source records", len(src))
first = next((i for i, (x, y) in enumerate(zip(src, dst)) if x != y), None)
check(src == dst, "kafka-python reads the copy byte for byte equal to the source",
      None if first is None else (src[first], dst[first]))
check(src == dst2, "and the piped copy too")
check(any(r[4] is None for r in src) and any(r[5] is None for r in src),
      "the source has null keys and tombstones")
check(any(r[6] and r[6][2][1] is None for r in src), "and a header with a null value")
PYEOF
rc=$?
tap_from "$tmp/cmp.out"
check "comparison runs to the end" test "$rc" -eq 0 || tail -5 "$tmp/cmp.err" | show
stop_server
finish
