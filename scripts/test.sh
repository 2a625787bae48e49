#!/usr/bin/env bash
# The tests, by suite; no argument runs them all (what `make test` and CI run):
#   checks    layers (core < office < exchange < modules < cli), C++ formatting, the region list
#   unit      C++ unit and repository tests on SQLite                      (make unit)
#   unit-pg   the same on SQLite and PostgreSQL
#   api       API tests against the real server on both engines, each followed by the check of
#             every answer against the OpenAPI document                    (make api)
#   cluster   two instances on one PostgreSQL database behind nginx (the site in deploy/): shared
#             sessions, jobs handed over, kill -9 and SIGTERM during jobs, one 排考 at a time, a
#             rolling restart under a stream of requests
#   fuzz      a short libFuzzer run of the spreadsheet readers
#   e2e       browser tests in headless Chromium                          (make e2e)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/pg-cluster.sh

suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(checks unit-pg api cluster fuzz e2e)
for s in "${suites[@]}"; do
  case "$s" in
    checks | unit | unit-pg | api | cluster | fuzz | e2e) ;;
    *) echo "usage: $0 [checks] [unit|unit-pg] [api] [cluster] [fuzz] [e2e]" >&2; exit 2 ;;
  esac
done
wants() { [[ " ${suites[*]} " == *" $1 "* ]]; }

failed=()
cleanup() { pg_stop; }
trap cleanup EXIT

step() { printf '\n==== %s ====\n' "$*"; }

if wants unit-pg || wants api || wants cluster; then
  pg_start || { echo "could not start PostgreSQL" >&2; exit 1; }
  pg_createdb kaowu_unit
fi

if wants checks; then
  step "Layers (core < office < exchange < modules < cli)"
  scripts/check-layers.sh || failed+=("layers")

  step "C++ formatting (.clang-format)"
  scripts/check-format.sh || failed+=("format")

  step "Region list (server/src/core/regions_data.cpp) matches the npm package"
  node scripts/regions.mjs --check || failed+=("regions")
fi

if wants unit; then
  step "C++ unit tests (SQLite)"
  ctest --test-dir build --output-on-failure --no-tests=error -j2 || failed+=("ctest")
fi

if wants unit-pg; then
  step "C++ unit tests (SQLite and PostgreSQL)"
  KAOWU_TEST_PG_URL="$PG_URL_BASE/kaowu_unit" ctest --test-dir build --output-on-failure --no-tests=error -j2 ||
    failed+=("ctest")
fi

# The test runner installs nothing: playwright-core comes with the web UI's npm packages.
export KAOWU_BIN="$root/build/kaowu"
export KAOWU_WEB_DIR="$root/web/dist"
export NODE_PATH="$root/web/node_modules"

if wants api; then
  # Every answer the API tests receive is recorded, then compared with the OpenAPI document.
  responses="$root/build/api-responses"
  for engine in sqlite postgresql; do
    step "API tests on $engine"
    rm -rf "$responses"
    KAOWU_API_RECORD="$responses" KAOWU_TEST_ENGINE=$engine KAOWU_TEST_PG_BASE="${PG_URL_BASE:-}" \
      node --test server/tests/api/ || failed+=("api-$engine")
    step "OpenAPI document against the answers of the API tests on $engine"
    KAOWU_API_RECORD="$responses" node --test server/tests/api/support/check_openapi.mjs ||
      failed+=("openapi-$engine")
  done
fi

if wants cluster; then
  step "Two instances behind nginx on PostgreSQL"
  KAOWU_TEST_ENGINE=postgresql KAOWU_TEST_PG_BASE="$PG_URL_BASE" node --test server/tests/cluster/ ||
    failed+=("cluster")
fi

if wants fuzz; then
  step "Fuzzing (short run)"
  scripts/fuzz.sh "${KAOWU_FUZZ_SECONDS:-20}" || failed+=("fuzz")
fi

if wants e2e; then
  step "Browser tests (headless Chromium)"
  node scripts/e2e.mjs || failed+=("browser")
fi

echo
if [ ${#failed[@]} -ne 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "All test suites passed: ${suites[*]}"
