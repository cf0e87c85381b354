#!/usr/bin/env bash
# `sci pipeline run --executor slurm` against the local executor on this one node: 20 independent SExtractor steps
# (1024² images), local with --jobs 2 (the node's two CPUs) against Slurm (one job array of 20 on a one-node cluster
# with CPUs=2, started by Integration/lib/slurm-cluster.sh and stopped by pid). Target: Slurm within 1.5× of local;
# the scheduler's own floor for an array of 20 short jobs is a few seconds. Skips when Slurm cannot be started.
# Usage: Integration/bench/pipeline-slurm.sh BUILD_DIR   (release build holding sci)
set -euo pipefail
build=$(cd "${1:?usage: pipeline-slurm.sh BUILD_DIR}" && pwd)
sci="$build/sci"
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${BENCH_TMP:-/tmp}/pipeline-slurm-bench.XXXXXX")
cleanup() { bash "$root/Integration/lib/slurm-cluster.sh" stop "$work/cluster" || true; rm -rf "$work"; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
seconds() { local start=$EPOCHREALTIME; "$@" >/dev/null 2>"$work/last.err" || { echo "failed: $* — $(tail -n 1 "$work/last.err")" >&2; exit 1; }; echo "$EPOCHREALTIME - $start" | bc; }
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }
cd "$work"
if ! started=$(bash "$root/Integration/lib/slurm-cluster.sh" start "$work/cluster" 2>cluster.err); then
    row "20 steps, Slurm vs local (s)" "skipped" "-" "-" "Slurm cannot be started: $(tail -n 1 cluster.err)"
    exit 0
fi
eval "$started"
export SLURM_CONF

"$sci" pipeline synth data --images 20 --size 1024 --stars 200 --seed 5 >/dev/null
{
    echo "name: twenty"
    echo "paths: {temp: tmp, log: log}"
    echo "steps:"
    for i in $(seq 0 19); do
        echo "  - {name: sex$i, tool: SExtractor, files: [data/img$i.fits], weights: [data/img$i.weight.fits],"
        echo "     parameters: [NUMBER, XWIN_IMAGE, YWIN_IMAGE, FLUX_AUTO, FLAGS],"
        echo "     config: {CATALOG_NAME: tmp/img$i.cat, CATALOG_TYPE: FITS_LDAC, VERBOSE_TYPE: QUIET}}"
    done
} >twenty.yaml
"$sci" -q pipeline run twenty.yaml --jobs 2 >/dev/null
local_times=() slurm_times=()
for run in 1 2 3; do
    local_times+=("$(seconds "$sci" -q pipeline run twenty.yaml --jobs 2 --force)")
    slurm_times+=("$(seconds "$sci" -q pipeline run twenty.yaml --executor slurm --force)")
done
local_s=$(printf '%s\n' "${local_times[@]}" | median)
slurm_s=$(printf '%s\n' "${slurm_times[@]}" | median)
row "20 SExtractor steps, Slurm vs local (s)" "$slurm_s" "$local_s -j 2" "$(echo "scale=2; $slurm_s / $local_s" | bc)" "<= 1.5x"
