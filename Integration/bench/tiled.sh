#!/usr/bin/env bash
# Side-by-side benchmark of `sci tiled` and the Python tiled client on the same real Tiled server, in the same run:
# reading a 256 MiB float64 array (sci tiled get --format npy vs the client's .read() then np.save; time and peak
# resident memory), a table of ROWS rows
# (sci tiled get --format json, read as Arrow, vs .read() then to_json), and one search from process start to output
# (sci tiled search vs the equivalent Python script).
# Usage: Integration/bench/tiled.sh BUILD_DIR   (BUILD_DIR holds the release `sci`; MIB=256 unless set)
set -euo pipefail
build=$(cd "${1:?usage: tiled.sh BUILD_DIR}" && pwd)
sci="$build/sci"
mib=${MIB:-256}
rows=${ROWS:-500000}
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() { [ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; } || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }
median_ms() { python3 -c "import json;r=json.load(open('$1'))['results'];print(' '.join(f\"{x['median']*1000:.1f}\" for x in r))"; }
source "$lib/tiled-server.sh"
start_tiled_server
"$peer/bin/python" "$lib/tiled-load.py" "$url" "$key" >/dev/null || fail "loading the sample data"
"$peer/bin/python" - "$url" "$key" "$mib" <<'PY' || fail "writing the big array"
import sys, numpy as np
from tiled.client import from_uri
c = from_uri(sys.argv[1], api_key=sys.argv[2])
n = int(sys.argv[3]) * (1 << 20) // 8
c.write_array(np.random.default_rng(1).random(n).reshape(-1, 1024), key="big")
PY
"$peer/bin/python" - "$url" "$key" "$rows" <<'PY' || fail "writing the big table"
import sys, numpy as np, pandas as pd
from tiled.client import from_uri
c = from_uri(sys.argv[1], api_key=sys.argv[2])
n, rng = int(sys.argv[3]), np.random.default_rng(2)
c.write_table(pd.DataFrame({"seq": np.arange(n), "det1": rng.random(n), "ok": rng.random(n) > 0.5,
                            "name": [f"row{i}" for i in range(n)]}), key="bigtbl")
PY
export TILED_URL="$url" TILED_API_KEY="$key"
cat >"$work/read.py" <<PY
import sys, numpy as np
from tiled.client import from_uri
np.save("$work/py.npy", from_uri("$url", api_key="$key")["big"].read())
PY
cat >"$work/table.py" <<PY
from tiled.client import from_uri
from_uri("$url", api_key="$key")["bigtbl"].read().to_json("$work/py.json", orient="records")
PY
cat >"$work/search.py" <<PY
from tiled.client import from_uri
from tiled.queries import Eq
for key in from_uri("$url", api_key="$key").search(Eq("start.plan_name", "scan")):
    print(key)
PY
# Both reads must give the same array before they are timed.
"$sci" tiled get big --format npy --output "$work/sci.npy"
"$peer/bin/python" "$work/read.py"
cmp -s <(tail -c $((mib << 20)) "$work/sci.npy") <(tail -c $((mib << 20)) "$work/py.npy") || fail "sci and python read different bytes"

"$sci" tiled get bigtbl --format json --output "$work/sci.json"
"$peer/bin/python" "$work/table.py"
# pandas writes floats with 10 decimals, sci with all 17: equal within that precision.
python3 - "$work/sci.json" "$work/py.json" <<'PY' || fail "sci and python read different tables"
import json, math, sys
ours, theirs = (json.load(open(path)) for path in sys.argv[1:])
same = lambda a, b: math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-10) if isinstance(a, float) else a == b
sys.exit(len(ours) != len(theirs) or any(a.keys() != b.keys() or not all(same(a[k], b[k]) for k in a) for a, b in zip(ours, theirs)))
PY

row "benchmark" "sci" "python" "ratio" "target"
hyperfine -N --warmup 1 --runs 5 --export-json "$work/read.json" \
    "$sci tiled get big --format npy --output $work/sci.npy" "$peer/bin/python $work/read.py" >/dev/null 2>&1
read -r ours theirs <<<"$(median_ms "$work/read.json")"
row "read ${mib} MiB float64 array (median ms)" "$ours" "$theirs" "$(echo "scale=1; $theirs / $ours" | bc)×" ">= 2×"
# Peak resident memory of one read each, in MiB (GNU time's %M is in KiB).
peak() { /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 && echo $(( $(cat "$work/rss") / 1024 )); }
ours=$(peak "$sci" tiled get big --format npy --output "$work/sci.npy")
theirs=$(peak "$peer/bin/python" "$work/read.py")
row "peak RSS reading ${mib} MiB (MiB)" "$ours" "$theirs" "$(echo "scale=2; $ours / $theirs" | bc)×" "<= 0.6×"
hyperfine -N --warmup 1 --runs 5 --export-json "$work/table.json" \
    "$sci tiled get bigtbl --format json --output $work/sci.json" "$peer/bin/python $work/table.py" >/dev/null 2>&1
read -r ours theirs <<<"$(median_ms "$work/table.json")"
row "read a table of $rows rows to JSON (median ms)" "$ours" "$theirs" "$(echo "scale=1; $theirs / $ours" | bc)×" "faster"
hyperfine -N --warmup 2 --runs 10 --export-json "$work/search.json" \
    "$sci tiled search / 'start.plan_name == \"scan\"' --format csv" "$peer/bin/python $work/search.py" >/dev/null 2>&1
read -r ours theirs <<<"$(median_ms "$work/search.json")"
row "search, one query, process start (median ms)" "$ours" "$theirs" "$(echo "scale=1; $theirs / $ours" | bc)×" ">= 10×"
