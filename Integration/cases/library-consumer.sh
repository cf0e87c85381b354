#!/usr/bin/env bash
# An outside Swift package (Integration/library-consumer) that depends on sci by path and uses its modules as
# libraries: a two-step pipeline on synthetic data, a butler repository ingest and query, a product pushed to and
# pulled from a registry it starts through HippoServer's API, a page of runs from the DIALS fixture server, a search of
# a real Tiled server loaded with the tiled-peer sample data. Built in its own scratch folder under .build; BUILD is the
# release build folder holding `dials-fixture-server`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="${BUILD:?BUILD must name the release build folder}"
lib="$root/Integration/lib"
work=$(mktemp -d)
log="$work/build.log"
fixture_pid= server_pid=
cleanup() {
    [ -z "$fixture_pid" ] || kill "$fixture_pid" 2>/dev/null || true
    [ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; } || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
build_consumer() { swift build --package-path "$root/Integration/library-consumer" --scratch-path "$root/.build/consumer" >"$log" 2>&1; }
# Twice at most: SwiftPM keeps planning with the files a dependency had at the last build, so after sci's sources are
# renamed or removed the first build fails on "missing inputs"; the second starts from a fresh plan (the compiled
# objects stay). Its errors are shown either way.
if ! build_consumer; then
    grep -E "error:" "$log" | head -10
    echo "note: the library consumer's first build failed; building again with a fresh build plan"
    rm -f "$root/.build/consumer/debug.yaml" "$root"/.build/consumer/*/debug/description.json \
        "$root"/.build/consumer/*/debug/plugin-tools-description.json
    build_consumer || { tail -30 "$log"; echo "FAIL: the library consumer does not build"; exit 1; }
fi
source "$lib/dials-peer.sh"
start_dials_fixture 5 200
dials_port=$port
source "$lib/tiled-server.sh"
start_tiled_server
"$peer/bin/python" "$lib/tiled-load.py" "$url" "$key" >/dev/null || fail "loading the Tiled sample data"
DIALS_URL="http://127.0.0.1:$dials_port/" TILED_URL="$url" TILED_API_KEY="$key" "$root/.build/consumer/debug/LabTool" 2>"$log" \
    || { tail -20 "$log"; echo "FAIL: the library consumer"; exit 1; }
