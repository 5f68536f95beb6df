// A node's config as the original `mesh` tool (wireguard-mesh 0.2.x) wrote
// it, for adopting the meshes it deployed: /etc/wireguard/wg-<mesh><index>.conf
// (index = the node's host part), a wg-quick file whose [Peer] sections name
// the peer node in a "# friendly_name = <node>" comment. Only what adoption
// keeps is read: the node's private key, its tunnel address and listen
// port, and each peer's public key, preshared key and tunnel address.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/ip.h"
#include "core/keys.h"

namespace wgmesh {

struct OriginalPeer {
  std::string name;  // friendly_name; "" when the comment is missing
  Key public_key{};
  std::optional<Key> preshared_key;
  std::optional<IpAddr> tunnel_address;  // its AllowedIPs /128
};

struct OriginalConfig {
  Key private_key{};
  std::optional<IpAddr> tunnel_address;  // Address, without the prefix
  std::optional<int64_t> listen_port;
  std::vector<OriginalPeer> peers;
};

// "wg-<mesh><index>": the original's interface (and config file) name.
std::string OriginalInterfaceName(std::string_view mesh, uint64_t index);

// Errors name the line and the key, never a key's value.
absl::StatusOr<OriginalConfig> ParseOriginalConfig(std::string_view text);

}  // namespace wgmesh
