#include "core/plan_diff.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace wgmesh {
namespace {

// Items keyed by name: which were added, removed, changed.
template <typename T, typename Key>
void DiffByName(const std::vector<T>& before, const std::vector<T>& after, Key key,
                std::vector<std::string>* added, std::vector<std::string>* removed,
                std::vector<std::string>* changed) {
  std::map<std::string, const T*> old_items;
  for (const auto& item : before) old_items[key(item)] = &item;
  for (const auto& item : after) {
    auto it = old_items.find(key(item));
    if (it == old_items.end()) {
      added->push_back(key(item));
      continue;
    }
    if (!(*it->second == item)) changed->push_back(key(item));
    old_items.erase(it);
  }
  for (const auto& [name, unused] : old_items) removed->push_back(name);
}

std::vector<std::string> PeerFieldChanges(const PeerPlan& a, const PeerPlan& b) {
  std::vector<std::string> f;
  if (a.public_key != b.public_key) f.push_back("public_key");
  if (a.preshared_key != b.preshared_key) f.push_back("preshared_key");
  if (a.endpoint != b.endpoint) f.push_back("endpoint");
  if (a.allowed_ips != b.allowed_ips) f.push_back("allowed_ips");
  if (a.persistent_keepalive != b.persistent_keepalive) f.push_back("persistent_keepalive");
  return f;
}

}  // namespace

bool NodePlanDiff::empty() const {
  return identity.empty() && interface.empty() && peers_added.empty() && peers_removed.empty() &&
         peers_changed.empty() && tunnels_added.empty() && tunnels_removed.empty() &&
         tunnels_changed.empty() && bridge.empty();
}

std::vector<std::string> NodePlanDiff::Describe() const {
  std::vector<std::string> lines;
  if (!identity.empty())
    lines.push_back("interface restart: " + absl::StrJoin(identity, ", ") + " changed");
  if (!interface.empty()) lines.push_back("interface: " + absl::StrJoin(interface, ", "));
  for (const auto& p : peers_added) lines.push_back("peer " + p + ": added");
  for (const auto& p : peers_removed) lines.push_back("peer " + p + ": removed");
  for (const auto& p : peers_changed) {
    auto it = peer_fields.find(p);
    std::string fields = it == peer_fields.end() ? "" : absl::StrJoin(it->second, ", ") + " ";
    lines.push_back("peer " + p + ": " + fields + "changed");
  }
  for (const auto& t : tunnels_added) lines.push_back("tunnel " + t + ": added");
  for (const auto& t : tunnels_removed) lines.push_back("tunnel " + t + ": removed");
  for (const auto& t : tunnels_changed) lines.push_back("tunnel " + t + ": changed");
  if (!bridge.empty()) lines.push_back("bridge: " + absl::StrJoin(bridge, ", ") + " changed");
  return lines;
}

NodePlanDiff DiffNodePlans(const NodePlan& a, const NodePlan& b) {
  NodePlanDiff d;
  if (a.interface != b.interface) d.identity.push_back("interface");
  if (a.private_key != b.private_key) d.identity.push_back("private_key");
  if (a.listen_port != b.listen_port) d.identity.push_back("listen_port");
  if (a.tunnel_address != b.tunnel_address) d.identity.push_back("tunnel_address");
  if (a.wireguard_mtu != b.wireguard_mtu) d.interface.push_back("wireguard_mtu");
  DiffByName(a.peers, b.peers, [](const PeerPlan& p) { return p.name; }, &d.peers_added,
             &d.peers_removed, &d.peers_changed);
  for (const auto& name : d.peers_changed) {
    const PeerPlan *old_peer = nullptr, *new_peer = nullptr;
    for (const auto& p : a.peers)
      if (p.name == name) old_peer = &p;
    for (const auto& p : b.peers)
      if (p.name == name) new_peer = &p;
    d.peer_fields[name] = PeerFieldChanges(*old_peer, *new_peer);
  }
  DiffByName(a.tunnels, b.tunnels, [](const TunnelPlan& t) { return t.name; }, &d.tunnels_added,
             &d.tunnels_removed, &d.tunnels_changed);
  const BridgePlan &x = a.bridge, &y = b.bridge;
  auto field = [&](bool differs, const char* name) {
    if (differs) d.bridge.push_back(name);
  };
  field(x.name != y.name, "name");
  field(x.address != y.address, "address");
  field(x.mac != y.mac, "mac");
  field(x.mtu != y.mtu, "mtu");
  field(x.stp != y.stp, "stp");
  field(x.isolated_ports != y.isolated_ports, "isolated_ports");
  field(x.priority != y.priority, "priority");
  field(x.forward_delay != y.forward_delay, "forward_delay");
  field(x.hello_time != y.hello_time, "hello_time");
  field(x.max_age != y.max_age, "max_age");
  field(x.extra_ports != y.extra_ports, "extra_ports");
  return d;
}

MeshPlanDiff DiffMeshPlans(const MeshPlan& before, const MeshPlan& after) {
  MeshPlanDiff d;
  for (const auto& n : after.nodes) {
    const NodePlan* old = before.Find(n.node);
    if (!old) {
      d.nodes_added.push_back(n.node);
      continue;
    }
    NodePlanDiff nd = DiffNodePlans(*old, n);
    if (!nd.empty()) d.nodes_changed.emplace(n.node, std::move(nd));
  }
  for (const auto& n : before.nodes)
    if (!after.Find(n.node)) d.nodes_removed.push_back(n.node);
  return d;
}

}  // namespace wgmesh
