#!/bin/sh
# Consumer groups of librdkafka and kafkajs clients against kaf server:
# three confluent-kafka consumers share a 6-partition topic two partitions
# each, one closes and the other two take its partitions over, every record
# is read and a fresh member starts after what was committed; a kafkajs
# group consumer reads a topic from the beginning and commits; `kcat -G`
# joins a group and reads what the kafkajs group did not commit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3
O=${O:-$top/build}
mkdir -p "$O"
O=$(cd "$O" && pwd)
NPM_DIR=$O/npm


check "server starts" start_server --override group.initial.rebalance.delay.ms=0 || { finish; exit 1; }

timeout 45 $PY - "$bootstrap" >"$tmp/ck.out" 2>"$tmp/ck.err" <<'PYEOF'
import sys, time, threading
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic
bs = sys.argv[1]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()

admin = AdminClient({"bootstrap.servers": bs})
admin.create_topics([NewTopic("ck6", 6, 1)])["ck6"].result()
p = Producer({"bootstrap.servers": bs})
def produce(start, n):
    for i in range(start, start + n):
        p.produce("ck6", value=b"m%d" % i, partition=i % 6)
    p.flush(10)
produce(0, 60)

conf = {"bootstrap.servers": bs, "group.id": "ck-group", "auto.offset.reset": "earliest",
        "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000, "enable.auto.commit": False}
stop = {}
asg = {}
seen = {}
lock = threading.Lock()
def member(name):
    c = Consumer(dict(conf, **{"client.id": name}))
    c.subscribe(["ck6"])
    while not stop.get(name):
        m = c.poll(0.2)
        if m is not None and not m.error():
            with lock:
                seen.setdefault(name, []).append(m.value().decode())
            c.commit(message=m, asynchronous=False)
        asg[name] = sorted(tp.partition for tp in c.assignment())
    c.close()
def wait_for(cond, secs):
    t0 = time.time()
    while time.time() - t0 < secs:
        if cond():
            return time.time() - t0
        time.sleep(0.1)
    return None
def all_seen():
    with lock:
        return set(sum(seen.values(), []))

names = ["c0", "c1", "c2"]
ths = {n: threading.Thread(target=member, args=(n,)) for n in names}
for t in ths.values():
    t.start()
t = wait_for(lambda: all(len(asg.get(n, [])) == 2 for n in names), 20)
check(t is not None, "three librdkafka members get two partitions each", asg)
check(sorted(sum((asg.get(n, []) for n in names), [])) == list(range(6)), "each partition once", asg)
wait_for(lambda: len(all_seen()) == 60, 10)
stop["c2"] = True
ths["c2"].join()
t0 = time.time()
t = wait_for(lambda: all(len(asg.get(n, [])) == 3 for n in names[:2]), 20)
print("takeover after %.1f s" % (t if t is not None else -1))
check(t is not None, "the two others take over the closed member's partitions", asg)
produce(60, 60)
check(wait_for(lambda: len(all_seen()) == 120, 15) is not None, "all 120 records are read by the group")
for n in names[:2]:
    stop[n] = True
    ths[n].join()
produce(120, 12)
seen.clear()
th = threading.Thread(target=member, args=("fresh",))
th.start()
wait_for(lambda: len(all_seen()) >= 12, 20)
time.sleep(1)
stop["fresh"] = True
th.join()
got = sorted(seen.get("fresh", []), key=lambda s: int(s[1:]))
check(got == ["m%d" % i for i in range(120, 132)], "a fresh member reads only what was not committed", got[:20])
PYEOF
rc=$?
tap_from "$tmp/ck.out"
check "confluent-kafka script runs to the end" test "$rc" -eq 0 || tail -20 "$tmp/ck.err" | show

# Static membership: a second librdkafka consumer with the same
# group.instance.id takes the first one's place without a rebalance, and
# the first one is told it is fenced (FENCED_INSTANCE_ID on its heartbeat).
timeout 40 $PY - "$bootstrap" >"$tmp/st.out" 2>"$tmp/st.err" <<'PYEOF'
import sys, time
from confluent_kafka import Consumer, KafkaError
bs = sys.argv[1]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()
conf = {"bootstrap.servers": bs, "group.id": "static-g", "group.instance.id": "inst-1",
        "session.timeout.ms": 6000, "heartbeat.interval.ms": 300, "auto.offset.reset": "earliest"}
def until_assigned(c, secs):
    t0 = time.time()
    while time.time() - t0 < secs:
        c.poll(0.1)
        if c.assignment():
            return sorted(tp.partition for tp in c.assignment())
    return []
a = Consumer(dict(conf, **{"client.id": "first"}))
a.subscribe(["ck6"])
check(until_assigned(a, 15) == list(range(6)), "a static member gets all six partitions")
b = Consumer(dict(conf, **{"client.id": "second"}))
b.subscribe(["ck6"])
check(until_assigned(b, 15) == list(range(6)), "a second one with the same instance id takes its place")
fenced = None
t0 = time.time()
while time.time() - t0 < 10 and fenced is None:
    m = a.poll(0.2)
    if m is not None and m.error() and m.error().code() in (KafkaError._FENCED, KafkaError._FATAL, KafkaError.FENCED_INSTANCE_ID):
        fenced = m.error()
check(fenced is not None, "the first one is fenced (FENCED_INSTANCE_ID)", a.poll(0.1))
b.close()
PYEOF
rc=$?
tap_from "$tmp/st.out"
check "static membership script runs to the end" test "$rc" -eq 0 || tail -20 "$tmp/st.err" | show

# kafkajs: a group consumer from the beginning of a 3-partition topic.
if ! command -v node >/dev/null 2>&1 || [ ! -f "$NPM_DIR/node_modules/kafkajs/package.json" ]; then
	skip "kafkajs group consumer" "kafkajs not installed (123-kafkajs.sh installs it)"
else
	cat >"$tmp/kj.js" <<'JSEOF'
const { Kafka, logLevel } = require(process.argv[3] + '/node_modules/kafkajs')
const bs = process.argv[2]
const check = (cond, desc, detail) =>
  console.log((cond ? 'ok - ' : 'not ok - ') + desc + (cond || detail === undefined ? '' : ' (' + JSON.stringify(detail) + ')'))
const kafka = new Kafka({ clientId: 'kj-group', brokers: [bs], logLevel: logLevel.NOTHING,
  retry: { retries: 5, initialRetryTime: 100 } })
async function main () {
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic: 'kjg', numPartitions: 3 }], waitForLeaders: true })
  const producer = kafka.producer()
  await producer.connect()
  const msgs = []
  for (let i = 0; i < 30; i++) msgs.push({ value: 'v' + i, partition: i % 3 })
  await producer.send({ topic: 'kjg', messages: msgs })
  const consumer = kafka.consumer({ groupId: 'kj-group', sessionTimeout: 6000, heartbeatInterval: 1000 })
  await consumer.connect()
  await consumer.subscribe({ topic: 'kjg', fromBeginning: true })
  const got = new Set()
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(), 20000)
    consumer.run({ eachMessage: async ({ message }) => {
      got.add(message.value.toString())
      if (got.size === 30) { clearTimeout(timer); resolve() }
    } }).catch(reject)
  })
  check(got.size === 30, 'a kafkajs group consumer reads all 30 records from the beginning', got.size)
  await consumer.disconnect()
  const offs = await admin.fetchOffsets({ groupId: 'kj-group', topics: ['kjg'] })
  const sum = offs[0].partitions.reduce((s, p) => s + Number(p.offset), 0)
  check(sum === 30, 'its offsets are committed (10 per partition)', offs[0].partitions)
  const d = await admin.describeGroups(['kj-group'])
  check(d.groups[0].state === 'Empty', 'after disconnecting the group is Empty', d.groups[0].state)
  await producer.send({ topic: 'kjg', messages: [{ value: 'after', partition: 0 }] })
  await producer.disconnect()
  await admin.disconnect()
}
main().catch(e => { console.log('not ok - kafkajs group run: ' + e); process.exit(1) })
JSEOF
	timeout 40 node "$tmp/kj.js" "$bootstrap" "$NPM_DIR" >"$tmp/kj.out" 2>"$tmp/kj.err"
	rc=$?
	tap_from "$tmp/kj.out"
	check "kafkajs script runs to the end" test "$rc" -eq 0 || tail -20 "$tmp/kj.err" | show

	# kcat -G in the kafkajs group's place: only the record produced after its commits.
	timeout 20 kcat -b "$bootstrap" -G kj-group -X session.timeout.ms=6000 -e -f '%s\n' kjg \
		>"$tmp/kc.out" 2>"$tmp/kc.err"
	check "kcat -G reads only what the group had not committed" test "$(cat "$tmp/kc.out")" = after ||
		{ show "$tmp/kc.out"; tail -5 "$tmp/kc.err" | show; }
fi
stop_server
check "graceful stop" test "$server_rc" -eq 0
finish
