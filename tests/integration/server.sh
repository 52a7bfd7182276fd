# Starting and stopping a real `kaf server` for integration tests. Source it
# after lib.sh. start_server [ARGS...] runs a broker on an ephemeral loopback
# port with its data in $tmp/data (unless --data-dir is given), waits for its
# first log line, and sets $server_pid, $port and $bootstrap; its stderr goes
# to $tmp/server.log. Set $fixed_port to listen on that port instead (a
# client that must find the broker again after a restart). stop_server sends
# SIGTERM and waits; $server_rc is the exit status. free_port prints a port
# that was free a moment ago.

# A test that ends early must not leave its broker running.
trap 'kill -9 ${server_pid:-} 2>/dev/null; rm -rf "$tmp"' EXIT

start_server() {
	[ -n "${fixed_port:-}" ] && touch "$tmp/server.log" || : >"$tmp/server.log"
	mark=$(wc -l <"$tmp/server.log")
	"$KAF" server --listeners "PLAINTEXT://127.0.0.1:${fixed_port:-0}" --data-dir "$tmp/data" "$@" \
		>/dev/null 2>>"$tmp/server.log" &
	server_pid=$!
	port=
	i=0
	while [ $i -lt 100 ]; do
		port=$(tail -n "+$((mark + 1))" "$tmp/server.log" |
			sed -n 's/.*started in .*listening on PLAINTEXT:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' | head -1)
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

free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
