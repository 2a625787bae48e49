#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace kaowu::http {

//! A parsed request as modules see it; Beast stays inside core/http.
struct Request {
  std::string method;
  std::string target;
  std::string path;                            //!< percent-decoded, no query
  std::map<std::string, std::string> query;    //!< percent-decoded
  std::map<std::string, std::string> headers;  //!< names lower-case
  std::string body;                            //!< small bodies
  std::string body_file;                       //!< uploads: a temp file holding the body
  std::uint64_t body_size = 0;
  std::string remote_ip;
  std::string request_id;
  //! The route pattern that took the request, "static" for the web UI's files (for metrics).
  std::string route;

  //! Header value or "" (name lower-case).
  const std::string& header(const std::string& name) const;
  //! Cookie value or "".
  std::string cookie(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::int64_t account_id = 0;  //!< for the access log

  static Response json(const nlohmann::json& value, int status = 200);
  //! A body that is already JSON text (json::Writer).
  static Response json_text(std::string body, int status = 200);
  static Response error(const Error& error);
  static Response no_content();
  //! An attachment with an RFC 5987 UTF-8 file name.
  static Response download(const std::string& file_name, std::string content_type,
                           std::string data);
  void set_header(std::string name, std::string value);
};

//! Content-Disposition value for a UTF-8 file name (ASCII fallback + filename*).
std::string content_disposition(const std::string& file_name);
std::string percent_decode(std::string_view in, bool plus_as_space);
std::string percent_encode(std::string_view in);

}  // namespace kaowu::http
