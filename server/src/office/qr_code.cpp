#include "office/qr_code.hpp"

#include <qrencode.h>

namespace kaowu::office {

ModuleGrid encode_qr(const std::string& text) {
  ModuleGrid grid;
  if (text.empty()) return grid;
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return grid;
  grid.size = code->width;
  grid.dark.resize(static_cast<std::size_t>(code->width) * code->width);
  for (std::size_t i = 0; i < grid.dark.size(); ++i) grid.dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return grid;
}

}  // namespace kaowu::office
