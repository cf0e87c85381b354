#!/usr/bin/env bash
# The full AstrOmatic chain (the `sci pipeline init` example plus a second stack sharing two of its images) with the
# real programs: kill -9, SIGINT and SIGTERM of sci at random moments (fixed seed), then --resume. After each stop
# no program of the run is left (no process works in the run's folder), the resume does not re-run a finished step,
# and the products equal those of an uninterrupted run (headers to 1e-8, pixels and columns to 1e-5: SCAMP is not
# bit-reproducible). --jobs 2 gives the same products as --jobs 1.
set -euo pipefail
build=$(cd "${BUILD:?BUILD must name the release build folder holding sci}" && pwd)
sci="$build/sci"
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
run_pid=""
cleanup() {
    [ -n "$run_pid" ] && kill -9 "$run_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
RANDOM=21
products="work/headers/img0.head work/headers/img1.head work/headers/img2.head work/stacks/stack.fits
    work/stacks/stack.weight.fits work/stacks/stack2.fits work/stacks/stack.psf work/catalogs/stack_psf.cat
    work/catalogs/final_psf.cat"

"$sci" pipeline synth "$work/data" --images 3 --size 512 --stars 120 >/dev/null
# A fresh run folder: the pipeline, and the (read-only) data shared by every run.
prepare() {
    mkdir -p "$1"
    ln -s "$work/data" "$1/data"
    "$sci" pipeline init "$1/pipeline.yaml"
    cat >>"$1/pipeline.yaml" <<'YAML'

  # A second stack of two of the images: under --jobs 2 it runs beside the first one.
  - name: swarp2
    tool: SWarp
    files: ["${images}/img0.fits", "${images}/img1.fits"]
    weights: ["${images}/img0.weight.fits", "${images}/img1.weight.fits"]
    config: {HEADER_NAME: "${headers}/img0.head,${headers}/img1.head", HEADER_SUFFIX: NONE,
             IMAGEOUT_NAME: "${stacks}/stack2.fits", WEIGHTOUT_NAME: "${stacks}/stack2.weight.fits",
             COMBINE_TYPE: WEIGHTED, SUBTRACT_BACK: N, VERBOSE_TYPE: QUIET}
YAML
}
# Processes working in a run's folder: the programs sci started (they run in the pipeline's folder).
leftovers() {
    local dir pid
    dir=$(cd "$1" && pwd -P)
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$dir" ] && echo "$pid $(cat "/proc/$pid/comm" 2>/dev/null)"
    done
    return 0
}
same_products() {
    python3 "$root/Integration/lib/fits-compare.py" "$1" "$2" $products || fail "$3: products differ from the uninterrupted run"
}
# Step name and start time of every finished step, from the saved state.
finished() {
    python3 -c '
import json, sys
state = json.load(open(sys.argv[1]))
for name in sorted(state.get("finished", [])):
    print(name, state["results"][name].get("startedAt"))' "$1/work/log/pipeline.json" 2>/dev/null || true
}

prepare "$work/ref"
start=$EPOCHREALTIME
(cd "$work/ref" && "$sci" -q pipeline run pipeline.yaml --jobs 1) || fail "uninterrupted run"
total=$(echo "$EPOCHREALTIME - $start" | bc)
prepare "$work/jobs2"
(cd "$work/jobs2" && "$sci" -q pipeline run pipeline.yaml --jobs 2) || fail "--jobs 2 run"
same_products "$work/ref" "$work/jobs2" "--jobs 2"

round=0
for signal in KILL INT TERM; do
    round=$((round + 1))
    dir="$work/run$round"
    prepare "$dir"
    jobs=$((round % 2 + 1))
    # A moment between 5% and 95% of an uninterrupted run.
    percent=$((5 + RANDOM % 90))
    delay=$(echo "scale=3; $total * $percent / 100" | bc)
    (cd "$dir" && exec "$sci" -q pipeline run pipeline.yaml --jobs $jobs 2>"$dir/first.log") &
    run_pid=$!
    sleep "$delay"
    kill -s "$signal" "$run_pid" 2>/dev/null || true
    code=0
    wait "$run_pid" 2>/dev/null || code=$?
    run_pid=""
    case "$signal:$code" in
        KILL:137 | INT:130 | TERM:143 | *:0) ;;
        *) fail "round $round: SIG$signal after ${delay}s: exit $code: $(tail -1 "$dir/first.log")" ;;
    esac
    # The programs go with sci (a killed parent's death signal, or the forwarded SIGTERM) within moments.
    left=""
    for _ in $(seq 50); do
        left=$(leftovers "$dir")
        [ -z "$left" ] && break
        sleep 0.05
    done
    [ -z "$left" ] || fail "round $round: SIG$signal after ${delay}s left programs running: $left"
    before=$(finished "$dir")
    (cd "$dir" && "$sci" pipeline run pipeline.yaml --resume --jobs $jobs 2>"$dir/resume.log") \
        || fail "round $round: resume after SIG$signal at ${delay}s: $(tail -1 "$dir/resume.log")"
    after=$(finished "$dir")
    while read -r name started; do
        [ -z "$name" ] && continue
        grep -qx "$name $started" <<<"$after" || fail "round $round: $name had finished before SIG$signal but ran again"
        ! grep -q "^$name: " "$dir/resume.log" || fail "round $round: the resume ran $name again"
    done <<<"$before"
    same_products "$work/ref" "$dir" "round $round (SIG$signal at ${delay}s, --jobs $jobs)"
    echo "  SIG$signal at ${delay}s of ${total}s (--jobs $jobs, exit $code): $(echo "$before" | grep -c . || true) steps had finished; resumed"
done
echo ok
