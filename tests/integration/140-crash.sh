#!/bin/sh
# kill -9 of the broker, again and again, under a producer with acks=all
# (librdkafka through confluent-kafka, one request in flight): after every
# restart, every acknowledged record must still be there, in the order it
# was acknowledged, and the partition's offsets must run from 0 without a
# gap or a repeat.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3
CYCLES=${KAF_CRASH_CYCLES:-5}

fixed_port=$(free_port)
check "server starts" start_server || { finish; exit 1; }
create_topic() {
	$PY -c '
import sys
from confluent_kafka.admin import AdminClient, NewTopic
a = AdminClient({"bootstrap.servers": sys.argv[1]})
a.create_topics([NewTopic("crash", 1, 1)])["crash"].result(10)
' "$bootstrap"
}
check "topic created" create_topic

# The producer runs through all the crashes, appending each acknowledged value to acked.txt.
$PY - "$bootstrap" "$tmp/acked.txt" "$tmp/stop" >"$tmp/producer.log" 2>&1 <<'PYEOF' &
import os, sys, time
from confluent_kafka import Producer
bs, acked_path, stop = sys.argv[1:4]
acked = open(acked_path, "a")
def on_delivery(err, msg):
    if err is None:
        acked.write(msg.value().decode() + "\n")
        acked.flush()
p = Producer({"bootstrap.servers": bs, "acks": "all", "max.in.flight": 1, "linger.ms": 2,
              "message.timeout.ms": 3000, "reconnect.backoff.ms": 20, "reconnect.backoff.max.ms": 100,
              "socket.connection.setup.timeout.ms": 1000})
i = 0
while not os.path.exists(stop):
    try:
        p.produce("crash", ("v%07d" % i).encode(), on_delivery=on_delivery)
        i += 1
    except BufferError:
        pass
    p.poll(0.001 if i % 20 else 0.01)
p.flush(10)
print("produced", i)
PYEOF
producer=$!

cycle=0
ok_restarts=0
while [ $cycle -lt "$CYCLES" ]; do
	sleep "0.$((3 + cycle % 5))"
	kill -KILL "$server_pid"
	wait "$server_pid" 2>/dev/null
	start_server && ok_restarts=$((ok_restarts + 1))
	cycle=$((cycle + 1))
done
check "$CYCLES kill -9 and restarts, each back up" test "$ok_restarts" -eq "$CYCLES"
sleep 0.5
touch "$tmp/stop"
wait "$producer"
show "$tmp/producer.log"
acked=$(wc -l <"$tmp/acked.txt")
check "records were acknowledged across the crashes ($acked)" test "$acked" -gt 50

kcat -b "$bootstrap" -C -t crash -e -q -f '%o %s\n' >"$tmp/log.txt" 2>"$tmp/kcat.err"
$PY - "$tmp/acked.txt" "$tmp/log.txt" <<'PYEOF'
import sys
acked = [l.strip() for l in open(sys.argv[1]) if l.strip()]
rows = [l.split() for l in open(sys.argv[2]) if l.strip()]
offsets = [int(o) for o, _ in rows]
values = [v for _, v in rows]
assert offsets == list(range(len(offsets))), "offsets have a gap or repeat"
first = {}
for i, v in enumerate(values):
    first.setdefault(v, i)
missing = [v for v in acked if v not in first]
assert not missing, "acknowledged but lost: %s" % missing[:5]
pos = [first[v] for v in acked]
assert pos == sorted(pos), "acknowledged records out of order"
print("log", len(values), "records, acked", len(acked), "all present in order")
PYEOF
rc=$?
check "every acknowledged record survived, in order; offsets dense from 0" test "$rc" -eq 0
stop_server
check "clean stop at the end" test "$server_rc" -eq 0
check "the starts after kill -9 recovered the partitions (unclean stop seen)" \
	grep -q "partitions ([1-9][0-9]* recovered" "$tmp/server.log"
finish
