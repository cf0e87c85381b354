#!/usr/bin/env bash
# The henry story through `sci henry` against `sci henry serve` with API keys: products from files and FITS headers,
# preflight failures fixed, a collection pushed, pulled into the cache, revised, pulled again; a corrupted cache entry
# is caught; a download killed halfway resumes; a wrong key and an unreachable server each give one clear line.
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
sci="$build/sci"
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
server_pid="" pull_pid=""
cleanup() {
    for pid in $pull_pid $server_pid; do kill -9 "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -s "$work/server.log" ] && tail -5 "$work/server.log" | sed 's/^/  server: /'; exit 1; }
json() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
cd "$work"

# A clean user: no ~/.hippo.conf, sci's config and cache under $work.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/sci"
unset HIPPO_HOST HIPPO_API_KEY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export HIPPO_HOST="http://127.0.0.1:$port"
(umask 077 && "$sci" henry serve keys add alice --root "$work/root" >"$XDG_CONFIG_HOME/sci/henry.key") || fail "keys add"
"$sci" henry serve --root "$work/root" --port "$port" >>"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "$HIPPO_HOST/product/search/x" && break; sleep 0.1; done

# Files: a beam archive and two FITS maps whose headers carry what hippometa reads.
head -c 200000 /dev/urandom >act_dr6.02_daytime_beams.tar.gz
python3 "$lib/fits-header.py" f090_map.fits PIXELIS=CAR CTYPE1=RA---CAR TELESCOP=act+planck PATCH=AA FREQ=f090 ACTTAGS=daynight,prelim
python3 "$lib/fits-header.py" f150_map.fits PIXELIS=CAR CTYPE1=RA---CAR TELESCOP=act+planck PATCH=AA FREQ=f150 ACTTAGS=daynight,prelim

# 1. Local products; preflight lists every problem, then passes once they are fixed.
"$sci" henry new beam.json --name "Daynight Beam (DR6)" --description "The beam for DR6 products" --type beam \
    --source data=act_dr6.02_daytime_beams.tar.gz >/dev/null
"$sci" henry new map.json --name "ACTxPlanck DR6 f090 coadd map" --description "x" --from-fits f090_map.fits \
    --source map=f090_map.fits >/dev/null
grep -q '"frequency" : "090"' map.json || fail "metadata from the FITS header: $(cat map.json)"
"$sci" henry new-collection dr6.json --name "Some ACT DR6 Products" --description "A beam and a map from DR6" map.json beam.json >/dev/null
if "$sci" henry preflight dr6.json 2>preflight.err; then fail "preflight passed with problems"; fi
grep -q "preflight found 3 problems" preflight.err || fail "preflight: $(cat preflight.err)"
[ "$(wc -l <preflight.err)" -le 2 ] || fail "preflight should be one line and a hint: $(cat preflight.err)"
if "$sci" henry push dr6.json 2>/dev/null; then fail "push passed preflight with problems"; fi
"$sci" henry new beam.json --force --name "Daynight Beam (DR6)" --description "The beam for DR6 products" --type beam \
    --source data=act_dr6.02_daytime_beams.tar.gz --describe data=Beam >/dev/null
"$sci" henry new map.json --force --name "ACTxPlanck DR6 f090 coadd map" --description "One of the many coadd maps" \
    --from-fits f090_map.fits --source map=f090_map.fits --describe map="actxplanck coadd" >/dev/null
"$sci" henry new-collection dr6.json --name "Some ACT DR6 Products" --description "A beam and a map from DR6" map.json beam.json >/dev/null
"$sci" henry preflight dr6.json | grep -q "ready to push" || fail "preflight after fixes"

# 2. Push the collection; the file records the ids, so a second push sends nothing.
collection=$("$sci" henry push dr6.json) || fail "push"
[ "$("$sci" henry push dr6.json)" = "$collection" ] || fail "second push should answer the same id"
map_id=$(json 'v["products"][0]["product_id"]' <dr6.json)
[ "$("$sci" henry collection read "$collection" --format json | json 'len(v)')" = 2 ] || fail "collection holds 2 products"
"$sci" henry product search coadd --format csv | grep -q "$map_id" || fail "search finds the map"

# 3. Pull with realized sources: the cache holds the same bytes.
path=$("$sci" henry pull "$map_id" --format json | json 'v[0]["path"]')
cmp -s "$path" f090_map.fits || fail "pulled map differs"
[ "$("$sci" henry pull "$map_id" --no-realize --format json | json 'v[0]["path"]')" = None ] || fail "--no-realize downloads"

# 4. A revision: new header, new name, replaced source; the diff reads like henry's.
"$sci" henry diff "$map_id" --name "ACTxPlanck DR6 f150 coadd map" --from-fits f150_map.fits --source map=f150_map.fits >diff.txt
grep -qx "Name: 'ACTxPlanck DR6 f090 coadd map' -> 'ACTxPlanck DR6 f150 coadd map'" diff.txt || fail "diff name: $(cat diff.txt)"
grep -qx "Metadata diff: \[frequency\] 090 -> 150" diff.txt || fail "diff metadata: $(cat diff.txt)"
grep -qx "Replace sources: map" diff.txt || fail "diff sources: $(cat diff.txt)"
new_id=$("$sci" henry revise "$map_id" --major --name "ACTxPlanck DR6 f150 coadd map" --from-fits f150_map.fits \
    --source map=f150_map.fits | tail -1 | awk '{print $NF}')
[ "$new_id" != "$map_id" ] || fail "revision id"
pulled=$("$sci" henry pull "$new_id" --format json)
[ "$(json 'v[0]["version"]' <<<"$pulled")" = 2.0.0 ] || fail "revision version: $pulled"
cmp -s "$(json 'v[0]["path"]' <<<"$pulled")" f150_map.fits || fail "pulled revision differs"
[ "$("$sci" henry product versions "$new_id" --format csv | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" = "1.0.0 2.0.0 " ] || fail "versions"
if "$sci" henry revise "$map_id" --patch --description "again" 2>revise.err; then fail "revising an old version"; fi
grep -q "revise $new_id" revise.err || fail "old-version hint: $(cat revise.err)"

# 5. A corrupted cache entry is found by verify and fetched again by the next pull.
printf 'garbage' | dd of="$path" bs=1 seek=100 conv=notrunc 2>/dev/null
"$sci" henry cache verify >verify.txt || fail "verify should repair and exit 0: $(cat verify.txt)"
grep -q "corrupt, removed: $path" verify.txt || fail "verify: $(cat verify.txt)"
[ "$("$sci" henry cache verify --format json | json '[e["status"] for e in v if e["status"] != "ok"]')" = "[]" ] || fail "verify --format json after the repair"
path=$("$sci" henry pull "$map_id" --format json | json 'v[0]["path"]')
cmp -s "$path" f090_map.fits || fail "re-fetched map differs"

# 6. A pull killed halfway resumes from what it had (the server answers the rest with 206).
head -c $((512 << 20)) /dev/urandom >big.bin
"$sci" henry new big.json --name "Big product" --description "half a gigabyte" --source data=big.bin --describe data="random bytes" >/dev/null
big_id=$("$sci" henry push big.json)
"$sci" henry pull "$big_id" >/dev/null 2>&1 &
pull_pid=$!
part=""
for _ in $(seq 500); do
    part=$(find "$XDG_CACHE_HOME" -name 'big.bin.part' 2>/dev/null | head -1)
    [ -n "$part" ] && [ "$(stat -c %s "$part")" -gt $((64 << 20)) ] && break
    sleep 0.01
done
kill -9 "$pull_pid" 2>/dev/null || true
wait "$pull_pid" 2>/dev/null || true
pull_pid=""
[ -n "$part" ] && [ -f "$part" ] || fail "no partial download to resume (the pull finished too fast?)"
"$sci" henry pull "$big_id" --format json >big.out || fail "resumed pull"
cmp -s "$(json 'v[0]["path"]' <big.out)" big.bin || fail "resumed file differs"
grep -q "GET /download/.* 206" "$work/server.log" || fail "the second pull did not resume with a range request"

# 7. Pulls of one product by several processes into one cache all succeed and agree; an empty file is data too.
for round in 1 2 3 4 5; do
    "$sci" henry cache clear >/dev/null
    pids=""
    for n in 1 2 3; do "$sci" henry pull "$map_id" --format json >"pull.$n.out" 2>"pull.$n.err" & pids="$pids $!"; done
    for pid in $pids; do wait "$pid" || fail "concurrent pull (round $round): $(cat pull.*.err)"; done
    for n in 1 2 3; do cmp -s "$(json 'v[0]["path"]' <"pull.$n.out")" f090_map.fits || fail "concurrent pull $n (round $round) differs"; done
done
: >empty.dat
"$sci" henry new empty.json --name "Empty product" --description "a file of no bytes" --source data=empty.dat --describe data="nothing" >/dev/null
empty_id=$("$sci" henry push empty.json) || fail "push of an empty file"
[ ! -s "$("$sci" henry pull "$empty_id" --format json | json 'v[0]["path"]')" ] || fail "pulled empty file"
if "$sci" henry serve keys add .. --root "$work/root" 2>dotdot.err; then fail "keys add .. was accepted"; fi

# 8. A wrong key and an unreachable server: one line each that says what to do, and no key in it.
if HIPPO_API_KEY=hippo_wrong_key "$sci" henry product search beam 2>wrong.err; then fail "a wrong key was accepted"; fi
grep -q "refused the API key" wrong.err || fail "wrong key: $(cat wrong.err)"
grep -q hippo_wrong_key wrong.err && fail "the key leaked into the error"
if HIPPO_HOST=http://127.0.0.1:1 "$sci" henry pull "$map_id" 2>down.err; then fail "an unreachable server answered"; fi
grep -q "cannot connect" down.err || fail "unreachable: $(cat down.err)"
echo "henry story passed"
