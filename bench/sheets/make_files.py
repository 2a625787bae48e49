"""Writes the benchmark inputs with openpyxl (write-only mode):
  make_files.py grid OUT.xlsx ROWS     ROWS x 10: IDs as text, names, numbers, dates, booleans
  make_files.py roster OUT.xlsx ROWS   考生信息 rows with valid 身份证号 (GB 11643), 考生编号 blank
"""
import datetime
import sys

import openpyxl

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(i):
    birth = datetime.date(1995, 1, 1) + datetime.timedelta(days=i // 900)
    body = "110105" + birth.strftime("%Y%m%d") + "%03d" % (i % 900 + 100)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]
    return body + check


def main():
    kind, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    wb = openpyxl.Workbook(write_only=True)
    if kind == "grid":
        ws = wb.create_sheet("数据")
        ws.append(["编号", "姓名", "身份证号", "手机号", "院校", "专业", "成绩", "报名日期", "通过", "备注"])
        day = datetime.date(2024, 3, 5)
        for i in range(n):
            ws.append([
                "2024%08d" % i, "考生%d" % i, id_number(i), "183%08d" % i, "北京市第%d职业技术学院" % (i % 50),
                "大数据技术与应用", i % 100 + 0.5, day + datetime.timedelta(days=i % 365), i % 3 == 0,
                "第%d批" % (i % 7),
            ])
    else:
        ws = wb.create_sheet("考生信息")
        ws.append(["考生编号", "*姓名", "性别", "*身份证号", "*考生类型", "*专业", "班级", "手机号码"])
        for i in range(n):
            number = id_number(i)
            ws.append(["", "考生%d" % i, "男" if int(number[16]) % 2 else "女", number,
                       "院校考生" if i % 5 else "社会考生", "大数据技术与应用", "大数据%d班" % (i % 40),
                       "139%08d" % i])
    wb.save(out)


main()
