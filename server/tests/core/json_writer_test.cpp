#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace kaowu::json {
namespace {

TEST(JsonWriter, NestsAndSeparates) {
  Writer w;
  w.begin_object()
      .field("id"_key, 7)
      .field("name"_key, "北京科技大学")
      .field("enabled"_key, true)
      .field("province"_key, std::optional<std::int64_t>{})
      .key("at"_key)
      .time(1631923200)
      .key("tags"_key)
      .begin_array()
      .value("a")
      .begin_object()
      .end_object()
      .value(std::int64_t{-12})
      .end_array()
      .key("empty"_key)
      .begin_array()
      .end_array()
      .end_object();
  EXPECT_EQ(
      w.str(),
      R"({"id":7,"name":"北京科技大学","enabled":true,"province":null,"at":"2021-09-18 08:00:00","tags":["a",{},-12],"empty":[]})");
}

TEST(JsonWriter, KeysOfEveryLengthUpToTheLongestAllowedComeOutWhole) {
  // Each key is copied as a fixed block: what follows it must overwrite the block's padding.
  Writer w;
  w.begin_object()
      .field("a"_key, 1)
      .field("abcdefghijklmnopqrstuvwxyz012"_key, "29")
      .field("pageSize"_key, std::optional<std::int64_t>{})
      .key("x"_key)
      .begin_array()
      .end_array()
      .end_object();
  EXPECT_EQ(w.str(), R"({"a":1,"abcdefghijklmnopqrstuvwxyz012":"29","pageSize":null,"x":[]})");
  EXPECT_EQ("pageSize"_key.text(), "pageSize");
  EXPECT_EQ("abcdefghijklmnopqrstuvwxyz012"_key.size(), 32u);
}

TEST(JsonWriter, EscapesLikeNlohmann) {
  // Random byte strings, valid UTF-8 or not: the text parses back and equals nlohmann's dump
  // with invalid bytes replaced.
  std::mt19937 rng(42);
  // Three-byte sequences on either side of the fast path (E1-EC, EE, EF) and of its exclusions:
  // a surrogate (ED A0 80), an overlong form (E0 80 80), a lone lead byte.
  const std::string pool[] = {"a",
                              "\"",
                              "\\",
                              "\n",
                              "\t",
                              "\x01",
                              "\x1f",
                              "中",
                              "文",
                              "😀",
                              "\xff",
                              "\xc3",
                              "\xe4\xb8",
                              "/",
                              " ",
                              "\x7f",
                              "，",
                              "\xee\x80\x80",
                              "\xed\xa0\x80",
                              "\xe0\x80\x80",
                              "\xe1",
                              "\xed\x9f\xbf",
                              "\xef\xbf\xbd"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) s += pool[rng() % std::size(pool)];
    Writer mine;
    mine.value(s);
    const std::string theirs =
        nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    ASSERT_EQ(mine.str(), theirs)
        << "input bytes: "
        << nlohmann::json::binary_t(std::vector<std::uint8_t>(s.begin(), s.end())).size();
  }
}

TEST(JsonWriter, PageHasTheListShape) {
  long long total = 0;
  const auto text = page_of(3, 20, total, [&total](Writer& w) {
    for (int v : {1, 2}) w.begin_object().field("v"_key, v).end_object();
    total = 42;  // known once the rows are read, written after them
  });
  EXPECT_EQ(
      nlohmann::json::parse(text),
      nlohmann::json::parse(R"({"items":[{"v":1},{"v":2}],"total":42,"page":3,"pageSize":20})"));
}

}  // namespace
}  // namespace kaowu::json
