#!/bin/sh
# The group member library (net/client/member.c) through
# tests/tools/member-demo against a live kaf server: three members share a
# 6-partition topic, two partitions each, commit, and when one leaves the
# other two take its partitions over, starting from its commits (commits
# between revoke and rejoin are accepted); a member stopped past its
# session (SIGSTOP) is forgotten and joins again when it wakes
# (UNKNOWN_MEMBER_ID); a static member (group.instance.id) restarted within
# its session gets its partitions back without a rebalance; members that
# only offer roundrobin get the round-robin assignment; the leader notices
# partitions added to a topic and the group is assigned anew; two of ours
# share a group with a kafka-python consumer (which leads), then with
# librdkafka (kcat -G, ours leading): each side reads the other's
# Subscription and Assignment bytes, and kaf groups describe shows the
# owners; members find the coordinator again after a broker restart and
# rejoin.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3
D=${O:-build}/tests/tools/member-demo
D=$(cd "$(dirname "$D")" && pwd)/${D##*/}
pids=

fixed_port=$(free_port)
check "server starts" start_server --override group.initial.rebalance.delay.ms=0 || { finish; exit 1; }
trap 'kill -9 ${server_pid:-} $pids 2>/dev/null; rm -rf "$tmp"' EXIT
"$KAF" topics create m6 -p 6 -b "$bootstrap" >/dev/null 2>&1

# member NAME GROUP [OPTIONS...]: start a member-demo in the background.
member() {
	name=$1 grp=$2
	shift 2
	: >"$tmp/$name.out"
	"$D" "$@" "$bootstrap" "$grp" "${topic:-m6}" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	eval "pid_$name=$!"
	pids="$pids $!"
}
# The partitions of NAME's current assignment ("0,1"), or "none" between generations.
parts() {
	last=$(grep -E '^(assigned|revoked)' "$tmp/$1.out" 2>/dev/null | tail -1)
	case $last in
	assigned*) echo "$last" | cut -d' ' -f5- | tr ' ' '\n' | sed 's/^[^:]*://; s/@.*//' | sort -n |
		paste -sd, - ;;
	*) echo none ;;
	esac
}
gen() { grep '^assigned' "$tmp/$1.out" | tail -1 | cut -d' ' -f2; }
# settled N NAME...: every NAME holds N partitions in the same generation.
settled() {
	want=$1
	shift
	g0=$(gen "$1")
	for m in "$@"; do
		p=$(parts "$m")
		[ "$p" != none ] && [ "$(echo "$p" | tr ',' '\n' | grep -c .)" -eq "$want" ] &&
			[ "$(gen "$m")" = "$g0" ] || return 1
	done
}
wait_for() { # seconds command...
	t=$(($1 * 10))
	shift
	while [ $t -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}
union() { for m in "$@"; do parts "$m"; done | tr ',' '\n' | sort -n | paste -sd, -; }
showall() { for m in "$@"; do echo "$m:"; show "$tmp/$m.out"; tail -3 "$tmp/$m.err" | show; done; }

# ---- three of ours, range ----

member a G --commit 5
member b G --commit 5
member c G --commit 5
check "three members get two partitions each" wait_for 20 settled 2 a b c || showall a b c
check "every partition once" [ "$(union a b c)" = "0,1,2,3,4,5" ] || showall a b c
check "range: consecutive pairs" sh -c '
	for p in "$@"; do case $p in 0,1|2,3|4,5) ;; *) exit 1 ;; esac; done' sh \
	"$(parts a)" "$(parts b)" "$(parts c)"
check "one leader, the chosen protocol is range" sh -c '
	[ "$(for m in a b c; do grep "^assigned" "$1/$m.out" | tail -1; done | grep -c " LEADER range")" -eq 1 ]' \
	sh "$tmp" || showall a b c
# Each has committed after its last assignment.
committed_all() {
	for m in "$@"; do
		[ "$(grep -E '^(assigned|revoked|committed)' "$tmp/$m.out" | tail -1 | cut -d' ' -f1)" = committed ] ||
			return 1
	done
}
check "each member commits its partitions" wait_for 10 committed_all a b c || showall a b c
"$KAF" groups describe G -b "$bootstrap" --output tsv >"$tmp/out" 2>"$tmp/err"
check "kaf groups describe: six rows owned by member-demo members" sh -c '
	[ "$(wc -l <"$1")" -eq 6 ] && [ "$(cut -f 9 "$1" | sort -u)" = member-demo ]' sh "$tmp/out" ||
	show "$tmp/out"
leaver=$(parts c)
kill -TERM $pid_c
check "the leaving member sends LeaveGroup and ends" wait_for 10 grep -q '^left' "$tmp/c.out"
check "the other two take its partitions over" wait_for 15 settled 3 a b || showall a b
check "every partition once after the leave" [ "$(union a b)" = "0,1,2,3,4,5" ] || showall a b
check "the survivors commit between revoke and rejoin (old generation): accepted" sh -c '
	cd "$1" && [ "$(grep -h -A1 "^revoked" a.out b.out | grep -c "^committed")" -ge 2 ] &&
	! grep -q "^commit-failed" a.out b.out c.out' sh "$tmp" || showall a b c
# The survivors start the leaver's partitions from its commit (5, one generation on).
taken=$(for m in a b; do grep '^assigned' "$tmp/$m.out" | tail -1; done | tr ' ' '\n' | grep '^m6:' |
	sed 's/^m6://' | sort -n | paste -sd' ' -)
check "the taken-over partitions carry the committed offsets ($taken)" sh -c '
	for p in $(echo "$1" | tr , " "); do echo " $2 " | grep -Eq " $p@(5|10) " || exit 1; done' \
	sh "$leaver" "$taken"

# A member that stops answering is dropped after its session; awake, it joins again.
member d G --commit 0
check "a third member joins again" wait_for 15 settled 2 a b d || showall a b d
kill -STOP $pid_d
check "while it is stopped the other two take over after its session" wait_for 20 settled 3 a b ||
	showall a b d
kill -CONT $pid_d
check "woken up, it is told it is unknown and joins again: two each" wait_for 20 settled 2 a b d ||
	showall a b d
kill -TERM $pid_a $pid_b $pid_d
wait $pid_a $pid_b $pid_d
"$KAF" groups describe G -b "$bootstrap" --state --output tsv >"$tmp/out" 2>&1
check "everyone left: the group is Empty" [ "$(cut -f 4 "$tmp/out")" = Empty ] || show "$tmp/out"

# ---- static members: a restart within the session keeps the assignment ----

member s1 S --instance-id i1
member s2 S --instance-id i2
check "two static members: three partitions each" wait_for 15 settled 3 s1 s2 || showall s1 s2
before=$(parts s1)
s2_events=$(grep -cE '^(assigned|revoked)' "$tmp/s2.out")
kill -TERM $pid_s1
wait $pid_s1
member s1b S --instance-id i1
check "the restarted static member gets its partitions back" wait_for 10 sh -c '
	grep -q "^assigned" "$1/s1b.out" && [ "$(cat "$1/s1b.out" | grep "^assigned" | tail -1 |
		cut -d" " -f5- | tr " " "\n" | sed "s/^[^:]*://; s/@.*//" | paste -sd, -)" = "$2" ]' \
	sh "$tmp" "$before" || showall s1b s2
check "and the other member was not disturbed (no revoke)" \
	[ "$(grep -cE '^(assigned|revoked)' "$tmp/s2.out")" = "$s2_events" ] || showall s2
kill -TERM $pid_s1b $pid_s2
wait $pid_s1b $pid_s2

# ---- roundrobin only ----

member r1 R --assignor roundrobin
member r2 R --assignor roundrobin --subscription-version 0
member r3 R --assignor roundrobin
check "roundrobin: two partitions each" wait_for 20 settled 2 r1 r2 r3 || showall r1 r2 r3
check "roundrobin: every third partition (0,3 1,4 2,5)" sh -c '
	for p in "$@"; do case $p in 0,3|1,4|2,5) ;; *) exit 1 ;; esac; done' sh \
	"$(parts r1)" "$(parts r2)" "$(parts r3)" || showall r1 r2 r3
check "the chosen protocol is roundrobin" grep -q ' roundrobin ' "$tmp/r1.out"
kill -TERM $pid_r1 $pid_r2 $pid_r3
wait $pid_r1 $pid_r2 $pid_r3

# ---- partitions added: the leader notices and the group is assigned anew ----

"$KAF" topics create p3 -p 3 -b "$bootstrap" >/dev/null 2>&1
topic=p3
member p1 P --metadata-ms 300
member p2 P --metadata-ms 300
topic=
two_one() { [ "$(union p1 p2)" = "0,1,2" ] && [ "$(gen p1)" = "$(gen p2)" ]; }
check "three partitions between two members" wait_for 20 two_one || showall p1 p2
"$KAF" topics alter p3 --partitions 6 -b "$bootstrap" >/dev/null 2>&1
check "after partitions are added: three each" wait_for 20 settled 3 p1 p2 || showall p1 p2
check "every partition of the six once" [ "$(union p1 p2)" = "0,1,2,3,4,5" ]
kill -TERM $pid_p1 $pid_p2
wait $pid_p1 $pid_p2

# ---- two of ours and kafka-python ----

cat >"$tmp/kp.py" <<'PYEOF'
import sys, time, os
from kafka import KafkaConsumer
bs, tmp = sys.argv[1], sys.argv[2]
c = KafkaConsumer("m6", bootstrap_servers=bs, group_id="M", client_id="kp-member",
                  session_timeout_ms=6000, heartbeat_interval_ms=500, enable_auto_commit=False)
last = None
t0 = time.time()
while not os.path.exists(tmp + "/kp.stop") and time.time() - t0 < 60:
    c.poll(100)
    a = sorted(tp.partition for tp in c.assignment())
    if a != last:
        print("assigned " + ",".join(map(str, a)), flush=True)
        last = a
c.close()
print("left", flush=True)
PYEOF
: >"$tmp/kp.out"
$PY "$tmp/kp.py" "$bootstrap" "$tmp" >"$tmp/kp.out" 2>"$tmp/kp.err" &
kp=$!
pids="$pids $kp"
wait_for 15 grep -q '^assigned 0,1,2,3,4,5' "$tmp/kp.out"
member x M
member y M
kp_parts() { grep '^assigned' "$tmp/kp.out" | tail -1 | cut -d' ' -f2; }
mixed() { settled 2 x y && [ "$(kp_parts | tr ',' '\n' | grep -c .)" -eq 2 ]; }
check "with kafka-python: two partitions each" wait_for 25 mixed || { showall x y; show "$tmp/kp.out"; }
check "with kafka-python: every partition once" \
	[ "$( { parts x; parts y; kp_parts; } | tr ',' '\n' | sort -n | paste -sd, -)" = "0,1,2,3,4,5" ]
"$KAF" groups describe M -b "$bootstrap" --members --output tsv >"$tmp/out" 2>&1
check "kaf groups describe --members: three members, two partitions each" sh -c '
	[ "$(wc -l <"$1")" -eq 3 ] && [ "$(cut -f 6 "$1" | sort -u)" = 2 ] &&
	grep -q "	kp-member	" "$1"' sh "$tmp/out" || show "$tmp/out"
touch "$tmp/kp.stop"
wait $kp
check "after kafka-python leaves, ours hold three each" wait_for 15 settled 3 x y || showall x y

# ---- two of ours and librdkafka (kcat -G), ours leading ----

member k1 K
member k2 K
check "two of ours in K" wait_for 15 settled 3 k1 k2 || showall k1 k2
kcat -b "$bootstrap" -G K m6 -q -X session.timeout.ms=6000 >"$tmp/kcat.out" 2>"$tmp/kcat.err" &
kc=$!
pids="$pids $kc"
check "with librdkafka: two partitions each for ours" wait_for 25 settled 2 k1 k2 || showall k1 k2
rdk_two() {
	"$KAF" groups describe K -b "$bootstrap" --members --output tsv >"$tmp/out" 2>/dev/null &&
		[ "$(awk -F '\t' '$5 == "rdkafka" {print $6}' "$tmp/out")" = 2 ]
}
check "librdkafka took two partitions from our leader's assignment" wait_for 10 rdk_two ||
	show "$tmp/out"
kill -TERM $kc
wait $kc
check "after librdkafka leaves, ours hold three each" wait_for 15 settled 3 k1 k2 || showall k1 k2
kill -TERM $pid_k1 $pid_k2
wait $pid_k1 $pid_k2

# A broker restart: the connections break, the members find the coordinator and rejoin.
before_x=$(grep -c '^assigned' "$tmp/x.out")
before_y=$(grep -c '^assigned' "$tmp/y.out")
stop_server
check "restart" start_server --override group.initial.rebalance.delay.ms=0
rejoined() {
	[ "$(grep -c '^assigned' "$tmp/x.out")" -gt "$before_x" ] &&
		[ "$(grep -c '^assigned' "$tmp/y.out")" -gt "$before_y" ] && settled 3 x y
}
check "after a broker restart both members rejoin and hold three each" wait_for 30 rejoined ||
	showall x y
kill -TERM $pid_x $pid_y
wait $pid_x $pid_y
check "member-demo exits cleanly" sh -c '! grep -q "^error" "$1"/x.out "$1"/y.out' sh "$tmp"

stop_server
check "graceful stop" test "$server_rc" -eq 0
finish
