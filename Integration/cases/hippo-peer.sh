#!/usr/bin/env bash
# HIPPO's own Python client (pyhippo: henry and hippoclient) against `sci henry serve --auth none`: push a product with
# a file and metadata, read, search, pull through the cache, download, then a nested collection, read, search, pull.
# The client is the judge of compatibility. Needs python3 and PyPI the first time (venv in ~/.cache/sci/peers/hippo).
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -s "$work/server.log" ] && sed 's/^/  server: /' "$work/server.log" | tail -20; exit 1; }

venv="${XDG_CACHE_HOME:-$HOME/.cache}/sci/peers/hippo"
if ! "$venv/bin/python" -c 'import henry, hippoclient' 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" || fail "python3 -m venv"
    "$venv/bin/pip" install -q --disable-pip-version-check pyhippo >"$work/pip.log" 2>&1 || fail "pip install pyhippo: $(tail -3 "$work/pip.log")"
fi

source "$(dirname "$0")/../lib/hippo-server.sh"
start_hippo_server

# The client reads its settings from the environment (prefix hippo_) and ./config.json; run in an empty folder.
mkdir -p "$work/run" "$work/cache"
cd "$work/run"
export HIPPO_HOST="http://127.0.0.1:$port" HIPPO_CACHES="[{\"path\": \"$work/cache\"}]" HOME="$work/home"
head -c 3000000 /dev/urandom >"$work/map.txt"

"$venv/bin/python" "$lib/pyhippo-story.py" "$work" || fail "the Python client (see above)"

# The CLI prints only when verbose.
HIPPO_VERBOSE=true "$venv/bin/henry" product search peer >"$work/cli.txt" 2>&1 || fail "henry product search: $(cat "$work/cli.txt")"
grep -q "sci peer catalog" "$work/cli.txt" || fail "henry product search does not list the product: $(cat "$work/cli.txt")"
echo ok
