#!/usr/bin/env bash
# Every test: C++ unit and repository tests (ctest) on SQLite and PostgreSQL, API tests against
# the real server on both engines, a short libFuzzer run of the spreadsheet readers, then browser
# tests in headless Chromium.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/pg-cluster.sh

failed=()
cleanup() { pg_stop; }
trap cleanup EXIT

step() { printf '\n==== %s ====\n' "$*"; }

pg_start || { echo "could not start PostgreSQL" >&2; exit 1; }
pg_createdb kaowu_unit

step "Layers (core < office < exchange < modules < cli)"
if ! scripts/check-layers.sh; then
  failed+=("layers")
fi

step "Region list (server/src/core/regions_data.cpp) matches the npm package"
if ! node scripts/regions.mjs --check; then
  failed+=("regions")
fi

step "C++ unit tests (SQLite and PostgreSQL)"
if ! KAOWU_TEST_PG_URL="$PG_URL_BASE/kaowu_unit" ctest --test-dir build --output-on-failure --no-tests=error -j2; then
  failed+=("ctest")
fi

# The test runner installs nothing: playwright-core comes with the web UI's npm packages.
export KAOWU_BIN="$root/build/kaowu"
export KAOWU_WEB_DIR="$root/web/dist"
export NODE_PATH="$root/web/node_modules"

# Every answer the API tests receive is recorded, then compared with the OpenAPI document.
responses="$root/build/api-responses"

step "API tests on SQLite"
rm -rf "$responses"
if ! KAOWU_API_RECORD="$responses" KAOWU_TEST_ENGINE=sqlite node --test server/tests/api/; then
  failed+=("api-sqlite")
fi
step "OpenAPI document against the answers of the API tests on SQLite"
if ! KAOWU_API_RECORD="$responses" node --test server/tests/api/support/check_openapi.mjs; then
  failed+=("openapi-sqlite")
fi

step "API tests on PostgreSQL"
rm -rf "$responses"
if ! KAOWU_API_RECORD="$responses" KAOWU_TEST_ENGINE=postgresql KAOWU_TEST_PG_BASE="$PG_URL_BASE" node --test server/tests/api/; then
  failed+=("api-postgresql")
fi
step "OpenAPI document against the answers of the API tests on PostgreSQL"
if ! KAOWU_API_RECORD="$responses" node --test server/tests/api/support/check_openapi.mjs; then
  failed+=("openapi-postgresql")
fi

step "Fuzzing (short run)"
if ! scripts/fuzz.sh "${KAOWU_FUZZ_SECONDS:-20}"; then
  failed+=("fuzz")
fi

step "Browser tests (headless Chromium)"
if ! node scripts/e2e.mjs; then
  failed+=("browser")
fi

echo
if [ ${#failed[@]} -ne 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "All test suites passed."
