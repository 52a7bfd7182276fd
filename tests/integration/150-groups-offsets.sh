#!/bin/sh
# Committed offsets through kafka-python 2.0.2: simple commits (no group
# generation), OffsetFetch of listed partitions and of all of a group's,
# oversized metadata refused (unknown partitions, which kafka-python retries
# forever, are checked with raw frames in tests/unit/net/group_offsets.c), the records in
# __consumer_offsets as `kaf dump-log --offsets-decoder` reads them, and
# every committed offset back after a restart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3


check "server starts" start_server || { finish; exit 1; }

timeout 40 $PY - "$bootstrap" commit >"$tmp/a.out" 2>"$tmp/a.err" <<'PYEOF'
import sys
from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.structs import OffsetAndMetadata
from kafka.errors import KafkaError

bs = sys.argv[1]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()

admin = KafkaAdminClient(bootstrap_servers=bs, request_timeout_ms=5000)
admin.create_topics([NewTopic("o1", 3, 1)])
c = KafkaConsumer(bootstrap_servers=bs, group_id="offs", enable_auto_commit=False)
tps = [TopicPartition("o1", p) for p in range(3)]
c.assign(tps)
check(c.committed(tps[0]) is None, "nothing committed yet")
c.commit({tps[0]: OffsetAndMetadata(5, "five"), tps[1]: OffsetAndMetadata(7, "")})
check(c.committed(tps[0]) == 5, "a committed offset reads back", c.committed(tps[0]))
c.commit({tps[0]: OffsetAndMetadata(6, "six")})
check(c.committed(tps[0]) == 6, "a second commit replaces the first")
all_ = admin.list_consumer_group_offsets("offs")
check(all_ == {tps[0]: OffsetAndMetadata(6, "six"), tps[1]: OffsetAndMetadata(7, "")},
      "null topics: every committed offset of the group", all_)
try:
    c.commit({tps[2]: OffsetAndMetadata(1, "x" * 5000)})
    check(False, "metadata over 4096 bytes is refused")
except KafkaError as e:
    check("MetadataTooLarge" in type(e).__name__, "metadata over 4096 bytes is refused", repr(e))
check(c.committed(tps[2]) is None, "nothing is stored for a refused commit")
c.close()
PYEOF
rc=$?
tap_from "$tmp/a.out"
check "commit script runs to the end" test "$rc" -eq 0 || tail -20 "$tmp/a.err" | show

# "offs" hashes to partition 0 of 50 (Java String.hashCode).
seg=$tmp/data/__consumer_offsets-0/00000000000000000000.log
check "the commits are in the group's partition" test -s "$seg"
"$KAF" dump-log --offsets-decoder --print-data-log "$seg" >"$tmp/dump.out" 2>&1
check "dump-log decodes the offset keys" \
	grep -q 'key: {"type":"1","data":{"group":"offs","topic":"o1","partition":0}}' "$tmp/dump.out" ||
	show "$tmp/dump.out"
check "dump-log decodes the offset values" \
	grep -q '"offset":6,"leaderEpoch":-1,"metadata":"six"' "$tmp/dump.out"

stop_server
check "graceful stop" test "$server_rc" -eq 0
check "restart" start_server || { finish; exit 1; }
timeout 30 $PY - "$bootstrap" >"$tmp/b.out" 2>"$tmp/b.err" <<'PYEOF'
import sys
from kafka.admin import KafkaAdminClient
from kafka import TopicPartition
from kafka.structs import OffsetAndMetadata
bs = sys.argv[1]
admin = KafkaAdminClient(bootstrap_servers=bs, request_timeout_ms=5000)
got = admin.list_consumer_group_offsets("offs")
ok = got == {TopicPartition("o1", 0): OffsetAndMetadata(6, "six"),
             TopicPartition("o1", 1): OffsetAndMetadata(7, "")}
print(("ok - " if ok else "not ok - ") + "committed offsets survive a restart" + ("" if ok else " (%r)" % (got,)))
PYEOF
tap_from "$tmp/b.out"
[ -s "$tmp/b.err" ] && show "$tmp/b.err"
stop_server
finish
