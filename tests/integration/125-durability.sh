#!/bin/sh
# Data survives kaf server restarts. Records written by kcat, kafka-python
# and confluent-kafka read back identically (offsets, keys, values, headers,
# timestamps) after a SIGTERM stop and restart, also when consumers were
# waiting in long polls; new records continue the offsets. Then kill -9 in
# the middle of a confluent-kafka acks=all stream: after a restart every
# acknowledged message is there at the offset it was acknowledged with, and
# the partitions hold no gaps.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3
FMT='%t|%p|%o|%T|%k|%s|%h\n'


# Every record of topics dur and durauto, in one stable order.
read_all() {
	for t in dur durauto; do
		timeout 30 kcat -b "$bootstrap" -C -t "$t" -e -q -f "$FMT" 2>/dev/null
	done | sort
}

check "server starts" start_server || { finish; exit 1; }
timeout 30 $PY - "$bootstrap" >"$tmp/w1.out" 2>&1 <<'PYEOF'
import sys
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaProducer
bs = sys.argv[1]
admin = AdminClient({"bootstrap.servers": bs})
for f in admin.create_topics([NewTopic("dur", 3, 1)]).values():
    f.result(10)
p = Producer({"bootstrap.servers": bs, "compression.codec": "zstd", "linger.ms": 10})
for i in range(5000):
    p.produce("dur", key=b"ck%d" % (i % 97), value=b"confluent %d" % i, headers=[("src", b"ck")])
assert p.flush(20) == 0
k = KafkaProducer(bootstrap_servers=bs, acks="all", compression_type="gzip")
for i in range(500):
    k.send("dur", key=b"kp%d" % i, value=b"kafka-python %d" % i, headers=[("src", b"kp")])
    k.send("durauto", value=b"auto %d" % i)
k.flush(20)
k.close()
print("written")
PYEOF
seq 1 300 | sed 's/^/kc:kcat line /' | timeout 20 kcat -b "$bootstrap" -P -t dur -K: -z gzip -H src=kcat 2>/dev/null
check "5000 + 500 + 300 records written to dur, 500 to durauto" grep -q written "$tmp/w1.out" ||
	show "$tmp/w1.out"
read_all >"$tmp/before"
check "all 6300 records read before the stop" test "$(wc -l <"$tmp/before")" -eq 6300

# Consumers in long polls while the server stops: kcat (librdkafka waits
# 500 ms) and kafka-python asking for 20 s waits.
timeout 30 kcat -b "$bootstrap" -C -t dur -o end -q >/dev/null 2>&1 &
waiter1=$!
timeout 30 $PY -c '
import sys
from kafka import KafkaConsumer, TopicPartition
c = KafkaConsumer(bootstrap_servers=sys.argv[1], group_id=None, fetch_max_wait_ms=20000,
                  reconnect_backoff_ms=5000)
tp = TopicPartition("durauto", 0)
c.assign([tp])
c.seek_to_end(tp)
while True:
    c.poll(timeout_ms=1000)
' "$bootstrap" >/dev/null 2>&1 &
waiter2=$!
sleep 1.5
t0=$($PY -c 'import time; print(time.time())')
stop_server
took=$($PY -c "import time; print(round(time.time() - $t0, 2))")
check "SIGTERM stops the server cleanly with consumers waiting" test "$server_rc" -eq 0
echo "# stopped in $took s"
check "the stop takes less than 2 s" $PY -c "import sys; sys.exit(not $took < 2)"
kill "$waiter1" "$waiter2" 2>/dev/null
wait "$waiter1" "$waiter2" 2>/dev/null

check "restart after SIGTERM" start_server
check "the restart recovered nothing (the stop was clean)" grep -q '(0 recovered, 0 bytes cut)' \
	"$tmp/server.log" || show "$tmp/server.log"
read_all >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
	pass "after the restart every record reads back identically"
else
	fail "after the restart every record reads back identically"
	diff "$tmp/before" "$tmp/after" | head -5 | show
fi
end_before=$(grep -c '^durauto|' "$tmp/before")
echo "next" | timeout 20 kcat -b "$bootstrap" -P -t durauto 2>/dev/null
timeout 20 kcat -b "$bootstrap" -C -t durauto -o -1 -e -q -f '%o %s\n' >"$tmp/next" 2>/dev/null
check "a new record after the restart continues the offsets" grep -qx "$end_before next" "$tmp/next" ||
	show "$tmp/next"

# kill -9 while confluent-kafka streams with acks=all; the script kills the
# server itself once 30000 messages are acknowledged, and keeps producing.
timeout 50 $PY - "$bootstrap" "$server_pid" "$tmp/acked" >"$tmp/k9.out" 2>"$tmp/k9.err" <<'PYEOF'
import os, signal, sys, time
from confluent_kafka import Producer
bs, pid, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
acked, failed = [], []
def cb(err, msg):
    if err:
        failed.append(err.name())
    else:
        acked.append((msg.partition(), msg.offset(), msg.value()))
p = Producer({"bootstrap.servers": bs, "acks": "all", "linger.ms": 5, "compression.codec": "gzip",
              "message.timeout.ms": 3000, "retries": 0})
i = 0
killed_at = None
t0 = time.time()
while time.time() - t0 < 20:
    if killed_at is None and len(acked) >= 30000:
        os.kill(pid, signal.SIGKILL)
        killed_at = len(acked)
        sent_at_kill = i
    if killed_at is not None and i >= sent_at_kill + 5000:
        break
    try:
        p.produce("dur", key=b"k9-%d" % (i % 13), value=b"k9 %08d" % i, on_delivery=cb)
        i += 1
    except BufferError:
        p.poll(0.01)
    if i % 500 == 0:
        p.poll(0)
left = p.flush(8)
print("sent %d, acknowledged %d (%d when killed), failed %d, left %d" % (i, len(acked), killed_at or -1,
                                                                       len(failed), left))
with open(out, "w") as f:
    for part, off, val in acked:
        f.write("dur|%d|%d|%s\n" % (part, off, val.decode()))
print("killed" if killed_at else "not killed")
PYEOF
show "$tmp/k9.out"
wait "$server_pid" 2>/dev/null
server_rc=$?
check "the server died of SIGKILL in the middle of the stream" test "$server_rc" -eq 137 -a \
	"$(tail -1 "$tmp/k9.out")" = killed || tail -5 "$tmp/k9.err" | show
check "restart after kill -9" start_server || show "$tmp/server.log"
sed -n 's/.*started in .*(\(.*\))$/# \1/p' "$tmp/server.log"
timeout 30 kcat -b "$bootstrap" -C -t dur -e -q -f '%t|%p|%o|%s\n' >"$tmp/dur-after" 2>/dev/null
missing=$(grep -vxFf "$tmp/dur-after" "$tmp/acked" | wc -l)
check "every acknowledged message is back at its offset ($(wc -l <"$tmp/acked") acknowledged, $missing missing)" \
	test -s "$tmp/acked" -a "$missing" -eq 0 || grep -vxFf "$tmp/dur-after" "$tmp/acked" | head -3 | show
$PY - "$tmp/dur-after" >"$tmp/dense.out" 2>&1 <<'PYEOF'
import sys
offs = {}
for l in open(sys.argv[1]):
    t, p, o, v = l.rstrip("\n").split("|", 3)
    offs.setdefault(p, []).append(int(o))
assert offs and all(v == list(range(len(v))) for v in offs.values()), {p: len(v) for p, v in offs.items()}
print("dense", sorted((p, len(v)) for p, v in offs.items()))
PYEOF
check "after the crash each partition's offsets run 0..end without gaps" grep -q '^dense' \
	"$tmp/dense.out" || show "$tmp/dense.out"
grep -v '^dur|[0-9]*|[0-9]*|k9 ' "$tmp/dur-after" | sort >"$tmp/dur-old"
grep '^dur|' "$tmp/before" | cut -d'|' -f1-3,6 | sort >"$tmp/dur-old-want"
check "the records from before the crash are unchanged" cmp -s "$tmp/dur-old-want" "$tmp/dur-old"
stop_server
check "graceful stop after the recovery" test "$server_rc" -eq 0
finish
