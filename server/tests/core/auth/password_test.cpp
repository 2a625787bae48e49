#include "core/auth/password.hpp"

#include <gtest/gtest.h>

#include <set>

namespace kaowu::crypto {
namespace {

class Password : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { init(); }
};

TEST_F(Password, HashIsArgon2idWithThePolicyCost) {
  auto hash = hash_password("Kaowu2021");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_EQ(hash.value().rfind("$argon2id$", 0), 0u) << hash.value();
  EXPECT_NE(hash.value().find("$m=19456,t=2,"), std::string::npos) << hash.value();
  EXPECT_EQ(hash.value().find("Kaowu2021"), std::string::npos);
  auto again = hash_password("Kaowu2021");
  ASSERT_TRUE(again);
  EXPECT_NE(hash.value(), again.value()) << "each hash has its own salt";
}

TEST_F(Password, VerifyAcceptsOnlyTheRightPassword) {
  const std::string hash = hash_password("考务Kaowu2021").value();
  EXPECT_TRUE(verify_password(hash, "考务Kaowu2021"));
  EXPECT_FALSE(verify_password(hash, "考务kaowu2021"));
  EXPECT_FALSE(verify_password(hash, "考务Kaowu2021 "));
  EXPECT_FALSE(verify_password(hash, ""));
  EXPECT_FALSE(verify_password("", "考务Kaowu2021"));
  EXPECT_FALSE(verify_password("not a hash", "考务Kaowu2021"));
  EXPECT_FALSE(verify_password(std::string(200, '$'), "考务Kaowu2021"));
}

TEST_F(Password, StrengthNeedsEightCharactersWithLettersAndDigits) {
  EXPECT_TRUE(check_strength("abcd1234"));
  EXPECT_TRUE(check_strength("Kaowu2021!"));
  EXPECT_TRUE(check_strength(std::string(127, 'a') + "1"));
  for (const char* weak : {"", "abc1234", "abcdefgh", "12345678", "!!!!!!!!", "考务考务考务考务"}) {
    auto st = check_strength(weak);
    ASSERT_FALSE(st) << weak;
    EXPECT_EQ(st.error().code, "weak_password") << weak;
    EXPECT_EQ(st.error().message, "密码至少 8 位，且须同时包含字母和数字") << weak;
    EXPECT_EQ(http_status(st.error().kind), 400);
  }
  auto too_long = check_strength(std::string(128, 'a') + "1");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().message, "密码不能超过 128 位");
}

TEST_F(Password, GeneratedPasswordsAreStrongDistinctAndUnambiguous) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string pw = generate_password();
    EXPECT_EQ(pw.size(), 12u);
    EXPECT_TRUE(check_strength(pw)) << pw;
    EXPECT_EQ(pw.find_first_of("0O1lIio"), std::string::npos)
        << pw << " has a look-alike character";
    seen.insert(pw);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(generate_password(20).size(), 20u);
  EXPECT_TRUE(check_strength(generate_password(8)));
}

TEST_F(Password, RandomTokensAre64HexCharacters) {
  const std::string a = random_token(), b = random_token();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
  EXPECT_NE(a, b);
}

TEST_F(Password, Sha256HexMatchesKnownDigests) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(Password, Base64RoundTripsEmptyTextAndBinary) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_decode("").value(), "");
  EXPECT_EQ(base64_encode("abc"), "YWJj");
  EXPECT_EQ(base64_encode("ab"), "YWI=");
  EXPECT_EQ(base64_encode("a"), "YQ==");
  EXPECT_EQ(base64_decode("YWI=").value(), "ab");

  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  binary += std::string("\0\0\xff", 3);
  for (std::size_t len : {std::size_t{1}, std::size_t{2}, std::size_t{3}, binary.size()}) {
    const std::string part = binary.substr(0, len);
    auto back = base64_decode(base64_encode(part));
    ASSERT_TRUE(back) << len;
    EXPECT_EQ(back.value(), part) << len;
  }
  const std::string chinese = "考生名单.xlsx";
  EXPECT_EQ(base64_decode(base64_encode(chinese)).value(), chinese);

  auto broken = base64_decode("not base64!");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message, "文件数据已损坏");
}

}  // namespace
}  // namespace kaowu::crypto
