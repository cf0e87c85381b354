#!/usr/bin/env bash
# SciSky against its judges on fresh inputs: Tests/SciSkyTests/Fixtures/generate.py draws a new seed's points (near the
# poles and RA 0/360 among them), circles, polygons and WCS headers five times over, asks lsst.sphgeom, hpgeom, healpy
# and astropy.wcs for the answers, and the SciSky tests compare every value against that file instead of the
# checked-in one. Needs the debug test build (`make build`); SKY_SEED repeats a run. BUILD is unused.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lib="$root/Integration/lib"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
source "$lib/sky-peer.sh"
seed=${SKY_SEED:-$(( $(date +%s) % 1000000 ))}
echo "seed $seed (SKY_SEED=$seed repeats this run)"
"$python" "$root/Tests/SciSkyTests/Fixtures/generate.py" --seed "$seed" --scale 5 --out "$work/reference.json" \
    || fail "the reference generator failed for seed $seed"
cd "$root"
if ! SCI_SKY_REFERENCE="$work/reference.json" swift test --skip-build --filter SciSkyTests >"$work/test.log" 2>&1; then
    grep -E "✘|error" "$work/test.log" | head -30
    fail "SciSky differs from sphgeom/healpy/astropy for seed $seed"
fi
grep -E "Test run with" "$work/test.log"
