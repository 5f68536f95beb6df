// What changed between two plans of a node, and of a mesh: the input to
// non-disruptive updates (only what changed is touched; the interface is
// restarted only when the node's identity changed) and to detailed plan output.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/plan.h"

namespace wgmesh {

struct NodePlanDiff {
  // Fields of the WireGuard interface whose change needs a restart:
  // interface, private_key, listen_port, tunnel_address.
  std::vector<std::string> identity;
  // Interface fields that change live (wireguard_mtu).
  std::vector<std::string> interface;
  std::vector<std::string> peers_added, peers_removed, peers_changed;  // peer names
  std::map<std::string, std::vector<std::string>> peer_fields;  // changed peer -> its fields
  std::vector<std::string> tunnels_added, tunnels_removed, tunnels_changed;  // tunnel names
  std::vector<std::string> bridge;  // changed bridge fields

  bool identity_changed() const { return !identity.empty(); }
  bool empty() const;
  // One line per change, no secrets: "peer b: endpoint changed".
  std::vector<std::string> Describe() const;
};

NodePlanDiff DiffNodePlans(const NodePlan& before, const NodePlan& after);

struct MeshPlanDiff {
  std::vector<std::string> nodes_added, nodes_removed;
  std::map<std::string, NodePlanDiff> nodes_changed;  // only non-empty diffs
  bool empty() const {
    return nodes_added.empty() && nodes_removed.empty() && nodes_changed.empty();
  }
};

MeshPlanDiff DiffMeshPlans(const MeshPlan& before, const MeshPlan& after);

}  // namespace wgmesh
