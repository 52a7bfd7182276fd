#!/bin/sh
# A client that pipelines acks=all Produce requests on one connection (as
# librdkafka does) gets its answers in request order, with offsets in
# order, while one round of fsyncs serves many of the requests (the broker
# goes on reading while earlier requests wait for durability). A request
# that parks for another reason (a Metadata read in between) keeps its
# place in the order; a connection closed with requests still waiting for
# their fsync leaves the broker serving.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

check "server starts" start_server || { show "$tmp/server.log"; finish; exit 1; }
"$KAF" topics create pipe -b "$bootstrap" >/dev/null 2>&1

timeout 60 $PY - "$port" >"$tmp/py.out" 2>"$tmp/py.err" <<'PYEOF'
import socket, struct, sys
from kafka.record.default_records import DefaultRecordBatchBuilder
port = int(sys.argv[1])
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()
def frame(api, ver, corr, body):
    h = struct.pack(">hhih", api, ver, corr, 4) + b"pipe"
    return struct.pack(">i", len(h) + len(body)) + h + body
def produce(corr, i):
    b = DefaultRecordBatchBuilder(magic=2, compression_type=0, is_transactional=False,
                                  producer_id=-1, producer_epoch=-1, base_sequence=-1, batch_size=1 << 20)
    b.append(0, timestamp=1700000000000 + i, key=b"k%d" % i, value=b"v%d" % i, headers=[])
    recs = bytes(b.build())
    body = struct.pack(">hhi", -1, -1, 30000) + struct.pack(">i", 1) + struct.pack(">h", 4) + b"pipe"
    body += struct.pack(">i", 1) + struct.pack(">i", 0) + struct.pack(">i", len(recs)) + recs
    return frame(0, 7, corr, body)
def metadata(corr):
    return frame(3, 1, corr, struct.pack(">i", -1))
def read_frame(s):
    def n(k):
        d = b""
        while len(d) < k:
            c = s.recv(k - len(d))
            if not c:
                raise EOFError
            d += c
        return d
    size, = struct.unpack(">i", n(4))
    return n(size)

s = socket.create_connection(("127.0.0.1", port))
reqs = b""
kinds = {}
for corr in range(1, 301):
    if corr == 150:
        reqs += metadata(corr); kinds[corr] = "md"
    else:
        reqs += produce(corr, corr); kinds[corr] = "p"
s.sendall(reqs)
corrs, offsets, errors = [], [], 0
for _ in range(300):
    f = read_frame(s)
    corr, = struct.unpack(">i", f[:4])
    corrs.append(corr)
    if kinds[corr] == "p":
        # topics[1]: name, partitions[1]: index, error, base offset
        nl, = struct.unpack(">h", f[8:10])
        p = 10 + nl + 4
        idx, err, base = struct.unpack(">ihq", f[p:p + 14])
        errors += err != 0
        offsets.append(base)
check(corrs == list(range(1, 301)), "300 pipelined requests are answered in request order",
      [c for c, w in zip(corrs, range(1, 301)) if c != w][:5])
check(errors == 0, "no produce failed", errors)
check(offsets == sorted(offsets) and len(set(offsets)) == 299 and offsets[0] == 0,
      "base offsets follow the request order", offsets[:5])
s.close()

# Requests still waiting for their fsync when the client goes away.
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"".join(produce(1000 + i, i) for i in range(100)))
s.close()
s = socket.create_connection(("127.0.0.1", port))
s.sendall(metadata(7))
f = read_frame(s)
check(struct.unpack(">i", f[:4])[0] == 7, "the broker serves after a client left with requests in flight")
s.close()
PYEOF
rc=$?
tap_from "$tmp/py.out"
check "raw-frame script runs to the end" test "$rc" -eq 0 || tail -5 "$tmp/py.err" | show
"$KAF" topics offsets pipe -b "$bootstrap" -J >"$tmp/off.json" 2>&1
check "the log holds at least the 299 answered records" \
	$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d[0]["high_watermark"] >= 299 else 1)' "$tmp/off.json" ||
	show "$tmp/off.json"
stop_server
check "graceful stop" test "$server_rc" -eq 0
rounds=$(sed -n 's/.*group commit: \([0-9]*\) rounds.*/\1/p' "$tmp/server.log" | tail -1)
check "one fsync round serves many pipelined requests ($rounds rounds for 399 requests)" \
	test -n "$rounds" -a "${rounds:-999}" -lt 200
finish
