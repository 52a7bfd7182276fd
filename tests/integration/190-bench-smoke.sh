#!/bin/sh
# `make bench` end to end in its smoke form: tiny record counts, no peers, the
# table written to a scratch file instead of docs/. Checks that the harness
# runs every phase against a real broker and reports a complete table (and
# that it reports an incomplete one as such); no timing is judged here.
. "$(dirname "$0")/lib.sh"
O=${O:-build}

# The load generator links librdkafka, installed by the bench-deps step; the
# tools are built without sanitizers so that only the broker runs under them.
if ! env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$top" --no-print-directory O="$O" \
	SANITIZE= CFLAGS="-O2 -g" bench-tools >"$tmp/make.log" 2>&1; then
	show "$tmp/make.log"
	skip "bench smoke run" "the benchmark tools do not build (librdkafka-dev not installable?)"
	finish
	exit
fi

md=$tmp/BENCH.md
O=$O KAF=$KAF BENCH_KEEP=$tmp/results.jsonl bash "$top/tests/bench/run.sh" --smoke --out "$md" \
	>"$tmp/run.out" 2>"$tmp/run.err"
rc=$?
check "the smoke run exits 0" [ "$rc" -eq 0 ] || { show "$tmp/run.err"; tail -20 "$tmp/run.out" | show; }
for h in "## Machine limits" "## kaf throughput matrix" "## Side by side" "## Latency" "## Resources" \
	"## Goals of the performance plan"; do
	check "the table has a section $h" grep -q "^$h" "$md"
done
check "the table names the commit and the machine" grep -q '^- machine: [0-9]* CPUs' "$md"
check "no section lists missing rows or failed clients" sh -c "! grep -q '^## Incomplete' '$md'"
cells=$(grep -c '^| \(100 B\|1 KiB\) | [0-9]* | [01a-z]* | [a-z]* | [0-9,]* | ' "$md")
check "all 5 matrix cells have produce figures ($cells)" [ "$cells" -eq 5 ]
check "every cell has consume figures" sh -c "! grep '^| \(100 B\|1 KiB\) | [0-9]* | ' '$md' | grep -q '| - | - |'"
for g in G1 G2 G3 G5 G7 G8 G10 G11 G12 G13 G14 G15 G16 G17 G18 G19 G20 G21; do
	check "goal $g is in the table" grep -q "^| $g | " "$md"
done
check "the resource rows are there" sh -c "grep -q 'RSS per idle connection' '$md' && grep -q 'kill -9' '$md'"
check "docs/BENCHMARKS.md was not touched" sh -c "! grep -q '$tmp' '$top/docs/BENCHMARKS.md' 2>/dev/null"

# A run that lost a row must say so and fail.
if [ -f "$tmp/results.jsonl" ]; then
	grep -v '"cell":"1024:16:1:none","phase":"consume"' "$tmp/results.jsonl" >"$tmp/cut.jsonl"
	python3 "$top/tests/bench/report.py" "$tmp/cut.jsonl" "$tmp/cut.md" >/dev/null
	rc=$?
	check "a run missing a consume row exits non-zero" [ "$rc" -ne 0 ]
	check "and lists the row as missing" grep -q '^- missing: kaf 1024:16:1:none consume' "$tmp/cut.md"
else
	fail "the run kept its results for inspection"
fi
finish
