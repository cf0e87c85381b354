#!/usr/bin/env bash
# `sci tiled` against a real Tiled server (tiled 0.2.x from PyPI): sample data is written with the Python client, then
# every read feature of sci is compared with what the Python client returns for the same request (tiled-check.py),
# and the failures users meet (unknown path, bad query, wrong key, server down) must each be one clear line.
# BUILD is the release build folder holding `sci`; the peer is installed into a venv the first time (about two minutes).
set -euo pipefail
sci="${BUILD:?BUILD must name the release build folder}/sci"
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() { [ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; } || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
source "$lib/tiled-server.sh"
start_tiled_server
"$peer/bin/python" "$lib/tiled-load.py" "$url" "$key" >/dev/null || fail "loading the sample data"

export TILED_URL="$url" TILED_API_KEY="$key"
"$peer/bin/python" "$lib/tiled-check.py" "$sci" "$url" "$key" "$work"

# The key from a 0600 file instead of the environment; a file others can read is refused.
printf '%s\n' "$key" >"$work/key" && chmod 600 "$work/key"
TILED_API_KEY= "$sci" tiled ls --api-key-file "$work/key" --format csv | grep -q '^x,' || fail "key from a 0600 file"
chmod 644 "$work/key"
TILED_API_KEY= "$sci" tiled ls --api-key-file "$work/key" 2>"$work/err" && fail "a world-readable key file was used"

# One clear line per failure, and the right exit status.
expect_error() {
    local label=$1 pattern=$2 status=$3
    shift 3
    set +e
    "$@" >/dev/null 2>"$work/err"
    local rc=$?
    set -e
    [ "$rc" = "$status" ] || fail "$label: exit $rc, expected $status ($(cat "$work/err"))"
    grep -q "$pattern" "$work/err" || fail "$label: '$(head -1 "$work/err")' lacks '$pattern'"
    [ "$(grep -c '^error:' "$work/err")" = 1 ] || fail "$label: not one error line: $(cat "$work/err")"
    ! grep -q "$key" "$work/err" || fail "$label: the key leaked into the error"
    echo "ok error: $label"
}
expect_error "unknown path" "not found: .*nope" 1 "$sci" tiled ls nope
expect_error "unknown array" "not found" 1 "$sci" tiled get nope
expect_error "bad query" "cannot read the condition 'plan_name ~~ 3'" 2 "$sci" tiled search / 'plan_name ~~ 3'
expect_error "bad sort" "bad sort key" 2 "$sci" tiled search / spec:BlueskyRun --sort='a,b'
expect_error "bad slice" "bad slice" 2 "$sci" tiled get arr2d --slice 9
expect_error "wrong key" "refused the credentials" 1 env TILED_API_KEY=wrong "$sci" tiled ls
expect_error "no key" "refused the credentials" 1 env TILED_API_KEY= XDG_CONFIG_HOME="$work" "$sci" tiled ls
expect_error "table as npy" "is a table" 2 "$sci" tiled get tbl --format npy
expect_error "no server given" "no Tiled server given" 2 env TILED_URL= "$sci" tiled ls
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
expect_error "server down" "cannot connect to" 1 "$sci" tiled ls
echo "tiled-peer: all passed"
