#!/usr/bin/env bash
# The house, as a user meets it: `make install` into a prefix, then the installed `sci` on its own.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

make -C "$root" --no-print-directory install PREFIX="$work/prefix" >/dev/null
sci="$work/prefix/bin/sci"
export XDG_CONFIG_HOME="$work/config" PATH="$work/bin:$PATH"

[ "$("$sci" version)" = "sci $(grep -o '"[0-9.]*"' "$root/Modules/SciCore/Model/SciVersion.swift" | tr -d '"')" ] || fail "sci version"

# An external plugin on PATH is listed and run with its arguments and exit code.
mkdir -p "$work/bin"
printf '#!/bin/sh\necho "hello $*"\nexit 3\n' >"$work/bin/sci-hello"
chmod +x "$work/bin/sci-hello"
"$sci" plugins --format json | grep -q '"sci-hello"\|"hello"' || fail "sci plugins does not list sci-hello"
set +e
out=$("$sci" hello a b); rc=$?
set -e
[ "$out" = "hello a b" ] && [ "$rc" = 3 ] || fail "external plugin gave '$out' rc $rc"

# Completions for the three shells.
for shell in bash zsh fish; do script=$("$sci" completion "$shell"); grep -q sci <<<"$script" || fail "completion $shell"; done

# Unknown command: exit 2 and one line on stderr.
set +e
err=$("$sci" no-such-command 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "unknown command: rc $rc, '$err'"

# A config file with a syntax error: one error line naming the file, exit 1.
printf '[henry\n' >"$work/bad.toml"
set +e
err=$("$sci" --config "$work/bad.toml" plugins 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" = 1 ] && grep -q "bad.toml line 1" <<<"$err" || fail "bad config: rc $rc, '$err'"
echo ok
