#include "modules/sms/provider.hpp"

#include <sodium.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

namespace kaowu::sms {

namespace {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;

// The outbox: the message stays in the table as sent, where the platform administrator reads it
// (development, tests, demos, and sites without an SMS contract).
class Outbox : public Provider {
 public:
  std::string name() const override { return "outbox"; }
  Outcome send(const Message&) override { return {Outcome::Kind::sent, "已存入发件箱"}; }
  bool delivers() const override { return false; }
};

struct Url {
  bool https = true;
  std::string host;
  std::string port;
  std::string path = "/";
  std::string host_header;  //!< host, with the port when it is not the scheme's own
};

Result<Url> parse_url(const std::string& text) {
  Url u;
  std::string rest;
  if (text.rfind("https://", 0) == 0) {
    rest = text.substr(8);
  } else if (text.rfind("http://", 0) == 0) {
    u.https = false;
    rest = text.substr(7);
  } else {
    return err::invalid("--sms-endpoint 须以 https:// 或 http:// 开头");
  }
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.path = rest.substr(slash);
  const auto colon = authority.rfind(':');
  u.host = colon == std::string::npos ? authority : authority.substr(0, colon);
  u.port = colon == std::string::npos ? (u.https ? "443" : "80") : authority.substr(colon + 1);
  if (u.host.empty()) return err::invalid("--sms-endpoint 缺少主机名");
  u.host_header = colon == std::string::npos ? u.host : authority;
  return u;
}

std::string hex(const unsigned char* data, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 15]);
  }
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hex(out, sizeof out);
}

std::string hmac(const std::string& key, const std::string& data) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string utc_date(long long timestamp) {
  std::time_t t = static_cast<std::time_t>(timestamp);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// POSTs `body` and answers the HTTP status and body; status 0 with a message when the request
// did not get an answer (the address, the network, a timeout).
std::pair<int, std::string> post(const Url& url,
                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                 const std::string& body, int timeout_seconds) {
  try {
    asio::io_context io;
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, url.path, 11};
    req.set(bhttp::field::host, url.host_header);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::response<bhttp::string_body> res;
    beast::flat_buffer buffer;
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(url.host, url.port);
    const auto timeout = std::chrono::seconds(timeout_seconds);
    if (url.https) {
      asio::ssl::context ctx(asio::ssl::context::tls_client);
      ctx.set_default_verify_paths();
      ctx.set_verify_mode(asio::ssl::verify_peer);
      beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
      SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
      stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
      beast::get_lowest_layer(stream).expires_after(timeout);
      beast::get_lowest_layer(stream).connect(endpoints);
      stream.handshake(asio::ssl::stream_base::client);
      bhttp::write(stream, req);
      bhttp::read(stream, buffer, res);
      beast::error_code ec;
      stream.shutdown(ec);
    } else {
      beast::tcp_stream stream(io);
      stream.expires_after(timeout);
      stream.connect(endpoints);
      bhttp::write(stream, req);
      bhttp::read(stream, buffer, res);
      beast::error_code ec;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    }
    return {static_cast<int>(res.result_int()), res.body()};
  } catch (const std::exception& e) {
    return {0, std::string("无法连接短信服务：") + e.what()};
  }
}

class Tencent : public Provider {
 public:
  Tencent(ProviderConfig config, Url url, std::map<std::string, std::string> template_ids)
      : config_(std::move(config)), url_(std::move(url)), template_ids_(std::move(template_ids)) {}
  std::string name() const override { return "tencent"; }
  Outcome send(const Message& m) override {
    auto id = template_ids_.find(m.template_code);
    if (id == template_ids_.end())
      return {Outcome::Kind::failed, "未配置短信模板 " + m.template_code + " 的模板 ID"};
    const std::string body =
        tencent::send_sms_body(config_.app_id, config_.sign_name, id->second, m);
    const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    const std::string content_type = "application/json; charset=utf-8";
    const auto [status, answer] =
        post(url_,
             {{"Content-Type", content_type},
              {"Authorization", tencent::authorization(config_.secret_id, config_.secret_key, "sms",
                                                       url_.host_header, content_type, body, now)},
              {"X-TC-Action", "SendSms"},
              {"X-TC-Timestamp", std::to_string(now)},
              {"X-TC-Version", "2021-01-11"},
              {"X-TC-Region", config_.region}},
             body, config_.timeout_seconds);
    if (status == 0) return {Outcome::Kind::retry, answer};
    return tencent::read_answer(status, answer);
  }

 private:
  ProviderConfig config_;
  Url url_;
  std::map<std::string, std::string> template_ids_;
};
}  // namespace

namespace tencent {

std::string authorization(const std::string& secret_id, const std::string& secret_key,
                          const std::string& service, const std::string& host,
                          const std::string& content_type, const std::string& body,
                          long long timestamp) {
  const std::string canonical = "POST\n/\n\ncontent-type:" + content_type + "\nhost:" + host +
                                "\n\ncontent-type;host\n" + sha256_hex(body);
  const std::string date = utc_date(timestamp);
  const std::string scope = date + "/" + service + "/tc3_request";
  const std::string to_sign =
      "TC3-HMAC-SHA256\n" + std::to_string(timestamp) + "\n" + scope + "\n" + sha256_hex(canonical);
  const std::string key = hmac(hmac(hmac("TC3" + secret_key, date), service), "tc3_request");
  const std::string sig = hmac(key, to_sign);
  return "TC3-HMAC-SHA256 Credential=" + secret_id + "/" + scope +
         ", SignedHeaders=content-type;host, Signature=" +
         hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

std::string send_sms_body(const std::string& app_id, const std::string& sign_name,
                          const std::string& template_id, const Message& m) {
  return nlohmann::json{{"PhoneNumberSet", {"+86" + m.phone}},
                        {"SmsSdkAppId", app_id},
                        {"SignName", sign_name},
                        {"TemplateId", template_id},
                        {"TemplateParamSet", m.params},
                        {"SessionContext", "sms-" + std::to_string(m.id)}}
      .dump();
}

Outcome read_answer(int status, const std::string& body) {
  if (status >= 500) return {Outcome::Kind::retry, "HTTP " + std::to_string(status)};
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (status != 200 || !j.is_object() || !j.contains("Response") || !j["Response"].is_object())
    return {Outcome::Kind::failed, "HTTP " + std::to_string(status) + "，无法识别的应答"};
  const auto& r = j["Response"];
  // A code the provider may clear by itself (its internal errors, its request rate) is tried
  // again; everything else (credentials, parameters, a number or a template refused) is final.
  auto transient = [](const std::string& code) {
    return code.rfind("InternalError", 0) == 0 || code.rfind("RequestLimitExceeded", 0) == 0;
  };
  if (r.contains("Error") && r["Error"].is_object()) {
    const std::string code = r["Error"].value("Code", ""),
                      message = r["Error"].value("Message", "");
    return {transient(code) ? Outcome::Kind::retry : Outcome::Kind::failed, code + " " + message};
  }
  if (!r.contains("SendStatusSet") || !r["SendStatusSet"].is_array() || r["SendStatusSet"].empty())
    return {Outcome::Kind::failed, "应答中没有发送结果"};
  const auto& one = r["SendStatusSet"][0];
  const std::string code = one.value("Code", ""), message = one.value("Message", "");
  if (code == "Ok") return {Outcome::Kind::sent, "Ok " + one.value("SerialNo", "")};
  return {transient(code) ? Outcome::Kind::retry : Outcome::Kind::failed, code + " " + message};
}

}  // namespace tencent

Result<std::unique_ptr<Provider>> make_provider(const ProviderConfig& config) {
  if (config.kind == "outbox") return std::unique_ptr<Provider>(std::make_unique<Outbox>());
  if (config.kind != "tencent") return err::invalid("--sms-provider 只能是 outbox 或 tencent");
  if (config.secret_id.empty() || config.secret_key.empty() || config.app_id.empty() ||
      config.sign_name.empty()) {
    return err::invalid(
        "腾讯云短信须配置 --sms-secret-id、--sms-secret-key、--sms-app-id 与 --sms-sign-name");
  }
  Url url = TRY(parse_url(config.endpoint));
  std::map<std::string, std::string> ids;
  std::string list = config.templates;
  for (std::size_t start = 0; start <= list.size();) {
    auto end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    const std::string item = list.substr(start, end - start);
    if (const auto eq = item.find('='); eq != std::string::npos)
      ids[item.substr(0, eq)] = item.substr(eq + 1);
    else if (!item.empty())
      return err::invalid("--sms-templates 须为 模板代码=模板ID，以逗号分隔");
    start = end + 1;
  }
  for (const auto& t : templates())
    if (!ids.count(t.code))
      return err::invalid("--sms-templates 缺少 " + t.code + "（" + t.name + "）的模板 ID");
  return std::unique_ptr<Provider>(
      std::make_unique<Tencent>(config, std::move(url), std::move(ids)));
}

}  // namespace kaowu::sms
