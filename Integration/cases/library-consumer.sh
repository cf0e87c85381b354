#!/usr/bin/env bash
# An outside Swift package (Integration/library-consumer) that depends on sci by path and uses its modules as
# libraries: a two-step pipeline on synthetic data, a butler repository ingest and query, a product pushed to and
# pulled from a registry it starts through HippoServer's API. Built in its own scratch folder under .build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build --package-path "$root/Integration/library-consumer" --scratch-path "$root/.build/consumer" >"$log" 2>&1 \
    || { tail -30 "$log"; echo "FAIL: the library consumer does not build"; exit 1; }
"$root/.build/consumer/debug/LabTool" 2>"$log" || { tail -20 "$log"; echo "FAIL: the library consumer"; exit 1; }
