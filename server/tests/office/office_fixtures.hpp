#pragma once

#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "office/sheet_reader.hpp"

namespace kaowu::office::testing {

//! A directory removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("kaowu-office-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

//! Zips `parts` (name → content) into `path`, deflated.
inline void write_zip(const std::string& path, const std::map<std::string, std::string>& parts) {
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, content] : parts) {
    // libzip frees a buffer it was given only when it holds bytes: an empty part gets none.
    zip_source_t* src = nullptr;
    if (content.empty()) {
      src = zip_source_buffer(z, nullptr, 0, 0);
    } else {
      auto* copy = static_cast<char*>(std::malloc(content.size()));
      std::memcpy(copy, content.data(), content.size());
      src = zip_source_buffer(z, copy, content.size(), 1);
    }
    ASSERT_NE(src, nullptr);
    ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

inline const char* kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>)";
inline const char* kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
inline const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

//! A minimal workbook with one sheet: the sheet XML, optional shared strings and styles.
inline std::map<std::string, std::string> workbook_parts(const std::string& sheet_xml,
                                                         const std::string& shared_xml = "",
                                                         const std::string& styles_xml = "",
                                                         const std::string& workbook_pr = "") {
  std::map<std::string, std::string> parts;
  parts["[Content_Types].xml"] = kContentTypes;
  parts["_rels/.rels"] = kRootRels;
  parts["xl/workbook.xml"] =
      std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" +
      kRelNs + "\">" + workbook_pr +
      "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  std::string rels =
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"worksheets/sheet1.xml\"/>";
  if (!shared_xml.empty()) {
    rels +=
        "<Relationship Id=\"rId2\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "sharedStrings\" "
        "Target=\"sharedStrings.xml\"/>";
    parts["xl/sharedStrings.xml"] = shared_xml;
  }
  if (!styles_xml.empty()) {
    rels +=
        "<Relationship Id=\"rId3\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
        "Target=\"styles.xml\"/>";
    parts["xl/styles.xml"] = styles_xml;
  }
  parts["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>";
  parts["xl/worksheets/sheet1.xml"] = sheet_xml;
  return parts;
}

//! `<worksheet><sheetData>rows</sheetData></worksheet>` in the main namespace.
inline std::string sheet_xml(const std::string& rows) {
  return std::string("<?xml version=\"1.0\"?><worksheet xmlns=\"") + kMainNs + "\"><sheetData>" +
         rows + "</sheetData></worksheet>";
}

//! The same options with every .xlsx part parsed on two threads in blocks of about one row, the
//! way large parts are parsed (ReadOptions::threads).
inline ReadOptions split_options(ReadOptions options = {}) {
  options.threads = 2;
  options.split_min_bytes = 0;
  options.split_block_bytes = 1;
  return options;
}

//! Reads `path` as it is read by default and in small blocks on two threads; both must agree,
//! row numbers and errors included.
inline Result<std::vector<Row>> read_both_ways(const std::string& path, const std::string& sheet,
                                               const ReadOptions& options) {
  auto rows = read_rows(path, sheet, options);
  auto split = read_rows(path, sheet, split_options(options));
  EXPECT_EQ(rows.ok(), split.ok()) << path;
  if (rows.ok() && split.ok()) {
    EXPECT_EQ(rows.value().size(), split.value().size()) << path;
    for (std::size_t i = 0; i < std::min(rows.value().size(), split.value().size()); ++i) {
      EXPECT_EQ(rows.value()[i].number, split.value()[i].number) << path << " row " << i;
      EXPECT_EQ(rows.value()[i].cells, split.value()[i].cells) << path << " row " << i;
    }
  } else if (!rows.ok() && !split.ok()) {
    EXPECT_EQ(rows.error().message, split.error().message) << path;
    EXPECT_EQ(rows.error().code, split.error().code) << path;
    EXPECT_EQ(rows.error().kind, split.error().kind) << path;
  }
  return rows;
}

//! The cells of every row of `sheet`, failing the test on a read error.
inline std::vector<std::vector<std::string>> cells_of(const std::string& path,
                                                      const std::string& sheet = "",
                                                      const ReadOptions& options = {}) {
  auto rows = read_both_ways(path, sheet, options);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().message);
  std::vector<std::vector<std::string>> out;
  if (rows.ok()) {
    for (auto& row : rows.value()) out.push_back(row.cells);
  }
  return out;
}

//! The error a read of `path` ends with; fails the test when the read succeeds.
inline Error read_error(const std::string& path, const ReadOptions& options = {}) {
  auto rows = read_both_ways(path, "", options);
  EXPECT_FALSE(rows.ok()) << "expected the read of " << path << " to fail";
  return rows.ok() ? Error{} : rows.error();
}

//! Runs a shell command; a missing tool fails the test loudly (they are test dependencies).
inline void run_tool(const std::string& command) {
  int rc = std::system(command.c_str());
  ASSERT_EQ(rc, 0) << "command failed (is the test dependency installed?): " << command;
}

//! A workbook as an exam officer makes it: dates, long numbers, Chinese, gaps, merged cells and
//! a hidden sheet "隐藏"; sample_cells() is what the reader must see.
inline void write_sample_workbook(const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "考生名单");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* datetime = workbook_add_format(wb);
  format_set_num_format(datetime, "yyyy/m/d h:mm");
  lxw_format* cn_date = workbook_add_format(wb);
  format_set_num_format_index(cn_date, 31);
  lxw_format* merged = workbook_add_format(wb);
  format_set_align(merged, LXW_ALIGN_CENTER);
  const char* header[] = {"姓名", "身份证号", "手机号", "出生日期", "考试时间", "成绩", "备注"};
  for (int i = 0; i < 7; ++i)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), header[i], nullptr);
  worksheet_write_string(ws, 1, 0, "  张三 ", nullptr);
  worksheet_write_number(ws, 1, 1, 370682199409063.0, nullptr);  // a 15-digit id typed as a number
  worksheet_write_number(ws, 1, 2, 18312340551.0, nullptr);
  lxw_datetime birthday = {1994, 9, 6, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 3, &birthday, date);
  lxw_datetime exam = {2024, 6, 15, 9, 30, 0};
  worksheet_write_datetime(ws, 1, 4, &exam, datetime);
  worksheet_write_number(ws, 1, 5, 88.5, nullptr);
  worksheet_write_string(ws, 1, 6, "=1+1", nullptr);
  worksheet_write_string(ws, 2, 0, "李四", nullptr);
  worksheet_write_string(ws, 2, 1, "11010519491231002X", nullptr);
  worksheet_write_datetime(ws, 2, 3, &birthday, cn_date);
  worksheet_write_boolean(ws, 2, 5, 1, nullptr);
  worksheet_write_formula_num(ws, 2, 6, "=F2*2", nullptr, 177);
  worksheet_merge_range(ws, 3, 0, 4, 2, "合并单元格", merged);
  worksheet_write_string(ws, 4, 5, "末行", nullptr);
  lxw_worksheet* hidden = workbook_add_worksheet(wb, "隐藏");
  worksheet_write_string(hidden, 0, 0, "x", nullptr);
  worksheet_hide(hidden);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
}

inline std::vector<std::vector<std::string>> sample_cells() {
  return {
      {"姓名", "身份证号", "手机号", "出生日期", "考试时间", "成绩", "备注"},
      {"张三", "370682199409063", "18312340551", "1994-09-06", "2024-06-15 09:30", "88.5", "=1+1"},
      {"李四", "11010519491231002X", "", "1994-09-06", "", "TRUE", "177"},
      {"合并单元格"},
      {"", "", "", "", "", "末行"},
  };
}

//! Converts `source` with LibreOffice (`format`: "xlsx", "xls" or "csv") into `out_dir`.
inline void libreoffice_convert(const std::string& source, const std::string& format,
                                const std::string& out_dir, const std::string& profile_dir) {
  run_tool("soffice -env:UserInstallation=file://" + profile_dir + " --headless --convert-to " +
           format + " --outdir '" + out_dir + "' '" + source + "' >/dev/null 2>&1");
}

}  // namespace kaowu::office::testing
