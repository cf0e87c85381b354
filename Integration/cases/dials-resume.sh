#!/usr/bin/env bash
# `sci dials list-all --resume STATE` killed with SIGKILL mid-listing, again and again, then resumed: the resumed
# output must equal an uninterrupted run's byte for byte (no row lost or repeated), --max-pages must count the pages
# of every run, and no state or temporary file may be left. A page that never arrives (the fixture's `slow` fault)
# holds sci at a known page while it is killed; kills at arbitrary moments follow. Then a damaged state is refused,
# naming the file, before any row is printed. BUILD is the release build folder with `sci` and `dials-fixture-server`.
set -euo pipefail
build="${BUILD:?BUILD must name the release build folder}"
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
fixture_pid=
sci_pid=
trap '[ -n "$sci_pid" ] && kill -9 "$sci_pid" 2>/dev/null; [ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"
source "$lib/dials-fixture.sh"
start_dials_fixture 5 200
export SCI_DIALS_CLIENT_SECRET=fixture-secret

listing=(dials list-all lumi --url "$url" --page_size 50 --max-pages 40)
"$build/sci" "${listing[@]}" --format jsonl >whole.jsonl
"$build/sci" "${listing[@]}" --format json >whole.json
[ "$(wc -l <whole.jsonl)" = 2000 ] || fail "the uninterrupted listing has $(wc -l <whole.jsonl) rows, not 2000"

saved_pages() { { grep -o '"pages":[0-9]*' "$1" 2>/dev/null || true; } | cut -d: -f2; }
# `hold_and_kill STATE PAGES ARGS...`: the page after PAGES more hangs; once STATE records PAGES pages in all, SIGKILL.
hold_and_kill() {
    local state=$1 pages=$2; shift 2
    local before; before=$(saved_pages "$state"); before=${before:-0}
    curl -sf -X POST "${url}fixture/faults?kind=slow&after=$((pages - before))&count=1&ms=30000" >/dev/null
    "$build/sci" "$@" --resume "$state" >cut.out 2>cut.err &
    sci_pid=$!
    for _ in $(seq 600); do
        [ "$(saved_pages "$state")" = "$pages" ] && break
        kill -0 "$sci_pid" 2>/dev/null || fail "sci ended before page $pages: $(cat cut.err)"
        sleep 0.05
    done
    [ "$(saved_pages "$state")" = "$pages" ] || fail "$state never recorded $pages pages"
    kill -9 "$sci_pid"
    wait "$sci_pid" 2>/dev/null || true
    sci_pid=
    curl -sf -X DELETE "${url}fixture/faults" >/dev/null
    grep -qE "\"rows\":$((pages * 50))[,}]" "$state" || fail "$state does not hold $((pages * 50)) rows: $(cat "$state")"
}
no_leftovers() {
    local left; left=$(ls -A | grep -E "^\.?$1" || true)
    [ -z "$left" ] || fail "files left behind: $left"
}

# Killed at page 7, resumed and killed at page 12, then at arbitrary moments, then resumed to the end.
hold_and_kill st 7 "${listing[@]}" --format jsonl
[ ! -e .st.rows.tmp-* ] 2>/dev/null || fail "a temporary rows file was left"
hold_and_kill st 12 "${listing[@]}" --format jsonl
for delay in 0.02 0.1 0.2 0.35 0.5; do
    "$build/sci" "${listing[@]}" --format jsonl --resume st >cut.out 2>cut.err &
    sci_pid=$!
    sleep "$delay"
    kill -9 "$sci_pid" 2>/dev/null || true
    wait "$sci_pid" 2>/dev/null || true
    sci_pid=
done
"$build/sci" "${listing[@]}" --format jsonl --resume st >resumed.jsonl || fail "the last resume failed"
cmp -s whole.jsonl resumed.jsonl || fail "the resumed listing differs from the uninterrupted one ($(wc -l <resumed.jsonl) rows)"
no_leftovers st
echo "ok: list-all --resume killed by SIGKILL at pages 7 and 12 and at 5 arbitrary moments ended with the same 2000 rows"

# The same with --format json (one array), and with `| head`, whose closed pipe ends sci.
hold_and_kill js 20 "${listing[@]}" --format json
"$build/sci" "${listing[@]}" --format json --resume js >resumed.json
cmp -s whole.json resumed.json || fail "the resumed JSON array differs"
no_leftovers js
"$build/sci" "${listing[@]}" --format jsonl --resume hd 2>/dev/null | head -3 >/dev/null || true
# Appending the resumed output to a cut one would repeat the saved rows: refused, the state kept.
echo '{"cut": true}' >appended.jsonl
if "$build/sci" "${listing[@]}" --format jsonl --resume hd >>appended.jsonl 2>append.err; then fail "a resume appending with >> was accepted"; fi
grep -q "redirect with >" append.err || fail "the >> refusal does not say what to do: $(cat append.err)"
[ "$(cat appended.jsonl)" = '{"cut": true}' ] || fail "rows were appended before the refusal"
"$build/sci" "${listing[@]}" --format jsonl --resume hd >resumed.jsonl
cmp -s whole.jsonl resumed.jsonl || fail "the listing resumed after | head differs"
no_leftovers hd
echo "ok: --format json and a listing cut by | head resume to the same rows; appending a resume with >> is refused"

# --max-pages counts the pages of every run: killed at page 6 of 10, the resumed run stops at page 10.
hold_and_kill mp 6 dials list-all lumi --url "$url" --page_size 50 --max-pages 10 --format jsonl
"$build/sci" dials list-all lumi --url "$url" --page_size 50 --max-pages 10 --format jsonl --resume mp >ten.jsonl
cmp -s ten.jsonl <(head -500 whole.jsonl) || fail "--max-pages 10 across two runs gave $(wc -l <ten.jsonl) rows, not the first 500"
echo "ok: --max-pages 10 across an interrupted and a resumed run gave the first 500 rows"

# A damaged state is refused, naming the file, and no row is printed first.
hold_and_kill bad 8 "${listing[@]}" --format jsonl
truncate -s -100 bad.rows
if "$build/sci" "${listing[@]}" --format jsonl --resume bad >bad.out 2>bad.err; then fail "a cut rows file was accepted"; fi
grep -q "bad.rows" bad.err || fail "the error does not name bad.rows: $(cat bad.err)"
[ ! -s bad.out ] || fail "rows were printed before the damaged state was refused"
echo "garbage" >bad
if "$build/sci" "${listing[@]}" --format jsonl --resume bad >bad.out 2>bad.err; then fail "a garbage state was accepted"; fi
grep -q "bad is damaged" bad.err || fail "the error does not name bad: $(cat bad.err)"
[ ! -s bad.out ] || fail "rows were printed before the garbage state was refused"
echo "ok: a cut rows file and a garbage state are refused by name before any row is printed"
