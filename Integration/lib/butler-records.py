"""Inserts the butler cases' dimension records into a daf_butler repository through its Python API (daf_butler has
no command for them): instruments.csv, detectors.csv and observations.csv from the current folder, the same files the
cases give `sci butler insert-dimension-records`.
Usage: python butler-records.py REPO   (with the butler peer's venv)"""
import csv
import sys

from lsst.daf.butler import Butler

butler = Butler.from_config(sys.argv[1], writeable=True)


def rows(name):
    return [{k: (int(v) if k in ("id", "detector_max") else float(v) if k == "exposure_time" else v) for k, v in r.items()}
            for r in csv.DictReader(open(name))]


for element in ("instrument", "detector", "observation"):
    butler.registry.insertDimensionData(element, *rows(element + "s.csv"))
