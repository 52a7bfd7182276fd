#!/bin/sh
# kaf groups against a live kaf server: 10 records on each of 3 partitions
# (kcat), a kafka-python consumer in group G commits 4, 7 and 10; describe
# shows those offsets, the log end, the lag and the owning member (text,
# tsv and json); list and its state filter; delete and reset-offsets are
# refused while the member is there; once it has left, a dry run changes
# nothing, --execute moves the offsets (clamped to the log) and a new
# kafka-python consumer starts there; --export and --from-file round trip;
# delete-offsets, delete, unknown
# groups (exit 3), Kafka's spellings, usage errors and an unreachable
# broker (exit 4).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

run() {
	"$KAF" groups "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# ---- no broker, usage ----

dead=$(free_port)
run list -b "127.0.0.1:$dead" --timeout 1s
expect "unreachable broker: exit 4" 4 '' "^kaf groups list: error: no broker reachable at 127.0.0.1:$dead"
run describe G -b "127.0.0.1:$dead" --timeout 1s -J
expect "unreachable broker, json: exit 4 and an error document" 4 '"code":"UNAVAILABLE"'
run reset-offsets G --topic t3
expect "reset-offsets without a target: exit 2" 2 '' "give the target"
run reset-offsets G --topic t3 --to-earliest --to-latest
expect "two targets: exit 2" 2 '' "give one of --to-earliest"
run reset-offsets G --to-earliest
expect "reset-offsets without a scope: exit 2" 2 '' "give the scope"
run reset-offsets G --topic t3:x --to-earliest
expect "a bad partition list: exit 2" 2 '' "invalid value 't3:x' for --topic"
run reset-offsets G --topic t3 --by-duration P1X
expect "a bad duration: exit 2" 2 '' "invalid value 'P1X' for --by-duration"
run describe
expect "describe without groups: exit 2" 2 '' "name the groups, or give --all"

check "server starts" start_server --override group.initial.rebalance.delay.ms=0 || { finish; exit 1; }
B="-b $bootstrap"

"$KAF" topics create t3 -p 3 $B >/dev/null 2>&1
for p in 0 1 2; do seq 0 9 | sed "s/^/p$p-/" | kcat -P -b "$bootstrap" -t t3 -p $p; done
"$KAF" topics offsets t3 $B --output tsv >"$tmp/out"
check "30 records produced with kcat" [ "$(awk '{s += $4} END {print s}' "$tmp/out")" = 30 ] || show "$tmp/out"

# A member of G that commits 4, 7 and 10 and stays until $tmp/stop appears.
cat >"$tmp/member.py" <<'PYEOF'
import sys, time, os
from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata
bs, tmp = sys.argv[1], sys.argv[2]
c = KafkaConsumer("t3", bootstrap_servers=bs, group_id="G", client_id="kp-client",
                  session_timeout_ms=6000, heartbeat_interval_ms=500, enable_auto_commit=False,
                  auto_offset_reset="earliest")
t0 = time.time()
while len(c.assignment()) < 3 and time.time() - t0 < 20:
    c.poll(200)
c.commit({TopicPartition("t3", p): OffsetAndMetadata(o, "") for p, o in ((0, 4), (1, 7), (2, 10))})
print("ready", flush=True)
while not os.path.exists(tmp + "/stop") and time.time() - t0 < 60:
    c.poll(200)
c.close()
print("closed", flush=True)
PYEOF
$PY "$tmp/member.py" "$bootstrap" "$tmp" >"$tmp/m.out" 2>"$tmp/m.err" &
mpid=$!
i=0
while [ $i -lt 200 ] && ! grep -q ready "$tmp/m.out"; do sleep 0.1; i=$((i + 1)); done
check "the kafka-python member joined and committed" grep -q ready "$tmp/m.out" || show "$tmp/m.err"

# ---- an active group ----

run describe G $B
expect "describe: exit 0" 0 '^GROUP  COORDINATOR'
check "describe: header block: Stable, range, 1 member, total lag 9" \
	grep -Eq "^G +127\.0\.0\.1:$port \(1\) +Stable +range +1 +9\$" "$tmp/out" || show "$tmp/out"
check "describe: the offsets, log ends and lags" sh -c '
	grep -Eq "^G +t3 +0 +4 +10 +6 +kp-client-[^ ]+ +/127\.0\.0\.1 +kp-client\$" "$1" &&
	grep -Eq "^G +t3 +1 +7 +10 +3 +kp-client-" "$1" &&
	grep -Eq "^G +t3 +2 +10 +10 +0 +kp-client-" "$1"' sh "$tmp/out" || show "$tmp/out"
run describe G $B --output tsv
expect "describe tsv: exit 0" 0
check "describe tsv: three rows of nine tab-separated fields, no header" sh -c '
	[ "$(wc -l <"$1")" -eq 3 ] && awk -F "\t" "NF != 9 {exit 1}" "$1" &&
	[ "$(cut -f 2-6 "$1" | tr "\t\n" " ,")" = "t3 0 4 10 6,t3 1 7 10 3,t3 2 10 10 0," ]' sh "$tmp/out" ||
	show "$tmp/out"
run describe G $B -J
expect "describe json: exit 0" 0
check "describe json: the rows with numbers and the member" json '
	[(r["partition"], r["current_offset"], r["log_end_offset"], r["lag"]) for r in d] ==
	[(0, 4, 10, 6), (1, 7, 10, 3), (2, 10, 10, 0)] and
	all(r["client_id"] == "kp-client" and r["consumer_id"].startswith("kp-client-") for r in d)'
run describe G $B -t other
check "describe -t: only that topic's rows" [ "$(grep -c '^G  *t3' "$tmp/out")" -eq 0 ]
run describe G $B --members -l
expect "describe --members -l" 0 "kp-client .* 3 *t3(0,1,2)\$"
run describe G $B --state
expect "describe --state" 0 "^G  *127.0.0.1:$port (1)  *range  *Stable  *1  *9\$"
run --bootstrap-server "$bootstrap" --group G --describe --state
expect "Kafka's spelling: --group G --describe --state" 0 "^G  *127.0.0.1:$port (1)  *range  *Stable"
run list $B
expect "list: G is Stable" 0 '^G  *Stable$'
run list $B --state empty
check "list --state empty leaves out a Stable group" sh -c '! grep -q "^G " "$1"' sh "$tmp/out"
run list $B -l -J
expect "list -l json" 0
check "list -l json: type, protocol type, members, coordinator" json '
	{"group": "G", "state": "Stable", "type": "classic", "protocol_type": "consumer", "members": 1,
	 "coordinator": 1} in d'
run list $B -N --state Stable,Empty
expect "list -N: names only" 0 '^G$'

run delete G $B
expect "delete of an active group: NON_EMPTY_GROUP, exit 1" 1 '^G  *NON_EMPTY_GROUP' \
	'^kaf groups delete: error: G: NON_EMPTY_GROUP'
run reset-offsets G --all-topics --to-earliest --execute $B
expect "reset-offsets of an active group: refused, exit 1" 1 '' \
	"G: the group's offsets can only be reset while it is inactive, but it is Stable with 1 member\$"
run reset-offsets G --all-topics --to-earliest --execute $B -J
expect "refused in json: exit 1" 1
check "refused in json: one error document" json 'd["error"]["code"] == "NON_EMPTY_GROUP" and
	"Stable with 1 member" in d["error"]["message"]'
run delete-offsets G --topic t3 $B
expect "delete-offsets of a consumed topic: GROUP_SUBSCRIBED_TO_TOPIC, exit 1" 1 \
	'^t3  *0  *GROUP_SUBSCRIBED_TO_TOPIC'

touch "$tmp/stop"
wait $mpid
check "the member left" grep -q closed "$tmp/m.out"

# ---- a stopped group ----

run describe G $B
expect "describe an empty group: noted on stderr" 0 "^G  *t3  *0  *4  *10  *6  *-  *-  *-\$" \
	"^Consumer group 'G' has no active members.\$"
run reset-offsets G --all-topics --to-earliest $B
expect "reset dry run: exit 0, the new offsets" 0 '^G  *t3  *1  *7  *0$' "^dry run: nothing changed"
run describe G $B --output tsv
check "the dry run changed nothing" [ "$(cut -f 4 "$tmp/out" | tr '\n' ' ')" = "4 7 10 " ] || show "$tmp/out"
run reset-offsets G --topic t3:0 --to-offset 2 --execute $B
expect "reset --to-offset --execute: OK" 0 '^G  *t3  *0  *4  *2  *OK'
run reset-offsets G --topic t3:1 --shift-by -5 --execute $B
expect "reset --shift-by -5: 7 -> 2" 0 '^G  *t3  *1  *7  *2  *OK'
run reset-offsets G --topic t3:2 --to-offset 99 $B -J
expect "a target past the log end is clamped with a warning" 0 '' 't3:2: 99 is past the log end; using 10'
check "reset json: the clamped offset" json 'd == [{"group": "G", "topic": "t3", "partition": 2,
	"current_offset": 10, "new_offset": 10}]'
run reset-offsets G --topic t3:2 --to-datetime 2000-01-01T00:00:00.000 $B
expect "--to-datetime long ago: the log start" 0 '^G  *t3  *2  *10  *0$'
run reset-offsets G --topic t3:2 --by-duration PT1H $B
expect "--by-duration PT1H: the log start (everything is newer)" 0 '^G  *t3  *2  *10  *0$'
run reset-offsets G --topic t3:2 --shift-by 9223372036854775807 $B
expect "a huge --shift-by saturates and is clamped" 0 '^G  *t3  *2  *10  *10$' 'past the log end; using 10'
run reset-offsets G --topic t3:2 --by-duration 2h $B
expect "--by-duration 2h" 0 '^G  *t3  *2  *10  *0$'
run reset-offsets G --topic t3:2 --by-duration P99999999D $B
expect "a --by-duration beyond a thousand years: exit 2" 2 '' "invalid value 'P99999999D'"
run reset-offsets G --topic nope --to-earliest $B
expect "reset of an unknown topic: exit 3" 3 '' 'nope: UNKNOWN_TOPIC_OR_PARTITION'
run describe G $B --output tsv
check "describe after --execute: 2 2 10" [ "$(cut -f 4 "$tmp/out" | tr '\n' ' ')" = "2 2 10 " ] || show "$tmp/out"

timeout 30 $PY - "$bootstrap" >"$tmp/c.out" 2>"$tmp/c.err" <<'PYEOF'
import sys, time
from kafka import KafkaConsumer
c = KafkaConsumer("t3", bootstrap_servers=sys.argv[1], group_id="G", enable_auto_commit=False,
                  auto_offset_reset="earliest", session_timeout_ms=6000)
got = {}
t0 = time.time()
while sum(len(v) for v in got.values()) < 16 and time.time() - t0 < 20:
    for tp, rs in c.poll(200).items():
        got.setdefault(tp.partition, []).extend(r.offset for r in rs)
time.sleep(0.5)
for tp, rs in c.poll(200).items():
    got.setdefault(tp.partition, []).extend(r.offset for r in rs)
c.close()
print(" ".join("%d:%d-%d" % (p, min(v), max(v)) for p, v in sorted(got.items())))
PYEOF
check "a new kafka-python member of G starts at the reset offsets" [ "$(cat "$tmp/c.out")" = "0:2-9 1:2-9" ] ||
	{ show "$tmp/c.out"; tail -5 "$tmp/c.err" | show; }

run describe G $B --lag-by-topic
expect "describe --lag-by-topic: 8 + 8 + 0" 0 '^G  *t3  *16$'
run reset-offsets G --all-topics --to-earliest --export $B
check "reset --export: Kafka's CSV" [ "$(tr '\n' ' ' <"$tmp/out")" = "t3,0,0 t3,1,0 t3,2,0 " ] ||
	show "$tmp/out"
printf 'G,t3,0,3\nother,t3,1,9\nt3,2,4\n' >"$tmp/offsets.csv"
run reset-offsets G --from-file "$tmp/offsets.csv" --execute $B
expect "reset --from-file: the file's offsets, other groups' lines skipped" 0 '^G  *t3  *2  *10  *4  *OK'
run describe G $B --output tsv
check "describe after --from-file: 3 2 4" [ "$(cut -f 4 "$tmp/out" | tr '\n' ' ')" = "3 2 4 " ] ||
	show "$tmp/out"
printf 't3,zero,1\n' >"$tmp/bad.csv"
run reset-offsets G --from-file "$tmp/bad.csv" $B
expect "a malformed --from-file line: exit 2" 2 '' "bad.csv:1: want topic,partition,offset"

run delete-offsets G --topic t3:2 $B
expect "delete-offsets of a stopped group: OK" 0 '^t3  *2  *OK'
run describe G $B --output tsv
check "the deleted offset is gone" [ "$(cut -f 3 "$tmp/out" | tr '\n' ' ')" = "0 1 " ] || show "$tmp/out"
run delete-offsets nope --topic t3 $B
expect "delete-offsets of an unknown group: exit 3" 3 '' 'nope: GROUP_ID_NOT_FOUND'

run describe nope $B
expect "describe an unknown group: exit 3" 3 '' '^kaf groups describe: error: nope: GROUP_ID_NOT_FOUND'
run delete nope $B
expect "delete an unknown group: exit 3" 3 '^nope  *GROUP_ID_NOT_FOUND' 'hint: add --if-exists'
run delete nope --if-exists $B
expect "delete --if-exists of an unknown group: exit 0" 0 '^nope  *SKIPPED'
run --delete --group G $B
expect "Kafka's spelling: --delete --group G" 0 '^G  *OK'
run list $B -J
check "the deleted group is not listed" json 'not [r for r in d if r["group"] == "G"]'

stop_server
check "graceful stop" test "$server_rc" -eq 0
finish
