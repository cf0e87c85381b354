"""Builds the daf_butler side of sky-butler-differential.sh and writes what sci needs to repeat it.

    python sky-butler-differential.py REPO OUT_DIR SEED COUNT

REPO is a daf_butler repository made with fixtures/sky/dimensions.yaml (exposures are spatial). Inserts COUNT
exposures with regions (squares and circles of 0.2-4 degrees, some across RA 0 and near the poles), dataset types
`hpmap` on ("healpix8",) and `htmmap` on ("htm7",) with a dataset for each pixel near 30 of the exposures and for
200 random pixels, and writes into OUT_DIR:

- exposures.csv, hpmap.csv, htmmap.csv and files/: the same records and datasets for `sci butler`;
- checks.jsonl: one check per line, {"args": the `sci butler` arguments after the repository, "key": the output
  field to collect, "expected": the sorted values, "judge": "daf_butler" or "sphgeom"}.

daf_butler is the judge wherever it answers. It refuses spatial joins of exposures with sky pixels other than its
common htm7 ("Unsupported combination for spatial join"); there the expected pixels are sphgeom's, by the rule
daf_butler applies to joined region pairs: the pixel's outline (HealpixPixelization.pixel) overlaps the region.

daf_butler 30.2026.4300 makes CIRCLE(ra, dec, r) a circle of radius 2r, where its documentation and sci say r:
the checks send it CIRCLE(ra, dec, r/2) for sci's CIRCLE(ra, dec, r), and the script fails if that difference is
gone (then sci and its README should say so).
"""
import json
import math
import os
import random
import sys

import lsst.sphgeom as sg
from lsst.daf.butler import Butler, DatasetType
from lsst.daf.butler._exceptions import UnimplementedQueryError

repo, out, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
HP, HTM = sg.HealpixPixelization(8), sg.HtmPixelization(7)


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


def pixels(pixelization, region):
    return sorted(p for begin, end in pixelization.envelope(region) for p in range(begin, end))


butler = Butler.from_config(repo, writeable=True)
butler.registry.insertDimensionData("instrument", {"name": "SPHEREx"})
records, rows, centres, regions = [], [], [], {}
for i in range(1, count + 1):
    ra, dec = position()
    half = rng.uniform(0.2, 4)
    if rng.random() < 0.2:
        pos = f"CIRCLE {ra!r} {dec!r} {half!r}"
    else:
        pos = "POLYGON " + " ".join(f"{lon!r} {lat!r}" for lon, lat in square(ra, dec, half))
    centres.append((ra, dec))
    regions[i] = sg.Region.from_ivoa_pos(pos)
    records.append({"instrument": "SPHEREx", "id": i, "region": regions[i]})
    rows.append(f"SPHEREx,{i},{pos}")
butler.registry.insertDimensionData("exposure", *records)
with open(f"{out}/exposures.csv", "w") as f:
    f.write("instrument,id,region\n" + "\n".join(rows) + "\n")

# Datasets on sky pixels: every pixel of 30 exposures' envelopes (small ones, so the files stay few), and 200
# random pixels anywhere.
stored = {}
small = [i for i in regions if regions[i].getBoundingCircle().getOpeningAngle().asDegrees() < 1.2]
near = rng.sample(small, min(30, len(small)))
os.makedirs(f"{out}/files", exist_ok=True)
butler.registry.registerRun("maps")
for name, dimension, pixelization, first, last in (
    ("hpmap", "healpix8", HP, 0, 12 * 4**8), ("htmmap", "htm7", HTM, 8 * 4**7, 16 * 4**7)
):
    chosen = set()
    for i in near:
        chosen.update(pixels(pixelization, regions[i]))
    chosen.update(rng.randrange(first, last) for _ in range(200))
    stored[name] = sorted(chosen)
    dataset_type = DatasetType(name, (dimension,), "StructuredDataDict", universe=butler.dimensions)
    butler.registry.registerDatasetType(dataset_type)
    butler.registry.insertDatasets(dataset_type, [{dimension: p} for p in stored[name]], run="maps")
    with open(f"{out}/{name}.csv", "w") as f:
        f.write(f"file,{dimension}\n")
        for p in stored[name]:
            path = f"{out}/files/{name}-{p}.json"
            with open(path, "w") as data:
                data.write(json.dumps({dimension: p}))
            f.write(f"{path},{p}\n")

checks = []
refused = {"joins": 0}
circles = {"checked": 0, "as_2r": 0, "not_as_r": 0}


def check(args, key, expected, judge="daf_butler", margin=()):
    """`margin`: values of `expected` sci may leave out (see step 3)."""
    checks.append({"args": args, "key": key, "expected": sorted(expected), "judge": judge, "margin": sorted(margin)})


def near_or_anywhere(k):
    """Half the positions at an exposure's centre or edge, so most clauses find something."""
    if k % 2:
        ra, dec = centres[rng.randrange(count)]
        return (ra + rng.uniform(-3, 3)) % 360, max(-89.9, min(89.9, dec + rng.uniform(-3, 3)))
    return position()


def circle_clauses(ra, dec, r, subject):
    """sci's CIRCLE(ra, dec, r) and the daf_butler clause for the same circle; notes whether daf_butler still
    doubles the radius (its CIRCLE(ra, dec, r) equal to REGION('CIRCLE ra dec 2r'))."""
    return f"{subject} OVERLAPS CIRCLE({ra!r}, {dec!r}, {r!r})", f"{subject} OVERLAPS CIRCLE({ra!r}, {dec!r}, {r / 2!r})"


def exposure_ids(where):
    return sorted(r.id for r in butler.query_dimension_records("exposure", where=where, instrument="SPHEREx", explain=False))


# 1. Spatial clauses on exposures (80).
for k in range(80):
    ra, dec = near_or_anywhere(k)
    kind = k % 5
    if kind in (0, 1):
        ours = peers = f"exposure.region OVERLAPS POINT({ra!r}, {dec!r})"
    elif kind == 2:
        r = rng.uniform(0.01, 2)
        ours, peers = circle_clauses(ra, dec, r, "exposure.region")
        theirs = exposure_ids(f"exposure.region OVERLAPS CIRCLE({ra!r}, {dec!r}, {r!r})")
        circles["checked"] += 1
        circles["as_2r"] += theirs == exposure_ids(f"exposure.region OVERLAPS REGION('CIRCLE {ra!r} {dec!r} {2 * r!r}')")
        circles["not_as_r"] += theirs != exposure_ids(f"exposure.region OVERLAPS REGION('CIRCLE {ra!r} {dec!r} {r!r}')")
    elif kind == 3:
        corners = square(ra, dec, rng.uniform(0.05, 3))
        ours = peers = "exposure.region OVERLAPS POLYGON(" + ", ".join(f"{lon!r}, {lat!r}" for lon, lat in corners) + ")"
    else:
        ours = peers = f"exposure.region OVERLAPS REGION('CIRCLE {ra!r} {dec!r} {rng.uniform(0.01, 3)!r}')"
    check(["query-dimension-records", "exposure", "--where", f"instrument = 'SPHEREx' AND {ours}"], "id", exposure_ids(peers))


def dataset_pixels(name, where, **kwargs):
    dimension = "healpix8" if name == "hpmap" else "htm7"
    refs = butler.query_datasets(name, collections="maps", where=where, explain=False, limit=None, **kwargs)
    return sorted(ref.dataId[dimension] for ref in refs)


def query_datasets(name, where):
    return ["query-datasets", name, "--collections", "maps", "--where", where]


# 2. Datasets on pixels by pixel: healpix8 = N, healpix8 IN (...), htm7 IN (...).
for name, dimension in (("hpmap", "healpix8"), ("htmmap", "htm7")):
    for k in range(6):
        wanted = rng.sample(stored[name], 3) + [stored[name][0] + rng.randrange(1, 5)]
        where = f"{dimension} = {wanted[0]}" if k % 2 else f"{dimension} IN ({', '.join(map(str, wanted))})"
        check(query_datasets(name, where), dimension, dataset_pixels(name, where))

# 3. Datasets on pixels by region: healpix8.region / htm7.region OVERLAPS POINT or CIRCLE, near the poles and RA 0/360.
#    daf_butler keeps the pixels in the region's envelope. sphgeom's HEALPix envelope adds a margin (pixels next to
#    the region at 16 x Nside, neighbours across the pole included) that SciSky's envelope only approximates: the
#    envelope pixels whose outline does not touch the region are that margin, which sci may leave out; every pixel
#    that touches the region must be found, and nothing outside daf_butler's envelope.
margins = 0
for k in range(24):
    name, dimension = (("hpmap", "healpix8"), ("htmmap", "htm7"))[k % 2]
    if k % 3 == 0:
        ra, dec = rng.uniform(-1, 1) % 360, rng.uniform(-60, 60)
    elif k % 3 == 1:
        ra, dec = rng.uniform(0, 360), rng.choice([1, -1]) * rng.uniform(85, 89.9)
    else:
        ra, dec = near_or_anywhere(k)
    centre = sg.UnitVector3d(sg.LonLat.fromDegrees(ra, dec))
    if k % 4 < 2:
        ours = peers = f"{dimension}.region OVERLAPS POINT({ra!r}, {dec!r})"
        region = sg.Circle(centre)
    else:
        r = rng.uniform(0.05, 1.5)
        ours, peers = circle_clauses(ra, dec, r, f"{dimension}.region")
        region = sg.Circle(centre, sg.Angle.fromDegrees(r))
    expected = dataset_pixels(name, peers)
    margin = [p for p in expected if name == "hpmap" and not HP.pixel(p).overlaps(region)]
    margins += len(margin)
    check(query_datasets(name, ours), dimension, expected, margin=margin)


def joined(name, pixelization, where, exposures):
    """daf_butler's answer for datasets on pixels joined to exposures, or sphgeom's where it refuses the join."""
    try:
        return dataset_pixels(name, where, instrument="SPHEREx"), "daf_butler"
    except UnimplementedQueryError:
        refused["joins"] += 1
        candidates = set(stored[name])
        found = set()
        for i in exposures:
            found.update(p for p in pixels(pixelization, regions[i]) if p in candidates and pixelization.pixel(p).overlaps(regions[i]))
        return found, "sphgeom"


# 4. Datasets on pixels joined to exposures: exposure = N (mostly exposures with datasets near them) and IN lists.
for k in range(24):
    name, pixelization = (("hpmap", HP), ("htmmap", HTM))[k % 2]
    exposures = [rng.choice(near) if k % 3 else rng.randrange(1, count + 1)]
    if k % 4 == 3:
        exposures += [rng.choice(near), rng.randrange(1, count + 1)]
    where = f"exposure = {exposures[0]}" if len(exposures) == 1 else f"exposure IN ({', '.join(map(str, exposures))})"
    expected, judge = joined(name, pixelization, where, exposures)
    check(query_datasets(name, f"instrument = 'SPHEREx' AND {where}"), "healpix8" if name == "hpmap" else "htm7", expected, judge)


# 5. Data IDs: the pixels of an exposure (query-data-ids healpix8|htm7 --where "exposure = N"), and the
#    (exposure, htm7) pairs of a few exposures.
def data_ids(dimensions, where):
    return list(butler.query_data_ids(dimensions, where=where, instrument="SPHEREx", explain=False))


for k in range(16):
    exposure = rng.randrange(1, count + 1)
    dimension, pixelization = (("healpix8", HP), ("htm7", HTM))[k % 2]
    where = f"exposure = {exposure}"
    try:
        expected, judge = [d[dimension] for d in data_ids([dimension], where)], "daf_butler"
    except UnimplementedQueryError:
        refused["joins"] += 1
        region = regions[exposure]
        expected, judge = [p for p in pixels(pixelization, region) if pixelization.pixel(p).overlaps(region)], "sphgeom"
    check(["query-data-ids", dimension, "--where", f"instrument = 'SPHEREx' AND {where}"], dimension, expected, judge)
for k in range(4):
    exposures = sorted(rng.sample(range(1, count + 1), 3))
    where = f"exposure IN ({', '.join(map(str, exposures))})"
    pairs = [f"{d['exposure']}/{d['htm7']}" for d in data_ids(["exposure", "htm7"], where)]
    check(["query-data-ids", "exposure", "htm7", "--where", f"instrument = 'SPHEREx' AND {where}"], "exposure/htm7", pairs)

# 6. Exposures by pixel (daf_butler joins its common htm7 to exposures): records and data IDs.
for k in range(6):
    exposures = rng.sample(range(1, count + 1), 2)
    wanted = [rng.choice(pixels(HTM, regions[i])) for i in exposures]
    if k % 2:
        where = f"htm7 = {wanted[0]}"
        check(["query-dimension-records", "exposure", "--where", f"instrument = 'SPHEREx' AND {where}"], "id", exposure_ids(where))
    else:
        where = f"htm7 IN ({', '.join(map(str, wanted))})"
        check(["query-data-ids", "exposure", "--where", f"instrument = 'SPHEREx' AND {where}"], "exposure", [d["exposure"] for d in data_ids(["exposure"], where)])

with open(f"{out}/checks.jsonl", "w") as f:
    for c in checks:
        f.write(json.dumps(c) + "\n")
if circles["as_2r"] != circles["checked"] or circles["not_as_r"] == 0:
    sys.exit(
        f"daf_butler no longer reads CIRCLE(ra, dec, r) as radius 2r (as REGION('CIRCLE ra dec 2r') in {circles['as_2r']} "
        f"of {circles['checked']} clauses): drop the known difference from this case, sci and the README"
    )
print(
    f"{len(checks)} checks; daf_butler refused {refused['joins']} spatial joins of exposures with healpix8 "
    f"(sphgeom judged those); its CIRCLE(ra, dec, r) was REGION('CIRCLE ra dec 2r') in all {circles['checked']} "
    f"circle clauses, and differed from radius r in {circles['not_as_r']}; {margins} healpix8 envelope margin pixels"
)
