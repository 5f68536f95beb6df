#include "core/tunnel_address.h"

namespace wgmesh {

std::optional<IpAddr> Ipv4TunnelAddress(uint64_t host_index) {
  if (host_index == 0 || host_index > kMaxIpv4TunnelIndex) return std::nullopt;
  uint64_t offset = 256 + host_index;
  IpAddr ip;
  ip.family = Family::kIpv4;
  ip.bytes[0] = 169;
  ip.bytes[1] = 254;
  ip.bytes[2] = static_cast<uint8_t>(offset >> 8);
  ip.bytes[3] = static_cast<uint8_t>(offset & 0xff);
  if (ip.bytes[2] == 169 && ip.bytes[3] == 254) return std::nullopt;
  return ip;
}

}  // namespace wgmesh
