#include "office/xlsx_template.hpp"

#include "office/xlsx_writer.hpp"

namespace kaowu::office {

std::string column_letters(std::size_t column) {
  std::string out;
  ++column;
  while (column > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return out;
}

Status write_import_template(const std::string& path, const std::string& sheet,
                             const std::vector<Column>& columns) {
  auto writer = TRY(XlsxWriter::create(path));
  TRY(writer->add_sheet(sheet, columns, true));
  std::vector<std::string> example;
  for (const auto& column : columns) example.push_back(column.example);
  TRY(writer->add_row(example));
  std::size_t list = 0;
  std::vector<std::size_t> list_of(columns.size(), 0);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].options.empty()) continue;
    list_of[i] = list;
    auto letters = column_letters(list++);
    TRY(writer->add_dropdown(i, std::string("'") + kOptionsSheet + "'!$" + letters + "$1:$" +
                                    letters + "$" + std::to_string(columns[i].options.size())));
  }

  std::vector<Column> guide = {{.name = "列名", .width = 20},
                               {.name = "是否必填", .width = 10},
                               {.name = "说明", .width = 60},
                               {.name = "可选值", .width = 40}};
  TRY(writer->add_sheet(kGuideSheet, guide));
  for (const auto& column : columns) {
    std::string options;
    for (const auto& option : column.options) options += (options.empty() ? "" : "、") + option;
    std::string note = column.note;
    if (column.type == ColumnType::text && note.empty()) note = "请按文本填写，勿转换为数字";
    TRY(writer->add_row({column.name, column.required ? "必填" : "选填", note, options}));
  }
  TRY(writer->add_row({}));
  TRY(writer->add_row({"说明：带 * 的红色列为必填项；第 2 行为示例，导入前请删除。"}));

  TRY(writer->add_plain_sheet(kOptionsSheet, true));
  std::size_t longest = 0;
  for (const auto& column : columns) longest = std::max(longest, column.options.size());
  for (std::size_t r = 0; r < longest; ++r) {
    std::vector<std::string> row(list);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (r < columns[i].options.size()) row[list_of[i]] = columns[i].options[r];
    }
    TRY(writer->add_row(row));
  }
  return writer->close();
}

}  // namespace kaowu::office
