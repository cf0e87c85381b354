#!/usr/bin/env bash
# `sci henry serve` under load, each figure beside its peer's measured in the same run on this machine:
# a 2 GiB upload through HIPPO's multipart flow (sci-bench hippo-push) against `curl -T` of the same file as one part
# to the same server, the server's peak RSS, search latency over 10,000 products, and over 100,000 (hippo-search.sh).
# Usage: Integration/bench/hippo.sh BUILD_DIR   (release build holding sci and sci-bench)
set -euo pipefail
build=$(cd "${1:?usage: hippo.sh BUILD_DIR}" && pwd)
work=$(mktemp -d "${BENCH_TMP:-/tmp}/hippo-bench.XXXXXX")
server_pid="" sci_pid=""
cleanup() { [ -n "$sci_pid" ] && kill "$sci_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }
json() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"

# The server runs under /usr/bin/time for its peak RSS; -q keeps its request log out of the measurement.
/usr/bin/time -f %M -o "$work/server.rss" "$build/sci" -q henry serve --auth none --root "$work/root" --port "$port" \
    >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "$url/product/search/x" && break; sleep 0.1; done
sci_pid=$(pgrep -P "$server_pid")  # time's child; stopping it lets time write the figure

row "benchmark" "sci" "peer" "ratio" "target"

# 1. Upload 2 GiB: sci-bench's multipart push (50 MiB parts, complete, confirm) against curl -T of one part.
size=${HIPPO_BENCH_BYTES:-$((2 << 30))}  # smaller for a smoke run of the script
head -c "$size" /dev/urandom >"$work/big.bin"
checksum="xxh64:$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['checksum'].split(':')[1])" \
    "$("$build/sci-bench" hash "$work/big.bin")")"
sci_times=() curl_times=()
for run in 1 2 3; do
    out=$("$build/sci-bench" hippo-push "$url" "$work/big.bin")
    sci_times+=("$(json 'v["seconds"]' <<<"$out")")
    created=$(curl -sf -X PUT "$url/product/new" -H 'content-type: application/json' -d "{\"name\": \"curl $run\",
        \"description\": \"curl -T\", \"multipart_batch_size\": $size,
        \"sources\": {\"data\": {\"name\": \"big.bin\", \"size\": $size, \"checksum\": \"$checksum\"}}}")
    part=$(json 'v["upload_urls"]["big.bin"][0]' <<<"$created")
    curl_times+=("$(curl -sf -T "$work/big.bin" -o /dev/null -w '%{time_total}' "$part")")
    # Drop both uploads so three runs fit on the disk.
    curl -sf -X DELETE "$url/product/$(json 'v["id"]' <<<"$out")" -o /dev/null
done
sci_s=$(printf '%s\n' "${sci_times[@]}" | median)
curl_s=$(printf '%s\n' "${curl_times[@]}" | median)
row "upload $((size >> 20)) MiB, multipart flow (MB/s)" "$(echo "scale=0; $size / 1000000 / $sci_s" | bc)" "$(echo "scale=0; $size / 1000000 / $curl_s" | bc) curl -T" \
    "$(echo "scale=2; $curl_s / $sci_s" | bc)" ">= 0.60 of curl -T"

# 2. Search over 10,000 products (no sources, so each is visible at once), over one keep-alive connection.
python3 - "$port" >"$work/search.txt" <<'PY'
import http.client, json, statistics, sys, time
connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
def call(method, path, body=None):
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers={"content-type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    assert response.status == 200, (response.status, data)
    return data
bands = ["f090", "f150", "f220"]
for i in range(10_000):
    call("PUT", "/product/new", {"name": f"map p{i:05d} {bands[i % 3]} season{i % 7}", "description": "bench",
                                 "metadata": {"metadata_type": "simple"}, "sources": {}})
def p50(path, runs=200):
    times = []
    for _ in range(runs):
        start = time.perf_counter(); call("GET", path); times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
print(f"{p50('/product/search/p04217'):.2f} {p50('/product/search/season3', 50):.2f}")
PY
read -r one many <"$work/search.txt"
row "search, 1 hit in 10,000 (p50 ms)" "$one" "-" "-" "<= 20 ms"
row "search, 1,000 hits (capped) (p50 ms)" "$many" "-" "-" "-"

kill "$sci_pid"; wait "$server_pid" 2>/dev/null || true; sci_pid=""
row "server peak RSS (MB)" "$(( $(tail -1 "$work/server.rss") / 1024 ))" "-" "-" "<= 100 MB"

# 3. Search over 100,000 products (1 hit and 1,000 hits), on a registry of its own.
"$(dirname "$0")/hippo-search.sh" "$build"
