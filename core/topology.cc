#include "core/topology.h"

#include <algorithm>
#include <unordered_map>

namespace wgmesh {

std::vector<Edge> MeshEdges(const MeshSpec& spec) {
  const size_t n = spec.nodes.size();
  std::vector<Edge> edges;
  if (spec.full) {
    edges.reserve(n * (n - (n > 0)) / 2);
    for (size_t a = 0; a < n; ++a)
      for (size_t b = a + 1; b < n; ++b) edges.push_back({a, b});
    return edges;
  }
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < n; ++i) index[spec.nodes[i].name] = i;
  std::vector<size_t> unlisted;  // nodes with an empty peers list
  for (size_t i = 0; i < n; ++i) {
    if (spec.nodes[i].peers.empty()) unlisted.push_back(i);
    for (const auto& peer : spec.nodes[i].peers) {
      auto it = index.find(peer);
      if (it == index.end() || it->second == i) continue;
      edges.push_back({std::min(i, it->second), std::max(i, it->second)});
    }
  }
  for (size_t x = 0; x < unlisted.size(); ++x)
    for (size_t y = x + 1; y < unlisted.size(); ++y) edges.push_back({unlisted[x], unlisted[y]});
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return edges;
}

std::vector<std::vector<size_t>> Adjacency(size_t node_count, const std::vector<Edge>& edges) {
  std::vector<std::vector<size_t>> adj(node_count);
  for (const auto& e : edges) {
    adj[e.a].push_back(e.b);
    adj[e.b].push_back(e.a);
  }
  for (auto& list : adj) std::sort(list.begin(), list.end());
  return adj;
}

std::vector<std::vector<size_t>> Components(const std::vector<std::vector<size_t>>& adjacency) {
  std::vector<std::vector<size_t>> components;
  std::vector<bool> seen(adjacency.size(), false);
  for (size_t start = 0; start < adjacency.size(); ++start) {
    if (seen[start]) continue;
    std::vector<size_t> component, stack = {start};
    seen[start] = true;
    while (!stack.empty()) {
      size_t v = stack.back();
      stack.pop_back();
      component.push_back(v);
      for (size_t w : adjacency[v])
        if (!seen[w]) {
          seen[w] = true;
          stack.push_back(w);
        }
    }
    std::sort(component.begin(), component.end());
    components.push_back(std::move(component));
  }
  return components;
}

}  // namespace wgmesh
