#!/bin/sh
# Metadata v9-v12 against a live kaf server, in raw frames: the topic id of
# v10+ is the one in each partition's partition.metadata file, v12 finds a
# topic by id (and answers UNKNOWN_TOPIC_ID for an unknown one), the
# authorized operations come when asked, and v1 answers as before. Then
# metadata changes and the group commit: with every fsync round slowed down
# by the test hook, a CreateTopics waits for its round while ApiVersions and
# Metadata on another connection are answered at once, and `kaf topics`
# (which now speaks Metadata v12) still lists and describes. Last, kill -9
# while a creation and a deletion wait for their fsync round: after the
# restart the log directory agrees with the metadata log (start-up
# reconciliation), whichever of the two made it to disk.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

KAF_TEST_FSYNC_DELAY_MS=600
export KAF_TEST_FSYNC_DELAY_MS
check "server starts (fsync rounds slowed by 600 ms)" start_server || { finish; exit 1; }
unset KAF_TEST_FSYNC_DELAY_MS

$PY - "$port" "$tmp/data" >"$tmp/md.out" 2>&1 <<'PYEOF'
import base64, itertools, os, socket, struct, sys, threading, time
port, data = int(sys.argv[1]), sys.argv[2]

def result(ok, what):
    print("ok - " + what if ok else "not ok - " + what, flush=True)

def conn():
    return socket.create_connection(("127.0.0.1", port), timeout=10)

def exact(s, k):
    b = b""
    while len(b) < k:
        c = s.recv(k - len(b))
        if not c:
            raise EOFError
        b += c
    return b

corr = itertools.count(1)
def call(s, key, ver, body, flexible):
    c = next(corr)
    head = struct.pack(">hhih", key, ver, c, 4) + b"test" + (b"\x00" if flexible else b"")
    s.sendall(struct.pack(">i", len(head) + len(body)) + head + body)
    frame = exact(s, struct.unpack(">i", exact(s, 4))[0])
    assert struct.unpack(">i", frame[:4])[0] == c
    return frame[5:] if flexible else frame[4:]

class R:
    def __init__(self, b): self.b, self.p = b, 0
    def take(self, n):
        v = self.b[self.p:self.p + n]; self.p += n; return v
    def i8(self): return struct.unpack(">b", self.take(1))[0]
    def i16(self): return struct.unpack(">h", self.take(2))[0]
    def i32(self): return struct.unpack(">i", self.take(4))[0]
    def uvar(self):
        v = s = 0
        while True:
            c = self.take(1)[0]; v |= (c & 0x7f) << s; s += 7
            if not c & 0x80: return v
    def cstr(self):
        n = self.uvar() - 1
        return None if n < 0 else self.take(n).decode()
    def str(self):
        n = self.i16()
        return None if n < 0 else self.take(n).decode()
    def tags(self):
        for _ in range(self.uvar()):
            self.uvar(); self.take(self.uvar())

def uvar(n):
    out = b""
    while True:
        if n < 0x80: return out + bytes([n])
        out += bytes([n & 0x7f | 0x80]); n >>= 7

def cstr(s):
    if s is None: return b"\x00"
    b = s.encode(); return uvar(len(b) + 1) + b

# A flexible Metadata request (v9+) of topics given as (id bytes, name or None).
def md_request(ver, topics, topic_ops=False):
    b = uvar(len(topics) + 1)
    for tid, name in topics:
        b += (tid if ver >= 10 else b"") + cstr(name) + b"\x00"
    b += b"\x00"                                  # AllowAutoTopicCreation
    if ver <= 10: b += b"\x00"                    # IncludeClusterAuthorizedOperations
    b += (b"\x01" if topic_ops else b"\x00") + b"\x00"
    return b

# Parse a flexible Metadata response: {name or id: (error, name, id, npartitions, ops)}, cluster id.
def md_response(ver, body):
    r = R(body)
    r.i32()
    for _ in range(r.uvar() - 1):
        r.i32(); r.cstr(); r.i32(); r.cstr(); r.tags()
    cluster = r.cstr(); r.i32()
    topics = []
    for _ in range(r.uvar() - 1):
        err = r.i16(); name = r.cstr()
        tid = r.take(16) if ver >= 10 else None
        r.i8()
        nparts = r.uvar() - 1
        for _ in range(nparts):
            r.i16(); r.i32(); r.i32(); r.i32()
            for _ in range(3):
                for _ in range(r.uvar() - 1): r.i32()
            r.tags()
        ops = r.i32(); r.tags()
        topics.append((err, name, tid, nparts, ops))
    if ver <= 10: r.i32()
    r.tags()
    assert r.p == len(body), "bytes left over"
    return topics, cluster

def create_topics(s, name, parts):
    body = struct.pack(">i", 1) + struct.pack(">h", len(name)) + name.encode()
    body += struct.pack(">ihii", parts, 1, 0, 0) + struct.pack(">ib", 10000, 0)
    r = R(call(s, 19, 2, body, False))
    r.i32(); r.i32(); r.str()
    return r.i16()

def partition_metadata_id(topic, p):
    with open(os.path.join(data, "%s-%d" % (topic, p), "partition.metadata")) as f:
        for line in f:
            if line.startswith("topic_id:"):
                t = line.split(":", 1)[1].strip()
                return base64.urlsafe_b64decode(t + "==")

# ---- a CreateTopics waits for its fsync round; others are answered meanwhile ----
a, b = conn(), conn()
call(b, 18, 0, b"", False)                       # b is connected and served
done = {}
def creator():
    t0 = time.time()
    done["err"] = create_topics(a, "ids", 3)
    done["took"] = time.time() - t0
th = threading.Thread(target=creator)
t0 = time.time()
th.start()
time.sleep(0.05)
r = R(call(b, 18, 0, b"", False))
t_av = time.time() - t0
result(r.i16() == 0, "ApiVersions on another connection answered while CreateTopics waits")
topics, _ = md_response(12, call(b, 3, 12, md_request(12, [(bytes(16), "ids")]), True))
t_md = time.time() - t0
result(topics[0][0] == 0 and topics[0][3] == 3,
       "Metadata v12 meanwhile already shows the recorded topic")
result(t_md < 0.45 and "err" not in done,
       "both answered in %.0f ms, before the CreateTopics (fsync round takes 600 ms)" % (t_md * 1000))
th.join()
result(done.get("err") == 0 and done["took"] >= 0.55,
       "the CreateTopics is answered after its fsync round (%.0f ms)" % (done.get("took", 0) * 1000))

# ---- topic ids ----
topics, cluster = md_response(12, call(b, 3, 12, md_request(12, [(bytes(16), "ids")], True), True))
err, name, tid, nparts, ops = topics[0]
files = [partition_metadata_id("ids", p) for p in range(3)]
result(err == 0 and name == "ids" and tid != bytes(16) and all(f == tid for f in files),
       "v12: the topic id equals the one in each partition.metadata")
result(ops == 0xDF8, "v12: topic authorized operations when asked")
topics, _ = md_response(12, call(b, 3, 12, md_request(12, [(bytes(16), "ids")]), True))
result(topics[0][4] == -2147483648, "v12: -2147483648 when not asked")
for ver in (10, 11):
    topics, _ = md_response(ver, call(b, 3, ver, md_request(ver, [(bytes(16), "ids")]), True))
    result(topics[0][2] == tid, "v%d: the same topic id" % ver)
topics, c9 = md_response(9, call(b, 3, 9, md_request(9, [(None, "ids")]), True))
result(topics[0][0] == 0 and topics[0][1] == "ids" and c9 == cluster, "v9 (flexible, no id)")
topics, _ = md_response(12, call(b, 3, 12, md_request(12, [(tid, None)]), True))
result(topics[0][:4] == (0, "ids", tid, 3), "v12: looked up by id")
unknown = bytes(16)[:15] + b"\x07"
topics, _ = md_response(12, call(b, 3, 12, md_request(12, [(unknown, None)]), True))
result(topics[0][0] == 100 and topics[0][1] is None and topics[0][2] == unknown,
       "v12: an unknown id is UNKNOWN_TOPIC_ID (100) with a null name")
topics, _ = md_response(12, call(b, 3, 12, md_request(12, [(bytes(16), "nope")]), True))
result(topics[0][0] == 3 and topics[0][2] == bytes(16),
       "v12: an unknown name is UNKNOWN_TOPIC_OR_PARTITION with a zero id")
topics, _ = md_response(12, call(b, 3, 12, uvar(0) + b"\x00\x00\x00", True))
result([t[1] for t in topics] == ["ids"] and topics[0][2] == tid, "v12: all topics, with ids")

# v1, not flexible: as before.
body = struct.pack(">i", 1) + struct.pack(">h", 3) + b"ids"
r = R(call(b, 3, 1, body, False))
nb = r.i32()
for _ in range(nb):
    r.i32(); r.str(); r.i32(); r.str()
r.i32()
nt = r.i32(); err = r.i16(); name = r.str(); internal = r.i8(); np = r.i32()
result(nt == 1 and err == 0 and name == "ids" and np == 3, "v1 answers as before")
PYEOF
tap_from "$tmp/md.out"
check "the test hook was on" grep -q "test hook: every round of fsyncs takes 600 ms more" \
	"$tmp/server.log" || show "$tmp/server.log"

run_kaf() { KAF_BROKERS="$bootstrap" "$KAF" topics "$@" >"$tmp/out" 2>"$tmp/err"; }
check "kaf topics list (Metadata v12)" run_kaf list || show "$tmp/err"
check "lists ids" grep -q "^ids " "$tmp/out" || show "$tmp/out"
check "kaf topics describe ids" run_kaf describe ids -J || show "$tmp/err"
check "with its three partitions" grep -q '"partition_count":3' "$tmp/out" || show "$tmp/out"
want_id=$(sed -n 's/^topic_id: *//p' "$tmp/data/ids-0/partition.metadata")
check "and its topic id ($want_id)" grep -q "\"id\":\"$want_id\"" "$tmp/out" || show "$tmp/out"
check "kcat -L still reads the metadata" sh -c \
	"timeout 20 kcat -b '$bootstrap' -L -t ids 2>&1 | grep -q '3 partitions'"
stop_server
check "clean stop" test "$server_rc" -eq 0

# ---- kill -9 while a creation and a deletion wait for a (slow) fsync round ----
KAF_TEST_FSYNC_DELAY_MS=3000
export KAF_TEST_FSYNC_DELAY_MS
check "restart with fsync rounds slowed by 3 s" start_server
unset KAF_TEST_FSYNC_DELAY_MS
$PY - "$port" >"$tmp/k9.out" 2>&1 <<'PYEOF'
import socket, struct, sys, time
port = int(sys.argv[1])
def send(key, ver, body):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    head = struct.pack(">hhih", key, ver, 1, 4) + b"test"
    s.sendall(struct.pack(">i", len(head) + len(body)) + head + body)
    return s
name = b"crashed"
create = struct.pack(">ih", 1, len(name)) + name + struct.pack(">ihiiib", 2, 1, 0, 0, 10000, 0)
delete = struct.pack(">ih", 1, 3) + b"ids" + struct.pack(">i", 10000)
a = send(19, 2, create)
b = send(20, 1, delete)
a.settimeout(1)
try:
    print("answered early" if a.recv(1) else "closed")
except socket.timeout:
    print("waiting")
PYEOF
check "CreateTopics crashed and DeleteTopics ids wait for their round" grep -qx waiting "$tmp/k9.out" ||
	show "$tmp/k9.out"
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null
check "restart after kill -9" start_server || show "$tmp/server.log"
run_kaf list
if grep -q "^crashed " "$tmp/out"; then
	check "crashed survived in the metadata log: both its partition logs exist" \
		test -f "$tmp/data/crashed-0/partition.metadata" -a -f "$tmp/data/crashed-1/partition.metadata"
else
	check "crashed did not reach the metadata log: no partition log of it" \
		test ! -e "$tmp/data/crashed-0" -a ! -e "$tmp/data/crashed-1"
fi
if grep -q "^ids " "$tmp/out"; then
	check "ids still in the metadata log: its partition logs are there" \
		test -d "$tmp/data/ids-0" -a -d "$tmp/data/ids-2"
else
	check "ids removed in the metadata log: its partition logs are gone" \
		test ! -e "$tmp/data/ids-0" -a ! -e "$tmp/data/ids-2"
fi
stop_server
check "clean stop" test "$server_rc" -eq 0
finish
