# Sourced by the Tiled case and benchmark: installs the peer (tiled 0.2.x, server and client) into a venv on first use,
# starts a writable catalog in $work on a free loopback port with API key $key, and waits until it answers. Needs $work
# and a `fail` function; sets $peer, $port, $url and $server_pid (the caller's trap stops it by that PID).
peer=${TILED_PEER:-$HOME/.cache/sci/peers/tiled}
key=${key:-$(python3 -c "import secrets; print(secrets.token_hex(16))")}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"

start_tiled_server() {
    if ! "$peer/bin/tiled" --version >/dev/null 2>&1; then
        python3 -m venv "$peer" >/dev/null || fail "cannot make the venv $peer"
        "$peer/bin/pip" install -q 'tiled[server,client]>=0.2,<0.3' >/dev/null 2>&1 || fail "cannot install tiled[server,client]"
    fi
    # The key goes through the environment, not argv, so it stays out of process listings.
    TILED_SINGLE_USER_API_KEY="$key" "$peer/bin/tiled" serve catalog "$work/catalog.db" --init -w "$work/data" \
        --host 127.0.0.1 --port "$port" >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 600); do
        curl -sf -o /dev/null "$url/healthz" && return
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "tiled serve exited"; }
        sleep 0.1
    done
    fail "tiled serve did not answer within 60 s"
}
