#!/usr/bin/env bash
# `sci henry` against `sci henry serve` on loopback, each figure beside its yardstick in the same run:
# the push of a 1 GiB product (xxh64, PUT /product/new, 50 MiB parts four at a time, complete, confirm) against curl
# doing the same flow with the file as one `curl -T` part; a pull of it (download into the cache with xxh64
# verification) against `curl -o` of the same URL; and the push of a collection of 1,000 small products.
# Usage: Integration/bench/henry.sh BUILD_DIR   (release build holding sci)
set -euo pipefail
build=$(cd "${1:?usage: henry.sh BUILD_DIR}" && pwd)
sci="$build/sci"
work=$(mktemp -d "${BENCH_TMP:-/tmp}/henry-bench.XXXXXX")
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
seconds() { local start=$EPOCHREALTIME; "$@" >/dev/null; echo "$EPOCHREALTIME - $start" | bc; }
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }
json() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export HIPPO_HOST="http://127.0.0.1:$port"
"$sci" -q henry serve --auth none --root "$work/root" --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "$HIPPO_HOST/product/search/x" && break; sleep 0.1; done

row "benchmark" "sci" "peer" "ratio" "target"

# 1. Push and pull 1 GiB, three times each, medians.
size=${HENRY_BENCH_BYTES:-$((1 << 30))}  # smaller for a smoke run of the script
head -c "$size" /dev/urandom >"$work/big.bin"
push_times=() curl_push_times=()
for run in 1 2 3; do
    "$sci" -q henry new "$work/big$run.json" --name "bench big $run" --description "push benchmark" --source data="$work/big.bin" \
        --describe data="random bytes" >/dev/null
    push_times+=("$(seconds "$sci" -q henry push "$work/big$run.json")")
    checksum=$(curl -sf "$HIPPO_HOST/product/$(json 'v["product_id"]' <"$work/big$run.json")" | json 'v["versions"]["1.0.0"]["sources"]["data"]["checksum"]')
    # curl: the same flow with the file as one part (the checksum sci announced, so curl does no hashing).
    start=$EPOCHREALTIME
    created=$(curl -sf -X PUT "$HIPPO_HOST/product/new" -H 'content-type: application/json' -d "{\"name\": \"curl $run\",
        \"description\": \"curl -T\", \"multipart_batch_size\": $size,
        \"sources\": {\"data\": {\"name\": \"big.bin\", \"size\": $size, \"checksum\": \"$checksum\"}}}")
    curl_id=$(json 'v["id"]' <<<"$created")
    etag=$(curl -sf -T "$work/big.bin" -D - -o /dev/null "$(json 'v["upload_urls"]["big.bin"][0]' <<<"$created")" \
        | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
    curl -sf -X POST "$HIPPO_HOST/product/$curl_id/complete" -H 'content-type: application/json' \
        -d "{\"headers\": {\"big.bin\": [{\"ETag\": $etag}]}, \"sizes\": {\"big.bin\": [$size]}}" -o /dev/null
    curl -sf -X POST "$HIPPO_HOST/product/$curl_id/confirm" -o /dev/null
    curl_push_times+=("$(echo "$EPOCHREALTIME - $start" | bc)")
    # Identical bytes share one blob, so the copies cost no disk; the curl product is dropped to keep names free.
    curl -sf -X DELETE "$HIPPO_HOST/product/$curl_id" -o /dev/null
done
id=$(json 'v["product_id"]' <"$work/big1.json")
rm "$work/big.bin"  # keeps the disk use at the server's copy plus one download
file_url=$(curl -sf "$HIPPO_HOST/product/$id/files" | json 'v["files"]["data"]["url"]')
sci_times=() curl_times=()
for run in 1 2 3; do
    sci_times+=("$(XDG_CACHE_HOME="$work/pull$run" seconds "$sci" -q henry pull "$id")")
    rm -rf "$work/pull$run"
    curl_times+=("$(curl -sf -o "$work/curl.bin" -w '%{time_total}' "$file_url")")
    rm -f "$work/curl.bin"
done
mbps() { echo "scale=0; $size / 1000000 / $1" | bc; }
push_s=$(printf '%s\n' "${push_times[@]}" | median)
curl_push_s=$(printf '%s\n' "${curl_push_times[@]}" | median)
sci_s=$(printf '%s\n' "${sci_times[@]}" | median)
curl_s=$(printf '%s\n' "${curl_times[@]}" | median)
row "push $((size >> 20)) MiB, whole flow (MB/s)" "$(mbps "$push_s")" "$(mbps "$curl_push_s") curl -T" \
    "$(echo "scale=2; $curl_push_s / $push_s" | bc)" ">= 0.80 of curl"
row "pull $((size >> 20)) MiB, verified (MB/s)" "$(mbps "$sci_s")" "$(mbps "$curl_s") curl -o" \
    "$(echo "scale=2; $curl_s / $sci_s" | bc)" ">= 0.80 of curl -o"

# 2. Push a collection of 1,000 small products (1 KiB files), each created, uploaded, completed, confirmed and linked.
count=${HENRY_BENCH_PRODUCTS:-1000}
python3 - "$work" "$count" <<'PY'
import json, os, sys
work, count = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{work}/small", exist_ok=True)
products = []
for i in range(count):
    path = f"{work}/small/p{i:04d}.dat"
    with open(path, "wb") as out:
        out.write(os.urandom(1024))
    products.append({"name": f"small product {i:04d}", "description": "one of many",
                     "metadata": {"metadata_type": "simple"},
                     "sources": {"data": {"path": path, "name": f"p{i:04d}", "description": "a small file"}}})
with open(f"{work}/small.json", "w") as out:
    json.dump({"name": "many small products", "description": "push benchmark", "products": products}, out)
PY
small_s=$(seconds "$sci" -q henry push "$work/small.json")
linked=$(curl -sf "$HIPPO_HOST/relationships/collection/$("$sci" -q henry push "$work/small.json")" | json 'len(v["products"])')
[ "$linked" = "$count" ] || { echo "the collection holds $linked products, not $count"; exit 1; }
row "push collection of $count small products (s)" "$(printf '%.2f' "$small_s")" "-" "-" "<= 10 s"
