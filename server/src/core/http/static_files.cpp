#include "core/http/static_files.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

namespace kaowu::http {

namespace fs = std::filesystem;

std::string gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {".pdf", "application/pdf"},
  };
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::load(const fs::path& file) {
  std::error_code ec;
  auto mtime = fs::last_write_time(file, ec);
  if (ec) return nullptr;
  const std::string key = file.string();
  {
    std::shared_lock lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second->mtime == mtime) return it->second;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream ss;
  ss << in.rdbuf();
  auto entry = std::make_shared<Entry>();
  entry->content = ss.str();
  entry->content_type = content_type_for(file);
  entry->mtime = mtime;
  entry->etag = fmt::format("\"{}-{}\"", entry->content.size(), mtime.time_since_epoch().count());
  const bool texty = entry->content_type.rfind("text/", 0) == 0 ||
                     entry->content_type.find("json") != std::string::npos ||
                     entry->content_type.find("svg") != std::string::npos;
  if (texty && entry->content.size() >= 1024) entry->gzipped = gzip(entry->content);
  std::unique_lock lock(mutex_);
  cache_[key] = entry;
  return entry;
}

Response StaticFiles::serve(const Request& request) {
  Response r;
  if (request.method != "GET" && request.method != "HEAD") {
    r = Response::error(
        err::make(ErrorKind::invalid_input, "不支持的请求方法", "method_not_allowed"));
    r.status = 405;
    r.set_header("Allow", "GET, HEAD");
    return r;
  }
  std::string rel = request.path;
  if (rel.find("..") != std::string::npos || rel.find('\0') != std::string::npos) {
    r.status = 404;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "Not Found";
    return r;
  }
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  if (rel.empty()) rel = "index.html";
  fs::path file = root_ / rel;
  std::error_code ec;
  bool is_index = false;
  if (fs::is_directory(file, ec)) file /= "index.html";
  if (!fs::is_regular_file(file, ec)) {
    // Client-side routes (no extension) get the app; missing assets a plain 404.
    if (fs::path(rel).has_extension() && fs::path(rel).extension() != ".html") {
      r.status = 404;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "Not Found";
      return r;
    }
    file = root_ / "index.html";
  }
  is_index = file.extension() == ".html";
  auto entry = load(file);
  if (!entry) {
    r.status = 404;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "页面文件不存在：请先构建前端（make web）";
    return r;
  }
  const bool hashed = rel.rfind("assets/", 0) == 0;
  r.set_header("Cache-Control", is_index ? "no-cache"
                                : hashed ? "public, max-age=31536000, immutable"
                                         : "public, max-age=3600");
  r.set_header("ETag", entry->etag);
  r.content_type = entry->content_type;
  if (request.header("if-none-match") == entry->etag) {
    r.status = 304;
    return r;
  }
  if (!entry->gzipped.empty()) {
    r.set_header("Vary", "Accept-Encoding");
    if (request.header("accept-encoding").find("gzip") != std::string::npos) {
      r.set_header("Content-Encoding", "gzip");
      r.body = entry->gzipped;
      return r;
    }
  }
  r.body = entry->content;
  return r;
}

}  // namespace kaowu::http
