#pragma once

// The electronic certificate 电子证书 of an issued result: one landscape A4 page.

#include <string>

#include "core/error.hpp"

namespace kaowu::results::certificate {

struct Document {
  std::string name;
  std::string id_number;  //!< masked
  std::string certificate_name;
  std::string level;
  std::string org_name;  //!< 颁证机构
  std::string certificate_no;
  std::string issued_on;   //!< 发证日期, e.g. 2021年10月08日
  std::string verify_url;  //!< the QR code's target: the public verification page
};

//! Writes the certificate PDF at `path`.
Status write_pdf(const std::string& path, const Document& doc);
//! 姓名-证书名称(等级)电子证书.pdf, safe as one file name.
std::string file_name(const Document& doc);

}  // namespace kaowu::results::certificate
