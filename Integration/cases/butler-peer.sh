#!/usr/bin/env bash
# The same small repository story through the real butler (lsst-daf-butler) and through `sci butler`: a SPHEREx-like
# universe, six files ingested with deterministic ids (dataid_type into one RUN, dataid_type_run into another), a
# chain, and where-queries. The datasets found, their UUIDs and their paths in the datastore must be the same.
# BUILD is the release build folder holding `sci`; the peer is installed into a venv the first time (about a minute).
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
sci="${BUILD:?BUILD must name the release build folder}/sci"
fixtures=$(cd "$(dirname "$0")/../fixtures/butler" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"

source "$lib/butler-peer.sh"

cp "$fixtures/dimensions.yaml" "$fixtures/seed.yaml" .
mkdir files
printf 'file,observation,detector\n' >run1.csv
printf 'file,observation,detector\n' >run2.csv
for observation in 1 2 3; do
    for detector in 1 2; do
        printf 'observation: %s\ndetector: %s\n' "$observation" "$detector" >"files/img_${observation}_${detector}.yaml"
        echo "$work/files/img_${observation}_${detector}.yaml,$observation,$detector" >>run1.csv
        [ "$observation" = 1 ] || echo "$work/files/img_${observation}_${detector}.yaml,$observation,$detector" >>run2.csv
    done
done
printf 'name,detector_max\nSPHEREx,2\n' >instruments.csv
printf 'instrument,id,full_name\nSPHEREx,1,D1\nSPHEREx,2,D2\n' >detectors.csv
printf 'instrument,id,obs_name,exposure_time\nSPHEREx,1,obs000001,112.0\nSPHEREx,2,obs000002,112.0\nSPHEREx,3,obs000003,56.0\n' >observations.csv

# One story, two tools: `story TOOL REPO` with TOOL a command prefix.
where="instrument='SPHEREx' AND detector IN (1..2) AND exposure_time > 100"
"$butler" create --seed-config seed.yaml --dimension-config dimensions.yaml peer >/dev/null 2>&1 || fail "butler create"
"$python" "$lib/butler-records.py" peer || fail "butler dimension records"
"$sci" butler create sci --seed-config seed.yaml --dimension-config dimensions.yaml >/dev/null || fail "sci butler create"
for element in instrument detector observation; do
    "$sci" butler insert-dimension-records sci "$element" "${element}s.csv" >/dev/null || fail "sci insert $element"
done
ingest_story "$butler" peer
ingest_story "$sci butler" sci

# The butler prints a table (type run id dims... URI); sci prints CSV with the same columns. Both become sorted
# lines "run id instrument detector observation path-in-repo".
# COLLECTIONS is what they search; ORDER is `sort`, or `cat` where the order itself is compared.
COLLECTIONS=spx/defaults
ORDER=sort
peer_rows() {
    "$butler" query-datasets peer spx_image --collections $COLLECTIONS --show-uri "$@" 2>/dev/null \
        | awk -v root="file://$work/peer/" '$1 == "spx_image" { sub(root, "", $7); print $2, $3, $4, $5, $6, $7 }' | $ORDER
}
sci_rows() {
    "$sci" butler query-datasets sci spx_image --collections $COLLECTIONS --show-uri --format csv "$@" \
        | awk -F, -v root="file://$work/sci/" 'NR > 1 { sub(root, "", $7); print $2, $3, $4, $5, $6, $7 }' | $ORDER
}
compare() {
    local label=$1 expected=$2
    shift 2
    peer_rows "$@" >"$work/peer.rows"
    sci_rows "$@" >"$work/sci.rows"
    diff "$work/peer.rows" "$work/sci.rows" >"$work/diff" || fail "$label differs (< butler, > sci): $(cat "$work/diff")"
    [ "$(wc -l <"$work/peer.rows")" = "$expected" ] || fail "$label: the butler found $(wc -l <"$work/peer.rows") datasets, not $expected"
}
compare "find-first through the chain" 6 --limit 0 --find-first --where "instrument='SPHEREx'"
compare "every dataset in the chain" 10 --limit 0 --no-find-first --where "instrument='SPHEREx'"
compare "a where-clause on metadata" 4 --limit 0 --find-first --where "$where"
compare "one data ID in both RUNs (no --find-first: the default)" 2 --limit 0 --where "instrument='SPHEREx' AND observation = 3 AND detector = 2"

# --order-by (descending with -) and --limit: the order itself must match.
ORDER=cat
compare "--order-by -observation,detector --limit 3" 3 --find-first --order-by -observation,detector --limit 3 \
    --where "instrument='SPHEREx'"
compare "--order-by detector.full_name,-observation" 6 --find-first --order-by detector.full_name,-observation --limit 0 \
    --where "instrument='SPHEREx'"
ORDER=sort

# A TAGGED collection made by associate from detector 1 through the chain (first per data ID), then queried.
for tool in "$butler" "$sci butler"; do
    repo=$([ "$tool" = "$butler" ] && echo peer || echo sci)
    $tool associate "$repo" spx/tagged -d spx_image --collections spx/defaults --find-first \
        --where "instrument='SPHEREx' AND detector = 1" >/dev/null 2>&1 || fail "$tool associate"
    $tool collection-chain "$repo" spx/outer spx/tagged spx/defaults >/dev/null 2>&1 || fail "$tool collection-chain spx/outer"
done
COLLECTIONS=spx/tagged
compare "the TAGGED collection from associate" 3 --limit 0 --where "instrument='SPHEREx'"
COLLECTIONS=spx/outer
compare "find-first through a chain holding the TAGGED collection" 6 --limit 0 --find-first --where "instrument='SPHEREx'"

# query-collections --chains views: "name|type" lines, the tree's indentation kept.
for view in TREE INVERSE-TREE FLATTEN NO-CHILDREN; do
    "$butler" query-collections peer --chains "$view" 2>/dev/null | sed '1,2d; s/ *$//; s/^\(.*[^ ]\)  *\([A-Z]*\)$/\1|\2/' >"$work/peer.rows"
    "$sci" butler query-collections sci --chains "$view" --format csv | sed '1d; s/,/|/' >"$work/sci.rows"
    diff "$work/peer.rows" "$work/sci.rows" >"$work/diff" || fail "query-collections --chains $view differs (< butler, > sci): $(cat "$work/diff")"
    [ -s "$work/peer.rows" ] || fail "query-collections --chains $view: the butler listed nothing"
done
echo ok
