#!/usr/bin/env bash
# Differential test of the where-language: the same repository built by the real butler (lsst-daf-butler, through its
# Python API) and by `sci butler` (1,000 exposures x 10 detectors = 10,000 datasets with dataid_type_run ids, default
# universe: filters, bands, days, groups, exposure timespans and metadata), then random well-typed where-expressions
# from a fixed seed (every operator, IN lists mixing values, ranges and strides, time literals and timespans, bind
# values, implied dimensions, record fields, NULL, GLOB, UUID) plus some ill-typed ones. Every accept/reject decision,
# every count and every set of UUIDs must be equal, and each refusal by sci one `error:` line.
# BUTLER_DIFF_COUNT sets the number of expressions (default 150: the real butler answers about 2 a second here),
# BUTLER_DIFF_SEED the seed; `BUTLER_DIFF_COUNT=2000 bash butler-differential.sh` is the long run.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
sci="${BUILD:?BUILD must name the release build folder}/sci"
count=${BUTLER_DIFF_COUNT:-150}
seed=${BUTLER_DIFF_SEED:-18}
exposures=${BUTLER_DIFF_EXPOSURES:-1000}
script="$(cd "$(dirname "$0")/../lib" && pwd)/butler-differential.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

source "$lib/butler-peer.sh"

"$python" "$script" build "$work" "$exposures" 10 || fail "the real butler could not build the repository"
"$sci" butler create "$work/sci" >/dev/null || fail "sci butler create"
for element in instrument band physical_filter day_obs group detector exposure; do
    "$sci" butler insert-dimension-records "$work/sci" "$element" "$work/records/$element.csv" >/dev/null \
        || fail "sci insert-dimension-records $element"
done
"$sci" butler register-dataset-type "$work/sci" raw StructuredDataDict instrument exposure detector >/dev/null \
    || fail "sci register-dataset-type"
"$sci" butler ingest-files -t direct --id-generation-mode dataid_type_run --data-id instrument=X "$work/sci" raw r \
    "$work/ingest.csv" >/dev/null || fail "sci ingest-files"

"$python" "$script" generate "$work" "$seed" "$count"
"$python" "$script" peer "$work"
"$python" "$script" sci "$work" "$sci"
"$python" "$script" compare "$work" || fail "sci and the butler disagree"
echo ok
