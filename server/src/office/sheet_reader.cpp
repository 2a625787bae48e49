#include "office/sheet_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "office/cell_value.hpp"
#include "office/csv_reader.hpp"
#include "office/xls_reader.hpp"
#include "office/xlsx_reader.hpp"

namespace kaowu::office {

namespace {
std::string lower_extension(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::string header_key(const std::string& name) {
  auto key = trim(to_halfwidth(name));
  while (!key.empty() && key[0] == '*') key = trim(key.substr(1));
  return key;
}
}  // namespace

Result<std::unique_ptr<SheetReader>> open_sheet_reader(const std::string& path,
                                                       const ReadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return err::make(ErrorKind::invalid_input, "无法打开文件", "unreadable_file");
  char magic[8] = {};
  in.read(magic, sizeof magic);
  auto got = in.gcount();
  in.close();
  std::string_view head(magic, static_cast<std::size_t>(got));
  auto ext = lower_extension(path);
  if (head.substr(0, 2) == "PK") return open_xlsx_reader(path, options);
  if (head == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    if (ext == ".xlsx") {
      return err::make(ErrorKind::invalid_input, "文件已加密，请取消密码保护后再上传",
                       "encrypted_file");
    }
    return open_xls_reader(path, options);
  }
  if (ext == ".csv" || ext == ".txt") return open_csv_reader(path, options);
  if (ext == ".xlsx" || ext == ".xlsm" || ext == ".xls") {
    return err::make(ErrorKind::invalid_input, kDamagedFile, "damaged_file");
  }
  return err::invalid("不支持的文件格式，请上传 .xlsx、.xls 或 .csv 文件");
}

Status for_each_row(const std::string& path, const std::string& sheet,
                    const std::function<Status(const Row&)>& fn, const ReadOptions& options) {
  auto reader = TRY(open_sheet_reader(path, options));
  TRY(reader->select(sheet));
  Row row;
  while (TRY(reader->next(row))) TRY(fn(row));
  return {};
}

Result<std::vector<Row>> read_rows(const std::string& path, const std::string& sheet,
                                   const ReadOptions& options) {
  std::vector<Row> rows;
  TRY(for_each_row(
      path, sheet,
      [&](const Row& row) -> Status {
        rows.push_back(row);
        return {};
      },
      options));
  return rows;
}

std::vector<std::string> missing_columns(const std::vector<std::string>& header,
                                         const std::vector<std::string>& required) {
  std::vector<std::string> keys;
  for (const auto& h : header) keys.push_back(header_key(h));
  std::vector<std::string> missing;
  for (const auto& name : required) {
    if (std::find(keys.begin(), keys.end(), header_key(name)) == keys.end()) {
      missing.push_back(name);
    }
  }
  return missing;
}

Result<std::vector<std::size_t>> locate_columns(const std::vector<std::string>& header,
                                                const std::vector<std::string>& required) {
  auto missing = missing_columns(header, required);
  if (!missing.empty()) {
    std::string list;
    for (const auto& name : missing) list += (list.empty() ? "" : "、") + name;
    return err::make(ErrorKind::invalid_input, "模板不正确：缺少列 " + list, "missing_columns",
                     {{"missing", missing}});
  }
  std::vector<std::string> keys;
  for (const auto& h : header) keys.push_back(header_key(h));
  std::vector<std::size_t> columns;
  for (const auto& name : required) {
    columns.push_back(static_cast<std::size_t>(
        std::find(keys.begin(), keys.end(), header_key(name)) - keys.begin()));
  }
  return columns;
}

}  // namespace kaowu::office
