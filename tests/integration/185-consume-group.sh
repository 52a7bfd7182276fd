#!/bin/sh
# kaf consume -g against a live kaf server: three members share a
# 6-partition topic of 60 records (kcat), two partitions each, and print
# every record exactly once; one stops on SIGINT, the other two take its
# partitions over and read what comes next (the time from the SIGINT to
# their first record of those partitions is printed); once all stop, the
# committed offsets are the log end and a fresh member with -e prints
# nothing; --no-commit leaves the offsets alone; -c commits exactly what was
# printed; a kafka-python consumer and kcat -G share a group with kaf
# consume; the assignor, static membership and the usage errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

check "server starts" start_server --override group.initial.rebalance.delay.ms=0 || { finish; exit 1; }
B="-b $bootstrap"
F='%p %o %s\n'

now_ms() { date +%s%3N; }
# json EXPR: the last kaf groups output ($tmp/out) as d satisfies EXPR.
json() {
	$PY -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval("(" + sys.argv[2] + ")") else 1)' \
		"$tmp/out" "$1" 2>/dev/null
}
# The partition counts of group $1's members, sorted: "[2, 2, 2]"; with a
# second argument, as (client id, count) pairs.
owners() {
	"$KAF" groups describe "$1" $B -J --members 2>/dev/null |
		$PY -c 'import json, sys; print(sorted((m["client_id"], m["partitions"]) if len(sys.argv) > 1 else m["partitions"] for m in json.load(sys.stdin)))' ${2:+x} 2>/dev/null
}
owners_are() { [ "$(owners "$1" ${3:+x})" = "$2" ]; }
# at_least N FILE...: the files have N lines or more between them.
at_least() { want=$1; shift; [ "$(cat "$@" 2>/dev/null | wc -l)" -ge "$want" ]; }
# greps_at_least N PATTERN FILE...
greps_at_least() { want=$1; pat=$2; shift 2; [ "$(cat "$@" 2>/dev/null | grep -c -e "$pat")" -ge "$want" ]; }
# wait_for SECONDS COMMAND...: until the command succeeds.
wait_for() {
	limit=$(($(now_ms) + $1 * 1000))
	shift
	until "$@"; do
		[ "$(now_ms)" -lt "$limit" ] || return 1
		sleep 0.05
	done
}
lines() { cat "$@" 2>/dev/null | wc -l; }
# The committed offsets of group G on g6 summed, and the log end summed.
committed_sum() {
	"$KAF" groups describe "$1" $B -J --offsets >"$tmp/out" 2>/dev/null
	$PY -c 'import json, sys; print(sum(r["current_offset"] or 0 for r in json.load(open(sys.argv[1]))))' "$tmp/out"
}

"$KAF" topics create g6 -p 6 $B >/dev/null 2>&1
for p in 0 1 2 3 4 5; do seq 0 9 | sed "s/^/p$p-/" | kcat -P -b "$bootstrap" -t g6 -p $p; done

# ---- usage ----

for bad in "-g G -p 0" "--no-commit" "--assignor range" "-o stored" "-g G --assignor sticky" \
	"-g G --session-timeout 3s -X heartbeat.interval.ms=5000" "-g G -X partition.assignment.strategy=x"; do
	# shellcheck disable=SC2086
	"$KAF" consume g6 $B $bad >"$tmp/o" 2>"$tmp/e"
	rc=$?
	check "bad usage '$bad': exit 2" [ $rc -eq 2 ] && grep -q "^kaf consume: error: " "$tmp/e" || show "$tmp/e"
done
"$KAF" consume nosuch -g G $B -e >"$tmp/o" 2>"$tmp/e"
check "-g on a topic that does not exist: exit 3" [ $? -eq 3 ] || show "$tmp/e"

# ---- three members ----

for i in 1 2 3; do
	"$KAF" consume g6 -g G $B -u -f "$F" --session-timeout 6s --commit-interval 1s \
		>"$tmp/c$i.out" 2>"$tmp/c$i.err" &
	eval "pid$i=$!"
done
check "three members get two partitions each" wait_for 20 owners_are G "[2, 2, 2]" || echo "# owners: $(owners G)"
check "together they print the 60 records" wait_for 10 at_least 60 "$tmp"/c?.out
sleep 0.3
check "each record exactly once" [ "$(lines "$tmp"/c?.out)" -eq 60 ] && [ "$(cat "$tmp"/c?.out | sort -u | wc -l)" -eq 60 ]
check "the records are the produced ones" sh -c "cat $tmp/c?.out | awk '{print \$3}' | sort >$tmp/got; \
	for p in 0 1 2 3 4 5; do seq 0 9 | sed s/^/p\$p-/; done | sort | cmp -s - $tmp/got"

# Stop member 3; its partitions go to the other two.
gone=$(awk '{print $1}' "$tmp/c3.out" | sort -u | tr '\n' ' ')
echo "# member 3 held partitions $gone"
t0=$(now_ms)
kill -INT "$pid3"
wait "$pid3"
rc3=$?
check "SIGINT: exit 0" [ $rc3 -eq 0 ] || show "$tmp/c3.err"
for p in $gone; do echo "after-$p" | kcat -P -b "$bootstrap" -t g6 -p "$p"; done
took=
if wait_for 6 greps_at_least "$(echo $gone | wc -w)" " after-" "$tmp/c1.out" "$tmp/c2.out"; then
	took=$(($(now_ms) - t0))
	pass "the survivors read the stopped member's partitions within the session timeout"
else
	fail "the survivors read the stopped member's partitions within the session timeout"
fi
echo "# rebalance: SIGINT to the survivors' first record of the moved partitions: ${took:-?} ms (heartbeat 2 s)"
check "two members hold three partitions each" wait_for 5 owners_are G "[3, 3]" || echo "# owners: $(owners G)"
for p in 0 1 2 3 4 5; do echo "more-$p" | kcat -P -b "$bootstrap" -t g6 -p "$p"; done
check "records produced later are read by the two" wait_for 6 greps_at_least 6 " more-" "$tmp/c1.out" "$tmp/c2.out"
kill -INT "$pid1" "$pid2"
wait "$pid1"
rc1=$?
wait "$pid2"
rc2=$?
check "both exit 0 on SIGINT" [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]
check "nothing read twice across the rebalance" [ "$(cat "$tmp"/c?.out | sort | uniq -d | wc -l)" -eq 0 ]
check "every record read: 60 + moved + 6" [ "$(cat "$tmp"/c?.out | sort -u | wc -l)" -eq $((66 + $(echo $gone | wc -w))) ]
"$KAF" groups describe G $B -J --offsets >"$tmp/out" 2>&1
check "committed offsets equal the log end (lag 0)" json 'len(d) == 6 and all(r["lag"] == 0 and r["current_offset"] == r["log_end_offset"] for r in d)' || show "$tmp/out"
"$KAF" groups describe G $B -J --state >"$tmp/out" 2>&1
check "the group is empty after they left" json 'd[0]["state"] == "Empty"' || show "$tmp/out"

"$KAF" consume g6 -g G -e $B >"$tmp/o" 2>"$tmp/e"
rc=$?
check "a fresh -g G -e prints nothing new and exits 0" [ $rc -eq 0 ] && [ ! -s "$tmp/o" ] || show "$tmp/e"

# ---- --no-commit, -o stored, -c ----

for p in 0 1 2 3 4 5; do echo "late-$p" | kcat -P -b "$bootstrap" -t g6 -p "$p"; done
before=$(committed_sum G)
"$KAF" consume g6 -g G -e --no-commit $B >"$tmp/o" 2>"$tmp/e"
check "--no-commit reads the 6 new records" [ "$(grep -c late- "$tmp/o")" -eq 6 ] && [ "$(lines "$tmp/o")" -eq 6 ]
check "--no-commit leaves the committed offsets alone" [ "$(committed_sum G)" -eq "$before" ]
"$KAF" consume g6 -g G -e -o stored $B >"$tmp/o" 2>"$tmp/e"
check "-o stored: from the committed offsets, the same 6" [ "$(lines "$tmp/o")" -eq 6 ] || show "$tmp/e"
check "...and now they are committed" [ "$(committed_sum G)" -eq $((before + 6)) ]
total=$((before + 6))

"$KAF" consume g6 -g C -c 25 $B >"$tmp/o" 2>"$tmp/e"
rc=$?
check "-c 25 in a new group: 25 records, exit 0" [ $rc -eq 0 ] && [ "$(lines "$tmp/o")" -eq 25 ]
check "-c 25: exactly 25 committed" [ "$(committed_sum C)" -eq 25 ]
"$KAF" consume g6 -g C -e $B >"$tmp/o" 2>"$tmp/e"
check "the rest of group C's records on the next run" [ "$(lines "$tmp/o")" -eq $((total - 25)) ]
"$KAF" consume g6 -g E -e -o end $B >"$tmp/o" 2>"$tmp/e"
check "-o end where the group has no offset: nothing" [ ! -s "$tmp/o" ]
check "...and the end is committed" [ "$(committed_sum E)" -eq "$total" ]
"$KAF" consume g6 -g P $B | head -n 3 >"$tmp/o"
check "a closed stdout pipe ends a member: exit 0" [ "$(lines "$tmp/o")" -eq 3 ]
"$KAF" groups describe P $B -J --state >"$tmp/out" 2>&1
check "...and it left the group" json 'd[0]["state"] == "Empty"' || show "$tmp/out"

# ---- assignors and static membership ----

"$KAF" consume g6 -g R --assignor roundrobin $B >/dev/null 2>"$tmp/e" &
rpid=$!
wait_for 10 owners_are R "[6]"
"$KAF" groups describe R $B -J --state >"$tmp/out" 2>&1
check "--assignor roundrobin: the group uses roundrobin" json 'd[0]["assignment_strategy"] == "roundrobin"' || show "$tmp/out"
kill -INT $rpid
wait $rpid
"$KAF" consume g6 -X group.id=R2 -X partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor \
	--group-instance-id kaf-static-1 $B >/dev/null 2>"$tmp/e" &
rpid=$!
wait_for 10 owners_are R2 "[6]"
"$KAF" groups describe R2 $B -J --members >"$tmp/out" 2>&1
check "-X group.id and --group-instance-id: a static member" json 'd[0]["group_instance_id"] == "kaf-static-1"' || show "$tmp/out"
"$KAF" groups describe R2 $B -J --state >"$tmp/out" 2>&1
check "-X partition.assignment.strategy with Java's class name" json 'd[0]["assignment_strategy"] == "roundrobin"' || show "$tmp/out"
kill -INT $rpid
wait $rpid
"$KAF" groups describe R2 $B -J --members >"$tmp/out" 2>&1
check "a static member stays in the group after it stops (no LeaveGroup)" json 'len(d) == 1' || show "$tmp/out"

# ---- a mixed group: kafka-python and kcat with kaf consume ----

cat >"$tmp/kp.py" <<'PYEOF'
import sys, time, os
from kafka import KafkaConsumer
from kafka.errors import CommitFailedError
bs, tmp = sys.argv[1], sys.argv[2]
c = KafkaConsumer("g6", bootstrap_servers=bs, group_id="M", client_id="kp",
                  session_timeout_ms=6000, heartbeat_interval_ms=500, enable_auto_commit=False,
                  auto_offset_reset="earliest")
t0 = time.time()
while not os.path.exists(tmp + "/stop") and time.time() - t0 < 40:
    for tp, rs in c.poll(100).items():
        for r in rs:
            print("%d %d %s" % (tp.partition, r.offset, r.value.decode()), flush=True)
    try:
        c.commit()
    except CommitFailedError as e:
        print("commit failed: %s" % e, file=sys.stderr, flush=True)
c.close()
PYEOF
$PY "$tmp/kp.py" "$bootstrap" "$tmp" >"$tmp/kp.out" 2>"$tmp/kp.err" &
kpid=$!
"$KAF" consume g6 -g M $B -u -f "$F" --session-timeout 6s >"$tmp/m.out" 2>"$tmp/m.err" &
mpid=$!
check "kafka-python and kaf consume share group M, three partitions each" \
	wait_for 25 owners_are M "[('kaf', 3), ('kp', 3)]" x || { echo "# owners: $(owners M x)"; show "$tmp/kp.err"; }
check "...and read the whole topic between them" wait_for 15 at_least "$total" "$tmp/kp.out" "$tmp/m.out"
for p in 0 1 2 3 4 5; do echo "mixed-$p" | kcat -P -b "$bootstrap" -t g6 -p "$p"; done
check "records produced then go to both: three each" wait_for 10 sh -c \
	'[ "$(grep -c " mixed-" "$1")" -eq 3 ] && [ "$(grep -c " mixed-" "$2")" -eq 3 ]' sh "$tmp/kp.out" "$tmp/m.out"
total=$((total + 6))
check "...each record once" [ "$(lines "$tmp/kp.out" "$tmp/m.out")" -eq "$total" ] &&
	[ "$(cat "$tmp/kp.out" "$tmp/m.out" | sort -u | wc -l)" -eq "$total" ]
touch "$tmp/stop"
kill -INT $mpid
wait $mpid
check "kaf consume leaves the mixed group: exit 0" [ $? -eq 0 ]
wait $kpid

kcat -u -b "$bootstrap" -G K g6 -f '%p %o %s\n' -X auto.offset.reset=earliest -X session.timeout.ms=6000 \
	-X heartbeat.interval.ms=500 >"$tmp/k.out" 2>"$tmp/k.err" &
kcpid=$!
"$KAF" consume g6 -g K $B -u -f "$F" --session-timeout 6s >"$tmp/m2.out" 2>"$tmp/m2.err" &
mpid=$!
check "kcat -G and kaf consume share group K, three partitions each" wait_for 25 owners_are K "[3, 3]" ||
	echo "# owners: $(owners K x)"
for p in 0 1 2 3 4 5; do echo "kc-$p" | kcat -P -b "$bootstrap" -t g6 -p "$p"; done
check "records produced then go to both" wait_for 10 sh -c \
	'[ "$(grep -c " kc-" "$1")" -eq 3 ] && [ "$(grep -c " kc-" "$2")" -eq 3 ]' sh "$tmp/k.out" "$tmp/m2.out"
kill -INT $mpid
wait $mpid
check "kaf consume leaves the kcat group: exit 0" [ $? -eq 0 ]
kill -INT $kcpid
wait $kcpid

stop_server
echo "# $n tests, $failed failed"
finish
