#!/bin/sh
# Topic administration and metadata through real clients against kaf server:
# kafka-python's KafkaAdminClient (its version probe, CreateTopics,
# DeleteTopics, CreatePartitions, list_topics), confluent-kafka's AdminClient
# (librdkafka) and kcat -L. Errors must come back as Kafka's error codes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

check "server starts" start_server || { finish; exit 1; }

$PY - "$bootstrap" >"$tmp/kp.out" 2>&1 <<'PYEOF'
import sys
from kafka.admin import KafkaAdminClient, NewTopic, NewPartitions
from kafka.errors import TopicAlreadyExistsError, InvalidReplicationFactorError, InvalidPartitionsError
bs = sys.argv[1]
a = KafkaAdminClient(bootstrap_servers=bs, client_id="kaf-test", request_timeout_ms=5000)
print("version", ".".join(map(str, a.config["api_version"])))
a.create_topics([NewTopic("orders", 3, 1), NewTopic("audit", 1, 1, topic_configs={"retention.ms": "1000"})])
print("topics", sorted(t for t in a.list_topics()))
try:
    a.create_topics([NewTopic("orders", 3, 1)])
    print("dup created?!")
except TopicAlreadyExistsError:
    print("dup TOPIC_ALREADY_EXISTS")
try:
    a.create_topics([NewTopic("rf3", 1, 3)])
    print("rf3 created?!")
except InvalidReplicationFactorError:
    print("rf3 INVALID_REPLICATION_FACTOR")
a.create_partitions({"orders": NewPartitions(5)})
try:
    a.create_partitions({"orders": NewPartitions(2)})
    print("shrunk?!")
except InvalidPartitionsError:
    print("shrink INVALID_PARTITIONS")
d = a.describe_topics(["orders"])
print("orders partitions", len(d[0]["partitions"]))
a.delete_topics(["audit"])
print("after delete", sorted(a.list_topics()))
a.close()
PYEOF
rc=$?
show "$tmp/kp.out"
check "kafka-python admin runs to the end" test "$rc" -eq 0
check "kafka-python guesses a broker of 2.x or later" grep -q '^version [2-9]' "$tmp/kp.out"
check "created topics are listed" grep -q "topics \['audit', 'orders'\]" "$tmp/kp.out"
check "a duplicate gets TOPIC_ALREADY_EXISTS" grep -q 'dup TOPIC_ALREADY_EXISTS' "$tmp/kp.out"
check "replication factor 3 gets INVALID_REPLICATION_FACTOR" grep -q 'rf3 INVALID_REPLICATION_FACTOR' "$tmp/kp.out"
check "CreatePartitions grows the topic" grep -q 'orders partitions 5' "$tmp/kp.out"
check "shrinking gets INVALID_PARTITIONS" grep -q 'shrink INVALID_PARTITIONS' "$tmp/kp.out"
check "a deleted topic is gone" grep -q "after delete \['orders'\]" "$tmp/kp.out"
check "the deleted topic's log directory is removed" test ! -d "$tmp/data/audit-0"
check "the new partitions have logs" test -d "$tmp/data/orders-4"

$PY - "$bootstrap" >"$tmp/ck.out" 2>&1 <<'PYEOF'
import sys
from confluent_kafka.admin import AdminClient, NewTopic
from confluent_kafka import KafkaException
a = AdminClient({"bootstrap.servers": sys.argv[1]})
for t, f in a.create_topics([NewTopic("events", 4, 1), NewTopic("bad name!", 1, 1)]).items():
    try:
        f.result(10)
        print("created", t)
    except KafkaException as e:
        print("failed", t, e.args[0].name())
md = a.list_topics(timeout=10)
print("controller", md.controller_id, "brokers", len(md.brokers))
print("events partitions", len(md.topics["events"].partitions))
print("leader", md.topics["events"].partitions[0].leader)
PYEOF
rc=$?
show "$tmp/ck.out"
check "confluent-kafka admin runs to the end" test "$rc" -eq 0
check "confluent-kafka creates a topic" grep -q 'created events' "$tmp/ck.out"
# librdkafka names code 17 TOPIC_EXCEPTION (Kafka: INVALID_TOPIC_EXCEPTION).
check "an invalid name gets error 17" grep -q 'failed bad name! TOPIC_EXCEPTION' "$tmp/ck.out"
check "the controller is this broker (node 1)" grep -q 'controller 1 brokers 1' "$tmp/ck.out"
check "partitions and leader as created" grep -q 'events partitions 4' "$tmp/ck.out"

kcat -b "$bootstrap" -L -J >"$tmp/kcat.json" 2>"$tmp/kcat.err"
rc=$?
check "kcat -L answers" test "$rc" -eq 0
$PY -c '
import json, sys
m = json.load(open(sys.argv[1]))
names = sorted(t["topic"] for t in m["topics"])
assert names == ["events", "orders"], names
assert m["brokers"][0]["name"].endswith(":" + sys.argv[2]), m["brokers"]
' "$tmp/kcat.json" "$port"
check "kcat sees both topics and the advertised port" test $? -eq 0

# Topics survive a restart (the metadata log is replayed).
stop_server
check "graceful stop" test "$server_rc" -eq 0
check "restart" start_server
kcat -b "$bootstrap" -L -J >"$tmp/kcat2.json" 2>/dev/null
$PY -c '
import json, sys
m = json.load(open(sys.argv[1]))
parts = {t["topic"]: len(t["partitions"]) for t in m["topics"]}
assert parts == {"events": 4, "orders": 5}, parts
' "$tmp/kcat2.json"
check "topics and partition counts survive a restart" test $? -eq 0
stop_server
finish
