#!/usr/bin/env bash
# Exam-day documents benchmark (SCH-3), in one run (written to bench/documents/results.txt):
#  1. 10k admission tickets as one PDF (write_tickets_pdf) against a bare pango/cairo loop drawing
#     the same pages on one PDF surface (one pango context, a new layout for every text, the same
#     texts, rules and QR images). Goals: >= 2,000 pages/s, >= 0.8 of the bare loop's rate.
#  2. the same 10k tickets as a zip of one PDF per candidate (write_tickets_zip): every file
#     embeds its own subset of the CJK font, which costs more than drawing the page; reported
#     in pages/s and against the one-PDF rate.
#  3. 考场门贴, 考场桌贴 and 考场签到表 of every room of a 100k-candidate plan (3,334 rooms of 30,
#     one sheet each) against a bare libxlsxwriter loop writing the same cells to the same
#     sheets (no formats, no page setup; the sign-in sheet's empty 到场时间 and 考生签名 boxes with
#     a border, since libxlsxwriter writes no blank cell without a format), each writer in a
#     process of its own. Goal: >= 0.8 of the bare loop's rate.
# Times are wall clock and process CPU (user + system): on a machine shared with other builds the
# wall clock follows the neighbours' load, CPU time much less, so both rates are printed.
#   bench/documents/run.sh     (TICKETS, ZIP_TICKETS, CANDIDATES, ROOM_SIZE override the sizes;
#                               KAOWU_BUILD the build directory, default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${KAOWU_BUILD:-build}
tickets=${TICKETS:-10000}
zip_tickets=${ZIP_TICKETS:-10000}
candidates=${CANDIDATES:-100000}
room_size=${ROOM_SIZE:-30}
bin="$build/kaowu_documents_bench"
cmake --build "$build" --target kaowu_documents_bench >/dev/null
work=$(mktemp -d /tmp/kaowu-documents.XXXXXX)
trap 'rm -rf "$work"' EXIT
exec > >(tee bench/documents/results.txt) 2>&1

# field NAME COLUMN: from the last line starting with NAME (columns: name wall cpu count).
field() { awk -v n="$1" -v c="$2" '$1 == n { v = $c } END { print v }' "$work/out"; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "goal met"; else echo "goal NOT met"; fi; }

echo "bench/documents  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores  load $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== 1. $tickets admission tickets as one PDF (second of two rounds) =="
"$bin" tickets "$work" "$tickets" >"$work/out"
pages=$(field tickets_pdf 4)
bare_pages=$(field bare_pdf 4)
ow=$(field tickets_pdf 2) oc=$(field tickets_pdf 3) bw=$(field bare_pdf 2) bc=$(field bare_pdf 3)
printf '  %-26s %8.2f s wall %8.2f s CPU  %6s pages  %6s pages/s wall  %6s pages/s CPU\n' \
  "write_tickets_pdf" "$ow" "$oc" "$pages" "$(rate "$pages" "$ow")" "$(rate "$pages" "$oc")" \
  "bare pango/cairo loop" "$bw" "$bc" "$bare_pages" "$(rate "$bare_pages" "$bw")" "$(rate "$bare_pages" "$bc")"
rw=$(ratio "$bw" "$ow") rc=$(ratio "$bc" "$oc")
echo "  rate ours/bare $rw wall, $rc CPU (goal >= 0.8): wall $(verdict "$rw >= 0.8"), CPU $(verdict "$rc >= 0.8")"
echo "  pages/s (goal >= 2000): wall $(verdict "$pages / $ow >= 2000"), CPU $(verdict "$pages / $oc >= 2000")"

echo
echo "== 2. $zip_tickets admission tickets as a zip of one PDF each =="
"$bin" zip "$work" "$zip_tickets" >"$work/out"
zw=$(field tickets_zip 2) zc=$(field tickets_zip 3)
printf '  %-26s %8.2f s wall %8.2f s CPU  %6s pages/s wall  %6s pages/s CPU  %s MB\n' \
  "write_tickets_zip" "$zw" "$zc" "$(rate "$zip_tickets" "$zw")" "$(rate "$zip_tickets" "$zc")" \
  "$(($(stat -c %s "$work/tickets.zip") / 1048576))"
echo "  rate zip/one PDF $(awk -v a="$zip_tickets" -v b="$zw" -v c="$pages" -v d="$ow" 'BEGIN { printf "%.3f", (a / b) / (c / d) }') wall," \
  "$(awk -v a="$zip_tickets" -v b="$zc" -v c="$pages" -v d="$oc" 'BEGIN { printf "%.3f", (a / b) / (c / d) }') CPU"

echo
echo "== 3. room documents of $candidates candidates in rooms of $room_size =="
for kind in door_posters desk_stickers sign_in_sheets; do
  : >"$work/out"
  for variant in ours bare ours bare; do  # twice each, alternating; the second of each counts
    /usr/bin/time -f '%M' -o "$work/rss-$variant" "$bin" sheet "$work" "$candidates" "$kind" "$variant" \
      "$room_size" >>"$work/out"
  done
  ow=$(field "$kind" 2) oc=$(field "$kind" 3) bw=$(field "bare_$kind" 2) bc=$(field "bare_$kind" 3)
  rooms=$(field "$kind" 4)
  rw=$(ratio "$bw" "$ow") rc=$(ratio "$bc" "$oc")
  printf '  %-15s %5s sheets  %5.2f s wall %5.2f s CPU %4d MB  bare %5.2f s wall %5.2f s CPU %4d MB  rate ours/bare %s wall, %s CPU (goal >= 0.8): wall %s, CPU %s\n' \
    "$kind" "$rooms" "$ow" "$oc" "$(($(cat "$work/rss-ours") / 1024))" "$bw" "$bc" \
    "$(($(cat "$work/rss-bare") / 1024))" "$rw" "$rc" "$(verdict "$rw >= 0.8")" "$(verdict "$rc >= 0.8")"
done
