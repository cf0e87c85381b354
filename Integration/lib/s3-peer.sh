#!/usr/bin/env bash
# Installs the local S3 for tests, moto[server] from PyPI, into its own venv (~/.cache/sci/peers/s3, or $SCI_S3_PEER)
# the first time; later runs find it and need no network. The SciS3 unit tests start `moto_server` from it (via
# TestSupport's MotoServer) on a free loopback port and stop it by pid; the venv's boto3 also makes the presigned-URL
# vectors (Tests/SciS3Tests/Fixtures/make-presigned-vectors.py).
set -euo pipefail
peer=${SCI_S3_PEER:-${XDG_CACHE_HOME:-$HOME/.cache}/sci/peers/s3}
version='5.2.*'
if "$peer/bin/python" -c 'import moto, boto3, flask' >/dev/null 2>&1 && [ -x "$peer/bin/moto_server" ]; then
    exit 0
fi
echo "installing moto[server]==$version into $peer"
python3 -m venv "$peer"
"$peer/bin/pip" install -q --disable-pip-version-check "moto[server]==$version"
