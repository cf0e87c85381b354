#!/usr/bin/env bash
# The butler story with the files in S3, through the real butler (lsst-daf-butler with lsst-resources[s3]) and through
# `sci butler`, on one local S3 (moto, checking signatures): repositories at s3://bucket/peer and s3://bucket/sci with
# their SQLite registries on local disk, a SPHEREx-like universe, N files (2,000 unless set, to keep `make test` short; N=10000 is the issue's size, 693 s under load) ingested with
# deterministic ids into one RUN (copy) and a tenth of them into another (auto), a chain, where-queries. The datasets
# found, their UUIDs, their paths and the object keys under each root must be the same; retrieve-artifacts must give
# byte-identical files; remove-runs must delete the same objects.
# BUILD is the release build folder holding `sci`; the peers are installed into venvs the first time.
set -euo pipefail
[ -z "${TRACE_TIMES:-}" ] || PS4='+ $(date +%T.%N) ' 
lib=$(cd "$(dirname "$0")/../lib" && pwd)
sci="${BUILD:?BUILD must name the release build folder}/sci"
fixtures=$(cd "$(dirname "$0")/../fixtures/butler" && pwd)
n=${N:-2000}
work=$(mktemp -d)
moto_stop() { :; }
postgres_stop() { :; }
trap 'moto_stop; postgres_stop; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"

source "$lib/butler-peer.sh"
MOTO_AUTH=1 source "$lib/moto-server.sh"
# Journals of S3 datastores go under XDG_STATE_HOME: keep them in the scratch folder.
export XDG_STATE_HOME="$work/state"
"$python" -c 'import os, boto3; boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"]).create_bucket(Bucket="bucket")' || fail "cannot make the bucket"

cp "$fixtures/dimensions.yaml" .
template=$(sed -n 's/^ *default: //p' "$fixtures/seed.yaml")
# REGISTRY=postgresql puts both registries on one private PostgreSQL (a database each), the issue's whole shape.
if [ "${REGISTRY:-sqlite}" = postgresql ]; then
    source "$lib/postgres-server.sh"
    export PGPASSWORD=$pg_password
    for tool in peer sci; do
        psql_admin -d postgres -c "CREATE DATABASE ${tool}_registry" >/dev/null || fail "CREATE DATABASE ${tool}_registry"
        printf 'datastore:\n  templates:\n    default: %s\nregistry:\n  db: %s/%s_registry\n  namespace: %s_schema\n' \
            "$template" "${pg_url%/postgres}" "$tool" "$tool" >"$tool-seed.yaml"
    done
else
    for tool in peer sci; do
        printf 'datastore:\n  templates:\n    default: %s\nregistry:\n  db: sqlite:///%s/%s.sqlite3\n' "$template" "$work" "$tool" >"$tool-seed.yaml"
    done
fi
# N files: N/10 observations x 10 detectors; run2 takes the last tenth of the observations.
python3 - "$n" <<'PY'
import os, sys
n = int(sys.argv[1])
os.makedirs("files")
with open("run1.csv", "w") as run1, open("run2.csv", "w") as run2, open("observations.csv", "w") as obs:
    run1.write("file,observation,detector\n"); run2.write("file,observation,detector\n")
    obs.write("instrument,id,obs_name,exposure_time\n")
    for o in range(1, n // 10 + 1):
        obs.write(f"SPHEREx,{o},obs{o:06d},{56.0 if o % 3 == 0 else 112.0}\n")
    for i in range(n):
        o, d = i // 10 + 1, i % 10 + 1
        path = os.path.abspath(f"files/img_{o}_{d}.yaml")
        with open(path, "w") as f: f.write(f"observation: {o}\ndetector: {d}\n")
        run1.write(f"{path},{o},{d}\n")
        if o > n // 10 * 9 // 10: run2.write(f"{path},{o},{d}\n")
PY
printf 'name,detector_max\nSPHEREx,10\n' >instruments.csv
{ echo "instrument,id,full_name"; for d in $(seq 10); do echo "SPHEREx,$d,D$d"; done; } >detectors.csv
# The object keys under a prefix of the bucket, relative to it (butler.yaml and folder markers left out), sorted.
cat >keys.py <<'PY'
import os, sys, boto3
prefix = sys.argv[1]
keys = []
for page in boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"]).get_paginator("list_objects_v2").paginate(Bucket="bucket", Prefix=prefix):
    keys += [o["Key"][len(prefix):] for o in page.get("Contents", []) if not o["Key"].endswith("/") and o["Key"] != prefix + "butler.yaml"]
print("\n".join(sorted(keys)))
PY

"$butler" create --override --seed-config peer-seed.yaml --dimension-config dimensions.yaml s3://bucket/peer >/dev/null 2>&1 \
    || fail "butler create s3://bucket/peer"
"$python" "$lib/butler-records.py" s3://bucket/peer || fail "butler dimension records"
"$sci" butler create s3://bucket/sci --seed-config sci-seed.yaml --dimension-config dimensions.yaml >/dev/null || fail "sci butler create"
for element in instrument detector observation; do
    "$sci" butler insert-dimension-records s3://bucket/sci "$element" "${element}s.csv" >/dev/null || fail "sci insert $element"
done
ingest_story "$butler" s3://bucket/peer auto
ingest_story "$sci butler" s3://bucket/sci auto

# Both print "run id instrument detector observation path-under-the-root" lines, sorted.
peer_rows() {
    "$butler" query-datasets s3://bucket/peer spx_image --collections spx/defaults --show-uri "$@" 2>/dev/null \
        | awk -v root="s3://bucket/peer/" '$1 == "spx_image" { sub(root, "", $7); print $2, $3, $4, $5, $6, $7 }' | sort
}
sci_rows() {
    "$sci" butler query-datasets s3://bucket/sci spx_image --collections spx/defaults --show-uri --format csv "$@" \
        | awk -F, -v root="s3://bucket/sci/" 'NR > 1 { sub(root, "", $7); print $2, $3, $4, $5, $6, $7 }' | sort
}
compare() {
    local label=$1 expected=$2
    shift 2
    peer_rows "$@" >"$work/peer.rows"
    sci_rows "$@" >"$work/sci.rows"
    diff "$work/peer.rows" "$work/sci.rows" >"$work/diff" || fail "$label differs (< butler, > sci): $(head -5 "$work/diff")"
    [ "$(wc -l <"$work/peer.rows")" = "$expected" ] || fail "$label: the butler found $(wc -l <"$work/peer.rows") datasets, not $expected"
}
tenth=$((n / 10))
compare "find-first through the chain" "$n" --limit 0 --find-first --where "instrument='SPHEREx'"
compare "every dataset in the chain" $((n + tenth)) --limit 0 --no-find-first --where "instrument='SPHEREx'"
# Observations divisible by 3 have 56 s exposures: a third of them (rounded down), each with 10 detectors, are out.
long=$(( (tenth - tenth / 3) * 2 ))
compare "a where-clause on metadata" "$long" --limit 0 --find-first --where "instrument='SPHEREx' AND detector IN (1..2) AND exposure_time > 100"
compare "one data ID in both RUNs" 2 --limit 0 --where "instrument='SPHEREx' AND observation = $tenth AND detector = 7"

# The same objects under each root.
"$python" keys.py peer/ >"$work/peer.keys"
"$python" keys.py sci/ >"$work/sci.keys"
diff "$work/peer.keys" "$work/sci.keys" >"$work/diff" || fail "the object keys differ (< butler, > sci): $(head -5 "$work/diff")"
[ "$(wc -l <"$work/sci.keys")" = $((n + tenth)) ] || fail "$(wc -l <"$work/sci.keys") objects under sci/, not $((n + tenth))"

# retrieve-artifacts: the same files, byte for byte, as the ones ingested.
"$butler" retrieve-artifacts s3://bucket/peer out-peer/ --collections spx/raw/run1 --where "instrument='SPHEREx' AND detector = 3" \
    >/dev/null 2>&1 || fail "butler retrieve-artifacts"
"$sci" butler retrieve-artifacts s3://bucket/sci out-sci/ --dataset-type spx_image --collections spx/raw/run1 \
    --where "instrument='SPHEREx' AND detector = 3" >/dev/null || fail "sci retrieve-artifacts"
# daf_butler adds an index of what it retrieved.
diff -r -x _butler_zip_index.json out-peer out-sci >"$work/diff" || fail "retrieve-artifacts differ: $(head -5 "$work/diff")"
[ "$(find out-sci -type f | wc -l)" = "$tenth" ] || fail "sci retrieved $(find out-sci -type f | wc -l) files, not $tenth"
python3 - <<'PY' || fail "a retrieved file differs from the one ingested"
import os, re, sys
for folder, _, names in os.walk("out-sci"):
    for name in names:
        o, d = re.search(r"_SPHEREx_(\d+)_(\d+)_", name).groups()
        if open(os.path.join(folder, name), "rb").read() != open(f"files/img_{o}_{d}.yaml", "rb").read():
            sys.exit(f"{folder}/{name} differs from files/img_{o}_{d}.yaml")
PY

# remove-runs deletes the same objects.
"$butler" remove-runs s3://bucket/peer spx/raw/run2 --force --no-confirm >/dev/null 2>&1 || fail "butler remove-runs"
"$sci" butler remove-runs s3://bucket/sci spx/raw/run2 --force --no-confirm >/dev/null || fail "sci remove-runs"
"$python" keys.py peer/ >"$work/peer.keys"
"$python" keys.py sci/ >"$work/sci.keys"
diff "$work/peer.keys" "$work/sci.keys" >"$work/diff" || fail "the object keys differ after remove-runs: $(head -5 "$work/diff")"
[ "$(wc -l <"$work/sci.keys")" = "$n" ] || fail "$(wc -l <"$work/sci.keys") objects under sci/ after remove-runs, not $n"
echo ok
