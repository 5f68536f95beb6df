// Hex helpers for byte-exact wire tests: Bytes("cd ca 6c"), Hex(bytes) -> "cd ca 6c".
#ifndef WGMESH_TESTS_PROTOCOL_HEX_H_
#define WGMESH_TESTS_PROTOCOL_HEX_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace wgmesh::testing {

inline std::string Bytes(std::string_view hex) {
  std::string out;
  int nibble = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else continue;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<char>(nibble * 16 + v));
      nibble = -1;
    }
  }
  return out;
}

inline std::string Hex(std::string_view bytes) {
  std::string out;
  char buf[4];
  for (unsigned char c : bytes) {
    std::snprintf(buf, sizeof(buf), out.empty() ? "%02x" : " %02x", c);
    out += buf;
  }
  return out;
}

}  // namespace wgmesh::testing

#endif  // WGMESH_TESTS_PROTOCOL_HEX_H_
