"""Runs `sci tiled` for each feature and compares its answers with the Python tiled client's for the same requests.
Usage: tiled-check.py SCI URL KEY WORKDIR. Prints one line per check; exits 1 on the first difference."""
import csv
import datetime
import io
import json
import math
import os
import subprocess
import sys
import urllib.request

import numpy as np
import pandas as pd
from tiled.client import from_uri
from tiled import queries as q

sci, url, key, work = sys.argv[1:5]
client = from_uri(url, api_key=key)


def run(*args):
    result = subprocess.run([sci, "tiled", *args], capture_output=True, text=False)
    if result.returncode != 0:
        sys.exit(f"FAIL: sci tiled {' '.join(args)} exited {result.returncode}: {result.stderr.decode()}")
    return result.stdout


def check(label, ours, theirs):
    if ours != theirs:
        sys.exit(f"FAIL: {label}: sci {ours!r} != python {theirs!r}")
    print(f"ok {label}")


def keys(*args):
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").decode())))
    return [row["key"] for row in rows]


# Listings and the tree.
check("ls /", keys("ls"), list(client))
check("ls run1", keys("ls", "run1"), list(client["run1"]))
check("ls --limit", keys("ls", "--limit", "2"), list(client)[:2])
tree = [row["path"] for row in csv.DictReader(io.StringIO(run("tree", "--depth", "3", "--format", "csv").decode()))]
expected = []
def walk(node, prefix, level):
    for name, child in node.items():
        expected.append(prefix + name)
        if child.structure_family == "container" and level < 3:
            walk(child, prefix + name + "/", level + 1)
walk(client, "", 1)
check("tree --depth 3", tree, expected)

# Metadata and specs.
meta = json.loads(run("meta", "run2"))
check("meta run2 metadata", meta["metadata"], dict(client["run2"].metadata))
check("meta run2 specs", meta["specs"], [s.name for s in client["run2"].specs])
check("meta x nested metadata", json.loads(run("meta", "x"))["metadata"], dict(client["x"].metadata))
# Python's == takes 295 for 295.0: the types must match too (a float stays a float through sci).
check("meta x float stays a float", type(json.loads(run("meta", "x"))["metadata"]["sample"]["temp"]).__name__, "float")

# Searches: the compact form against the Python query objects, one per query type the SQLite catalog supports.
searches = [
    (['start.plan_name == "scan"'], [q.Eq("start.plan_name", "scan")]),
    (["count != 3"], [q.NotEq("count", 3)]),
    (["start.scan_id >= 2"], [q.Comparison("ge", "start.scan_id", 2)]),
    (["start.scan_id < 3", "start.scan_id > 1"], [q.Comparison("lt", "start.scan_id", 3), q.Comparison("gt", "start.scan_id", 1)]),
    (['"red" in fulltext'], [q.FullText("red")]),
    (['"M9" in fulltext'], [q.FullText("M9")]),
    (['tags contains "a"'], [q.Contains("tags", "a")]),
    (['start.plan_name in ["scan","count"]'], [q.In("start.plan_name", ["scan", "count"])]),
    (['start.plan_name not in ["scan"]'], [q.NotIn("start.plan_name", ["scan"])]),
    (["stop exists"], [q.KeyPresent("stop", True)]),
    (["stop !exists"], [q.KeyPresent("stop", False)]),
    (['start.plan_name like "%scan%"'], [q.Like("start.plan_name", "%scan%")]),
    (["spec:BlueskyRun"], [q.SpecsQuery(include=["BlueskyRun"])]),
    (["family:array"], [q.StructureFamilyQuery("array")]),
    (['start.plan_name == "scan"', "stop exists"], [q.Eq("start.plan_name", "scan"), q.KeyPresent("stop", True)]),
]
for conditions, python in searches:
    results = client
    if python is None:
        continue
    for query in python:
        results = results.search(query)
    check(f"search {' AND '.join(conditions)}", keys("search", "/", *conditions), list(results))
check("search key:run2 (lookup)", keys("search", "/", "key:run2"), ["run2"] if "run2" in client else [])
check("search --sort=-start.scan_id spec:BlueskyRun",
      keys("search", "/", "spec:BlueskyRun", "--sort=-start.scan_id"),
      list(client.search(q.SpecsQuery(include=["BlueskyRun"])).sort(("start.scan_id", -1))))
check("search --sort -start.scan_id (a dash-led value)",
      keys("search", "/", "spec:BlueskyRun", "--sort", "-start.scan_id"),
      list(client.search(q.SpecsQuery(include=["BlueskyRun"])).sort(("start.scan_id", -1))))
check("search --limit 2", keys("search", "/", "family:array", "--limit", "2"),
      list(client.search(q.StructureFamilyQuery("array")))[:2])

# Arrays of every dtype, whole, sliced and by block, against `.read()`.
for name in ["arr2d", "i16", "bigend", "u8cube", "f32", "chunked", "nested/inner/ones"]:
    theirs = client[name].read()
    ours = np.array(json.loads(run("get", name, "--format", "json")))
    check(f"get {name} json", (ours.shape, ours.tolist()), (theirs.shape, theirs.tolist()))
    path = f"{work}/{name.replace('/', '_')}.npy"
    run("get", name, "--format", "npy", "--output", path)
    loaded = np.load(path)
    check(f"get {name} npy", (loaded.dtype.newbyteorder("=").str, loaded.tolist()), (theirs.dtype.newbyteorder("=").str, theirs.tolist()))
for name, sl, index in [("arr2d", "1:3,::2", np.s_[1:3, ::2]), ("chunked", "4:6,4:6", np.s_[4:6, 4:6]), ("arr2d", "0", np.s_[0])]:
    theirs = client[name][index]
    ours = np.array(json.loads(run("get", name, "--slice", sl, "--format", "json")))
    check(f"get {name} --slice {sl}", ours.tolist(), np.asarray(theirs).tolist())
ours = np.loadtxt(io.StringIO(run("get", "chunked", "--block", "1,0", "--format", "csv").decode()), delimiter=",")
check("get chunked --block 1,0", ours.tolist(), client["chunked"].read_block((1, 0)).tolist())

# Tables whole, by column, and a run's primary stream.
for name in ["tbl", "run1/primary/data", "run3/primary/data"]:
    frame = client[name].read()
    rows = json.loads(run("get", name, "--format", "json"))
    check(f"get {name} json", rows, json.loads(frame.to_json(orient="records")))
    text = run("get", name, "--format", "csv").decode()
    check(f"get {name} csv columns", next(csv.reader(io.StringIO(text))), list(frame.columns))
# Typed columns (read from Arrow) and a dictionary-encoded one (read as JSON), compared with their JSON types:
# Python's == would take 1 for 1.0 and True for 1.
def plain(value):
    value = value.item() if isinstance(value, np.generic) else value
    # Table JSON writes null for NaN and the infinities, as pandas' to_json does (strict JSON has no such numbers).
    if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value
for name in ["types", "cats"]:
    frame = client[name].read()
    theirs = [{column: plain(frame[column].iloc[i]) for column in frame.columns} for i in range(len(frame))]
    ours = json.loads(run("get", name, "--format", "json"))
    check(f"get {name} json, typed", json.dumps(ours, sort_keys=True), json.dumps(theirs, sort_keys=True))
rows = json.loads(run("get", "run2/primary/data", "--format", "json", "--column", "det1"))
check("get --column det1", [r["det1"] for r in rows], client["run2/primary/data"].read()["det1"].tolist())

# Bluesky runs by time range (ISO 8601 with zones) and plan name, oldest first.
def run_keys(*args):
    return [row["path"] for row in csv.DictReader(io.StringIO(run("runs", "/", *args, "--format", "csv").decode()))]
def python_runs(*queries):
    results = client.search(q.SpecsQuery(include=["BlueskyRun"]))
    for query in queries:
        results = results.search(query)
    return list(results.sort(("start.time", 1)))
check("runs", run_keys(), python_runs())
# run2 started at 2023-11-15T00:13:20Z: 23:30Z to 01:30+01:00 (00:30Z) holds it alone.
utc = datetime.timezone.utc
since, until = datetime.datetime(2023, 11, 14, 23, 30, tzinfo=utc), datetime.datetime(2023, 11, 15, 0, 30, tzinfo=utc)
check("runs --since --until with zones", run_keys("--since", "2023-11-14T23:30:00Z", "--until", "2023-11-15T01:30:00+01:00"),
      python_runs(q.Comparison("ge", "start.time", since.timestamp()), q.Comparison("lt", "start.time", until.timestamp())))
check("runs --plan grid_scan", run_keys("--plan", "grid_scan"), python_runs(q.Eq("start.plan_name", "grid_scan")))
check("runs --since a date", run_keys("--since", "2023-11-15"), python_runs(q.Comparison("ge", "start.time", datetime.datetime(2023, 11, 15, tzinfo=utc).timestamp())))

# Export: a container's tree as files, read back and compared with the Python client's reads.
export = f"{work}/export"
rows = list(csv.DictReader(io.StringIO(run("export", "/", export, "--format", "csv").decode())))
exported = {row["path"]: row["file"] for row in rows}
for name in ["arr2d", "i16", "bigend", "u8cube", "chunked", "nested/inner/ones"]:
    check(f"export {name}.npy", np.load(exported[name]).tolist(), client[name].read().tolist())
for name in ["tbl", "run2/primary/data"]:
    frame = client[name].read()
    with open(exported[name]) as f:
        table = list(csv.DictReader(f))
    check(f"export {name}.csv", [[float(r[c]) if c != "s" else r[c] for c in frame.columns] for r in table],
          [[v for v in row] for row in frame.itertuples(index=False)])
fits = run("export", "arr2d", export + "-fits", "--arrays", "fits", "--format", "csv").decode()
size = os.path.getsize(next(csv.DictReader(io.StringIO(fits)))["file"])
check("export --arrays fits makes whole FITS blocks", size % 2880 == 0 and size > 0, True)

# Upload: a FITS image as an array with its header as metadata, read back by the Python client and compared with the
# pixels numpy reads straight from the file.
subprocess.run([sci, "pipeline", "synth", f"{work}/synth", "--images", "1", "--seed", "3"], check=True, capture_output=True)
image = f"{work}/synth/img0.fits"
run("put", "/", image, "--key", "field0", "--metadata", "band=r", "--metadata", "exposure=120")
raw = open(image, "rb").read()
cards = [raw[i:i + 80].decode("latin-1") for i in range(0, len(raw), 80)]
end = next(i for i, card in enumerate(cards) if card.startswith("END "))
header = {c[:8].strip(): c[10:].split("/")[0].strip() for c in cards[:end] if c[8:10] == "= "}
width, height = int(header["NAXIS1"]), int(header["NAXIS2"])
offset = (end * 80 // 2880 + 1) * 2880
pixels = np.frombuffer(raw, dtype=">f4", count=width * height, offset=offset).reshape(height, width).astype("float64")
uploaded = client["field0"]
check("put FITS pixels", uploaded.read().tolist(), pixels.tolist())
check("put FITS metadata", (uploaded.metadata["band"], uploaded.metadata["exposure"], uploaded.metadata["fits"]["NAXIS1"]),
      ("r", 120, width))
check("put FITS float keywords arrive as floats", [(type(uploaded.metadata["fits"][k]).__name__, uploaded.metadata["fits"][k])
      for k in ["EXPTIME", "EQUINOX", "NAXIS1"]], [("float", 1.0), ("float", 2000.0), ("int", width)])

# Upload: a CSV file as a table (sci writes it as Arrow), read back by the Python client with its types and a null.
with open(f"{work}/scan.csv", "w") as f:
    f.write('time,det1,name,ok\n1,0.5,"a, b",true\n2,1.5,"say ""hi""",false\n3,,d,true\n')
run("put", "run1", f"{work}/scan.csv", "--metadata", "operator=ana")
frame = client["run1/scan"].read()
check("put CSV dtypes", [str(frame[c].dtype) for c in ["time", "det1", "ok"]], ["int64", "float64", "bool"])
check("put CSV values", (frame["time"].tolist(), frame["det1"].tolist()[:2], bool(np.isnan(frame["det1"][2])), frame["name"].tolist(),
                         frame["ok"].tolist()), ([1, 2, 3], [0.5, 1.5], True, ["a, b", 'say "hi"', "d"], [True, False, True]))
check("put CSV metadata", dict(client["run1/scan"].metadata), {"operator": "ana"})
result = subprocess.run([sci, "tiled", "put", "arr2d", f"{work}/scan.csv"], capture_output=True)
check("put into an array node is refused", (result.returncode, result.stderr.decode().splitlines()[:1]),
      (2, ["error: arr2d is an array, not a container"]))

# Server info.
info = {row["item"]: row["value"] for row in csv.DictReader(io.StringIO(run("info", "--format", "csv").decode()))}
served = json.load(urllib.request.urlopen(url + "/api/v1/"))
check("info queries", info["queries"].split(","), served["queries"])
check("info version", info["version"], served["library_version"])

# The differential checks of issue 20: every array of the `dtypes` container (each dtype in both byte orders, chunked
# and not, 64-bit extremes, NaN and the infinities, datetime64 units, zero-size shapes) read by sci whole, sliced, by
# block and exported, compared with what the Python client's `.read()` gives, bit for bit. (Its `read_block` is wrong
# for big-endian arrays, so blocks are compared with the matching part of `.read()`.)
def native(array):
    """The elements in the host's order, as bytes, with their dtype and shape: equal means equal bit for bit."""
    array = np.ascontiguousarray(array)
    dtype = array.dtype.newbyteorder("=")
    return array.astype(dtype).tobytes(), dtype.str, array.shape

def flat(nested):
    return [x for item in nested for x in flat(item)] if isinstance(nested, list) else [nested]

def expected_json(array):
    """What sci's JSON must hold for `array`: Python's own values, times as numpy's ISO 8601 text (numpy's
    datetime_as_string misreads big-endian times, so they are made native first)."""
    array = array.astype(array.dtype.newbyteorder("="))
    if array.dtype.kind == "M":
        return np.datetime_as_string(array).ravel().tolist()
    if array.dtype.kind == "m":
        return ["NaT" if np.isnat(x) else int(x.astype("int64")) for x in array.ravel()]
    return array.ravel().tolist()

def same_json(ours, theirs, kind):
    if kind in "fc":  # NaN equals NaN here; -0.0 and 0.0 differ; NaN payloads are compared through NPY.
        a, b = np.array(ours, dtype="float64"), np.array(theirs, dtype="float64")
        numbers = ~np.isnan(a)
        return a.shape == b.shape and np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a[numbers]), np.signbit(b[numbers]))
    return ours == theirs and [type(x) for x in ours] == [type(x) for x in theirs]

names = list(client["dtypes"])
for name in [n for n in names if client["dtypes"][n].structure_family == "array"]:
    path = f"dtypes/{name}"
    theirs = client[path].read()
    out = f"{work}/{name}.npy"
    run("get", path, "--format", "npy", "--output", out)
    check(f"get {name} npy, bit for bit", native(np.load(out)), native(theirs))
    if theirs.dtype.kind != "c":
        ours = json.loads(run("get", path, "--format", "json"))
        # JSON lists cannot hold the shape of an empty array beyond its first empty dimension, for Python neither.
        shape = np.array(theirs.tolist(), dtype=object).shape if theirs.size else np.array(theirs.tolist()).shape
        check(f"get {name} json shape", np.array(ours, dtype=object).shape if theirs.size else np.array(ours).shape, shape)
        ok = same_json(flat(ours), expected_json(theirs), theirs.dtype.kind)
        check(f"get {name} json values", ok or (flat(ours), expected_json(theirs)), True)
        if theirs.dtype.kind in "iuM":
            cells = [cell for line in run("get", path, "--format", "csv").decode().splitlines() for cell in line.split(",")]
            want = [str(x) for x in expected_json(theirs)]
            check(f"get {name} csv values", cells if theirs.size else [], want)
    if theirs.ndim == 2 and theirs.size:
        ours = np.load(io.BytesIO(run("get", path, "--slice", "1:-1,-3:", "--format", "npy")))
        check(f"get {name} --slice 1:-1,-3:", native(ours), native(theirs[1:-1, -3:]))
        ours = np.load(io.BytesIO(run("get", path, "--slice", "-1", "--format", "npy")))
        check(f"get {name} --slice -1", native(ours), native(theirs[-1]))
        ours = np.load(io.BytesIO(run("get", path, "--slice", "5:2", "--format", "npy")))
        check(f"get {name} --slice 5:2 (empty)", native(ours), native(theirs[5:2]))
    chunks = client[path].structure().chunks
    if any(len(c) > 1 for c in chunks):
        for index in [(0,) * len(chunks), tuple(len(c) - 1 for c in chunks)]:
            region = tuple(slice(sum(c[:i]), sum(c[:i + 1])) for c, i in zip(chunks, index))
            ours = np.load(io.BytesIO(run("get", path, "--block", ",".join(map(str, index)), "--format", "npy")))
            check(f"get {name} --block {index}", native(ours), native(theirs[region]))
exported = {row["path"]: row["file"] for row in csv.DictReader(io.StringIO(run("export", "dtypes", f"{work}/dtypes-export", "--format", "csv").decode()))}
for name in [n for n in names if client["dtypes"][n].structure_family == "array"]:
    check(f"export {name}.npy, bit for bit", native(np.load(exported[f"dtypes/{name}"])), native(client[f"dtypes/{name}"].read()))
ours = np.load(io.BytesIO(run("get", "dtypes/bigend_image", "--format", "npy")))
# In float64: numpy sums a float32 array of the other byte order in another order, so float32 means differ in the last bits.
check("big-endian image in 6 blocks: mean as the Python client reads it", float(ours.astype("float64").mean()),
      float(client["dtypes/bigend_image"].read().astype("float64").mean()))
fits = run("export", "dtypes/bigend_image", f"{work}/image-fits", "--arrays", "fits", "--format", "csv").decode()
image = next(csv.DictReader(io.StringIO(fits)))["file"]
raw = open(image, "rb").read()
header_end = raw.index(b"END" + b" " * 77) + 80
pixels = np.frombuffer(raw, dtype=">f8", count=768 * 1024, offset=(header_end + 2879) // 2880 * 2880).reshape(768, 1024)
check("export --arrays fits of the big-endian image", pixels.tolist() == client["dtypes/bigend_image"].read().astype("float64").tolist(), True)

# The table with nulls and 64-bit extremes, rows in column order.
frame = client["dtypes/nulls"].read()
rows = json.loads(run("get", "dtypes/nulls", "--format", "json"))
theirs = [{column: plain(frame[column].iloc[i]) for column in frame.columns} for i in range(len(frame))]
check("get nulls json, column order", [list(r) for r in rows], [list(frame.columns)] * len(frame))
check("get nulls json, exact", json.dumps(rows), json.dumps(theirs))

# Metadata with 64-bit extremes stays exact and integral.
meta = json.loads(run("meta", "dtypes"))["metadata"]
check("meta 64-bit extremes", [(meta[k], type(meta[k]).__name__) for k in ["lo", "hi", "uhi", "ns"]],
      [(client["dtypes"].metadata[k], "int") for k in ["lo", "hi", "uhi", "ns"]])

# Upload: only JSON-valid numbers are numbers; a CSV integer column with an empty cell stays pandas' nullable Int64.
with open(f"{work}/scan64.csv", "w") as f:
    f.write("n,big,x\n1,18446744073709551615,0.5\n,9223372036854775808,\n9223372036854775807,1,2\n")
run("put", "dtypes", f"{work}/scan64.csv", "--metadata", "zip=02139", "--metadata", "plus=+5", "--metadata", "half=.5",
    "--metadata", "exp=1.5", "--metadata", "lo=-9223372036854775808", "--metadata", "text=hello")
uploaded = client["dtypes/scan64"]
check("put --metadata: only JSON numbers are numbers", dict(uploaded.metadata),
      {"zip": "02139", "plus": "+5", "half": ".5", "exp": 1.5, "lo": -2**63, "text": "hello"})
frame = uploaded.read()
check("put CSV nullable Int64 and uint64 dtypes", [str(frame[c].dtype) for c in frame.columns], ["Int64", "uint64", "float64"])
check("put CSV exact 64-bit values", (frame["n"].tolist()[0], frame["n"].isna().tolist(), frame["n"].tolist()[2], frame["big"].tolist()),
      (1, [False, True, False], 2**63 - 1, [2**64 - 1, 2**63, 1]))

# Every query type the catalog runs, beyond those above: keys_filter, and the limit counted after sci's own filter.
check("search keys:run1,x (keys_filter)", keys("search", "/", "keys:run1,x"), list(client.search(q.KeysFilter(["run1", "x"]))))
matches = [k for k, v in client["m9s"].search(q.FullText("M9")).items() if "M9" in json.dumps(dict(v.metadata))]
check("search --case-sensitive --limit 3", keys("search", "m9s", '"M9" in fulltext', "--case-sensitive", "--limit", "3"), matches[:3])
check("search --case-sensitive finds all", keys("search", "m9s", '"M9" in fulltext', "--case-sensitive"), matches)

# Global options on every command, get included; --timeout and tiled.timeout.
with open(f"{work}/config.toml", "w") as f:
    f.write("[tiled]\ntimeout = 30\n")
for args in [["-v"], ["--quiet"], ["--config", f"{work}/config.toml"], ["-vv", "--timeout", "120"]]:
    check(f"get arr2d {' '.join(args)}", json.loads(run("get", "arr2d", "--format", "json", *args)), client["arr2d"].read().tolist())
result = subprocess.run([sci, "-v", "tiled", "get", "arr2d", "--format", "json"], capture_output=True)
check("sci -v tiled get (global option first)", (result.returncode, json.loads(result.stdout)), (0, client["arr2d"].read().tolist()))
with open(f"{work}/bad.toml", "w") as f:
    f.write("[tiled]\ntimeout = \"soon\"\n")
result = subprocess.run([sci, "tiled", "ls", "--config", f"{work}/bad.toml"], capture_output=True)
check("a bad tiled.timeout is a usage error", (result.returncode, b"tiled.timeout" in result.stderr), (2, True))
print("all checks passed")
