#pragma once

#include <string>

#include "office/pdf_document.hpp"

namespace kaowu::office {

//! `text` as a QR code (error correction M) for PdfDocument::modules; an empty grid when the
//! text is empty or too long for a QR code.
ModuleGrid encode_qr(const std::string& text);

}  // namespace kaowu::office
