#!/bin/bash
# The benchmark run behind `make bench`: machine limits, kaf against the
# librdkafka mock, Redis Streams and NATS JetStream side by side, broker
# resources, then one table of medians and ratios (tests/bench/report.py).
#
#   tests/bench/run.sh [--quick | --smoke] [--reps R] [--out FILE]
#
# Environment: O (build dir, holding kaf and tests/bench/{kbench,peerbench,
# limits}), KAF (the broker binary). Default output: docs/BENCHMARKS.md.
# --quick: the 5-cell subset, one repetition, smaller limits and resources
# (about a minute). --smoke: the same shapes with tiny counts and no peers,
# for the test suite; it checks the harness, not the broker's speed.
#
# Every server runs on 127.0.0.1 on an ephemeral port with its data in a
# scratch directory; each is stopped by its pid and the scratch directory
# removed on exit, whatever happens.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
O=$(cd "${O:-$top/build}" && pwd)
KAF=${KAF:-$O/kaf}
B=$O/tests/bench
mode=full
reps=3
out=$top/docs/BENCHMARKS.md
while [ $# -gt 0 ]; do
	case $1 in
	--quick) mode=quick; reps=1 ;;
	--smoke) mode=smoke; reps=1 ;;
	--reps) reps=$2; shift ;;
	--out) out=$2; shift ;;
	*) echo "usage: $0 [--quick|--smoke] [--reps R] [--out FILE]" >&2; exit 2 ;;
	esac
	shift
done
for p in "$KAF" "$B/kbench" "$B/peerbench" "$B/limits"; do
	[ -x "$p" ] || { echo "bench: $p is missing (make bench builds it)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kaf-bench.XXXXXX")
results=$work/results.jsonl
pids=
cleanup() {
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n "$(ulimit -Hn)" 2>/dev/null

say() { echo "bench: [${SECONDS}s] $*" >&2; }
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# emit SYS REP CELL COMMAND...: runs a client under a timeout and appends its
# JSON lines to the results, tagged; a failed client leaves an error line.
emit() {
	local sys=$1 rep=$2 cell=$3
	shift 3
	local o rc
	o=$(timeout 300 "$@" 2>"$work/client.err")
	rc=$?
	local tag="\"sys\":\"$sys\",\"rep\":$rep,\"cell\":\"$cell\""
	printf '%s\n' "$o" | sed -n "s/^{\\(.*\\)/{$tag,\\1/p" >>"$results"
	if [ $rc -ne 0 ]; then
		local why
		why=$(tail -1 "$work/client.err" | tr -d '"\\' | cut -c1-200)
		echo "{$tag,\"phase\":\"error\",\"error\":\"exit $rc: $why\"}" >>"$results"
		say "$sys $cell rep $rep failed: exit $rc: $why"
	fi
	return $rc
}

# ---- servers ----

# kaf_start DIR [PORT] [-X KEY=VALUE...]: sets kaf_pid and kaf_port.
kaf_start() {
	local dir=$1 p=${2:-0}
	shift 2
	mkdir -p "$dir"
	: >"$dir.log"
	"$KAF" server --listeners "PLAINTEXT://127.0.0.1:$p" --data-dir "$dir" "$@" >/dev/null 2>>"$dir.log" &
	kaf_pid=$!
	pids="$pids $kaf_pid"
	kaf_port=
	for _ in $(seq 200); do
		kaf_port=$(sed -n 's/.*started in .*listening on PLAINTEXT:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir.log" | head -1)
		[ -n "$kaf_port" ] && return 0
		kill -0 "$kaf_pid" 2>/dev/null || break
		sleep 0.05
	done
	say "kaf did not start: $(tail -3 "$dir.log")"
	return 1
}
stop() { # PID [SIGNAL]
	kill -"${2:-TERM}" "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
# Page-cache mode (Kafka's default): no fsync before the ack.
PAGECACHE="-X log.flush.interval.messages=9223372036854775807"

redis_start() {
	redis_port=$(free_port)
	mkdir -p "$work/redis"
	redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work/redis" --appendonly yes \
		--appendfsync everysec --save '' --daemonize no --logfile "$work/redis.log" &
	redis_pid=$!
	pids="$pids $redis_pid"
	for _ in $(seq 100); do
		redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && return 0
		sleep 0.05
	done
	return 1
}
nats_start() {
	nats_port=$(free_port)
	nats-server -js -a 127.0.0.1 -p "$nats_port" -sd "$work/nats" -l "$work/nats.log" &
	nats_pid=$!
	pids="$pids $nats_pid"
	for _ in $(seq 100); do
		grep -q 'Server is ready' "$work/nats.log" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# ---- the plan ----

case $mode in
full)
	cells=
	for s in 100 1024; do for p in 1 16 256; do for a in 0 1 all; do for z in none zstd; do
		cells="$cells $s:$p:$a:$z"
	done; done; done; done
	n100=1000000 n1k=200000 e2e_s=5 lim_mib=512 lim_reps=3 fsyncs=2000 iperf_s=3
	idle_n=1000 parts_n=1000 stored_mib=1024 peers=1 half_cap=100000000 dsmall=10000
	;;
quick)
	cells="100:1:1:none 100:16:1:none 1024:1:1:none 1024:16:1:none 1024:16:all:zstd"
	n100=300000 n1k=100000 e2e_s=3 lim_mib=128 lim_reps=1 fsyncs=1000 iperf_s=2
	idle_n=1000 parts_n=1000 stored_mib=256 peers=1 half_cap=100000000 dsmall=5000
	;;
smoke)
	cells="100:1:1:none 100:16:1:none 1024:1:1:none 1024:16:1:none 1024:16:all:zstd"
	n100=2000 n1k=1000 e2e_s=1 lim_mib=8 lim_reps=1 fsyncs=50 iperf_s=0
	idle_n=20 parts_n=20 stored_mib=4 peers=0 half_cap=20000 dsmall=200
	;;
esac
peer_n100=$n100 peer_n1k=$n1k

have_redis=0 have_nats=0
if [ $peers = 1 ]; then
	command -v redis-server >/dev/null && command -v redis-cli >/dev/null && have_redis=1
	command -v nats-server >/dev/null && have_nats=1
fi

# ---- environment ----

commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$top" diff --quiet HEAD -- 2>/dev/null || commit="$commit+dirty"
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo none; }
python3 - "$results" <<EOF
import json, sys
env = {"env": True, "mode": "$mode", "reps": $reps, "commit": "$commit",
       "date": "$(date -u +%Y-%m-%dT%H:%MZ)", "nproc": $(nproc), "cpu": """$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)""",
       "kernel": "$(uname -r)", "mem_gib": round($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1048576, 1),
       "librdkafka": "$(ver librdkafka-dev)", "redis": "$( [ $have_redis = 1 ] && ver redis-server || echo 'not run')",
       "nats": "$( [ $have_nats = 1 ] && ver nats-server || echo 'not run')",
       "iperf3": "$(command -v iperf3 >/dev/null && ver iperf3 || echo none)",
       "cells": "$cells".split(), "n100": $n100, "n1k": $n1k, "e2e_s": $e2e_s, "peers": $peers,
       "idle_n": $idle_n, "parts_n": $parts_n, "stored_mib": $stored_mib}
open(sys.argv[1], "a").write(json.dumps(env) + "\n")
EOF
if [ $peers = 1 ]; then
	[ $have_redis = 1 ] || echo '{"sys":"redis","phase":"missing"}' >>"$results"
	[ $have_nats = 1 ] || echo '{"sys":"nats","phase":"missing"}' >>"$results"
fi

# ---- limits ----

say "machine limits"
if [ "$iperf_s" -gt 0 ] && command -v iperf3 >/dev/null; then
	for r in $(seq "$lim_reps"); do
		ip=$(free_port)
		iperf3 -s -1 -B 127.0.0.1 -p "$ip" >/dev/null 2>&1 &
		ipid=$!
		pids="$pids $ipid"
		sleep 0.3
		bps=$(timeout 60 iperf3 -c 127.0.0.1 -p "$ip" -t "$iperf_s" -J 2>/dev/null |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])' 2>/dev/null)
		stop "$ipid"
		[ -n "$bps" ] && echo "{\"sys\":\"limits\",\"rep\":$r,\"probe\":\"tcp\",\"GB_per_s\":$(python3 -c "print(round($bps/8e9,3))")}" >>"$results"
	done
fi
for r in $(seq "$lim_reps"); do
	emit limits "$r" memcpy "$B/limits" memcpy 268435456 3
	emit limits "$r" sendfile "$B/limits" sendfile "$work/sendfile.tmp" "$lim_mib" 1048576
	emit limits "$r" syncwrite "$B/limits" syncwrite "$work" "$lim_mib" 1048576
	emit limits "$r" cachewrite "$B/limits" cachewrite "$work" "$lim_mib" 1048576
	emit limits "$r" fsync "$B/limits" fsync "$work" 16384 "$fsyncs"
done

# ---- workloads, interleaved per repetition ----

kaf_cell() { # REP CELL
	local rep=$1 cell=$2 s p a z n payload
	IFS=: read -r s p a z <<<"$cell"
	n=$n100
	[ "$s" = 1024 ] && n=$n1k
	payload=random
	[ "$z" = zstd ] && payload=text
	local dir=$work/kaf-$rep-${cell//:/-}
	kaf_start "$dir" 0 $PAGECACHE || { echo "{\"sys\":\"kaf\",\"rep\":$rep,\"cell\":\"$cell\",\"phase\":\"error\",\"error\":\"kaf did not start\"}" >>"$results"; return; }
	emit kaf "$rep" "$cell" "$B/kbench" --mode both -b "127.0.0.1:$kaf_port" -t bench -n "$n" -s "$s" \
		--partitions "$p" --acks "$a" --compression "$z" --payload "$payload" --pid "$kaf_pid"
	stop "$kaf_pid"
	rm -rf "$dir"
}

kaf_latency() { # REP: e2e at 10k rec/s, at half the max rate, and durable acks
	local rep=$1 dir=$work/kaf-lat-$rep max half
	kaf_start "$dir" 0 $PAGECACHE || return
	emit kaf "$rep" e2e-10k "$B/kbench" --mode e2e -b "127.0.0.1:$kaf_port" -t lat -s 100 --rate 10000 --linger-ms 0 \
		--seconds "$e2e_s" --pid "$kaf_pid"
	max=$(sed -n "s/.*\"sys\":\"kaf\",\"rep\":$rep,\"cell\":\"100:1:1:none\",\"phase\":\"produce\".*\"rec_per_s\":\([0-9]*\).*/\1/p" "$results" | head -1)
	if [ -n "$max" ] && [ "$max" -gt 2000 ]; then
		half=$((max / 2))
		[ "$half" -gt "$half_cap" ] && half=$half_cap
		emit kaf "$rep" e2e-half "$B/kbench" --mode e2e -b "127.0.0.1:$kaf_port" -t half -s 100 --rate "$half" --linger-ms 1 \
			--seconds "$e2e_s" --pid "$kaf_pid"
		# The same with our own client: what of the latency is librdkafka's.
		emit kaf "$rep" e2e-half-kaf python3 "$top/tests/bench/perf_e2e.py" "$KAF" "$kaf_port" halfk "$half" "$e2e_s" 1 \
			"$kaf_pid"
	fi
	stop "$kaf_pid"
	rm -rf "$dir"
	# Durable mode: fsync before every ack (kaf's default flush policy).
	kaf_start "$dir" 0 || return
	local n=$n1k
	# The disk is shared and its rate drifts: measure SYNC1M again right before the durable run.
	emit limits "$rep" sync-beside "$B/limits" syncwrite "$work" "$lim_mib" 1048576
	emit kaf "$rep" durable "$B/kbench" --mode produce -b "127.0.0.1:$kaf_port" -t dur -n "$n" -s 1024 \
		--partitions 16 --acks all --pid "$kaf_pid"
	# Small batches (one record each) from 16 partitions: what group commit buys.
	emit kaf "$rep" durable-small "$B/kbench" --mode produce -b "127.0.0.1:$kaf_port" -t dursmall -n "$dsmall" \
		-s 100 --partitions 16 --acks all --linger-ms 0 --batch-messages 1 --pid "$kaf_pid"
	emit kaf "$rep" durable-e2e "$B/kbench" --mode e2e -b "127.0.0.1:$kaf_port" -t durlat -s 100 --rate 1000 --linger-ms 0 \
		--seconds "$e2e_s" --acks all --pid "$kaf_pid"
	stop "$kaf_pid"
	rm -rf "$dir"
}

mock_cells() { # REP
	local rep=$1
	emit mock "$rep" 100:1:1:none "$B/kbench" --mock --mode produce -t m1 -n "$n100" -s 100
	emit mock "$rep" 1024:1:1:none "$B/kbench" --mock --mode produce -t m2 -n "$n1k" -s 1024
	[ $mode = full ] && emit mock "$rep" 100:16:1:none "$B/kbench" --mock --mode produce -t m3 -n "$n100" -s 100 --partitions 16
}

peer_cells() { # PEER REP DEPTH: the same cells for Redis and NATS, each over its own protocol
	local peer=$1 rep=$2 depth=$3 s n port=${1}_port pid=${1}_pid
	"${peer}_start" || { say "$peer did not start"; return; }
	port=${!port} pid=${!pid}
	# Memory per idle connection on the fresh server, before any data.
	[ "$rep" = 1 ] && emit "$peer" 1 idle "$B/peerbench" "$peer" idle -p "$port" -n "$idle_n" --pid "$pid"
	for s in 100 1024; do
		n=$peer_n100
		[ $s = 1024 ] && n=$peer_n1k
		emit "$peer" "$rep" "$s:1:1:none" "$B/peerbench" "$peer" produce -p "$port" -n "$n" -s "$s" \
			--depth "$depth" --key "s$s" --pid "$pid"
		emit "$peer" "$rep" "$s:1:1:none" "$B/peerbench" "$peer" consume -p "$port" -n "$n" -s "$s" \
			--key "s$s" --pid "$pid"
	done
	emit "$peer" "$rep" e2e-10k "$B/peerbench" "$peer" e2e -p "$port" -s 100 --rate 10000 --seconds "$e2e_s" \
		--key lat --pid "$pid"
	stop "$pid"
	rm -rf "$work/$peer" "$work/$peer.log"
}

for rep in $(seq "$reps"); do
	say "repetition $rep of $reps: kaf"
	for cell in $cells; do
		kaf_cell "$rep" "$cell"
	done
	kaf_latency "$rep"
	say "repetition $rep of $reps: librdkafka mock"
	mock_cells "$rep"
	if [ $have_redis = 1 ]; then say "repetition $rep of $reps: redis"; peer_cells redis "$rep" 1000; fi
	if [ $have_nats = 1 ]; then say "repetition $rep of $reps: nats"; peer_cells nats "$rep" 4096; fi
done

# ---- resources ----

say "resources"
res() { echo "{\"sys\":\"kaf\",\"rep\":1,\"cell\":\"resources\",$1}" >>"$results"; }
dir=$work/kaf-res
if kaf_start "$dir" 0 $PAGECACHE; then
	emit kaf 1 resources "$B/kbench" --mode idle -b "127.0.0.1:$kaf_port" -n "$idle_n" --pid "$kaf_pid"
	stop "$kaf_pid"
fi
rm -rf "$dir"
if kaf_start "$dir" 0 $PAGECACHE; then
	emit kaf 1 resources "$B/kbench" --mode partitions -b "127.0.0.1:$kaf_port" -t parts -p "$parts_n" --pid "$kaf_pid"
	stop "$kaf_pid"
fi
rm -rf "$dir"
port=$(free_port)
if kaf_start "$dir" "$port" $PAGECACHE; then
	sleep 0.3
	rss0=$(awk '/VmRSS/ {print $2}' "/proc/$kaf_pid/status")
	emit kaf 1 stored "$B/kbench" --mode produce -b "127.0.0.1:$port" -t stored -n $((stored_mib * 1024)) \
		-s 1024 --partitions 16 --pid "$kaf_pid"
	sleep 0.5
	rss1=$(awk '/VmRSS/ {print $2}' "/proc/$kaf_pid/status")
	bytes=$((stored_mib * 1024 * 1024))
	res "\"phase\":\"stored\",\"stored_bytes\":$bytes,\"rss_empty_kb\":$rss0,\"rss_stored_kb\":$rss1"
	# Restart timings: from exec to the first ApiVersions + Metadata answer.
	restart() { # KIND SIGNAL
		stop "$kaf_pid" "$2"
		local t0 t1 w
		: >"$dir.log"
		t0=$(date +%s%N)
		"$KAF" server --listeners "PLAINTEXT://127.0.0.1:$port" --data-dir "$dir" $PAGECACHE \
			>/dev/null 2>>"$dir.log" &
		kaf_pid=$!
		pids="$pids $kaf_pid"
		w=$(timeout 120 "$B/kbench" --mode ready -b "127.0.0.1:$port" --timeout-ms 100000 | sed -n 's/.*"wait_s":\([-0-9.]*\).*/\1/p')
		t1=$(date +%s%N)
		local startup
		startup=$(grep 'started in' "$dir.log" | tail -1 | sed -n 's/.*started in \([0-9]*\) ms.*/\1/p')
		[ -n "$w" ] && [ "$w" != -1 ] &&
			res "\"phase\":\"restart\",\"kind\":\"$1\",\"seconds\":$(python3 -c "print(($t1 - $t0) / 1e9)"),\"self_ms\":${startup:-null},\"stored_bytes\":$bytes,\"log\":\"$(grep 'started in' "$dir.log" | tail -1 | sed 's/.*started in/started in/' | tr -d '"\\')\""
	}
	for r in 1 2 3; do restart clean TERM; done
	# Page-cache mode never moved the recovery point, so the first SIGKILL
	# restart re-validates every stored batch.
	restart kill9 KILL
	stop "$kaf_pid"
fi
rm -rf "$dir" "$dir.log"

say "report"
python3 "$top/tests/bench/report.py" "$results" "$out"
rc=$?
[ -n "${BENCH_KEEP:-}" ] && cp "$results" "$BENCH_KEEP"
exit $rc
