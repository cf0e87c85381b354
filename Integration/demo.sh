#!/usr/bin/env bash
# The main job on embedded defaults: make a star field, run the real AstrOmatic programs on it as a resumable
# pipeline, register the images and the stack in a butler repository, and query them. Every stage prints the
# `sci` command it runs so a reader can repeat it. Outputs stay in ./demo-output; a failing stage stops the demo
# and leaves what it made for inspection. (Publishing to HIPPO with `sci henry push/pull` joins when the Henry
# client lands.)
set -euo pipefail
sci=$(cd "$(dirname "${1:?usage: demo.sh PATH_TO_SCI}")" && pwd)/$(basename "$1")
out=demo-output
rm -rf "$out"
mkdir -p "$out"
cd "$out"
stages=()
run() { echo "\$ sci $(printf '%q ' "$@")"; "$sci" "$@"; echo; }
stage() {
    local name=$1; shift
    local start=$(date +%s.%N)
    echo "== $name"
    "$@"
    stages+=("$name|$(printf '%.2f' "$(echo "$(date +%s.%N) - $start" | bc)")")
}

synthesize() { run pipeline synth data --images 3 --seed 7; }
pipeline() {
    run pipeline init pipeline.yaml
    run pipeline run pipeline.yaml --jobs 2
    run pipeline status pipeline.yaml --format table
}
register() {
    run butler create repo
    run butler register-dataset-type repo raw ImageF instrument exposure
    run butler register-dataset-type repo stack ImageF instrument
    run butler ingest repo data --type raw --run demo/raw --data-id instrument=Synth \
        --regex '^img(?<exposure>[0-9]+)\.fits$' --transfer copy --format table --quiet
    printf 'file,instrument\nwork/stacks/stack.fits,Synth\n' >stacks.csv
    run butler ingest-files repo stack demo/stacks stacks.csv --transfer copy --format table
    run butler collection-chain repo demo demo/raw demo/stacks
    run butler query-datasets repo raw --collections demo --where "instrument = 'Synth' AND exposure IN (0..2)" --format table
    run butler query-datasets repo stack --collections demo --format table
}

stage "synthesize a star field" synthesize
stage "run SExtractor, SCAMP, SWarp, PSFEx" pipeline
stage "register in a butler repository" register

echo "== what was made (in $(pwd))"
printf '%-40s %8s\n' "STAGE" "SECONDS"
for entry in "${stages[@]}"; do printf '%-40s %8s\n' "${entry%%|*}" "${entry##*|}"; done
printf '%-40s %s\n' "images and weights" "data/"
printf '%-40s %s\n' "stack, PSF model, catalogs" "work/stacks, work/catalogs"
printf '%-40s %s\n' "step reports (XML) and state" "work/log"
printf '%-40s %s\n' "butler repository" "repo/"
