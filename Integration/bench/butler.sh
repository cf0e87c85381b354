#!/usr/bin/env bash
# Side-by-side benchmark of `sci butler` and the real butler (lsst-daf-butler) on the same inputs, in the same run:
# ingest of N small files (copy and symlink) and a where-query, then a where-query over 100,000 datasets (the butler
# needs a few minutes to set that repository up), then the ingest of the N files into S3 (one moto_server for both).
# Usage: Integration/bench/butler.sh BUILD_DIR   (BUILD_DIR holds the release `sci`; N=10000 unless set)
set -euo pipefail
build=$(cd "${1:?usage: butler.sh BUILD_DIR}" && pwd)
sci="$build/sci"
n=${N:-10000}
big=${BIG:-100000}
peer=${BUTLER_PEER:-$HOME/.cache/sci/peers/butler}
version=30.2026.4300
fixtures=$(cd "$(dirname "$0")/../fixtures/butler" && pwd)
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
moto_stop() { :; }
trap 'moto_stop; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }
ratio() { echo "scale=1; $2 / $1" | bc; }
# `measure OUT CMD...`: runs CMD with its output discarded; OUT gets "seconds peak-KB".
measure() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null; }
seconds() { cut -d' ' -f1 "$1"; }
megabytes() { echo $(( $(cut -d' ' -f2 "$1") / 1024 )); }
# The median of three runs of sci, which is fast enough to repeat: `sci3 NAME CMD...` with {} replaced by 1, 2, 3.
sci3() {
    local name=$1; shift
    for i in 1 2 3; do measure "$work/$name.$i" "${@//\{\}/$i}"; done
    sort -n "$work/$name".[123] | sed -n 2p >"$work/$name"
}

if ! "$peer/bin/butler" --help >/dev/null 2>&1; then
    echo "installing lsst-daf-butler==$version into $peer (about a minute)" >&2
    python3 -m venv "$peer"
    "$peer/bin/pip" install -q "lsst-daf-butler==$version" >&2
fi

cp "$fixtures/dimensions.yaml" "$fixtures/seed.yaml" .
# N tiny YAML files, N/10 observations x 10 detectors, and the ingest table; the dimension records as CSV for sci
# and as a script for the butler, which has no command for them.
python3 - "$n" files ingest.csv "$big" bigfiles big.csv <<'PY'
import os, sys
def make(n, folder, table):
    os.makedirs(folder)
    with open(table, "w") as out:
        out.write("file,observation,detector\n")
        for i in range(n):
            observation, detector = i // 10 + 1, i % 10 + 1
            path = os.path.abspath(f"{folder}/img_{observation:06d}_{detector}.yaml")
            with open(path, "w") as f: f.write(f"observation: {observation}\ndetector: {detector}\n")
            out.write(f"{path},{observation},{detector}\n")
    with open(folder + "-observations.csv", "w") as out:
        out.write("instrument,id,obs_name\n")
        for o in range(1, n // 10 + 1): out.write(f"SPHEREx,{o},obs{o:06d}\n")
make(int(sys.argv[1]), sys.argv[2], sys.argv[3])
make(int(sys.argv[4]), sys.argv[5], sys.argv[6])
PY
printf 'name,detector_max\nSPHEREx,10\n' >instruments.csv
{ echo "instrument,id,full_name"; for d in $(seq 10); do echo "SPHEREx,$d,D$d"; done; } >detectors.csv
cat >dims.py <<'PY'
import sys
from lsst.daf.butler import Butler
repo, observations = sys.argv[1], int(sys.argv[2])
b = Butler.from_config(repo, writeable=True)
b.registry.insertDimensionData("instrument", {"name": "SPHEREx", "detector_max": 10})
b.registry.insertDimensionData("detector", *[{"instrument": "SPHEREx", "id": d, "full_name": f"D{d}"} for d in range(1, 11)])
b.registry.insertDimensionData("observation", *[{"instrument": "SPHEREx", "id": o, "obs_name": f"obs{o:06d}"} for o in range(1, observations + 1)])
PY
where="instrument='SPHEREx' AND detector IN (1..10) AND observation > 0"

# sci: `sci_repo REPO FILES`: a repository with the records and the dataset type.
sci_repo() {
    "$sci" butler create "$1" --seed-config seed.yaml --dimension-config dimensions.yaml >/dev/null
    "$sci" butler insert-dimension-records "$1" instrument instruments.csv >/dev/null
    "$sci" butler insert-dimension-records "$1" detector detectors.csv >/dev/null
    "$sci" butler insert-dimension-records "$1" observation "$2-observations.csv" >/dev/null
    "$sci" butler register-dataset-type "$1" spx_image StructuredDataDict instrument observation detector >/dev/null
}
sci_repo sci files
sci3 sci-copy "$sci" butler ingest-files -t copy --data-id instrument=SPHEREx sci spx_image spx/copy{} ingest.csv
sci3 sci-symlink "$sci" butler ingest-files -t symlink --data-id instrument=SPHEREx sci spx_image spx/symlink{} ingest.csv
sci3 sci-query "$sci" butler query-datasets sci spx_image --collections spx/copy1 --where "$where"
[ "$("$sci" butler query-datasets sci spx_image --collections spx/copy1 --where "$where" --format jsonl | wc -l)" = "$n" ] \
    || echo "warning: sci's query did not find $n datasets" >&2
sci_repo scibig bigfiles
# The big repositories take their files in place (-t direct): the query reads only the registry either way.
"$sci" butler ingest-files -t direct --data-id instrument=SPHEREx scibig spx_image spx/big big.csv >/dev/null
sci3 sci-bigquery "$sci" butler query-datasets scibig spx_image --collections spx/big --where "$where"
[ "$("$sci" butler query-datasets scibig spx_image --collections spx/big --where "$where" --format jsonl | wc -l)" = "$big" ] \
    || echo "warning: sci's query did not find $big datasets" >&2

# The butler, once per step: each call costs seconds.
butler="$peer/bin/butler"
"$butler" create --seed-config seed.yaml --dimension-config dimensions.yaml peer >/dev/null 2>&1
"$peer/bin/python" dims.py peer $((n / 10))
"$butler" register-dataset-type peer spx_image StructuredDataDict instrument observation detector >/dev/null 2>&1
measure peer-copy "$butler" ingest-files -t copy --data-id instrument=SPHEREx peer spx_image spx/copy ingest.csv 2>>peer.log
measure peer-symlink "$butler" ingest-files -t symlink --data-id instrument=SPHEREx peer spx_image spx/symlink ingest.csv 2>>peer.log
measure peer-query "$butler" query-datasets peer spx_image --collections spx/copy --limit 0 --where "$where" 2>>peer.log
"$butler" create --seed-config seed.yaml --dimension-config dimensions.yaml peerbig >/dev/null 2>&1
"$peer/bin/python" dims.py peerbig $((big / 10))
"$butler" register-dataset-type peerbig spx_image StructuredDataDict instrument observation detector >/dev/null 2>&1
"$butler" ingest-files -t direct --data-id instrument=SPHEREx peerbig spx_image spx/big big.csv >/dev/null 2>>peer.log
measure peer-bigquery "$butler" query-datasets peerbig spx_image --collections spx/big --limit 0 --where "$where" 2>>peer.log

# Ingest into S3: one moto for both, each repository at s3://bench/TOOL with its SQLite registry on local disk.
source "$lib/moto-server.sh"
export XDG_STATE_HOME="$work/state"
"$peer/bin/python" -c 'import os, boto3; boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"]).create_bucket(Bucket="bench")'
for tool in sci peer; do
    { cat seed.yaml; printf 'registry:\n  db: sqlite:///%s/%s-s3.sqlite3\n' "$work" "$tool"; } >"$tool-s3-seed.yaml"
done
"$sci" butler create s3://bench/sci --seed-config sci-s3-seed.yaml --dimension-config dimensions.yaml >/dev/null
"$sci" butler insert-dimension-records s3://bench/sci instrument instruments.csv >/dev/null
"$sci" butler insert-dimension-records s3://bench/sci detector detectors.csv >/dev/null
"$sci" butler insert-dimension-records s3://bench/sci observation files-observations.csv >/dev/null
"$sci" butler register-dataset-type s3://bench/sci spx_image StructuredDataDict instrument observation detector >/dev/null
measure sci-s3 "$sci" butler ingest-files -t copy --data-id instrument=SPHEREx s3://bench/sci spx_image spx/s3 ingest.csv
"$butler" create --override --seed-config peer-s3-seed.yaml --dimension-config dimensions.yaml s3://bench/peer >/dev/null 2>&1
"$peer/bin/python" dims.py s3://bench/peer $((n / 10))
"$butler" register-dataset-type s3://bench/peer spx_image StructuredDataDict instrument observation detector >/dev/null 2>&1
measure peer-s3 "$butler" ingest-files -t copy --data-id instrument=SPHEREx s3://bench/peer spx_image spx/s3 ingest.csv 2>>peer.log
moto_stop

# The registry on PostgreSQL: both tools on one private server, each in its own database (PGPASSWORD for both).
pg_rows=()
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${SCI_POSTGRES_BIN:-}" ]; then
    fail() { echo "FAIL: $*" >&2; exit 1; }
    source "$lib/postgres-server.sh"
    trap 'postgres_stop; rm -rf "$work"' EXIT
    export PGPASSWORD=$pg_password
    psql_admin -d postgres -c 'CREATE DATABASE sci_bench' >/dev/null
    psql_admin -d postgres -c 'CREATE DATABASE peer_bench' >/dev/null
    for who in sci peer; do
        printf '%s\nregistry:\n  db: %s/%s_bench\n' "$(cat seed.yaml)" "${pg_url%/postgres}" "$who" >"pg-$who-seed.yaml"
    done
    "$sci" butler create scipg --seed-config pg-sci-seed.yaml --dimension-config dimensions.yaml >/dev/null
    "$sci" butler insert-dimension-records scipg instrument instruments.csv >/dev/null
    "$sci" butler insert-dimension-records scipg detector detectors.csv >/dev/null
    "$sci" butler insert-dimension-records scipg observation files-observations.csv >/dev/null
    "$sci" butler register-dataset-type scipg spx_image StructuredDataDict instrument observation detector >/dev/null
    sci3 sci-pg-copy "$sci" butler ingest-files -t copy --data-id instrument=SPHEREx scipg spx_image spx/copy{} ingest.csv
    sci3 sci-pg-query "$sci" butler query-datasets scipg spx_image --collections spx/copy1 --where "$where"
    "$butler" create --seed-config pg-peer-seed.yaml --dimension-config dimensions.yaml peerpg >/dev/null 2>&1
    "$peer/bin/python" dims.py peerpg $((n / 10))
    "$butler" register-dataset-type peerpg spx_image StructuredDataDict instrument observation detector >/dev/null 2>&1
    measure peer-pg-copy "$butler" ingest-files -t copy --data-id instrument=SPHEREx peerpg spx_image spx/copy ingest.csv 2>>peer.log
    measure peer-pg-query "$butler" query-datasets peerpg spx_image --collections spx/copy --limit 0 --where "$where" 2>>peer.log
    pg_rows=(
        "PostgreSQL: ingest-files -t copy, $n files (s)" "$(seconds sci-pg-copy)" "$(seconds peer-pg-copy)" "$(ratio "$(seconds sci-pg-copy)" "$(seconds peer-pg-copy)")" ">= 10x faster"
        "PostgreSQL: ingest-files -t copy, RSS (MB)" "$(megabytes sci-pg-copy)" "$(megabytes peer-pg-copy)" "-" "<= 100 MB"
        "PostgreSQL: query-datasets --where, $n rows (s)" "$(seconds sci-pg-query)" "$(seconds peer-pg-query)" "$(ratio "$(seconds sci-pg-query)" "$(seconds peer-pg-query)")" "faster"
    )
fi

row "benchmark" "sci" "peer" "ratio" "target"
row "ingest-files -t copy, $n files (s)" "$(seconds sci-copy)" "$(seconds peer-copy)" "$(ratio "$(seconds sci-copy)" "$(seconds peer-copy)")" ">= 20x faster"
row "ingest-files -t symlink, $n files (s)" "$(seconds sci-symlink)" "$(seconds peer-symlink)" "$(ratio "$(seconds sci-symlink)" "$(seconds peer-symlink)")" ">= 20x faster"
row "ingest-files -t copy into S3 (moto), $n files (s)" "$(seconds sci-s3)" "$(seconds peer-s3)" "$(ratio "$(seconds sci-s3)" "$(seconds peer-s3)")" ">= 10x faster"
row "ingest-files -t copy into S3, peak RSS (MB)" "$(megabytes sci-s3)" "$(megabytes peer-s3)" "-" "<= 100 MB"
row "ingest-files -t copy, peak RSS (MB)" "$(megabytes sci-copy)" "$(megabytes peer-copy)" "-" "<= 100 MB"
row "query-datasets --where, $n rows (s)" "$(seconds sci-query)" "$(seconds peer-query)" "$(ratio "$(seconds sci-query)" "$(seconds peer-query)")" "faster"
row "query-datasets --where, $big rows (s)" "$(seconds sci-bigquery)" "$(seconds peer-bigquery)" "$(ratio "$(seconds sci-bigquery)" "$(seconds peer-bigquery)")" "<= 0.20 s"
row "query-datasets --where, $big rows, RSS (MB)" "$(megabytes sci-bigquery)" "$(megabytes peer-bigquery)" "$(ratio "$(megabytes sci-bigquery)" "$(megabytes peer-bigquery)")" "<= 100 MB"
for ((i = 0; i < ${#pg_rows[@]}; i += 5)); do row "${pg_rows[@]:i:5}"; done
