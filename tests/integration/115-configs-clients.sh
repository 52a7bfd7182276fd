#!/bin/sh
# Topic and broker configuration through real clients against kaf server:
# kafka-python's KafkaAdminClient.describe_configs / alter_configs and
# confluent-kafka's AdminClient (librdkafka) describe_configs /
# alter_configs. The broker runs with --override log.retention.ms=1234, so
# a topic without an override shows that value as a static broker config.
# An alter must reach the partition logs (a small segment.bytes makes the
# log roll) and survive a restart; a bad value gets INVALID_CONFIG.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

check "server starts with --override log.retention.ms=1234" \
	start_server --override log.retention.ms=1234 || { finish; exit 1; }

$PY - "$bootstrap" >"$tmp/kp.out" 2>&1 <<'PYEOF'
import sys
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic, ConfigResource, ConfigResourceType
bs = sys.argv[1]
a = KafkaAdminClient(bootstrap_servers=bs, client_id="kaf-test", request_timeout_ms=5000)
a.create_topics([NewTopic("plain", 1, 1),
                 NewTopic("tuned", 1, 1, topic_configs={"segment.bytes": "1048576"})])

def show(topic, resp):
    for r in resp:
        for err, msg, rtype, rname, entries in r.resources:
            if err:
                print("describe", rname, "error", err, msg)
            for name, value, ro, source, sens, syn in entries:
                s = ",".join("%s:%s:%d" % x for x in syn)
                print("describe", rname, name, value, source, "ro" if ro else "rw", "syn=" + s)

T = ConfigResourceType.TOPIC
show("plain", a.describe_configs([ConfigResource(T, "plain")], include_synonyms=True))
show("tuned", a.describe_configs([ConfigResource(T, "tuned", configs={"segment.bytes": None,
                                 "retention.ms": None})], include_synonyms=True))
show("broker", a.describe_configs([ConfigResource(ConfigResourceType.BROKER, "1",
                                   configs={"log.retention.ms": None})]))
show("missing", a.describe_configs([ConfigResource(T, "missing")]))

def alter(res):
    for err, msg, rtype, rname in a.alter_configs([res]).resources:
        print("alter", rname, err, msg)

alter(ConfigResource(T, "tuned", configs={"retention.ms": "3600000", "segment.bytes": "1024"}))
alter(ConfigResource(T, "tuned", configs={"retention.ms": "abc"}))
alter(ConfigResource(ConfigResourceType.BROKER, "1", configs={"log.retention.ms": "5"}))
show("tuned", a.describe_configs([ConfigResource(T, "tuned", configs={"segment.bytes": None,
                                 "retention.ms": None})]))
a.close()

p = KafkaProducer(bootstrap_servers=bs, linger_ms=0)
for i in range(40):
    p.send("tuned", b"v%03d-" % i + b"x" * 200).get(timeout=10)
p.close()
print("produced 40")
PYEOF
rc=$?
show "$tmp/kp.out"
check "kafka-python runs to the end" test "$rc" -eq 0
check "kafka-python: every topic-level key of plain is described (23)" \
	test "$(grep -c '^describe plain ' "$tmp/kp.out")" -eq 23
check "plain: retention.ms is the broker's 1234, STATIC_BROKER_CONFIG, with its synonyms" \
	grep -q '^describe plain retention.ms 1234 4 rw syn=log.retention.ms:1234:4,log.retention.hours:168:5$' \
	"$tmp/kp.out"
check "plain: segment.bytes is the default, DEFAULT_CONFIG" \
	grep -q '^describe plain segment.bytes 1073741824 5 rw syn=log.segment.bytes:1073741824:5$' "$tmp/kp.out"
check "tuned: segment.bytes is its override, TOPIC_CONFIG first among the synonyms" \
	grep -q '^describe tuned segment.bytes 1048576 1 rw syn=segment.bytes:1048576:1,log.segment.bytes:1073741824:5$' \
	"$tmp/kp.out"
check "only the keys asked for" test "$(grep -c '^describe tuned ' "$tmp/kp.out")" -eq 4
check "broker 1: log.retention.ms=1234 read-only from the static config" \
	grep -q '^describe 1 log.retention.ms 1234 4 ro' "$tmp/kp.out"
check "a missing topic: UNKNOWN_TOPIC_OR_PARTITION" grep -q '^describe missing error 3 ' "$tmp/kp.out"
check "AlterConfigs of tuned succeeds" grep -q '^alter tuned 0 None$' "$tmp/kp.out"
check "an invalid value gets INVALID_CONFIG with a message" \
	grep -q "^alter tuned 40 invalid value for retention.ms" "$tmp/kp.out"
check "altering the broker is refused with a reason" \
	grep -q '^alter 1 42 dynamic broker configuration is not supported' "$tmp/kp.out"
check "the new values are described as overrides" \
	grep -q '^describe tuned retention.ms 3600000 1 ' "$tmp/kp.out"
check "segment.bytes=1024 is described" grep -q '^describe tuned segment.bytes 1024 1 ' "$tmp/kp.out"
segments=$(ls "$tmp/data/tuned-0" | grep -c '\.log$')
check "the small segment.bytes reached the log: 40 records in $segments segment files" \
	test "$segments" -ge 5

$PY - "$bootstrap" >"$tmp/ck.out" 2>&1 <<'PYEOF'
import sys
from confluent_kafka.admin import AdminClient, ConfigResource
from confluent_kafka import KafkaException
a = AdminClient({"bootstrap.servers": sys.argv[1]})

def describe(res, keys):
    for r, f in a.describe_configs([res]).items():
        try:
            c = f.result(10)
        except KafkaException as e:
            print("describe", r.name, "error", e.args[0].name())
            continue
        print("describe", r.name, "count", len(c))
        for k in keys:
            e = c[k]
            syn = ",".join("%s:%s:%d" % (s.name, s.value, s.source) for s in e.synonyms.values())
            print("describe", r.name, k, e.value, int(e.source),
                  "default" if e.is_default else "set", "syn=" + syn)

def alter(res):
    for r, f in a.alter_configs([res]).items():
        try:
            f.result(10)
            print("alter", r.name, "ok")
        except KafkaException as e:
            print("alter", r.name, "error", e.args[0].name())

describe(ConfigResource("topic", "plain"), ["retention.ms", "cleanup.policy"])
describe(ConfigResource("topic", "tuned"), ["retention.ms", "segment.bytes"])
describe(ConfigResource("broker", "1"), ["log.retention.ms", "log.retention.hours"])
alter(ConfigResource("topic", "plain", set_config={"retention.ms": "86400000",
                                                   "cleanup.policy": "compact"}))
alter(ConfigResource("topic", "plain", set_config={"segment.bytes": "1"}))
alter(ConfigResource("topic", "plain", set_config={"no.such.key": "1"}))
describe(ConfigResource("topic", "plain"), ["retention.ms", "cleanup.policy", "segment.bytes"])
PYEOF
rc=$?
show "$tmp/ck.out"
check "confluent-kafka runs to the end" test "$rc" -eq 0
check "librdkafka: plain's retention.ms from the broker, STATIC_BROKER_CONFIG" \
	grep -q '^describe plain retention.ms 1234 4 ' "$tmp/ck.out"
check "librdkafka: the static broker value among the synonyms" \
	grep -q '^describe plain retention.ms .*syn=log.retention.ms:1234:4,' "$tmp/ck.out"
check "librdkafka: tuned's overrides from the first alter" \
	grep -q '^describe tuned retention.ms 3600000 1 set syn=retention.ms:3600000:1,' "$tmp/ck.out"
check "librdkafka: broker log.retention.ms=1234, static" \
	grep -q '^describe 1 log.retention.ms 1234 4 set' "$tmp/ck.out"
check "librdkafka: broker log.retention.hours is a default" \
	grep -q '^describe 1 log.retention.hours 168 5 default' "$tmp/ck.out"
check "librdkafka alter of plain succeeds" grep -q '^alter plain ok$' "$tmp/ck.out"
check "librdkafka: segment.bytes=1 gets INVALID_CONFIG" \
	test "$(grep -c '^alter plain error INVALID_CONFIG$' "$tmp/ck.out")" -eq 2
check "librdkafka: plain's new overrides are described" \
	grep -q '^describe plain retention.ms 86400000 1 set' "$tmp/ck.out"
check "librdkafka: cleanup.policy=compact described" \
	grep -q '^describe plain cleanup.policy compact 1 set' "$tmp/ck.out"

# The overrides are in the metadata log: a restart replays them.
stop_server
check "graceful stop" test "$server_rc" -eq 0
check "restart" start_server --override log.retention.ms=1234
$PY - "$bootstrap" >"$tmp/re.out" 2>&1 <<'PYEOF'
import sys
from kafka.admin import KafkaAdminClient, ConfigResource, ConfigResourceType
a = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=5000)
for t in ("plain", "tuned"):
    for r in a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, t,
                                 configs={"retention.ms": None, "segment.bytes": None})]):
        for err, msg, rtype, rname, entries in r.resources:
            for name, value, ro, source, sens, syn in entries:
                print(rname, name, value, source)
a.close()
from kafka import KafkaProducer
p = KafkaProducer(bootstrap_servers=sys.argv[1], linger_ms=0)
for i in range(10):
    p.send("tuned", b"w%03d-" % i + b"x" * 200).get(timeout=10)
p.close()
print("produced 10")
PYEOF
show "$tmp/re.out"
check "after a restart: plain's retention.ms override" grep -q '^plain retention.ms 86400000 1$' "$tmp/re.out"
check "after a restart: tuned's retention.ms override" grep -q '^tuned retention.ms 3600000 1$' "$tmp/re.out"
check "after a restart: tuned's segment.bytes override" grep -q '^tuned segment.bytes 1024 1$' "$tmp/re.out"
after=$(ls "$tmp/data/tuned-0" | grep -c '\.log$')
check "after a restart the log still rolls at 1024 bytes: $segments then $after segment files" \
	test "$after" -ge $((segments + 2))
stop_server
check "graceful stop after the restart" test "$server_rc" -eq 0
finish
