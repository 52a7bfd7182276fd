# Shared helpers of the shell integration tests: TAP lines and a temp dir.
# Source it first; it sets $KAF (absolute), $top (the source tree) and $tmp
# (removed on exit), and counts checks in $n and failures in $failed.
KAF=${KAF:-build/kaf}
KAF=$(cd "$(dirname "$KAF")" && pwd)/${KAF##*/}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { # description command... (passes when the command succeeds)
	d=$1
	shift
	if "$@"; then pass "$d"; else fail "$d"; return 1; fi
}
show() { sed 's/^/#   /' "$@"; }
finish() { [ "$failed" -eq 0 ]; }

# Turn the "ok - ..." / "not ok - ..." lines a helper program wrote into FILE
# into numbered checks; every other line is shown as a comment.
tap_from() {
	while IFS= read -r l; do
		case $l in
		"ok - "*) pass "${l#ok - }" ;;
		"not ok - "*) fail "${l#not ok - }" ;;
		*) echo "# $l" ;;
		esac
	done <"$1"
}

# expect DESCRIPTION WANT-STATUS [STDOUT-GREP [STDERR-GREP]]: one check of the
# last command's status ($rc) and of what it wrote to $tmp/out and $tmp/err.
expect() {
	ok=1
	[ "$rc" -eq "$2" ] || { ok=0; echo "#   status $rc, want $2"; show "$tmp/err"; }
	if [ -n "${3-}" ] && ! grep -q -e "$3" "$tmp/out"; then ok=0; echo "#   stdout lacks: $3"; show "$tmp/out"; fi
	if [ -n "${4-}" ] && ! grep -q -e "$4" "$tmp/err"; then ok=0; echo "#   stderr lacks: $4"; show "$tmp/err"; fi
	if [ $ok = 1 ]; then pass "$1"; else fail "$1"; fi
}

# json EXPR: whether a python expression over the json document in $tmp/out (as d) holds.
json() {
	/usr/bin/python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval("(" + sys.argv[2] + ")") else 1)' \
		"$tmp/out" "$1" 2>&1 || { show "$tmp/out"; return 1; }
}
