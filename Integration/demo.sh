#!/usr/bin/env bash
# The main job on embedded defaults: start a HIPPO registry, make a star field, run the real AstrOmatic programs on
# it as a resumable pipeline, register the images and the stack in a butler repository and query them (which images
# cover the stack's brightest star?), then publish
# the stack and its catalog to the registry as a collection and pull them back into the cache, checksums verified.
# Every stage prints the `sci` command it runs so a reader can repeat it. Outputs stay in ./demo-output; a failing
# stage stops the demo and leaves what it made for inspection; the registry is stopped by PID whatever happens.
# With SERVE=1 (`make demo SERVE=1`) the registry keeps serving its web pages at the end, until Ctrl-C.
set -euo pipefail
sci=$(cd "$(dirname "${1:?usage: demo.sh PATH_TO_SCI}")" && pwd)/$(basename "$1")
lib=$(cd "$(dirname "$0")/lib" && pwd)
out=demo-output
rm -rf "$out"
mkdir -p "$out"
cd "$out"
stages=()
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true' EXIT
run() { echo "\$ sci $(printf '%q ' "$@")"; "$sci" "$@"; echo; }
say() { echo "\$ $*"; }
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
        --regex '^img(?<exposure>[0-9]+)\.fits$' --transfer copy --create-records --format table --quiet
    printf 'file,instrument\nwork/stacks/stack.fits,Synth\n' >stacks.csv
    run butler ingest-files repo stack demo/stacks stacks.csv --transfer copy --create-records --format table
    run butler collection-chain repo demo demo/raw demo/stacks
    run butler query-datasets repo raw --collections demo --where "instrument = 'Synth' AND exposure IN (0..2)" --format table
    run butler query-datasets repo stack --collections demo --format table
}

sky() {
    # Which demo exposures cover the brightest star of the stack? Each image's region comes from its FITS WCS at
    # ingest (the default universe gives regions to visits); the star is the stack catalog's brightest clean source.
    run butler register-dataset-type repo image ImageF instrument visit
    run butler ingest repo data --type image --run demo/sky --data-id instrument=Synth \
        --regex '^img(?<visit>[0-9]+)\.fits$' --transfer symlink --create-records --regions-from-wcs --format table --quiet
    say "python3 brightest-star.py work/catalogs/stack_psf.cat"
    read -r ra dec < <(python3 "$lib/brightest-star.py" work/catalogs/stack_psf.cat)
    echo "brightest star of the stack: RA $ra, Dec $dec"
    echo
    run butler query-datasets repo image --collections demo/sky \
        --where "instrument = 'Synth' AND visit.region OVERLAPS POINT($ra, $dec)" --format table
}

difference() {
    # The POC's SubtractTask over the demo's own dimensions: each exposure minus the first one (the reference), one
    # quantum per exposure, outputs in a new RUN under demo/differences, then queried back.
    run butler register-dataset-type repo reference ImageF instrument
    printf 'file,instrument\ndata/img0.fits,Synth\n' >reference.csv
    run butler ingest-files repo reference demo/reference reference.csv --transfer copy --format table
    cat >difference.yaml <<'EOF2'
description: each exposure minus the reference exposure, through the SPHEREx POC's SubtractTask
tasks:
  difference:
    class: spherex.tasks.SubtractTask
    config:
      dimensions: instrument,exposure
      subtractDimensions: instrument
      storageClass: ImageF
      connections.inputImage: raw
      connections.subtractImage: reference
      connections.outputImage: difference
EOF2
    say "cat difference.yaml"
    cat difference.yaml
    run butler qgraph repo -p difference.yaml -i demo,demo/reference -o demo/differences --format table
    run butler run repo -p difference.yaml -i demo,demo/reference -o demo/differences --register-dataset-types -j 2 --format table
    run butler query-datasets repo difference --collections demo/differences --where "instrument = 'Synth'" --format table
    run butler query-datasets repo difference_metadata --collections demo/differences --where "instrument = 'Synth'" --format table
}

registry() {
    # A fresh registry under ./hippo with one key, kept readable by its owner only; the client finds the server and
    # the key through the environment, and caches pulled files under ./cache.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    say "(umask 077; sci henry serve keys add demo --root hippo > henry.key)"
    (umask 077 && "$sci" henry serve keys add demo --root hippo >henry.key)
    say "sci henry serve --root hippo --port $port &"
    "$sci" henry serve --root hippo --port "$port" >hippo.log 2>&1 &
    server_pid=$!
    export HIPPO_HOST="http://127.0.0.1:$port" SCI_HENRY_API_KEY_FILE="$PWD/henry.key" XDG_CACHE_HOME="$PWD/cache"
    say "export HIPPO_HOST=$HIPPO_HOST SCI_HENRY_API_KEY_FILE=\$PWD/henry.key XDG_CACHE_HOME=\$PWD/cache"
    for _ in $(seq 100); do
        curl -s -o /dev/null "$HIPPO_HOST/product/search/x" && {
            echo "its web pages: $HIPPO_HOST/web (log in with the key in $PWD/henry.key)"
            echo
            return
        }
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "sci henry serve did not start; see $PWD/hippo.log" >&2
    return 1
}
publish() {
    run henry new stack.json --name "Demo stack" --description "SWarp co-add of the synthetic star field" \
        --from-fits work/stacks/stack.fits --field release=demo --source map=work/stacks/stack.fits \
        --describe map="co-added image" --source weights=work/stacks/stack.weight.fits --describe weights="weight map"
    run henry new catalog.json --name "Demo PSF catalog" --description "PSF photometry of the demo stack (FITS_LDAC)" \
        --type catalog --field file_type=fits --field release=demo --source data=work/catalogs/final_psf.cat \
        --describe data="PSFEx-fitted sources"
    run henry new-collection demo.json --name "sci demo" --description "What the demo made" stack.json catalog.json
    run henry push demo.json
    stack_id=$(python3 -c 'import json; print(json.load(open("demo.json"))["products"][0]["product_id"])')
    catalog_id=$(python3 -c 'import json; print(json.load(open("demo.json"))["products"][1]["product_id"])')
    run henry product search demo --format table
}
pull() {
    rm -rf cache
    run henry pull "$stack_id" --format table
    run henry pull "$catalog_id" --format table
    run henry cache verify
}

stage "start a HIPPO registry (sci henry serve)" registry
stage "synthesize a star field" synthesize
stage "run SExtractor, SCAMP, SWarp, PSFEx" pipeline
stage "register in a butler repository" register
stage "which exposures cover the brightest star?" sky
stage "difference the exposures (sci butler run)" difference
stage "publish stack and catalog to HIPPO" publish
stage "pull them back into the cache" pull
if [ "${SERVE:-}" != 1 ]; then
    kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    server_pid=""
fi

echo "== what was made (in $(pwd))"
printf '%-40s %8s\n' "STAGE" "SECONDS"
for entry in "${stages[@]}"; do printf '%-40s %8s\n' "${entry%%|*}" "${entry##*|}"; done
printf '%-40s %s\n' "images and weights" "data/"
printf '%-40s %s\n' "stack, PSF model, catalogs" "work/stacks, work/catalogs"
printf '%-40s %s\n' "step reports (XML) and state" "work/log"
printf '%-40s %s\n' "butler repository" "repo/"
printf '%-40s %s\n' "differences (RUN under demo/differences)" "repo/demo/differences/, difference.yaml"
printf '%-40s %s\n' "HIPPO registry ($([ -n "$server_pid" ] && echo serving || echo stopped)), its key" "hippo/, henry.key"
printf '%-40s %s\n' "products as pushed (with their ids)" "demo.json, stack.json, catalog.json"
printf '%-40s %s\n' "pulled files, verified" "cache/sci/henry/"
if [ -n "$server_pid" ]; then
    echo
    echo "== the registry's web pages: $HIPPO_HOST/web"
    echo "   log in with the key in $PWD/henry.key; serving until Ctrl-C"
    wait "$server_pid" || true
    server_pid=""
else
    echo
    echo "The registry's web pages were at $HIPPO_HOST/web while it ran; \`make demo SERVE=1\` keeps them up until Ctrl-C."
fi
