#!/bin/sh
# Group administration through kafka-python's admin client: ListGroups and
# DescribeGroups of a live group (members, client id, host, the assignment
# the leader made), DeleteGroups refused while it has members and accepted
# once it is empty, and the deletion surviving a restart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3


check "server starts" start_server --override group.initial.rebalance.delay.ms=0 || { finish; exit 1; }

timeout 40 $PY - "$bootstrap" >"$tmp/a.out" 2>"$tmp/a.err" <<'PYEOF'
import sys, time
from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError
bs = sys.argv[1]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()

admin = KafkaAdminClient(bootstrap_servers=bs, request_timeout_ms=5000)
admin.create_topics([NewTopic("ad", 2, 1)])
p = KafkaProducer(bootstrap_servers=bs)
p.send("ad", b"x", partition=0).get()
c = KafkaConsumer("ad", bootstrap_servers=bs, group_id="adm", client_id="adm-client",
                  auto_offset_reset="earliest", session_timeout_ms=6000, heartbeat_interval_ms=1000)
t0 = time.time()
while not c.assignment() and time.time() - t0 < 15:
    c.poll(200)
c.poll(500)
c.commit()
groups = admin.list_consumer_groups()
check(("adm", "consumer") in groups, "ListGroups shows the group", groups)
d = admin.describe_consumer_groups(["adm"])[0]
check(d.state == "Stable" and d.protocol_type == "consumer" and d.protocol in ("range", "roundrobin"),
      "DescribeGroups: Stable, consumer, the chosen protocol", d[:5])
m = d.members[0] if d.members else None
check(len(d.members) == 1 and m.client_id == "adm-client" and m.client_host == "/127.0.0.1",
      "DescribeGroups: the member, its client id and host", d.members)
asg = m and m.member_assignment and sorted(m.member_assignment.assignment)
check(asg == [("ad", [0, 1])], "DescribeGroups: the assignment the leader made", asg)
res = admin.delete_consumer_groups(["adm"])
check(res[0][1].__name__ == "NonEmptyGroupError", "DeleteGroups of an active group is refused", res)
c.close()
d = admin.describe_consumer_groups(["adm"])[0]
check(d.state == "Empty" and not d.members, "after the member leaves the group is Empty", d[:5])
check(admin.list_consumer_group_offsets("adm") != {}, "the group keeps its offsets")
res = admin.delete_consumer_groups(["adm", "never-was"])
names = sorted((g, e.__name__) for g, e in res)
check(names == [("adm", "NoError"), ("never-was", "GroupIdNotFoundError")],
      "DeleteGroups: an empty group goes, an unknown one is not found", names)
check(("adm", "consumer") not in admin.list_consumer_groups(), "the deleted group is not listed")
PYEOF
rc=$?
tap_from "$tmp/a.out"
check "admin script runs to the end" test "$rc" -eq 0 || tail -20 "$tmp/a.err" | show
# "adm" hashes to partition 26 of 50: its GroupMetadata records and the tombstones of its deletion.
seg=$tmp/data/__consumer_offsets-26/00000000000000000000.log
"$KAF" dump-log --offsets-decoder --print-data-log "$seg" >"$tmp/dump.out" 2>&1
check "dump-log decodes the group's metadata record" \
	grep -q 'key: {"type":"2","data":{"group":"adm"}} payload: {"version":"3","data":{"protocolType":"consumer","generation":1,' \
	"$tmp/dump.out" || show "$tmp/dump.out"
check "with the member's subscription" grep -q '"clientId":"adm-client","clientHost":"/127.0.0.1".*"subscription":{"topics":\["ad"\]' "$tmp/dump.out"
check "the deletion wrote tombstones" grep -q 'key: {"type":"2","data":{"group":"adm"}} payload: <DELETE>' "$tmp/dump.out"
stop_server
check "restart" start_server || { finish; exit 1; }
timeout 20 $PY - "$bootstrap" >"$tmp/b.out" 2>"$tmp/b.err" <<'PYEOF'
import sys
from kafka.admin import KafkaAdminClient
admin = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=5000)
g = admin.list_consumer_groups()
o = admin.list_consumer_group_offsets("adm")
ok = ("adm", "consumer") not in g and o == {}
print(("ok - " if ok else "not ok - ") + "a deleted group stays deleted after a restart" + ("" if ok else " (%r %r)" % (g, o)))
PYEOF
tap_from "$tmp/b.out"
stop_server
finish
