// WireGuard endpoints as users write them: `host`, `host:port`, `[v6]`,
// `[v6]:port`, or a bare IPv6 literal (no port). Anything else is refused:
// the original tool mis-split unbracketed IPv6 literals at the last colon.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wgmesh {

struct Endpoint {
  std::string host;        // DNS name, IPv4 or IPv6 literal (no brackets)
  bool ipv6_literal = false;
  bool ipv4_literal = false;
  std::optional<int> port;

  // "host:port" or "[v6]:port", with `default_port` when none was given.
  std::string Format(int default_port) const;
};

// The error message is the rule that was broken, without the path.
absl::StatusOr<Endpoint> ParseEndpoint(std::string_view text);

// RFC 1123 host name: dot-separated labels of [A-Za-z0-9-], 1-63 chars each,
// not starting or ending with '-', 253 chars at most.
bool IsHostName(std::string_view text);

}  // namespace wgmesh
