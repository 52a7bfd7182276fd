#!/bin/sh
# kaf topics against a scripted broker (python3) that knows only older API
# versions and answers CreateTopics with retriable errors: the client must
# fall back from ApiVersions v3, ask again for the failed topics only, and
# stop at --timeout with the last error when the broker never recovers.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

cat >"$tmp/fake.py" <<'PYEOF'
import struct, sys
from fakebroker import api_versions, listen, pstr, run, s16, s32, sstr

lsock, port = listen()
log = open(sys.argv[1], "a")
fails = {"r1": 2}          # topic -> how many REQUEST_TIMED_OUT answers before OK

def handle(key, ver, req, o):
    if key == 18:
        log.write("ApiVersions v%d\n" % ver); log.flush()
        return api_versions(ver, [(18, 0, 2), (19, 0, 2), (3, 0, 5)])
    if key != 19:
        return None
    n, o = s32(req, o)
    names = []
    for _ in range(n):
        name, o = sstr(req, o)
        _, o = s32(req, o); _, o = s16(req, o)
        na, o = s32(req, o)
        for _ in range(max(na, 0)):
            _, o = s32(req, o)
            nb, o = s32(req, o); o += 4 * max(nb, 0)
        nc, o = s32(req, o)
        for _ in range(max(nc, 0)):
            _, o = sstr(req, o); _, o = sstr(req, o)
        names.append(name)
    log.write("CreateTopics v%d %s\n" % (ver, ",".join(names))); log.flush()
    body = struct.pack(">ii", 0, len(names))
    for name in names:
        left = fails.get(name, 0)
        if name == "stuck" or left > 0:
            fails[name] = left - 1
            body += pstr(name) + struct.pack(">h", 7) + pstr("try again")
        else:
            body += pstr(name) + struct.pack(">hh", 0, -1)
    return body

run(lsock, handle)
PYEOF

PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$top/tests/integration" $PY "$tmp/fake.py" "$tmp/fake.log" >"$tmp/port" 2>"$tmp/fake.err" &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$tmp/port")
check "the scripted broker listens" [ -n "$port" ] || { finish; exit 1; }

"$KAF" topics create r1 r2 -p 1 -r 1 -b "127.0.0.1:$port" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "create r1 r2: exit 0 after retries" [ $rc -eq 0 ] || { show "$tmp/out" "$tmp/err"; }
check "both topics OK" sh -c 'grep -Eq "^r1 +OK" "$1" && grep -Eq "^r2 +OK" "$1"' sh "$tmp/out"
check "ApiVersions v3 refused, then v2" sh -c 'head -2 "$1" | tr "\n" " " | grep -qx "ApiVersions v3 ApiVersions v2 "' sh "$tmp/fake.log" ||
	show "$tmp/fake.log"
check "CreateTopics v2 (highest common), r1 asked again alone, twice" \
	sh -c '[ "$(grep CreateTopics "$1" | tr "\n" " ")" = "CreateTopics v2 r1,r2 CreateTopics v2 r1 CreateTopics v2 r1 " ]' \
	sh "$tmp/fake.log" || show "$tmp/fake.log"

start=$(date +%s%N)
"$KAF" topics create stuck ok1 -p 1 -r 1 -b "127.0.0.1:$port" --timeout 1500ms >"$tmp/out" 2>"$tmp/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "a topic that never succeeds: exit 1" [ $rc -eq 1 ]
check "the last error is reported" \
	grep -q "^kaf topics create: error: stuck: REQUEST_TIMED_OUT: try again\$" "$tmp/err" || show "$tmp/err"
check "the other topic is OK" grep -Eq "^ok1 +OK" "$tmp/out"
check "retries stop within the timeout ($ms ms of 1500)" [ $ms -lt 2500 ]
check "more than one try for stuck" [ "$(grep -c 'CreateTopics v2 stuck$' "$tmp/fake.log")" -ge 2 ]

echo "# $n tests, $failed failed"
finish
