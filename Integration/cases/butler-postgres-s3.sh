#!/usr/bin/env bash
# The butler at survey shape: the registry on PostgreSQL and the files in S3 at once, beside daf_butler on the same
# PostgreSQL server and the same moto (checking signatures). The story and its checks are butler-s3.sh's, with both
# registries moved to PostgreSQL (a database and schema each); 1,000 files unless N is set.
set -euo pipefail
REGISTRY=postgresql N=${N:-1000} exec bash "$(dirname "$0")/butler-s3.sh"
