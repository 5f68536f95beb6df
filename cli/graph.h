// The mesh as a graph, for `wgmesh graph`: one node per mesh node (name,
// address, host), one edge per peering. From the plan alone (--from-spec, no
// host contacted) it is the planned topology; with the live state of `info`
// (the same document `wgmesh -J info` prints) each edge also carries the STP
// state of the bridge port at each end and whether both peers have a recent
// handshake.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/plan.h"
#include "core/spec.h"

namespace wgmesh::cli {

struct GraphNode {
  std::string name;
  std::string address;  // the mesh address without prefix
  std::string host;     // the node's `ssh` as written ("" = the node's name)
  bool stp_root = false;  // the lowest bridge ID (priority, then MAC) of an STP mesh
  std::string error;      // live: why the host could not be read
};

struct GraphEdge {
  size_t a = 0, b = 0;             // indexes into MeshGraph::nodes, a < b
  std::string port_state_a;        // live: STP state of a's port to b ("" = unknown)
  std::string port_state_b;
  bool handshake_ok = true;        // live: both sides had a handshake in the last 180 s
  bool blocked() const { return port_state_a == "blocking" || port_state_b == "blocking"; }
};

struct MeshGraph {
  std::string mesh, network;
  bool live = false;  // the edges carry live state
  bool stp = false;   // partial mesh: STP on
  int64_t bridge_mtu = 0, wireguard_mtu = 0;
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
};

// The planned topology. `hosts[i]` is node i's `ssh` as written.
MeshGraph PlannedGraph(const MeshSpec& spec, const MeshPlan& plan,
                       const std::vector<std::string>& hosts);

// Adds the live state of an `info` document (cli/info.h) to a planned graph:
// port states, handshakes, errors and the bridge MTU the hosts report.
void AddLiveState(const nlohmann::ordered_json& info, MeshGraph& graph);

// Graphviz DOT: blocked ports dashed, edges without a recent handshake red,
// the STP root with a double border, the bridge MTU in the legend.
std::string GraphToDot(const MeshGraph& graph);

// The same graph as JSON (`wgmesh -J graph`): mesh, network, live, stp,
// bridge_mtu, wireguard_mtu, nodes[], edges[] (a, b, blocked, blocked_at:
// the nodes whose port blocks; live: handshake_ok, port_states).
nlohmann::ordered_json GraphToJson(const MeshGraph& graph);

}  // namespace wgmesh::cli
