#include "core/plan.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/endpoint.h"
#include "core/ip.h"
#include "core/names.h"
#include "core/tunnel_address.h"
#include "core/validate.h"

namespace wgmesh {
namespace {

constexpr int64_t kHelloTime = 2;  // seconds

// Per-node facts every plan of its peers needs, computed once.
struct NodeFacts {
  uint64_t host_index = 0;
  std::string public_key;
  IpAddr tunnel;
  std::string endpoint;  // formatted with the node's own listen port
};

BridgePlan PlanBridge(const MeshSpec& spec, const NodeSpec& node, const NodeFacts& facts,
                      const Mtus& mtus, KeySource& keys) {
  BridgePlan b;
  b.name = BridgeName(spec.name);
  b.address = Cidr::Parse(node.addr)->ToString();
  b.mac = MacToString(keys.BridgeMac(spec, node));
  b.mtu = mtus.bridge;
  b.stp = spec.stp == "on" || (spec.stp == "auto" && !spec.full);
  b.isolated_ports = !b.stp;
  b.priority = node.prio.value_or(DefaultBridgePriority(facts.host_index));
  b.forward_delay = spec.stp_forward_delay;
  b.hello_time = kHelloTime;
  // 802.1D: 2 x (forward_delay - 1) >= max_age >= 2 x (hello_time + 1).
  b.max_age = std::clamp<int64_t>(2 * (spec.stp_forward_delay - 1), 6, 40);
  b.extra_ports = node.bridge_ports;
  return b;
}

}  // namespace

int64_t DefaultBridgePriority(uint64_t host_index) {
  return static_cast<int64_t>(std::min<uint64_t>(16384 + host_index, 65535));
}

NodePlan Redacted(NodePlan plan) {
  plan.private_key = kRedacted;
  for (auto& p : plan.peers) p.preshared_key = kRedacted;
  return plan;
}

const NodePlan* MeshPlan::Find(const std::string& node) const {
  for (const auto& n : nodes)
    if (n.node == node) return &n;
  return nullptr;
}

absl::StatusOr<MeshPlan> PlanMesh(const MeshSpec& spec, KeySource& keys) {
  if (Problems p = ValidateMesh(spec); p.has_errors())
    return absl::InvalidArgumentError("invalid mesh:\n" + p.ToString());
  MeshPlan plan;
  plan.mtus = ComputeMtus(spec.underlay_mtu, spec.underlay_family, spec.tunnel_type);
  plan.edges = MeshEdges(spec);
  const size_t n = spec.nodes.size();
  const bool gre4 = spec.tunnel_type == "gretap";

  std::vector<NodeFacts> facts(n);
  std::vector<Key> private_keys(n);
  for (size_t i = 0; i < n; ++i) {
    const NodeSpec& node = spec.nodes[i];
    facts[i].host_index = Cidr::Parse(node.addr)->HostPart();
    private_keys[i] = keys.NodePrivateKey(spec, node);
    facts[i].public_key = KeyToBase64(PublicKeyOf(private_keys[i]));
    facts[i].tunnel = gre4 ? *Ipv4TunnelAddress(facts[i].host_index)
                           : keys.Ipv6TunnelAddress(spec, node);
    if (node.endpoint)
      facts[i].endpoint = ParseEndpoint(*node.endpoint)->Format(
          static_cast<int>(node.effective_listen_port()));
  }
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j)
      if (facts[i].tunnel == facts[j].tunnel)
        return absl::InternalError(absl::StrCat("derived tunnel addresses of ", spec.nodes[i].name,
                                                " and ", spec.nodes[j].name, " collide"));

  const std::string tunnel_suffix = gre4 ? "/32" : "/128";
  plan.nodes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const NodeSpec& node = spec.nodes[i];
    NodePlan& np = plan.nodes[i];
    np.mesh = spec.name;
    np.node = node.name;
    np.network = spec.network;
    np.interface = WireguardInterfaceName(spec.name);
    np.private_key = KeyToBase64(private_keys[i]);
    np.public_key = facts[i].public_key;
    np.listen_port = node.effective_listen_port();
    np.tunnel_address = facts[i].tunnel.ToString() + tunnel_suffix;
    np.wireguard_mtu = plan.mtus.wireguard;
    np.config_path = ConfigPath(spec.name);
    np.bridge = PlanBridge(spec, node, facts[i], plan.mtus, keys);
  }
  auto adjacency = Adjacency(n, plan.edges);
  for (size_t i = 0; i < n; ++i) {
    NodePlan& np = plan.nodes[i];
    np.peers.reserve(adjacency[i].size());
    np.tunnels.reserve(adjacency[i].size());
    for (size_t j : adjacency[i]) {  // ascending index = ascending name
      const NodeSpec& a = spec.nodes[std::min(i, j)];
      const NodeSpec& b = spec.nodes[std::max(i, j)];
      PeerPlan peer;
      peer.name = spec.nodes[j].name;
      peer.public_key = facts[j].public_key;
      peer.preshared_key = KeyToBase64(keys.PresharedKey(spec, a, b));
      peer.endpoint = facts[j].endpoint;
      peer.allowed_ips = {facts[j].tunnel.ToString() + tunnel_suffix};
      peer.persistent_keepalive = spec.nodes[i].persistent_keepalive.value_or(0);
      np.peers.push_back(std::move(peer));

      TunnelPlan t;
      t.name = TunnelName(spec.name, facts[j].host_index);
      t.peer = spec.nodes[j].name;
      t.type = spec.tunnel_type;
      t.local = facts[i].tunnel.ToString();
      t.remote = facts[j].tunnel.ToString();
      t.mtu = plan.mtus.tunnel;
      np.tunnels.push_back(std::move(t));
    }
  }
  return plan;
}

}  // namespace wgmesh
