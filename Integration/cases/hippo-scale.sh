#!/usr/bin/env bash
# HippoServer at scale: two `sci henry serve` processes share one registry in PostgreSQL and one S3 store (moto), and
# hand out presigned URLs, so no byte passes through them. 16 concurrent `sci henry push`es split across the two,
# each product pulled back byte-identical through the other; an upload begun on one server, which is then killed
# with SIGKILL, is completed through the other; HIPPO's own Python client (pyhippo) runs its story against the pair.
# moto runs without signature checks: moto 5.2 answers every presigned request with a 500 once they are on, boto3's
# own URLs included (its IAM check reads the Authorization header unconditionally: KeyError 'HTTP_AUTHORIZATION' in
# moto/iam/access_control.py, IAMRequestBase); the presigned signatures equal boto3's (SciS3Tests), and the servers'
# own S3 calls are checked by moto with them on in HippoServerTests.
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
sci="$build/sci"
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    declare -F moto_stop >/dev/null && moto_stop
    declare -F postgres_stop >/dev/null && postgres_stop
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for log in "$work"/server-*.log; do [ -s "$log" ] && tail -5 "$log" | sed "s|^|  $(basename "$log"): |"; done; exit 1; }
json() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

venv="${XDG_CACHE_HOME:-$HOME/.cache}/sci/peers/hippo"
if ! "$venv/bin/python" -c 'import henry, hippoclient' 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" || fail "python3 -m venv"
    "$venv/bin/pip" install -q --disable-pip-version-check pyhippo >"$work/pip.log" 2>&1 || fail "pip install pyhippo: $(tail -3 "$work/pip.log")"
fi
source "$lib/postgres-server.sh"
source "$lib/moto-server.sh"
psql_admin -d postgres -c 'CREATE DATABASE hippo' >/dev/null || fail "CREATE DATABASE hippo"
export PGPASSWORD=$pg_password
database="postgresql://$pg_user@127.0.0.1:$pg_port/hippo?sslmode=disable"

# A clean user for sci's client: no config, its own caches.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/sci"
unset HIPPO_HOST HIPPO_API_KEY

declare -A url pid
start_server() { # NAME: starts (or restarts) server NAME on its port, its own root, the shared database and bucket
    local name=$1
    [ -n "${url[$name]:-}" ] || url[$name]="http://127.0.0.1:$(free_port)"
    "$sci" henry serve --auth none --root "$work/root-$name" --port "${url[$name]##*:}" --blobs s3://hippo-scale/files \
        --database "$database" >>"$work/server-$name.log" 2>&1 &
    pid[$name]=$!
    pids+=("${pid[$name]}")
    for _ in $(seq 300); do
        curl -s -o /dev/null "${url[$name]}/product/search/x" && return
        kill -0 "${pid[$name]}" 2>/dev/null || fail "server $name exited"
        sleep 0.1
    done
    fail "server $name did not answer"
}
start_server a
start_server b

# 1. Sixteen pushes at once, alternating servers; files of 1 to 15 MiB, each in one create-only PUT (under
# henry.multipart_threshold), and one of 70 MiB in two 50 MiB parts (the threshold set to 0 for it).
mkdir -p "$work/files"
for i in $(seq 1 16); do
    size=$((i * 1048576 + i))
    [ "$i" = 16 ] && size=$((70 * 1048576 + 3))
    head -c "$size" /dev/urandom >"$work/files/file-$i.dat"
    HIPPO_HOST=${url[a]} "$sci" henry new "$work/files/p$i.json" --name "scale product $i" --description "pushed concurrently" \
        --type simple --source data="$work/files/file-$i.dat" --describe data="file $i" >/dev/null || fail "henry new $i"
done
for i in $(seq 1 16); do
    server=$([ $((i % 2)) = 0 ] && echo a || echo b)
    config=()
    [ "$i" = 16 ] && { printf '[henry]\nmultipart_threshold = 0\n' >"$work/parts.toml"; config=(--config "$work/parts.toml"); }
    HIPPO_HOST=${url[$server]} "$sci" "${config[@]}" henry push "$work/files/p$i.json" >"$work/files/id-$i" 2>"$work/files/push-$i.err" &
    echo $! >"$work/files/pid-$i"
done
for i in $(seq 1 16); do wait "$(cat "$work/files/pid-$i")" || fail "push $i: $(cat "$work/files/push-$i.err")"; done
for i in $(seq 1 16); do
    id=$(tail -1 "$work/files/id-$i")
    other=$([ $((i % 2)) = 0 ] && echo b || echo a)
    path=$(XDG_CACHE_HOME="$work/pull-$i" HIPPO_HOST=${url[$other]} "$sci" henry pull "$id" --format json | json 'v[0]["path"]') \
        || fail "pull $i through $other"
    cmp -s "$path" "$work/files/file-$i.dat" || fail "product $i pulled through $other differs"
done
[ "$(HIPPO_HOST=${url[b]} "$sci" henry product search scale --format csv | tail -n +2 | wc -l)" = 16 ] || fail "search lists 16"
# The servers held no file: every byte went to the store.
[ -z "$(find "$work"/root-a/blobs "$work"/root-b/blobs -type f 2>/dev/null)" ] || fail "a server kept file bytes"

# 2. An upload begun on server a, a killed with SIGKILL after its first part, completed through server b.
head -c $((120 * 1048576)) /dev/urandom >"$work/handover.dat"
coproc HANDOVER { "$venv/bin/python" "$lib/hippo-handover.py" "${url[a]}" "${url[b]}" "$work/handover.dat" "handed over" 2>&1; }
read -r line <&"${HANDOVER[0]}" || fail "handover: no first part"
[ "$line" = "first part sent" ] || fail "handover: $line"
kill -9 "${pid[a]}"
wait "${pid[a]}" 2>/dev/null || true
echo go >&"${HANDOVER[1]}"
read -r handed <&"${HANDOVER[0]}" || fail "handover: no id"
[[ "$handed" =~ ^[0-9a-f]{24}$ ]] || fail "handover: $handed"
path=$(XDG_CACHE_HOME="$work/pull-handover" HIPPO_HOST=${url[b]} "$sci" henry pull "$handed" --format json | json 'v[0]["path"]')
cmp -s "$path" "$work/handover.dat" || fail "the handed-over upload differs"

# 3. pyhippo's story through the restarted server a, its product then pulled through b.
start_server a
mkdir -p "$work/run" "$work/pycache"
head -c 3000000 /dev/urandom >"$work/map.txt"
(cd "$work/run" && HIPPO_HOST=${url[a]} HIPPO_CACHES="[{\"path\": \"$work/pycache\"}]" "$venv/bin/python" "$lib/pyhippo-story.py" "$work") \
    >"$work/story.out" || fail "the Python client's story (see above)"
story_product=$(tail -1 "$work/story.out" | awk '{print $1}')
path=$(XDG_CACHE_HOME="$work/pull-story" HIPPO_HOST=${url[b]} "$sci" henry pull "$story_product" --format json | json 'v[0]["path"]')
cmp -s "$path" "$work/map.txt" || fail "pyhippo's product pulled through b differs"
echo ok
