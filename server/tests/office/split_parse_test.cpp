#include "office/split_parse.hpp"

#include "office/row_shaper.hpp"
#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

using testing::cells_of;
using testing::read_error;
using testing::sheet_xml;
using testing::split_options;
using testing::TempDir;
using testing::workbook_parts;
using testing::write_zip;
using Grid = std::vector<std::vector<std::string>>;

// Counts the <item> elements of a block; fails on an item with text "bad".
class ItemCounter : public XmlHandler {
 public:
  void start(std::string_view name, const char**) override {
    if (name == "item") ++items, text_.clear();
  }
  void end(std::string_view name) override {
    if (name == "item" && text_ == "bad") parser->fail(err::invalid("坏条目"));
  }
  void text(std::string_view s) override { text_ += s; }
  int items = 0;

 private:
  std::string text_;
};

struct Outcome {
  int blocks = 0;
  int items = 0;
  std::string last;  // "end", "fallback" or the error message
};

Outcome split_count(const std::string& xml, std::size_t block_bytes = 1) {
  TempDir dir;
  auto path = dir.file("part.zip");
  write_zip(path, {{"part.xml", xml}});
  auto zip = ZipArchive::open(path, {});
  EXPECT_TRUE(zip.ok());
  auto stream = zip.value()->stream("part.xml");
  EXPECT_TRUE(stream.ok());
  SplitOptions options;
  options.element = "item";
  options.parent = "list";
  options.block_bytes = block_bytes;
  SplitParse parse(
      std::move(zip).value(), std::move(stream).value(),
      [] { return std::make_unique<ItemCounter>(); }, options);
  Outcome out;
  for (;;) {
    std::unique_ptr<XmlHandler> handler;
    auto next = parse.next(handler);
    if (!next.ok()) {
      out.last = next.error().message;
      return out;
    }
    if (next.value() == SplitParse::Next::end) {
      out.last = "end";
      return out;
    }
    if (next.value() == SplitParse::Next::fallback) {
      out.last = "fallback";
      return out;
    }
    ++out.blocks;
    out.items += static_cast<ItemCounter&>(*handler).items;
  }
}

std::string items(int n, const std::string& inner = "x") {
  std::string out;
  for (int i = 0; i < n; ++i) out += "<item>" + inner + "</item>";
  return out;
}

TEST(SplitParse, BlocksComeBackInOrderWithEveryElement) {
  auto out = split_count("<?xml version=\"1.0\"?><doc><list>" + items(500) + "</list></doc>", 64);
  EXPECT_EQ(out.last, "end");
  EXPECT_EQ(out.items, 500);
  EXPECT_GT(out.blocks, 10);
  // Prefixed names are cut the same way: local names are compared, whatever the prefix.
  std::string prefixed;
  for (int i = 0; i < 200; ++i) prefixed += "<a:item>x</a:item>";
  out = split_count("<a:doc xmlns:a=\"urn:x\"><a:list>" + prefixed + "</a:list></a:doc>");
  EXPECT_EQ(out.last, "end");
  EXPECT_GT(out.blocks, 10);
  EXPECT_EQ(out.items, 200);
}

TEST(SplitParse, PartsWithoutTheElementAreOneBlock) {
  for (const std::string xml :
       {"<doc><list></list></doc>", "<doc/>", "<doc><list/><x>y</x></doc>"}) {
    auto out = split_count(xml);
    EXPECT_EQ(out.last, "end") << xml;
    EXPECT_EQ(out.blocks, 1) << xml;
  }
  EXPECT_EQ(split_count("").last, "fallback");
}

TEST(SplitParse, CutsInsideCommentsOrCdataAskForOnePiece) {
  for (const std::string hidden : {"<!-- <item>x</item> -->", "<?pi <item> ?>"}) {
    auto out = split_count("<doc><list>" + items(20) + hidden + items(20) + "</list></doc>");
    EXPECT_EQ(out.last, "fallback") << hidden;
  }
  auto out = split_count("<doc><list>" + items(20, "<![CDATA[<item>]]>") + "</list></doc>");
  EXPECT_EQ(out.last, "fallback");
  // Elsewhere than in the list, or in another encoding: one piece from the start.
  EXPECT_EQ(split_count("<doc><other>" + items(20) + "</other></doc>").last, "fallback");
  EXPECT_EQ(split_count("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><doc><list>" + items(20) +
                        "</list></doc>")
                .last,
            "fallback");
}

TEST(SplitParse, HandlerErrorsComeAfterTheBlocksBeforeThem) {
  auto out =
      split_count("<doc><list>" + items(100) + "<item>bad</item>" + items(100) + "</list></doc>");
  EXPECT_EQ(out.last, "坏条目");
  EXPECT_GE(out.items, 100);
  EXPECT_LE(out.items, 101);
  // A document that is not well-formed is parsed again in one piece, which reports it.
  EXPECT_EQ(split_count("<doc><list>" + items(50) + "<item>x</list></doc>").last, "fallback");
  EXPECT_EQ(split_count("<doc><list>" + items(50)).last, "fallback");
}

// The reader falls back without repeating or losing rows, and reports damage as it would in one
// piece (cells_of and read_error read every file both ways and compare).
TEST(SplitParse, SheetsThatCannotBeCutReadTheSame) {
  TempDir dir;
  std::string rows;
  for (int i = 1; i <= 40; ++i) {
    rows += "<row r=\"" + std::to_string(i) + "\"><c t=\"inlineStr\"><is><t>第" +
            std::to_string(i) + "行</t></is></c>" + "<c><v>" + std::to_string(i) + "</v></c></row>";
    if (i == 30) rows += "<!-- <row r=\"99\"> -->";
  }
  auto commented = dir.file("comment.xlsx");
  write_zip(commented, workbook_parts(sheet_xml(rows)));
  auto grid = cells_of(commented);
  ASSERT_EQ(grid.size(), 40u);
  EXPECT_EQ(grid[39], (std::vector<std::string>{"第40行", "40"}));

  auto cdata = dir.file("cdata.xlsx");
  write_zip(cdata, workbook_parts(sheet_xml(
                       "<row><c t=\"inlineStr\"><is><t><![CDATA[<row r=\"7\">]]></t></is></c></row>"
                       "<row><c><v>2</v></c></row>")));
  EXPECT_EQ(cells_of(cdata), (Grid{{"<row r=\"7\">"}, {"2"}}));

  auto truncated = dir.file("truncated.xlsx");
  write_zip(truncated, workbook_parts(sheet_xml(rows).substr(0, sheet_xml(rows).size() / 2)));
  EXPECT_EQ(read_error(truncated).code, "damaged_file");

  auto late = dir.file("late-number.xlsx");
  write_zip(late, workbook_parts(sheet_xml(rows + "<row r=\"12\"><c><v>1</v></c></row>")));
  EXPECT_EQ(read_error(late).message, std::string(kDamagedFile) + "（第 41 行之后的行号不正确）");

  auto long_cell = dir.file("long.xlsx");
  write_zip(long_cell,
            workbook_parts(sheet_xml("<row><c><v>1</v></c></row><row><c t=\"inlineStr\"><is><t>" +
                                     std::string(kMaxCellBytes + 1, 'x') + "</t></is></c></row>")));
  EXPECT_EQ(read_error(long_cell).message, cell_too_long(2).message);
}

// Large shared-string tables are parsed in blocks too; the indexes must stay aligned.
TEST(SplitParse, SharedStringsInBlocksKeepTheirIndexes) {
  TempDir dir;
  std::string shared = std::string("<sst xmlns=\"") + testing::kMainNs + "\">";
  std::string rows;
  for (int i = 0; i < 300; ++i) {
    if (i % 7 == 0) {
      shared += "<si><t/></si>";
    } else if (i % 5 == 0) {
      shared += "<si><r><t>富</t></r><r><t>文本" + std::to_string(i) +
                "</t></r><rPh><t>ふ</t></rPh></si>";
    } else {
      shared += "<si><t>串" + std::to_string(i) + "</t></si>";
    }
    rows += "<row><c t=\"s\"><v>" + std::to_string(299 - i) + "</v></c><c><v>" + std::to_string(i) +
            "</v></c></row>";
  }
  shared += "</sst>";
  auto path = dir.file("sst.xlsx");
  write_zip(path, workbook_parts(sheet_xml(rows), shared));
  auto grid = cells_of(path, "", split_options());
  ASSERT_EQ(grid.size(), 300u);
  EXPECT_EQ(grid[0], (std::vector<std::string>{"串299", "0"}));
  EXPECT_EQ(grid[299 - 5], (std::vector<std::string>{"富文本5", "294"}));
  EXPECT_EQ(grid[299 - 7], (std::vector<std::string>{"", "292"}));
}

}  // namespace
}  // namespace kaowu::office
