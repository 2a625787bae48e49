#!/usr/bin/env bash
# Arranging benchmark: generated exam batches of 10k, 100k and 1M candidate-subjects (20,000
# rooms, 40 slots, 500 sites, 2,000 colleges, 400 subjects, 40,000 监考老师 and 4,000 巡考老师,
# a tenth of them unavailable one afternoon), generated in memory by kaowu_arrange_bench and
# arranged by the library on one thread (--patrols 0 --unavailable 0: without the 巡考老师 and
# the unavailable afternoons, the batches as before).
#
# What is timed (see arrange_bench.cpp):
#   arrange   schedule::arrange on the in-memory instance: best of 3, wall clock and thread CPU
#             time (CPU time is the figure to trust on a busy machine)
#   parse     JSON text -> Instance (nlohmann parsing included), second pass only
#   output    Solution -> JSON text, second pass only
# Generation is never timed. Every result is also checked by the validator (violations=0).
# Peak RSS is the process high-water mark from /usr/bin/time -v (generation included).
#   tight     --tight: a planted batch where every seat of every room is needed in every slot and
#             30 % of colleges have two sites (a complete arrangement exists), single run: what
#             the placement leaves out when capacity suffices, and what that costs; then the
#             same over eight generator seeds at 100k and 1M, with no spare seat and with 0.1 %
#             and 0.5 % of seats spare (--spare 1, --spare 5)
#   exact     --exact 1000: small tight batches (server/tests/schedule/small_batches.hpp) against
#             the optimum of the integer program solved by CBC to the end: batches at the proven
#             optimum, placements lost in total, worst gap with its seed; then --exact 100
#             --medium (400-1,500 candidate-subjects, up to 8 sites)
# Goals: 1M in < 2 s on one core, 10x input <= 12x time, RSS < 1 GB; the optimum on >= 99 % of
# the exact batches, <= 0.1 % of placements lost.
#   bench/arrange/run.sh            (KAOWU_BUILD=build-dir to use another build directory)
# The whole CLI run (read, parse, stages, output) at 100k and 1M: bench/arrange/cli.sh; two builds
# compared byte for byte on the bench batches: bench/arrange/same_bytes.sh BEFORE AFTER.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${KAOWU_BUILD:-build}
bin="$build/kaowu_arrange_bench"
if [ ! -x "$bin" ]; then
  cmake --build "$build" --target kaowu_arrange_bench >/dev/null
fi
sizes=(10000 100000 1000000)
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
rss_mb() { awk '/Maximum resident set size/ {printf "%d", $6 / 1024}' "$1"; }
tmp=$(mktemp /tmp/kaowu-arrange-bench.XXXXXX)
trap 'rm -f "$tmp"' EXIT

echo "== arrange (in memory, best of 3) =="
printf "%10s %12s %12s %12s %10s %10s %10s %12s\n" cs wall_ms cpu_ms cpu_x_per10x rss_mb placed unplaced violations
prev=""
declare -A cpu
for n in "${sizes[@]}"; do
  line=$(/usr/bin/time -v "$bin" --cs "$n" --repeat 3 2>"$tmp")
  wall=$(field arrange_ms "$line")
  c=$(field arrange_cpu_ms "$line")
  cpu[$n]=$c
  ratio="-"
  [ -n "$prev" ] && ratio=$(awk -v a="$c" -v b="${cpu[$prev]}" 'BEGIN {printf "%.2f", a / b}')
  printf "%10s %12s %12s %12s %10s %10s %10s %12s\n" "$n" "$wall" "$c" "$ratio" "$(rss_mb "$tmp")" \
    "$(field placed "$line")" "$(field unplaced "$line")" "$(field violations "$line")"
  echo "   $line" >&2
  prev=$n
done

echo
echo "== exact: small tight batches against the proven optimum =="
"$bin" --exact 1000
"$bin" --exact 100 --medium

echo
echo "== JSON in and out (the CLI path) =="
printf "%10s %10s %10s %12s %10s %12s %10s\n" cs in_mb parse_ms arrange_cpu out_mb output_ms rss_mb
for n in "${sizes[@]}"; do
  line=$(/usr/bin/time -v "$bin" --cs "$n" --json --no-validate 2>"$tmp")
  printf "%10s %10s %10s %12s %10s %12s %10s\n" "$n" "$(field json_in_mb "$line")" "$(field parse_ms "$line")" \
    "$(field arrange_cpu_ms "$line")" "$(field json_out_mb "$line")" "$(field output_ms "$line")" "$(rss_mb "$tmp")"
done

echo
echo "== tight: every seat needed, shared sites (a complete arrangement exists) =="
printf "%10s %12s %10s %10s %10s %12s %10s\n" cs cpu_ms rss_mb placed unplaced repair_moves violations
for n in "${sizes[@]}"; do
  line=$(/usr/bin/time -v "$bin" --cs "$n" --tight 2>"$tmp")
  printf "%10s %12s %10s %10s %10s %12s %10s\n" "$n" "$(field arrange_cpu_ms "$line")" "$(rss_mb "$tmp")" \
    "$(field placed "$line")" "$(field unplaced "$line")" "$(field repair_moves "$line")" "$(field violations "$line")"
  echo "   tight $line" >&2
done

echo
echo "== tight over generator seeds (arrange CPU ms / unplaced per seed; sum) =="
seeds=(20210918 7 8 9 1 2 3 4)
for spare in 0 1 5; do
  for n in 100000 1000000; do
    [ "$spare" != 0 ] && [ "$n" != 1000000 ] && continue
    total_ms=0 total_unplaced=0 row=""
    for seed in "${seeds[@]}"; do
      line=$("$bin" --cs "$n" --tight --spare "$spare" --seed "$seed")
      c=$(field arrange_cpu_ms "$line")
      u=$(field unplaced "$line")
      [ "$(field violations "$line")" = 0 ] || { echo "violations: $line" >&2; exit 1; }
      row="$row ${c%.*}/$u"
      total_ms=$(awk -v a="$total_ms" -v b="$c" 'BEGIN {printf "%.0f", a + b}')
      total_unplaced=$((total_unplaced + u))
    done
    printf "%10s spare %s/1000:%s = %s ms, %s unplaced\n" "$n" "$spare" "$row" "$total_ms" "$total_unplaced"
  done
done
