#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "office/zip_archive.hpp"

typedef struct XML_ParserStruct* XML_Parser;

namespace kaowu::office {

//! Receives the elements of one XML part; names are local names, namespace prefixes removed.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const char** attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
};

//! Streams one zip part through expat in chunks. Any DOCTYPE is refused, so no entity expands.
class XmlPump {
 public:
  XmlPump(std::unique_ptr<ZipEntryStream> stream, XmlHandler& handler);
  ~XmlPump();
  XmlPump(const XmlPump&) = delete;
  XmlPump& operator=(const XmlPump&) = delete;

  //! Parses the next chunk; false once the whole part has been parsed.
  Result<bool> pump();
  //! Parses the whole part.
  Status run();
  //! Stops parsing with `error`; called from handler callbacks.
  void fail(Error error);

 private:
  std::unique_ptr<ZipEntryStream> stream_;
  XmlHandler& handler_;
  XML_Parser parser_;
  std::optional<Error> error_;
  bool done_ = false;
  friend struct XmlPumpCallbacks;
};

//! The value of the attribute with local name `name`, or nullptr.
const char* xml_attribute(const char** attributes, std::string_view name);
//! Decodes OOXML's _xHHHH_ escapes (Excel writes a carriage return as _x000D_).
std::string decode_ooxml_escapes(std::string text);

}  // namespace kaowu::office
