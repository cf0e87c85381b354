#!/usr/bin/env bash
# Server time of the registry's web pages over a large registry: each page kind (home, product, collection, search
# by words, by owner, by a metadata field, a second page of results) requested HIPPO_WEB_RUNS times over one
# keep-alive connection; p50/p95 of the server's own `Server-Timing: render;dur=` and of the whole round trip, in ms.
# The registry (HIPPO_WEB_PRODUCTS products, 100,000 by default) is hippo-registry.py's, with one product in ten
# turned into a mapset (pixelisation and telescope from a fixed seed) so the metadata search has something to find.
# Every product's lists are what the server gives its owner's products (readers [bench], writers [admin, bench]); one
# in a hundred is also readable by `reader`. The fill writes the tables directly, so the read-access index is dropped
# and the server builds it when it opens the registry, as it does for a registry of an older release (timed).
# Served twice: `--auth none` (every product readable), then `--public` to a keyed reader who may read one product
# in a hundred, to the owner of them all (`bench`, through the index) and to an anonymous visitor who may read none
# (collections are public), so pages skip what the visitor may not see. Target: p50 <= 20 ms server time for every
# page (the product page is left out for the anonymous visitor, who may read none).
# Usage: Integration/bench/hippo-web.sh BUILD_DIR   (release build holding sci)
set -euo pipefail
build=$(cd "${1:?usage: hippo-web.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
products=${HIPPO_WEB_PRODUCTS:-100000}
runs=${HIPPO_WEB_RUNS:-100}
work=$(mktemp -d "${BENCH_TMP:-/tmp}/hippo-web.XXXXXX")
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
serve() {
    "$build/sci" -q henry serve --root "$work/root" --port "$port" "$@" >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 200); do curl -s -o /dev/null "$url/web/style.css" && return; sleep 0.1; done
    echo "error: sci henry serve did not start; its log:" >&2; cat "$work/server.log" >&2; exit 1
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

serve --auth none; stop  # creates the schema
reader=$("$build/sci" henry serve keys add reader --read-only --root "$work/root")
owner=$("$build/sci" henry serve keys add bench --read-only --root "$work/root")
python3 "$here/hippo-registry.py" "$work/root/registry.sqlite" "$products" >"$work/fill.txt"
python3 - "$work/root/registry.sqlite" <<'PY'
import json, random, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rng = random.Random(27)
rows = db.execute("SELECT rowid FROM product WHERE current = 1").fetchall()
with db:
    db.execute("UPDATE product SET readers = '[\"bench\"]', writers = '[\"admin\", \"bench\"]'")
    for (rowid,) in rows:
        if rng.random() < 0.1:
            metadata = {"metadata_type": "mapset", "pixelisation": rng.choice(["healpix", "cartesian", "equirectangular"]),
                        "telescope": rng.choice(["ACT", "SAT", "LAT", "Planck"]), "tags": rng.sample(["deep", "wide", "night", "day"], 2)}
            db.execute("UPDATE product SET metadata = ? WHERE rowid = ?", (json.dumps(metadata), rowid))
        if rng.random() < 0.01:
            db.execute("UPDATE product SET readers = '[\"bench\", \"reader\"]' WHERE rowid = ?", (rowid,))
    db.execute("UPDATE collection SET readers = '[\"public\"]'")
    # As a registry of the release before the index: the server builds it from the lists on open.
    db.execute("DROP TABLE product_reader")
    db.execute("DELETE FROM grdb_migrations WHERE identifier = 'product-readers'")
db.close()
PY

measure() {  # LABEL [COOKIE]: prints one line per page
    python3 - "$port" "$runs" "$1" "${2:-}" <<'PY'
import http.client, re, statistics, sys, time
port, runs, label, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
connection = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Cookie": f"sci_hippo_key={key}"} if key else {}
def get(path):
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (path, response.status, body[:300])
    return body.decode(), float(re.search(r"render;dur=([0-9.]+)", response.getheader("Server-Timing")).group(1))
home, _ = get("/web")
product = re.search(r'href="/web/product/([0-9a-f]{24})"', home)
collection = re.search(r'href="/web/collection/([0-9a-f]{24})"', home)
pages = [("home", "/web")]
if product:
    pages.append(("product", f"/web/product/{product.group(1)}"))
if collection:
    pages.append(("collection", f"/web/collection/{collection.group(1)}"))
pages += [("search: 1,000-hit word", "/web/search?q=thousandfold"), ("search: word, page 2", "/web/search?q=thousandfold&page=2"),
          ("search: 1-hit word", "/web/search?q=singleton"), ("search: a word nothing holds", "/web/search?q=nosuchword"),
          ("search: owner", "/web/search?owner=bench"), ("search: owner, page 20", "/web/search?owner=bench&page=20"),
          ("search: an owner of nothing", "/web/search?owner=nobody"),
          ("search: type mapset", "/web/search?type=mapset"),
          ("search: mapset, pixelisation=healpix", "/web/search?type=mapset&mapset.pixelisation=healpix"),
          ("search: mapset, tags holds deep", "/web/search?type=mapset&mapset.tags=deep&mapset.telescope=act"),
          ("search: a field nothing matches", "/web/search?type=mapset&mapset.telescope=nosuch")]
for name, path in pages:
    server, wall = [], []
    for _ in range(runs):
        begin = time.perf_counter()
        _, dur = get(path)
        wall.append((time.perf_counter() - begin) * 1000)
        server.append(dur)
    server.sort(); wall.sort()
    p95 = lambda xs: xs[max(0, int(len(xs) * 0.95) - 1)]
    print(f"{label + ' ' + name:<72} {statistics.median(server):7.2f} / {p95(server):7.2f}   {statistics.median(wall):7.2f} / {p95(wall):7.2f}")
PY
}
echo "registry: $(cat "$work/fill.txt")" >&2
printf '%-72s %17s   %17s\n' "web page ($products products, $runs runs)" "server p50 / p95" "round trip p50/p95"
started=$(date +%s.%N)
serve --auth none
echo "first start, building the read-access index: $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$started" "$(date +%s.%N)")" >&2
measure "all readable:"
stop
serve --public
measure "reader of 1%:" "$reader"
measure "owner of all (through the index):" "$owner"
measure "anonymous, no product public:"
stop
echo "target: p50 <= 20 ms server time for every page"
