// Addresses the GRE tunnels run between, carried inside WireGuard (each is a
// peer's AllowedIPs). ip6gretap uses ULA /128s derived by the key source;
// gretap uses link-local IPv4 taken from the node's host index, which is
// unique in the mesh and stable when other nodes come and go:
//   169.254.0.0 + 256 + index  (skips 169.254.0.x; never 169.254.169.254)
#pragma once

#include <cstdint>
#include <optional>

#include "core/ip.h"

namespace wgmesh {

inline constexpr uint64_t kMaxIpv4TunnelIndex = 65278;  // 169.254.255.254

// nullopt when the index has no address (0, too large, or the cloud metadata
// address 169.254.169.254).
std::optional<IpAddr> Ipv4TunnelAddress(uint64_t host_index);

}  // namespace wgmesh
