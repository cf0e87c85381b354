#!/usr/bin/env bash
# Spatial query over many exposures: SKY_BENCH_COUNT (default 1,000,000) exposures with regions (squares of
# 0.1-3.5 degrees, SPHEREx's field is 3.5) inserted with `sci butler insert-dimension-records`, then the median wall
# time of `sci butler query-dimension-records … --where "exposure.region OVERLAPS POINT(ra, dec)"` at 21 random
# positions (the whole command: start-up, open, pixel lookup, exact tests, output), beside the same command with a
# key lookup instead of the spatial clause, and the point query's CPU time (which the machine's load does not stretch).
# The target is 50 ms.
# daf_butler is not run beside it: inserting a million regions through its Python API takes too long for a bench.
# Usage: Integration/bench/sky.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: sky.sh BUILD_DIR}" && pwd)
fixtures=$(cd "$(dirname "$0")/../fixtures/sky" && pwd)
count=${SKY_BENCH_COUNT:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# The CPU time (user + system, ms) between two outputs of `times` (run in this shell, not a subshell, so that they
# count its finished children): a figure the machine's load does not stretch, beside the wall time that it does.
cpu_ms() { awk 'FNR == 2 {split($1, u, /[ms]/); split($2, s, /[ms]/); t = (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000
    if (FILENAME == ARGV[1]) a = t; else b = t} END {print b - a}' "$1" "$2"; }
python3 - "$count" <<'PY'
import math, random, sys
n = int(sys.argv[1]); r = random.Random(28)
with open("exposures.csv", "w") as f:
    f.write("instrument,id,region\n")
    for i in range(1, n + 1):
        ra, dec = r.uniform(0, 360), math.degrees(math.asin(r.uniform(-1, 1)))
        h = r.uniform(0.05, 1.75)
        lat = [max(-90, dec - h), min(90, dec + h)]
        w = h / max(0.05, math.cos(math.radians(max(abs(lat[0]), abs(lat[1])))))
        if w >= 60 or abs(dec) + h > 89:
            f.write(f"SPHEREx,{i},CIRCLE {ra:.6f} {dec:.6f} {h:.4f}\n")
        else:
            f.write(f"SPHEREx,{i},POLYGON {(ra - w) % 360:.6f} {lat[0]:.6f} {(ra + w) % 360:.6f} {lat[0]:.6f} "
                    f"{(ra + w) % 360:.6f} {lat[1]:.6f} {(ra - w) % 360:.6f} {lat[1]:.6f}\n")
PY
"$build/sci" butler create repo --dimension-config "$fixtures/dimensions.yaml" >/dev/null
printf 'name\nSPHEREx\n' >instruments.csv
"$build/sci" butler insert-dimension-records repo instrument instruments.csv >/dev/null
start=$(date +%s.%N)
"$build/sci" butler insert-dimension-records repo exposure exposures.csv >/dev/null
insert_s=$(echo "$(date +%s.%N) - $start" | bc)
times=() rows=() base=() cpu=()
for k in $(seq 21); do
    # The same command with a plain key lookup: what start-up, opening the registry and output cost on their own.
    start=$(date +%s.%N)
    "$build/sci" butler query-dimension-records repo exposure --format jsonl --where "instrument = 'SPHEREx' AND exposure.id = $((k * 997))" >/dev/null
    base+=("$(echo "($(date +%s.%N) - $start) * 1000" | bc)")
    ra=$(python3 -c "import random; r=random.Random($k); print(round(r.uniform(0,360),4))")
    dec=$(python3 -c "import random, math; r=random.Random(-$k); print(round(math.degrees(math.asin(r.uniform(-1,1))),4))")
    times >cpu-before.txt
    start=$(date +%s.%N)
    "$build/sci" butler query-dimension-records repo exposure --format jsonl \
        --where "instrument = 'SPHEREx' AND exposure.region OVERLAPS POINT($ra, $dec)" >found.jsonl
    times+=("$(echo "($(date +%s.%N) - $start) * 1000" | bc)")
    times >cpu-after.txt
    cpu+=("$(cpu_ms cpu-before.txt cpu-after.txt)")
    n=$(wc -l <found.jsonl)
    rows+=("$n")
done
printf '%-44s %14s %14s %10s   %s\n' "insert $count regions (s)" "$insert_s" "-" "-" "-"
printf '%-44s %14s %14s %10s   %s\n' "point query over $count regions (median ms)" \
    "$(printf '%s\n' "${times[@]}" | median)" "-" "-" "<= 50 ms"
printf '%-44s %14s %14s %10s   %s\n' "point query's CPU time (median ms)" \
    "$(printf '%s\n' "${cpu[@]}" | median)" "-" "-" "user + system"
printf '%-44s %14s %14s %10s   %s\n' "same command, key lookup instead (median ms)" \
    "$(printf '%s\n' "${base[@]}" | median)" "-" "-" "start-up + open + output"
echo "exposures found per query (median): $(printf '%s\n' "${rows[@]}" | median)"
