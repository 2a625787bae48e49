#!/usr/bin/env bash
# Whether two builds arrange the bench batches the same: each batch is arranged by the
# kaowu_arrange_bench of both build directories (--write: the solution as the CLI prints it,
# without timings) and the two files are compared byte for byte with cmp; then the same through
# `kaowu arrange` itself, with stats.timingsMs and stats.cpuMs (the only parts that differ run to run) taken out
# before the comparison.
#   bench/arrange/same_bytes.sh BEFORE_BUILD_DIR AFTER_BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
before=${1:?build directory of the reference}
after=${2:?build directory to compare}
dir=$(mktemp -d /tmp/kaowu-arrange-bytes.XXXXXX)
trap 'rm -rf "$dir"' EXIT
batches=(
  "standard-100k|--cs 100000"
  "standard-1m|--cs 1000000"
  "random-seating-100k|--cs 100000 --seating random"
  "sequential-seating-100k|--cs 100000 --seating sequential"
  "small-sites-100k|--cs 100000 --rooms 2000 --sites 50 --colleges 200 --invigilators 4000"
  "rooms-1000-100k|--cs 100000 --rooms 1000 --sites 40"
  "short-of-invigilators-200k|--cs 200000 --invigilators 3000"
  "tight-100k|--cs 100000 --tight"
  "tight-100k-seed7|--cs 100000 --tight --seed 7"
  "tight-100k-seed8|--cs 100000 --tight --seed 8"
  "tight-100k-spare5|--cs 100000 --tight --spare 5"
  "tight-10k|--cs 10000 --tight"
)
failed=0
for entry in "${batches[@]}"; do
  label=${entry%%|*}
  read -r -a args <<<"${entry#*|}"
  "$before/kaowu_arrange_bench" "${args[@]}" --no-validate --write "$dir/before.json" >/dev/null
  "$after/kaowu_arrange_bench" "${args[@]}" --no-validate --write "$dir/after.json" >/dev/null
  if cmp -s "$dir/before.json" "$dir/after.json"; then
    printf "%-28s same bytes (%s bytes, sha256 %s)\n" "$label" "$(stat -c %s "$dir/after.json")" \
      "$(sha256sum "$dir/after.json" | cut -c1-16)"
  else
    printf "%-28s DIFFERENT\n" "$label"
    failed=1
  fi
done
# Through the CLI: the 100k and 1M batches of bench/arrange/cli.sh.
"$after/kaowu_arrange_bench" --cs 100000 --rooms 2000 --sites 50 --colleges 200 --invigilators 4000 \
  --no-validate --write-input "$dir/in-100k.json" >/dev/null
"$after/kaowu_arrange_bench" --cs 1000000 --no-validate --write-input "$dir/in-1m.json" >/dev/null
for size in 100k 1m; do
  for side in before after; do
    build=$before
    [ "$side" = after ] && build=$after
    "$build/kaowu" arrange -i "$dir/in-$size.json" -o "$dir/$side.json"
    sed -i -e 's/,"timingsMs":{[^}]*}//' -e 's/,"cpuMs":{[^}]*}//' "$dir/$side.json"
  done
  if cmp -s "$dir/before.json" "$dir/after.json"; then
    printf "%-28s same bytes (%s bytes, sha256 %s)\n" "cli-$size" "$(stat -c %s "$dir/after.json")" \
      "$(sha256sum "$dir/after.json" | cut -c1-16)"
  else
    printf "%-28s DIFFERENT\n" "cli-$size"
    failed=1
  fi
done
exit "$failed"
