#!/usr/bin/env bash
# Fails when a lower layer of server/src includes a higher one. The layers, lowest first:
#   core < office < exchange < modules < cli   (main.cpp sits on top)
# schedule (the arrangement engine) stands apart: it includes nothing of the others but
# core/error.hpp, so that it can be built, tested and benchmarked on its own.
set -euo pipefail
cd "$(dirname "$0")/../server/src"

allowed() {
  case "$1" in
    core) echo "core" ;;
    office) echo "core office" ;;
    exchange) echo "core office exchange" ;;
    schedule) echo "schedule" ;;
    modules) echo "core office exchange schedule modules" ;;
    cli) echo "core office exchange schedule modules cli" ;;
  esac
}

status=0
for layer in core office exchange schedule modules cli; do
  [ -d "$layer" ] || continue
  ok=" $(allowed "$layer") "
  while IFS=: read -r file line include; do
    target=$(sed -E 's/.*#include "([^/"]+)\/.*/\1/' <<<"$include")
    [ "$target" = "$include" ] && continue  # an include without a folder: the file's neighbours
    if [ "$layer" = schedule ] && grep -q '#include "core/error.hpp"' <<<"$include"; then continue; fi
    case "$target" in core | office | exchange | schedule | modules | cli) ;; *) continue ;; esac
    if [[ "$ok" != *" $target "* ]]; then
      echo "server/src/$file:$line: $layer/ must not include $target/: ${include#*#include }" >&2
      status=1
    fi
  done < <(grep -rn --include='*.hpp' --include='*.cpp' '^#include "' "$layer" || true)
done
if [ "$status" -ne 0 ]; then
  echo "check-layers: a lower layer includes a higher one (core < office < exchange < modules < cli;" \
       "schedule includes only core/error.hpp)" >&2
  exit 1
fi
echo "check-layers: ok"
