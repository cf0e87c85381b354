#!/usr/bin/env bash
# An outside Swift package (Integration/library-consumer) that depends on sci by path and uses its modules as
# libraries: a two-step pipeline on synthetic data, a butler repository ingest and query, a product pushed to and
# pulled from a registry it starts through HippoServer's API, a page of runs from the DIALS fixture server. Built in its
# own scratch folder under .build; BUILD is the release build folder holding `dials-fixture-server`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="${BUILD:?BUILD must name the release build folder}"
lib="$root/Integration/lib"
work=$(mktemp -d)
log="$work/build.log"
fixture_pid=
trap '[ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
source "$lib/dials-peer.sh"
start_dials_fixture 5 200
swift build --package-path "$root/Integration/library-consumer" --scratch-path "$root/.build/consumer" >"$log" 2>&1 \
    || { tail -30 "$log"; echo "FAIL: the library consumer does not build"; exit 1; }
DIALS_URL="$url" "$root/.build/consumer/debug/LabTool" 2>"$log" || { tail -20 "$log"; echo "FAIL: the library consumer"; exit 1; }
