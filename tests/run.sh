#!/bin/sh
# Runs the whole suite against the build in $O: unit test programs, fuzz
# corpus replays and integration scripts. Every program speaks TAP ("ok" /
# "not ok" lines); a program that exits non-zero without a failing line
# counts as one failure. Ends with "N passed, N failed".
O=${O:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
O=$(cd "$O" && pwd)
KAF=$O/kaf
export O KAF
log=$O/test-logs
rm -rf "$log"
mkdir -p "$log"
passed=0
failed=0
failures=

run_one() { # name command...
	name=$1
	shift
	out=$log/$(echo "$name" | tr '/ ' '__').log
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$out"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures $name"
		echo "FAIL $name ($p passed, $f failed)"
		grep -A3 '^not ok' "$out" | head -40 | sed 's/^/    /'
	else
		echo "ok   $name ($p passed)"
	fi
}

for t in $(cd "$O" && find tests/unit -type f -perm -u+x 2>/dev/null | sort); do
	run_one "$t" "$O/$t"
done

for r in $(find "$O/tests/fuzz" -name 'replay-*' -type f 2>/dev/null | sort); do
	n=${r##*/replay-}
	run_one "fuzz/$n" "$r" "$top/tests/fuzz/corpus/$n"
done

for t in $(find "$top/tests/integration" -name '[0-9]*' -type f 2>/dev/null | sort); do
	case $t in
	*.sh) run_one "integration/${t##*/}" sh "$t" ;;
	*.py) run_one "integration/${t##*/}" /usr/bin/python3 "$t" ;;
	*.js) run_one "integration/${t##*/}" node "$t" ;;
	esac
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
