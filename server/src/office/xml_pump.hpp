#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "office/zip_archive.hpp"

typedef struct XML_ParserStruct* XML_Parser;

namespace kaowu::office {

class XmlParser;

//! Receives the elements of one XML part; names are local names, namespace prefixes removed.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const char** attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
  //! The parser feeding this handler, for fail(); set by XmlParser.
  XmlParser* parser = nullptr;
};

//! One expat parser over a document given in pieces. Any DOCTYPE is refused, so no entity
//! expands.
class XmlParser {
 public:
  //! With `track_open` the raw names of the open elements are kept (open_elements()).
  explicit XmlParser(XmlHandler& handler, bool track_open = false);
  ~XmlParser();
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  //! Parses the next `size` bytes of the document; `last` with its final piece.
  Status feed(const char* data, std::size_t size, bool last);
  //! Parses `size` bytes already copied into buffer(size).
  Status feed_buffer(std::size_t size, bool last);
  //! Expat's own buffer for the next piece, or nullptr when out of memory.
  char* buffer(std::size_t size);
  //! Stops parsing with `error`; called from handler callbacks.
  void fail(Error error);
  //! True when parsing stopped because the document is not well-formed (not from fail()).
  bool malformed() const { return malformed_; }
  //! Raw names (prefix included) of the elements open now, outermost first.
  const std::vector<std::string>& open_elements() const { return open_; }

 private:
  Status finish(int status);
  XmlHandler& handler_;
  XML_Parser parser_;
  std::optional<Error> error_;
  bool malformed_ = false;
  bool track_open_;
  std::vector<std::string> open_;
  friend struct XmlCallbacks;
};

//! Streams one zip part through an XmlParser in chunks.
class XmlPump {
 public:
  XmlPump(std::unique_ptr<ZipEntryStream> stream, XmlHandler& handler);

  //! Parses the next chunk; false once the whole part has been parsed.
  Result<bool> pump();
  //! Parses the whole part.
  Status run();

 private:
  std::unique_ptr<ZipEntryStream> stream_;
  XmlParser parser_;
  bool done_ = false;
};

//! The part of an XML name after its prefix ("x:row" → "row"); one pass, for every tag and
//! attribute of a sheet.
std::string_view local_name(const char* name);
//! True for the bytes a tag or attribute name may hold after its first (ASCII letters and digits,
//! _ - . and any byte of a non-ASCII character), for scanning raw XML text.
inline bool xml_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
}
//! The value of the attribute with local name `name`, or nullptr.
const char* xml_attribute(const char** attributes, std::string_view name);
//! Decodes OOXML's _xHHHH_ escapes (Excel writes a carriage return as _x000D_).
std::string decode_ooxml_escapes(std::string text);

//! True when `name` is `literal`; compiles to a length test and a fixed-size compare.
template <std::size_t N>
inline bool is_name(std::string_view name, const char (&literal)[N]) {
  return name.size() == N - 1 && __builtin_memcmp(name.data(), literal, N - 1) == 0;
}

}  // namespace kaowu::office
