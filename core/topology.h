// Which nodes peer with which: every pair in a full mesh; otherwise the
// original tool's rule: two nodes peer when either lists the other in
// `peers`, or when both lists are empty.
#pragma once

#include <cstddef>
#include <vector>

#include "core/spec.h"

namespace wgmesh {

struct Edge {
  size_t a = 0;  // indexes into MeshSpec::nodes, a < b
  size_t b = 0;
  friend bool operator==(const Edge&, const Edge&) = default;
  friend auto operator<=>(const Edge&, const Edge&) = default;
};

// Sorted, without duplicates. Peer names that do not exist are ignored here
// (validation reports them).
std::vector<Edge> MeshEdges(const MeshSpec& spec);

// For each node, the indexes of its peers, ascending.
std::vector<std::vector<size_t>> Adjacency(size_t node_count, const std::vector<Edge>& edges);

// The connected components, each a sorted list of node indexes; the first
// component holds node 0.
std::vector<std::vector<size_t>> Components(const std::vector<std::vector<size_t>>& adjacency);

}  // namespace wgmesh
