# Starting and stopping a real `kaf server` for integration tests. Source it
# after lib.sh. start_server [ARGS...] runs a broker on an ephemeral loopback
# port with its data in $tmp/data (unless --data-dir is given), waits for its
# first log line, and sets $server_pid, $port and $bootstrap; its stderr goes
# to $tmp/server.log. stop_server sends SIGTERM and waits; $server_rc is the
# exit status.

start_server() {
	: >"$tmp/server.log"
	"$KAF" server --listeners PLAINTEXT://127.0.0.1:0 --data-dir "$tmp/data" "$@" \
		2>"$tmp/server.log" &
	server_pid=$!
	port=
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's/.*started in .*listening on PLAINTEXT:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' \
			"$tmp/server.log" | head -1)
		[ -n "$port" ] && break
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	bootstrap=127.0.0.1:$port
	[ -n "$port" ]
}

stop_server() {
	kill -TERM "$server_pid" 2>/dev/null
	wait "$server_pid"
	server_rc=$?
}
