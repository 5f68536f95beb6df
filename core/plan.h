// The node plan: everything one host must have for its part of the mesh, as
// a value. Planning is pure: spec + key source in, plans out; no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/keys.h"
#include "core/mtu.h"
#include "core/spec.h"
#include "core/topology.h"

namespace wgmesh {

struct PeerPlan {
  std::string name;           // the peer node
  std::string public_key;     // base64
  std::string preshared_key;  // base64, secret
  std::string endpoint;       // "host:port" / "[v6]:port"; "" when the peer has none
  std::vector<std::string> allowed_ips;  // the peer's tunnel address /128 or /32
  int64_t persistent_keepalive = 0;      // 0 = off
  friend bool operator==(const PeerPlan&, const PeerPlan&) = default;
};

struct TunnelPlan {
  std::string name;  // gt-<mesh>-<peer index>
  std::string peer;  // the peer node
  std::string type;  // ip6gretap | gretap
  std::string local;   // own tunnel address (no prefix)
  std::string remote;  // the peer's tunnel address
  int64_t mtu = 0;
  friend bool operator==(const TunnelPlan&, const TunnelPlan&) = default;
};

struct BridgePlan {
  std::string name;     // br-<mesh>
  std::string address;  // the node's mesh address, CIDR
  std::string mac;      // stable, derived
  int64_t mtu = 0;
  bool stp = false;             // partial mesh: STP finds a loop-free tree
  bool isolated_ports = false;  // full mesh: tunnels never forward to each other
  int64_t priority = 32768;
  int64_t forward_delay = 0;  // seconds
  int64_t hello_time = 0;     // seconds
  int64_t max_age = 0;        // seconds
  std::vector<std::string> extra_ports;  // local interfaces bridged unencrypted
  friend bool operator==(const BridgePlan&, const BridgePlan&) = default;
};

struct NodePlan {
  std::string mesh;
  std::string node;
  std::string network;  // CIDR of the mesh
  // The WireGuard interface: the node's identity.
  std::string interface;
  std::string private_key;  // base64, secret
  std::string public_key;
  int64_t listen_port = 0;
  std::string tunnel_address;  // CIDR: /128 or /32
  int64_t wireguard_mtu = 0;
  std::string config_path;
  std::vector<PeerPlan> peers;      // sorted by name
  std::vector<TunnelPlan> tunnels;  // sorted by peer name, parallel to peers
  BridgePlan bridge;
  friend bool operator==(const NodePlan&, const NodePlan&) = default;
};

struct MeshPlan {
  Mtus mtus;
  std::vector<Edge> edges;
  std::vector<NodePlan> nodes;  // in MeshSpec::nodes order (by name)
  const NodePlan* Find(const std::string& node) const;
};

// Plans every node of a VALID spec (run ValidateMesh first; an invalid spec
// gives an error status, never a wrong plan).
absl::StatusOr<MeshPlan> PlanMesh(const MeshSpec& spec, KeySource& keys);

// A copy with every secret (private key, preshared keys) replaced by
// kRedacted, for plan output and logs.
inline constexpr char kRedacted[] = "(sensitive)";
NodePlan Redacted(NodePlan plan);

// The STP bridge priority a node gets without `prio`: lower host index,
// lower priority, so the node with the lowest address is the root; it depends
// on nothing but the node's own address.
int64_t DefaultBridgePriority(uint64_t host_index);

}  // namespace wgmesh
