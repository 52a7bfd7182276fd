#!/bin/sh
# kaf produce against a scripted broker (python3) whose Produce answers
# fail with retriable errors: NOT_LEADER_OR_FOLLOWER, then
# LEADER_NOT_AVAILABLE, then success. The producer must read the metadata
# again before each retry, back off, and deliver every record once at the
# offsets of the successful answer. Against a broker that never recovers,
# the records fail with the last error when --timeout has passed (exit 1).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

cat >"$tmp/fake.py" <<'PYEOF'
import struct, sys
from fakebroker import api_versions, listen, pstr, run, s16, s32, sstr

lsock, port = listen()
log = open(sys.argv[1], "a")
errors = [int(x) for x in sys.argv[2].split(",")] if sys.argv[2] else []   # Produce answers before OK
forever = sys.argv[3] == "forever"
next_offset = [0]

def handle(key, ver, req, o):
    if key == 18:
        return api_versions(ver, [(18, 0, 2), (3, 0, 1), (0, 3, 3)])
    if key == 3:
        log.write("Metadata\n"); log.flush()
        body = struct.pack(">i", 1) + struct.pack(">i", 1) + pstr("127.0.0.1") + struct.pack(">i", port) + struct.pack(">h", -1)
        body += struct.pack(">i", 1)       # controller
        body += struct.pack(">i", 1) + struct.pack(">h", 0) + pstr("t") + b"\x00"
        body += struct.pack(">i", 1) + struct.pack(">hiii", 0, 0, 1, 1) + struct.pack(">i", 1) + struct.pack(">ii", 1, 1)
        return body
    if key != 0:
        return None
    _, o = sstr(req, o)
    acks, o = s16(req, o)
    _, o = s32(req, o)
    nt, o = s32(req, o)
    name, o = sstr(req, o)
    np_, o = s32(req, o)
    part, o = s32(req, o)
    rlen, o = s32(req, o)
    count = struct.unpack_from(">i", req, o + 57)[0]
    if errors:
        err = errors[0] if forever else errors.pop(0)
        base = -1
    else:
        err, base = 0, next_offset[0]
        next_offset[0] += count
    log.write("Produce %d records: error %d\n" % (count, err)); log.flush()
    body = struct.pack(">i", 1) + pstr(name) + struct.pack(">i", 1)
    return body + struct.pack(">ihqq", part, err, base, -1) + struct.pack(">i", 0)

run(lsock, handle)
PYEOF

# fake ERRORS MODE: start the scripted broker; sets $fake_pid and $fake_port
fake() {
	: >"$tmp/fake.log"
	rm -f "$tmp/port"
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$top/tests/integration" $PY "$tmp/fake.py" "$tmp/fake.log" "$1" "$2" >"$tmp/port" &
	fake_pid=$!
	i=0
	while ! grep -q "^[0-9][0-9]*$" "$tmp/port" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	fake_port=$(cat "$tmp/port")
}
trap 'kill $fake_pid 2>/dev/null; rm -rf "$tmp"' EXIT

fake 6,5 once
printf 'a\nb\nc\n' | "$KAF" produce t -b "127.0.0.1:$fake_port" --report -d produce \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
check "retriable errors, then success: exit 0" [ "$rc" = 0 ] || show "$tmp/err"
check "each retry is preceded by a metadata refresh" [ "$(cat "$tmp/fake.log")" = "Metadata
Produce 3 records: error 6
Metadata
Produce 3 records: error 5
Metadata
Produce 3 records: error 0" ] || show "$tmp/fake.log"
check "the retries back off (100 ms, then 200 ms)" sh -c '
	grep -q "NOT_LEADER_OR_FOLLOWER; retry 1 in 100 ms" "$1" &&
	grep -q "LEADER_NOT_AVAILABLE; retry 2 in 200 ms" "$1"' sh "$tmp/err" || show "$tmp/err"
check "the records are reported at the offsets of the answer" \
	[ "$(cut -d' ' -f1-3,5 "$tmp/out" | tr '\n' '|')" = "t 0 0 OK|t 0 1 OK|t 0 2 OK|" ] || show "$tmp/out"
kill $fake_pid

fake 6 forever
start=$(date +%s%N)
printf 'a\nb\n' | "$KAF" produce t -b "127.0.0.1:$fake_port" --timeout 1s >"$tmp/out" 2>"$tmp/err"
rc=$?
end=$(date +%s%N)
check "a leader that never comes: exit 1" [ "$rc" = 1 ] || show "$tmp/err"
check "the records fail with the last error" grep -q "stdin: record 1: NOT_LEADER_OR_FOLLOWER" "$tmp/err"
check "the summary counts them" grep -q "2 failed: NOT_LEADER_OR_FOLLOWER x2" "$tmp/err" || show "$tmp/err"
ms=$(((end - start) / 1000000))
check "given up after --timeout ($ms ms)" [ "$ms" -ge 900 ] && [ "$ms" -lt 4000 ]
finish
