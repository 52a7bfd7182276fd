#!/bin/sh
# The command line as a user meets it: kaf's help, version and command list,
# kaf-X links, unknown commands and usage errors with their exit codes,
# commands not in this version, the stdout checks (full disk, closed pipe),
# the generated completions against the committed ones, and the man pages
# (mandoc lint, and every option in both the table and the page).
. "$(dirname "$0")/lib.sh"

# run ARGS...: stdout to $tmp/out, stderr to $tmp/err, status in $rc
run() {
	"$KAF" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
empty() { [ ! -s "$tmp/$1" ] || { echo "#   $1 is not empty:"; show "$tmp/$1"; return 1; }; }
max_width() { awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"; }

version=$(cat "$top/VERSION")
cmds=$("$KAF" --list-cmds)

# ---- kaf's own options ----

run --help
expect "--help exits 0 with the usage line" 0 '^Usage: kaf \[options\] COMMAND'
check "--help writes nothing on stderr" empty err
missing=
for c in $cmds; do grep -q "^  $c " "$tmp/out" || missing="$missing $c"; done
check "--help lists every command of --list-cmds${missing:+ (missing:$missing)}" [ -z "$missing" ]
check "--help lists the global options" grep -q -- '-q, --quiet' "$tmp/out"
check "--help fits 80 columns" [ "$(max_width "$tmp/out")" -le 80 ]
cp "$tmp/out" "$tmp/help"
run -h
check "-h prints the same as --help" cmp -s "$tmp/out" "$tmp/help"
run help
check "'kaf help' prints the same as --help" cmp -s "$tmp/out" "$tmp/help"

run
expect "no arguments: exit 2" 2
check "no arguments: nothing on stdout" empty out
check "no arguments: the help on stderr" cmp -s "$tmp/err" "$tmp/help"

want_version="^kaf $version( \\((gzip|snappy|lz4|zstd)( (gzip|snappy|lz4|zstd))*\\))?\$"
for v in --version -V version; do
	run $v
	expect "$v exits 0" 0
	check "$v prints 'kaf $version (codecs)'" grep -Eq "$want_version" "$tmp/out"
done
codecs=$(sed -n 's/^kaf [^ ]* (\(.*\))$/\1/p' "$tmp/out")
if [ -n "$codecs" ]; then
	check "the codecs listed are gzip snappy lz4 zstd ($codecs)" [ "$codecs" = "gzip snappy lz4 zstd" ]
elif [ -f "$top/core/record/codec.c" ]; then
	fail "the codec layer is in the tree but --version lists no codecs (is codec.o linked?)"
else
	skip "codecs in --version" "no codec layer in this tree"
fi

run --list-cmds
expect "--list-cmds exits 0" 0 '^server$'
for c in server topics produce consume groups dump-log; do
	check "--list-cmds lists $c" grep -qx "$c" "$tmp/out"
done
check "--list-cmds leaves out meta commands and aliases" \
	sh -c '! grep -Eqx "help|version|completion|__options|topic|group" "$1"' sh "$tmp/out"

run --nope
expect "unknown kaf option: exit 2" 2 '' "^kaf: error: unknown option '--nope'"
check "unknown kaf option: usage and hint" grep -q "^Try 'kaf --help'.\$" "$tmp/err"
run --lsit-cmds
expect "kaf option misspelt: did you mean" 2 '' "did you mean '--list-cmds'?"

# ---- unknown commands ----

run topc
expect "unknown command: exit 2" 2
check "unknown command: one line with the hint" \
	[ "$(cat "$tmp/err")" = "kaf: 'topc' is not a kaf command; did you mean 'topics'?" ]
check "unknown command: nothing on stdout" empty out
run xyzzy
expect "unknown command far from any: exit 2, no hint" 2 '' "^kaf: 'xyzzy' is not a kaf command; see 'kaf --help'\$"
run help xyzzy
expect "'kaf help' of an unknown command: exit 2" 2 '' "is not a kaf command"

# ---- links: kaf-X ----

for c in server nope topic; do ln -s "$KAF" "$tmp/kaf-$c"; done
"$tmp/kaf-server" --help >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "kaf-server link runs 'kaf server'" 0 '^Usage: kaf server '
"$tmp/kaf-nope" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "kaf-nope link: exit 127" 127 '' "^kaf: 'nope' is not a kaf command"
"$tmp/kaf-topic" --help >"$tmp/out" 2>"$tmp/err"
rc=$?
cp "$tmp/out" "$tmp/link.out"
cp "$tmp/err" "$tmp/link.err"
link_rc=$rc
run topics --help
check "kaf-topic link (alias) behaves as 'kaf topics'" \
	sh -c '[ "$1" = "$2" ] && cmp -s "$3/out" "$3/link.out" && cmp -s "$3/err" "$3/link.err"' \
	sh "$rc" "$link_rc" "$tmp"
run group --help
rc_alias=$rc
run groups --help
check "'kaf group' is 'kaf groups'" [ "$rc_alias" = "$rc" ]

# ---- every command: help, or "not implemented yet" ----

not_yet=$(sed -n 's/^Not implemented yet in this version: \(.*\)\.$/\1/p' "$tmp/help" | tr -d ,)
for c in $cmds; do
	run "$c" --help
	case " $not_yet " in
	*" $c "*)
		expect "$c: not implemented yet, exit 1" 1 '' \
			"^kaf $c: error: not implemented yet in this version (kaf $version)\$"
		run "$c"
		expect "$c without arguments: also exit 1" 1
		run help "$c"
		expect "kaf help $c: exit 1 too" 1 '' 'not implemented yet'
		;;
	*)
		expect "$c --help exits 0" 0 "^Usage: kaf $c"
		check "$c --help fits 80 columns" [ "$(max_width "$tmp/out")" -le 80 ]
		check "$c --help ends with the man page pointer" \
			sh -c 'tail -1 "$1" | grep -q "^See .man kaf"' sh "$tmp/out"
		cp "$tmp/out" "$tmp/cmdhelp"
		run help "$c"
		check "kaf help $c is $c --help" cmp -s "$tmp/out" "$tmp/cmdhelp"
		run "$c" -h
		expect "$c -h exits 0" 0 "^Usage: kaf $c"
		check "$c -h is shorter than --help" [ "$(wc -l <"$tmp/out")" -lt "$(wc -l <"$tmp/cmdhelp")" ]
		run "$c" --no-such-option
		expect "$c with an unknown option: exit 2" 2 '' "^kaf $c: error: unknown option '--no-such-option'"
		check "$c usage error: error, usage line, hint" \
			sh -c '[ "$(wc -l <"$1")" -eq 3 ] && sed -n 3p "$1" | grep -q "^Try .kaf $2 --help.\.$"' \
			sh "$tmp/err" "$c"
		;;
	esac
done

# ---- options through a real command (kaf server's table) ----

run server --help
check "server help shows a default" grep -q '\[default: ./data\]' "$tmp/out"
run server -h
check "server -h has no descriptions" sh -c '! grep -q "default:" "$1"' sh "$tmp/out"
run server --nod-id 3
expect "misspelt option: did you mean" 2 '' "unknown option '--nod-id'; did you mean '--node-id'?"
run server --node-id x
expect "bad integer: exit 2" 2 '' "invalid value 'x' for --node-id"
run server --node-id=-1
expect "integer out of range: exit 2" 2 '' "an integer from 0 to 2147483647"
run server --log-level verbose
expect "bad enum value: exit 2 with the choices" 2 '' "one of: error|warn|info|debug|trace"
run server --listeners
expect "missing value: exit 2" 2 '' "option '--listeners' needs a value"
run server --check=yes
expect "value given to a flag: exit 2" 2 '' "option '--check' takes no value"
run server a.properties b.properties
expect "extra operand: exit 2" 2 '' "unexpected operand 'b.properties'"
run server --config a.properties b.properties
expect "config file twice: exit 2" 2 '' "give the config file once"
printf 'num.partitions=3\n' >"$tmp/my.properties"
run server -qX log.dirs=/srv/k --node-id=5 --print-config --listeners PLAINTEXT://127.0.0.1:19092 "$tmp/my.properties"
expect "server --print-config: exit 0" 0
check "bundled -qX k=v, options after the operand and the file all applied" sh -c '
	grep -qx "log.dirs=/srv/k" "$1" && grep -qx "node.id=5" "$1" &&
	grep -qx "listeners=PLAINTEXT://127.0.0.1:19092" "$1" && grep -qx "num.partitions=3" "$1"' \
	sh "$tmp/out"
run server --data-dir=/a --print-config -- --odd-name
expect "-- ends options: --odd-name is the config file" 2 '' "^kaf server: error: --odd-name: cannot open"
run server --override novalue
expect "handler refusal: exit 2" 2 '' "--override wants KEY=VALUE"
run server --no-check --check
expect "--no-FOO accepted for a flag" 0 '' "configuration is valid"
run server --color=sometimes
expect "bad global option value inside a command: exit 2" 2 '' "invalid value 'sometimes' for --color"
run -d nope server
expect "bad --debug context before the command: exit 2" 2 '' "^kaf: error: invalid value 'nope' for --debug"
KAF_DEBUG=bogus "$KAF" --version >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "a bad KAF_DEBUG is ignored" 0 "^kaf $version"
run server --color=always --nope
check "--color=always colours the error prefix" grep -q "$(printf '\033')\[1;31merror:" "$tmp/err"
run server --nope
check "no colour off a terminal" sh -c '! grep -q "$(printf "\033")" "$1"' sh "$tmp/err"

# ---- stdout: full disk, reader gone ----

if [ -w /dev/full ]; then
	"$KAF" --help >/dev/full 2>"$tmp/err"
	rc=$?
	expect "--help > /dev/full: exit 1" 1 '' "^kaf: error: cannot write to standard output: No space left on device"
	"$KAF" server --help >/dev/full 2>"$tmp/err"
	rc=$?
	expect "a command's output to /dev/full: exit 1" 1 '' "cannot write to standard output"
	"$KAF" completion bash >/dev/full 2>"$tmp/err"
	rc=$?
	expect "output larger than a buffer to /dev/full: exit 1" 1 '' "cannot write to standard output"
else
	skip "writes to /dev/full" "no /dev/full"
fi

{ "$KAF" --list-cmds 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -1 >"$tmp/out"
check "--list-cmds | head -1: exit 0" [ "$(cat "$tmp/rc")" = 0 ]
check "--list-cmds | head -1: nothing on stderr" empty err
check "--list-cmds | head -1: the first command" [ "$(cat "$tmp/out")" = server ]
# A reader that is gone before kaf writes anything: EPIPE every time.
for args in "--help" "completion fish"; do
	/usr/bin/python3 - "$KAF" $args >"$tmp/out" 2>&1 <<'EOF'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
print(p.returncode, repr(p.stderr.decode()))
EOF
	check "kaf $args into a closed pipe: exit 0, quiet" [ "$(cat "$tmp/out")" = "0 ''" ] || show "$tmp/out"
done

# ---- completions ----

for f in kaf.bash:bash _kaf:zsh kaf.fish:fish; do
	file=${f%%:*}
	sh_=${f##*:}
	run completion "$sh_"
	expect "kaf completion $sh_ exits 0" 0
	if cmp -s "$tmp/out" "$top/completions/$file"; then
		pass "completions/$file is what 'kaf completion $sh_' prints"
	else
		fail "completions/$file is what 'kaf completion $sh_' prints (run 'make completions')"
		diff "$top/completions/$file" "$tmp/out" | head -20 | sed 's/^/#   /'
	fi
done
run completion tcsh
expect "completion for an unknown shell: exit 2" 2 '' "unknown shell 'tcsh'"
check "bash -n completions/kaf.bash" bash -n "$top/completions/kaf.bash"
if command -v zsh >/dev/null 2>&1; then
	check "zsh -n completions/_kaf" zsh -n "$top/completions/_kaf"
else
	skip "zsh -n completions/_kaf" "zsh not installed"
fi
if command -v fish >/dev/null 2>&1; then
	check "fish -n completions/kaf.fish" fish -n "$top/completions/kaf.fish"
else
	skip "fish -n completions/kaf.fish" "fish not installed"
fi

# What bash offers: words of a command line -> candidates.
bash_complete() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kaf
		printf "%s\n" "${COMPREPLY[@]}"' sh "$top/completions/kaf.bash" "$@" | sort | tr '\n' ' '
}
mkdir "$tmp/d" && touch "$tmp/d/seg.log"
for case in "kaf se|server " "kaf completion |bash fish zsh " "kaf help du|dump-log " \
	"kaf server --log-level |debug error info trace warn " \
	"kaf server --log-level = w|warn " "kaf -d fetch server --no|--node-id " \
	"kaf topic --col|--color " "kaf --color |always auto never " \
	"kaf server $tmp/d/s|$tmp/d/seg.log " "kaf server --data-dir $tmp/|$tmp/d "; do
	words=${case%%|*}
	want=${case#*|}
	# shellcheck disable=SC2086
	case $words in
	*" ") got=$(bash_complete ${words%" "} "") ;;
	*) got=$(bash_complete $words) ;;
	esac
	check "bash completes '$words' to '$want'" [ "$got" = "$want" ] || echo "#   got '$got'"
done
if command -v fish >/dev/null 2>&1; then
	got=$(fish -c "source $top/completions/kaf.fish; complete -C 'kaf server --log-level '" |
		cut -f1 | sort | tr '\n' ' ')
	check "fish completes the values of --log-level" [ "$got" = "debug error info trace warn " ] ||
		echo "#   got '$got'"
	got=$(fish -c "source $top/completions/kaf.fish; complete -C 'kaf -q completion '" | cut -f1 | sort | tr '\n' ' ')
	check "fish completes subcommands after a global option" [ "$got" = "bash fish zsh " ] ||
		echo "#   got '$got'"
else
	skip "fish completes" "fish not installed"
fi

# ---- man pages ----

# Long options a page mentions: font escapes dropped, \- made -, italic
# placeholders cut off (so "--no-\fIoption" is not an option), mdoc's Fl
# given back its dash.
page_opts() {
	sed -e 's/\\f[IB]I/@/g; s/\\fI/@/g; s/\\f[BRP]//g; s/\\f(..//g; s/\\f\[[^]]*\]//g' \
		-e 's/\\-/-/g; s/\\(hy/-/g' -e 's/\(^\|[ .]\)Fl -/\1Fl --/g' "$1" |
		grep -o -- '--[a-z0-9][a-z0-9.-]*' | sed 's/\.*$//' | grep -v -- '-$' | sort -u
}
run __options
expect "kaf __options lists kaf's own and the global options" 0 '^--list-cmds$'
cp "$tmp/out" "$tmp/global.opts"
run __options kaf
check "kaf __options kaf is kaf __options" cmp -s "$tmp/out" "$tmp/global.opts"
run __options server
expect "kaf __options server: one long option per line" 0 '^--data-dir$'
check "kaf __options: every line is one long option" sh -c '! grep -qv "^--[a-z0-9][a-z0-9.-]*$" "$1"' sh "$tmp/out"
all_opts="$tmp/all.opts"
sort -u "$tmp/global.opts" >"$all_opts"
for c in $cmds; do "$KAF" __options "$c" 2>/dev/null; done | sort -u >>"$all_opts"
sort -u -o "$all_opts" "$all_opts"

# man_check PAGE TABLE-FILE ALLOWED-FILE: both directions, one line each.
man_check() {
	sort -u "$2" >"$tmp/table"
	page_opts "$1" >"$tmp/page"
	missing=$(comm -23 "$tmp/table" "$tmp/page" | tr '\n' ' ')
	check "${1##*/} documents every option of its table${missing:+ (missing: $missing)}" [ -z "$missing" ]
	{
		cat "$3" "$tmp/global.opts"
		echo --help
		sed -n 's/^--/--no-/p' "$3"
	} | sort -u >"$tmp/allowed"
	extra=$(comm -13 "$tmp/allowed" "$tmp/page" | tr '\n' ' ')
	check "${1##*/} names no option its command lacks${extra:+ (unknown: $extra)}" [ -z "$extra" ]
}

if command -v mandoc >/dev/null 2>&1; then
	for page in "$top"/man/*.[158]; do
		[ -f "$page" ] || continue
		if mandoc -Tlint -W warning "$page" >"$tmp/lint" 2>&1; then
			pass "mandoc -Tlint -W warning ${page##*/}"
		else
			fail "mandoc -Tlint -W warning ${page##*/}"
			show "$tmp/lint"
		fi
	done
else
	fail "mandoc is not installed (make test-deps installs it)"
fi
check "man/kaf.1 exists" [ -f "$top/man/kaf.1" ]
check "man/kaf-server.8 exists" [ -f "$top/man/kaf-server.8" ]
man_check "$top/man/kaf.1" "$tmp/global.opts" "$all_opts"
missing=
for c in $cmds; do
	grep -q "^\.B $(echo "$c" | sed 's/-/\\\\-/g')\$" "$top/man/kaf.1" || missing="$missing $c"
done
check "kaf.1 describes every command${missing:+ (missing:$missing)}" [ -z "$missing" ]
for page in "$top"/man/kaf-*.[18]; do
	[ -f "$page" ] || continue
	c=${page##*/kaf-}
	c=${c%.*}
	if ! "$KAF" __options "$c" >"$tmp/cmd.opts" 2>"$tmp/err"; then
		if grep -q "has no option table" "$tmp/err"; then
			skip "${page##*/} against its option table" "'$c' has no table in this build"
		else
			fail "${page##*/} names a command kaf has ('$c')"
		fi
		continue
	fi
	man_check "$page" "$tmp/cmd.opts" "$tmp/cmd.opts"
done

echo "# $n tests, $failed failed"
[ "$failed" -eq 0 ]
