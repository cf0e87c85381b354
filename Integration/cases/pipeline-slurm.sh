#!/usr/bin/env bash
# `sci pipeline run --executor slurm` on a real one-node Slurm cluster (Integration/lib/slurm-cluster.sh: munged,
# slurmctld and slurmd as plain processes, stopped by pid): the full AstrOmatic chain gives the same products as the
# local executor; --dry-run prints the sbatch scripts (an array for the three SExtractor runs, afterok for the rest)
# and submits nothing; sci killed (-9) mid-run and resumed submits no job again (the queued and running ones are
# taken over); a job cancelled with scancel is reported with Slurm's state and log, and re-run by --resume.
# Skips (exit 0, with the reason) only where Slurm cannot be started.
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
sci="$build/sci"
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
source "$root/Integration/lib/slurm-case.sh"

products="work/headers/img0.head work/headers/img1.head work/headers/img2.head work/stacks/stack.fits
    work/stacks/stack.weight.fits work/stacks/stack.psf work/catalogs/stack_psf.cat work/catalogs/final_psf.cat"
"$sci" pipeline synth "$work/data" --images 3 --size 512 --stars 120 >/dev/null
prepare() {
    mkdir -p "$1"
    ln -s "$work/data" "$1/data"
    "$sci" pipeline init "$1/pipeline.yaml"
}
same_products() {
    python3 "$root/Integration/lib/fits-compare.py" "$1" "$2" $products || fail "$3: products differ from the local run"
}
jobs_of() { cat "$1/work/log/slurm/jobs.json" 2>/dev/null || echo "{}"; }
job_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1/work/log/slurm/jobs.json" "$2" 2>/dev/null || true; }
# Waits (up to 60 s) until every step of the pipeline has a job id.
wait_submitted() {
    for _ in $(seq 600); do
        [ -n "$(job_of "$1" save)" ] && return
        kill -0 "$run_pid" 2>/dev/null || fail "sci ended before submitting every step: $(tail -n 2 "$1/first.log")"
        sleep 0.1
    done
    fail "not every step was submitted within 60 s"
}

# 1. Local against Slurm.
prepare "$work/local"
(cd "$work/local" && "$sci" -q pipeline run pipeline.yaml --jobs 1) || fail "local run"
prepare "$work/slurm"
(cd "$work/slurm" && "$sci" pipeline run pipeline.yaml --executor slurm --dry-run >dry.txt 2>dry.log) || fail "dry run: $(tail -n 1 "$work/slurm/dry.log")"
grep -q '^#SBATCH --array=0-2$' "$work/slurm/dry.txt" || fail "dry run: the three SExtractor runs are not one array"
grep -q '^#SBATCH --dependency=afterok:' "$work/slurm/dry.txt" || fail "dry run: no afterok dependency"
[ "$(grep -c '^#!/bin/sh' "$work/slurm/dry.txt")" = 7 ] || fail "dry run: expected 7 scripts (one array of 3, six single steps)"
[ ! -e "$work/slurm/work/log/pipeline.json" ] && [ ! -e "$work/slurm/work/log/slurm/jobs.json" ] || fail "the dry run recorded state"
(cd "$work/slurm" && "$sci" pipeline run pipeline.yaml --executor slurm 2>run.log) || fail "Slurm run: $(tail -n 1 "$work/slurm/run.log")"
same_products "$work/local" "$work/slurm" "Slurm run"
ls "$work/slurm/work/log/slurm/"*.out >/dev/null || fail "no Slurm job logs in the log folder"
(cd "$work/slurm" && "$sci" pipeline run pipeline.yaml --executor slurm 2>again.log) || fail "second Slurm run"
grep -q '^0 ran, 9 up to date' "$work/slurm/again.log" || fail "a second Slurm run ran steps again: $(tail -n 1 "$work/slurm/again.log")"
echo "  local and Slurm products equal; dry run printed 7 scripts; a second run was up to date"

# 2. sci killed while jobs are queued and running, then resumed: no job is submitted again.
prepare "$work/killed"
(cd "$work/killed" && exec "$sci" pipeline run pipeline.yaml --executor slurm 2>first.log) &
run_pid=$!
wait_submitted "$work/killed"
kill -9 "$run_pid"
wait "$run_pid" 2>/dev/null || true
run_pid=""
before=$(jobs_of "$work/killed")
scripts_before=$(ls "$work/killed/work/log/slurm/"*.sbatch | wc -l)
status=$(cd "$work/killed" && "$sci" pipeline status pipeline.yaml --format json)
grep -qE '"status":"(queued|running)"' <<<"$status" || grep -q '"status":"success"' <<<"$status" || fail "status after the kill: $status"
(cd "$work/killed" && "$sci" pipeline run pipeline.yaml --executor slurm --resume 2>resume.log) || fail "resume after kill -9: $(tail -n 1 "$work/killed/resume.log")"
[ "$(jobs_of "$work/killed")" = "$before" ] || fail "the resume submitted jobs again: before $before, after $(jobs_of "$work/killed")"
[ "$(ls "$work/killed/work/log/slurm/"*.sbatch | wc -l)" = "$scripts_before" ] || fail "the resume wrote new sbatch scripts"
same_products "$work/local" "$work/killed" "killed and resumed"
echo "  kill -9 after submission: resumed with the same $(grep -o '_' <<<"$before" | wc -l) job ids, products equal"

# 3. A job cancelled with scancel: reported with its state and log, re-run on --resume.
prepare "$work/cancel"
(cd "$work/cancel" && exec "$sci" pipeline run pipeline.yaml --executor slurm 2>first.log) &
run_pid=$!
wait_submitted "$work/cancel"
cancelled=$(job_of "$work/cancel" psfex)
scancel "$cancelled"
code=0
wait "$run_pid" 2>/dev/null || code=$?
run_pid=""
[ "$code" = 1 ] || fail "a cancelled job: sci exited $code, not 1: $(tail -n 2 "$work/cancel/first.log")"
grep -q "^psfex: error .*Slurm job $cancelled CANCELLED.*its log: .*/work/log/slurm/$cancelled.out" "$work/cancel/first.log" \
    || fail "the cancelled job is not reported with its state and log: $(grep psfex "$work/cancel/first.log")"
(cd "$work/cancel" && "$sci" pipeline run pipeline.yaml --executor slurm --resume 2>resume.log) || fail "resume after scancel: $(tail -n 1 "$work/cancel/resume.log")"
grep -q '^psfex: success' "$work/cancel/resume.log" || fail "--resume did not run psfex again"
[ "$(job_of "$work/cancel" psfex)" != "$cancelled" ] || fail "--resume took over the cancelled job instead of submitting it again"
same_products "$work/local" "$work/cancel" "cancelled and resumed"
echo "  scancel $cancelled (psfex): reported as $(grep "^psfex: error" "$work/cancel/first.log" | grep -o "Slurm job [^;]*"); re-run on --resume"
echo ok
