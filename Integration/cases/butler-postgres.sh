#!/usr/bin/env bash
# The registry on PostgreSQL, beside the real butler (lsst-daf-butler) on the same private server: daf_butler's
# repository in one database and schema, sci's in another. The same story as butler-peer.sh at survey size — a
# SPHEREx-like universe, dimension records, 10,000 files ingested with deterministic ids into two RUNs, a chain,
# where-clauses — must give the same counts and the same dataset UUIDs and paths from both. The password reaches
# both only through PGPASSWORD; butler.yaml must not hold it.
# BUILD is the release build folder holding `sci`.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
sci="${BUILD:?BUILD must name the release build folder}/sci"
fixtures=$(cd "$(dirname "$0")/../fixtures/butler" && pwd)
work=$(mktemp -d)
fail() { echo "FAIL: $*"; exit 1; }
source "$lib/butler-peer.sh"
source "$lib/postgres-server.sh"
trap 'postgres_stop; rm -rf "$work"' EXIT
cd "$work"
export PGPASSWORD=$pg_password

psql_admin -d postgres -c 'CREATE DATABASE peer_registry' >/dev/null
psql_admin -d postgres -c 'CREATE DATABASE sci_registry' >/dev/null
base=${pg_url%/postgres}
printf '%s\nregistry:\n  db: %s/peer_registry\n  namespace: peer_schema\n' "$(cat "$fixtures/seed.yaml")" "$base" >peer-seed.yaml
printf '%s\nregistry:\n  db: %s/sci_registry\n  namespace: sci_schema\n' "$(cat "$fixtures/seed.yaml")" "$base" >sci-seed.yaml
cp "$fixtures/dimensions.yaml" .

# 1,000 observations x 10 detectors; RUN 1 holds all, RUN 2 the observations after 500.
python3 - <<'PY'
import os
os.makedirs("files")
with open("run1.csv", "w") as run1, open("run2.csv", "w") as run2:
    for out in (run1, run2): out.write("file,observation,detector\n")
    for observation in range(1, 1001):
        for detector in range(1, 11):
            path = os.path.abspath(f"files/img_{observation:04d}_{detector:02d}.yaml")
            with open(path, "w") as f: f.write(f"observation: {observation}\ndetector: {detector}\n")
            run1.write(f"{path},{observation},{detector}\n")
            if observation > 500: run2.write(f"{path},{observation},{detector}\n")
with open("instruments.csv", "w") as f: f.write("name,detector_max\nSPHEREx,10\n")
with open("detectors.csv", "w") as f:
    f.write("instrument,id,full_name\n" + "".join(f"SPHEREx,{d},D{d:02d}\n" for d in range(1, 11)))
with open("observations.csv", "w") as f:
    f.write("instrument,id,obs_name,exposure_time\n")
    f.write("".join(f"SPHEREx,{o},obs{o:06d},{112.0 if o % 3 else 56.0}\n" for o in range(1, 1001)))
PY

"$butler" create --seed-config peer-seed.yaml --dimension-config dimensions.yaml peer >"$work/peer-create.log" 2>&1 \
    || fail "butler create on PostgreSQL: $(tail -3 "$work/peer-create.log")"
"$python" "$lib/butler-records.py" peer || fail "butler dimension records"
"$sci" butler create sci --seed-config sci-seed.yaml --dimension-config dimensions.yaml >/dev/null || fail "sci butler create"
grep -q "db: $base/sci_registry" sci/butler.yaml && grep -q "namespace: sci_schema" sci/butler.yaml \
    || fail "sci's butler.yaml does not name the PostgreSQL registry: $(cat sci/butler.yaml)"
! grep -rq "$pg_password" sci/butler.yaml || fail "the password is in butler.yaml"
[ ! -e sci/gen3.sqlite3 ] || fail "sci made an SQLite registry too"
for element in instrument detector observation; do
    "$sci" butler insert-dimension-records sci "$element" "${element}s.csv" >/dev/null || fail "sci insert $element"
done
ingest_story "$butler" peer
ingest_story "$sci butler" sci

# Each repository's tables are in its own database and schema.
[ "$(psql_admin -d sci_registry -c "SELECT count(*) FROM sci_schema.dataset")" = 15000 ] || fail "sci_registry.sci_schema.dataset is not 15,000 rows"
[ "$(psql_admin -d peer_registry -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'sci_schema'")" = 0 ] \
    || fail "sci's tables are in daf_butler's database"

COLLECTIONS=spx/defaults
peer_rows() {
    "$butler" query-datasets peer spx_image --collections $COLLECTIONS --show-uri "$@" 2>"$work/peer.err" \
        | awk -v root="file://$work/peer/" '$1 == "spx_image" { sub(root, "", $7); print $2, $3, $4, $5, $6, $7 }' | sort
}
sci_rows() {
    "$sci" butler query-datasets sci spx_image --collections $COLLECTIONS --show-uri --format csv "$@" \
        | awk -F, -v root="file://$work/sci/" 'NR > 1 { sub(root, "", $7); print $2, $3, $4, $5, $6, $7 }' | sort
}
compare() {
    local label=$1 expected=$2
    shift 2
    peer_rows "$@" >"$work/peer.rows" || fail "$label: the butler failed: $(tail -2 "$work/peer.err")"
    sci_rows "$@" >"$work/sci.rows" || fail "$label: sci failed"
    diff "$work/peer.rows" "$work/sci.rows" >"$work/diff" || fail "$label differs (< butler, > sci): $(head -5 "$work/diff")"
    [ "$(wc -l <"$work/peer.rows")" = "$expected" ] || fail "$label: the butler found $(wc -l <"$work/peer.rows") datasets, not $expected"
}
compare "find-first through the chain" 10000 --limit 0 --find-first --where "instrument='SPHEREx'"
compare "every dataset in the chain" 15000 --limit 0 --no-find-first --where "instrument='SPHEREx'"
compare "a where-clause on metadata" 2672 --limit 0 --find-first \
    --where "instrument='SPHEREx' AND detector IN (1..8) AND exposure_time > 100 AND observation > 499"
compare "an IN list, a range with a stride and OR" 14 --limit 0 --find-first \
    --where "instrument='SPHEREx' AND (observation IN (3, 501..510:3) OR detector = 10 AND observation < 6) AND NOT detector IN (2..9)"
compare "string fields of two elements" 22 --limit 0 --find-first \
    --where "instrument='SPHEREx' AND (observation.obs_name IN ('obs000700', 'obs000701') OR detector.full_name = 'D03' AND observation < 3)"
# GLOB (a regular expression on PostgreSQL) against the range it stands for.
peer_rows --limit 0 --find-first --where "instrument='SPHEREx' AND observation IN (700..799)" >"$work/peer.rows" \
    || fail "the butler failed: $(tail -2 "$work/peer.err")"
sci_rows --limit 0 --find-first --where "GLOB(observation.obs_name, 'obs0007[0-9]*') AND NOT GLOB(observation.obs_name, '*[^0-9]')" \
    >"$work/sci.rows" || fail "sci's GLOB query failed"
[ "$(wc -l <"$work/peer.rows")" = 1000 ] && diff -q "$work/peer.rows" "$work/sci.rows" >/dev/null || fail "GLOB on PostgreSQL differs"
compare "one data ID in both RUNs" 2 --limit 0 --where "instrument='SPHEREx' AND observation = 777 AND detector = 2"
COLLECTIONS=spx/raw/run1
compare "one RUN" 10000 --limit 0 --where "instrument='SPHEREx'"

# The dimension records read back the same.
"$butler" query-dimension-records peer observation --where "exposure_time < 100" 2>/dev/null \
    | awk '$1 == "SPHEREx" { print $2 }' | sort -n >"$work/peer.obs"
"$sci" butler query-dimension-records sci observation --where "exposure_time < 100" --format csv \
    | awk -F, 'NR > 1 { print $2 }' | sort -n >"$work/sci.obs"
[ "$(wc -l <"$work/peer.obs")" = 333 ] || fail "the butler found $(wc -l <"$work/peer.obs") short observations, not 333"
diff "$work/peer.obs" "$work/sci.obs" >/dev/null || fail "query-dimension-records differs"
echo ok
