// How a Tencent Cloud SendSms answer becomes an outcome (sent, tried again, failed for good), and
// the texts of the platform's messages.
#include "modules/sms/provider.hpp"

#include <gtest/gtest.h>

namespace kaowu::sms {
namespace {

using Kind = Outcome::Kind;

std::string status_set(const std::string& code, const std::string& message) {
  return R"({"Response":{"SendStatusSet":[{"SerialNo":"2640:1","PhoneNumber":"+8613700000501","Fee":1,"Code":")" +
         code + R"(","Message":")" + message + R"(","IsoCode":"CN"}],"RequestId":"r"}})";
}

TEST(TencentAnswer, OkIsSentWithTheSerialNumber) {
  const auto o = tencent::read_answer(200, status_set("Ok", "send success"));
  EXPECT_EQ(o.kind, Kind::sent);
  EXPECT_EQ(o.answer, "Ok 2640:1");
}

TEST(TencentAnswer, ServerErrorsAndTheProvidersInternalOrRateErrorsAreTriedAgain) {
  EXPECT_EQ(tencent::read_answer(502, "<html>bad gateway</html>").kind, Kind::retry);
  EXPECT_EQ(tencent::read_answer(503, "").answer, "HTTP 503");
  EXPECT_EQ(
      tencent::read_answer(
          200,
          R"({"Response":{"Error":{"Code":"InternalError.Timeout","Message":"t"},"RequestId":"r"}})")
          .kind,
      Kind::retry);
  EXPECT_EQ(
      tencent::read_answer(
          200,
          R"({"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"m"},"RequestId":"r"}})")
          .kind,
      Kind::retry);
  EXPECT_EQ(tencent::read_answer(200, status_set("InternalError.SendAndRecvFail", "x")).kind,
            Kind::retry);
}

TEST(TencentAnswer, CredentialsParametersAndRefusedNumbersFailForGood) {
  const auto auth = tencent::read_answer(
      200,
      R"({"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"},"RequestId":"r"}})");
  EXPECT_EQ(auth.kind, Kind::failed);
  EXPECT_EQ(auth.answer, "AuthFailure.SignatureFailure bad");
  EXPECT_EQ(
      tencent::read_answer(200, status_set("InvalidParameterValue.IncorrectPhoneNumber", "n")).kind,
      Kind::failed);
  EXPECT_EQ(tencent::read_answer(200, status_set("LimitExceeded.PhoneNumberDailyLimit", "n")).kind,
            Kind::failed);
  EXPECT_EQ(tencent::read_answer(400, "{}").kind, Kind::failed);
  EXPECT_EQ(tencent::read_answer(200, "not json").answer, "HTTP 200，无法识别的应答");
}

TEST(TencentSignature, DependsOnEveryInputAndNamesTheScope) {
  const std::string ct = "application/json; charset=utf-8";
  const auto a = tencent::authorization("AKID1", "key", "sms", "sms.tencentcloudapi.com", ct, "{}",
                                        1631923200);
  EXPECT_EQ(a.rfind("TC3-HMAC-SHA256 Credential=AKID1/2021-09-18/sms/tc3_request, "
                    "SignedHeaders=content-type;host, Signature=",
                    0),
            0u)
      << a;
  EXPECT_EQ(a.size() - a.rfind('=') - 1, 64u) << "a hex SHA-256";
  EXPECT_EQ(a, tencent::authorization("AKID1", "key", "sms", "sms.tencentcloudapi.com", ct, "{}",
                                      1631923200));
  EXPECT_NE(a, tencent::authorization("AKID1", "key2", "sms", "sms.tencentcloudapi.com", ct, "{}",
                                      1631923200));
  EXPECT_NE(a, tencent::authorization("AKID1", "key", "sms", "sms.tencentcloudapi.com", ct, "{ }",
                                      1631923200));
  EXPECT_NE(a,
            tencent::authorization("AKID1", "key", "sms", "127.0.0.1:8080", ct, "{}", 1631923200));
}

TEST(SmsTemplates, TheAccountMessageCarriesTheUserNameAndThePassword) {
  const Template* t = find_template("teacher_account");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(render(*t, {"王老师", "13700000501", "Ab3$xyZ9kLm2"}),
            "王老师老师您好，您的1+X师资培训门户账号为13700000501，初始密码为Ab3$"
            "xyZ9kLm2，首次登录须修改密码，请妥善保管。");
  EXPECT_EQ(find_template("nope"), nullptr);
}

TEST(SmsTemplates, ADeliveredAccountMessageKeepsEverythingButThePassword) {
  Message m;
  m.template_code = "teacher_account";
  m.params = {"王老师", "13700000501", "Ab3$xyZ9kLm2"};
  m.body = render(*find_template("teacher_account"), m.params);
  const Message kept = delivered(m);
  EXPECT_EQ(kept.params, (std::vector<std::string>{"王老师", "13700000501", "******"}));
  EXPECT_EQ(kept.body,
            "王老师老师您好，您的1+X师资培训门户账号为13700000501，初始密码为******"
            "，首次登录须修改密码，请妥善保管。");
  // A template without a secret is kept as it was sent.
  m.template_code = "teacher_phone_changed";
  m.params = {"王老师", "13700000502"};
  m.body = render(*find_template("teacher_phone_changed"), m.params);
  EXPECT_EQ(delivered(m).body, m.body);
  // The outbox is read by the administrator who passes the message on: it keeps the text.
  auto outbox = make_provider(ProviderConfig{});
  ASSERT_TRUE(outbox.ok());
  EXPECT_FALSE((*outbox)->delivers());
}

TEST(SmsConfiguration, AProviderWithoutCredentialsOrTemplatesIsRefusedAtStart) {
  EXPECT_TRUE(make_provider({}));
  ProviderConfig c;
  c.kind = "tencent";
  auto missing = make_provider(c);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "腾讯云短信须配置 --sms-secret-id、--sms-secret-key、--sms-app-id 与 --sms-sign-name");
  c.secret_id = "AKID";
  c.secret_key = "k";
  c.app_id = "1400000001";
  c.sign_name = "考务平台";
  c.templates = "teacher_account=1";
  auto partial = make_provider(c);
  ASSERT_FALSE(partial);
  EXPECT_EQ(partial.error().message,
            "--sms-templates 缺少 teacher_phone_changed（教师账号变更通知）的模板 ID");
  c.templates = "teacher_account=1,teacher_phone_changed=2";
  c.endpoint = "ftp://x";
  EXPECT_FALSE(make_provider(c));
  c.endpoint = "http://127.0.0.1:9";
  EXPECT_TRUE(make_provider(c));
}

}  // namespace
}  // namespace kaowu::sms
