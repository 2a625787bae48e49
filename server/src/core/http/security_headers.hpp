#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kaowu::http {

//! The headers every answer carries (API, web UI files, errors, downloads): a Content-Security-
//! Policy the built web UI and Swagger UI run under (scripts only from this origin; inline styles
//! allowed, as Swagger UI writes <style> elements and Element Plus style bindings), no framing,
//! no type sniffing, no referrer to other sites, and with `https` (--secure-cookies)
//! Strict-Transport-Security.
std::vector<std::pair<std::string, std::string>> security_headers(bool https);

}  // namespace kaowu::http
