#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kaowu {

//! The one list of ways an operation can fail; each maps to one HTTP status.
enum class ErrorKind {
  invalid_input,
  unauthenticated,
  forbidden,
  not_found,
  conflict,
  too_large,
  too_many_requests,
  unavailable,
  internal,
};

//! An expected failure, carried as a value. `message` is Chinese and shown to users as is.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;     //!< machine-readable, e.g. "account_locked"; defaults to the kind's name
  std::string message;  //!< what the user can act on
  nlohmann::json details = nlohmann::json::object();
};

//! Stable name of a kind ("invalid_input", ...).
const char* kind_name(ErrorKind kind);
//! HTTP status for a kind.
int http_status(ErrorKind kind);
//! The error body: {"error":{"code","message","details"}}.
nlohmann::json error_body(const Error& error);

namespace err {
Error make(ErrorKind kind, std::string message, std::string code = {},
           nlohmann::json details = nlohmann::json::object());
inline Error invalid(std::string message, nlohmann::json details = nlohmann::json::object()) {
  return make(ErrorKind::invalid_input, std::move(message), {}, std::move(details));
}
inline Error not_found(std::string message = "记录不存在或无权访问") {
  return make(ErrorKind::not_found, std::move(message));
}
inline Error forbidden(std::string message = "无权执行此操作") {
  return make(ErrorKind::forbidden, std::move(message));
}
inline Error conflict(std::string message, nlohmann::json details = nlohmann::json::object()) {
  return make(ErrorKind::conflict, std::move(message), {}, std::move(details));
}
inline Error unauthenticated(std::string message = "请先登录") {
  return make(ErrorKind::unauthenticated, std::move(message));
}
inline Error internal(std::string message = "服务器内部错误，请稍后重试") {
  return make(ErrorKind::internal, std::move(message));
}
}  // namespace err

//! A value or an Error. Services return these; exceptions stop at module boundaries.
template <class T = void>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  explicit operator bool() const { return v_.index() == 0; }
  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  Error& error() & { return std::get<1>(v_); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}

  explicit operator bool() const { return !error_; }
  bool ok() const { return !error_; }
  void value() const {}
  Error& error() & { return *error_; }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace kaowu

//! Unwraps a Result or returns its Error from the enclosing function.
#define TRY(expr)                                          \
  ({                                                       \
    auto&& _kaowu_try = (expr);                            \
    if (!_kaowu_try) return std::move(_kaowu_try).error(); \
    std::move(_kaowu_try).value();                         \
  })
