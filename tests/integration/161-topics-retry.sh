#!/bin/sh
# kaf topics against a scripted broker (python3) that knows only older API
# versions and answers CreateTopics with retriable errors: the client must
# fall back from ApiVersions v3, ask again for the failed topics only, and
# stop at --timeout with the last error when the broker never recovers.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

cat >"$tmp/fake.py" <<'PYEOF'
import socket, struct, sys, threading

lsock = socket.socket()
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(("127.0.0.1", 0))
lsock.listen(8)
print(lsock.getsockname()[1], flush=True)
log = open(sys.argv[1], "a")
fails = {"r1": 2}          # topic -> how many REQUEST_TIMED_OUT answers before OK

def read_exact(c, n):
    b = b""
    while len(b) < n:
        d = c.recv(n - len(b))
        if not d:
            raise EOFError
        b += d
    return b

def s16(b, o): return struct.unpack_from(">h", b, o)[0], o + 2
def s32(b, o): return struct.unpack_from(">i", b, o)[0], o + 4
def sstr(b, o):
    n, o = s16(b, o)
    return (b[o:o + n].decode() if n >= 0 else None), o + max(n, 0)
def pstr(s): return struct.pack(">h", len(s)) + s.encode()

def serve(c):
    try:
        while True:
            size = struct.unpack(">i", read_exact(c, 4))[0]
            req = read_exact(c, size)
            key, ver, corr = struct.unpack_from(">hhi", req, 0)
            cid, o = sstr(req, 8)
            if key == 18:
                log.write("ApiVersions v%d\n" % ver); log.flush()
                if ver > 2:   # as a broker that knows v0-v2: a v0 refusal
                    body = struct.pack(">hi", 35, 1) + struct.pack(">hhh", 18, 0, 2)
                else:
                    keys = [(18, 0, 2), (19, 0, 2), (3, 0, 5)]
                    body = struct.pack(">hi", 0, len(keys)) + b"".join(struct.pack(">hhh", *k) for k in keys)
                    if ver >= 1:
                        body += struct.pack(">i", 0)
            elif key == 19:
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
            else:
                return
            c.sendall(struct.pack(">ii", len(body) + 4, corr) + body)
    except EOFError:
        pass
    finally:
        c.close()

while True:
    c, _ = lsock.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PYEOF

$PY "$tmp/fake.py" "$tmp/fake.log" >"$tmp/port" 2>"$tmp/fake.err" &
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
