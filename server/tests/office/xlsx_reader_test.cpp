#include "office/xlsx_reader.hpp"

#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

using testing::cells_of;
using testing::read_error;
using testing::sheet_xml;
using testing::TempDir;
using testing::workbook_parts;
using testing::write_zip;
using Grid = std::vector<std::vector<std::string>>;

TEST(XlsxReader, WorkbookFromLibxlsxwriter) {
  TempDir dir;
  auto path = dir.file("考生.xlsx");
  testing::write_sample_workbook(path);
  EXPECT_EQ(cells_of(path), testing::sample_cells());

  auto reader = open_sheet_reader(path);
  ASSERT_TRUE(reader.ok());
  const auto& sheets = reader.value()->list_sheets();
  ASSERT_EQ(sheets.size(), 2u);
  EXPECT_EQ(sheets[0].name, "考生名单");
  EXPECT_FALSE(sheets[0].hidden);
  EXPECT_TRUE(sheets[1].hidden);
  EXPECT_EQ(cells_of(path, "隐藏"), Grid{{"x"}});
  EXPECT_EQ(cells_of(path, "2"), Grid{{"x"}});

  auto rows = read_rows(path, "");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value()[3].number, 4u);
  EXPECT_FALSE(read_rows(path, "不存在").ok());
  EXPECT_EQ(read_rows(path, "不存在").error().message, "找不到工作表“不存在”");
}

TEST(XlsxReader, WorkbookFromOpenpyxl) {
  TempDir dir;
  auto path = dir.file("openpyxl.xlsx");
  auto script = dir.file("make.py");
  testing::write_file(script, R"py(import datetime, sys
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "报名"
ws.append(["考生编号", "身份证号", "报名日期", "空", "备注", "成绩"])
ws.append([20240001000123, 370682199409063549, datetime.date(2024, 3, 5), None, "", 95.0])
ws.append(["", "11010519491231002X", datetime.datetime(2024, 3, 5, 14, 5), None, "  备注  ", "=1/0"])
ws.cell(row=3, column=3).number_format = "yyyy-mm-dd hh:mm"
ws["F3"].value = "=SUM(1,2)"
mac = wb.create_sheet("mac")
wb.epoch = CALENDAR_MAC_1904
mac.append([datetime.date(2024, 1, 1)])
wb.save(sys.argv[1])
)py");
  testing::run_tool("/usr/bin/python3 '" + script + "' '" + path + "'");
  // openpyxl writes no cached formula values, so formula cells read as empty. It stores the
  // 18-digit id as a double (3.706821994090636e+17): the file no longer holds the digits, and
  // the reader shows what Excel shows, 15 significant digits without an exponent.
  EXPECT_EQ(cells_of(path),
            (Grid{{"考生编号", "身份证号", "报名日期", "空", "备注", "成绩"},
                  {"20240001000123", "370682199409064000", "2024-03-05", "", "", "95"},
                  {"", "11010519491231002X", "2024-03-05 14:05", "", "备注"}}));
  EXPECT_EQ(cells_of(path, "mac"), Grid{{"2024-01-01"}});
}

TEST(XlsxReader, SharedStringsRichTextAndPhonetics) {
  TempDir dir;
  auto path = dir.file("sst.xlsx");
  std::string shared =
      std::string("<sst xmlns=\"") + testing::kMainNs +
      "\" count=\"5\" uniqueCount=\"5\">"
      "<si><t>考生</t></si>"
      "<si><t/></si>"
      "<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space=\"preserve\">三丰</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>ちょう</t></rPh><phoneticPr fontId=\"1\"/></si>"
      "<si><t>行_x000D_\n二</t></si>"
      "<si><t>最后</t></si></sst>";
  auto sheet = sheet_xml(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"s\"><v>4</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"D2\" t=\"s\"><v>3</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><r><t>内联</t></r><r><t>文本</t></r>"
      "<rPh><t>ないせん</t></rPh></is></c>"
      "<c r=\"B3\" t=\"e\"><f>NA()</f><v>#N/A</v></c>"
      "<c r=\"C3\" t=\"str\"><f>A1&amp;\"x\"</f><v>考生x</v></c>"
      "<c r=\"D3\" t=\"b\"><v>0</v></c></row>");
  write_zip(path, workbook_parts(sheet, shared));
  Grid expected = {
      {"考生", "", "最后"}, {"张三丰", "", "", "行\r\n二"}, {"内联文本", "#N/A", "考生x", "FALSE"}};
  EXPECT_EQ(cells_of(path), expected);
}

TEST(XlsxReader, PrefixesMissingReferencesAndAbsoluteTargets) {
  TempDir dir;
  auto path = dir.file("prefix.xlsx");
  std::map<std::string, std::string> parts;
  parts["[Content_Types].xml"] = testing::kContentTypes;
  parts["_rels/.rels"] = testing::kRootRels;
  parts["xl/workbook.xml"] =
      std::string("<x:workbook xmlns:x=\"") + testing::kMainNs + "\" xmlns:r=\"" + testing::kRelNs +
      "\"><x:sheets><x:sheet name=\"第二\" sheetId=\"2\" r:id=\"rId7\"/>"
      "<x:sheet name=\"第一\" sheetId=\"1\" r:id=\"rId3\"/></x:sheets></x:workbook>";
  parts["xl/_rels/workbook.xml.rels"] =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
      "relationships/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
      "relationships/worksheet\" Target=\"../xl/worksheets/data.xml\"/></Relationships>";
  parts["xl/worksheets/sheet1.xml"] =
      std::string("<x:worksheet xmlns:x=\"") + testing::kMainNs +
      "\"><x:sheetData><x:row><x:c t=\"inlineStr\"><x:is><x:t>甲</x:t></x:is></x:c>"
      "<x:c><x:v>1</x:v></x:c><x:c/><x:c><x:v>3</x:v></x:c></x:row>"
      "<x:row><x:c r=\"C2\"><x:v>5</x:v></x:c><x:c><x:v>6</x:v></x:c></x:row>"
      "</x:sheetData></x:worksheet>";
  parts["xl/worksheets/data.xml"] =
      sheet_xml("<row><c t=\"inlineStr\"><is><t>乙</t></is></c></row>");
  write_zip(path, parts);

  auto reader = open_sheet_reader(path);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  ASSERT_EQ(reader.value()->list_sheets().size(), 2u);
  EXPECT_EQ(reader.value()->list_sheets()[0].name, "第二");
  EXPECT_EQ(cells_of(path), Grid{{"乙"}});
  EXPECT_EQ(cells_of(path, "第一"), (Grid{{"甲", "1", "", "3"}, {"", "", "5", "6"}}));
  auto rows = read_rows(path, "第一");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value()[1].number, 2u);
}

TEST(XlsxReader, DateStylesAndThe1904System) {
  TempDir dir;
  std::string styles = std::string("<styleSheet xmlns=\"") + testing::kMainNs +
                       "\"><numFmts count=\"2\"><numFmt numFmtId=\"164\" "
                       "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
                       "<numFmt numFmtId=\"165\" formatCode=\"0.00_ \"/></numFmts>"
                       "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
                       "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/>"
                       "<xf numFmtId=\"165\"/><xf numFmtId=\"57\"/><xf numFmtId=\"22\"/>"
                       "<xf numFmtId=\"49\"/></cellXfs></styleSheet>";
  auto sheet = sheet_xml(
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45292</v></c><c r=\"B1\" s=\"2\"><v>45292</v></c>"
      "<c r=\"C1\" s=\"3\"><v>45292</v></c><c r=\"D1\" s=\"4\"><v>45292.75</v></c>"
      "<c r=\"E1\" s=\"5\"><v>13812345678</v></c><c r=\"F1\" s=\"0\"><v>1.3812345678E10</v></c>"
      "<c r=\"G1\" t=\"d\"><v>2024-03-01T00:00:00</v></c></row>");
  auto path = dir.file("dates.xlsx");
  write_zip(path, workbook_parts(sheet, "", styles));
  EXPECT_EQ(cells_of(path), (Grid{{"2024-01-01", "45292", "2024-01-01", "2024-01-01 18:00",
                                   "13812345678", "13812345678", "2024-03-01"}}));
  auto path1904 = dir.file("dates1904.xlsx");
  write_zip(path1904, workbook_parts(sheet, "", styles, "<workbookPr date1904=\"1\"/>"));
  EXPECT_EQ(cells_of(path1904)[0][0], "2028-01-02");
}

TEST(XlsxReader, HalfwidthOnChosenColumns) {
  TempDir dir;
  auto path = dir.file("fw.xlsx");
  write_zip(path,
            workbook_parts(sheet_xml("<row><c t=\"inlineStr\"><is><t>１２３</t></is></c>"
                                     "<c t=\"inlineStr\"><is><t>ＡＢ　１</t></is></c></row>")));
  ReadOptions options;
  options.halfwidth_columns = {1};
  EXPECT_EQ(cells_of(path, "", options), (Grid{{"１２３", "AB 1"}}));
  options.halfwidth_all = true;
  EXPECT_EQ(cells_of(path, "", options), (Grid{{"123", "AB 1"}}));
}

TEST(XlsxReader, RefusesDoctypes) {
  TempDir dir;
  auto path = dir.file("dtd.xlsx");
  std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
      "<sst xmlns=\"" +
      std::string(testing::kMainNs) + "\"><si><t>&lol2;</t></si></sst>";
  write_zip(path, workbook_parts(sheet_xml("<row><c t=\"s\"><v>0</v></c></row>"), bomb));
  auto error = read_error(path);
  EXPECT_EQ(error.kind, ErrorKind::invalid_input);
  EXPECT_EQ(error.message, "文件包含不允许的 XML 文档类型声明（DTD），已拒绝处理");

  auto sheet_path = dir.file("dtd-sheet.xlsx");
  write_zip(
      sheet_path,
      workbook_parts("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://example.com/x.dtd\">" +
                     sheet_xml("").substr(21)));
  EXPECT_EQ(read_error(sheet_path).code, "xml_dtd");
}

TEST(XlsxReader, RowAndColumnLimits) {
  TempDir dir;
  auto path = dir.file("rows.xlsx");
  std::string rows;
  for (int i = 1; i <= 20; ++i)
    rows += "<row r=\"" + std::to_string(i) + "\"><c><v>1</v></c></row>";
  write_zip(path, workbook_parts(sheet_xml(rows)));
  ReadOptions options;
  options.max_rows = 10;
  auto error = read_error(path, options);
  EXPECT_EQ(error.kind, ErrorKind::too_large);
  EXPECT_EQ(error.message, "数据行数超过上限 10 行，请拆分后再上传");
  options.max_rows = 20;
  EXPECT_EQ(cells_of(path, "", options).size(), 20u);

  auto wide = dir.file("wide.xlsx");
  write_zip(wide, workbook_parts(sheet_xml("<row><c r=\"XFE1\"><v>1</v></c></row>")));
  EXPECT_EQ(read_error(wide).message, "列数超过上限 16384 列");
}

// Found by fuzz_xlsx: <row r="0"> came out as row 0. Row numbers must be 1..1048576 and ascending.
TEST(XlsxReader, RowNumbersOutOfRangeOrOrderAreDamage) {
  TempDir dir;
  const char* sheets[] = {
      "<row r=\"0\"><c><v>1</v></c></row>",
      "<row r=\"2\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>",
      "<row r=\"5\"><c><v>1</v></c></row><row r=\"3\"><c><v>2</v></c></row>",
      "<row r=\"1048577\"><c><v>1</v></c></row>",
      "<row r=\"x1\"><c><v>1</v></c></row>",
  };
  int n = 0;
  for (const char* rows : sheets) {
    auto path = dir.file("rows" + std::to_string(n++) + ".xlsx");
    write_zip(path, workbook_parts(sheet_xml(rows)));
    auto error = read_error(path);
    EXPECT_EQ(error.code, "damaged_file") << rows;
    EXPECT_EQ(error.message.rfind(kDamagedFile, 0), 0u) << error.message;
  }
  // Gaps and rows without a number stay fine.
  auto ok = dir.file("gaps.xlsx");
  write_zip(ok,
            workbook_parts(sheet_xml("<row r=\"2\"><c><v>1</v></c></row><row><c><v>2</v></c></row>"
                                     "<row r=\"7\"><c><v>3</v></c></row>")));
  auto rows = read_rows(ok, "");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 3u);
  EXPECT_EQ(rows.value()[0].number, 2u);
  EXPECT_EQ(rows.value()[1].number, 3u);
  EXPECT_EQ(rows.value()[2].number, 7u);
}

}  // namespace
}  // namespace kaowu::office

namespace kaowu::office {
namespace {

TEST(XlsxReader, DefaultSheetIsTheFirstVisible) {
  testing::TempDir dir;
  auto path = dir.file("hidden-first.xlsx");
  auto parts = testing::workbook_parts(
      testing::sheet_xml("<row r=\"1\"><c t=\"inlineStr\"><is><t>选项</t></is></c></row>"));
  parts["xl/workbook.xml"] =
      std::string("<workbook xmlns=\"") + testing::kMainNs + "\" xmlns:r=\"" + testing::kRelNs +
      "\"><sheets><sheet name=\"列表\" sheetId=\"1\" state=\"veryHidden\" r:id=\"rId1\"/>"
      "<sheet name=\"考生\" sheetId=\"2\" r:id=\"rId9\"/></sheets></workbook>";
  auto& rels = parts["xl/_rels/workbook.xml.rels"];
  rels.insert(rels.find("</Relationships>"),
              "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
              "2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/>");
  parts["xl/worksheets/sheet2.xml"] = testing::sheet_xml(
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>姓名</t></is></c></row>"
      "<row r=\"2\"><c t=\"inlineStr\"><is><t>  </t></is></c></row>"
      "<row r=\"7\"><c t=\"inlineStr\"><is><t>张三</t></is></c></row>");
  testing::write_zip(path, parts);
  auto rows = read_rows(path, "");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows.value().size(), 2u);  // the blank row 2 is skipped
  EXPECT_EQ(rows.value()[0].cells, std::vector<std::string>{"姓名"});
  EXPECT_EQ(rows.value()[1].number, 7u);
  EXPECT_EQ(testing::cells_of(path, "1"), std::vector<std::vector<std::string>>{{"选项"}});
}

}  // namespace
}  // namespace kaowu::office

namespace kaowu::office {
namespace {

TEST(XlsxReader, MergedRangesKeepOnlyTheTopLeftValue) {
  testing::TempDir dir;
  auto path = dir.file("merged.xlsx");
  // LibreOffice can keep the contents of cells hidden under a merge; Excel shows only the first.
  std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>考点</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>隐藏</t></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>mergeCell ref=\"D1:E2\"</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><v>2</v></c><c r=\"C2\"><v>3</v></c>"
      "<c r=\"D2\"><v>4</v></c><c r=\"E2\"><v>5</v></c></row>"
      "<row r=\"3\"><c r=\"A3\"><v>6</v></c><c r=\"D3\"><v>7</v></c></row>";
  std::string sheet = std::string("<x:worksheet xmlns:x=\"") + testing::kMainNs +
                      "\"><x:sheetData>" + rows +
                      "</x:sheetData><x:mergeCells count=\"2\"><x:mergeCell ref=\"A1:B2\"/>"
                      "<x:mergeCell ref='C2:D3'/></x:mergeCells></x:worksheet>";
  std::string padded = sheet;
  // Push the merge list past the first inflated chunk.
  padded.insert(
      padded.find("</x:sheetData>"),
      "<x:row r=\"4\"><x:c r=\"A4\"><x:v>8</x:v></x:c></x:row>" + std::string(200000, ' '));
  testing::write_zip(path, testing::workbook_parts(padded));
  EXPECT_EQ(testing::cells_of(path),
            (std::vector<std::vector<std::string>>{
                {"考点", "", "mergeCell ref=\"D1:E2\""}, {"", "", "3", "", "5"}, {"6"}, {"8"}}));
}

}  // namespace
}  // namespace kaowu::office
