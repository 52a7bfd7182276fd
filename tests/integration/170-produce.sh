#!/bin/sh
# kaf produce against a live kaf server (topics are not created on first
# use here, so a missing topic is exit 3): lines, -K keys, headers, -p,
# every codec, acks 0/1/all, --whole with binary bytes, --input json with
# base64 values, tombstones, --report in text and jsonl, a record over the
# topic's max.message.bytes (that one fails, the others arrive, exit 1), an
# unreachable broker (exit 4 within --timeout), usage errors (exit 2).
# Interop: what kaf produced read back byte for byte by kcat and by
# kafka-python, and keyed records in the partition kafka-python's murmur2
# partitioner picks on a 7-partition topic.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

# run ARGS...: kaf produce ARGS with stdin from $tmp/in; stdout $tmp/out, stderr $tmp/err, status $rc
run() {
	"$KAF" produce "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
# kc TOPIC FORMAT: every record of TOPIC through kcat, in FORMAT, into $tmp/kc
kc() {
	kcat -C -b "$bootstrap" -t "$1" -e -q -f "$2" >"$tmp/kc" 2>"$tmp/kc.err"
}
same() { # description file-got file-want
	if cmp -s "$2" "$3"; then pass "$1"; else fail "$1"; diff "$3" "$2" | head -10 | sed 's/^/#   /'; fi
}
: >"$tmp/in"

# ---- usage errors and no broker ----

run
expect "no topic: exit 2" 2 '' "^kaf produce: error: missing operand"
check "usage error: error, usage line, hint" sh -c '[ "$(wc -l <"$1")" -eq 3 ] &&
	sed -n 3p "$1" | grep -q "^Try .kaf produce --help.\.$"' sh "$tmp/err"
run t --acks 2
expect "bad --acks: exit 2" 2 '' "invalid value '2' for --acks"
run t -z brotli
expect "bad codec: exit 2" 2 '' "invalid value 'brotli' for -z"
run t -D ''
expect "empty delimiter: exit 2" 2 '' "-D wants a delimiter"
run t --keep-partition
expect "--keep-partition without --input json: exit 2" 2 '' "go with --input json"
run t --line-reader x.Y
expect "Kafka's --line-reader: exit 2 with a hint" 2 '' "not supported"
run t --timestamp yesterday
expect "bad --timestamp: exit 2" 2 '' "invalid value 'yesterday' for --timestamp"

dead=$(free_port)
echo x >"$tmp/in"
start=$(date +%s%N)
run -b "127.0.0.1:$dead" --timeout 1s t
end=$(date +%s%N)
expect "unreachable broker: exit 4" 4 '' "no broker reachable at 127.0.0.1:$dead"
check "unreachable broker: given up within the timeout ($(((end - start) / 1000000)) ms)" \
	[ $(((end - start) / 1000000)) -lt 2500 ]

check "server starts" start_server --override auto.create.topics.enable=false || { finish; exit 1; }
export KAF_BROKERS="$bootstrap"
"$KAF" topics create lines keys hdr part tomb whole json rep big acks0 acks1 acksall \
	z-none z-gzip z-snappy z-lz4 z-zstd -p 1 >/dev/null 2>&1
"$KAF" topics create p3 -p 3 >/dev/null 2>&1
"$KAF" topics create p7 -p 7 >/dev/null 2>&1
"$KAF" topics create big -c max.message.bytes=2000 >/dev/null 2>&1
"$KAF" topics config big --set max.message.bytes=2000 >/dev/null 2>&1

# ---- unknown topic, missing partition, missing file ----

echo x >"$tmp/in"
run nosuch --timeout 2s
expect "unknown topic (no auto-create): exit 3" 3 '' "nosuch: UNKNOWN_TOPIC_OR_PARTITION"
run p3 -p 3
expect "partition the topic lacks: exit 3" 3 '' "partition 3 does not exist"
run lines "$tmp/does-not-exist"
expect "missing file: exit 3" 3 '' "does-not-exist: No such file"

# ---- lines ----

printf 'one\ntwo\n\nlast without newline' >"$tmp/in"
run lines
expect "lines: exit 0, quiet" 0
check "lines: nothing on stderr" [ ! -s "$tmp/err" ]
kc lines '%o:%k:%s|'
check "lines: one record a line, empty line kept, no key" \
	[ "$(cat "$tmp/kc")" = "0::one|1::two|2::|3::last without newline|" ]
printf 'a\nb\n' >"$tmp/f1"
printf 'c\n' >"$tmp/f2"
: >"$tmp/in"
run lines "$tmp/f1" "$tmp/f2" -v
expect "files in order, -v summary" 0 '' "produced 3 records (3 bytes) to lines"
printf 'd;e;' >"$tmp/in"
run lines -D ';'
kc lines '%s|'
check "-D: another delimiter" [ "$(cat "$tmp/kc")" = "one|two||last without newline|a|b|c|d|e|" ]
printf 'x1\0x2\0' >"$tmp/in"
run lines -D '\x00' -c 1
kc lines '%s|'
check "-D '\\x00' and -c 1: one more record" \
	[ "$(cat "$tmp/kc")" = "one|two||last without newline|a|b|c|d|e|x1|" ]

# ---- keys, headers, partitions ----

printf 'k1:v1\nk2:v:with:colons\nnokey\n:emptykey\n' >"$tmp/in"
run keys -K :
expect "-K : exit 0" 0
kc keys '%k=%s|'
check "-K: split at the first delimiter; no delimiter, no key" \
	[ "$(cat "$tmp/kc")" = "k1=v1|k2=v:with:colons|=nokey|=emptykey|" ]
printf 'v\n' >"$tmp/in"
run keys -k fixed
kc keys '%k=%s|'
check "-k: a fixed key" [ "$(tail -c 8 "$tmp/kc")" = "fixed=v|" ]
printf 'a\n' >"$tmp/in"
run hdr -H trace=abc -H flag -H 'eq=a=b'
expect "-H: exit 0" 0
kc hdr '%h|%s'
check "-H: headers on the record, NAME alone is null" \
	[ "$(cat "$tmp/kc")" = "trace=abc,flag=NULL,eq=a=b|a" ] || show "$tmp/kc"
printf 'a\nb\nc\n' >"$tmp/in"
run p3 -p 2 --report
expect "-p 2: exit 0" 0 '^p3 2 0 '
check "-p 2: all three in partition 2" [ "$(grep -c '^p3 2 ' "$tmp/out")" = 3 ]

# ---- tombstones and null markers ----

printf 'k1:\nk2:v2\nk3:NULL\nNULL:v4\n' >"$tmp/in"
run tomb -K : -Z --null-marker NULL
expect "-Z --null-marker: exit 0" 0
$PY - "$bootstrap" >"$tmp/py" 2>&1 <<'EOF'
import sys
from kafka import KafkaConsumer, TopicPartition
c = KafkaConsumer(bootstrap_servers=sys.argv[1], consumer_timeout_ms=5000)
c.assign([TopicPartition("tomb", 0)])
c.seek_to_beginning()
print([(m.key, m.value) for m in c])
EOF
check "tombstones: empty and marked values and keys are null (kafka-python)" \
	[ "$(cat "$tmp/py")" = "[(b'k1', None), (b'k2', b'v2'), (b'k3', None), (None, b'v4')]" ] || show "$tmp/py"

# ---- compression, acks ----

seq 1 500 | sed 's/^/record number /' >"$tmp/in"
cp "$tmp/in" "$tmp/want"
for z in none gzip snappy lz4 zstd; do
	run "z-$z" -z "$z" -K ' '
	kc "z-$z" '%k %s\n'
	if [ "$rc" = 0 ] && cmp -s "$tmp/kc" "$tmp/want" &&
		"$KAF" dump-log "$tmp/data/z-$z-0/00000000000000000000.log" | grep -q "compresscodec: $z"; then
		pass "-z $z: stored as $z, read back by kcat"
	else
		fail "-z $z: stored as $z, read back by kcat (status $rc)"
		show "$tmp/err"
	fi
done
for a in 0 1 all; do
	run "acks$a" -a "$a" --report
	kc "acks$a" '%s\n'
	n_rep=$(grep -c " OK\$" "$tmp/out")
	if [ "$rc" = 0 ] && cmp -s "$tmp/kc" "$tmp/want" && [ "$n_rep" = 500 ]; then
		pass "-a $a: 500 records delivered and reported"
	else
		fail "-a $a: 500 records delivered and reported (status $rc, $n_rep reported)"
	fi
	[ "$a" = 0 ] && check "-a 0: no offsets in the report" grep -q '^acks0 0 - [0-9]* OK$' "$tmp/out"
done
run acks1 --sync -c 3
expect "--sync: exit 0" 0
run acks0 -X acks=1 -X compression.type=gzip -X linger.ms=1 --report -c 1
expect "-X producer properties (kcat habits): acks=1 gives offsets" 0 '^acks0 0 500 '
check "-X compression.type=gzip is applied" sh -c \
	'"$1" dump-log "$2" | tail -1 | grep -q "compresscodec: gzip"' sh "$KAF" "$tmp/data/acks0-0/00000000000000000000.log"
run acks0 -X acks=3
expect "-X acks=3: exit 2" 2 '' "invalid value '3' for -X acks"

# ---- --whole with binary bytes ----

$PY -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 40 + b"\n\n")' >"$tmp/bin1"
printf 'second\nfile\n' >"$tmp/bin2"
run whole --whole "$tmp/bin1" "$tmp/bin2" --report
expect "--whole: exit 0" 0
check "--whole: one record per file" [ "$(wc -l <"$tmp/out")" = 2 ]
kcat -C -b "$bootstrap" -t whole -e -q -c 1 -f '%s' >"$tmp/kc" 2>/dev/null
same "--whole: binary file read back byte for byte by kcat" "$tmp/kc" "$tmp/bin1"
: >"$tmp/in"
cat "$tmp/bin2" >"$tmp/in"
run whole --whole
kcat -C -b "$bootstrap" -t whole -e -q -o 2 -f '%s' >"$tmp/kc" 2>/dev/null
same "--whole from stdin: all of it one record" "$tmp/kc" "$tmp/bin2"

# ---- --input json ----

cat >"$tmp/in" <<'EOF'
{"key":"k1","value":"plain text","headers":[{"key":"h","value":"x"},{"key":"n","value":null}]}
{"key":null,"value":"AAEC/w==","value_encoding":"base64","partition":0,"timestamp":1600000000000}

{"key":"AAH/","key_encoding":"base64","value":"00ff","value_encoding":"hex","unknown":{"a":[1]}}
{"key":"t","value":null}
EOF
run json --input json --keep-timestamp
expect "--input json: exit 0" 0
$PY - "$bootstrap" >"$tmp/py" 2>&1 <<'EOF'
import sys
from kafka import KafkaConsumer, TopicPartition
c = KafkaConsumer(bootstrap_servers=sys.argv[1], consumer_timeout_ms=5000)
c.assign([TopicPartition("json", 0)])
c.seek_to_beginning()
for m in c:
    print(repr((m.key, m.value, m.headers, m.timestamp if m.timestamp < 1700000000000 else "now")))
EOF
cat >"$tmp/want" <<'EOF'
(b'k1', b'plain text', [('h', b'x'), ('n', None)], 'now')
(None, b'\x00\x01\x02\xff', [], 1600000000000)
(b'\x00\x01\xff', b'\x00\xff', [], 'now')
(b't', None, [], 'now')
EOF
same "--input json: keys, base64/hex values, headers, null, kept timestamp (kafka-python)" "$tmp/py" "$tmp/want"
printf '{"value":"ok"}\n{"value" "bad"}\n{"value":"after"}\n' >"$tmp/in"
run json --input json
expect "bad json line: exit 1, its place named" 1 '' 'stdin: record 2: column 10: expected'
run json --input json -E
expect "bad json line with -E: exit 1 too" 1 '' 'bad input records'

# ---- --report ----

printf 'a\nb\n' >"$tmp/in"
run rep --report
expect "--report text" 0 '^rep 0 0 [0-9]\{13\} OK$'
check "--report: one line per record" [ "$(wc -l <"$tmp/out")" = 2 ]
run rep --report -J
expect "--report -J: jsonl" 0 '^{"topic":"rep","partition":0,"offset":3,"timestamp":[0-9]*}$'
run rep --report --output tsv --timestamp 1700000000000
check "--report tsv with --timestamp" grep -q "$(printf '^rep\t0\t4\t1700000000000\tOK$')" "$tmp/out"

# ---- a record over the limit ----

$PY -c 'print("small 1"); print("x" * 5000); print("small 2")' >"$tmp/in"
run big --report
expect "record over max.message.bytes: exit 1" 1 '' 'stdin: record 2: MESSAGE_TOO_LARGE'
check "the summary says what failed" grep -q "produced 2 records .* 1 failed: MESSAGE_TOO_LARGE x1" "$tmp/err"
kc big '%s\n'
check "the other records were delivered" [ "$(cat "$tmp/kc")" = "$(printf 'small 1\nsmall 2')" ]
check "--report marks the failed record" grep -q '^big 0 - [0-9]* MESSAGE_TOO_LARGE$' "$tmp/out"

# ---- interop: byte-exact through kcat and kafka-python; murmur2 partitions ----

$PY -c '
import random, sys
random.seed(3)
out = sys.stdout.buffer
for i in range(300):
    k = ("key-%d" % random.randrange(1000)).encode()
    v = bytes(random.choice(b"abcdefghij\t \x7f\xc3\xa9") for _ in range(random.randrange(0, 200)))
    out.write(k + b"\x01" + v + b"\n")
' >"$tmp/in"
cp "$tmp/in" "$tmp/interop"
run p7 -K '\x01' --report -J -z lz4 --linger 20ms
expect "keyed records to a 7-partition topic" 0
$PY - "$bootstrap" "$tmp/interop" "$tmp/out" >"$tmp/py" 2>&1 <<'EOF'
import json, sys
from kafka import KafkaConsumer, TopicPartition
from kafka.partitioner.default import murmur2
bs, src, rep = sys.argv[1:4]
want = [l.split(b"\x01", 1) for l in open(src, "rb").read().split(b"\n") if l]
reports = [json.loads(l) for l in open(rep)]
c = KafkaConsumer(bootstrap_servers=bs, consumer_timeout_ms=5000)
c.assign([TopicPartition("p7", p) for p in range(7)])
c.seek_to_beginning()
got = {(m.partition, m.offset): (m.key, m.value) for m in c}
ok = all((murmur2(k) & 0x7fffffff) % 7 == p for (p, o), (k, v) in got.items())
print(("ok" if ok else "not ok") + " - every key is in the partition kafka-python's murmur2 picks")
print(("ok" if len(got) == len(want) else "not ok") + " - kafka-python reads all %d records" % len(got))
mine = sorted(got.values())
print(("ok" if mine == sorted((k, v) for k, v in want) else "not ok") + " - keys and values byte for byte")
where = {(r["partition"], r["offset"]) for r in reports}
print(("ok" if where == set(got) else "not ok") + " - --report names each record's partition and offset")
print(("ok" if len({p for p, o in got}) > 3 else "not ok") + " - the keys spread over the partitions")
EOF
tap_from "$tmp/py"
: >"$tmp/kcall"
for p in 0 1 2 3 4 5 6; do
	kcat -C -b "$bootstrap" -t p7 -p "$p" -e -q -f '%k\001%s\n' >>"$tmp/kcall" 2>/dev/null
done
sort "$tmp/kcall" >"$tmp/kc"
sort "$tmp/interop" >"$tmp/want"
same "kcat reads back every record byte for byte" "$tmp/kc" "$tmp/want"

stop_server
check "server stops cleanly" [ "$server_rc" = 0 ]

# ---- retries: the broker goes away mid-run and comes back ----

fixed_port=$(free_port)
check "server starts on a fixed port" start_server --override auto.create.topics.enable=false ||
	{ finish; exit 1; }
export KAF_BROKERS="$bootstrap"
"$KAF" topics create rt >/dev/null 2>&1
mkfifo "$tmp/fifo"
"$KAF" produce rt --report -d produce --timeout 20s <"$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
pp=$!
exec 3>"$tmp/fifo"
echo a >&3
i=0
while [ $i -lt 100 ] && ! grep -q '^rt 0 0 ' "$tmp/out"; do sleep 0.05; i=$((i + 1)); done
stop_server
echo b >&3
sleep 0.5
# The broker must not hold the pipe open.
{ start_server --override auto.create.topics.enable=false; } 3>&-
echo c >&3
exec 3>&-
wait $pp
rc=$?
expect "a broker restart mid-run: exit 0" 0 '' 'retry 1 in 100 ms'
kc rt '%o:%s|'
check "records before, during and after the restart delivered in order" \
	[ "$(cat "$tmp/kc")" = "0:a|1:b|2:c|" ] || show "$tmp/kc"
stop_server
finish
