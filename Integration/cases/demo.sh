#!/usr/bin/env bash
# The demo as `make demo` runs it, in a scratch folder: every stage must succeed and leave its outputs.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
bash "$root/Integration/demo.sh" "$BUILD/sci" >demo.log 2>&1 || { tail -20 demo.log; echo "FAIL: demo"; exit 1; }
for made in data/img0.fits work/stacks/stack.fits work/stacks/stack.psf work/catalogs/stack_psf.cat work/log/pipeline.json repo/butler.yaml; do
    [ -s "demo-output/$made" ] || { echo "FAIL: demo made no $made"; exit 1; }
done
grep -q "stack  demo/stacks" demo.log || { echo "FAIL: the stack was not found by the butler query"; exit 1; }
# The brightest star of the stack is on at least one demo image, found by its visit region from the WCS.
grep -q "^brightest star of the stack: RA " demo.log || { echo "FAIL: the demo did not find the brightest star"; exit 1; }
grep -q "^image  *demo/sky " demo.log || { echo "FAIL: no demo image covers the brightest star"; exit 1; }
# Three exposures differenced through `sci butler run`, queried back with their provenance.
[ "$(grep -c '^difference  *demo/differences/' demo.log)" = 3 ] || { echo "FAIL: the differences were not queried back"; exit 1; }
grep -q "^3 quanta finished" demo.log || { echo "FAIL: sci butler run did not finish 3 quanta"; exit 1; }
# The stack and catalog went to HIPPO and came back byte for byte into the cache; no server is left running.
pulled=$(find demo-output/cache -name stack.fits | head -1)
[ -n "$pulled" ] && cmp -s "$pulled" demo-output/work/stacks/stack.fits || { echo "FAIL: the pulled stack differs"; exit 1; }
grep -q "3 of 3 cached files verified" demo.log || { echo "FAIL: cache verify"; exit 1; }
if pgrep -f "henry serve --root hippo" >/dev/null; then echo "FAIL: the demo left its registry running"; exit 1; fi
echo ok
