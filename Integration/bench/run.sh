#!/usr/bin/env bash
# Side-by-side benchmarks: each figure of sci beside its peer's, measured in the same run on this machine.
# Usage: Integration/bench/run.sh BUILD_DIR   (make bench builds the release products first)
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }

row "benchmark" "sci" "peer" "ratio" "target"

# 1. Start-up: `sci version`, median wall time.
hyperfine -N --warmup 10 --runs 200 --export-json "$work/version.json" "$build/sci version" >/dev/null 2>&1
version_ms=$(python3 -c "import json;r=json.load(open('$work/version.json'))['results'][0];print(f\"{r['median']*1000:.1f}\")")
row "sci version (median ms)" "$version_ms" "-" "-" "<= 20 ms"

# 2. Loopback download of 1 GiB with xxh64 on the fly, against curl -o from the same server.
"$build/sci-test-server" >"$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(head -1 "$work/port")/bytes?size=$((1 << 30))"
curl -s -o /dev/null "$url" 2>/dev/null  # warm the server
curl_times=() sci_times=() rss=()
for _ in 1 2 3; do
    rm -f "$work/curl.bin"
    start=$(date +%s.%N); curl -s -o "$work/curl.bin" "$url"; end=$(date +%s.%N)
    curl_times+=("$(echo "$end - $start" | bc)")
    rm -f "$work/sci.bin"
    /usr/bin/time -f %M -o "$work/rss" "$build/sci-bench" download "$url" "$work/sci.bin" >"$work/dl.json"
    sci_times+=("$(python3 -c "import json;print(json.load(open('$work/dl.json'))['seconds'])")")
    rss+=("$(cat "$work/rss")")
done
curl_s=$(printf '%s\n' "${curl_times[@]}" | median)
sci_s=$(printf '%s\n' "${sci_times[@]}" | median)
[ "$(python3 -c "import json;print(json.load(open('$work/dl.json'))['checksum'])")" = "xxh64:$(xxh64sum "$work/curl.bin" 2>/dev/null | cut -d' ' -f1)" ] \
    || echo "warning: sci and curl downloads differ"
row "download 1 GiB, throughput (MB/s)" "$(echo "1073.741824 / $sci_s" | bc)" "$(echo "1073.741824 / $curl_s" | bc) curl" \
    "$(echo "scale=2; $curl_s / $sci_s" | bc)" ">= 0.80 of curl"
row "download 1 GiB, peak RSS (MB)" "$(( $(printf '%s\n' "${rss[@]}" | sort -n | tail -1) / 1024 ))" "-" "-" "<= 50 MB"

# 3. xxh64 of a 1 GiB file from the page cache, beside xxhsum (Debian's xxhash) on the same file.
cp "$work/curl.bin" "$work/hash.bin"
cat "$work/hash.bin" >/dev/null
gbps=$(python3 -c "import json;print(f\"{json.loads(open(0).read())['gbps']:.2f}\")" < <("$build/sci-bench" hash "$work/hash.bin" 5))
xxh_times=()
for _ in 1 2 3 4 5; do start=$(date +%s.%N); xxh64sum "$work/hash.bin" >/dev/null 2>&1; end=$(date +%s.%N); xxh_times+=("$(echo "$end - $start" | bc)"); done
xxh_gbps=$(echo "scale=2; 1.073741824 / $(printf '%s\n' "${xxh_times[@]}" | sort -n | head -1)" | bc)
row "xxh64 of 1 GiB from page cache (GB/s)" "$gbps" "$xxh_gbps xxhsum" "$(echo "scale=2; $gbps / $xxh_gbps" | bc)" ">= 2 GB/s"
