#!/usr/bin/env bash
# Stored files benchmark (written to bench/files/results.txt): a file of SIZE_MB (default 200)
# written into the database by files::save_from and read back by files::read_to, against a plain
# file-to-file copy of the same bytes in the same run; and the base64 chunks stored before
# migration 018, for comparison. On SQLite (a file in a temporary directory) and, when
# KAOWU_BENCH_PG_URL names a scratch database (or a cluster can be started), on PostgreSQL.
#   bench/files/run.sh     (needs a build in $BUILD_DIR, default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
size=${SIZE_MB:-200}
work=$(mktemp -d /tmp/kaowu-files-bench.XXXXXX)
source scripts/pg-cluster.sh
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT
results=bench/files/results.txt
exec > >(tee "$results") 2>&1

g++ -std=gnu++20 -O2 -include utility -DSPDLOG_FMT_EXTERNAL -Iserver/src -I/usr/include/postgresql \
  bench/files/files_bench.cpp "$build/server/libkaowu_lib.a" \
  -lsoci_core -lsoci_sqlite3 -lsoci_postgresql -lsqlite3 -lpq -lsodium -lspdlog -lfmt -lz -lpthread -ldl \
  -o "$work/files_bench"

echo "kaowu stored files, $(date -u +%F)"
"$work/files_bench" "$work/bench.db" "$size" "$work"
pg=${KAOWU_BENCH_PG_URL:-}
if [ -z "$pg" ] && pg_start >/dev/null; then
  pg_createdb kaowu_files_bench
  pg="$PG_URL_BASE/kaowu_files_bench"
fi
if [ -n "$pg" ]; then "$work/files_bench" "$pg" "$size" "$work"; fi
