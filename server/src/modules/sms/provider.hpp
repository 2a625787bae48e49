#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "modules/sms/model.hpp"

namespace kaowu::sms {

//! How SMS leave the platform; chosen by configuration (--sms-provider).
struct ProviderConfig {
  std::string kind = "outbox";  //!< outbox | tencent
  //! tencent: the API address, https://sms.tencentcloudapi.com by default (a test stub may be
  //! http://127.0.0.1:port); the credentials, the SMS application, the signature and the
  //! provider's template id of each template code ("teacher_account=1234567,…").
  std::string endpoint = "https://sms.tencentcloudapi.com";
  std::string secret_id;
  std::string secret_key;
  std::string app_id;
  std::string sign_name;
  std::string region = "ap-guangzhou";
  std::string templates;
  int timeout_seconds = 10;
};

//! One try's outcome: sent, worth another try later (network, 5xx, the provider's internal or
//! rate errors), or refused for good (wrong credentials, a bad number, a template not approved).
struct Outcome {
  enum class Kind { sent, retry, failed } kind = Kind::sent;
  std::string answer;  //!< what the provider said, shown in 短信记录 (never the credentials)
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string name() const = 0;
  virtual Outcome send(const Message& message) = 0;
  //! Whether a message sent is in the recipient's hands, so that its secrets need not be kept
  //! (not so for the outbox, which the platform administrator reads and passes on).
  virtual bool delivers() const { return true; }
};

//! The provider the configuration names; a 400-style error naming the option that is wrong.
Result<std::unique_ptr<Provider>> make_provider(const ProviderConfig& config);

namespace tencent {
//! The TC3-HMAC-SHA256 signature of a Tencent Cloud API 3.0 request (signature v3): the canonical
//! request (POST, "/", no query, the content-type and host headers, the body's SHA-256) hashed
//! into the string to sign under the scope <date>/<service>/tc3_request, signed with the key
//! derived from "TC3" + secret key through the date, the service and "tc3_request". Returns the
//! Authorization header's value.
std::string authorization(const std::string& secret_id, const std::string& secret_key,
                          const std::string& service, const std::string& host,
                          const std::string& content_type, const std::string& body,
                          long long timestamp);
//! The SendSms (2021-01-11) request body for one message.
std::string send_sms_body(const std::string& app_id, const std::string& sign_name,
                          const std::string& template_id, const Message& m);
//! Reads a SendSms answer (HTTP status and body) into an outcome.
Outcome read_answer(int status, const std::string& body);
}  // namespace tencent

}  // namespace kaowu::sms
