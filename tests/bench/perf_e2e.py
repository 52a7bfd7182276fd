#!/usr/bin/env python3
"""Runs `kaf perf e2e` and prints its summary in kbench's e2e shape, so the
report can set our own client beside librdkafka at the same rate.

usage: perf_e2e.py KAF PORT TOPIC RATE SECONDS LINGER_MS BROKER_PID
"""
import json
import os
import resource
import subprocess
import sys


def proc_cpu(pid):
    """utime + stime of a process in seconds, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def main():
    kaf, port, topic, rate, seconds, linger, pid = sys.argv[1:8]
    b0 = proc_cpu(pid)
    out = subprocess.run([kaf, "perf", "e2e", "-b", f"127.0.0.1:{port}", topic, "-s", "100", "-r", rate,
                          "--linger", f"{linger}ms", "--duration", f"{seconds}s", "--acks", "1",
                          "--output", "jsonl"], capture_output=True, text=True)
    b1 = proc_cpu(pid)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [json.loads(x) for x in out.stdout.splitlines() if x.startswith("{")]
    summary = [x for x in lines if x.get("type") == "summary"]
    if out.returncode or not summary:
        sys.stderr.write(out.stderr[-500:] or "kaf perf e2e printed no summary\n")
        return 1
    s = summary[-1]
    pick = ("p50", "p99", "p999", "max")
    print(json.dumps({
        "phase": "e2e", "size": 100, "partitions": 1, "acks": "1", "rate": int(rate),
        "linger_ms": int(linger), "records": s["records"], "seconds": s["elapsed_s"],
        "rec_per_s": s["rec_per_s"], "client_cpu_s": round(ru.ru_utime + ru.ru_stime, 3),
        "broker_cpu_s": round(b1 - b0, 3) if b0 is not None and b1 is not None else -1,
        "e2e_ms": {k: s["latency_ms"][k] for k in pick},
        "ack_ms": {k: s["ack_latency_ms"][k] for k in pick},
        "errors": s["failed"] + s["lost"]}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
