#!/usr/bin/env bash
# HIPPO's own Python client (pyhippo: henry and hippoclient) against `sci henry serve --auth none`: push a product with
# a file and metadata, read, search, pull through the cache, download, then a nested collection, read, search, pull.
# The client is the judge of compatibility. Needs python3 and PyPI the first time (venv in ~/.cache/sci/peers/hippo).
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
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

"$venv/bin/python" - "$work" <<'PY' || fail "the Python client (see above)"
import sys
from pathlib import Path

import hippoclient.collections as collections
import hippoclient.product as product
from henry import Henry
from henry.source import LocalSource
from hippometa import CatalogMetadata

work = Path(sys.argv[1])
data = (work / "map.txt").read_bytes()
henry = Henry()

local = henry.new_product(
    name="sci peer catalog", description="a catalog pushed by the peer test",
    metadata=CatalogMetadata(file_type="txt", telescope="LAT"),
    sources={"data": LocalSource(path=work / "map.txt", description="the catalog")})
pid = henry.push(local)

remote = henry.pull_product(pid)
assert remote.name == "sci peer catalog", remote.name
assert remote.metadata.telescope == "LAT", remote.metadata
assert remote.version == "1.0.0", remote.version
assert Path(remote.sources["data"].path).read_bytes() == data, "pulled bytes differ"

found = product.search(henry.client, "peer")
assert [p.id for p in found] == [pid] or str(found[0].id) == pid, found

folder = henry.download_product(pid, work / "run")
assert (folder / "data" / "map.txt").read_bytes() == data, "downloaded bytes differ"

inner = henry.new_collection(name="sci peer inner", description="a child collection")
outer = henry.new_collection(name="sci peer outer", description="a collection with a product", products=[local], collections=[inner])
cid = henry.push(outer)

read = collections.read(henry.client, cid)
assert read.name == "sci peer outer", read
assert [str(p.id) for p in read.products] == [pid], read.products
assert [c.name for c in read.child_collections] == ["sci peer inner"], read.child_collections
child = collections.read(henry.client, str(read.child_collections[0].id))
assert [str(c.id) for c in child.parent_collections] == [cid], child.parent_collections
assert cid in [str(c.id) for c in collections.search(henry.client, "outer")]

# hippoclient's collections.cache recurses into child collections through a parameter that shadows itself
# ('MultiCache' object is not callable), so a collection with children is pulled without realizing its sources;
# the products are pulled (and realized) one by one.
pulled = henry.pull_collection(cid, realize_sources=False)
assert [p.product_id for p in pulled.products] == [pid], pulled.products
assert [c.collection_id for c in pulled.collections] == [str(read.child_collections[0].id)], pulled.collections
assert Path(henry.pull_product(pid).sources["data"].path).read_bytes() == data

assert str(product.read(henry.client, pid).collections[0]) == cid
print(pid, cid)
PY

# The CLI prints only when verbose.
HIPPO_VERBOSE=true "$venv/bin/henry" product search peer >"$work/cli.txt" 2>&1 || fail "henry product search: $(cat "$work/cli.txt")"
grep -q "sci peer catalog" "$work/cli.txt" || fail "henry product search does not list the product: $(cat "$work/cli.txt")"
echo ok
