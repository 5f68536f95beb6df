#include "core/names.h"

#include <charconv>

namespace wgmesh {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string WireguardInterfaceName(std::string_view mesh) { return "wg-" + std::string(mesh); }
std::string BridgeName(std::string_view mesh) { return "br-" + std::string(mesh); }
std::string TunnelPrefix(std::string_view mesh) { return "gt-" + std::string(mesh) + "-"; }
std::string TunnelName(std::string_view mesh, uint64_t peer_index) {
  return TunnelPrefix(mesh) + std::to_string(peer_index);
}
std::string ConfigPath(std::string_view mesh) {
  return "/etc/wireguard/" + WireguardInterfaceName(mesh) + ".conf";
}

std::string PlanConfigPath(std::string_view mesh) {
  return "/etc/wireguard/" + WireguardInterfaceName(mesh) + ".json";
}

std::string OwnerMarkerPath(std::string_view mesh) {
  return "/etc/wireguard/" + WireguardInterfaceName(mesh) + ".owner";
}

std::string HostLockPath(std::string_view mesh) {
  return std::string(kRunDir) + "/" + std::string(mesh) + ".lock";
}

bool IsValidMeshName(std::string_view name) {
  if (name.empty() || name.size() > kMaxMeshName || !IsAlpha(name[0])) return false;
  for (char c : name)
    if (!IsAlpha(c) && !IsDigit(c)) return false;
  return true;
}

bool IsValidNodeName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!IsAlpha(name[0]) && !IsDigit(name[0])) return false;
  for (char c : name)
    if (!IsAlpha(c) && !IsDigit(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

bool IsValidInterfaceName(std::string_view name) {
  if (name.empty() || name.size() > kMaxInterfaceName || name == "." || name == "..")
    return false;
  for (char c : name)
    if (!IsAlpha(c) && !IsDigit(c) && c != '_' && c != '=' && c != '+' && c != '.' && c != '-')
      return false;
  return true;
}

bool IsReservedLinkName(std::string_view name) {
  for (std::string_view prefix : {"wg-", "br-", "gt-"})
    if (name.substr(0, prefix.size()) == prefix) return true;
  return false;
}

std::string BridgePortRule(std::string_view name) {
  if (!IsValidInterfaceName(name)) return "must be an interface name: 1-15 of [a-zA-Z0-9_=+.-]";
  if (name.front() == '-') return "must not start with '-' (it would be read as an option)";
  if (IsReservedLinkName(name))
    return "is in the wg-/br-/gt- namespace wgmesh manages for its meshes: bridging it would join "
           "this mesh to another mesh's links";
  return "";
}

std::optional<uint64_t> TunnelIndex(std::string_view mesh, std::string_view name) {
  const std::string prefix = TunnelPrefix(mesh);
  if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view digits = name.substr(prefix.size());
  if (digits.empty() || digits.front() == '0') return std::nullopt;
  uint64_t index = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return index;
}

}  // namespace wgmesh
