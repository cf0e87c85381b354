# Sourced by the butler cases and benchmarks: installs the real butler (lsst-daf-butler 30.2026.4300 with its
# PostgreSQL extra, and lsst-resources with S3 through boto3) into a venv on first use; later runs need no network.
# Needs a `fail` function; sets $peer, $butler and $python.
peer=${BUTLER_PEER:-$HOME/.cache/sci/peers/butler}
version=30.2026.4300
if ! "$peer/bin/python" -c 'import lsst.daf.butler, psycopg, boto3' >/dev/null 2>&1; then
    [ -x "$peer/bin/pip" ] || python3 -m venv "$peer" >/dev/null || fail "cannot make the venv $peer"
    "$peer/bin/pip" install -q --disable-pip-version-check "lsst-daf-butler[postgres]==$version" 'lsst-resources[s3]' \
        >"${TMPDIR:-/tmp}/butler-peer-pip.log" 2>&1 || fail "cannot install lsst-daf-butler==$version: $(tail -3 "${TMPDIR:-/tmp}/butler-peer-pip.log")"
fi
butler="$peer/bin/butler"
python="$peer/bin/python"

# The ingest story both tools tell in the butler cases: `ingest_story TOOL REPO [RUN2_TRANSFER]` registers spx_image,
# ingests run1.csv (copy, dataid_type ids) and run2.csv (RUN2_TRANSFER, default copy; dataid_type_run ids) and chains
# spx/defaults over both. TOOL is a command prefix ("$butler" or "$sci butler").
ingest_story() {
    local tool=$1 repo=$2 transfer2=${3:-copy} log
    log=$(mktemp)
    $tool register-dataset-type "$repo" spx_image StructuredDataDict instrument observation detector >"$log" 2>&1 \
        || fail "$tool register-dataset-type: $(tail -3 "$log")"
    $tool ingest-files -t copy --id-generation-mode dataid_type --data-id instrument=SPHEREx "$repo" spx_image spx/raw/run1 \
        run1.csv >"$log" 2>&1 || fail "$tool ingest-files run1: $(tail -3 "$log")"
    $tool ingest-files -t "$transfer2" --id-generation-mode dataid_type_run --data-id instrument=SPHEREx "$repo" spx_image \
        spx/raw/run2 run2.csv >"$log" 2>&1 || fail "$tool ingest-files run2: $(tail -3 "$log")"
    $tool collection-chain "$repo" spx/defaults spx/raw/run2 spx/raw/run1 >"$log" 2>&1 || fail "$tool collection-chain"
    rm -f "$log"
}
