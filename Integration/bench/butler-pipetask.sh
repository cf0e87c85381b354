#!/usr/bin/env bash
# Side-by-side benchmark of `sci butler run` and Rubin's `pipetask run` on the SPHEREx POC's SubtractTask, in one run:
# 100 quanta of a 64×64 subtraction (pipetask in one process, as it runs by default), then sci alone with -j 1 and
# -j 2 on BIG quanta of 1024² images (1,000 by default, as the issue asks; 8 GB of inputs).
# Usage: Integration/bench/butler-pipetask.sh BUILD_DIR   (BUILD_DIR holds the release `sci`; BIG=1000 unless set)
set -euo pipefail
build=$(cd "${1:?usage: butler-pipetask.sh BUILD_DIR}" && pwd)
sci="$build/sci"
big=${BIG:-1000}
bench=$(cd "$(dirname "$0")" && pwd)
lib=$(cd "$bench/../lib" && pwd)
fixtures=$(cd "$bench/../fixtures" && pwd)
pipeline="$fixtures/butler-pipeline/ExamplePipeline.yaml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "skipped: $*"; exit 0; }
row() { printf '%-48s %12s %12s %10s   %s\n' "$@"; }
ratio() { echo "scale=2; $2 / $1" | bc; }
seconds() { /usr/bin/time -f "%e" -o "$1" "${@:2}" >/dev/null 2>"$1.log" || fail "$2 ${3:-}: $(tail -3 "$1.log")"; cat "$1"; }

source "$lib/pipetask-peer.sh"
source "$lib/pipetask-repos.sh"
export PYTHONPATH="$fixtures/pipetask${PYTHONPATH:+:$PYTHONPATH}"

mkdir "$work/small" "$work/big"
cd "$work/small"
make_repos 50 2 64
peer=$(seconds "$work/peer" "$pipetask" run -b peer -i rawexpr,darkr -o subtractr -p "$pipeline" --register-dataset-types)
grep -q "Executed 100 quanta successfully" "$work/peer.log" || fail "pipetask did not run 100 quanta: $(tail -3 "$work/peer.log")"
# sci registers the output types once in a warm-up run (pipetask's figure includes that, and its start-up), then
# each figure is the median of three runs into fresh output collections.
"$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o warmup --register-dataset-types -d "exposure = 1" >/dev/null 2>&1 \
    || fail "sci warm-up run"
median() { sort -n | sed -n 2p; }
sci1=$(for i in 1 2 3; do seconds "$work/sci1" "$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o "one$i" -j 1; done | median)
sci2=$(for i in 1 2 3; do seconds "$work/sci2" "$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o "two$i" -j 2; done | median)

cd "$work/big"
make_repos "$big" 1 1024 sci-only
# The output types registered once, so both runs do the same work.
"$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o warmup --register-dataset-types -d "exposure = 1" >/dev/null 2>&1 \
    || fail "sci warm-up run"
# Each run's wall time, and its CPU seconds (user + system): on a shared machine the wall times also measure the
# neighbours.
timed() { /usr/bin/time -f "%e %U %S" -o "$1" "${@:2}" >/dev/null 2>"$1.log" || fail "$2 ${3:-}: $(tail -3 "$1.log")"; }
# Each run starts alike: nothing waiting to be written (the 8 GB of inputs just made, and the first run's outputs,
# would otherwise still be leaving the page cache for the disk during the next run), and the inputs in the page
# cache, as just after they were made (this machine's kernel pages out file pages left idle for a few seconds, and
# the first run would otherwise read them from the disk for both).
ready_to_run() {
    sync
    find sci/rawexpr sci/darkr -name '*.fits' -print0 | xargs -0 cat >/dev/null
}
ready_to_run
timed "$work/big1" "$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o j1 -j 1
ready_to_run
timed "$work/big2" "$sci" butler run sci -p "$pipeline" -i rawexpr,darkr -o j2 -j 2
# The disk's own pace for the same outputs: as many files of the same size, written the same way from two threads
# with nothing else to do, a floor for both runs.
size=$(stat -c %s "$(find sci/j1 -name '*.fits' | head -1)")
sync
disk=$(python3 "$bench/disk-alone.py" "$work/disk" "$big" "$size" 2)
one=$(cut -d' ' -f1 "$work/big1")
two=$(cut -d' ' -f1 "$work/big2")
cpu1=$(awk '{ printf "%.2f", $2 + $3 }' "$work/big1")
cpu2=$(awk '{ printf "%.2f", $2 + $3 }' "$work/big2")

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
row "benchmark" "sci" "peer" "ratio" "target"
row "run, 100 quanta 64², pipetask in one process (s)" "$sci1" "$peer" "$(ratio "$sci1" "$peer")" ">= 20x faster"
row "run -j 2, 100 quanta 64² (s)" "$sci2" "$peer" "$(ratio "$sci2" "$peer")" ""
row "run -j 2 vs -j 1, $big quanta 1024² (s)" "$two" "$one" "$(ratio "$two" "$one")" ">= 1.7x"
row "  their CPU time, user + system (s)" "$cpu2" "$cpu1" "" ""
row "  the disk alone: $big such files, 2 writers (s)" "$disk" "" "" ""
