#include "core/ownership.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/keys.h"
#include "core/names.h"

namespace wgmesh {
namespace {

constexpr char kMarkerWord[] = "wgmesh-owner ";
constexpr char kWireguardDir[] = "/etc/wireguard/";

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool InDir(const LiveState& live, const std::string& file) {
  return std::find(live.wireguard_dir.begin(), live.wireguard_dir.end(), file) !=
         live.wireguard_dir.end();
}

// The original tool names node n's objects of mesh M wg-M<n> (interface and
// wg-M<n>.conf) and gt-M<n> (its tunnel to node n). wgmesh's names always put
// '-' after the mesh name, and a wgmesh mesh "M<n>" has its wg-M<n>.json.
std::vector<std::string> OriginalToolObjects(std::string_view mesh, const LiveState& live) {
  const std::string wg = "wg-" + std::string(mesh), gt = "gt-" + std::string(mesh);
  auto original_index = [&](std::string_view name, const std::string& prefix) {
    return StartsWith(name, prefix) && AllDigits(name.substr(prefix.size()));
  };
  std::vector<std::string> found;
  for (const auto& file : live.wireguard_dir) {
    if (!EndsWith(file, ".conf")) continue;
    std::string_view iface(file.data(), file.size() - 5);
    if (original_index(iface, wg) && !InDir(live, std::string(iface) + ".json"))
      found.push_back(kWireguardDir + file);
  }
  for (const auto& [name, link] : live.links) {
    if (original_index(name, wg) && link.kind == "wireguard" && !InDir(live, name + ".json"))
      found.push_back(name);
    if (original_index(name, gt) && EndsWith(link.kind, "gretap")) found.push_back(name);
  }
  return found;
}

std::vector<std::string> MeshObjects(std::string_view mesh, const LiveState& live) {
  std::vector<std::string> found;
  for (const auto& [name, link] : live.links)
    if (name == WireguardInterfaceName(mesh) || name == BridgeName(mesh) ||
        StartsWith(name, TunnelPrefix(mesh)))
      found.push_back(name);
  if (live.config.present) found.push_back(ConfigPath(mesh));
  return found;
}

std::string Describe(HostClaim::Kind kind) {
  return kind == HostClaim::Kind::kOriginalTool
             ? "was deployed by the original `mesh` tool (wireguard-mesh 0.2.x)"
             : "has objects with wgmesh's names that wgmesh did not create (no node config "
               "or owner marker next to them)";
}

}  // namespace

std::string NewOwnerId(std::string_view front_end) {
  const Key k = RandomKey();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = std::string(front_end) + ":";
  for (size_t i = 0; i < 8; ++i) {
    id += kHex[k[i] >> 4];
    id += kHex[k[i] & 15];
  }
  return id;
}

bool IsValidOwnerId(std::string_view id) {
  if (id == kCliOwner) return true;
  const size_t colon = id.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 16) return false;
  std::string_view word = id.substr(0, colon), hex = id.substr(colon + 1);
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
         hex.size() >= 16 && hex.size() <= 64 &&
         std::all_of(hex.begin(), hex.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string OwnerMarkerText(std::string_view owner) {
  return kMarkerWord + std::string(owner) + "\n";
}

HostClaim ClaimOf(std::string_view mesh, const LiveState& live) {
  HostClaim claim;
  if (auto original = OriginalToolObjects(mesh, live); !original.empty()) {
    claim.kind = HostClaim::Kind::kOriginalTool;
    claim.objects = std::move(original);
    if (live.Link(BridgeName(mesh))) claim.objects.push_back(BridgeName(mesh));
    return claim;
  }
  const bool marked = live.plan_config.present || live.owner_marker.has_value() ||
                      (live.config.present && live.config_header_wgmesh);
  if (marked) {
    claim.kind = HostClaim::Kind::kWgmesh;
    if (live.owner_marker && StartsWith(*live.owner_marker, kMarkerWord))
      claim.owner = live.owner_marker->substr(sizeof(kMarkerWord) - 1);
    return claim;
  }
  claim.objects = MeshObjects(mesh, live);
  if (!claim.objects.empty()) claim.kind = HostClaim::Kind::kForeign;
  return claim;
}

absl::Status CheckOurs(const HostClaim& claim, std::string_view mesh, std::string_view host) {
  if (claim.kind != HostClaim::Kind::kForeign && claim.kind != HostClaim::Kind::kOriginalTool)
    return absl::OkStatus();
  std::string hint =
      claim.kind == HostClaim::Kind::kOriginalTool
          ? "take it down with the original tool (`mesh down -r`) first, or pick another mesh name"
          : "remove or rename them if they are not in use, or pick another mesh name";
  return absl::FailedPreconditionError(absl::StrCat(
      std::string(host), ": mesh ", std::string(mesh), " on this host ", Describe(claim.kind), ": found ",
      absl::StrJoin(claim.objects, ", "), "; wgmesh changes and removes only what it created, so ",
      "it leaves the host untouched: ", hint));
}

bool MayRemove(const HostClaim& claim, std::string_view owner) {
  return owner == kAnyOwner || claim.owner.empty() || claim.owner == owner;
}

}  // namespace wgmesh
