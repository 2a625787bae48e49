#!/usr/bin/env bash
# Fails when a C++ file of the repository drifts from .clang-format (`make format` fixes it).
# Generated files are left as their generator writes them.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' | grep -v -x -e 'server/src/core/regions_data.cpp')
if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/kaowu-format.$$; then
  grep -E '^[^ ].*: error' /tmp/kaowu-format.$$ | cut -d: -f1 | sort -u | sed 's/^/  not formatted: /' >&2
  rm -f /tmp/kaowu-format.$$
  echo "check-format: run \`make format\` (clang-format -i) on the files above" >&2
  exit 1
fi
rm -f /tmp/kaowu-format.$$
echo "check-format: ${#files[@]} files ok"
