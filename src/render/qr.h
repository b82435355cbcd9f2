// QR codes (libqrencode): the module matrix of a text, for drawing into a PDF and for tests.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bimtek::render {

// A square of modules, without the quiet zone: dark(x, y) for 0 <= x, y < size.
struct QrMatrix {
  int size = 0;
  int version = 0;
  std::vector<uint8_t> modules;  // row-major, 1 = dark
  bool dark(int x, int y) const { return modules[static_cast<size_t>(y) * size + x] != 0; }
};

// Encodes `text` (bytes, 8-bit mode) at error-correction level M in the smallest version that
// holds it. InvalidArgument for an empty text or one too long for any version (2,331 bytes at
// M); Internal when libqrencode fails otherwise. Thread-safe (libqrencode is built with pthread).
StatusOr<QrMatrix> EncodeQr(std::string_view text);

}  // namespace bimtek::render
