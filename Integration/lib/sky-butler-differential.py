"""Builds the daf_butler side of sky-butler-differential.sh and writes what sci needs to repeat it.

    python sky-butler-differential.py REPO OUT_DIR SEED COUNT

REPO is a daf_butler repository made with fixtures/sky/dimensions.yaml (exposures are spatial). Inserts COUNT
exposures with regions (squares and circles of 0.2-4 degrees, some across RA 0 and near the poles), writes
OUT_DIR/exposures.csv (the same records as IVOA POS text for `sci butler insert-dimension-records`) and
OUT_DIR/clauses.jsonl: one where-clause per line with the exposure ids daf_butler returns for it, and
OUT_DIR/htm7.jsonl: the htm7 pixels (daf_butler's common sky pixels) of exposures 1-12 from `query_data_ids`.
"""
import json
import math
import random
import sys

import lsst.sphgeom as sg
from lsst.daf.butler import Butler

repo, out, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)


def position():
    ra, dec = rng.uniform(0, 360), math.degrees(math.asin(rng.uniform(-1, 1)))
    roll = rng.random()
    if roll < 0.1:
        ra = rng.uniform(359, 361) % 360
    elif roll < 0.2:
        dec = rng.choice([1, -1]) * rng.uniform(86, 89.5)
    return ra, dec


def square(ra, dec, half):
    """The corners of a square of half-size `half` degrees on the tangent plane at (ra, dec), as lon/lat pairs."""
    c = sg.UnitVector3d(sg.LonLat.fromDegrees(ra, dec))
    east = sg.UnitVector3d(sg.Vector3d(0, 0, 1).cross(c))
    north = sg.UnitVector3d(c.cross(east))
    t = math.tan(math.radians(half))
    out = []
    for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        p = sg.LonLat(sg.UnitVector3d(c + east * (a * t) + north * (b * t)))
        out.append((p.getLon().asDegrees(), p.getLat().asDegrees()))
    return out


butler = Butler.from_config(repo, writeable=True)
butler.registry.insertDimensionData("instrument", {"name": "SPHEREx"})
records, rows = [], []
centres = []
for i in range(1, count + 1):
    ra, dec = position()
    half = rng.uniform(0.2, 4)
    if rng.random() < 0.2:
        pos = f"CIRCLE {ra!r} {dec!r} {half!r}"
    else:
        pos = "POLYGON " + " ".join(f"{lon!r} {lat!r}" for lon, lat in square(ra, dec, half))
    centres.append((ra, dec))
    records.append({"instrument": "SPHEREx", "id": i, "region": sg.Region.from_ivoa_pos(pos)})
    rows.append(f"SPHEREx,{i},{pos}")
butler.registry.insertDimensionData("exposure", *records)
with open(f"{out}/exposures.csv", "w") as f:
    f.write("instrument,id,region\n" + "\n".join(rows) + "\n")

clauses = []
for k in range(120):
    # Half the positions at an exposure's centre or edge, so most clauses find something.
    if k % 2:
        ra, dec = centres[rng.randrange(count)]
        ra, dec = (ra + rng.uniform(-3, 3)) % 360, max(-89.9, min(89.9, dec + rng.uniform(-3, 3)))
    else:
        ra, dec = position()
    kind = k % 5
    if kind in (0, 1):
        clauses.append(f"exposure.region OVERLAPS POINT({ra!r}, {dec!r})")
    elif kind == 2:
        clauses.append(f"exposure.region OVERLAPS CIRCLE({ra!r}, {dec!r}, {rng.uniform(0.01, 2)!r})")
    elif kind == 3:
        corners = square(ra, dec, rng.uniform(0.05, 3))
        clauses.append("exposure.region OVERLAPS POLYGON(" + ", ".join(f"{lon!r}, {lat!r}" for lon, lat in corners) + ")")
    else:
        clauses.append(f"exposure.region OVERLAPS REGION('CIRCLE {ra!r} {dec!r} {rng.uniform(0.01, 3)!r}')")
with open(f"{out}/clauses.jsonl", "w") as f:
    for where in clauses:
        ids = sorted(r.id for r in butler.query_dimension_records("exposure", where=where, instrument="SPHEREx", explain=False))
        f.write(json.dumps({"where": where, "ids": ids}) + "\n")
with open(f"{out}/htm7.jsonl", "w") as f:
    for exposure in range(1, min(count, 12) + 1):
        pixels = sorted(d["htm7"] for d in butler.query_data_ids(["htm7"], where=f"exposure = {exposure}", instrument="SPHEREx", explain=False))
        f.write(json.dumps({"exposure": exposure, "htm7": pixels}) + "\n")
