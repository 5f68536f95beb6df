#include "core/mtu.h"

namespace wgmesh {

int64_t WireguardOverhead(std::string_view underlay_family) {
  return underlay_family == "ipv4" ? 60 : 80;
}

int64_t TunnelOverhead(std::string_view tunnel_type) { return tunnel_type == "gretap" ? 38 : 58; }

Mtus ComputeMtus(int64_t underlay_mtu, std::string_view underlay_family,
                 std::string_view tunnel_type) {
  Mtus m;
  m.underlay = underlay_mtu;
  m.wireguard = underlay_mtu - WireguardOverhead(underlay_family);
  m.tunnel = m.wireguard - TunnelOverhead(tunnel_type);
  m.bridge = m.tunnel;
  return m;
}

}  // namespace wgmesh
