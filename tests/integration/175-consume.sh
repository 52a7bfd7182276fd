#!/bin/sh
# kaf consume against kaf server, with input produced by kafka-python (keys,
# headers, binary, empty and null keys and values, explicit timestamps,
# every codec, three partitions) and by kcat (text lines, every codec).
# Checks: jsonl decodes byte for byte to what was sent; text, -f and kcat's
# -f print the same bytes; Kafka's --print-* lines; every offset spec, -p,
# -e, -c, --idle-timeout, --encoding, --header-filter; a closed output pipe,
# SIGINT, an unknown topic or partition, an unreachable broker and bad flags
# end with their documented exit codes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

check "server starts" start_server || { finish; exit 1; }
C="timeout 30 $KAF consume -b $bootstrap"

# ---- input ----

timeout 60 $PY - "$bootstrap" "$tmp/expected.json" >"$tmp/prod.out" 2>"$tmp/prod.err" <<'PYEOF'
import json, random, sys, time
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic

bs, out = sys.argv[1], sys.argv[2]
admin = KafkaAdminClient(bootstrap_servers=bs, request_timeout_ms=5000)
admin.create_topics([NewTopic("c3", 3, 1), NewTopic("txt", 1, 1), NewTopic("empty3", 3, 1)])
admin.close()
rnd = random.Random(175)
BASE = (int(time.time()) - 3600) * 1000
recs = []
n = 0
for codec in (None, "gzip", "snappy", "lz4", "zstd"):
    p = KafkaProducer(bootstrap_servers=bs, compression_type=codec, linger_ms=50)
    futs = []
    for i in range(24):
        part = i % 3
        kind = i % 6
        key = None if kind == 0 else b"" if kind == 1 else ("key-%d" % n).encode()
        if kind == 2:
            val = None                                   # tombstone
        elif kind == 3:
            val = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300)))  # binary
        elif kind == 4:
            val = b""
        else:
            val = ("v\u00e9 %d \"q\" \\ \t tab %s" % (n, codec)).encode() * (1 + i % 4)
        hdrs = [("n", str(n).encode())]
        if i % 4 == 0:
            # No NUL: kcat's %h stops a header value at one, and -f is compared with kcat's.
            hdrs.append(("bin", bytes([255, 128, n % 255 + 1])))
        if i % 5 == 0:
            hdrs.append(("n", b""))                      # duplicate name, empty value
        ts = BASE + n * 1000
        futs.append((p.send("c3", key=key, value=val, headers=hdrs, partition=part,
                            timestamp_ms=ts), key, val, hdrs, ts))
        n += 1
    p.flush()
    for f, key, val, hdrs, ts in futs:
        md = f.get(timeout=10)
        recs.append({"partition": md.partition, "offset": md.offset,
                     "key": None if key is None else key.hex(),
                     "value": None if val is None else val.hex(),
                     "headers": [[k, v.hex()] for k, v in hdrs], "timestamp": ts})
    p.close()

# Text records for the Kafka-style lines: null and empty keys and values too.
p = KafkaProducer(bootstrap_servers=bs, linger_ms=20)
txt = []
for i in range(12):
    key = None if i % 4 == 0 else ("k%d" % i).encode()
    val = None if i % 5 == 3 and key else b"" if i == 7 else ("text %d" % i).encode()
    hdrs = [] if i % 3 == 0 else [("h", ("x%d" % i).encode()), ("g", b"y")]
    md = p.send("txt", key=key, value=val, headers=hdrs, timestamp_ms=BASE + i).get(timeout=10)
    txt.append({"offset": md.offset, "key": None if key is None else key.decode(),
                "value": None if val is None else val.decode(),
                "headers": [[k, v.decode()] for k, v in hdrs], "timestamp": BASE + i})
p.close()
json.dump({"c3": recs, "txt": txt, "base": BASE}, open(out, "w"))
print("produced", len(recs), "+", len(txt))
PYEOF
check "kafka-python produced the input" grep -q "^produced 120 + 12" "$tmp/prod.out" ||
	{ show "$tmp/prod.out" "$tmp/prod.err"; finish; exit 1; }

i=0
: >"$tmp/kt.in"
while [ $i -lt 10 ]; do echo "key$i:line $i of kcat" >>"$tmp/kt.in"; i=$((i + 1)); done
for z in none gzip snappy lz4 zstd; do
	timeout 30 kcat -b "$bootstrap" -P -t kt -K: -z $z -H "codec=$z" -H two=2 -X linger.ms=50 \
		<"$tmp/kt.in" 2>>"$tmp/kcat.err" || fail "kcat -z $z produces"
done
check "kcat produced 50 lines to kt" [ "$(kcat -b "$bootstrap" -C -t kt -e -q | wc -l)" -eq 50 ]

# ---- jsonl: every byte back ----

$C -J -e c3 >"$tmp/c3.jsonl" 2>"$tmp/err"
check "consume -J -e c3: exit 0" [ $? -eq 0 ] || show "$tmp/err"
cat >"$tmp/cmp.py" <<'PYEOF'
import base64, json, sys
exp = json.load(open(sys.argv[1]))["c3"]
lines = open(sys.argv[2], "rb").read().split(b"\n")
def ok(c, d, detail=""):
    print(("ok - " if c else "not ok - ") + d + ("" if c or not detail else " (%s)" % detail))
def dec(obj, field, enc_field):
    v = obj[field]
    if v is None:
        return None
    enc = obj.get(enc_field)
    if enc == "base64":
        return base64.b64decode(v, validate=True).hex()
    if enc == "hex":
        return bytes.fromhex(v).hex()
    assert enc is None, enc
    return v.encode("utf-8").hex()
ok(lines[-1] == b"", "the output ends with a newline")
got = {}
bad = []
for l in lines[:-1]:
    o = json.loads(l)
    rec = {"partition": o["partition"], "offset": o["offset"],
           "key": dec(o, "key", "key_encoding"), "value": dec(o, "value", "value_encoding"),
           "headers": [[h["key"], dec(h, "value", "value_encoding")] for h in o["headers"]],
           "timestamp": o["timestamp"]}
    if o["timestamp_type"] != "create" or not isinstance(o["leader_epoch"], int):
        bad.append(o)
    got[(o["partition"], o["offset"])] = rec
ok(len(lines) - 1 == len(exp), "one line per record", "%d lines" % (len(lines) - 1))
want = {(r["partition"], r["offset"]): r for r in exp}
diff = [k for k in want if got.get(k) != want[k]]
ok(not diff, "every key, value, header and timestamp decodes to the bytes sent",
   diff[:3] and (want[diff[0]], got.get(diff[0])))
ok(not bad, "timestamp_type create and an integer leader_epoch on every line", bad[:1])
enc = sys.argv[3] if len(sys.argv) > 3 else None
if enc:
    objs = [json.loads(l) for l in lines[:-1]]
    ok(all(o.get("value_encoding") == enc for o in objs if o["value"] is not None) and
       all(o.get("key_encoding") == enc for o in objs if o["key"] is not None),
       "--encoding %s is on every non-null key and value" % enc)
else:
    ok(any(json.loads(l).get("value_encoding") == "base64" for l in lines[:-1]) and
       any(json.loads(l)["value"] is None for l in lines[:-1]),
       "binary values came as base64, tombstones as null")
PYEOF
$PY "$tmp/cmp.py" "$tmp/expected.json" "$tmp/c3.jsonl" >"$tmp/cmp.out" 2>&1
tap_from "$tmp/cmp.out"
for e in hex base64; do
	$C --output jsonl --encoding $e -e c3 >"$tmp/c3.$e" 2>"$tmp/err"
	$PY "$tmp/cmp.py" "$tmp/expected.json" "$tmp/c3.$e" $e >"$tmp/cmp.out" 2>&1
	tap_from "$tmp/cmp.out"
done

# ---- text and templates: the same bytes as kcat ----

for p in 0 1 2; do
	FMT='%t|%p|%o|%k|%s|%h|%T|%K|%S\n'
	$C -e c3 -p $p -f "$FMT" >"$tmp/kaf.$p" 2>"$tmp/err"
	timeout 30 kcat -b "$bootstrap" -C -t c3 -p $p -e -q -f "$FMT" >"$tmp/kcat.$p" 2>/dev/null
	check "c3 [$p]: -f with every kcat token prints exactly what kcat prints" cmp -s "$tmp/kaf.$p" "$tmp/kcat.$p" ||
		{ cmp "$tmp/kaf.$p" "$tmp/kcat.$p" | show; show "$tmp/err"; }
done
$C -e kt >"$tmp/kaf.kt" 2>"$tmp/err"
kcat -b "$bootstrap" -C -t kt -e -q >"$tmp/kcat.kt" 2>/dev/null
check "kt: the default output is kcat's (value per line)" cmp -s "$tmp/kaf.kt" "$tmp/kcat.kt"
$C -e kt -K ' => ' -D '|' >"$tmp/out" 2>&1
kcat -b "$bootstrap" -C -t kt -e -q -K ' => ' -D '|' >"$tmp/kcat.kt" 2>/dev/null
check "kt: -K DELIM and -D DELIM as kcat" cmp -s "$tmp/out" "$tmp/kcat.kt"
$C -e kt -f '%h %z %D\n' -c 1 >"$tmp/out" 2>&1
check "%h lists headers in order; %z; %D is UTC ISO 8601" \
	grep -Eqx 'codec=none,two=2 create [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z' "$tmp/out" ||
	show "$tmp/out"
$C -e kt -f '%k %s{hex} %k{base64} %v{json}\n' -c 1 >"$tmp/out" 2>&1
check "-f modifiers {hex} {base64} {json}" \
	[ "$(cat "$tmp/out")" = 'key0 6c696e652030206f66206b636174 a2V5MA== "line 0 of kcat"' ]
$C -e txt -f '[%k][%s]\n' --null-literal NIL -c 4 >"$tmp/out" 2>&1
check "--null-literal for null keys and values" [ "$(sed -n 1p "$tmp/out";sed -n 4p "$tmp/out")" = "[NIL][text 0]
[k3][NIL]" ] || show "$tmp/out"
$C -e txt -Z -f '%k\n' -c 1 >"$tmp/out" 2>&1
check "-Z prints null as NULL (kcat)" [ "$(cat "$tmp/out")" = NULL ]

# ---- Kafka's console consumer lines ----

$PY - "$tmp/expected.json" >"$tmp/kafka.want" <<'PYEOF'
import json, sys
for r in json.load(open(sys.argv[1]))["txt"]:
    hs = ",".join("%s:%s" % (k, v) for k, v in r["headers"]) or "NO_HEADERS"
    key = "null" if r["key"] is None else r["key"]
    val = "null" if r["value"] is None else r["value"]
    print("CreateTime:%d\tPartition:0\tOffset:%d\t%s\t%s\t%s" % (r["timestamp"], r["offset"], hs, key, val))
PYEOF
$C -e txt --print-key --print-headers -O --print-partition --print-timestamp >"$tmp/out" 2>"$tmp/err"
check "--print-* lines are Kafka's (order, labels, NO_HEADERS, null)" cmp -s "$tmp/out" "$tmp/kafka.want" ||
	{ diff "$tmp/kafka.want" "$tmp/out" | show; show "$tmp/err"; }
$C -e --topic txt --from-beginning --property print.key=true --property print.headers=true \
	--property print.offset=true --property print.partition=true --property print.timestamp=true \
	--max-messages 100 >"$tmp/out" 2>"$tmp/err"
check "Kafka's spellings (--topic --from-beginning --property print.*=true --max-messages)" \
	cmp -s "$tmp/out" "$tmp/kafka.want" || show "$tmp/err"
$C -e txt --property print.key=true --property key.separator=: --property null.literal=- -c 2 \
	>"$tmp/out" 2>&1
check "--property key.separator and null.literal" [ "$(cat "$tmp/out")" = "-:text 0
k1:text 1" ] || show "$tmp/out"

# ---- where to start and stop ----

# offsets SPEC ARGS...: the offsets printed for c3 [1] (8 records per codec: 0..39).
offsets() { $C c3 -p 1 -f '%o ' "$@" 2>"$tmp/err"; }
base=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["base"])' "$tmp/expected.json")
seq_() { $PY -c 'import sys; print(" ".join(str(i) for i in range(int(sys.argv[1]), int(sys.argv[2]))), end=" ")' "$@"; }
for case in "-o beginning -e|$(seq_ 0 40)" "-o 35 -e|35 36 37 38 39 " "-o -3 -e|37 38 39 " \
	"-o +37 -e|37 38 39 " "-o end -e|" "-o 10:13|10 11 12 " "-o :3|0 1 2 " "-o -2:end|38 39 " \
	"-o 38: -c 2|38 39 " "-o -100 -e|$(seq_ 0 40)" "-e -o earliest -c 3|0 1 2 " \
	"-o @$((base + 100000)) -e|33 34 35 36 37 38 39 " "-o @$((base + 100000)):$((base + 106000))|33 34 " \
	"-o s@$((base + 100000)) -o e@$((base + 103000))|33 " "-o @now -e|"; do
	args=${case%%|*}
	want=${case#*|}
	# shellcheck disable=SC2086
	got=$(offsets $args)
	check "c3 [1] $args: offsets '$want'" [ "$got" = "$want" ] || { echo "#   got '$got'"; show "$tmp/err"; }
done
# Record n is in partition n % 3 with timestamp base + n s: partition 1 holds n = 1, 4, ...
got=$($C c3 -p 1 -o @$((base + 3000)) -c 1 -f '%o %T' 2>&1)
check "-o @TIME starts at the first record at or after TIME" [ "$got" = "1 $((base + 4000))" ] || echo "#   got '$got'"
got=$($C c3 -p 1 -o "@$(date -u -d @$((base / 1000 + 4)) +%Y-%m-%dT%H:%M:%S)" -c 1 -f '%o' 2>&1)
check "-o @YYYY-MM-DDTHH:MM:SS (UTC)" [ "$got" = 1 ] || echo "#   got '$got'"
$C c3 -o 1000 -p 0 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "-o past the end: OFFSET_OUT_OF_RANGE, exit 1" [ $rc -eq 1 ] && grep -q 'c3 \[0\]: OFFSET_OUT_OF_RANGE: offset 1000 is outside the log (0 to 40)' "$tmp/err" || show "$tmp/err"
$C c3 -o 1000 -p 0 -X auto.offset.reset=earliest -c 1 -f '%o' >"$tmp/out" 2>"$tmp/err"
check "-X auto.offset.reset=earliest moves to the log start instead" [ "$(cat "$tmp/out")" = 0 ] || show "$tmp/err"

# ---- partitions, counts, idle ----

$C -e c3 -p 0,2 -f '%p\n' | sort | uniq -c | awk '{print $2 ":" $1}' | tr '\n' ' ' >"$tmp/out"
check "-p 0,2: 40 records of each, none of 1" [ "$(cat "$tmp/out")" = "0:40 2:40 " ] || show "$tmp/out"
$C -e c3 -p 0-1 -p 2 -f '%p\n' | sort -u | tr '\n' ' ' >"$tmp/out"
check "-p 0-1 -p 2: ranges and repeats" [ "$(cat "$tmp/out")" = "0 1 2 " ]
$C c3 -c 7 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "-c 7 without -e: exit 0 after 7 records" [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" -ge 7 ]
check "-c counts records: seven from partition 0" [ "$($C c3 -p 0 -c 7 -f '%o\n' | wc -l)" -eq 7 ]
$C -e empty3 >"$tmp/out" 2>"$tmp/err"
check "-e on empty partitions exits at once, nothing printed" [ $? -eq 0 ] && [ ! -s "$tmp/out" ]
start=$(date +%s)
$C kt --idle-timeout 700ms >"$tmp/out" 2>"$tmp/err"
rc=$?
end=$(date +%s)
check "--idle-timeout 700ms: everything, then exit 0" [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 50 ]
check "--idle-timeout 700ms: within a few seconds" [ $((end - start)) -le 4 ]
$C kt --timeout-ms 300 -o end >"$tmp/out" 2>&1
check "--timeout-ms (Kafka's idle timeout) on an idle topic: exit 0" [ $? -eq 0 ]
check "--header-filter codec=lz4: ten lines" [ "$($C -e kt --header-filter codec=lz4 --header-filter two | wc -l)" -eq 10 ]
check "--header-filter that matches nothing" [ "$($C -e kt --header-filter codec=brotli | wc -l)" -eq 0 ]
check "--isolation read_committed reads to the end (no transactions here)" \
	[ "$($C -e kt --isolation read_committed | wc -l)" -eq 50 ]
check "-X isolation.level=read_committed" [ "$($C -e kt -X isolation.level=read_committed | wc -l)" -eq 50 ]
check "--encoding base64 in text output" [ "$($C -e kt -c 1 --encoding base64)" = "bGluZSAwIG9mIGtjYXQ=" ]
$C -e kt -u -c 3 >"$tmp/out" 2>&1
check "-u prints the same lines" [ "$(wc -l <"$tmp/out")" -eq 3 ]
check "small fetches (--max-partition-fetch-bytes 1KiB) read everything" \
	[ "$($C -e c3 --max-partition-fetch-bytes 1KiB --fetch-max-bytes 2KiB -f '%o\n' | wc -l)" -eq 120 ]

# ---- the progress line: on a terminal only ----

if command -v script >/dev/null 2>&1; then
	script -qc "$C -e c3 --max-partition-fetch-bytes 1KiB >/dev/null" "$tmp/tty" >/dev/null 2>&1
	check "-e on a terminal: a progress line with what is left" grep -aq '[0-9]* records, [0-9]* to go' "$tmp/tty"
	check "-e on a terminal: 'consumed 120 records from c3' at the end" grep -aq 'consumed 120 records from c3' "$tmp/tty"
else
	skip "the progress line" "no script(1)"
fi
$C -e c3 >/dev/null 2>"$tmp/err"
check "off a terminal: nothing on stderr" [ ! -s "$tmp/err" ]

# ---- stopping ----

start=$(date +%s)
{ $C kt 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -1 >"$tmp/out"
end=$(date +%s)
check "consume | head -1: exit 0" [ "$(cat "$tmp/rc")" = 0 ]
check "consume | head -1: nothing on stderr" [ ! -s "$tmp/err" ] || show "$tmp/err"
check "consume | head -1: quickly" [ $((end - start)) -le 3 ]
check "consume | head -1: the first value" [ "$(cat "$tmp/out")" = "line 0 of kcat" ]
if [ -w /dev/full ]; then
	$C kt >/dev/full 2>"$tmp/err"
	rc=$?
	check "output to a full disk: exit 1 with the reason" [ $rc -eq 1 ] &&
		grep -q "^kaf consume: error: cannot write to standard output: No space left on device" "$tmp/err" ||
		show "$tmp/err"
else
	skip "output to a full disk" "no /dev/full"
fi
$KAF consume -b "$bootstrap" kt >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ $i -lt 50 ] && [ "$(wc -l <"$tmp/out")" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -INT $pid
wait $pid
rc=$?
check "SIGINT: exit 0" [ $rc -eq 0 ] || echo "#   status $rc"
check "SIGINT: everything printed was flushed" [ "$(wc -l <"$tmp/out")" -eq 50 ]

$C nope -e >"$tmp/out" 2>"$tmp/err"
rc=$?
check "unknown topic: exit 3" [ $rc -eq 3 ] && grep -q "^kaf consume: error: nope: UNKNOWN_TOPIC_OR_PARTITION" "$tmp/err" ||
	show "$tmp/err"
$C c3 -p 5 -e >"$tmp/out" 2>"$tmp/err"
check "unknown partition: exit 3" [ $? -eq 3 ] && grep -q "no partition 5 (the topic has 3)" "$tmp/err"
dead=$(free_port)
start=$(date +%s)
$KAF consume -b 127.0.0.1:$dead --timeout 2s kt >"$tmp/out" 2>"$tmp/err"
rc=$?
end=$(date +%s)
check "unreachable broker: exit 4" [ $rc -eq 4 ] && grep -q "no broker reachable" "$tmp/err" || show "$tmp/err"
check "unreachable broker: within the timeout" [ $((end - start)) -le 4 ]
for bad in "--nope" "-o bogus" "-o stored" "-f %q" "-p x" "--encoding rot13" "-c 0" \
	"--formatter kafka.tools.DefaultMessageFormatter" "-J -f %s" "-f %s --print-key" "--property nokv"; do
	# shellcheck disable=SC2086
	$KAF consume -b "$bootstrap" kt $bad >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "bad usage '$bad': exit 2, error and hint" \
		sh -c '[ $1 -eq 2 ] && grep -q "^kaf consume: error: " "$2" && grep -q "^Try .kaf consume --help.\.$" "$2" && [ ! -s "$3" ]' \
		sh $rc "$tmp/err" "$tmp/out" || show "$tmp/err"
done
$KAF consume >"$tmp/out" 2>"$tmp/err"
check "no topic: exit 2" [ $? -eq 2 ] && grep -q "name a topic" "$tmp/err"

stop_server
echo "# $n tests, $failed failed"
finish
