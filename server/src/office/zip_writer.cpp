#include "office/zip_writer.hpp"

#include <zip.h>

#include <cstdlib>
#include <cstring>

namespace kaowu::office {

namespace {
Error zip_failed() {
  return err::internal("生成压缩包失败");
}
}  // namespace

ZipWriter::~ZipWriter() {
  if (zip_) zip_discard(zip_);
}

Result<std::unique_ptr<ZipWriter>> ZipWriter::create(const std::string& path) {
  int code = 0;
  zip* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!archive) return zip_failed();
  return std::unique_ptr<ZipWriter>(new ZipWriter(archive));
}

Status ZipWriter::check_name(const std::string& name) const {
  // Names that climb out of the extraction folder are refused.
  if (name.empty() || name[0] == '/' || name.find('\\') != std::string::npos || name == ".." ||
      name.rfind("../", 0) == 0 || name.find("/../") != std::string::npos ||
      (name.size() >= 3 && name.compare(name.size() - 3, 3, "/..") == 0)) {
    return err::invalid("压缩包内文件名不合法：" + name);
  }
  return {};
}

Status ZipWriter::add_bytes(const std::string& name, std::string bytes) {
  if (!zip_) return zip_failed();
  TRY(check_name(name));
  zip_source_t* source = nullptr;
  if (bytes.empty()) {
    source = zip_source_buffer(zip_, nullptr, 0, 0);
  } else {
    // libzip frees the copy with the source.
    void* copy = std::malloc(bytes.size());
    if (!copy) return zip_failed();
    std::memcpy(copy, bytes.data(), bytes.size());
    source = zip_source_buffer(zip_, copy, bytes.size(), 1);
    if (!source) std::free(copy);
  }
  if (!source) return zip_failed();
  if (zip_file_add(zip_, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
    zip_source_free(source);
    return zip_failed();
  }
  return {};
}

Status ZipWriter::add_file(const std::string& name, const std::string& source_path, bool compress) {
  if (!zip_) return zip_failed();
  TRY(check_name(name));
  zip_source_t* source = zip_source_file(zip_, source_path.c_str(), 0, -1);
  if (!source) return err::internal("无法读取文件：" + source_path);
  zip_int64_t index = zip_file_add(zip_, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) {
    zip_source_free(source);
    return zip_failed();
  }
  if (!compress &&
      zip_set_file_compression(zip_, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0) {
    return zip_failed();
  }
  return {};
}

Status ZipWriter::close() {
  if (!zip_) return zip_failed();
  if (zip_close(zip_) != 0) return zip_failed();
  zip_ = nullptr;
  return {};
}

}  // namespace kaowu::office
