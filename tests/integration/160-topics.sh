#!/bin/sh
# kaf topics against a live kaf server: create, list, describe, alter,
# config, offsets and delete in text, tsv and json (parsed with python3);
# every error path with its exit code and message; an unreachable broker
# (exit 4 within --timeout); and the same topics as kafka-python's admin
# client sees them, both ways.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3

# run ARGS...: kaf topics ARGS against the broker; stdout in $tmp/out, stderr in $tmp/err, status in $rc
run() {
	"$KAF" topics "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# ---- no broker: exit 4 fast ----

dead=$(free_port)
start=$(date +%s%N)
run list -b "127.0.0.1:$dead" --timeout 1s
end=$(date +%s%N)
expect "unreachable broker: exit 4" 4 '' "^kaf topics list: error: no broker reachable at 127.0.0.1:$dead (connection refused)\$"
check "unreachable broker: given up within the timeout ($(((end - start) / 1000000)) ms)" \
	[ $(((end - start) / 1000000)) -lt 2500 ]
KAF_BROKERS="127.0.0.1:$dead" KAF_TIMEOUT=300ms "$KAF" topics list -J >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "KAF_BROKERS and KAF_TIMEOUT are read; json error document" 4 '"code":"UNAVAILABLE"'
run list -b "nosuchhost.invalid:9092" --timeout 1s
expect "a name that does not resolve: exit 4" 4 '' "nosuchhost.invalid:9092 (name does not resolve)"
run list -b "localhost" --timeout 1s
expect "bootstrap entry without a port: exit 1" 1 '' "bad bootstrap server list"

# ---- usage errors: exit 2, nothing sent ----

run
expect "no subcommand: exit 2" 2 '' "missing subcommand"
run frobnicate
expect "unknown subcommand: exit 2" 2 '' "unknown subcommand 'frobnicate'"
run create
expect "create without a topic: exit 2" 2 '' "^kaf topics create: error: missing operand"
run create t --partitions zero
expect "bad --partitions: exit 2" 2 '' "invalid value 'zero' for --partitions"
run create t --config nokey
expect "--config without =: exit 2" 2 '' "--config wants KEY=VALUE"
run alter t
expect "alter without --partitions: exit 2" 2 '' "--partitions N is required"
run offsets t --at yesterday-ish
expect "bad --at: exit 2" 2 '' "invalid value 'yesterday-ish' for --at"
run list --output yaml
expect "bad --output: exit 2" 2 '' "invalid value 'yaml' for --output"
run create --help
expect "create --help" 0 '^Usage: kaf topics create'
run --help
expect "topics --help lists the subcommands" 0 '^  offsets'
run --create --list
expect "two of Kafka's action flags: exit 2" 2 '' "give one of --list, --create"
run --describe
expect "Kafka's --describe without --topic: exit 2" 2 '' "needs --topic TOPIC"
run list --topic x
expect "--topic with a subcommand: exit 2" 2

check "server starts" start_server || { finish; exit 1; }
export KAF_BROKERS="$bootstrap"

# ---- create / list ----

run create orders -p 3 --config retention.ms=3600000 -c cleanup.policy=compact
expect "create orders -p 3 with configs" 0 '^orders  OK'
run create orders
expect "create an existing topic: exit 1" 1 '^orders  TOPIC_ALREADY_EXISTS' \
	"^kaf topics create: error: orders: TOPIC_ALREADY_EXISTS: Topic 'orders' already exists.\$"
check "create an existing topic: a hint" grep -qx "hint: add --if-not-exists to make this a no-op" "$tmp/err"
run create orders --if-not-exists
expect "--if-not-exists: exit 0, SKIPPED" 0 '^orders  SKIPPED'
run create dry1 --dry-run
expect "--dry-run: OK" 0 '^dry1   OK .*dry run'
run create a1 a2 -p 2 -J
expect "create two topics, json" 0
check "create json: two OK rows" json 'len(d) == 2 and all(r["status"] == "OK" for r in d)'
run create a1 b1 -J
expect "create one existing, one new: exit 1" 1
check "create json: per-row error object" \
	json '[r["topic"] for r in d if "error" in r] == ["a1"] and d[0]["error"]["code"] == "TOPIC_ALREADY_EXISTS"'
run create -p 0 bad
expect "--partitions 0 refused by the parser" 2
run create "bad/name"
expect "an invalid topic name: exit 1" 1 '' "INVALID_TOPIC_EXCEPTION"

run list
expect "list" 0 '^NAME  *PARTITIONS  *REPLICAS$'
check "list shows orders with 3 partitions" grep -Eq '^orders +3 +1$' "$tmp/out"
check "list leaves out dry1" sh -c '! grep -q "^dry1" "$1"' sh "$tmp/out"
check "list hides internal topics" sh -c '! grep -q "^__" "$1"' sh "$tmp/out"
run ls -N 'a*'
expect "ls -N with a pattern" 0
check "ls -N 'a*' prints a1 a2" [ "$(tr '\n' ' ' <"$tmp/out")" = "a1 a2 " ]
run list --output tsv
expect "list tsv" 0
check "list tsv: no header, tabs" grep -q "^orders	3	1\$" "$tmp/out"
run list --no-headers
check "--no-headers" sh -c '! grep -q "^NAME" "$1"' sh "$tmp/out"
run list -J
expect "list json" 0
check "list json: orders has 3 partitions, integers" \
	json '{t["name"]: t["partitions"] for t in d}["orders"] == 3 and d[0]["replicas"] == 1'

# ---- describe ----

# Timestamps one second apart, ending a minute ago (inside retention.ms).
base=$((($(date +%s) - 70) * 1000))
$PY - "$bootstrap" "$base" >"$tmp/py.out" 2>&1 <<'PYEOF'
import sys
from kafka import KafkaProducer
p = KafkaProducer(bootstrap_servers=sys.argv[1])
fs = [p.send("orders", key=b"k%d" % i, value=b"v%d" % i, partition=i % 2, timestamp_ms=int(sys.argv[2]) + i * 1000)
      for i in range(10)]
for f in fs:
    f.get(timeout=10)
p.close()
PYEOF
check "kafka-python produced 10 records into orders" [ $? -eq 0 ] || show "$tmp/py.out"

run describe orders
expect "describe orders" 0 '^SUMMARY$'
check "describe: summary row" grep -Eq '^orders +false +3 +1 +compact$' "$tmp/out"
check "describe: retention.ms from the topic" grep -Eq '^retention.ms +3600000 +DYNAMIC_TOPIC_CONFIG +false$' "$tmp/out"
check "describe: a default" grep -Eq '^segment.bytes +[0-9]+ +DEFAULT_CONFIG' "$tmp/out"
check "describe: partition 0 has 5 records" grep -Eq '^0 +1 +1 +1 +- +0 +5$' "$tmp/out"
check "describe: partition 2 is empty" grep -Eq '^2 +1 +1 +1 +- +0 +0$' "$tmp/out"
run info orders -J
expect "info (alias) json" 0
check "describe json: partitions, offsets and configs" json '
	d[0]["name"] == "orders" and d[0]["partition_count"] == 3 and
	[p["high_watermark"] for p in d[0]["partitions"]] == [5, 5, 0] and
	{c["key"]: c["source"] for c in d[0]["configs"]}["cleanup.policy"] == "DYNAMIC_TOPIC_CONFIG"'
run describe orders --output tsv
check "describe tsv: partitions with the topic first" grep -q "^orders	1	1	1	1	-	0	5\$" "$tmp/out"
run describe nope
expect "describe an unknown topic: exit 3" 3 '' "^kaf topics describe: error: nope: UNKNOWN_TOPIC_OR_PARTITION\$"
run describe orders nope
expect "describe one known, one unknown: exit 3, the known one shown" 3 '^orders '
run describe orders nope -J
expect "describe json with an unknown topic: exit 3" 3
check "describe json: the unknown topic carries its error" \
	json '[t.get("error", {}).get("code") for t in d] == [None, "UNKNOWN_TOPIC_OR_PARTITION"]'

# ---- offsets ----

run offsets orders
expect "offsets" 0 '^TOPIC  *PARTITION  *LOG-START-OFFSET  *HIGH-WATERMARK$'
check "offsets: partition 1 ends at 5" grep -Eq '^orders +1 +0 +5$' "$tmp/out"
run offsets orders --at $((base + 4000)) -J
expect "offsets --at epoch ms" 0
check "offsets --at: first record at or after the time" json '
	[(p["partition"], p["offset"], p["timestamp"]) for p in d] ==
	[(0, 2, '$base' + 4000), (1, 2, '$base' + 5000), (2, None, None)]'
run offsets orders --at "$(date -u -d "@$((base / 1000 + 4))" +%Y-%m-%dT%H:%M:%SZ)" -J
check "offsets --at YYYY-MM-DDTHH:MM:SSZ (the same instant)" json '[p["offset"] for p in d] == [2, 2, None]'
run offsets orders --at earliest -J
check "offsets --at earliest" json '[p["offset"] for p in d] == [0, 0, 0]'
run offsets orders --at latest --output tsv
check "offsets --at latest, tsv" grep -q "^orders	0	5	-\$" "$tmp/out"
run offsets nope
expect "offsets of an unknown topic: exit 3" 3 '' "nope: UNKNOWN_TOPIC_OR_PARTITION"

# ---- alter ----

run alter orders --partitions 2
expect "alter to fewer partitions: exit 1" 1 '' "orders: INVALID_PARTITIONS: the topic has 3 partitions"
check "alter to fewer: a hint" grep -q "^hint: give --partitions a number above 3" "$tmp/err"
run alter orders --partitions 3
expect "alter to the same count: exit 1" 1
run alter orders -p 5 --dry-run
expect "alter --dry-run" 0 'dry run'
run list -J
check "alter --dry-run changed nothing" json '{t["name"]: t["partitions"] for t in d}["orders"] == 3'
run alter orders -p 5
expect "alter orders to 5" 0 '^orders  *3  *5  *OK'
run list -J
check "orders now has 5 partitions" json '{t["name"]: t["partitions"] for t in d}["orders"] == 5'
run alter nope -p 4
expect "alter an unknown topic: exit 3" 3 '' "nope: UNKNOWN_TOPIC_OR_PARTITION"

# ---- config ----

run config orders --set retention.ms=5000 --delete cleanup.policy
expect "config --set and --delete" 0 '^orders  *retention.ms  *SET  *OK'
check "config: the delete row" grep -Eq '^orders +cleanup.policy +DELETE +OK' "$tmp/out"
run config orders -J
expect "config show json" 0
check "config show: retention.ms=5000 from the topic, cleanup.policy back to default" json '
	{c["key"]: (c["value"], c["source"]) for c in d}["retention.ms"] == ("5000", "DYNAMIC_TOPIC_CONFIG") and
	{c["key"]: c["source"] for c in d}["cleanup.policy"] == "DEFAULT_CONFIG" and
	d[0]["read_only"] is False'
run config orders --set retention.ms=abc
expect "config with a bad value: exit 1" 1 '' "orders: INVALID_CONFIG"
run config orders --set no.such.key=1
expect "config with an unknown key: exit 1" 1 '' "orders: INVALID_CONFIG"
run config nope --set retention.ms=1
expect "config of an unknown topic: exit 3" 3 '' "nope: UNKNOWN_TOPIC_OR_PARTITION"
run config nope
expect "config show of an unknown topic: exit 3" 3

# ---- Kafka's kafka-topics.sh spellings ----

run --bootstrap-server "$bootstrap" --create --topic compat1 --topic compat2 --partitions 2 \
	--replication-factor 1 --config retention.ms=60000
expect "--create --topic ... (kafka-topics.sh style)" 0 '^compat2  *OK'
run --list --exclude-internal
check "--list shows them with 2 partitions" grep -Eq '^compat1 +2 +1$' "$tmp/out"
run --alter --topic compat1 --partitions 3
expect "--alter --topic --partitions" 0 '^compat1  *2  *3  *OK'
run --describe --topic compat1 -J
check "--describe --topic: 3 partitions, retention.ms" json '
	d[0]["partition_count"] == 3 and {c["key"]: c["value"] for c in d[0]["configs"]}["retention.ms"] == "60000"'
run --delete --topic compat1 --topic compat2 --topic compat3 --if-exists
expect "--delete --topic ... --if-exists" 0 '^compat3  *SKIPPED'

# ---- kafka-python's view, both ways ----

$PY - "$bootstrap" >"$tmp/py.out" 2>&1 <<'PYEOF'
import sys
from kafka.admin import KafkaAdminClient, NewTopic, ConfigResource, ConfigResourceType
a = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=5000)
names = set(a.list_topics())
print(("ok - " if {"orders", "a1", "a2", "b1"} <= names else "not ok - ") + "kafka-python lists the topics kaf created")
md = {t["topic"]: t for t in a.describe_topics(["orders"])}
print(("ok - " if len(md["orders"]["partitions"]) == 5 else "not ok - ") + "kafka-python sees 5 partitions of orders")
cfg = a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "orders")])
entries = {e[0]: e[1] for e in cfg[0].resources[0][4]}
print(("ok - " if entries.get("retention.ms") == "5000" else "not ok - ") + "kafka-python sees retention.ms=5000")
a.create_topics([NewTopic("from_python", 4, 1, topic_configs={"retention.ms": "1234"})])
a.close()
PYEOF
while IFS= read -r l; do
	case $l in
	"ok - "*) pass "${l#ok - }" ;;
	"not ok - "*) fail "${l#not ok - }" ;;
	*) echo "# $l" ;;
	esac
done <"$tmp/py.out"
run describe from_python -J
expect "kaf describes a topic kafka-python created" 0
check "from_python: 4 partitions, retention.ms=1234" json '
	d[0]["partition_count"] == 4 and {c["key"]: c["value"] for c in d[0]["configs"]}["retention.ms"] == "1234"'

# ---- delete ----

run delete a1 a2 b1 from_python
expect "delete four topics" 0 '^from_python  *OK'
run delete a1
expect "delete a deleted topic: exit 3" 3 '^a1  *UNKNOWN_TOPIC_OR_PARTITION' "^kaf topics delete: error: a1: UNKNOWN_TOPIC_OR_PARTITION\$"
check "delete a missing topic: a hint" grep -qx "hint: add --if-exists to make this a no-op" "$tmp/err"
run delete a1 --if-exists
expect "delete --if-exists: exit 0, SKIPPED" 0 '^a1  *SKIPPED'
run list -N
check "only orders is left" [ "$(cat "$tmp/out")" = orders ]

# ---- leader routing: partition requests go to the address the broker advertises ----

stop_server
fixed_port=$(free_port)
check "server restarts advertising localhost" \
	start_server --advertised-listeners "PLAINTEXT://localhost:$fixed_port" || { finish; exit 1; }
run describe orders -b "$bootstrap" -d protocol
expect "describe through the advertised address" 0 '^SUMMARY$' "localhost:$fixed_port: ListOffsets v[0-9]"
check "metadata went to the bootstrap address" grep -q "127.0.0.1:$fixed_port: Metadata v" "$tmp/err"
stop_server
check "server restarts advertising a name that does not resolve" \
	start_server --advertised-listeners "PLAINTEXT://nosuch.invalid:$fixed_port" || { finish; exit 1; }
run list -b "$bootstrap"
expect "list needs only the bootstrap broker" 0 '^orders '
run describe orders -b "$bootstrap" --timeout 2s
expect "the advertised-listener trap: exit 4, named" 4 '' \
	"bootstrap $bootstrap worked, but broker 1 advertises nosuch.invalid:$fixed_port, which is not reachable (name does not resolve)"

# ---- the broker goes away ----

stop_server
run list -b "$bootstrap" --timeout 1s
expect "after the broker stopped: exit 4" 4 '' "no broker reachable at $bootstrap (connection refused)"

echo "# $n tests, $failed failed"
finish
