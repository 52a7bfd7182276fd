#!/bin/sh
# `make install` into a scratch prefix: the binary, a kaf-<command> link for
# every command, the man pages and the three completion scripts, and that
# the installed links dispatch.
. "$(dirname "$0")/lib.sh"

prefix=$tmp/prefix
O=${O:-$top/build}
if make -s -C "$top" O="$O" PREFIX="$prefix" install >"$tmp/log" 2>&1; then
	pass "make install PREFIX=... succeeds"
else
	fail "make install PREFIX=... succeeds"
	show "$tmp/log"
fi
check "binary installed and executable" test -x "$prefix/bin/kaf"
missing=
for c in $("$KAF" --list-cmds); do
	[ -L "$prefix/bin/kaf-$c" ] || missing="$missing $c"
done
check "a kaf-<command> link for every command${missing:+ (missing:$missing)}" test -z "$missing"
out=$("$prefix/bin/kaf-dump-log" --help 2>&1)
check "an installed link dispatches to its command" sh -c 'case "$1" in *"kaf dump-log"*) ;; *) exit 1;; esac' - "$out"
pages=0
for m in "$top"/man/*.[158]; do
	[ -f "$m" ] || continue
	sec=${m##*.}
	[ -f "$prefix/share/man/man$sec/${m##*/}" ] && pages=$((pages + 1))
done
check "every man page installed ($pages)" test "$pages" -gt 0 -a "$pages" -eq "$(ls "$top"/man/*.[158] | wc -l)"
check "bash completion installed" test -s "$prefix/share/bash-completion/completions/kaf"
check "zsh completion installed" test -s "$prefix/share/zsh/vendor-completions/_kaf"
check "fish completion installed" test -s "$prefix/share/fish/vendor_completions.d/kaf.fish"
finish
