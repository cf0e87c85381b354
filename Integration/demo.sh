#!/usr/bin/env bash
# The main job on embedded defaults. For now: sci and its plugins; the whole story (serve, pipeline, butler, push,
# pull) arrives with the modules that tell it. Outputs stay in ./demo-output.
set -euo pipefail
sci=${1:?usage: demo.sh PATH_TO_SCI}
mkdir -p demo-output
run() { echo "\$ sci $*"; "$sci" "$@"; echo; }
run version
run plugins --format table
run --help | tee demo-output/help.txt
