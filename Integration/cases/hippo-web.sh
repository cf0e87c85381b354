#!/usr/bin/env bash
# The registry's web pages in a real browser: `sci henry serve --public` with three keys (an admin, bob who writes,
# alice who only reads), filled through HIPPO's API, then headless Chromium driven over its DevTools protocol
# (lib/hippo-web-browser.py): every page kind, links followed, each search, a download checked against the page's
# xxh64, login and logout with the cookie's flags, no private product or unescaped markup in any DOM. Then
# `chromium --dump-dom` (no driver) on the anonymous home page and on a registry without --public (the login form).
# Screenshots of the main pages go to Integration/output/hippo-web/ (or $HIPPO_WEB_SHOTS).
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
sci="$build/sci"
here=$(cd "$(dirname "$0")" && pwd)
lib=$(cd "$here/../lib" && pwd)
shots=${HIPPO_WEB_SHOTS:-$(cd "$here/.." && pwd)/output/hippo-web}
if ! command -v chromium >/dev/null; then
    echo "SKIP: chromium is not installed (Debian package chromium; make deps installs it)"
    exit 0
fi
work=$(mktemp -d)
server_pid="" private_pid=""
cleanup() {
    for pid in $server_pid $private_pid; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -s "$work/server.log" ] && tail -5 "$work/server.log" | sed 's/^/  server: /'; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() {  # ROOT PORT LOG [FLAGS...]: starts a registry, waits until it answers, sets $last_pid
    local root=$1 port=$2 log=$3; shift 3
    "$sci" henry serve --root "$root" --port "$port" "$@" >>"$log" 2>&1 &
    last_pid=$!
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/web/style.css" && return; sleep 0.1; done
    fail "sci henry serve did not start"
}

export ADMIN_KEY BOB_KEY ALICE_KEY
ADMIN_KEY=$("$sci" henry serve keys add admin --admin --root "$work/root") || fail "keys add admin"
BOB_KEY=$("$sci" henry serve keys add bob --root "$work/root") || fail "keys add bob"
ALICE_KEY=$("$sci" henry serve keys add alice --read-only --root "$work/root") || fail "keys add alice"
port=$(free_port)
serve "$work/root" "$port" "$work/server.log" --public
server_pid=$last_pid
grep -q "its web pages: http://127.0.0.1:$port/web" "$work/server.log" || fail "serve does not print the pages' URL"

python3 "$lib/hippo-web-browser.py" "http://127.0.0.1:$port" "$work" "$shots" || fail "the browser story"

# No driver: the DOM Chromium builds for the anonymous home page.
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/dump-profile" --dump-dom "http://127.0.0.1:$port/web" \
    >"$work/home.html" 2>/dev/null || fail "chromium --dump-dom"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$work/home.html" || fail "dump-dom: the hostile name is not escaped text"
if grep -q '<script' "$work/home.html"; then fail "dump-dom: a script element in the home page"; fi
if grep -q 'Secret plan map' "$work/home.html"; then fail "dump-dom: the private product on the anonymous home page"; fi
echo "ok   chromium --dump-dom: escaped name, no script, no private product"

# A registry without --public sends a visitor without a key to the login form.
private_port=$(free_port)
serve "$work/private" "$private_port" "$work/private.log"
private_pid=$last_pid
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/dump-profile2" --dump-dom "http://127.0.0.1:$private_port/web" \
    >"$work/private.html" 2>/dev/null || fail "chromium --dump-dom (private)"
grep -q 'name="key"' "$work/private.html" || fail "a private registry's home page should be the login form"
echo "ok   a registry without --public shows the login form first"
echo "ok   screenshots in $shots: $(cd "$shots" && ls *.png | tr '\n' ' ')"
