#include "cli/graph.h"

#include <sstream>
#include <tuple>

#include "cli/output.h"

namespace wgmesh::cli {
namespace {

using Json = nlohmann::ordered_json;

// A DOT string literal: user text cannot end it or add attributes.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// The STP state of `from`'s bridge port to `to`, from an info node.
std::string PortState(const Json& from, const std::string& to) {
  if (!from.contains("bridge_ports")) return "";
  for (const auto& [port, p] : from["bridge_ports"].items())
    if (p.value("peer", "") == to) return p.value("stp_state", "");
  return "";
}

// False when `from` reports no recent handshake with `to`; true when it does
// or cannot tell (its host was not read).
bool HandshakeOk(const Json& from, const std::string& to) {
  if (!from.contains("peer_status") || !from["peer_status"].contains(to)) return true;
  return from["peer_status"][to].value("connected", false);
}

}  // namespace

MeshGraph PlannedGraph(const MeshSpec& spec, const MeshPlan& plan,
                       const std::vector<std::string>& hosts) {
  MeshGraph g;
  g.mesh = spec.name;
  g.network = spec.network;
  g.bridge_mtu = plan.mtus.bridge;
  g.wireguard_mtu = plan.mtus.wireguard;
  size_t root = plan.nodes.size();
  for (size_t i = 0; i < plan.nodes.size(); ++i) {
    const NodePlan& np = plan.nodes[i];
    g.stp = g.stp || np.bridge.stp;
    g.nodes.push_back({.name = np.node,
                       .address = AddressOnly(np.bridge.address),
                       .host = i < hosts.size() ? hosts[i] : ""});
    // The bridge ID: priority, then MAC (same fixed format on every node).
    if (root == plan.nodes.size() ||
        std::tie(np.bridge.priority, np.bridge.mac) <
            std::tie(plan.nodes[root].bridge.priority, plan.nodes[root].bridge.mac))
      root = i;
  }
  if (g.stp && root < g.nodes.size()) g.nodes[root].stp_root = true;
  for (const Edge& e : plan.edges) g.edges.push_back({.a = e.a, .b = e.b});
  return g;
}

void AddLiveState(const Json& info, MeshGraph& g) {
  g.live = true;
  const Json& nodes = info.at("nodes");
  auto node = [&](size_t i) -> const Json& { return nodes.at(g.nodes[i].name); };
  for (GraphNode& n : g.nodes) {
    const Json& live = nodes.at(n.name);
    n.error = live.value("error", "");
    if (n.error.empty() && live.value("bridge_mtu", int64_t{0}) > 0)
      g.bridge_mtu = live["bridge_mtu"].get<int64_t>();
  }
  for (GraphEdge& e : g.edges) {
    const std::string& a = g.nodes[e.a].name;
    const std::string& b = g.nodes[e.b].name;
    e.port_state_a = PortState(node(e.a), b);
    e.port_state_b = PortState(node(e.b), a);
    e.handshake_ok = HandshakeOk(node(e.a), b) && HandshakeOk(node(e.b), a);
  }
}

std::string GraphToDot(const MeshGraph& g) {
  std::ostringstream dot;
  dot << "graph " << Quote(g.mesh) << " {\n"
      // circo: a mesh is drawn as a ring, every edge visible
      << "  graph [layout=circo, fontname=\"Helvetica\", labelloc=t, label="
      << Quote("mesh " + g.mesh + " (" + g.network + ")" +
               (g.live ? "" : ": planned topology"))
      << "];\n"
      << "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (const GraphNode& n : g.nodes) {
    std::string label = n.name + "\n" + n.address;
    if (!n.host.empty() && n.host != n.name) label += "\n" + n.host;
    if (n.stp_root) label += "\nSTP root";
    if (!n.error.empty()) label += "\n(not read)";
    dot << "  " << Quote(n.name) << " [label=" << Quote(label);
    if (n.stp_root) dot << ", peripheries=2, penwidth=2";
    if (!n.error.empty()) dot << ", color=gray, fontcolor=gray, tooltip=" << Quote(n.error);
    dot << "];\n";
  }
  for (const GraphEdge& e : g.edges) {
    dot << "  " << Quote(g.nodes[e.a].name) << " -- " << Quote(g.nodes[e.b].name) << " [";
    std::string sep;
    auto attr = [&](const std::string& key, const std::string& value) {
      dot << sep << key << "=" << value;
      sep = ", ";
    };
    attr("style", e.blocked() ? "dashed" : "solid");
    if (!e.handshake_ok) attr("color", "red");
    if (e.port_state_a == "blocking") attr("taillabel", Quote("blocked"));
    if (e.port_state_b == "blocking") attr("headlabel", Quote("blocked"));
    dot << "];\n";
  }
  std::string legend = "bridge MTU " + std::to_string(g.bridge_mtu) + ", WireGuard MTU " +
                       std::to_string(g.wireguard_mtu) + "\\l" +
                       (g.stp ? "STP on (partial mesh); double border: STP root\\l"
                              : "STP off (full mesh: tunnel ports isolated)\\l");
  if (g.live)
    legend += "dashed: a port blocked by STP\\lred: no handshake in the last 180 s\\l"
              "gray: host not read\\l";
  // The legend's label is built from numbers and fixed text only; its \l
  // escapes (left-justified lines) must reach Graphviz as they are.
  dot << "  legend [shape=note, style=\"\", fontsize=10, label=\"" << legend << "\"];\n"
      << "}\n";
  return dot.str();
}

Json GraphToJson(const MeshGraph& g) {
  Json nodes = Json::array();
  for (const GraphNode& n : g.nodes) {
    Json node = {{"name", n.name}, {"address", n.address}, {"host", n.host},
                 {"stp_root", n.stp_root}};
    if (!n.error.empty()) node["error"] = n.error;
    nodes.push_back(node);
  }
  Json edges = Json::array();
  for (const GraphEdge& e : g.edges) {
    const std::string& a = g.nodes[e.a].name;
    const std::string& b = g.nodes[e.b].name;
    Json blocked_ports = Json::array();
    if (e.port_state_a == "blocking") blocked_ports.push_back(a);
    if (e.port_state_b == "blocking") blocked_ports.push_back(b);
    Json edge = {{"a", a}, {"b", b}, {"blocked", e.blocked()}, {"blocked_at", blocked_ports}};
    if (g.live) {
      edge["handshake_ok"] = e.handshake_ok;
      edge["port_states"] = {{a, e.port_state_a}, {b, e.port_state_b}};
    }
    edges.push_back(edge);
  }
  return Json{{"mesh", g.mesh},           {"network", g.network},
              {"live", g.live},           {"stp", g.stp},
              {"bridge_mtu", g.bridge_mtu}, {"wireguard_mtu", g.wireguard_mtu},
              {"nodes", nodes},           {"edges", edges}};
}

}  // namespace wgmesh::cli
