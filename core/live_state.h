// The live state of one mesh on one host, as read by the read script
// (host_scripts.h): machine-readable `ip -j`, `wg show dump` and file facts,
// parsed into values. Reconciliation compares it with the NodePlan.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wgmesh {

struct LiveLink {
  std::string name;
  std::string kind;        // wireguard, bridge, ip6gretap, gretap, veth, ... ("" = plain)
  int64_t ifindex = 0;
  int64_t mtu = 0;
  bool admin_up = false;   // the UP flag
  std::string master;      // bridge it is a port of
  std::string mac;
  // Tunnels.
  std::string local, remote;
  // Bridges.
  int64_t stp_state = 0, priority = 0, forward_delay = 0, hello_time = 0, max_age = 0;  // cs
  // Bridge ports.
  std::string port_state;  // forwarding, blocking, listening, learning, disabled
  bool isolated = false;
};

struct LivePeer {
  std::string public_key;
  std::string preshared_key;  // secret; "(none)" when unset
  std::string endpoint;       // "(none)" when unknown
  std::vector<std::string> allowed_ips;
  int64_t latest_handshake = 0;
  int64_t rx_bytes = 0, tx_bytes = 0;
  int64_t persistent_keepalive = 0;  // 0 = off
};

struct LiveWireguard {
  std::string public_key;
  int64_t listen_port = 0;
  std::vector<LivePeer> peers;
};

struct LiveFile {
  bool present = false;
  std::string mode;    // octal, "600"
  std::string sha256;  // hex of the contents
};

struct LiveState {
  std::map<std::string, bool> tools;  // wg, wg-quick, ip, bridge, sha256sum
  bool systemd = false;
  std::map<std::string, LiveLink> links;  // every link on the host, by name
  std::map<std::string, std::vector<std::string>> addresses;  // link -> CIDRs (global scope)
  std::vector<std::string> wireguard_routes;  // destinations routed to the WireGuard link
  std::optional<LiveWireguard> wireguard;     // when the interface exists
  LiveFile config;       // the wg-quick file
  LiveFile plan_config;  // the NodePlan JSON next to it
  std::string unit;      // `systemctl is-enabled` answer, "" without systemd
  // Ownership (core/ownership.h): the owner marker's first line, whether the
  // wg-quick file starts with wgmesh's header, and the file names in
  // /etc/wireguard (other meshes' and other tools' configs).
  std::optional<std::string> owner_marker;  // nullopt: no marker file
  bool config_header_wgmesh = false;
  std::vector<std::string> wireguard_dir;
  // A digest of this mesh's link names and files on the host, computed by the
  // host: an apply or teardown based on this read proceeds only while it is
  // unchanged (another run changed the host in between otherwise).
  std::string fingerprint;

  const LiveLink* Link(std::string_view name) const;
};

// Parses the read script's output. An error names the section that failed.
absl::StatusOr<LiveState> ParseLiveState(std::string_view output);

// Section markers of the read script's output.
inline constexpr char kSectionMarker[] = "@@wgmesh ";

}  // namespace wgmesh
