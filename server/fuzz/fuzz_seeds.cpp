// Writes seed files for the fuzz corpora with kaowu's own writers: the 考生信息 import template
// (header, example row, dropdowns on a hidden sheet, a 填写说明 sheet) and a filled roster.
//   fuzz_seeds DIR
#include <cstdio>
#include <string>
#include <vector>

#include "office/xlsx_template.hpp"
#include "office/xlsx_writer.hpp"

using kaowu::office::Column;
using kaowu::office::ColumnType;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds DIR\n");
    return 2;
  }
  std::string dir = argv[1];
  std::vector<Column> columns{
      {.name = "考生编号", .type = ColumnType::text, .note = "留空自动生成", .example = "20210001"},
      {.name = "姓名", .required = true, .example = "张三"},
      {.name = "性别", .required = true, .options = {"男", "女"}, .example = "男"},
      {.name = "身份证号",
       .type = ColumnType::text,
       .required = true,
       .example = "11010519491231002X"},
      {.name = "考生类型",
       .required = true,
       .options = {"院校考生", "社会考生"},
       .example = "院校考生"},
      {.name = "专业", .example = "软件技术"},
      {.name = "班级", .example = "软件2101"},
      {.name = "手机号码", .type = ColumnType::text, .example = "13800138000"},
      {.name = "年龄", .type = ColumnType::number, .example = "20"},
  };
  auto status = kaowu::office::write_import_template(dir + "/template.xlsx", "考生信息", columns);
  if (!status.ok()) {
    std::fprintf(stderr, "template: %s\n", status.error().message.c_str());
    return 1;
  }
  auto writer = kaowu::office::XlsxWriter::create(dir + "/roster.xlsx");
  if (!writer.ok()) return 1;
  auto& w = *writer.value();
  if (!w.add_sheet("考生信息", columns, true).ok()) return 1;
  std::vector<std::vector<std::string>> rows{
      {"20210001", "张三", "男", "11010519491231002X", "院校考生", "软件技术", "软件2101",
       "13800138000", "20"},
      {"", "李四", "女", "370682199001063549", "社会考生", "", "", "18300000551", "31.5"},
      {"=1+1", "+x", "-", "@", "院校考生", "ｆｕｌｌ　ｗｉｄｔｈ", " 空格 ", "", "-3"}};
  for (const auto& row : rows) {
    if (!w.add_row(row).ok()) return 1;
  }
  return w.close().ok() ? 0 : 1;
}
