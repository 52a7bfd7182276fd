#!/bin/sh
# Where the client tools find their brokers: the client config file with
# profiles, -F property files, -X, KAF_BROKERS and -b, in their order of
# precedence (a lower source naming a dead port must lose to a higher one
# naming the live broker), and the refusals: an unknown profile, a missing
# named file, TLS/SASL properties (exit 2 each, nothing sent).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"

start_server || { fail "broker starts"; cat "$tmp/server.log"; exit 1; }
dead=127.0.0.1:$(free_port)
unset KAF_BROKERS KAF_PROFILE KAF_CONFIG KAF_CLIENT_ID
export HOME="$tmp/home" XDG_CONFIG_HOME=
mkdir -p "$HOME/.config/kaf"

run() { # expected-status description args... (stdout/stderr kept in $tmp)
	want=$1 d=$2
	shift 2
	"$KAF" topics list --timeout 1s "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq "$want" ]; then pass "$d"; else fail "$d (status $rc, want $want)"; show "$tmp/err"; fi
}

"$KAF" topics create cfg-probe -b "$bootstrap" >/dev/null 2>&1

cat >"$HOME/.config/kaf/kaf.conf" <<CONF
# the default profile names the live broker
default = live
client.id = from-global

[live]
bootstrap.servers = $bootstrap

[dead]
bootstrap.servers = $dead
CONF
run 0 "the default profile of ~/.config/kaf/kaf.conf is used"
check "... and lists the topic" grep -qx 'cfg-probe.*' "$tmp/out"
run 4 "--profile picks another section" --profile dead
KAF_PROFILE=dead run 4 "KAF_PROFILE picks the section"
run 0 "-b beats the profile" --profile dead -b "$bootstrap"
KAF_BROKERS=$bootstrap run 0 "KAF_BROKERS beats the profile" --profile dead
KAF_BROKERS=$dead run 0 "-X bootstrap.servers beats KAF_BROKERS" -X "bootstrap.servers=$bootstrap"
run 2 "an unknown profile: exit 2" --profile nope
check "... saying which" grep -q "no profile \[nope\]" "$tmp/err"

printf 'bootstrap.servers=%s\n' "$bootstrap" >"$tmp/client.properties"
run 0 "-F file beats the profile" --profile dead -F "$tmp/client.properties"
KAF_BROKERS=$dead run 4 "KAF_BROKERS beats the -F file" -F "$tmp/client.properties"
run 2 "a missing -F file: exit 2" -F "$tmp/nope.properties"
printf 'security.protocol=SASL_SSL\n' >"$tmp/sasl.properties"
run 2 "security.protocol other than PLAINTEXT: exit 2" -F "$tmp/sasl.properties"
check "... saying it is not supported" grep -q "only PLAINTEXT" "$tmp/err"
run 2 "a sasl.* property: exit 2" -X sasl.username=u
run 0 "an unknown property only warns" -X linger.ms=5
check "... with a warning" grep -q "ignoring unknown client property 'linger.ms'" "$tmp/err"

mv "$HOME/.config/kaf/kaf.conf" "$tmp/other.conf"
run 4 "without a config file the default 127.0.0.1:9092 or KAF_BROKERS is used" -b "$dead"
run 0 "--config-file names the file" --config-file "$tmp/other.conf"
KAF_CONFIG=$tmp/other.conf run 0 "KAF_CONFIG names the file"
run 2 "a named config file that is missing: exit 2" --config-file "$tmp/missing.conf"
run 2 "--profile without any config file: exit 2" --profile live
printf 'default = live\n[live]\nthis line is broken\n' >"$tmp/bad.conf"
run 2 "a malformed config file: exit 2" --config-file "$tmp/bad.conf"
check "... with file and line" grep -q "bad.conf:3" "$tmp/err"
long=$(head -c 1500 /dev/zero | tr '\0' x)
printf 'default = live\n[live]\nbootstrap.servers = %s\nclient.id = %s\n' "$bootstrap" "$long" >"$tmp/long.conf"
run 0 "a 1.5 KiB line is read" --config-file "$tmp/long.conf"

"$KAF" topics list -v --config-file "$tmp/other.conf" >/dev/null 2>"$tmp/err"
check "-v says where the bootstrap list came from" grep -q "bootstrap $bootstrap (profile), profile live" "$tmp/err"
finish
