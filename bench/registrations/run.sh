#!/usr/bin/env bash
# Registrations import benchmark: an .xlsx of N rows (default 100,000) uploaded by a college into a
# plan in its registration window, by certificate (two subjects each, so 2N registrations), on
# SQLite through the real server; timed from upload to the end of the import job. Prints the time
# and rows/s next to ExcelJS parsing the same file, and the roster import of the same N students.
#   bench/registrations/run.sh [rows]        (needs a build in $BUILD_DIR, default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
export KAOWU_BIN="$PWD/$build/kaowu" KAOWU_TEST_ENGINE=sqlite
# ExcelJS (the JavaScript reference of bench/sheets) from npm, pinned by its lock file.
if [ ! -d bench/sheets/node_modules/exceljs ]; then
  (cd bench/sheets && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "bench/registrations  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores"
node bench/registrations/import_bench.mjs "${1:-100000}"
