// What every decoder of user input (mesh.yaml / JSON, node configs, Terraform
// msgpack and JSON state, Pulumi Struct values) refuses, so hostile input
// gets an error instead of a crash:
//  - nesting deeper than kMaxNestingDepth (the decoders and everything after
//    them recurse; 20,000 nested '[' overflowed the stack), and YAML aliases
//    that expand beyond kMaxDocumentValues;
//  - strings that are not UTF-8 (nlohmann::json throws on dumping one,
//    protobuf refuses to serialize one).
#pragma once

#include <string_view>

namespace wgmesh {

// Lists and objects inside each other; wgmesh's own documents need 5.
inline constexpr int kMaxNestingDepth = 64;
// Values in one YAML document once aliases are expanded; a 250-node mesh
// with every peer listed has about 70,000.
inline constexpr long kMaxDocumentValues = 1'000'000;

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace wgmesh
