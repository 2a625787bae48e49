#!/usr/bin/env bash
# The whole `kaowu arrange` run (read, parse, the engine's stages, JSON out, write) on a batch of
# 100k candidate-subjects and on one ten times as large in every dimension, as the CLI is used:
#   100k  --cs 100000 --rooms 2000 --sites 50 --colleges 200 --invigilators 4000  (3.4 MB in)
#   1M    --cs 1000000 (20,000 rooms, 500 sites, 2,000 colleges, 40,000 invigilators; 34 MB in)
# both with ~2 % of the candidate-subjects left out for time clashes. The two runs alternate,
# RUNS times (default 7); printed per size: the median of the process's user+sys CPU time
# (the whole run, start-up and writing the file included) and of each stage of
# stats.cpuMs (the process's CPU time per stage, as the CLI reports it), and the growth from 100k
# to 1M (the goal: at most 12x). CPU times and medians, because the machine is shared.
#   bench/arrange/cli.sh            (KAOWU_BUILD=build-dir, RUNS=n)
set -euo pipefail
TIMEFORMAT='%3U %3S'
cd "$(dirname "$0")/../.."
build=${KAOWU_BUILD:-build}
runs=${RUNS:-7}
for target in kaowu kaowu_arrange_bench; do
  [ -x "$build/$target" ] || cmake --build "$build" --target "$target" >/dev/null
done
dir=$(mktemp -d /tmp/kaowu-arrange-cli.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$build/kaowu_arrange_bench" --cs 100000 --rooms 2000 --sites 50 --colleges 200 --invigilators 4000 \
  --no-validate --write-input "$dir/in-100k.json" >/dev/null
"$build/kaowu_arrange_bench" --cs 1000000 --no-validate --write-input "$dir/in-1m.json" >/dev/null

stages=(read parse prepare sites repair rooms residue seating output)
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
timing() { grep -o "\"$1\":[0-9.]*" "$2" | tail -1 | cut -d: -f2; }

for ((i = 1; i <= runs; ++i)); do
  for size in 100k 1m; do
    # bash's time reads the child's rusage to the millisecond (/usr/bin/time rounds to 10 ms).
    { time "$build/kaowu" arrange -i "$dir/in-$size.json" -o "$dir/out-$size.json"; } 2>"$dir/time"
    awk '{printf "%.0f\n", ($1 + $2) * 1000}' "$dir/time" >>"$dir/cpu-$size"
    stats=$(tail -c 4000 "$dir/out-$size.json" | grep -o '"cpuMs":{[^}]*}' || true)
    for stage in "${stages[@]}"; do
      v=$(grep -o "\"$stage\":[0-9.]*" <<<"$stats" | cut -d: -f2 || true)
      echo "${v:-0}" >>"$dir/$stage-$size"
    done
  done
done

printf "%-10s %10s %10s %8s   (median of %d alternating runs, ms)\n" figure 100k 1M growth "$runs"
row() {
  local a b
  a=$(median <"$dir/$1-100k")
  b=$(median <"$dir/$1-1m")
  printf "%-10s %10s %10s %8s\n" "$2" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {print (a > 0 ? sprintf("%.2fx", b / a) : "-")}')"
}
row cpu "whole cpu"
for stage in "${stages[@]}"; do row "$stage" "$stage"; done
printf "whole cpu per run: 100k %s; 1M %s\n" "$(paste -sd' ' "$dir/cpu-100k")" "$(paste -sd' ' "$dir/cpu-1m")"
