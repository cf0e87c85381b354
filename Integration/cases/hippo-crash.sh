#!/usr/bin/env bash
# `kill -9` of `sci henry serve` in the middle of a part upload, then a restart on the same root: no partial product
# is visible, no blob or stray part file is left, and a fresh push works.
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
work=$(mktemp -d)
server_pid="" upload_pid=""
cleanup() {
    for pid in $upload_pid $server_pid; do kill -9 "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -s "$work/server.log" ] && sed 's/^/  server: /' "$work/server.log" | tail -20; exit 1; }
source "$(dirname "$0")/../lib/hippo-server.sh"
json() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

# Two 1 MiB parts; the checksum is never reached, since the upload is not completed before the crash.
head -c $((2 << 20)) /dev/urandom >"$work/big.bin"
start_hippo_server
created=$(curl -sf -X PUT "$url/product/new" -H 'content-type: application/json' -d '{"name": "crash test", "description": "interrupted",
    "metadata": null, "multipart_batch_size": 1048576,
    "sources": {"data": {"name": "big.bin", "size": 2097152, "checksum": "xxh64:0000000000000000"}}}') || fail "PUT /product/new"
id=$(json 'v["id"]' <<<"$created")
part1=$(json 'v["upload_urls"]["big.bin"][0]' <<<"$created")
part2=$(json 'v["upload_urls"]["big.bin"][1]' <<<"$created")
head -c $((1 << 20)) "$work/big.bin" | curl -sf -X PUT --data-binary @- "$part1" -o /dev/null || fail "part 1"
# Part 2 trickles in at 64 KiB/s; the server dies with part of it on disk.
tail -c $((1 << 20)) "$work/big.bin" | curl -s -X PUT --limit-rate 64K --data-binary @- "$part2" -o /dev/null &
upload_pid=$!
sleep 2
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true
wait "$upload_pid" 2>/dev/null || true
upload_pid=""
# Parts are written in place: part 1 whole and part 2 cut short leave between 1 and 2 MiB in the upload's file.
received=$(stat -c %s "$work/root/uploads/"*/data)
[ "$received" -gt $((1 << 20)) ] && [ "$received" -lt $((2 << 20)) ] || fail "the crash did not cut part 2 short ($received bytes)"

start_hippo_server
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/product/$id")" = 404 ] || fail "the interrupted product is visible"
[ "$(curl -sf "$url/product/search/crash")" = "[]" ] || fail "search finds the interrupted product"
[ -z "$(find "$work/root/blobs" -type f)" ] || fail "blobs after the crash: $(find "$work/root/blobs" -type f)"
stray=$(find "$work/root/uploads" -type f ! -name data)
[ -z "$stray" ] || fail "stray files after the restart: $stray"
# The cut part is not counted: completing now is refused and discards the upload, leaving no blob.
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/product/$id/complete" -H 'content-type: application/json' \
    -d '{"headers": {"big.bin": [{"ETag": "x"}, {"ETag": "y"}]}, "sizes": {"big.bin": [1048576, 1048576]}}')
[ "$code" = 400 ] || fail "completing with a cut part answered $code"
[ -z "$(find "$work/root/blobs" "$work/root/uploads" -type f)" ] || fail "files left after the discarded upload"

# A fresh push: `abc` hashes to xxh64:44bc2cf5ad770999.
fresh=$(curl -sf -X PUT "$url/product/new" -H 'content-type: application/json' -d '{"name": "after the crash", "description": "fresh",
    "sources": {"data": {"name": "abc.txt", "size": 3, "checksum": "xxh64:44bc2cf5ad770999"}}}') || fail "fresh PUT /product/new"
fresh_id=$(json 'v["id"]' <<<"$fresh")
etag=$(printf abc | curl -sf -X PUT --data-binary @- -D - -o /dev/null "$(json 'v["upload_urls"]["abc.txt"][0]' <<<"$fresh")" \
    | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
curl -sf -X POST "$url/product/$fresh_id/complete" -H 'content-type: application/json' \
    -d "{\"headers\": {\"abc.txt\": [{\"ETag\": $etag}]}, \"sizes\": {\"abc.txt\": [3]}}" -o /dev/null || fail "fresh complete"
curl -sf -X POST "$url/product/$fresh_id/confirm" -o /dev/null || fail "fresh confirm"
[ "$(curl -sfL "$url/product/$fresh_id/data")" = abc ] || fail "fresh download"
[ "$(find "$work/root/blobs" -type f | wc -l)" = 1 ] || fail "expected one blob: $(find "$work/root/blobs" -type f)"
echo ok
