#!/bin/sh
# kaf server's life: start-up on a fresh data directory, the first log line,
# a graceful stop on SIGTERM (logs closed cleanly), restart with the same
# cluster id, the data-directory lock, configuration errors (exit 2), and
# --print-config.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/server.sh"

check "starts on a fresh data directory" start_server
check "first line names the listener, the data directory and the partitions" \
	grep -q "started in .* ms: listening on PLAINTEXT://127.0.0.1:$port, data in $tmp/data, 0 partitions" "$tmp/server.log"
check "meta.properties written with a cluster id" grep -q '^cluster.id=' "$tmp/data/meta.properties"
cid=$(sed -n 's/^cluster.id=//p' "$tmp/data/meta.properties")

# A second broker on the same directory is refused (exit 2) and names the reason.
"$KAF" server --listeners PLAINTEXT://127.0.0.1:0 --data-dir "$tmp/data" 2>"$tmp/second.log"
rc=$?
check "a second server on the same data directory exits 2" test "$rc" -eq 2
check "and says the directory is in use" grep -qi "use" "$tmp/second.log"

stop_server
check "SIGTERM stops it with status 0" test "$server_rc" -eq 0
check "the logs were closed cleanly" test -f "$tmp/data/.kafka_cleanshutdown"
check "the checkpoints were written" test -f "$tmp/data/recovery-point-offset-checkpoint"

check "restarts on the same directory" start_server
check "the marker is gone while it runs" test ! -f "$tmp/data/.kafka_cleanshutdown"
check "same cluster id after a restart" grep -q "^cluster.id=$cid\$" "$tmp/data/meta.properties"
stop_server

"$KAF" server --listeners PLAINTEXT://127.0.0.1:0 --data-dir "$tmp/data" --cluster-id AAAAAAAAAAAAAAAAAAAAAA \
	2>"$tmp/mismatch.log"
rc=$?
check "a different --cluster-id is refused with exit 2" test "$rc" -eq 2
check "naming both ids" grep -q "$cid" "$tmp/mismatch.log"

printf 'log.segment.bytes=abc\n' >"$tmp/bad.properties"
"$KAF" server "$tmp/bad.properties" 2>"$tmp/bad.log"
rc=$?
check "a bad value in the config file exits 2" test "$rc" -eq 2
check "naming file and line" grep -q "bad.properties:1" "$tmp/bad.log"

"$KAF" server --override num.partitions=7 --print-config >"$tmp/print" 2>/dev/null
check "--print-config shows an override" grep -q '^num.partitions=7' "$tmp/print"

start_server
kill -INT "$server_pid"
wait "$server_pid"
rc=$?
check "SIGINT stops it gracefully too (status 0)" test "$rc" -eq 0
check "with the logs closed cleanly" test -f "$tmp/data/.kafka_cleanshutdown"
finish
