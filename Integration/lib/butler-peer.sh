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
