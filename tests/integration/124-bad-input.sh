#!/bin/sh
# Bad input against a live kaf server (message.max.bytes=1000), through the
# real clients where they let it through and raw frames where they do not:
# a record over the limit gets MESSAGE_TOO_LARGE in kafka-python,
# confluent-kafka and kcat; produce to a partition or topic that does not
# exist, bad acks and a corrupt batch get their error codes; a fetch out of
# range gets OFFSET_OUT_OF_RANGE, which each client's auto.offset.reset
# handles; malformed frames close only their own connection. After all of
# it the server still serves, and stops cleanly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3


check "server starts with message.max.bytes=1000" start_server --override message.max.bytes=1000 ||
	{ finish; exit 1; }

# Records over the limit, through each client; a small one right after works.
timeout 40 $PY - "$bootstrap" >"$tmp/big.out" 2>"$tmp/big.err" <<'PYEOF'
import sys, time
from kafka import KafkaProducer
from kafka.errors import MessageSizeTooLargeError
from confluent_kafka import Producer, KafkaError

bs = sys.argv[1]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()

p = KafkaProducer(bootstrap_servers=bs, acks=1, retries=0)
try:
    p.send("big", b"x" * 2000).get(10)
    check(False, "kafka-python: a 2000-byte record gets MessageSizeTooLargeError")
except MessageSizeTooLargeError as e:
    check(True, "kafka-python: a 2000-byte record gets MessageSizeTooLargeError")
except Exception as e:
    check(False, "kafka-python: a 2000-byte record gets MessageSizeTooLargeError", repr(e))
m = p.send("big", b"small from kafka-python").get(10)
check(m.offset == 0, "kafka-python: the next small record is stored at offset 0", m.offset)
p.close()

res = []
cp = Producer({"bootstrap.servers": bs, "acks": "all"})
cp.produce("big", b"y" * 2000, on_delivery=lambda e, m: res.append(e))
cp.flush(10)
cp.produce("big", b"small from librdkafka", on_delivery=lambda e, m: res.append(e or m.offset()))
cp.flush(10)
# Code 10 is the broker's MESSAGE_TOO_LARGE (librdkafka's own check would be negative).
check(len(res) == 2 and res[0] is not None and res[0].code() == KafkaError.MSG_SIZE_TOO_LARGE == 10,
      "confluent-kafka: the broker's MSG_SIZE_TOO_LARGE reaches the delivery callback", res)
check(len(res) == 2 and res[1] == 1, "confluent-kafka: the next small message is stored at offset 1", res)

# A compacted topic refuses records without a key: INVALID_RECORD (87).
from confluent_kafka.admin import AdminClient, NewTopic
admin = AdminClient({"bootstrap.servers": bs})
for f in admin.create_topics([NewTopic("compacted", 1, 1, config={"cleanup.policy": "compact"})]).values():
    f.result(10)
res = []
cp.produce("compacted", b"no key", on_delivery=lambda e, m: res.append(e))
cp.flush(10)
cp.produce("compacted", b"keyed", key=b"k", on_delivery=lambda e, m: res.append(e or m.offset()))
cp.flush(10)
check(len(res) == 2 and res[0] is not None and res[0].code() == 87 and res[1] == 0,
      "compacted topic: a record without a key gets INVALID_RECORD, a keyed one is stored", res)
print("done")
PYEOF
rc=$?
tap_from "$tmp/big.out"
check "the message-size script runs to the end" test "$rc" -eq 0 -a "$(tail -1 "$tmp/big.out")" = done ||
	tail -20 "$tmp/big.err" | show
head -c 3000 /dev/zero | tr '\0' z | timeout 20 kcat -b "$bootstrap" -P -t big -X message.max.bytes=100000 \
	>/dev/null 2>"$tmp/kcat-big.err"
rc=$?
check "kcat: a 3000-byte line fails" test "$rc" -ne 0
check "kcat: the error is the broker's 'Message size too large'" grep -qi 'message size too large' \
	"$tmp/kcat-big.err" || show "$tmp/kcat-big.err"
timeout 20 kcat -b "$bootstrap" -C -t big -e -q -f '%o %s\n' >"$tmp/big.got" 2>/dev/null
printf '0 small from kafka-python\n1 small from librdkafka\n' >"$tmp/big.want"
check "only the small records were stored" cmp -s "$tmp/big.want" "$tmp/big.got" || show "$tmp/big.got"

# Raw requests built with kafka-python's protocol classes, on one socket.
timeout 40 $PY - "$bootstrap" >"$tmp/raw.out" 2>"$tmp/raw.err" <<'PYEOF'
import socket, struct, sys, time
from kafka.protocol.produce import ProduceRequest, ProduceResponse
from kafka.protocol.fetch import FetchRequest, FetchResponse
from kafka.protocol.admin import ApiVersionResponse
from kafka.record.memory_records import MemoryRecordsBuilder

host, port = sys.argv[1].rsplit(":", 1)
addr = (host, int(port))
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()

def connect():
    s = socket.create_connection(addr, timeout=5)
    return s

corr = [0]
def send(s, key, ver, body):
    corr[0] += 1
    hdr = struct.pack(">hhih", key, ver, corr[0], 4) + b"test"
    s.sendall(struct.pack(">i", len(hdr) + len(body)) + hdr + body)
    return corr[0]

def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            return None
        b += c
    return b

def recv(s):
    h = recv_exact(s, 4)
    if h is None:
        return None, None
    body = recv_exact(s, struct.unpack(">i", h)[0])
    return struct.unpack(">i", body[:4])[0], body[4:]

def closed(s):
    try:
        s.settimeout(5)
        return s.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False

def batch(n=3, size=10):
    b = MemoryRecordsBuilder(magic=2, compression_type=0, batch_size=1 << 20)
    for i in range(n):
        b.append(int(time.time() * 1000), b"k%d" % i, b"v" * size)
    b.close()
    return bytes(b.buffer())

def produce(s, topic, part, records, acks=1):
    req = ProduceRequest[7](transactional_id=None, required_acks=acks, timeout=1000,
                            topics=[(topic, [(part, records)])])
    c = send(s, 0, 7, req.encode())
    if acks == 0:
        return None
    rc, body = recv(s)
    if rc != c:
        return "no answer"
    r = ProduceResponse[7].decode(body)
    return r.topics[0][1][0]   # (partition, error_code, offset, append time, log start)

s = connect()
ok_part = produce(s, "raw", 0, batch())
check(ok_part is not None and ok_part[1] == 3,
      "produce to a topic that does not exist: UNKNOWN_TOPIC_OR_PARTITION (Produce does not create)",
      ok_part)
# Create "raw" through Metadata v1 auto-creation, as kafka-python does.
from kafka.protocol.metadata import MetadataRequest, MetadataResponse
req = MetadataRequest[1](topics=["raw"])   # kept in a name: encode() holds it weakly
c = send(s, 3, 1, req.encode())
rc, body = recv(s)
md = MetadataResponse[1].decode(body)
check(rc == c and md.topics[0][0] in (0, 5), "Metadata v1 auto-creates topic raw", md.topics)
r = produce(s, "raw", 0, batch())
check(r is not None and r[1] == 0 and r[2] == 0, "a valid batch to raw-0 is stored at offset 0", r)
r = produce(s, "raw", 7, batch())
check(r is not None and r[1] == 3, "produce to partition 7 of a 1-partition topic: UNKNOWN_TOPIC_OR_PARTITION", r)
r = produce(s, "raw", -1, batch())
check(r is not None and r[1] == 3, "produce to partition -1: UNKNOWN_TOPIC_OR_PARTITION", r)
r = produce(s, "raw", 0, batch(), acks=2)
check(r is not None and r[1] == 21, "acks=2: INVALID_REQUIRED_ACKS", r)
bad = bytearray(batch())
bad[-1] ^= 0xFF
r = produce(s, "raw", 0, bytes(bad))
check(r is not None and r[1] == 2, "a batch whose CRC does not match: CORRUPT_MESSAGE", r)
r = produce(s, "raw", 0, batch(n=1, size=2000))
check(r is not None and r[1] == 10, "a 2000-byte batch: MESSAGE_TOO_LARGE", r)
r = produce(s, "raw", 0, batch())
check(r is not None and r[1] == 0 and r[2] == 3, "the connection still works: next batch at offset 3", r)

# Fetch out of range, both sides of the log, answered with the high watermark.
def fetch(s, offset):
    req = FetchRequest[4](replica_id=-1, max_wait_time=100, min_bytes=1, max_bytes=1 << 20,
                          isolation_level=0, topics=[("raw", [(0, offset, 1 << 20)])])
    c = send(s, 1, 4, req.encode())
    rc, body = recv(s)
    return FetchResponse[4].decode(body).topics[0][1][0] if rc == c else None
for off in (100, -5):
    p = fetch(s, off)
    check(p is not None and p[1] == 1 and p[2] == 6,
          "fetch at %d: OFFSET_OUT_OF_RANGE with the high watermark 6" % off, p and p[:4])
p = fetch(s, 6)
check(p is not None and p[1] == 0 and p[2] == 6 and len(p[-1]) == 0,
      "fetch at the end: no error, no records", p and p[:4])
s.close()

# Frames that cannot be served close their own connection, nothing else.
def closes(desc, data):
    s = connect()
    s.sendall(data)
    check(closed(s), desc)
    s.close()
closes("a frame size of -1 closes the connection", struct.pack(">i", -1))
closes("a frame size of 2 GiB closes the connection", struct.pack(">I", 0x7fffffff) + b"x" * 10)
closes("an unknown API key closes the connection",
       struct.pack(">ihhih", 10, 999, 0, 1, -1))
closes("a Produce v7 cut short closes the connection",
       struct.pack(">ihhihh", 14, 0, 7, 1, -1, 1) + b"\x00\x00")
closes("a header cut short closes the connection", struct.pack(">ih", 2, 3))
closes("random bytes close the connection", struct.pack(">i", 64) + bytes(range(64)))

# An ApiVersions version from the future is answered (v0 body, error 35), not closed.
s = connect()
c = send(s, 18, 9, b"\x00")   # v3 and later have a header tag buffer
rc, body = recv(s)
err = struct.unpack(">h", body[:2])[0] if body else None
check(rc == c and err == 35, "ApiVersions v9: UNSUPPORTED_VERSION in a v0 body", err)
c = send(s, 18, 0, b"")
rc, body = recv(s)
check(rc == c and ApiVersionResponse[0].decode(body).error_code == 0,
      "then ApiVersions v0 on the same connection works")
s.close()

# A client that vanishes mid-frame or mid-long-poll.
s = connect()
s.sendall(struct.pack(">i", 100) + b"\x00\x01")
s.close()
s = connect()
req = FetchRequest[4](replica_id=-1, max_wait_time=5000, min_bytes=1, max_bytes=1 << 20,
                      isolation_level=0, topics=[("raw", [(0, 6, 1 << 20)])])
send(s, 1, 4, req.encode())
time.sleep(0.2)
s.close()
print("done")
PYEOF
rc=$?
tap_from "$tmp/raw.out"
check "the raw-frame script runs to the end" test "$rc" -eq 0 -a "$(tail -1 "$tmp/raw.out")" = done ||
	tail -20 "$tmp/raw.err" | show

# Out of range through the clients: their auto.offset.reset takes over.
timeout 40 $PY - "$bootstrap" >"$tmp/oor.out" 2>"$tmp/oor.err" <<'PYEOF'
import sys, time
from kafka import KafkaConsumer, TopicPartition as KTP
from confluent_kafka import Consumer, Producer, TopicPartition, KafkaError

bs = sys.argv[1]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()

tp = KTP("raw", 0)
for reset, want in (("earliest", 0), ("latest", 6)):
    c = KafkaConsumer(bootstrap_servers=bs, group_id=None, enable_auto_commit=False,
                      auto_offset_reset=reset, fetch_max_wait_ms=100)
    c.assign([tp])
    c.seek(tp, 1000)
    recs = []
    t0 = time.time()
    while time.time() - t0 < 3 and not recs and c.position(tp) == 1000:
        recs = c.poll(timeout_ms=200).get(tp, [])
    pos = recs[0].offset if recs else c.position(tp)
    check(pos == want, "kafka-python auto_offset_reset=%s: offset 1000 resets to %d" % (reset, want), pos)
    c.close()

for reset, want in (("earliest", 0), ("latest", None)):
    c = Consumer({"bootstrap.servers": bs, "group.id": "kaf-test", "enable.auto.commit": False,
                  "auto.offset.reset": reset, "fetch.wait.max.ms": 100})
    c.assign([TopicPartition("raw", 0, 1000)])
    first = None
    t0 = time.time()
    while time.time() - t0 < 3 and first is None:
        m = c.poll(0.2)
        if m is not None and not m.error():
            first = m.offset()
    if want is None:
        # Reset to the end: nothing is read until a new message comes, at offset 6.
        p = Producer({"bootstrap.servers": bs})
        p.produce("raw", b"late")
        p.flush(10)
        t0 = time.time()
        while time.time() - t0 < 3 and first is None:
            m = c.poll(0.2)
            if m is not None and not m.error():
                first = (m.offset(), m.value())
        check(first == (6, b"late"), "confluent-kafka auto.offset.reset=latest: offset 1000 resets to 6",
              first)
    else:
        check(first == want, "confluent-kafka auto.offset.reset=earliest: offset 1000 resets to 0", first)
    c.close()

c = Consumer({"bootstrap.servers": bs, "group.id": "kaf-test", "enable.auto.commit": False,
              "auto.offset.reset": "error"})
c.assign([TopicPartition("raw", 0, 1000)])
err = None
t0 = time.time()
while time.time() - t0 < 5 and err is None:
    m = c.poll(0.2)
    if m is not None and m.error():
        err = m.error()
check(err is not None and err.code() == KafkaError._AUTO_OFFSET_RESET,
      "confluent-kafka auto.offset.reset=error: the application sees the out-of-range error", err)
c.close()
print("done")
PYEOF
rc=$?
tap_from "$tmp/oor.out"
check "the out-of-range script runs to the end" test "$rc" -eq 0 -a "$(tail -1 "$tmp/oor.out")" = done ||
	tail -20 "$tmp/oor.err" | show

# Still serving: metadata, a produce and a consume.
check "the server process is still running" kill -0 "$server_pid"
echo "after all that" | timeout 20 kcat -b "$bootstrap" -P -t raw 2>/dev/null
timeout 20 kcat -b "$bootstrap" -C -t raw -o -1 -e -q -f '%o %s\n' >"$tmp/after" 2>/dev/null
check "it still takes and serves records" grep -qx '7 after all that' "$tmp/after" || show "$tmp/after"
stop_server
check "graceful stop" test "$server_rc" -eq 0
check "no error lines in the server log" sh -c "! grep -q ' error ' '$tmp/server.log'" ||
	grep ' error ' "$tmp/server.log" | head -5 | show
finish
