"""Loads the sample data of the tiled-peer case into a running Tiled server: arrays of several dtypes and shapes,
a chunked array, tables, nested containers with rich metadata, and Bluesky-like runs with a primary stream."""
import sys

import dask.array
import numpy as np
import pandas as pd
from tiled.client import from_uri

c = from_uri(sys.argv[1], api_key=sys.argv[2])
c.create_container("x", metadata={"color": "red", "count": 3, "tags": ["a", "b"], "sample": {"name": "Si", "temp": 295.0}})
c.write_array(np.arange(12, dtype="float64").reshape(3, 4) / 2, key="arr2d", metadata={"kind": "image", "count": 5})
c.write_array(np.arange(-5, 5, dtype="int16"), key="i16")
c.write_array(np.arange(6, dtype=">i4").reshape(2, 3), key="bigend")
c.write_array(np.arange(8, dtype="uint8").reshape(2, 2, 2), key="u8cube")
c.write_array(np.linspace(0, 1, 5, dtype="float32"), key="f32")
c.write_array(dask.array.from_array(np.arange(100.0).reshape(10, 10), chunks=(5, 5)), key="chunked")
c.write_table(pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [10, 20, 30], "s": ["x", "y", "z"]}), key="tbl", metadata={"kind": "table", "count": 7})
# Every column type sci reads from Arrow (small and unsigned ints, nullable ints, float32 with a NaN, strings with a
# null, naive and UTC timestamps), and a categorical column, which comes dictionary-encoded and is read as JSON instead.
c.write_table(pd.DataFrame({
    "i8": np.array([-1, 2, 3], dtype="int8"), "u16": np.array([1, 65535, 3], dtype="uint16"),
    "n32": pd.array([1, None, 3], dtype="Int32"), "u64": np.array([1, 2**40, 3], dtype="uint64"),
    "f32": np.array([0.1, np.nan, 3.5], dtype="float32"), "flag": [True, False, True], "txt": ["a", None, "ü"],
    "when": pd.to_datetime(["2024-02-29T12:00:00.5", "1969-12-31T23:59:59", "2000-01-01"], format="ISO8601"),
    "whenz": pd.to_datetime(["2024-02-29T12:00:00", "1999-12-31T23:00:00", "2000-01-01"], format="ISO8601").tz_localize("UTC"),
}), key="types")
c.write_table(pd.DataFrame({"cat": pd.Categorical(["a", "b", "a"]), "v": [1, 2, 3]}), key="cats")
nested = c.create_container("nested", metadata={"level": 1, "note": "Messier M9 field"})
inner = nested.create_container("inner", metadata={"level": 2})
inner.write_array(np.ones((2, 2)), key="ones")
for i, (plan, scan_id) in enumerate([("count", 1), ("scan", 2), ("grid_scan", 3)], start=1):
    uid = f"uid-{i:04d}-abcd"
    run = c.create_container(f"run{i}", specs=["BlueskyRun"], metadata={
        "start": {"uid": uid, "plan_name": plan, "scan_id": scan_id, "time": 1700000000.0 + 3600 * i, "detectors": ["det1"]},
        "stop": {"uid": f"stop-{i}", "run_start": uid, "exit_status": "success", "time": 1700000010.0 + 3600 * i,
                 "num_events": {"primary": 3}}})
    primary = run.create_container("primary", specs=["BlueskyEventStream"], metadata={
        "descriptors": [{"uid": f"desc-{i}", "name": "primary", "data_keys": {"det1": {"dtype": "number", "source": "sim"}}}]})
    primary.write_table(pd.DataFrame({"time": [1.0, 2.0, 3.0], "motor": [0.1, 0.2, 0.3], "det1": [5.0, 6.0, 7.0 + i]}), key="data")

# The differential set (issue 20): every dtype in both byte orders, chunked and not, 64-bit extremes, NaN and the
# infinities, datetime64 of every common unit with NaT, zero-size shapes, and a table with nulls and 64-bit extremes.
dt = c.create_container("dtypes", metadata={"lo": -2**63, "hi": 2**63 - 1, "uhi": 2**64 - 1, "ns": 1700000002000000002})
rng = np.random.default_rng(20)
extremes = {
    "i1": [-128, 127, 0, -1], "i2": [-32768, 32767, 0, -1], "i4": [-2**31, 2**31 - 1, 0, -1],
    "i8": [-2**63, 2**63 - 1, 1700000002000000002, -1], "u1": [0, 255, 1, 128], "u2": [0, 65535, 1, 32768],
    "u4": [0, 2**32 - 1, 1, 2**31], "u8": [0, 2**64 - 1, 2**63, 1700000002000000002],
    "f2": [np.nan, np.inf, -np.inf, -0.0], "f4": [np.nan, np.inf, -np.inf, 1e-45], "f8": [np.nan, np.inf, -np.inf, 5e-324],
    "b1": [True, False, True, True], "c8": [1 + 2j, np.nan, -0.0, 3j], "c16": [1 + 2j, np.inf, -1e300j, 0],
}
for code, values in extremes.items():
    for order in "<>":
        dtype = np.dtype(code).newbyteorder(order) if np.dtype(code).itemsize > 1 else np.dtype(code)
        if order == ">" and dtype.itemsize == 1:
            continue
        base = np.array(values * 12, dtype=dtype)  # 48 elements: 4 extremes, then random bits of the same type
        noise = rng.integers(0, 256, size=44 * dtype.itemsize, dtype=np.uint8).view(dtype.newbyteorder("="))
        base[4:] = noise.astype(dtype) if code != "b1" else noise.astype(bool)
        array = base.reshape(6, 8)
        name = f"{code}{'be' if order == '>' else 'le'}"
        dt.write_array(array, key=name)
        dt.write_array(dask.array.from_array(array, chunks=(3, 8)), key=name + "_chunked")
for unit in ["ns", "us", "ms", "s", "m", "h", "D", "M", "Y"]:
    times = np.array(["2024-02-29T12:34:56.123456789", "NaT", "1969-12-31T23:59:59.999999999", "1677-09-22", "2262-04-11"],
                     dtype="datetime64[ns]").astype(f"datetime64[{unit}]")
    dt.write_array(times, key=f"M8_{unit}")
dt.write_array(np.array(["2024-01-01", "NaT"], dtype=">M8[D]"), key="M8_D_be")
dt.write_array(np.array([5, -3, "NaT"], dtype="m8[ms]"), key="m8_ms")
dt.write_array(np.array(["a", "ü€", "💡x"], dtype="<U3"), key="U3")
dt.write_array(np.zeros((3, 0)), key="empty30")
dt.write_array(np.zeros((0,), dtype=">i8"), key="empty0")
dt.write_array(np.zeros((0, 5), dtype="f4"), key="empty05")
# A big-endian image in blocks, as astropy gives BITPIX=-32 data: 3 MB in 6 blocks.
image = (rng.random((768, 1024)) * 2000).astype(">f4")
dt.write_array(dask.array.from_array(image, chunks=(256, 512)), key="bigend_image")
dt.write_table(pd.DataFrame({
    "n": pd.array([1, None, 2**63 - 1, -2**63], dtype="Int64"), "u": np.array([0, 2**63, 2**64 - 1, 1], dtype="uint64"),
    "i": np.array([-2**63, 2**63 - 1, 0, 1700000002000000002], dtype="int64"), "f": [0.1, np.nan, np.inf, -0.0],
    "s": ["a", None, "ü", ""], "b": [True, False, True, False],
}), key="nulls")
# Notes matching "M9" in either case, to check that --limit counts after sci's case-sensitive fulltext filter.
m9 = c.create_container("m9s")
for i in range(8):
    m9.create_container(f"n{i}", metadata={"note": f"Messier {'M9' if i % 2 else 'm9'} field {i}"})
print("loaded")
