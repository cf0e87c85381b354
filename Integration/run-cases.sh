#!/usr/bin/env bash
# Runs every end-to-end case in Integration/cases against the release build in $1; prints one line per case with
# its wall time, so a case that grows slow shows before CI's time limit does.
set -uo pipefail
build=$(cd "${1:?usage: run-cases.sh BUILD_DIR}" && pwd)
cd "$(dirname "$0")"
passed=0 failed=0
for case in cases/*.sh; do
    name=$(basename "$case" .sh)
    log=$(mktemp)
    start=$SECONDS
    if BUILD="$build" bash "$case" >"$log" 2>&1; then
        echo "✔ integration $name ($((SECONDS - start)) s)"
        passed=$((passed + 1))
    else
        echo "✘ integration $name ($((SECONDS - start)) s)"
        sed 's/^/    /' "$log"
        failed=$((failed + 1))
    fi
    rm -f "$log"
done
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
