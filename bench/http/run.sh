#!/usr/bin/env bash
# HTTP benchmark: wrk on 127.0.0.1 against an authenticated list endpoint (20 rows of a table of
# 100,000 organisations) and against nginx serving a file with the same bytes, in one run.
# Prints requests/s, p99 latency and the ratio kaowu/nginx.  Goal: ratio >= 1/2, p99 < 20 ms at
# 64 connections.
#   bench/http/run.sh [duration-seconds] [connections]
#   (KAOWU_BIN=path/to/kaowu measures another build, e.g. to alternate two in one sitting)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
duration=${1:-15}
conns=${2:-64}
bin=${KAOWU_BIN:-./build/kaowu}
work=$(mktemp -d /tmp/kaowu-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

source bench/http/common.sh

db="$work/bench.db"
echo "Seeding 100,000 organisations ..."
seed_database "$bin" "$db"

port=$(free_port)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --web-dir "$work" --login-rate 0 >"$work/access.log" 2>"$work/kaowu.err" &
pids+=($!)
cookie=$(sign_in "$port")
[ -n "$cookie" ] || { echo "login failed" >&2; cat "$work/kaowu.err" >&2; exit 1; }
path="/api/v1/organizations?page=2&pageSize=20"
curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >"$work/page.json"
rows=$(node -e "const j=require('$work/page.json');console.log(j.items.length+' rows of '+j.total)")
echo "kaowu answers $rows ($(wc -c <"$work/page.json") bytes)"

# nginx serves the very same bytes as a static file, with its access log on like kaowu's.
nport=$(free_port)
mkdir -p "$work/www" "$work/nginx"
cp "$work/page.json" "$work/www/page.json"
cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $work/nginx/access.log;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $work/www; location / { } }
}
NGINX
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 0.5

run_wrk() { # name url [header]
  local out
  if [ -n "${3:-}" ]; then
    out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -H "$3" "$2")
  else
    out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency "$2")
  fi
  echo "$out" >"$work/wrk-$1.txt"
  local rps p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$1 $rps $p99 ${errors:-0}"
}

to_ms() { # wrk latency like 1.23ms, 950.00us, 1.02s
  node -e "const v='$1';const n=parseFloat(v);console.log((v.endsWith('us')?n/1000:v.endsWith('ms')?n:n*1000).toFixed(2))"
}

echo "Warming up ..."
wrk -t2 -c"$conns" -d3s -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >/dev/null
echo "Measuring ${duration}s each at $conns connections ..."
read -r _ k_rps k_p99 k_err < <(run_wrk kaowu "http://127.0.0.1:$port$path" "Cookie: $cookie")
read -r _ n_rps n_p99 n_err < <(run_wrk nginx "http://127.0.0.1:$nport/page.json")
k_ms=$(to_ms "$k_p99"); n_ms=$(to_ms "$n_p99")
ratio=$(node -e "console.log(($k_rps/$n_rps).toFixed(3))")
mkdir -p bench/results
{
  echo "bench/http  $(date -u +%FT%TZ)  $(nproc) cores  ${duration}s  ${conns} connections"
  printf '%-34s %12s %10s %8s\n' "" "req/s" "p99 ms" "non-2xx"
  printf '%-34s %12s %10s %8s\n' "kaowu GET $path (auth, 100k)" "$k_rps" "$k_ms" "$k_err"
  printf '%-34s %12s %10s %8s\n' "nginx static, same bytes" "$n_rps" "$n_ms" "$n_err"
  echo "ratio kaowu/nginx: $ratio   (goal >= 0.5 with p99 < 20 ms)"
} | tee bench/results/http.txt
