// Names wgmesh derives for a node's links, and the charsets it accepts for
// user-chosen names. Every link of mesh M carries M in a fixed position, so
// teardown of M finds exactly M's links (mesh names have no '-':
// "gt-lab-12" belongs to mesh "lab", "gt-lab1-2" to mesh "lab1").
//   wg-<mesh>            the WireGuard interface
//   br-<mesh>            the bridge holding the node's mesh address
//   gt-<mesh>-<index>    the tunnel to the peer whose address has host part <index>
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wgmesh {

inline constexpr size_t kMaxInterfaceName = 15;  // IFNAMSIZ - 1
inline constexpr size_t kMaxMeshName = 10;       // "gt-" + name + "-" + 1 digit <= 15

std::string WireguardInterfaceName(std::string_view mesh);
std::string BridgeName(std::string_view mesh);
std::string TunnelName(std::string_view mesh, uint64_t peer_index);
std::string TunnelPrefix(std::string_view mesh);  // "gt-<mesh>-"
std::string ConfigPath(std::string_view mesh);    // /etc/wireguard/wg-<mesh>.conf
// The node's NodePlan JSON next to it (0600): what import and the CLI read back.
std::string PlanConfigPath(std::string_view mesh);  // /etc/wireguard/wg-<mesh>.json
// Which wgmesh instance configured this host's part of the mesh (core/ownership.h).
std::string OwnerMarkerPath(std::string_view mesh);  // /etc/wireguard/wg-<mesh>.owner
// Serializes wgmesh runs on one host for one mesh (flock); earlier versions kept temp dirs there.
inline constexpr char kRunDir[] = "/run/wgmesh";
std::string HostLockPath(std::string_view mesh);  // /run/wgmesh/<mesh>.lock

// A letter, then letters and digits, at most kMaxMeshName characters.
bool IsValidMeshName(std::string_view name);
// A letter or digit, then letters, digits, '_', '.', '-'; at most 63 characters.
bool IsValidNodeName(std::string_view name);
// What Linux and wg-quick accept: [a-zA-Z0-9_=+.-]{1,15}, not "." or "..".
bool IsValidInterfaceName(std::string_view name);

// True for names in the namespaces wgmesh manages for ANY mesh (wg-*, br-*,
// gt-*): a config of one mesh must never touch another mesh's links.
bool IsReservedLinkName(std::string_view name);
// Why `name` cannot be bridged into a mesh as an extra port (a local interface
// the user owns), or "" when it can: not an interface name, option-like
// ("-x" would reach `ip` as an option), or a reserved name.
std::string BridgePortRule(std::string_view name);
// The peer index of a tunnel name of `mesh` written as TunnelName writes it
// ("gt-lab-12" -> 12; no sign, no leading zero, not 0); nullopt otherwise.
std::optional<uint64_t> TunnelIndex(std::string_view mesh, std::string_view name);

}  // namespace wgmesh
