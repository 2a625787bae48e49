#include "office/pdf_document.hpp"

#include <cstdio>
#include <iterator>
#include <sstream>

#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

std::string run_output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  if (!pipe) return out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << "command failed (is poppler-utils installed?): " << command;
  return out;
}

TEST(PdfDocument, TicketsAndARuledTableOverManyPages) {
  testing::TempDir dir;
  auto path = dir.file("准考证.pdf");
  auto doc = PdfDocument::create(path);
  ASSERT_TRUE(doc.ok());
  auto& pdf = *doc.value();
  double w = pdf.width() - 2 * pdf.margin();
  const char* names[] = {"张三", "李四", "王五"};
  for (int i = 0; i < 3; ++i) {
    if (i) pdf.new_page();
    double y = pdf.margin();
    y += pdf.text(pdf.margin(), y, w, "1+X 职业技能等级证书考试准考证",
                  {.size = 18, .bold = true, .align = Align::center});
    pdf.line(pdf.margin(), y + 4, pdf.margin() + w, y + 4);
    y = pdf.fields(pdf.margin(), y + 12, w,
                   {{"姓名", names[i]},
                    {"身份证号", "370682*****063549"},
                    {"考点", "北京市朝阳区第一职业学校 3 号楼"},
                    {"考场", "第 0" + std::to_string(i + 1) + " 考场"}});
    EXPECT_GT(y, pdf.margin() + 40);
  }
  pdf.new_page();
  std::vector<std::vector<std::string>> rows;
  for (int i = 1; i <= 80; ++i) {
    rows.push_back({std::to_string(i), "考生" + std::to_string(i), "软件技术（高级）"});
  }
  double bottom =
      pdf.table(pdf.margin(), pdf.margin(), {60, 200, w - 260}, {"序号", "姓名", "专业"}, rows);
  EXPECT_LT(bottom, pdf.height() - pdf.margin());
  ASSERT_TRUE(pdf.close().ok());

  auto text = run_output("pdftotext -layout '" + path + "' -");
  EXPECT_NE(text.find("准考证"), std::string::npos);
  EXPECT_NE(text.find("李四"), std::string::npos);
  EXPECT_NE(text.find("370682*****063549"), std::string::npos);
  EXPECT_NE(text.find("考生80"), std::string::npos);
  auto info = run_output("pdfinfo '" + path + "'");
  EXPECT_NE(info.find("Pages:"), std::string::npos);
  int pages = std::atoi(info.substr(info.find("Pages:") + 6).c_str());
  EXPECT_GE(pages, 5);  // three tickets and a table that breaks over at least two pages
  auto fonts = run_output("pdffonts '" + path + "'");
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
  // Columns end with: emb sub uni object-id generation.
  std::istringstream lines(fonts);
  std::string line;
  int checked = 0;
  for (int i = 0; std::getline(lines, line); ++i) {
    if (i < 2 || line.empty()) continue;
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    ASSERT_GE(w.size(), 6u) << line;
    EXPECT_EQ(w[w.size() - 5], "yes") << "font not embedded: " << line;
    ++checked;
  }
  EXPECT_GE(checked, 2);  // regular and bold
}

}  // namespace
}  // namespace kaowu::office
