#!/usr/bin/env bash
# Builds the libFuzzer targets (server/fuzz, clang) into build-fuzz, writes seed corpora and runs
# each target for a short while. A crash, leak, sanitizer report or timeout fails the run and
# leaves the reproducer in build-fuzz/artifacts/.
#   scripts/fuzz.sh [seconds-per-target]     (default 25)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-25}
out=${FUZZ_BUILD_DIR:-build-fuzz}

CXX=clang++ cmake -S server/fuzz -B "$out" -G Ninja >/dev/null
nice cmake --build "$out" -j"${FUZZ_JOBS:-2}"

seeds="$out/seeds"
rm -rf "$seeds" && mkdir -p "$seeds/xlsx" "$seeds/csv" "$out/artifacts"
"$out/fuzz_seeds" "$seeds/xlsx"
/usr/bin/python3 - "$seeds" <<'PY'
import datetime, io, sys, zipfile
import openpyxl
seeds = sys.argv[1]
# A workbook from a second writer: dates, times, booleans, formulas, merged cells, a hidden sheet.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "考生信息"
ws.append(["考生编号", "姓名", "出生日期", "时间", "通过", "分数", "公式"])
ws.append([20210001, "张三", datetime.date(2001, 5, 6), datetime.datetime(2021, 9, 18, 9, 30), True, 88.5, "=F2*2"])
ws.append([110105194912310021, "ｆｕｌｌ　ｗｉｄｔｈ", datetime.date(1904, 1, 1), None, False, 1e-7, "=SUM(F2:F3)"])
ws.merge_cells("A4:C5")
ws["A4"] = "合并"
ws["D4"].number_format = "yyyy年m月d日"
ws["D4"] = datetime.date(2020, 2, 29)
hidden = wb.create_sheet("隐藏")
hidden.sheet_state = "hidden"
hidden.append(["a", "b"])
wb.create_sheet("第三页").append([1, 2, 3])
wb.save(f"{seeds}/xlsx/openpyxl.xlsx")
# Each zip seed also as the parts the structured mode of fuzz_xlsx takes.
order = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
         "xl/_rels/workbook.xml.rels"]
for name in ["openpyxl.xlsx", "template.xlsx", "roster.xlsx"]:
    with zipfile.ZipFile(f"{seeds}/xlsx/{name}") as z:
        names = set(z.namelist())
        parts = [z.read(p) if p in names else b"" for p in order]
    with open(f"{seeds}/xlsx/{name}.parts", "wb") as f:
        f.write(b"\n--part--\n".join(parts))
# CSV in both encodings, with a BOM, quotes, embedded newlines and commas.
text = ('考生编号,姓名,身份证号,备注\r\n20210001,张三,11010519491231002X,"含,逗号"\r\n'
        '"20210002","李""四",370682199001063549,"两\n行"\r\n,,,\r\nｆｕｌｌ,　,=1+1,\r\n')
open(f"{seeds}/csv/utf8.csv", "wb").write(text.encode("utf-8"))
open(f"{seeds}/csv/utf8-bom.csv", "wb").write(b"\xef\xbb\xbf" + text.encode("utf-8"))
open(f"{seeds}/csv/gb18030.csv", "wb").write(text.encode("gb18030"))
open(f"{seeds}/csv/lf.csv", "wb").write(text.replace("\r\n", "\n").encode("utf-8"))
PY

status=0
declare -A dict_args=([xlsx]="-dict=server/fuzz/xlsx.dict" [csv]="")
for target in xlsx csv; do
  corpus="$out/corpus/$target"
  mkdir -p "$corpus"
  echo "fuzz_$target: ${seconds}s"
  if ! "$out/fuzz_$target" "$corpus" "$seeds/$target" -max_total_time="$seconds" \
      -rss_limit_mb=512 -timeout=10 -max_len=65536 -print_final_stats=1 ${dict_args[$target]} \
      -artifact_prefix="$out/artifacts/$target-" >"$out/fuzz_$target.log" 2>&1; then
    echo "fuzz_$target FAILED:" >&2
    grep -E -A40 'ERROR|==[0-9]+==|Test unit written' "$out/fuzz_$target.log" | head -80 >&2
    status=1
  else
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$out/fuzz_$target.log" || true
  fi
done
exit $status
