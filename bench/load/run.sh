#!/usr/bin/env bash
# Load on two instances behind nginx on PostgreSQL (see load.mjs): the registration week, the
# score-publication spike and the ticket night, each on a fresh database. Bounded in time and
# count, 127.0.0.1 only. Durations and sizes are parameters:
#   bench/load/run.sh [week-seconds] [spike-students] [ticket-colleges] [ticket-seconds]
#   (defaults 600, 5000, 500, 600: what the issue asks for)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
export KAOWU_BIN="$PWD/$build/kaowu" NODE_PATH="$PWD/web/node_modules"
week=${1:-600} students=${2:-5000} colleges=${3:-500} ticket_seconds=${4:-600}
# shellcheck source=../../scripts/pg-cluster.sh
source scripts/pg-cluster.sh
pg_start >/dev/null
trap pg_stop EXIT
export KAOWU_TEST_PG_BASE="$PG_URL_BASE"
echo "bench/load  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
node bench/load/load.mjs week --users 200 --seconds "$week"
node bench/load/load.mjs spike --students "$students" --seconds 60
node bench/load/load.mjs tickets --colleges "$colleges" --seconds "$ticket_seconds"
