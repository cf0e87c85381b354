# Compares the outputs of `pipetask run` and `sci butler run`: python pipetask-compare.py PEER_REPO SCI_CSV TYPE COLLECTION
# PEER_REPO is the daf_butler repository; SCI_CSV is `sci butler query-datasets --show-uri --format csv` of the same
# type and collection. The same data IDs, pixel-equal images of the same dtype, the same WCS cards. Runs in the
# pipetask venv (daf_butler, astropy); prints one summary line, or what differs.
import csv
import sys

import numpy as np
from astropy.io import fits
from lsst.daf.butler import Butler

peer_repo, sci_csv, dataset_type, collection = sys.argv[1:5]
butler = Butler.from_config(peer_repo)
peer = {}
for ref in butler.query_datasets(dataset_type, collections=collection, where="instrument='SPHEREx'", limit=None):
    peer[(int(ref.dataId["exposure"]), int(ref.dataId["detector"]))] = butler.getURI(ref).ospath
ours = {}
for row in csv.DictReader(open(sci_csv)):
    ours[(int(row["exposure"]), int(row["detector"]))] = row["uri"].removeprefix("file://")

problems = []
if set(peer) != set(ours):
    problems.append(f"data IDs differ: only pipetask {sorted(set(peer) - set(ours))[:5]}, only sci {sorted(set(ours) - set(peer))[:5]}")
WCS = ("CTYPE1", "CTYPE2", "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2", "CD1_1", "CD2_2")
for key in sorted(set(peer) & set(ours)):
    with fits.open(peer[key]) as a, fits.open(ours[key]) as b:
        x, y = a[0].data, b[0].data
        if x.dtype != y.dtype or x.shape != y.shape:
            problems.append(f"{key}: {x.dtype}{x.shape} != {y.dtype}{y.shape}")
        elif not np.array_equal(x, y):
            problems.append(f"{key}: pixels differ by up to {np.max(np.abs(x.astype(np.float64) - y.astype(np.float64)))}")
        for card in WCS:
            if a[0].header.get(card) != b[0].header.get(card):
                problems.append(f"{key}: {card} {a[0].header.get(card)!r} != {b[0].header.get(card)!r}")
        if "Dark current subtracted" not in str(b[0].header.get("COMMENT", "")):
            problems.append(f"{key}: sci's header lacks the comment")
for problem in problems[:20]:
    print(problem)
if problems:
    sys.exit(1)
print(f"{len(ours)} {dataset_type} outputs: same data IDs, pixel-equal ({x.dtype}), same WCS")
