#include "core/http/message.hpp"

#include <gtest/gtest.h>

namespace kaowu::http {
namespace {

std::string header_of(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST(Message, ContentDispositionForAChineseFileName) {
  // 考试安排 is E8 80 83 / E8 AF 95 / E5 AE 89 / E6 8E 92 in UTF-8.
  EXPECT_EQ(content_disposition("考试安排.xlsx"),
            "attachment; filename=\"____.xlsx\"; "
            "filename*=UTF-8''%E8%80%83%E8%AF%95%E5%AE%89%E6%8E%92.xlsx");
}

TEST(Message, ContentDispositionFallbackIsSafeAscii) {
  const std::string value = content_disposition("a \"b\"\\c;d.csv");
  EXPECT_EQ(value,
            "attachment; filename=\"a _b__c;d.csv\"; filename*=UTF-8''a%20%22b%22%5Cc%3Bd.csv");
  for (unsigned char c : value) EXPECT_LT(c, 0x80) << value;
  EXPECT_EQ(content_disposition("report-2021_09.csv"),
            "attachment; filename=\"report-2021_09.csv\"; filename*=UTF-8''report-2021_09.csv");
}

TEST(Message, DownloadIsAnUncachedAttachment) {
  Response r = Response::download("审计日志.csv", "text/csv; charset=utf-8", "a,b\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(r.body, "a,b\n");
  EXPECT_EQ(header_of(r, "Content-Disposition"), content_disposition("审计日志.csv"));
  EXPECT_EQ(header_of(r, "Cache-Control"), "no-store");
}

TEST(Message, CookieIsFoundByExactName) {
  Request req;
  EXPECT_EQ(req.cookie("kaowu_session"), "");
  req.headers["cookie"] = "theme=dark; xkaowu_session=evil;kaowu_session=abc123;  other=x=y";
  EXPECT_EQ(req.cookie("kaowu_session"), "abc123");
  EXPECT_EQ(req.cookie("theme"), "dark");
  EXPECT_EQ(req.cookie("other"), "x=y");
  EXPECT_EQ(req.cookie("kaowu"), "");
  EXPECT_EQ(req.cookie("missing"), "");
  req.headers["cookie"] = "kaowu_session=";
  EXPECT_EQ(req.cookie("kaowu_session"), "");
}

TEST(Message, HeaderLookupIsByLowerCaseName) {
  Request req;
  req.headers["x-requested-with"] = "kaowu";
  EXPECT_EQ(req.header("x-requested-with"), "kaowu");
  EXPECT_EQ(req.header("user-agent"), "");
}

TEST(Message, ErrorAndJsonResponses) {
  Response e = Response::error(err::make(ErrorKind::forbidden, "无权执行此操作"));
  EXPECT_EQ(e.status, 403);
  EXPECT_EQ(nlohmann::json::parse(e.body)["error"]["message"], "无权执行此操作");
  // Chinese text goes out as UTF-8, not \u escapes.
  Response j = Response::json({{"name", "考点"}});
  EXPECT_EQ(j.body, R"({"name":"考点"})");
  Response none = Response::no_content();
  EXPECT_EQ(none.status, 204);
  EXPECT_TRUE(none.body.empty());
  EXPECT_TRUE(none.content_type.empty());
}

TEST(Message, PercentDecoding) {
  EXPECT_EQ(percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(percent_decode("a%20b+c", false), "a b+c");
  EXPECT_EQ(percent_decode("%E8%80%83%e8%af%95", false), "考试");
  EXPECT_EQ(percent_decode("100%", false), "100%");
  EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
  EXPECT_EQ(percent_decode(percent_encode("考场 A/B&c=d"), false), "考场 A/B&c=d");
}

}  // namespace
}  // namespace kaowu::http
