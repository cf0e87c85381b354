#!/usr/bin/env bash
# Runs every end-to-end case in Integration/cases against the release build in $1; prints one line per case.
set -uo pipefail
build=$(cd "${1:?usage: run-cases.sh BUILD_DIR}" && pwd)
cd "$(dirname "$0")"
passed=0 failed=0
for case in cases/*.sh; do
    name=$(basename "$case" .sh)
    log=$(mktemp)
    if BUILD="$build" bash "$case" >"$log" 2>&1; then
        echo "✔ integration $name"
        passed=$((passed + 1))
    else
        echo "✘ integration $name"
        sed 's/^/    /' "$log"
        failed=$((failed + 1))
    fi
    rm -f "$log"
done
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
