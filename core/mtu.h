// MTUs of a mesh, computed once from the underlay MTU and equal on every
// node: a bridge silently drops frames larger than the outgoing port's MTU,
// so one node with a larger MTU would black-hole big frames.
//   WireGuard overhead: 60 bytes over an IPv4 underlay, 80 over IPv6.
//   gretap: 38 bytes (20 IPv4 + 4 GRE + 14 Ethernet).
//   ip6gretap with `encaplimit none`: 58 bytes (40 IPv6 + 4 GRE + 14 Ethernet).
#pragma once

#include <cstdint>
#include <string_view>

namespace wgmesh {

struct Mtus {
  int64_t underlay = 0;
  int64_t wireguard = 0;
  int64_t tunnel = 0;
  int64_t bridge = 0;  // equals tunnel: the bridge takes its smallest port
};

int64_t WireguardOverhead(std::string_view underlay_family);  // "ipv4" | "ipv6"
int64_t TunnelOverhead(std::string_view tunnel_type);         // "gretap" | "ip6gretap"
Mtus ComputeMtus(int64_t underlay_mtu, std::string_view underlay_family,
                 std::string_view tunnel_type);

}  // namespace wgmesh
