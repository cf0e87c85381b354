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
print("loaded")
