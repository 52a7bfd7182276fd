#!/bin/sh
# kaf perf against a live kaf server: produce 20,000 records of 100 bytes
# (the summary line's shape, the topic's high watermark), the jsonl objects
# and their keys, consume of all of them, e2e latency percentiles, a rate
# limit honoured (a lower bound on the time only), a topic created with
# --partitions, Kafka's flag spellings, usage errors (exit 2) and an
# unreachable broker (exit 4).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

run() { # kaf ARGS...: stdout $tmp/out, stderr $tmp/err, status $rc
	"$KAF" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
expect() { # description want-status [stdout-grep [stderr-grep]]
	ok=1
	[ "$rc" -eq "$2" ] || { ok=0; echo "#   status $rc, want $2"; show "$tmp/err"; }
	if [ -n "${3-}" ] && ! grep -Eq -e "$3" "$tmp/out"; then ok=0; echo "#   stdout lacks: $3"; show "$tmp/out"; fi
	if [ -n "${4-}" ] && ! grep -q -e "$4" "$tmp/err"; then ok=0; echo "#   stderr lacks: $4"; show "$tmp/err"; fi
	if [ $ok = 1 ]; then pass "$1"; else fail "$1"; fi
}
# jsonl_keys FILE TYPE KEY...: the last object of TYPE has every KEY (a.b for nested)
jsonl_keys() {
	$PY - "$@" <<'PYEOF'
import json, sys
path, typ, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
objs = [json.loads(l) for l in open(path) if l.strip()]
objs = [o for o in objs if o.get("type") == typ]
if not objs:
    sys.exit("no object of type %s" % typ)
o = objs[-1]
for k in keys:
    v = o
    for part in k.split("."):
        if not isinstance(v, dict) or part not in v:
            sys.exit("missing key %s in %s" % (k, o))
        v = v[part]
print(json.dumps(o))
PYEOF
}

# ---- usage errors and no broker (nothing needs a server) ----

run perf
expect "no subcommand: exit 2" 2 '' "missing subcommand"
run perf bogus t
expect "unknown subcommand: exit 2" 2 '' "unknown subcommand 'bogus'"
run perf produce t
expect "produce without -n or --duration: exit 2" 2 '' "say how much to send"
run perf produce
expect "produce without a topic: exit 2" 2 '' "missing operand"
run perf produce t -n 0
expect "produce -n 0: exit 2" 2
run perf produce t -n 10 --acks 2
expect "bad --acks: exit 2" 2 '' "invalid value '2' for --acks"
run perf produce t -n 10 -s lots
expect "bad --record-size: exit 2" 2
run perf produce t -n 10 --producer-props acks=7
expect "bad --producer-props value: exit 2" 2 '' "invalid value '7' for acks"
run perf consume t
expect "consume without -n, -e or --duration: exit 2" 2 '' "say when to stop"
run perf e2e t -n 10 -s 8
expect "e2e with a record under 16 bytes: exit 2" 2
run perf produce t -n 10 --no-such-flag
expect "unknown flag: exit 2" 2 '' "unknown option '--no-such-flag'"
check "usage error: error, usage line, hint" sh -c '[ "$(wc -l <"$1")" -eq 3 ] &&
	sed -n 3p "$1" | grep -q "^Try .kaf perf produce --help.\.$"' sh "$tmp/err"

dead=$(free_port)
for sub in produce consume e2e; do
	run perf "$sub" -b "127.0.0.1:$dead" --timeout 1s t -n 10
	expect "$sub: unreachable broker: exit 4" 4 '' "no broker reachable"
done

# ---- against a server ----

start_server || { fail "server started"; show "$tmp/server.log"; exit 1; }
B="-b $bootstrap"

run perf produce $B p1 -n 20000 -s 100 -p 1 -a 1
expect "produce 20000 x 100 B: exit 0" 0
summary='^20000 records sent, [0-9.]+ records/sec \([0-9.]+ MB/sec\), [0-9.]+ ms avg latency, [0-9.]+ ms max latency, [0-9.]+ ms 50th, [0-9.]+ ms 95th, [0-9.]+ ms 99th, [0-9.]+ ms 99\.9th\.$'
check "the summary is Kafka's line with the percentiles" sh -c 'tail -1 "$1" | grep -Eq "$2"' sh "$tmp/out" "$summary"
check "nothing on stderr" sh -c '[ ! -s "$1" ]' sh "$tmp/err"
run topics offsets $B p1
check "the topic's high watermark is 20000" sh -c 'awk "\$1 == \"p1\" && \$2 == 0 { print \$4 }" "$1" | grep -qx 20000' sh "$tmp/out"

run perf produce $B p1 -n 5000 -s 200 -a all -J -i 1ms
expect "produce --output jsonl: exit 0" 0
if jsonl_keys "$tmp/out" summary records rec_per_s mb_per_s bytes failed requests elapsed_s \
	latency_ms.avg latency_ms.max latency_ms.p50 latency_ms.p95 latency_ms.p99 \
	latency_ms.p999 >"$tmp/obj" 2>"$tmp/pyerr"; then
	pass "produce jsonl: the summary has the keys"
else
	fail "produce jsonl: the summary has the keys"; show "$tmp/pyerr"
fi
check "produce jsonl: 5000 records, 1 MB" $PY -c 'import json,sys; o=json.load(open(sys.argv[1]));
assert o["records"] == 5000 and o["bytes"] == 5000 * 200 and o["failed"] == 0, o' "$tmp/obj"
check "produce jsonl: every line is an object" $PY -c 'import json,sys;
[json.loads(l) for l in open(sys.argv[1])]' "$tmp/out"

run perf consume $B p1 -n 20000
expect "consume -n 20000: exit 0" 0 '^20000 records received, [0-9.]+ records/sec \([0-9.]+ MB/sec\), [0-9.]+ MB in [0-9.]+ s, [0-9]+ fetches\.$'
run perf consume $B p1 -e -J
expect "consume -e -J: exit 0" 0
if jsonl_keys "$tmp/out" summary records bytes rec_per_s mb_per_s fetches elapsed_s >"$tmp/obj" 2>"$tmp/pyerr"; then
	pass "consume jsonl: the summary has the keys"
else
	fail "consume jsonl: the summary has the keys"; show "$tmp/pyerr"
fi
check "consume -e read all 25000 records and their bytes" $PY -c 'import json,sys;
o=json.load(open(sys.argv[1])); assert o["records"] == 25000 and o["bytes"] == 20000*100 + 5000*200, o' "$tmp/obj"
run perf consume $B nope -e
expect "consume of a missing topic: exit 3" 3 '' "UNKNOWN_TOPIC_OR_PARTITION"
run perf consume $B p1 -n 30000 --timeout 1s
expect "consume -n more than there is: exit 1 after --timeout" 1 '' "25000 of 30000 records"

run perf e2e $B e1 --duration 2s --throughput 500 -i 1s
expect "e2e --duration 2s --throughput 500: exit 0" 0 \
	'^[0-9]+ records sent, [0-9]+ received, [0-9.]+ records/sec, [0-9.]+ ms avg latency, [0-9.]+ ms max latency, [0-9.]+ ms 50th, [0-9.]+ ms 95th, [0-9.]+ ms 99th, [0-9.]+ ms 99\.9th; ack [0-9.]+ ms avg'
check "e2e: an interval line before the summary" [ "$(wc -l <"$tmp/out")" -ge 2 ]
n_sent=$(tail -1 "$tmp/out" | sed 's/ records sent.*//')
check "e2e: about 1000 records sent in 2 s at 500/s ($n_sent)" [ "$n_sent" -ge 900 -a "$n_sent" -le 1001 ]
check "e2e: every record read back" sh -c 'tail -1 "$1" | grep -q "^\([0-9]*\) records sent, \1 received"' sh "$tmp/out"
run perf e2e $B e1 -n 200 -J
expect "e2e -n 200 -J: exit 0" 0
if jsonl_keys "$tmp/out" summary sent records lost rec_per_s latency_ms.p50 latency_ms.p99 \
	latency_ms.p999 ack_latency_ms.avg ack_latency_ms.p99 >"$tmp/obj" 2>"$tmp/pyerr"; then
	pass "e2e jsonl: the summary has the keys"
else
	fail "e2e jsonl: the summary has the keys"; show "$tmp/pyerr"
fi
check "e2e jsonl: 200 sent, 200 read, none lost" $PY -c 'import json,sys;
o=json.load(open(sys.argv[1])); assert o["sent"] == 200 and o["records"] == 200 and o["lost"] == 0, o' "$tmp/obj"

# The rate: 4000 records at 2000/s take 2 s; only the lower bound is checked.
t0=$($PY -c 'import time; print(time.monotonic())')
run perf produce $B r1 -n 4000 --throughput 2000 -i 500ms
t1=$($PY -c 'import time; print(time.monotonic())')
expect "produce --throughput 2000 -n 4000: exit 0" 0 '^4000 records sent'
check "--throughput 2000 with 4000 records took at least 1.5 s" $PY -c 'import sys;
assert float(sys.argv[2]) - float(sys.argv[1]) >= 1.5' "$t0" "$t1"
check "interval lines every 500ms (3 at least before the summary)" [ "$(wc -l <"$tmp/out")" -ge 4 ]

# A new topic takes --partitions; keys spread the records over them.
run perf produce $B k4 -n 4000 -p 4 --keys 64 -z lz4 --payload text
expect "produce -p 4 --keys 64 -z lz4 --payload text: exit 0" 0 '^4000 records sent'
run topics offsets $B k4
check "the new topic has 4 partitions, each with records" sh -c '[ "$(awk "\$1 == \"k4\" && \$4 > 0" "$1" | wc -l)" -eq 4 ]' sh "$tmp/out"
run perf produce $B k4 -n 10 -p 2
expect "--partitions on an existing topic: a warning, exit 0" 0 '' "exists with 4 partitions"

# Values from a file, split at a delimiter.
printf 'alpha;beta;;gamma' >"$tmp/values"
run perf produce $B pf -n 300 --payload-file "$tmp/values" --payload-delimiter ';'
expect "--payload-file: exit 0" 0 '^300 records sent'
"$KAF" consume $B pf -e 2>/dev/null | sort -u >"$tmp/got"
check "--payload-file: the values are the file's (empty skipped), each used" \
	[ "$(tr '\n' ' ' <"$tmp/got")" = "alpha beta gamma " ]
run perf produce $B pf -n 3 --payload-file "$tmp/missing"
expect "--payload-file that does not exist: exit 3" 3 '' "missing"
run perf produce $B pf -n 3 --payload-file "$tmp/values" -s 10
expect "--payload-file with --record-size: exit 2" 2 '' "not both"

run perf consume $B pf --duration 1s --from-latest -i 300ms
expect "consume --duration 1s --from-latest: exit 0, nothing read" 0 '^0 records received'
check "consume --duration: interval lines, then the summary" [ "$(wc -l <"$tmp/out")" -ge 3 ]

# Kafka's spellings.
run perf produce --topic kf --num-records 1000 --record-size 50 --throughput -1 \
	--producer-props bootstrap.servers=$bootstrap acks=1 linger.ms=1
expect "Kafka's producer perf flags: exit 0" 0 '^1000 records sent'
run perf consume $B --topic kf --messages 1000 --reporting-interval 1s --show-detailed-stats \
	--hide-header --timeout 10000
expect "Kafka's consumer perf flags: exit 0" 0 '^1000 records received'

stop_server
check "the server stopped cleanly" [ "$server_rc" -eq 0 ]
finish
