#include "core/validate.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/endpoint.h"
#include "core/ip.h"
#include "core/mtu.h"
#include "core/names.h"
#include "core/ssh_spec.h"
#include "core/topology.h"
#include "core/tunnel_address.h"

namespace wgmesh {
namespace {

AttrPath NodePath(const NodeSpec& n, const char* field) {
  return AttrPath("nodes").Child(n.name).Child(field);
}

void CheckRange(Problems& p, const AttrPath& path, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi)
    p.Error(path, std::to_string(v), absl::StrCat("must be from ", lo, " to ", hi));
}

void CheckOneOf(Problems& p, const AttrPath& path, const std::string& v,
                std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (v == a) return;
    list += std::string(list.empty() ? "" : ", ") + a;
  }
  p.Error(path, v, "must be one of: " + list);
}

// Mesh-wide options; returns the parsed network when it is usable.
std::optional<Cidr> CheckMeshFields(const MeshSpec& s, Problems& p) {
  if (s.name.empty())
    p.Error("name", "", "is required: the mesh name");
  else if (!IsValidMeshName(s.name))
    p.Error("name", s.name,
            absl::StrCat("must be a letter followed by letters and digits, at most ",
                         kMaxMeshName, " characters, so that every interface name it is part of ",
                         "(gt-<name>-<index>) fits Linux's 15-character limit"));
  CheckOneOf(p, "underlay_family", s.underlay_family, {"ipv6", "ipv4"});
  CheckOneOf(p, "tunnel_type", s.tunnel_type, {"ip6gretap", "gretap"});
  CheckOneOf(p, "stp", s.stp, {"auto", "on", "off"});
  if (s.stp == "off" && !s.full)
    p.Error("stp", s.stp,
            "a partial mesh (full = false) needs STP: without it, frames loop between nodes");
  CheckRange(p, "stp_forward_delay", s.stp_forward_delay, 4, 30);
  CheckRange(p, "key_epoch", s.key_epoch, 0, INT32_MAX);
  CheckRange(p, "underlay_mtu", s.underlay_mtu, 576, 65535);

  if (s.network.empty()) {
    p.Error("network", "", "is required: the mesh subnet in CIDR form, e.g. 10.0.0.0/24");
    return std::nullopt;
  }
  auto net = Cidr::Parse(s.network);
  if (!net) {
    p.Error("network", s.network, "must be an IPv4 or IPv6 prefix in CIDR form, e.g. 10.0.0.0/24");
    return std::nullopt;
  }
  const int max_prefix = net->addr.bits() - 2;
  if (net->prefix == 0 || net->prefix > max_prefix) {
    p.Error("network", s.network,
            absl::StrCat("prefix length must be from 1 to ", max_prefix, " (room for nodes)"));
    return std::nullopt;
  }
  if (net->addr != net->Network()) {
    p.Error("network", s.network,
            absl::StrCat("host bits must be zero: did you mean ",
                         Cidr{net->Network(), net->prefix}.ToString(), "?"));
    return std::nullopt;
  }
  if (s.underlay_mtu >= 576 && s.underlay_mtu <= 65535) {
    Mtus m = ComputeMtus(s.underlay_mtu, s.underlay_family, s.tunnel_type);
    int64_t floor = net->addr.family == Family::kIpv6 ? 1280 : 576;
    if (m.bridge < floor)
      p.Error("underlay_mtu", std::to_string(s.underlay_mtu),
              absl::StrCat("leaves a bridge MTU of ", m.bridge, "; an ",
                           net->addr.family == Family::kIpv6 ? "IPv6" : "IPv4",
                           " network needs at least ", floor, " (underlay_mtu >= ",
                           s.underlay_mtu - m.bridge + floor, ")"));
  }
  return net;
}

void CheckAddr(const MeshSpec& s, const NodeSpec& n, const Cidr& net, Problems& p,
               std::map<IpAddr, std::string>& seen) {
  const AttrPath path = NodePath(n, "addr");
  if (n.addr.empty()) return;  // CheckNodeFields reports it
  auto addr = Cidr::Parse(n.addr);
  if (!addr) {
    p.Error(path, n.addr, "must be an address with prefix length, e.g. 10.0.0.1/24");
    return;
  }
  if (addr->addr.family != net.addr.family) {
    p.Error(path, n.addr, "must be of the same IP version as network " + s.network);
    return;
  }
  if (addr->prefix != net.prefix) {
    p.Error(path, n.addr,
            absl::StrCat("prefix length must equal the network's (/", net.prefix, ")"));
    return;
  }
  if (!net.Contains(addr->addr)) {
    p.Error(path, n.addr, "must lie inside network " + s.network);
    return;
  }
  if (addr->HostPart() == 0) {
    p.Error(path, n.addr, "must not be the network address itself");
    return;
  }
  if (addr->addr.family == Family::kIpv4 && addr->IsAllOnesHost()) {
    p.Error(path, n.addr, "must not be the broadcast address");
    return;
  }
  if (auto [it, inserted] = seen.emplace(addr->addr, n.name); !inserted) {
    p.Error(path, n.addr, "is already the address of node " + it->second);
    return;
  }
  const std::string tunnel = TunnelName(s.name, addr->HostPart());
  if (IsValidMeshName(s.name) && tunnel.size() > kMaxInterfaceName)
    p.Error(path, n.addr,
            absl::StrCat("its host part ", addr->HostPart(), " makes the tunnel name \"", tunnel,
                         "\" ", tunnel.size(), " characters long; Linux allows ",
                         kMaxInterfaceName, ": use a smaller host part or a shorter mesh name"));
  if (s.tunnel_type == "gretap" && !Ipv4TunnelAddress(addr->HostPart()))
    p.Error(path, n.addr,
            absl::StrCat("its host part ", addr->HostPart(),
                         " has no gretap tunnel address (1 to ", kMaxIpv4TunnelIndex,
                         ", not 43262); use tunnel_type ip6gretap or another address"));
}

// Endpoints: form, family, and no two nodes on one host:port.
void CheckEndpoints(const MeshSpec& s, Problems& p) {
  std::map<std::string, std::string> taken;  // "host:port" -> node
  for (const auto& n : s.nodes) {
    if (!n.endpoint) continue;
    const AttrPath path = NodePath(n, "endpoint");
    auto ep = ParseEndpoint(*n.endpoint);
    if (!ep.ok()) {
      p.Error(path, *n.endpoint, std::string(ep.status().message()));
      continue;
    }
    if (ep->ipv6_literal && s.underlay_family == "ipv4")
      p.Error(path, *n.endpoint,
              "is an IPv6 address but underlay_family is ipv4; set underlay_family = ipv6");
    const std::string key = ep->Format(static_cast<int>(n.effective_listen_port()));
    if (auto [it, inserted] = taken.emplace(key, n.name); !inserted)
      p.Error(path, *n.endpoint,
              absl::StrCat("node ", it->second, " already uses ", key,
                           ": nodes on one host need different ports (listen_port)"));
  }
}

void CheckNodeFields(const NodeSpec& n, Problems& p) {
  if (!IsValidNodeName(n.name))
    p.Error(AttrPath("nodes").Child(n.name), n.name,
            "node names must start with a letter or digit and hold only letters, digits, '_', "
            "'.', '-' (at most 63 characters)");
  if (n.addr.empty())
    p.Error(NodePath(n, "addr"), "", "is required: the node's mesh address, e.g. 10.0.0.1/24");
  if (n.listen_port) CheckRange(p, NodePath(n, "listen_port"), *n.listen_port, 1, 65535);
  if (n.prio) CheckRange(p, NodePath(n, "prio"), *n.prio, 0, 65535);
  if (n.persistent_keepalive)
    CheckRange(p, NodePath(n, "persistent_keepalive"), *n.persistent_keepalive, 0, 65535);
  CheckRange(p, NodePath(n, "key_epoch"), n.key_epoch, 0, INT32_MAX);
  std::set<std::string> ports;
  for (size_t i = 0; i < n.bridge_ports.size(); ++i) {
    const std::string& port = n.bridge_ports[i];
    const AttrPath path = NodePath(n, "bridge_ports").Child(i);
    if (std::string rule = BridgePortRule(port); !rule.empty())
      p.Error(path, port, rule);
    else if (!ports.insert(port).second)
      p.Error(path, port, "is listed twice");
  }
  CheckSshTarget(n, p);  // every field of both forms (core/ssh_spec.h)
}

void CheckPeers(const MeshSpec& s, const NodeSpec& n, Problems& p) {
  const AttrPath path = NodePath(n, "peers");
  if (s.full && !n.peers.empty()) {
    p.Warning(path, "", "is ignored because the mesh is full (full = true)");
    return;
  }
  std::set<std::string> listed;
  for (size_t i = 0; i < n.peers.size(); ++i) {
    const std::string& peer = n.peers[i];
    const AttrPath item = path.Child(i);
    if (peer == n.name)
      p.Error(item, peer, "a node cannot peer with itself");
    else if (!s.FindNode(peer))
      p.Error(item, peer, "names no node of this mesh");
    else if (!listed.insert(peer).second)
      p.Error(item, peer, "is listed twice");
    // Listing a peer on one side only is normal (either side is enough): no warning.
  }
}

// Every node must have a peer, the mesh must be one L2 segment, and every
// edge needs an endpoint on at least one side.
void CheckTopology(const MeshSpec& s, Problems& p) {
  if (s.nodes.size() < 2) {
    p.Error("nodes", std::to_string(s.nodes.size()) + " node(s)",
            "a mesh needs at least 2 nodes");
    return;
  }
  auto edges = MeshEdges(s);
  auto adj = Adjacency(s.nodes.size(), edges);
  bool isolated = false;
  for (size_t i = 0; i < s.nodes.size(); ++i)
    if (adj[i].empty()) {
      isolated = true;
      p.Error(NodePath(s.nodes[i], "peers"), "",
              "node " + s.nodes[i].name + " has no peers: list one in its peers, or list it in "
              "another node's peers");
    }
  auto components = Components(adj);
  if (!isolated && components.size() > 1) {
    const NodeSpec& a = s.nodes[components[0][0]];
    const NodeSpec& b = s.nodes[components[1][0]];
    p.Error(NodePath(b, "peers"), "",
            "the mesh falls apart into " + std::to_string(components.size()) +
                " disconnected groups (" + a.name + " cannot reach " + b.name +
                "): connect them with a peers entry");
  }
  for (const auto& e : edges) {
    const NodeSpec& a = s.nodes[e.a];
    const NodeSpec& b = s.nodes[e.b];
    if (!a.endpoint && !b.endpoint)
      p.Error(NodePath(b, "endpoint"), "",
              "nodes " + a.name + " and " + b.name +
                  " peer but neither has an endpoint: at least one side needs one");
  }
}

}  // namespace

Problems ValidateMesh(const MeshSpec& s) {
  Problems p;
  std::optional<Cidr> net = CheckMeshFields(s, p);
  std::map<IpAddr, std::string> seen_addrs;
  for (const auto& n : s.nodes) {
    CheckNodeFields(n, p);
    if (net) CheckAddr(s, n, *net, p, seen_addrs);
    CheckPeers(s, n, p);
  }
  CheckEndpoints(s, p);
  CheckTopology(s, p);
  return p;
}

}  // namespace wgmesh
