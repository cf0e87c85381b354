#!/usr/bin/env bash
# `sci henry serve --blobs s3://…` moves no bytes itself: clients push and pull through presigned URLs straight to the
# store. A 1 GiB file pushed (`sci henry push`: one presigned PUT that may only create the object, as the file is under
# henry.multipart_threshold, then the server's POST /complete reads the object back once for its xxh64) and pulled
# (`sci henry pull`: one presigned GET, checked into the cache) against `curl -T` and `curl -o` of the same file to
# presigned URLs on the same moto, each the median of 3 runs. "push before the server's check" leaves out the server's
# POST /complete (from its request log), which is the read-back. HIPPO_BENCH_PARTS=1 adds pushes in 50 MiB parts
# (henry.multipart_threshold = 0), HIPPO's own way, whose completion moto pays by copying the parts in Python.
# Usage: Integration/bench/hippo-s3.sh BUILD_DIR   (release build holding sci)
set -euo pipefail
build=$(cd "${1:?usage: hippo-s3.sh BUILD_DIR}" && pwd)
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d "${BENCH_TMP:-/tmp}/hippo-s3-bench.XXXXXX")
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    declare -F moto_stop >/dev/null && moto_stop
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }
json() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
now() { python3 -c 'import time; print(time.time())'; }
source "$lib/moto-server.sh"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export HIPPO_HOST="http://127.0.0.1:$port" HOME="$work/home" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/sci"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$build/sci" henry serve --auth none --root "$work/root" --port "$port" --blobs s3://bench/files >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do curl -s -o /dev/null "$HIPPO_HOST/product/search/x" && break; sleep 0.1; done

size=${HIPPO_BENCH_BYTES:-$((1 << 30))}  # smaller for a smoke run of the script
head -c "$size" /dev/urandom >"$work/big.bin"
presign() { "$s3_peer/bin/python" -c "
import boto3, sys
s3 = boto3.client('s3', endpoint_url='$s3_endpoint')
print(s3.generate_presigned_url(sys.argv[1], Params={'Bucket': 'bench', 'Key': sys.argv[2]}, ExpiresIn=3600))" "$@"; }
push_times=() parts_times=() pull_times=() put_times=() get_times=() multipart_times=()
for run in 1 2 3; do
    "$build/sci" henry new "$work/p$run.json" --name "bench $run" --description "1 GiB through presigned URLs" --type simple \
        --source data="$work/big.bin" --describe data="random bytes" >/dev/null
    start=$(now)
    id=$("$build/sci" -q henry push "$work/p$run.json" | tail -1) || fail "push: $(tail -3 "$work/server.log")"
    push_times+=("$(python3 -c "import time; print(time.time() - $start)")")
    # The server's log gives how long its completion took (the read-back for the checksum).
    complete_ms=$(grep "POST /product/$id/complete 200" "$work/server.log" | awk '{print $(NF-1)}')
    parts_times+=("$(python3 -c "print(${push_times[-1]} - $complete_ms / 1000)")")
    start=$(now)
    XDG_CACHE_HOME="$work/cache-$run" "$build/sci" -q henry pull "$id" --format json >"$work/pulled.json" || fail "pull"
    pull_times+=("$(python3 -c "import time; print(time.time() - $start)")")
    cmp -s "$(json 'v[0]["path"]' <"$work/pulled.json")" "$work/big.bin" || fail "pulled bytes differ"
    rm -rf "$work/cache-$run"
    put_times+=("$(curl -sf -T "$work/big.bin" -o /dev/null -w '%{time_total}' "$(presign put_object "curl/$run")")")
    get_times+=("$(curl -sf -o "$work/got.bin" -w '%{time_total}' "$(presign get_object "curl/$run")")")
    rm -f "$work/got.bin"
    curl -sf -X DELETE "$HIPPO_HOST/product/$id" -o /dev/null
    curl -sf -X DELETE "$(presign delete_object "curl/$run")" -o /dev/null || true
    if [ "${HIPPO_BENCH_PARTS:-0}" = 1 ]; then
        "$build/sci" henry new "$work/m$run.json" --name "parts $run" --description "1 GiB in parts" --type simple \
            --source data="$work/big.bin" --describe data="random bytes" >/dev/null
        start=$(now)
        printf '[henry]\nmultipart_threshold = 0\n' >"$work/parts.toml"
        id=$("$build/sci" -q --config "$work/parts.toml" henry push "$work/m$run.json" | tail -1) \
            || fail "push in parts: $(tail -3 "$work/server.log")"
        multipart_times+=("$(python3 -c "import time; print(time.time() - $start)")")
        curl -sf -X DELETE "$HIPPO_HOST/product/$id" -o /dev/null
    fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
row "benchmark" "sci" "curl" "ratio" "target"
pairs=("push:${push_times[*]}:${put_times[*]}:curl -T" "push before the server's check:${parts_times[*]}:${put_times[*]}:curl -T")
[ ${#multipart_times[@]} -gt 0 ] && pairs+=("push in 50 MiB parts:${multipart_times[*]}:${put_times[*]}:curl -T")
pairs+=("pull:${pull_times[*]}:${get_times[*]}:curl -o")
for pair in "${pairs[@]}"; do
    IFS=: read -r what ours theirs label <<<"$pair"
    sci_s=$(tr ' ' '\n' <<<"$ours" | median)
    curl_s=$(tr ' ' '\n' <<<"$theirs" | median)
    row "$what $((size >> 20)) MiB (MB/s)" "$(echo "scale=0; $size / 1000000 / $sci_s" | bc)" \
        "$(echo "scale=0; $size / 1000000 / $curl_s" | bc) $label" "$(echo "scale=2; $curl_s / $sci_s" | bc)" ">= 0.80 of curl"
done
echo "seconds, run by run: push ${push_times[*]} | curl -T ${put_times[*]} | pull ${pull_times[*]} | curl -o ${get_times[*]}"
echo "load average (1, 5, 15 min): $load_before before, $load_after after, on $(nproc) cores"
