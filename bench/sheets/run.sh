#!/usr/bin/env bash
# Sheet benchmark, in one run on the same files (written to bench/sheets/results.txt):
#  1. parsing a 100k x 10 workbook written by openpyxl and its LibreOffice re-save:
#     `kaowu sheet cat` vs ExcelJS's streaming reader (npm exceljs@4.4.0) vs openpyxl read_only.
#     Goal: kaowu >= 5x faster than ExcelJS with <= 32 MB peak RSS. kaowu parses large parts on
#     one thread per core (at most 4); it is also timed on one thread (--threads 1).
#  2. importing 100k roster rows (考生信息) end to end through the running server: upload, job,
#     validation, writes, import record. Goal: faster than ExcelJS parses the same file.
#  3. exporting 1M rows with the export writer vs a bare libxlsxwriter loop writing the same cells
#     (same values, same text format on ID-like columns).
#     Goal: <= 1.1x the bare loop with <= 64 MB peak RSS.
#  4. the read-back floors of the export (roundtrip: reader vs inflate + expat alone).
# Times are wall clock and CPU (user + system; for the import, the server's): the ratios are
# printed for both, since on a shared machine the wall clock follows the neighbours' load.
#   bench/sheets/run.sh        (ROWS, IMPORT_ROWS, EXPORT_ROWS override the sizes; needs a build
#                               in $BUILD_DIR, default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
build=${BUILD_DIR:-build}
rows=${ROWS:-100000}
import_rows=${IMPORT_ROWS:-100000}
export_rows=${EXPORT_ROWS:-1000000}
py=/usr/bin/python3   # Debian's, which has python3-openpyxl
work=$(mktemp -d /tmp/kaowu-sheets.XXXXXX)
trap 'rm -rf "$work"' EXIT
results=bench/sheets/results.txt
exec > >(tee "$results") 2>&1

if [ ! -d bench/sheets/node_modules/exceljs ]; then
  (cd bench/sheets && npm ci --no-audit --no-fund --loglevel=error)
fi
g++ -std=gnu++20 -O2 -Wall -Wextra -Wno-missing-field-initializers -include utility \
  -Iserver/src bench/sheets/sheet_bench.cpp "$build/server/libkaowu_lib.a" \
  $(pkg-config --libs libzip expat freexl xlsxwriter pangocairo fontconfig) -lpthread \
  -o "$work/sheet_bench"

# Runs a command with stdout to $work/out; sets $secs (wall), $cpu (user + system seconds) and
# $rss (peak resident MB). On a busy machine wall time swings with the neighbours' load, CPU time
# much less: the ratios are given for both.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out"
  read -r secs user sys kb <"$work/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  rss=$((kb / 1024))
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "goal met"; else echo "goal NOT met"; fi; }

echo "bench/sheets  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores  $(node --version)  openpyxl $($py -c 'import openpyxl; print(openpyxl.__version__)')  exceljs $(node -p "require('./bench/sheets/node_modules/exceljs/package.json').version")"

echo
echo "== 1. Parsing $rows x 10 =="
$py bench/sheets/make_files.py grid "$work/openpyxl.xlsx" "$rows"
mkdir -p "$work/lo"
soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to xlsx --outdir "$work/lo" \
  "$work/openpyxl.xlsx" >/dev/null 2>&1
mv "$work/lo/openpyxl.xlsx" "$work/libreoffice.xlsx"
for file in openpyxl libreoffice; do
  path="$work/$file.xlsx"
  printf '%s.xlsx (%s bytes)\n' "$file" "$(stat -c %s "$path")"
  measure "$build/kaowu" sheet cat "$path"
  k_secs=$secs k_cpu=$cpu k_rss=$rss k_rows=$(wc -l <"$work/out")
  measure "$build/kaowu" sheet cat --threads 1 "$path"
  s_secs=$secs s_cpu=$cpu s_rss=$rss s_rows=$(wc -l <"$work/out")
  measure node bench/sheets/exceljs_read.cjs "$path"
  e_secs=$secs e_cpu=$cpu e_rss=$rss e_rows=$(cut -d' ' -f1 <"$work/out")
  measure $py bench/sheets/openpyxl_read.py "$path"
  p_secs=$secs p_cpu=$cpu p_rss=$rss p_rows=$(cut -d' ' -f1 <"$work/out")
  printf '  %-22s %7.2f s wall %7.2f s CPU  %5d MB  %s rows\n' \
    "kaowu sheet cat" "$k_secs" "$k_cpu" "$k_rss" "$k_rows" \
    "  on one thread" "$s_secs" "$s_cpu" "$s_rss" "$s_rows" \
    "ExcelJS stream reader" "$e_secs" "$e_cpu" "$e_rss" "$e_rows" \
    "openpyxl read_only" "$p_secs" "$p_cpu" "$p_rss" "$p_rows"
  r=$(ratio "$e_secs" "$k_secs")
  rc=$(ratio "$e_cpu" "$k_cpu")
  echo "  ratio ExcelJS/kaowu $r x wall, $rc x CPU (goal >= 5), kaowu peak RSS $k_rss MB (goal <= 32):" \
    "wall $(verdict "$r >= 5 && $k_rss <= 32"), CPU $(verdict "$rc >= 5 && $k_rss <= 32")"
  echo "  ratio ExcelJS/kaowu on one thread $(ratio "$e_secs" "$s_secs") x wall, $(ratio "$e_cpu" "$s_cpu") x CPU"
  echo "  ratio openpyxl/kaowu $(ratio "$p_secs" "$k_secs") x wall, $(ratio "$p_cpu" "$k_cpu") x CPU"
done

echo
echo "== 2. Import of $import_rows roster rows, end to end =="
$py bench/sheets/make_files.py roster "$work/roster.xlsx" "$import_rows"
measure node bench/sheets/exceljs_read.cjs "$work/roster.xlsx"
e_secs=$secs e_cpu=$cpu
KAOWU_BIN="$root/$build/kaowu" node bench/sheets/import_run.mjs "$work/roster.xlsx" >"$work/import.out"
read -r i_secs i_cpu i_ok i_failed i_rss <"$work/import.out"
printf '  %-22s %7.2f s wall %7.2f s CPU (server)  %s rows imported, %s failed, server peak RSS %s MB\n' \
  "kaowu import" "$i_secs" "$i_cpu" "$i_ok" "$i_failed" "$i_rss"
printf '  %-22s %7.2f s wall %7.2f s CPU\n' "ExcelJS parse only" "$e_secs" "$e_cpu"
echo "  ratio import/ExcelJS-parse $(ratio "$i_secs" "$e_secs") wall, $(ratio "$i_cpu" "$e_cpu") CPU (goal < 1):" \
  "wall $(verdict "$i_secs < $e_secs && $i_ok == $import_rows"), CPU $(verdict "$i_cpu < $e_cpu && $i_ok == $import_rows")"

echo
echo "== 3. Export of $export_rows rows x 8 =="
measure "$work/sheet_bench" export "$work/export.xlsx" "$export_rows"
x_secs=$secs x_cpu=$cpu x_rss=$rss
measure "$work/sheet_bench" plain "$work/plain.xlsx" "$export_rows"
l_secs=$secs l_cpu=$cpu l_rss=$rss
printf '  %-22s %7.2f s wall %7.2f s CPU  %5d MB\n' "kaowu export writer" "$x_secs" "$x_cpu" "$x_rss" \
  "bare libxlsxwriter" "$l_secs" "$l_cpu" "$l_rss"
r=$(ratio "$x_secs" "$l_secs")
rc=$(ratio "$x_cpu" "$l_cpu")
echo "  ratio export/bare $r wall, $rc CPU (goal <= 1.1), peak RSS $x_rss MB (goal <= 64):" \
  "wall $(verdict "$r <= 1.1 && $x_rss <= 64"), CPU $(verdict "$rc <= 1.1 && $x_rss <= 64")"

echo
echo "== 4. Read-back of the export =="
"$work/sheet_bench" roundtrip "$work/roundtrip.xlsx" 200000 | sed 's/^/  /'
