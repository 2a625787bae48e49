#!/usr/bin/env bash
# Work per request of the list bench/http measures (20 rows of 100,000 organisations), counted by
# callgrind: user-space instructions per request, with one I/O thread and one worker, over N
# requests (default 500) after 100 to warm up. Unlike requests per second, the count does not move
# with the machine's load, so it compares two builds where a timing cannot.
#   bench/http/instructions.sh [binary] [requests]     (needs valgrind: scripts/deps.sh bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-./build/kaowu}
n=${2:-500}
command -v valgrind >/dev/null || { echo "valgrind is missing: scripts/deps.sh bench" >&2; exit 1; }
work=$(mktemp -d /tmp/kaowu-instructions.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
source bench/http/common.sh

db="$work/bench.db"
seed_database "$bin" "$db"
port=$(free_port)
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.out" \
  "$bin" serve --db "$db" --listen "127.0.0.1:$port" --web-dir "$work" --login-rate 0 \
  --io-threads 1 --workers 1 >"$work/server.log" 2>&1 &
pid=$!
cookie=$(sign_in "$port")
[ -n "$cookie" ] || { echo "login failed" >&2; cat "$work/server.log" >&2; exit 1; }
url="http://127.0.0.1:$port/api/v1/organizations?page=2&pageSize=20"
# One curl per phase, its requests on one kept-alive connection.
for _ in $(seq 100); do printf 'url = "%s"\noutput = /dev/null\n' "$url"; done >"$work/warm.cfg"
for _ in $(seq "$n"); do printf 'url = "%s"\noutput = /dev/null\n' "$url"; done >"$work/run.cfg"
curl -s -H "Cookie: $cookie" -K "$work/warm.cfg"
callgrind_control -i on "$pid" >/dev/null 2>&1
curl -s -H "Cookie: $cookie" -K "$work/run.cfg"
callgrind_control -i off "$pid" >/dev/null 2>&1
callgrind_control -d "$pid" >/dev/null 2>&1
sleep 1
out=$(ls "$work"/callgrind.out* | tail -1)
total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "bench/http instructions  $(date -u +%FT%TZ)  $bin"
echo "GET /api/v1/organizations?page=2&pageSize=20: $((total / n)) instructions per request ($n requests)"
