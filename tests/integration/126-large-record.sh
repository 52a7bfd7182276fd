#!/bin/sh
# A record of about 1 MiB (1,048,500 bytes, so its batch fits the default
# message.max.bytes of 1048588) through every path: produced by
# confluent-kafka and by kafka-python, read back whole by kcat and by
# kafka-python's consumer (whose default fetch size is smaller than the
# batch: the broker still sends the whole batch, KIP-74), bytes compared.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

check "server starts" start_server || { finish; exit 1; }
$PY - "$bootstrap" >"$tmp/big.out" 2>&1 <<'PYEOF'
import hashlib, random, sys
from confluent_kafka import Producer
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
bs = sys.argv[1]
random.seed(7)
big = bytes(random.getrandbits(8) for _ in range(1048500))
digest = hashlib.sha256(big).hexdigest()
res = []
p = Producer({"bootstrap.servers": bs, "message.max.bytes": 2000000, "acks": "all"})
p.produce("big", big, key=b"ck", on_delivery=lambda e, m: res.append(e))
p.flush(20)
print("ok - confluent-kafka sends a 1 MiB record" if res == [None] else "not ok - confluent-kafka: %r" % res)
kp = KafkaProducer(bootstrap_servers=bs, max_request_size=2000000, acks="all")
md = kp.send("big", big, key=b"kp").get(20)
print("ok - kafka-python sends a 1 MiB record at offset %d" % md.offset)
kp.close()
c = KafkaConsumer(bootstrap_servers=bs, consumer_timeout_ms=10000)
c.assign([TopicPartition("big", 0)])
c.seek_to_beginning()
got = [m for m in c]
ok = len(got) == 2 and all(hashlib.sha256(m.value).hexdigest() == digest for m in got)
print(("ok" if ok else "not ok") + " - kafka-python reads both back whole (%d records)" % len(got))
PYEOF
tap_from "$tmp/big.out"
kcat -b "$bootstrap" -C -t big -e -q -c 2 -f '%s' -X fetch.message.max.bytes=65536 >"$tmp/kcat.bin" 2>"$tmp/kcat.err"
want=$($PY -c '
import hashlib, random
random.seed(7)
big = bytes(random.getrandbits(8) for _ in range(1048500))
print(hashlib.sha256(big + big).hexdigest())')
got=$(sha256sum "$tmp/kcat.bin" | cut -d' ' -f1)
check "kcat (64 KiB fetch size) reads both whole" test "$got" = "$want"
stop_server
check "clean stop" test "$server_rc" -eq 0
finish
