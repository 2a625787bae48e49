#include "core/export.hpp"

#include "core/auth/password.hpp"
#include "office/xlsx_writer.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kaowu::exporting {

Result<std::vector<std::int64_t>> checked_ids(const std::string& value) {
  std::vector<std::int64_t> ids;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = value.find(',', pos);
    if (end == std::string::npos) end = value.size();
    const std::string part = value.substr(pos, end - pos);
    if (part.empty() || part.size() > 18 || part.find_first_not_of("0123456789") != std::string::npos) {
      return err::invalid("勾选的记录编号不正确", {{"field", "ids"}});
    }
    ids.push_back(std::stoll(part));
    pos = end + 1;
  }
  if (ids.size() > 10000) return err::invalid("一次最多导出勾选的 10000 条，请改用查询条件导出全部", {{"field", "ids"}});
  return ids;
}

Result<http::Response> xlsx(const std::string& title, const std::vector<office::Column>& columns,
                            const RowSource& rows, Timestamp now, const std::string& temp_dir) {
  const std::filesystem::path path =
      std::filesystem::path(temp_dir) / ("kaowu-export-" + crypto::random_token().substr(0, 16) + ".xlsx");
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove(p, ec);
    }
  } cleanup{path};
  auto writer = TRY(office::XlsxWriter::create(path.string()));
  TRY(writer->add_sheet(title, columns, false));
  TRY(rows([&](const std::vector<std::string>& cells) { return writer->add_row(cells); }));
  TRY(writer->close());
  std::ifstream in(path, std::ios::binary);
  if (!in) return err::internal("导出文件生成失败，请稍后重试");
  std::ostringstream data;
  data << in.rdbuf();
  const std::string name = title + "_" + cst::format_with(now, "%Y%m%d%H%M%S") + ".xlsx";
  return http::Response::download(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  data.str());
}

}  // namespace kaowu::exporting
