# Sourced by the DIALS cases and benchmark: `start_dials_fixture SEED RUNS` starts dials-fixture-server (from $build)
# on a free loopback port. Needs $build, $work and a `fail` function; sets $port, $url and $fixture_pid (the caller's
# trap stops it by that PID).
start_dials_fixture() {
    "$build/dials-fixture-server" --port 0 --seed "${1:-5}" --runs "${2:-200}" >"$work/fixture.port" 2>"$work/fixture.log" &
    fixture_pid=$!
    for _ in $(seq 100); do
        port=$(head -1 "$work/fixture.port" 2>/dev/null)
        [ -n "$port" ] && break
        kill -0 "$fixture_pid" 2>/dev/null || fail "dials-fixture-server exited: $(cat "$work/fixture.log")"
        sleep 0.1
    done
    [ -n "$port" ] || fail "dials-fixture-server did not start"
    url="http://127.0.0.1:$port/"
}
