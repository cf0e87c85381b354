#!/usr/bin/env bash
# The long run of the registry's fuzz test, against the release `sci henry serve` itself (where a trap ends the
# process): SCI_HIPPO_FUZZ_REQUESTS random and boundary requests (default 20,000) from SCI_HIPPO_FUZZ_SEED (default
# 19) at every route, with and without a key, with ranges at every edge and sizes near Int64.max. Passes when no
# answer is a 5xx, no connection is dropped, the server never logs a failure, and it serves a fresh push at the end.
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -s "$work/server.log" ] && tail -5 "$work/server.log" | sed 's/^/  server: /'; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key=$("$build/sci" henry serve keys add fuzzer --admin --root "$work/root") || fail "keys add"
"$build/sci" henry serve --public --root "$work/root" --port "$port" --max-source-size 1G >>"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/product/search/x" && break; sleep 0.1; done

python3 - "$port" "$key" "${SCI_HIPPO_FUZZ_REQUESTS:-20000}" "${SCI_HIPPO_FUZZ_SEED:-19}" <<'PY' || fail "the fuzz run (above)"
import http.client, json, random, sys, urllib.parse
port, key, count, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)

def send(method, path, headers=None, body=b""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    headers = dict(headers or {})
    headers.setdefault("Host", f"127.0.0.1:{port}")
    for name, value in headers.items():
        # Any text goes as raw UTF-8; http.client refuses line breaks inside a value, so they become spaces here.
        text = value.replace("\r", " ").replace("\n", " ") if isinstance(value, str) else value
        connection.putheader(name, text.encode("utf-8") if isinstance(text, str) else text)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data

auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def create(name, data):
    status, body = send("PUT", "/product/new", auth, json.dumps({"name": name, "description": "fuzz target", "multipart_batch_size": 1024,
        "sources": {"data": {"name": "t.bin", "size": len(data), "checksum": checksum(data)}}, "product_readers": ["public"]}).encode())
    assert status == 200, (status, body)
    return json.loads(body)

def checksum(data):
    # XXH64, seed 0 (xxhash is not installed here): the spec's algorithm in Python.
    P1, P2, P3, P4, P5 = 11400714785074694791, 14029467366897019727, 1609587929392839161, 9650029242287828579, 2870177450012600261
    M = (1 << 64) - 1
    rotl = lambda x, r: ((x << r) | (x >> (64 - r))) & M
    def round_(acc, lane): return (rotl((acc + lane * P2) & M, 31) * P1) & M
    def merge(acc, v): return ((acc ^ round_(0, v)) * P1 + P4) & M
    n, i = len(data), 0
    if n >= 32:
        v = [(P1 + P2) & M, P2, 0, (-P1) & M]
        while i + 32 <= n:
            for j in range(4):
                v[j] = round_(v[j], int.from_bytes(data[i + 8 * j:i + 8 * j + 8], "little"))
            i += 32
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & M
        for x in v: h = merge(h, x)
    else:
        h = P5
    h = (h + n) & M
    while i + 8 <= n:
        h = (rotl(h ^ round_(0, int.from_bytes(data[i:i + 8], "little")), 27) * P1 + P4) & M; i += 8
    if i + 4 <= n:
        h = (rotl(h ^ (int.from_bytes(data[i:i + 4], "little") * P1) & M, 23) * P2 + P3) & M; i += 4
    while i < n:
        h = (rotl(h ^ (data[i] * P5) & M, 11) * P1) & M; i += 1
    h ^= h >> 33; h = (h * P2) & M; h ^= h >> 29; h = (h * P3) & M; h ^= h >> 32
    return f"xxh64:{h:016x}"

assert checksum(b"abc") == "xxh64:44bc2cf5ad770999" and checksum(b"") == "xxh64:ef46db3751d8e999"
pending = create("pending target", b"x" * 5000)
uploads = [urllib.parse.urlsplit(u) for u in pending["upload_urls"]["t.bin"]]
uploads = [f"{u.path}?{u.query}" for u in uploads]
done = create("range target", b"abc")
part = urllib.parse.urlsplit(done["upload_urls"]["t.bin"][0])
connection = http.client.HTTPConnection("127.0.0.1", port)
connection.request("PUT", f"{part.path}?{part.query}", body=b"abc")
response = connection.getresponse(); etag = response.getheader("ETag"); response.read()
status, body = send("POST", f"/product/{done['id']}/complete", auth, json.dumps({"headers": {"t.bin": [{"ETag": etag}]}, "sizes": {"t.bin": [3]}}).encode())
assert status == 200, (status, body)
status, body = send("GET", f"/product/{done['id']}/files", auth)
download = urllib.parse.urlsplit(json.loads(body)["files"]["data"]["url"])
download = f"{download.path}?{download.query}"

numbers = [0, 1, -1, 2, 3, 1023, 1024, 52428800, 2**63 - 1, -2**63, 2**63, 2**64, 2**53, 5 << 30, 10**13, 1e308, -0.0, 0.5, "12", None, True, [], {}]
texts = ["", "a", "..", ".", "/", "a/b", "../../etc/passwd", "%2e%2e", "\n", "line\nbreak", "\0", "tab\t", "x" * 300, "é", "日本語",
         "\u202eevil", "data", "map", "tree", "files", "search", "null", "{}", "'; DROP TABLE product; --"]
ids = [pending["id"], done["id"], pending["id"].upper(), "0123456789abcdef01234567", "f" * 24, "xyz", "a" * 24, "A" * 25, "%00", "%ZZ", "-1"]
ranges = ["bytes=0-", "bytes=3-", "bytes=10-", "bytes=2-1", "bytes=5-9", "bytes=-0", "bytes=-1", "bytes=-99999999999999999999",
          "bytes=99999999999999999999-", "bytes=0-99999999999999999999", "bytes=9223372036854775807-", "bytes=1-2,3-4", "bytes=",
          "bytes=-", "bytes=+1-2", "items=0-1", "bytes=0--1", "bytes=18446744073709551616-"]
seg = lambda: urllib.parse.quote(rng.choice(texts) if rng.random() < 0.3 else rng.choice(ids), safe="")
def source():
    return {"name": rng.choice(texts + ["f.bin"]), "size": rng.choice(numbers), "checksum": rng.choice(["xxh64:0000000000000000", rng.choice(texts)]),
            "description": rng.choice(texts)}
def body():
    kind = rng.randrange(9)
    if kind == 0: return bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    if kind == 1: return b"[" * 5000
    if kind == 2: return b'{"name": "cut'
    if kind == 3: value = {"name": rng.choice(texts), "description": rng.choice(texts), "multipart_batch_size": rng.choice(numbers),
                           "metadata": rng.choice([None, {"metadata_type": "mapset"}, {"metadata_type": rng.choice(texts)}, rng.choice(numbers)]),
                           "sources": {rng.choice(["data", "map"] + texts): source()}, "product_readers": [rng.choice(texts)]}
    elif kind == 4: value = {"headers": {"t.bin": [{"ETag": rng.choice(texts)}]}, "sizes": {"t.bin": [rng.choice(numbers)]}}
    elif kind == 5: value = {"level": rng.choice(numbers), "name": rng.choice(texts), "new_sources": {rng.choice(texts): source()},
                             "replace_sources": {"data": source()}, "drop_sources": [rng.choice(texts)], "owner": rng.choice(texts)}
    elif kind == 6: value = {"description": rng.choice(texts), "readers": rng.choice(numbers)}
    elif kind == 7: value = rng.choice(numbers)
    else: value = {rng.choice(texts): rng.choice(numbers)}
    return json.dumps(value).encode()
def path():
    kind = rng.randrange(12)
    if kind == 0: return "/product/new"
    if kind == 1: return f"/product/{seg()}"
    if kind == 2: return f"/product/{seg()}/{rng.choice(['tree', 'files', 'data', 'complete', 'update', 'diff', 'confirm', 'pin', 'unpin', seg()])}"
    if kind == 3: return f"/product/search/{seg()}"
    if kind == 4: return f"/relationships/collection/{seg()}"
    if kind == 5: return f"/relationships/collection/{rng.choice(['search', seg()])}/{seg()}"
    if kind == 6: return f"/relationships/{rng.choice(['collection', 'product'])}/{seg()}/{rng.choice(['child_of', seg()])}/{seg()}"
    if kind == 7:
        url = rng.choice(uploads)
        bend = rng.randrange(4)
        if bend == 0: return url
        if bend == 1: return url.replace("/1?", f"/{rng.choice(['0', '-1', '9223372036854775807', '9223372036854775808', '99', '1.5', '%31'])}?")
        if bend == 2: return url.replace("expires=", f"expires={rng.choice(['-', '9', '99999999999999999999', '1e9'])}")
        return f"/upload/{seg()}/{seg()}?expires={rng.choice(['1', '9223372036854775807', 'x'])}&signature={seg()}"
    if kind in (8, 9): return download if rng.random() < 0.75 else f"/download/{seg()}/{seg()}?expires=1&signature=x"
    if kind == 10: return f"/{seg()}"
    return f"/product/{seg()}?data={urllib.parse.quote(rng.choice(texts))}"

statuses = {}
for index in range(count):
    method = rng.choice(["GET", "GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "FOO"])
    headers = {"Content-Type": "application/json"}
    if rng.random() < 0.5: headers["Range"] = rng.choice(ranges)
    who = rng.randrange(6)
    if who < 3: headers["Authorization"] = f"Bearer {key}"
    elif who == 3: headers["Authorization"] = rng.choice(["", "Bearer", "Bearer hippo_wrong", "Basic eA==", f"Bearer {rng.choice(texts)}"])
    elif who == 4: headers["Host"] = rng.choice(["attacker.example:9999", "[::1]:1", "h" * 300])
    p = path()
    try:
        status, data = send(method, p, headers, b"" if method in ("GET", "HEAD") else body())
    except Exception as error:
        sys.exit(f"request {index}: {method} {p[:120]} got no answer: {error!r}")
    statuses[status] = statuses.get(status, 0) + 1
    if status >= 500:
        sys.exit(f"request {index}: {method} {p[:120]} answered {status} {data[:200]!r}")
# Still serving, and right: the first file's tail, unless a random request with the key deleted its product (404).
status, data = send("GET", download, {"Range": "bytes=1-"})
assert (status, data) == (206, b"bc") or status == 404, (status, data)
print(f"{count} requests from seed {seed}: " + ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items())))
PY
kill -0 "$server_pid" 2>/dev/null || fail "the server died"
! grep -q "failed:" "$work/server.log" || fail "the server logged a failure: $(grep -m3 'failed:' "$work/server.log")"
echo ok
