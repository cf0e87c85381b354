#!/usr/bin/env bash
# Search latency of `sci henry serve` over a large registry: GET /product/search/{word}, the route and form pyhippo's
# client and `sci henry search` use, over one keep-alive connection, p50/p95 of HIPPO_SEARCH_RUNS requests per word.
# The registry (HIPPO_SEARCH_PRODUCTS products, 100,000 by default) is written by hippo-registry.py into the schema a
# first `sci henry serve` created; see that script for what it holds and why it bypasses the HTTP API.
# Usage: Integration/bench/hippo-search.sh BUILD_DIR   (release build holding sci)
set -euo pipefail
build=$(cd "${1:?usage: hippo-search.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
products=${HIPPO_SEARCH_PRODUCTS:-100000}
runs=${HIPPO_SEARCH_RUNS:-200}
work=$(mktemp -d "${BENCH_TMP:-/tmp}/hippo-search.XXXXXX")
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
serve() {
    "$build/sci" -q henry serve --auth none --root "$work/root" --port "$port" >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 200); do curl -s -o /dev/null "$url/product/search/x" && return; sleep 0.1; done
    echo "error: sci henry serve did not start; its log:" >&2; cat "$work/server.log" >&2; exit 1
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

serve; stop  # creates the schema
start=$(date +%s.%N)
python3 "$here/hippo-registry.py" "$work/root/registry.sqlite" "$products" >"$work/fill.txt"
fill_s=$(echo "$(date +%s.%N) - $start" | bc)
serve
python3 - "$port" "$runs" >"$work/search.txt" <<'PY'
import http.client, json, statistics, sys
import time
connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
runs = int(sys.argv[2])
def search(word):
    connection.request("GET", f"/product/search/{word}")
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (response.status, body[:200])
    return body
for word, hits in (("singleton", 1), ("thousandfold", 1000)):
    found = len(json.loads(search(word)))
    assert found == hits, f"{word}: {found} hits, expected {hits}"
    times = []
    for _ in range(runs):
        begin = time.perf_counter(); search(word); times.append((time.perf_counter() - begin) * 1000)
    times.sort()
    print(f"{statistics.median(times):.2f} {times[int(len(times) * 0.95) - 1]:.2f}")
PY
stop
{ read -r one_p50 one_p95; read -r many_p50 many_p95; } <"$work/search.txt"
echo "registry: $(cat "$work/fill.txt"), written in ${fill_s%.*} s" >&2
row "search, 1 hit in $products (p50/p95 ms)" "$one_p50 / $one_p95" "-" "-" "p50 <= 10 ms"
row "search, 1,000 hits in $products (p50/p95 ms)" "$many_p50 / $many_p95" "-" "-" "p50 <= 50 ms"
