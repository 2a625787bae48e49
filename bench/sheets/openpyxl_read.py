"""Reads every cell of the first worksheet with openpyxl in read-only mode; prints "rows cells"."""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = cells = 0
for row in wb.worksheets[0].iter_rows(values_only=True):
    rows += 1
    cells += sum(1 for v in row if v is not None)
print(rows, cells)
