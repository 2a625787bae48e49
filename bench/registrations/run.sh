#!/usr/bin/env bash
# Registrations import benchmark: N rows (default 100,000) uploaded by a college into a plan in
# its registration window, by certificate (two subjects each, so 2N registrations), on SQLite
# through the real server; timed from upload to the end of the import job. Prints the time, rows/s
# and the ratio against the roster import of the same N students measured in the same run.
#   bench/registrations/run.sh [rows]        (needs a build in $BUILD_DIR, default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
export KAOWU_BIN="$PWD/$build/kaowu" KAOWU_TEST_ENGINE=sqlite
echo "bench/registrations  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores"
node bench/registrations/import_bench.mjs "${1:-100000}"
