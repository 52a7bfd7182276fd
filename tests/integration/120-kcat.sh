#!/bin/sh
# kcat (librdkafka 2.0.2) producing to and consuming from kaf server: keys,
# headers and NULL values, every codec, an auto-created topic and a
# 3-partition topic; consuming from the beginning, from an offset, from the
# end backwards, one partition, by timestamp, with a format string. What
# comes back must be exactly what was sent, with the partitions librdkafka's
# default partitioner picks for each key and offsets counting from 0.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

check "server starts" start_server || { finish; exit 1; }
KC="timeout 30 kcat -b $bootstrap"
# Format of every consumer below: key|value|headers|partition|offset.
FMT='%k|%s|%h|%p|%o\n'

# One auto-created topic per codec: 20 keyed lines with two headers, held
# back by linger.ms so that they travel as one compressed batch.
# Values compress well even one at a time: librdkafka sends a batch
# uncompressed when compressing would not make it smaller, and a slow broker
# (the ASan build) can get one record per batch.
PAD=$(printf '%0200d' 0)
for z in none gzip snappy lz4 zstd; do
	i=1
	: >"$tmp/in-$z"
	: >"$tmp/want-$z"
	while [ $i -le 20 ]; do
		echo "key$i:$z value $i $PAD" >>"$tmp/in-$z"
		echo "key$i|$z value $i $PAD|codec=$z,from=kcat|0|$((i - 1))" >>"$tmp/want-$z"
		i=$((i + 1))
	done
	$KC -P -t "auto-$z" -K: -z "$z" -H "codec=$z" -H from=kcat -X linger.ms=100 -d feature \
		<"$tmp/in-$z" 2>"$tmp/p-$z.err"
	check "kcat -z $z produces 20 keyed lines with headers" test $? -eq 0 || show "$tmp/p-$z.err"
	$KC -C -t "auto-$z" -e -q -f "$FMT" >"$tmp/got-$z" 2>"$tmp/c-$z.err"
	if cmp -s "$tmp/want-$z" "$tmp/got-$z"; then
		pass "auto-$z: keys, values, headers, partition and offsets come back exactly"
	else
		fail "auto-$z: keys, values, headers, partition and offsets come back exactly"
		diff "$tmp/want-$z" "$tmp/got-$z" | head -10 | show
		show "$tmp/c-$z.err"
	fi
	# The codec reached the disk: the batch is stored as the producer compressed
	# it. librdkafka 2.0.2 uses gzip, snappy and lz4 only when the broker's
	# Produce range includes v0, and lz4 only with its LZ4 feature, which it
	# derives from FindCoordinator v0 being advertised: that comes with
	# consumer groups.
	"$KAF" dump-log --files "$tmp/data/auto-$z-0/00000000000000000000.log" >"$tmp/dump-$z" 2>&1
	if [ "$z" = lz4 ] && grep -q 'Disabling feature LZ4' "$tmp/p-$z.err"; then
		skip "auto-lz4 is stored with compresscodec lz4" \
			"librdkafka 2.0.2 gates lz4 on FindCoordinator v0 (consumer groups)"
	else
		check "auto-$z is stored with compresscodec $z" grep -q "compresscodec: $z " "$tmp/dump-$z" ||
			head -5 "$tmp/dump-$z" | show
	fi
done
check "the first produce auto-created the topics" grep -q 'created topic auto-zstd with 1 partitions' \
	"$tmp/server.log"

# A 3-partition topic created through kafka-python's admin client.
$PY - "$bootstrap" >"$tmp/admin.out" 2>&1 <<'PYEOF'
import sys
from kafka.admin import KafkaAdminClient, NewTopic
a = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=5000)
a.create_topics([NewTopic("three", 3, 1)])
a.close()
print("created")
PYEOF
check "kafka-python admin creates topic three with 3 partitions" grep -q created "$tmp/admin.out" ||
	show "$tmp/admin.out"

# 60 keyed lines over every codec, then the same keys again, so each key's
# partition is seen twice. NULL values (-Z) for the keys ending in 7.
: >"$tmp/three-in"
for round in 1 2; do
	for z in none gzip snappy lz4 zstd; do
		: >"$tmp/three-$z"
		i=0
		while [ $i -lt 12 ]; do
			k=k$round$z$i
			case $i in
			7) echo "$k:" >>"$tmp/three-$z" ;;
			*) echo "$k:r$round $z $i" >>"$tmp/three-$z" ;;
			esac
			i=$((i + 1))
		done
		cat "$tmp/three-$z" >>"$tmp/three-in"
		$KC -P -t three -K: -Z -z "$z" -H "round=$round" -X linger.ms=50 <"$tmp/three-$z" \
			2>>"$tmp/three-p.err" || echo "rc $z $round" >>"$tmp/three-p.err"
	done
done
check "kcat produces 120 lines to topic three in 10 runs" test ! -s "$tmp/three-p.err" ||
	show "$tmp/three-p.err"

$KC -C -t three -e -q -Z -f "$FMT" >"$tmp/three-got" 2>"$tmp/three-c.err"
# librdkafka's default partitioner (consistent_random) puts a key in
# crc32(key) % partitions; offsets count from 0 in each partition in the
# order the lines were sent.
$PY - "$tmp/three-in" "$tmp/three-got" >"$tmp/three.out" 2>&1 <<'PYEOF'
import sys, zlib
sent = [l.rstrip("\n").split(":", 1) for l in open(sys.argv[1])]
got = [l.rstrip("\n").split("|") for l in open(sys.argv[2])]
assert len(got) == len(sent), (len(got), len(sent))
want = {0: [], 1: [], 2: []}
for n, (k, v) in enumerate(sent):
    p = zlib.crc32(k.encode()) % 3
    want[p].append([k, v if v else "NULL", "round=%d" % (1 + n // 60), str(p), str(len(want[p]))])
have = {0: [], 1: [], 2: []}
for g in got:
    have[int(g[3])].append(g)
for p in range(3):
    assert have[p] == want[p], (p, have[p][:3], want[p][:3])
print("partitions", [len(want[p]) for p in range(3)])
PYEOF
check "topic three: every key in crc32(key) % 3, offsets in order, NULL values kept" \
	grep -q '^partitions' "$tmp/three.out" || { show "$tmp/three.out"; show "$tmp/three-c.err"; }

# One partition (-p), from an absolute offset (-o N), from the end (-o -N).
grep '|1|[0-9]*$' "$tmp/three-got" >"$tmp/p1-all"
$KC -C -t three -p 1 -o beginning -e -q -Z -f "$FMT" >"$tmp/p1" 2>/dev/null
check "-p 1 -o beginning reads partition 1 alone" cmp -s "$tmp/p1-all" "$tmp/p1"
$KC -C -t three -p 1 -o 5 -e -q -Z -f "$FMT" >"$tmp/p1-5" 2>/dev/null
tail -n +6 "$tmp/p1-all" >"$tmp/p1-5-want"
check "-p 1 -o 5 starts at offset 5" cmp -s "$tmp/p1-5-want" "$tmp/p1-5"
$KC -C -t three -p 1 -o -4 -e -q -Z -f "$FMT" >"$tmp/p1-last" 2>/dev/null
tail -n 4 "$tmp/p1-all" >"$tmp/p1-last-want"
check "-p 1 -o -4 reads the last 4 records" cmp -s "$tmp/p1-last-want" "$tmp/p1-last"
$KC -C -t three -p 1 -o end -e -q -f "$FMT" >"$tmp/p1-end" 2>/dev/null
check "-o end -e reads nothing" test ! -s "$tmp/p1-end"
$KC -C -t three -p 2 -o 0 -c 3 -q -Z -f "$FMT" >"$tmp/p2-3" 2>/dev/null
grep '|2|[0-9]*$' "$tmp/three-got" | head -3 >"$tmp/p2-3-want"
check "-c 3 stops after 3 records" cmp -s "$tmp/p2-3-want" "$tmp/p2-3"
$KC -C -t three -o -2 -e -q -Z -f "$FMT" >"$tmp/all-last" 2>/dev/null
check "-o -2 without -p reads the last 2 of each partition" test "$(wc -l <"$tmp/all-last")" -eq 6
check "-f prints topic and key/value lengths" sh -c \
	"$KC -C -t three -p 0 -o 0 -c 1 -q -f '%t:%p:%o:%K:%S\n' 2>/dev/null | grep -qx 'three:0:0:[0-9]*:[0-9-]*'"

# Timestamps: CreateTime from the producer, found again by -o s@TS and -Q.
before=$($PY -c 'import time; print(int(time.time() * 1000))')
sleep 0.05
printf 'late1\nlate2\nlate3\n' | $KC -P -t auto-none -X linger.ms=20 2>/dev/null
sleep 0.05
after=$($PY -c 'import time; print(int(time.time() * 1000))')
$KC -C -t auto-none -o 20 -e -q -f '%o %T %s\n' >"$tmp/late" 2>/dev/null
ts=$(head -1 "$tmp/late" | cut -d' ' -f2)
check "records keep the producer's timestamp" test -n "$ts" -a "$ts" -ge "$before" -a "$ts" -le "$after" ||
	show "$tmp/late"
$KC -C -t auto-none -o "s@$before" -e -q -f '%o %s\n' >"$tmp/by-ts" 2>/dev/null
printf '20 late1\n21 late2\n22 late3\n' >"$tmp/by-ts-want"
check "-o s@TIMESTAMP starts at the first record at or after it" cmp -s "$tmp/by-ts-want" "$tmp/by-ts" ||
	show "$tmp/by-ts"
$KC -Q -t "auto-none:0:$before" >"$tmp/q" 2>&1
check "-Q finds offset 20 for that timestamp" grep -q 'offset 20' "$tmp/q" || show "$tmp/q"
$KC -Q -t "auto-none:0:$((after + 100000))" >"$tmp/q2" 2>&1
check "-Q after the last record answers the end (-1)" grep -q 'offset -1' "$tmp/q2" || show "$tmp/q2"

# A consumer waiting at the end gets records produced after it started (long poll).
$KC -C -t three -p 0 -o end -c 2 -q -f '%s\n' >"$tmp/tail" 2>/dev/null &
tailer=$!
sleep 1
printf 'zz:tail1\nzz:tail2\n' | $KC -P -t three -p 0 -K: 2>/dev/null
wait $tailer
printf 'tail1\ntail2\n' >"$tmp/tail-want"
check "a consumer at the end receives new records" cmp -s "$tmp/tail-want" "$tmp/tail"

stop_server
check "graceful stop after the clients" test "$server_rc" -eq 0
finish
