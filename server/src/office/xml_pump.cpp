#include "office/xml_pump.hpp"

#include <expat.h>

#include <cstring>

namespace kaowu::office {

namespace {
// Prefixes are dropped rather than resolved: OOXML parts use one namespace per element name,
// and writers differ in which prefix they bind (<c>, <x:c>).
constexpr char kSeparator = ':';

Error damaged() {
  return err::make(ErrorKind::invalid_input, kDamagedFile, "damaged_file");
}
}  // namespace

struct XmlCallbacks {
  static void XMLCALL start(void* data, const XML_Char* name, const XML_Char** attributes) {
    auto* parser = static_cast<XmlParser*>(data);
    if (parser->track_open_) parser->open_.emplace_back(name);
    parser->handler_.start(local_name(name), attributes);
  }
  static void XMLCALL end(void* data, const XML_Char* name) {
    auto* parser = static_cast<XmlParser*>(data);
    if (parser->track_open_ && !parser->open_.empty()) parser->open_.pop_back();
    parser->handler_.end(local_name(name));
  }
  static void XMLCALL text(void* data, const XML_Char* s, int len) {
    static_cast<XmlParser*>(data)->handler_.text(
        std::string_view(s, static_cast<std::size_t>(len)));
  }
  static void XMLCALL doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<XmlParser*>(data)->fail(
        err::make(ErrorKind::invalid_input, "文件包含不允许的 XML 文档类型声明（DTD），已拒绝处理",
                  "xml_dtd"));
  }
  static void XMLCALL entity(void* data, const XML_Char*, int, const XML_Char*, int,
                             const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
    doctype(data, nullptr, nullptr, nullptr, 0);
  }
};

XmlParser::XmlParser(XmlHandler& handler, bool track_open)
    : handler_(handler), parser_(XML_ParserCreate(nullptr)), track_open_(track_open) {
  handler_.parser = this;
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, XmlCallbacks::start, XmlCallbacks::end);
  XML_SetCharacterDataHandler(parser_, XmlCallbacks::text);
  XML_SetStartDoctypeDeclHandler(parser_, XmlCallbacks::doctype);
  XML_SetEntityDeclHandler(parser_, XmlCallbacks::entity);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlParser::~XmlParser() {
  XML_ParserFree(parser_);
}

void XmlParser::fail(Error error) {
  if (!error_) error_ = std::move(error);
  XML_StopParser(parser_, XML_FALSE);
}

char* XmlParser::buffer(std::size_t size) {
  return static_cast<char*>(XML_GetBuffer(parser_, static_cast<int>(size)));
}

Status XmlParser::finish(int status) {
  if (error_) return *error_;
  if (status != XML_STATUS_OK) {
    malformed_ = true;
    error_ = damaged();
    return *error_;
  }
  return {};
}

Status XmlParser::feed(const char* data, std::size_t size, bool last) {
  if (error_) return *error_;
  return finish(XML_Parse(parser_, data, static_cast<int>(size), last));
}

Status XmlParser::feed_buffer(std::size_t size, bool last) {
  if (error_) return *error_;
  return finish(XML_ParseBuffer(parser_, static_cast<int>(size), last));
}

XmlPump::XmlPump(std::unique_ptr<ZipEntryStream> stream, XmlHandler& handler)
    : stream_(std::move(stream)), parser_(handler) {}

Result<bool> XmlPump::pump() {
  if (done_) return false;
  constexpr std::size_t kChunk = 1 << 16;
  char* buffer = parser_.buffer(kChunk);
  if (!buffer) return err::internal();
  auto n = stream_->read(buffer, kChunk);
  if (!n) return std::move(n).error();
  bool last = n.value() == 0;
  TRY(parser_.feed_buffer(n.value(), last));
  done_ = last;
  return !last;
}

Status XmlPump::run() {
  for (;;) {
    bool more = TRY(pump());
    if (!more) return {};
  }
}

std::string_view local_name(const char* name) {
  const char* local = name;
  const char* p = name;
  for (; *p; ++p) {
    if (*p == kSeparator) local = p + 1;
  }
  return std::string_view(local, static_cast<std::size_t>(p - local));
}

const char* xml_attribute(const char** attributes, std::string_view name) {
  for (auto a = attributes; *a; a += 2) {
    if (local_name(*a) == name) return a[1];
  }
  return nullptr;
}

std::string decode_ooxml_escapes(std::string text) {
  auto pos = text.find("_x");
  if (pos == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  auto hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  while (i < text.size()) {
    if (text.compare(i, 2, "_x") == 0 && i + 7 <= text.size() && text[i + 6] == '_' &&
        hex(text[i + 2]) && hex(text[i + 3]) && hex(text[i + 4]) && hex(text[i + 5])) {
      unsigned cp = static_cast<unsigned>(std::stoul(text.substr(i + 2, 4), nullptr, 16));
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
      i += 7;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace kaowu::office
