#!/usr/bin/env bash
# 排考 end to end through the server against the registrations import of the same rows, on SQLite
# and, when a PostgreSQL cluster can be started, on PostgreSQL (see server_bench.mjs).
#   bench/arranging/run.sh [candidates]      (default 50,000 candidates = 100,000 candidate-subjects)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
export KAOWU_BIN="$PWD/$build/kaowu" NODE_PATH="$PWD/web/node_modules"
n=${1:-50000}
echo "bench/arranging  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores"
KAOWU_TEST_ENGINE=sqlite node bench/arranging/server_bench.mjs "$n"
# shellcheck source=../../scripts/pg-cluster.sh
source scripts/pg-cluster.sh
if pg_start >/dev/null; then
  trap pg_stop EXIT
  KAOWU_TEST_ENGINE=postgresql KAOWU_TEST_PG_BASE="$PG_URL_BASE" node bench/arranging/server_bench.mjs "$n"
fi
