#!/usr/bin/env bash
# Spatial where-clauses through the real butler and through `sci butler` on the same records: a fixed-seed sky of
# exposures with regions (squares and circles, some across RA 0 and near the poles) inserted into both, then 120
# clauses (POINT, CIRCLE, POLYGON, REGION('CIRCLE …')) run by both; the exposure ids must be equal for each, and the
# htm7 pixels (`query-data-ids htm7 --where "exposure = N"`) of twelve exposures too.
# SKY_BUTLER_SEED and SKY_BUTLER_COUNT (default 400) choose the run. BUILD is the release build folder holding `sci`.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
fixtures=$(cd "$(dirname "$0")/../fixtures/sky" && pwd)
sci="${BUILD:?BUILD must name the release build folder}/sci"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"
source "$lib/butler-peer.sh"
seed=${SKY_BUTLER_SEED:-28} count=${SKY_BUTLER_COUNT:-400}
"$butler" create --dimension-config "$fixtures/dimensions.yaml" peer >/dev/null 2>&1 || fail "butler create"
"$python" "$lib/sky-butler-differential.py" peer "$work" "$seed" "$count" || fail "the daf_butler side"
"$sci" butler create ours --dimension-config "$fixtures/dimensions.yaml" >/dev/null
printf 'name\nSPHEREx\n' >instruments.csv
"$sci" butler insert-dimension-records ours instrument instruments.csv >/dev/null
"$sci" butler insert-dimension-records ours exposure exposures.csv >/dev/null
checked=0 found=0
while IFS= read -r line; do
    where=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["where"])' "$line")
    expected=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["ids"])' "$line")
    got=$("$sci" butler query-dimension-records ours exposure --where "instrument = 'SPHEREx' AND $where" --format json \
        | python3 -c 'import json,sys; print(sorted(r["id"] for r in json.load(sys.stdin)))') || fail "sci refused: $where"
    [ "$got" = "$expected" ] || fail "$where: daf_butler $expected, sci $got"
    checked=$((checked + 1))
    [ "$expected" = "[]" ] || found=$((found + 1))
done <clauses.jsonl
while IFS= read -r line; do
    exposure=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["exposure"])' "$line")
    expected=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["htm7"])' "$line")
    got=$("$sci" butler query-data-ids ours htm7 --where "instrument = 'SPHEREx' AND exposure = $exposure" --format json \
        | python3 -c 'import json,sys; print(sorted(r["htm7"] for r in json.load(sys.stdin)))') || fail "sci refused htm7 of $exposure"
    [ "$got" = "$expected" ] || fail "htm7 pixels of exposure $exposure: daf_butler $expected, sci $got"
done <htm7.jsonl
[ "$found" -ge 30 ] || fail "only $found of $checked clauses found an exposure; the check is too weak"
echo "$checked spatial clauses over $count exposures: equal ids ($found clauses found at least one exposure)"
