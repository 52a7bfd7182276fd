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
