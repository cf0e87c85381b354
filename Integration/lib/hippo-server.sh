# Sourced by the HIPPO cases: starts `sci henry serve --auth none` on a free loopback port with its root in $work/root,
# appending to $work/server.log, and waits until it answers. Needs $build, $work and a `fail` function; sets
# $port, $url and $server_pid (the caller's trap stops it by that PID).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"

start_hippo_server() {
    "$build/sci" henry serve --auth none --root "$work/root" --port "$port" >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        curl -s -o /dev/null "$url/product/search/x" && return
        kill -0 "$server_pid" 2>/dev/null || fail "sci henry serve exited"
        sleep 0.1
    done
    fail "sci henry serve did not answer"
}
