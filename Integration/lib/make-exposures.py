# Writes N exposures × D detectors of raw and dark 64×64 float32 FITS images (fixed seed) with a small TAN WCS, and
# the CSV tables both butlers ingest: python3 make-exposures.py FOLDER N D [SIZE].
import csv, os, sys
import numpy as np
from astropy.io import fits

folder, exposures, detectors = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
size = int(sys.argv[4]) if len(sys.argv) > 4 else 64
os.makedirs(folder, exist_ok=True)
rng = np.random.default_rng(20201130)
rows = {"rawexp": [], "dark": []}
for exposure in range(1, exposures + 1):
    for detector in range(1, detectors + 1):
        for kind, level in (("rawexp", 1000.0), ("dark", 10.0)):
            data = (level + rng.normal(0.0, level / 100.0, (size, size))).astype(np.float32)
            header = fits.Header()
            header["CTYPE1"], header["CTYPE2"] = "RA---TAN", "DEC--TAN"
            header["CRPIX1"], header["CRPIX2"] = size / 2.0, size / 2.0
            header["CRVAL1"], header["CRVAL2"] = 150.0 + exposure * 0.01, 2.0 + detector * 0.01
            header["CD1_1"], header["CD2_2"] = -1.7e-4, 1.7e-4
            header["EXPOSURE"], header["DETECTOR"] = exposure, detector
            path = f"{folder}/sim_exposure_{exposure:06d}_array_{detector}{'_dark_current' if kind == 'dark' else ''}.fits"
            fits.PrimaryHDU(data, header).writeto(path, overwrite=True)
            rows[kind].append((os.path.abspath(path), exposure, detector))
for kind, entries in rows.items():
    with open(f"{folder}/{kind}.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "exposure", "detector"])
        writer.writerows(entries)
with open(f"{folder}/exposures.csv", "w", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(["instrument", "id", "name", "exposure_time"])
    writer.writerows([("SPHEREx", e, f"{e:06d}", 112.0) for e in range(1, exposures + 1)])
with open(f"{folder}/detectors.csv", "w", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(["instrument", "id", "full_name"])
    writer.writerows([("SPHEREx", d, f"array{d}") for d in range(1, detectors + 1)])
with open(f"{folder}/instruments.csv", "w", newline="") as handle:
    handle.write("name,detector_max,exposure_max,class_name\nSPHEREx,%d,%d,spherex.instrument.SimulatorInstrument\n" % (detectors, exposures))
