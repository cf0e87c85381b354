#!/usr/bin/env bash
# The SPHEREx POC's SubtractTask beside Rubin's pipetask: the same 100 pairs of 64×64 float32 images (rawexp, dark)
# in a daf_butler repository and a sci repository; `pipetask run` with the POC's ExamplePipeline.yaml and a Python
# SubtractTask (Integration/fixtures/pipetask), `sci butler run` with its built-in one. Same number of quanta, same
# output data IDs, pixel-equal differences, same WCS. Then a kill in the middle of a sci run and a resume that
# finishes only what was left. BUILD is the release build folder holding `sci`; the peer (lsst-pipe-base and
# lsst-ctrl-mpexec 30.2026.4300 on Python 3.12) is installed into a venv the first time.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
fixtures=$(cd "$(dirname "$0")/../fixtures" && pwd)
sci="${BUILD:?BUILD must name the release build folder}/sci"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 0; }
cd "$work"

source "$lib/pipetask-peer.sh"
peer_bin=$(dirname "$pipetask")
export PYTHONPATH="$fixtures/pipetask${PYTHONPATH:+:$PYTHONPATH}"
pipeline="$fixtures/butler-pipeline/ExamplePipeline.yaml"

# 50 exposures × 2 detectors: 100 quanta.
source "$lib/pipetask-repos.sh"
make_repos 50 2 64

# The graphs first: the same number of quanta.
"$sci" butler qgraph sci -p "$pipeline" -i rawexpr,darkr -o subtractr --json --save sci.qgraph.json >/dev/null 2>sci.qgraph.log \
    || fail "sci butler qgraph: $(cat sci.qgraph.log)"
"$pipetask" --log-level INFO qgraph -b peer -i rawexpr,darkr -o subtractr -p "$pipeline" >peer.qgraph.log 2>&1 || fail "pipetask qgraph: $(tail -5 peer.qgraph.log)"
peer_graph=$(grep -o 'QuantumGraph contains [0-9]* quanta' peer.qgraph.log | grep -o '[0-9]*' | head -1)
sci_graph=$(grep -o '^[0-9]* quanta' sci.qgraph.log | grep -o '[0-9]*')
[ -n "$peer_graph" ] || fail "pipetask qgraph printed no quantum count: $(tail -3 peer.qgraph.log)"
[ "$peer_graph" = "$sci_graph" ] || fail "qgraph: pipetask $peer_graph quanta, sci $sci_graph"

"$pipetask" run -b peer -i rawexpr,darkr -o subtractr -p "$pipeline" --register-dataset-types >peer.log 2>&1 \
    || fail "pipetask run: $(tail -5 peer.log)"
"$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o subtractr --register-dataset-types -j 2 --format csv >sci.out 2>sci.log \
    || fail "sci butler run: $(cat sci.log)"
peer_quanta=$(grep -o 'Executed [0-9]* quanta successfully, 0 failed' peer.log | tail -1 | grep -o '[0-9]*' | head -1)
sci_quanta=$(grep -o '^[0-9]* quanta finished' sci.log | grep -o '[0-9]*')
[ "$peer_quanta" = 100 ] || fail "pipetask ran ${peer_quanta:-no} quanta, not 100: $(tail -3 peer.log)"
[ "$sci_quanta" = "$peer_quanta" ] || fail "sci ran ${sci_quanta:-no} quanta, pipetask $peer_quanta"

# Same outputs: data IDs, pixels, WCS.
"$sci" butler query-datasets sci postDark --collections subtractr --show-uri --format csv >sci.postDark.csv
"$pipetask_python" "$lib/pipetask-compare.py" peer sci.postDark.csv postDark subtractr || fail "the outputs differ"

# Both chains: OUTPUT = [OUTPUT/<timestamp>, rawexpr, darkr].
peer_chain=$("$peer_bin/butler" query-collections peer subtractr --chains TREE 2>/dev/null | awk 'NR > 3 { print $1 }' | sed 's#/[0-9T]*Z$#/TS#' | tr '\n' ' ')
sci_chain=$("$sci" butler query-collections sci subtractr --format csv | awk -F, 'NR > 1 { print $3 }' | sed 's#/[0-9T]*Z$#/TS#' | tr '\n' ' ')
[ "$peer_chain" = "subtractr/TS rawexpr darkr " ] && [ "$sci_chain" = "$peer_chain" ] \
    || fail "chains differ: pipetask [$peer_chain] sci [$sci_chain]"

# Killed in the middle, then resumed: every quantum finished once.
"$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o again --register-dataset-types --format csv >/dev/null 2>&1 &
pid=$!
# Killed as soon as the first provenance folder appears (a builtin glob, so the watch costs no processes).
while kill -0 "$pid" 2>/dev/null && ! compgen -G 'sci/again/*/subtract_metadata' >/dev/null; do :; done
kill -9 "$pid" 2>/dev/null || fail "the run finished before it could be killed"
wait "$pid" 2>/dev/null || true
before=$("$sci" butler query-datasets sci subtract_metadata --collections again --format csv | tail -n +2 | wc -l)
"$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o again --format csv >resumed.out 2>resumed.log || fail "resume: $(cat resumed.log)"
grep -q "^resuming RUN again/" resumed.log || fail "the second run did not resume: $(cat resumed.log)"
rerun=$(($(wc -l <resumed.out) - 1))
after=$("$sci" butler query-datasets sci postDark --collections again --format csv | tail -n +2 | wc -l)
[ "$after" = 100 ] && [ "$rerun" = $((100 - before)) ] || fail "after the kill: $before finished, $rerun run again, $after in all"
echo "pipetask and sci: $peer_quanta quanta each, the same outputs; killed after $before quanta, resumed $rerun"
