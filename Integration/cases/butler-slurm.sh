#!/usr/bin/env bash
# `sci butler run --executor slurm` on a real one-node Slurm cluster (Integration/lib/slurm-cluster.sh: munged,
# slurmctld and slurmd as plain processes, stopped by pid), on the SPHEREx POC's SubtractTask and 100 pairs of
# 64×64 float32 images (lib/make-exposures.py through lib/pipetask-repos.sh, fixed seed): the dry run prints one
# array of 100 elements and writes nothing; the 100 quanta on Slurm give the same quanta, output data IDs and
# byte-equal files as the local executor; sci killed (-9) right after submitting and run again takes the jobs over
# (the same job ids, no new sbatch script) and commits every quantum once; a job cancelled with scancel is reported
# with Slurm's state and log and re-run by the next run. Skips (exit 0, with the reason) where Slurm cannot start.
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
sci="$build/sci"
root=$(cd "$(dirname "$0")/../.." && pwd)
lib="$root/Integration/lib"
fixtures="$root/Integration/fixtures"
work=$(mktemp -d)
skip() { echo "SKIP: $*"; rm -rf "$work"; exit 0; }

# The images need numpy and astropy: the pipetask or butler peer's venv, else the system's Python.
pipetask_python=""
for candidate in "$HOME/.cache/sci/peers/pipetask/bin/python" "$HOME/.cache/sci/peers/butler/bin/python" python3; do
    "$candidate" -c 'import numpy, astropy' >/dev/null 2>&1 && { pipetask_python=$candidate; break; }
done
[ -n "$pipetask_python" ] || skip "no Python with numpy and astropy to make the images"

source "$lib/slurm-case.sh"

cd "$work"
source "$lib/pipetask-repos.sh"
mkdir base && (cd base && make_repos 50 2 64 sci-only)
echo "  [${SECONDS} s] cluster started, 100 pairs of images ingested"
pipeline="$fixtures/butler-pipeline/ExamplePipeline.yaml"
repo() { cp -a base/sci "$1"; }
run() { local repo=$1; shift; "$sci" butler run "$repo" -p "$pipeline" -i rawexpr,darkr -o subtractr --format csv "$@"; }
# A Slurm run of repository $1 in the background, sci itself (not a subshell) as $run_pid, so a kill reaches it.
start() {
    "$sci" butler run "$1" -p "$pipeline" -i rawexpr,darkr -o subtractr --format csv --register-dataset-types --executor slurm >"$1.out" 2>"$1.log" &
    run_pid=$!
}
folder_of() { ls -d "$1"/.sci-pipelines/slurm/*/ 2>/dev/null | head -1; }
jobs_of() { cat "$(folder_of "$1")jobs.json" 2>/dev/null || echo "{}"; }
job_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$(folder_of "$1")jobs.json" "$2" 2>/dev/null || true; }
# Waits (up to 60 s) until quantum $2 of repository $1 has a job id.
wait_submitted() {
    for _ in $(seq 600); do
        [ -n "$(job_of "$1" "$2")" ] && return
        kill -0 "$run_pid" 2>/dev/null || fail "sci ended before submitting: $(tail -n 2 "$1.log")"
        sleep 0.1
    done
    fail "quantum $2 was not submitted within 60 s"
}
# The postDark files of a repository, as `exposure,detector,xxh of the bytes` lines (the paths name the RUN).
outputs() {
    "$sci" butler query-datasets "$1" postDark --collections subtractr --show-uri --format csv | python3 -c '
import csv, hashlib, sys
rows = list(csv.DictReader(sys.stdin))
for row in sorted(rows, key=lambda r: (int(r["exposure"]), int(r["detector"]))):
    path = row["uri"].removeprefix("file://")
    print(row["exposure"], row["detector"], hashlib.sha256(open(path, "rb").read()).hexdigest())'
}
quanta() { "$sci" butler query-datasets "$1" subtract_metadata --collections subtractr --format csv | tail -n +2 | wc -l; }

# 1. Local against Slurm, and the dry run.
repo local
run local --register-dataset-types -j 2 >local.out 2>local.log || fail "local run: $(tail -n 1 local.log)"
repo slurm
run slurm --register-dataset-types --executor slurm --dry-run >dry.txt 2>dry.log || fail "dry run: $(tail -n 1 dry.log)"
grep -q '^#SBATCH --array=0-99$' dry.txt || fail "dry run: the 100 quanta are not one array"
[ "$(grep -c '^#!/bin/sh' dry.txt)" = 1 ] || fail "dry run: expected one script"
[ ! -e slurm/.sci-pipelines/slurm ] && ! "$sci" butler query-collections slurm --format csv | grep -q subtractr || fail "the dry run wrote something"
run slurm --register-dataset-types --executor slurm >slurm.out 2>slurm.log || fail "Slurm run: $(tail -n 2 slurm.log)"
grep -q '^100 quanta finished in .* on Slurm' slurm.log || fail "Slurm run: $(tail -n 1 slurm.log)"
[ "$(wc -l <slurm.out)" = 101 ] && [ "$(quanta slurm)" = 100 ] || fail "Slurm run: $(($(wc -l <slurm.out) - 1)) rows, $(quanta slurm) quanta"
[ "$(cut -d, -f1,2,3,6- local.out | sort)" = "$(cut -d, -f1,2,3,6- slurm.out | sort)" ] || fail "the quanta or their output data IDs differ"
outputs local >local.files
outputs slurm >slurm.files
[ "$(wc -l <local.files)" = 100 ] && cmp -s local.files slurm.files || fail "the Slurm outputs differ from the local ones: $(diff local.files slurm.files | head -3)"
ls "$(folder_of slurm)"*.out >/dev/null || fail "no Slurm job logs in the run's Slurm folder"
echo "  [${SECONDS} s] 100 quanta locally ($(grep -o 'in [0-9.]* s' local.log)) and on Slurm ($(grep -o 'in [0-9.]* s' slurm.log)): same quanta, data IDs and bytes; the dry run printed one array of 100"

# 2. sci killed right after submitting, then run again: the jobs are taken over, none submitted again.
repo killed
start killed
wait_submitted killed q99
kill -9 "$run_pid"
wait "$run_pid" 2>/dev/null || true
run_pid=""
before=$(jobs_of killed)
scripts_before=$(ls "$(folder_of killed)"*.sbatch | wc -l)
run killed --executor slurm >resumed.out 2>resumed.log || fail "resume after kill -9: $(tail -n 2 resumed.log)"
grep -q '^resuming RUN subtractr/' resumed.log || fail "the second run did not resume: $(head -n 2 resumed.log)"
grep -qE '^Slurm jobs of the earlier run: .*(queued|running)' resumed.log || fail "the resumed run did not say which jobs are in flight: $(head -n 2 resumed.log)"
[ "$(jobs_of killed)" = "$before" ] || fail "the resume submitted jobs again"
[ "$(ls "$(folder_of killed)"*.sbatch | wc -l)" = "$scripts_before" ] || fail "the resume wrote new sbatch scripts"
[ "$(quanta killed)" = 100 ] || fail "after the resume: $(quanta killed) quanta"
outputs killed | cmp -s local.files - || fail "killed and resumed: outputs differ from the local run"
echo "  [${SECONDS} s] kill -9 after submission: resumed with the same $(grep -o '_' <<<"$before" | wc -l) job ids, $(($(wc -l <resumed.out) - 1)) quanta committed on resume, outputs equal"

# 3. A job cancelled with scancel: reported with its state and log, re-run by the next run.
repo cancel
start cancel
wait_submitted cancel q99
cancelled=$(job_of cancel q99)
scancel "$cancelled"
code=0
wait "$run_pid" 2>/dev/null || code=$?
run_pid=""
[ "$code" = 1 ] || fail "a cancelled job: sci exited $code, not 1: $(tail -n 2 cancel.log)"
grep -q "^error: subtract .*Slurm job $cancelled CANCELLED.*its log: .*/.sci-pipelines/slurm/.*/$cancelled.out" cancel.log \
    || fail "the cancelled job is not reported with its state and log: $(grep -m 3 error cancel.log)"
grep -q "1 of 100 quanta failed" cancel.log || fail "not one failure: $(tail -n 1 cancel.log)"
run cancel --executor slurm >again.out 2>again.log || fail "after scancel: $(tail -n 2 again.log)"
grep -q "^resuming RUN subtractr/.*: 99 of 100 quanta finished before, 1 to run" again.log || fail "the next run: $(head -n 1 again.log)"
[ "$(job_of cancel q99)" != "$cancelled" ] || fail "the next run took over the cancelled job instead of submitting it again"
outputs cancel | cmp -s local.files - || fail "cancelled and re-run: outputs differ from the local run"
echo "  [${SECONDS} s] scancel $cancelled: reported as $(grep -o "Slurm job $cancelled [^;]*" cancel.log | head -1); re-run as $(job_of cancel q99)"
echo ok
