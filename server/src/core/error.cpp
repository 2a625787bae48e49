#include "core/error.hpp"

namespace kaowu {

const char* kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return "invalid_input";
    case ErrorKind::unauthenticated:
      return "unauthenticated";
    case ErrorKind::forbidden:
      return "forbidden";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::too_large:
      return "too_large";
    case ErrorKind::too_many_requests:
      return "too_many_requests";
    case ErrorKind::unavailable:
      return "unavailable";
    case ErrorKind::internal:
      return "internal";
  }
  return "internal";
}

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return 400;
    case ErrorKind::unauthenticated:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::too_large:
      return 413;
    case ErrorKind::too_many_requests:
      return 429;
    case ErrorKind::unavailable:
      return 503;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

nlohmann::json error_body(const Error& error) {
  return {{"error",
           {{"code", error.code.empty() ? kind_name(error.kind) : error.code},
            {"message", error.message},
            {"details", error.details.is_null() ? nlohmann::json::object() : error.details}}}};
}

namespace err {
Error make(ErrorKind kind, std::string message, std::string code, nlohmann::json details) {
  Error e;
  e.kind = kind;
  e.code = code.empty() ? kind_name(kind) : std::move(code);
  e.message = std::move(message);
  e.details = std::move(details);
  return e;
}
}  // namespace err

}  // namespace kaowu
