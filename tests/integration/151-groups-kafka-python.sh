#!/bin/sh
# A consumer group of kafka-python 2.0.2 consumers (separate processes) on a
# 6-partition topic: three members get two partitions each; one is killed
# with SIGKILL (no LeaveGroup) and the other two take its partitions over
# once its session (6 s) expires; every record is read, and a fresh member
# of the group then reads only what was produced after the last commits.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"
PY=/usr/bin/python3


check "server starts" start_server --override group.initial.rebalance.delay.ms=0 || { finish; exit 1; }

# One member: prints its assignment whenever it changes, every record it
# reads, and what each commit after a poll stored ("committed P NEXT"); a
# commit refused by a rebalance is printed too and the member goes on, as an
# application would (those records are simply not committed).
cat >"$tmp/member.py" <<'PYEOF'
import sys, signal
from kafka import KafkaConsumer
from kafka.errors import CommitFailedError
bs, name = sys.argv[1], sys.argv[2]
signal.signal(signal.SIGTERM, lambda *a: (_ for _ in ()).throw(SystemExit(0)))
c = KafkaConsumer("g6", bootstrap_servers=bs, group_id="kp-group", client_id=name,
                  session_timeout_ms=6000, heartbeat_interval_ms=1000, max_poll_interval_ms=20000,
                  auto_offset_reset="earliest", enable_auto_commit=False)
last = None
try:
    while True:
        recs = c.poll(200)
        for tp, rs in recs.items():
            for r in rs:
                print("rec %d %d %s" % (tp.partition, r.offset, r.value.decode()), flush=True)
        if recs:
            try:
                c.commit()
                for tp, rs in recs.items():
                    print("committed %d %d" % (tp.partition, rs[-1].offset + 1), flush=True)
            except CommitFailedError as e:
                print("commitfail %s" % e, flush=True)
        a = sorted(tp.partition for tp in c.assignment())
        if a != last:
            print("assigned " + ",".join(map(str, a)), flush=True)
            last = a
finally:
    c.close()
PYEOF

timeout 55 $PY - "$bootstrap" "$tmp" >"$tmp/drv.out" 2>"$tmp/drv.err" <<'PYEOF'
import sys, time, subprocess, os, signal
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
bs, tmp = sys.argv[1], sys.argv[2]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond or not detail else " (%s)" % (detail,)))
    sys.stdout.flush()

KafkaAdminClient(bootstrap_servers=bs).create_topics([NewTopic("g6", 6, 1)])
prod = KafkaProducer(bootstrap_servers=bs, acks="all")
def produce(start, n):
    for i in range(start, start + n):
        prod.send("g6", partition=i % 6, value=b"m%d" % i)
    prod.flush()
produce(0, 60)

def start(name):
    f = open("%s/%s.out" % (tmp, name), "w")
    return subprocess.Popen([sys.executable, tmp + "/member.py", bs, name], stdout=f,
                            stderr=open("%s/%s.err" % (tmp, name), "w"))
def state(name):
    asg, recs = None, []
    for l in open("%s/%s.out" % (tmp, name)):
        w = l.split()
        if w[0] == "assigned":
            asg = w[1] if len(w) > 1 else ""
        elif w[0] == "rec":
            recs.append(w[3])
    return asg, recs
def wait_for(cond, secs):
    t0 = time.time()
    while time.time() - t0 < secs:
        if cond():
            return time.time() - t0
        time.sleep(0.1)
    return None

names = ["m0", "m1", "m2"]
procs = {n: start(n) for n in names}
two_each = lambda: all((state(n)[0] or "").count(",") == 1 for n in names)
t = wait_for(two_each, 20)
check(t is not None, "three members get two partitions each", [state(n)[0] for n in names])
union = set()
for n in names:
    union |= set((state(n)[0] or "").split(","))
check(union == set("012345"), "every partition is assigned once", union)
wait_for(lambda: len(set(sum((state(n)[1] for n in names), []))) == 60, 15)
procs["m2"].send_signal(signal.SIGKILL)
procs["m2"].wait()
t0 = time.time()
three_each = lambda: all((state(n)[0] or "").count(",") == 2 for n in names[:2])
t = wait_for(three_each, 20)
print("takeover after %.1f s" % (t if t is not None else -1))
check(t is not None and t < 12, "the two survivors take over the killed member's partitions "
      "within its session timeout", [state(n)[0] for n in names[:2]])
produce(60, 60)
t = wait_for(lambda: len(set(sum((state(n)[1] for n in names), []))) == 120, 15)
check(t is not None, "all 120 records are read by the group")
# Stop the members only once their commits are in: a SIGTERM that lands
# inside a commit would leave records legitimately uncommitted.
def committed_map():
    c = {p: 0 for p in range(6)}
    for n in names:
        for l in open("%s/%s.out" % (tmp, n)):
            w = l.split()
            if w[0] == "committed":
                c[int(w[1])] = max(c[int(w[1])], int(w[2]))
    return c
t = wait_for(lambda: committed_map() == {p: 20 for p in range(6)}, 15)
check(t is not None, "the group commits every record it read", committed_map())
for n in names[:2]:
    procs[n].send_signal(signal.SIGTERM)
    procs[n].wait()
produce(120, 12)
procs["fresh"] = start("fresh")
t = wait_for(lambda: len(state("fresh")[1]) >= 12, 20)
time.sleep(1)
got = sorted(state("fresh")[1], key=lambda s: int(s[1:]))
check(got == ["m%d" % i for i in range(120, 132)],
      "a fresh member reads only what was not committed", got[:20])
procs["fresh"].send_signal(signal.SIGTERM)
procs["fresh"].wait()
PYEOF
rc=$?
tap_from "$tmp/drv.out"
check "driver runs to the end" test "$rc" -eq 0 || { tail -20 "$tmp/drv.err" | show; for f in "$tmp"/m*.err; do tail -5 "$f" | show; done; }
stop_server
check "graceful stop" test "$server_rc" -eq 0
finish
