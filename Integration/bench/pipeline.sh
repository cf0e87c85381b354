#!/usr/bin/env bash
# `sci pipeline` against a plain shell script running the same commands, in the same run:
# 1. orchestration overhead on the full example (SExtractor ×3 → SCAMP → SWarp → SExtractor → PSFEx → SExtractor),
#    every step forced to run, against the commands sci recorded for it, run one after another by bash;
# 2. --jobs 2 against --jobs 1 on four independent SExtractor steps;
# 3. a re-run with nothing changed (every step skipped by its hashes) against `sci version` (process start-up).
# Usage: Integration/bench/pipeline.sh BUILD_DIR   (release build holding sci)
set -euo pipefail
build=$(cd "${1:?usage: pipeline.sh BUILD_DIR}" && pwd)
sci="$build/sci"
work=$(mktemp -d "${BENCH_TMP:-/tmp}/pipeline-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
seconds() { local start=$EPOCHREALTIME; "$@" >/dev/null 2>&1; echo "$EPOCHREALTIME - $start" | bc; }
row() { printf '%-44s %14s %14s %10s   %s\n' "$@"; }
cd "$work"
size=${PIPELINE_BENCH_SIZE:-1024}

row "benchmark" "sci" "peer" "ratio" "target"

# 1. The full example, forced, against bash running the recorded commands (stderr to files, as sci does).
"$sci" pipeline synth data --images 3 --size "$size" --seed 7 >/dev/null
"$sci" pipeline init pipeline.yaml >/dev/null
"$sci" -q pipeline run pipeline.yaml --jobs 1 >/dev/null
python3 - >commands.sh <<'PY'
import json, shlex
state = json.load(open("work/log/pipeline.json"))
print("set -e")
for name in state["runSteps"]:
    command = state["results"][name].get("command")
    if command:
        # sci gives each step a scratch folder (SWarp's RESAMPLE_DIR) and removes it afterwards; so does the script.
        scratch = command[command.index("-RESAMPLE_DIR") + 1] if "-RESAMPLE_DIR" in command else None
        if scratch:
            print(f"mkdir -p {shlex.quote(scratch)}")
        print(" ".join(shlex.quote(part) for part in command) + f" 2>work/log/{name}.shell.stderr")
        if scratch:
            print(f"rm -rf {shlex.quote(scratch)}")
PY
sci_times=() shell_times=()
for run in 1 2 3; do
    shell_times+=("$(seconds bash commands.sh)")
    sci_times+=("$(seconds "$sci" -q pipeline run pipeline.yaml --jobs 1 --force)")
done
sci_s=$(printf '%s\n' "${sci_times[@]}" | median)
shell_s=$(printf '%s\n' "${shell_times[@]}" | median)
row "full example, 9 steps, ${size}² (s)" "$sci_s" "$shell_s bash" "$(echo "scale=3; $sci_s / $shell_s" | bc)" \
    "overhead <= 2% ($(echo "scale=1; ($sci_s - $shell_s) * 100 / $shell_s" | bc)%)"

# 2. Four independent SExtractor steps, --jobs 2 against --jobs 1.
"$sci" pipeline synth quad --images 4 --size $((size * 2)) --seed 3 --stars 600 >/dev/null
{
    echo "name: four"
    echo "paths: {temp: tmp, log: log}"
    echo "steps:"
    for i in 0 1 2 3; do
        echo "  - {name: sex$i, tool: SExtractor, files: [quad/img$i.fits], weights: [quad/img$i.weight.fits],"
        echo "     parameters: [NUMBER, XWIN_IMAGE, YWIN_IMAGE, FLUX_AUTO, FLAGS],"
        echo "     config: {CATALOG_NAME: tmp/img$i.cat, CATALOG_TYPE: FITS_LDAC, VERBOSE_TYPE: QUIET}}"
    done
} >four.yaml
"$sci" -q pipeline run four.yaml --jobs 1 >/dev/null
one=() two=()
for run in 1 2 3; do
    one+=("$(seconds "$sci" -q pipeline run four.yaml --jobs 1 --force)")
    two+=("$(seconds "$sci" -q pipeline run four.yaml --jobs 2 --force)")
done
one_s=$(printf '%s\n' "${one[@]}" | median)
two_s=$(printf '%s\n' "${two[@]}" | median)
row "4 SExtractor steps, --jobs 2 vs 1 (s)" "$two_s" "$one_s --jobs 1" "$(echo "scale=2; $one_s / $two_s" | bc)" ">= 1.7x"

# 3. Nothing changed: every step is skipped by its hashes.
up=() start=()
for run in $(seq 10); do
    up+=("$(seconds "$sci" -q pipeline run pipeline.yaml)")
    start+=("$(seconds "$sci" version)")
done
up_ms=$(echo "$(printf '%s\n' "${up[@]}" | median) * 1000" | bc)
start_ms=$(echo "$(printf '%s\n' "${start[@]}" | median) * 1000" | bc)
row "re-run, nothing changed (ms)" "$(printf '%.1f' "$up_ms")" "$(printf '%.1f' "$start_ms") start-up" \
    "+$(printf '%.1f' "$(echo "$up_ms - $start_ms" | bc)")" "<= +50 ms over start-up"
