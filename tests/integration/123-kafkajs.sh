#!/bin/sh
# kafkajs 2.2.4 (from npm, cached under $O/npm) against kaf server: admin
# createTopics, fetchTopicMetadata, fetchTopicOffsets (by time too),
# deleteTopics; producer send with and without gzip at acks -1, 1 and 0, to
# a created and to an auto-created topic. What kafkajs wrote is read back
# with kcat and compared: keys, values, headers, timestamps, and partitions
# by kafkajs's default (murmur2) partitioner.
#
# kafkajs consumers always join a group: its consuming is tested with the
# consumer groups, in 153-groups-clients.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3
O=${O:-$top/build}
mkdir -p "$O"
O=$(cd "$O" && pwd)
NPM_DIR=$O/npm


if ! command -v node >/dev/null 2>&1; then
	skip "kafkajs against kaf server" "no node"
	finish
	exit
fi
if [ ! -f "$NPM_DIR/node_modules/kafkajs/package.json" ]; then
	if ! command -v npm >/dev/null 2>&1 ||
		! timeout 50 npm install --prefix "$NPM_DIR" --no-audit --no-fund --loglevel=error \
			--fetch-retries=0 --fetch-timeout=15000 kafkajs@2.2.4 >"$tmp/npm.log" 2>&1; then
		tail -3 "$tmp/npm.log" | show
		skip "kafkajs against kaf server" "no npm registry"
		finish
		exit
	fi
fi
check "kafkajs 2.2.4 is installed" grep -q '"version": "2.2.4"' "$NPM_DIR/node_modules/kafkajs/package.json"

check "server starts" start_server || { finish; exit 1; }

cat >"$tmp/kj.js" <<'JSEOF'
const { Kafka, CompressionTypes, logLevel } = require(process.argv[3] + '/node_modules/kafkajs')
const bs = process.argv[2]
const base = Number(process.argv[4])
const out = []
const check = (cond, desc, detail) =>
  console.log((cond ? 'ok - ' : 'not ok - ') + desc + (cond || detail === undefined ? '' : ' (' + JSON.stringify(detail) + ')'))

const kafka = new Kafka({ clientId: 'kaf-test', brokers: [bs], logLevel: logLevel.NOTHING,
  retry: { retries: 5, initialRetryTime: 100 } })

async function main () {
  const admin = kafka.admin()
  await admin.connect()
  const created = await admin.createTopics({ topics: [{ topic: 'kj3', numPartitions: 3 }], waitForLeaders: true })
  check(created === true, 'createTopics creates kj3', created)
  const again = await admin.createTopics({ topics: [{ topic: 'kj3', numPartitions: 3 }] })
  check(again === false, 'createTopics of an existing topic answers false', again)
  const md = await admin.fetchTopicMetadata({ topics: ['kj3'] })
  const ps = md.topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId)
  check(ps.length === 3 && ps.every((p, i) => p.partitionId === i && p.leader === 1 &&
    p.partitionErrorCode === 0 && p.replicas.join() === '1' && p.isr.join() === '1'),
  'fetchTopicMetadata: 3 partitions led by node 1', ps)

  const producer = kafka.producer()
  await producer.connect()
  let n = 0
  const counts = [0, 0, 0]
  const before200 = [0, 0, 0]   // records older than base + 200 in each partition
  const runs = [[-1, CompressionTypes.GZIP], [1, CompressionTypes.None], [-1, CompressionTypes.None],
    [1, CompressionTypes.GZIP], [0, CompressionTypes.GZIP], [0, CompressionTypes.None]]
  for (const [acks, compression] of runs) {
    const messages = []
    for (let i = 0; i < 40; i++, n++) {
      messages.push({ key: 'key-' + (n % 25), value: 'kafkajs ' + n + ' acks=' + acks + ' c=' + compression,
        headers: { n: String(n), acks: String(acks) }, timestamp: String(base + n) })
    }
    const r = await producer.send({ topic: 'kj3', acks, compression, messages })
    if (acks === 0) {
      check(Array.isArray(r), 'send acks=0 compression=' + compression + ' resolves without a response', r)
    } else {
      const good = r.length > 0 && r.every(p => p.errorCode === 0 && p.topicName === 'kj3' &&
        Number(p.baseOffset) === counts[p.partition] && p.logAppendTime === '-1' && p.logStartOffset === '0')
      check(good, 'send acks=' + acks + ' compression=' + compression + ': base offsets follow on', r)
    }
    // Count what went to each partition, with kafkajs's own partitioner.
    for (const m of messages) {
      if (Number(m.timestamp) < base + 200) before200[partitionOf(m.key)]++
      counts[partitionOf(m.key)]++
    }
  }
  await producer.send({ topic: 'kjauto', messages: [{ value: 'auto 1' }, { value: 'auto 2' }] })
  check(true === (await admin.listTopics()).includes('kjauto'), 'send to a new topic auto-creates it')
  await producer.disconnect()

  const offs = (await admin.fetchTopicOffsets('kj3')).sort((a, b) => a.partition - b.partition)
  check(offs.every((o, i) => o.low === '0' && o.high === String(counts[i]) && o.offset === o.high),
    'fetchTopicOffsets: low 0 and high = records sent to each partition', { offs, counts })
  const byTs = await admin.fetchTopicOffsetsByTimestamp('kj3', base + 200)
  check(byTs.length === 3 && byTs.every(o => o.offset === String(before200[o.partition])),
    'fetchTopicOffsetsByTimestamp finds the first record at or after the time', { byTs, before200 })
  const late = await admin.fetchTopicOffsetsByTimestamp('kj3', base + 10000000)
  check(late.every(o => o.offset === String(counts[o.partition])),
    'fetchTopicOffsetsByTimestamp after the last record answers the end', late)

  // DeleteRecords moves the log start; kafkajs finds leaders from metadata it already holds.
  await admin.createTopics({ topics: [{ topic: 'kjrec', numPartitions: 2 }], waitForLeaders: true })
  await producer.connect()
  await producer.send({ topic: 'kjrec', messages: Array.from({ length: 20 }, (_, i) => ({ value: 'r' + i, partition: i % 2 })) })
  await producer.disconnect()
  await admin.fetchTopicMetadata({ topics: ['kjrec'] })
  await admin.deleteTopicRecords({ topic: 'kjrec', partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '-1' }] })
  const low = (await admin.fetchTopicOffsets('kjrec')).sort((a, b) => a.partition - b.partition)
  check(low.map(o => o.low + '-' + o.high).join() === '3-10,10-10',
    'deleteTopicRecords moves the low watermarks (to 3, and to the end for -1)', low)
  let oor = null
  try {
    await admin.deleteTopicRecords({ topic: 'kjrec', partitions: [{ partition: 0, offset: '100' }] })
  } catch (e) { oor = e }
  const why = oor && oor.cause && oor.cause.partitions && oor.cause.partitions[0].error
  check(why && why.type === 'OFFSET_OUT_OF_RANGE', 'deleteTopicRecords past the end gets OFFSET_OUT_OF_RANGE',
    oor && oor.message)
  await admin.createPartitions({ topicPartitions: [{ topic: 'kjrec', count: 5 }] })
  const grown = await admin.fetchTopicMetadata({ topics: ['kjrec'] })
  check(grown.topics[0].partitions.length === 5, 'createPartitions grows kjrec to 5 partitions',
    grown.topics[0].partitions.length)
  const cl = await admin.describeCluster()
  check(cl.controller === 1 && cl.brokers.length === 1 && cl.brokers[0].nodeId === 1 && cl.clusterId.length > 0,
    'describeCluster: one broker, the controller', cl)
  await admin.createTopics({ topics: [{ topic: 'kjdel' }] })
  await admin.deleteTopics({ topics: ['kjdel'] })
  check(!(await admin.listTopics()).includes('kjdel'), 'deleteTopics removes a topic')
  await admin.disconnect()
  console.log('done')
}

// kafkajs's default partitioner is Java's: murmur2 of the key, positive, modulo partitions.
const murmur2 = require(process.argv[3] + '/node_modules/kafkajs/src/producer/partitioners/default/murmur2')
function partitionOf (key) { return (murmur2(key) & 0x7fffffff) % 3 }

main().catch(e => { console.log('not ok - kafkajs failed: ' + e); process.exit(1) })
JSEOF

base=$($PY -c 'import time; print(int(time.time() * 1000) - 60000)')
timeout 40 node "$tmp/kj.js" "$bootstrap" "$NPM_DIR" "$base" >"$tmp/kj.out" 2>"$tmp/kj.err"
rc=$?
tap_from "$tmp/kj.out"
check "the kafkajs script runs to the end" test "$rc" -eq 0 -a "$(tail -1 "$tmp/kj.out")" = done ||
	tail -20 "$tmp/kj.err" | show
skip "kafkajs consumer" "kafkajs consumers need consumer groups (FindCoordinator, JoinGroup)"

# Read everything back with kcat; every record must be as kafkajs sent it.
timeout 30 kcat -b "$bootstrap" -C -t kj3 -e -q -f '%k|%s|%h|%p|%o|%T\n' >"$tmp/kj3" 2>"$tmp/kcat.err"
$PY - "$tmp/kj3" "$base" >"$tmp/cmp.out" 2>&1 <<'PYEOF'
import sys
from kafka.partitioner.default import murmur2
base = int(sys.argv[2])
recs = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
assert len(recs) == 240, len(recs)
acks = [-1, 1, -1, 1, 0, 0]
comp = [1, 0, 0, 1, 1, 0]
seen = set()
offs = {}
for k, v, h, p, o, t in recs:
    n = int(v.split()[1])
    a = acks[n // 40]
    assert k == "key-%d" % (n % 25), (k, n)
    assert v == "kafkajs %d acks=%d c=%d" % (n, a, comp[n // 40]), v
    assert h == "n=%d,acks=%d" % (n, a), h
    assert int(p) == (murmur2(k.encode()) & 0x7fffffff) % 3, (k, p)
    assert int(t) == base + n, (t, base + n)
    offs.setdefault(p, []).append((int(o), n))
    seen.add(n)
assert seen == set(range(240))
for p, l in offs.items():
    assert [o for o, _ in l] == list(range(len(l))), p
    assert [n for _, n in sorted(l)] == sorted(n for _, n in l), p   # send order kept
print("same")
PYEOF
check "kcat reads back all 240 records as kafkajs sent them (keys, headers, murmur2 partitions, timestamps)" \
	grep -q '^same' "$tmp/cmp.out" || { show "$tmp/cmp.out"; show "$tmp/kcat.err"; }
for p in 0 1 2; do
	"$KAF" dump-log --files "$tmp/data/kj3-$p/00000000000000000000.log" 2>/dev/null
done >"$tmp/dump"
check "kafkajs gzip batches are stored as gzip" grep -q 'compresscodec: gzip ' "$tmp/dump"

stop_server
check "graceful stop" test "$server_rc" -eq 0
finish
