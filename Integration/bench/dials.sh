#!/usr/bin/env bash
# Side-by-side benchmark of `sci dials list-all` and cmsdials' `list_all` against the same DIALS fixture server, in
# the same run: 200,000 lumisection rows (400 pages of 500), then the peak RSS of `sci dials list-all --format jsonl`
# for those rows and for 100,000 1-D histograms (ten times the bytes), which must stay under 60 MB whatever the count.
# Usage: Integration/bench/dials.sh BUILD_DIR   (BUILD_DIR holds the release `sci` and `dials-fixture-server`)
set -euo pipefail
build=$(cd "${1:?usage: dials.sh BUILD_DIR}" && pwd)
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
fixture_pid=
trap '[ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"
source "$lib/dials-peer.sh"
# 1100 runs per dataset hold more than 200,000 lumisections, so 400 full pages exist.
start_dials_fixture 5 1100
export SCI_DIALS_CLIENT_SECRET=fixture-secret
row() { printf '%-52s %12s %12s %10s\n' "$@"; }
# `measure OUT CMD...`: OUT gets "seconds peak-KB".
measure() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@"; }

cat >peer.py <<'PY'
import sys, warnings
warnings.simplefilter("ignore")
import logging
from cmsdials import Dials
from cmsdials.auth.secret_key import Credentials
from cmsdials.filters import LumisectionFilters
logging.disable(logging.INFO)
dials = Dials(Credentials(token="fixture-secret"), base_url=sys.argv[1])
data = dials.lumi.list_all(LumisectionFilters(page_size=500), max_pages=400)
print(len(data.results))
PY

# Cold: the fixture generates each page as it is asked for, so its own work is in both figures; the first run goes
# to cmsdials, so sci, second, never reads a page the peer did not also have to wait for.
measure cold-peer.time "$python" peer.py "$url" >/dev/null
# Warm: the fixture now serves those pages from memory, so the figures are the clients' own costs.
measure peer.time "$python" peer.py "$url" >peer.count
measure sci.time "$build/sci" dials list-all lumi --url "$url" --page_size 500 --max-pages 400 --format json >sci.json
measure jsonl.time "$build/sci" dials list-all lumi --url "$url" --page_size 500 --max-pages 400 --format jsonl >sci.jsonl
measure h1d.time "$build/sci" dials list-all h1d --url "$url" --page_size 500 --max-pages 200 --format jsonl >h1d.jsonl
[ "$(cat peer.count)" = 200000 ] || fail "cmsdials listed $(cat peer.count) rows"
[ "$(wc -l <sci.jsonl)" = 200000 ] || fail "sci listed $(wc -l <sci.jsonl) rows"
[ "$(wc -l <h1d.jsonl)" = 100000 ] || fail "sci listed $(wc -l <h1d.jsonl) histograms"

peer_s=$(cut -d' ' -f1 peer.time); sci_s=$(cut -d' ' -f1 sci.time)
row "DIALS (fixture server on loopback)" "sci" "cmsdials" "ratio"
cold_s=$(cut -d' ' -f1 cold-peer.time)
row "list-all 200,000 lumisections (--format json), s" "$sci_s" "$peer_s" "$(echo "scale=1; $peer_s / $sci_s" | bc)x"
row "  (cmsdials while the fixture generated pages, s)" "" "$cold_s" ""
row "peak RSS of that run, MB" "$(( $(cut -d' ' -f2 sci.time) / 1024 ))" "$(( $(cut -d' ' -f2 peer.time) / 1024 ))" ""
row "list-all 200,000 lumisections --format jsonl: RSS MB" "$(( $(cut -d' ' -f2 jsonl.time) / 1024 ))" "" "(<= 60)"
row "list-all 100,000 h1d ($(( $(stat -c %s h1d.jsonl) / 1048576 )) MB) --format jsonl: RSS MB" \
    "$(( $(cut -d' ' -f2 h1d.time) / 1024 ))" "" "(<= 60)"
