#!/usr/bin/env bash
# Sheet benchmark: XlsxWriter export of N rows, SheetReader read-back, and two floors measured in
# the same run (inflate only; inflate + expat with no handler). Prints rows/s, the ratio
# read / parse-only and peak memory (which must stay flat as N grows: both sides stream).
#   bench/sheets/run.sh [rows]        (needs a build in $BUILD_DIR, default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
rows=${1:-200000}
work=$(mktemp -d /tmp/kaowu-sheets.XXXXXX)
trap 'rm -rf "$work"' EXIT
g++ -std=gnu++20 -O2 -Wall -Wextra -Wno-missing-field-initializers -include utility \
  -Iserver/src bench/sheets/sheet_bench.cpp "$build/server/libkaowu_lib.a" \
  $(pkg-config --libs libzip expat freexl xlsxwriter pangocairo fontconfig) -lpthread \
  -o "$work/sheet_bench"
echo "bench/sheets  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores"
"$work/sheet_bench" "$work/bench.xlsx" "$rows"
