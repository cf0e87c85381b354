#!/usr/bin/env python3
"""Reference vectors for SciSkyTests: HTM and HEALPix indexes, region coverage and WCS pixel positions from the
peers themselves (lsst.sphgeom and hpgeom from the butler venv, healpy and astropy.wcs from the sky venv).

    ~/.cache/sci/peers/butler/bin/python generate.py [--seed N] [--out reference.json]

The checked-in reference.json is seed 28; the integration case (Integration/cases/sky-differential.sh) runs this with
a fresh seed and the Swift tests compare against that file instead.
"""
import argparse
import glob
import json
import math
import os
import random
import sys

# healpy and astropy live in the sky venv; numpy is the butler venv's own (the same version).
for site in glob.glob(os.path.expanduser("~/.cache/sci/peers/sky/lib/python3*/site-packages")):
    sys.path.append(site)

import healpy  # noqa: E402
import lsst.sphgeom as sg  # noqa: E402
import numpy as np  # noqa: E402
from astropy.io import fits  # noqa: E402
from astropy.wcs import WCS  # noqa: E402

HTM_LEVELS = range(0, 25)
HEALPIX_LEVELS = range(0, 30)
SPHGEOM_HEALPIX_LEVELS = range(0, 18)


def vec(lon, lat):
    v = sg.UnitVector3d(sg.LonLat.fromDegrees(lon, lat))
    return [v.x(), v.y(), v.z()]


def ranges(rs):
    return [[int(a), int(b)] for a, b in rs]


SCALE = 1  # --scale multiplies the random points and regions (the integration case asks for more)


def points(rng):
    pts = [(150.1, 2.2)]
    for _ in range(40 * SCALE):
        pts.append((rng.uniform(0, 360), math.degrees(math.asin(rng.uniform(-1, 1)))))
    for _ in range(8 * SCALE):  # near the poles
        pts.append((rng.uniform(0, 360), rng.choice([1, -1]) * rng.uniform(89.9, 90 - 1e-9)))
    for _ in range(8 * SCALE):  # near RA 0/360
        pts.append((rng.choice([rng.uniform(0, 0.01), rng.uniform(359.99, 360 - 1e-12)]), rng.uniform(-80, 80)))
    out = []
    for lon, lat in pts:
        v = vec(lon, lat)
        uv = sg.UnitVector3d(*v)
        out.append({
            "lon": lon, "lat": lat, "vector": v,
            "htm": [int(sg.HtmPixelization(level).index(uv)) for level in HTM_LEVELS],
            "nested": [int(healpy.ang2pix(1 << level, lon, lat, nest=True, lonlat=True)) for level in HEALPIX_LEVELS],
            "ring": [int(healpy.ang2pix(1 << level, lon, lat, nest=False, lonlat=True)) for level in HEALPIX_LEVELS],
            "sphgeomHealpix": [int(sg.HealpixPixelization(level).index(uv)) for level in SPHGEOM_HEALPIX_LEVELS],
        })
    return out


def pixel_size(level):
    """HEALPix pixel side in degrees at a level."""
    return math.degrees(math.sqrt(4 * math.pi / (12 * 4**level)))


def centres(rng):
    cs = [(150.1, 2.2)]
    for _ in range(5 * SCALE):
        cs.append((rng.uniform(0, 360), math.degrees(math.asin(rng.uniform(-1, 1)))))
    for _ in range(3 * SCALE):
        cs.append((rng.uniform(0, 360), rng.choice([1, -1]) * rng.uniform(88, 90)))
    for _ in range(3 * SCALE):
        cs.append((rng.choice([rng.uniform(0, 0.5), rng.uniform(359.5, 360)]), rng.uniform(-60, 60)))
    return cs


def coverage(region, rng, out, hl, size):
    """sphgeom's envelope and interior at HEALPix level hl and at an HTM level whose trixels are near `size`."""
    tl = max(0, min(24, int(round(math.log2(90 / size))) + rng.choice([-1, 0, 1, 2])))
    hp = sg.HealpixPixelization(hl)
    htm = sg.HtmPixelization(tl)
    out["healpixLevel"] = hl
    out["htmLevel"] = tl
    out["healpixEnvelope"] = ranges(hp.envelope(region))
    out["healpixInterior"] = ranges(hp.interior(region))
    out["htmEnvelope"] = ranges(htm.envelope(region))
    out["htmInterior"] = ranges(htm.interior(region))
    return hl


def circles(rng):
    out = []
    for lon, lat in centres(rng):
        c = {"lon": lon, "lat": lat, "center": vec(lon, lat)}
        level = rng.choice([0, 1, 2, 3, 5, 8, 11, 14, 17])
        radius = min(60.0, pixel_size(level) * rng.uniform(0.3, 12))
        c["radius"] = radius
        circle = sg.Circle(sg.UnitVector3d(*c["center"]), sg.Angle.fromDegrees(radius))
        hl = coverage(circle, rng, c, level, radius)
        # healpy's pixels whose centres lie inside: every envelope must hold them.
        c["healpyCentres"] = sorted(int(p) for p in healpy.query_disc(
            1 << hl, np.array(c["center"]), math.radians(radius), inclusive=False, nest=True))
        out.append(c)
    return out


def polygons(rng):
    out = []
    for lon, lat in centres(rng):
        level = rng.choice([0, 2, 5, 8, 11, 14, 17])
        size = min(30.0, pixel_size(level) * rng.uniform(0.5, 10))
        n = rng.choice([3, 4, 5, 6])
        angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(n))
        centre = sg.UnitVector3d(*vec(lon, lat))
        east = sg.UnitVector3d(sg.Vector3d(0, 0, 1).cross(centre)) if abs(lat) < 89.999 else sg.UnitVector3d(0, 1, 0)
        north = sg.UnitVector3d(centre.cross(east))
        t = math.tan(math.radians(size))
        verts = []
        for a in angles:
            r = t * rng.uniform(0.5, 1.0)
            verts.append(sg.UnitVector3d(centre + east * (r * math.cos(a)) + north * (r * math.sin(a))))
        poly = sg.ConvexPolygon.convexHull(verts)
        p = {"vertices": [[v.x(), v.y(), v.z()] for v in poly.getVertices()]}
        hl = coverage(poly, rng, p, level, size)
        p["healpyCentres"] = sorted(int(q) for q in healpy.query_polygon(
            1 << hl, np.array(p["vertices"]), inclusive=False, nest=True))
        # Points to test containment against sphgeom's answer.
        probes = []
        for _ in range(20):
            a = rng.uniform(0, 2 * math.pi)
            r = t * rng.uniform(0, 1.2)
            q = sg.UnitVector3d(centre + east * (r * math.cos(a)) + north * (r * math.sin(a)))
            probes.append({"vector": [q.x(), q.y(), q.z()], "inside": bool(poly.contains(q))})
        p["probes"] = probes
        out.append(p)
    return out


def headers(rng):
    """A plain TAN, a TAN-SIP and two SCAMP-style TPV headers (one across RA 0, one near the pole)."""
    base = lambda ra, dec, rot, scale: {
        "NAXIS": 2, "NAXIS1": 2048, "NAXIS2": 4096, "CRPIX1": 1024.5, "CRPIX2": 2048.5, "CRVAL1": ra, "CRVAL2": dec,
        "CD1_1": -scale * math.cos(rot), "CD1_2": scale * math.sin(rot),
        "CD2_1": scale * math.sin(rot), "CD2_2": scale * math.cos(rot), "CUNIT1": "deg", "CUNIT2": "deg",
        "RADESYS": "ICRS",
    }
    hs = []
    h = base(150.1, 2.2, math.radians(rng.uniform(0, 360)), 0.27 / 3600)
    h.update({"CTYPE1": "RA---TAN", "CTYPE2": "DEC--TAN"})
    hs.append(h)
    h = base(rng.uniform(0, 360), rng.uniform(-60, 60), math.radians(rng.uniform(0, 360)), 6.2 / 3600)
    h.update({"CTYPE1": "RA---TAN-SIP", "CTYPE2": "DEC--TAN-SIP", "A_ORDER": 3, "B_ORDER": 3,
              "A_2_0": 2.1e-6, "A_1_1": -1.3e-6, "A_0_2": 4.0e-7, "A_3_0": -3.2e-10, "A_2_1": 1.1e-10,
              "A_1_2": -6.0e-11, "A_0_3": 2.0e-11,
              "B_2_0": -5.0e-7, "B_1_1": 1.7e-6, "B_0_2": -2.4e-6, "B_3_0": 1.0e-11, "B_2_1": -2.2e-10,
              "B_1_2": 8.0e-11, "B_0_3": -3.0e-10})
    hs.append(h)
    for ra, dec in [(0.02, rng.uniform(-30, 30)), (rng.uniform(0, 360), 88.5)]:
        h = base(ra, dec, math.radians(rng.uniform(0, 360)), 0.6 / 3600)
        h.update({"CTYPE1": "RA---TPV", "CTYPE2": "DEC--TPV"})
        for axis in (1, 2):
            coeffs = [rng.uniform(-2e-5, 2e-5), 1 + rng.uniform(-1e-3, 1e-3), rng.uniform(-1e-3, 1e-3), 0.0]
            coeffs += [rng.uniform(-3e-3, 3e-3) for _ in range(3)]
            coeffs += [rng.uniform(-0.05, 0.05) for _ in range(4)]
            for k, c in enumerate(coeffs):
                h[f"PV{axis}_{k}"] = c
        hs.append(h)
    out = []
    for h in hs:
        header = fits.Header()
        for k, v in h.items():
            header[k] = v
        w = WCS(header)
        xs = [0.5, 1, 700.25, 1024.5, 2048, 2048.5]
        ys = [0.5, 1, 1500.75, 2048.5, 4096, 4096.5]
        px = [(x, y) for x in xs for y in ys]
        world = w.all_pix2world(np.array(px), 1)
        out.append({"header": h, "pixels": [[x, y] for x, y in px],
                    "world": [[float(a), float(b)] for a, b in world]})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=28)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"))
    ap.add_argument("--scale", type=int, default=1, help="multiply the number of points and regions")
    args = ap.parse_args()
    global SCALE
    SCALE = max(1, args.scale)
    rng = random.Random(args.seed)
    ref = {
        "seed": args.seed,
        "versions": {"sphgeom": sg.version.__version__, "healpy": healpy.__version__},
        "points": points(rng),
        "circles": circles(rng),
        "polygons": polygons(rng),
        "wcs": headers(rng),
    }
    with open(args.out, "w") as f:
        json.dump(ref, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
