// libFuzzer target for the .xlsx reader.
//
// An input that starts with "PK" is read as a whole file (zip damage, limits, central directory).
// Any other input is a set of package parts separated by the line "--part--": the worksheet,
// the shared strings, the styles, the workbook and the workbook relationships, in that order.
// They are zipped (stored, correct CRCs) around a fixed [Content_Types].xml and _rels/.rels, so
// mutations reach the XML handlers instead of dying at the zip checksum; a part left out is
// omitted from the package (so is an empty one) (the workbook and its relationships fall back to a
// one-sheet default).
#include <zip.h>

#include <cstdlib>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"

namespace {

constexpr std::string_view kSeparator = "\n--part--\n";

const char* kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
    "Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
const char* kRootRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";
const char* kWorkbook =
    "<?xml version=\"1.0\"?><workbook "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
const char* kWorkbookRels =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";

// `content` must stay alive until zip_close: libzip reads it then.
void add_part(zip_t* z, const char* name, std::string_view content) {
  zip_source_t* source = zip_source_buffer(z, content.data(), content.size(), 0);
  if (!source) std::abort();
  zip_int64_t index = zip_file_add(z, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) std::abort();
  zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
}

bool write_package(const std::string& path, std::string_view input) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto at = input.find(kSeparator);
    parts.push_back(input.substr(0, at));
    if (at == std::string_view::npos) break;
    input.remove_prefix(at + kSeparator.size());
  }
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!z) std::abort();
  add_part(z, "[Content_Types].xml", kContentTypes);
  add_part(z, "_rels/.rels", kRootRels);
  const char* names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                         "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
  for (std::size_t i = 0; i < parts.size() && i < 5; ++i) {
    if (!parts[i].empty()) add_part(z, names[i], parts[i]);
  }
  if (parts.size() < 4) add_part(z, names[3], kWorkbook);
  if (parts.size() < 5) add_part(z, names[4], kWorkbookRels);
  if (zip_close(z) == 0) return true;
  zip_discard(z);
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = kaowu::fuzz::scratch_path("input.xlsx");
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.substr(0, 2) == "PK") {
    kaowu::fuzz::write_scratch(path, data, size);
  } else if (!write_package(path, input)) {
    return 0;
  }
  kaowu::fuzz::read_everything(path, kaowu::fuzz::small_limits());
  kaowu::fuzz::compare_split(path, kaowu::fuzz::small_limits());
  kaowu::fuzz::read_as_import(path);
  return 0;
}
