#include "core/input_limits.h"

#include <cstdint>

namespace wgmesh {

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  auto continuation = [&](size_t k) { return k < n && (byte(k) & 0xC0) == 0x80; };
  while (i < n) {
    const uint8_t b = byte(i);
    if (b < 0x80) {
      ++i;
      continue;
    }
    // The allowed range of the second byte narrows for the first byte values
    // that would otherwise allow overlong forms, surrogates or > U+10FFFF.
    size_t length = 0;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      length = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      length = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      length = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + 1 >= n || byte(i + 1) < lo || byte(i + 1) > hi) return false;
    for (size_t k = 2; k < length; ++k)
      if (!continuation(i + k)) return false;
    i += length;
  }
  return true;
}

}  // namespace wgmesh
