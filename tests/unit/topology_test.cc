#include "core/topology.h"

#include <gtest/gtest.h>

#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

std::vector<std::pair<std::string, std::string>> Named(const MeshSpec& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : MeshEdges(s)) out.emplace_back(s.nodes[e.a].name, s.nodes[e.b].name);
  return out;
}

TEST(Topology, FullMeshHasEveryPair) {
  auto spec = testing::GeneratedMesh(250, true);
  EXPECT_EQ(MeshEdges(spec).size(), 31125u);
}

TEST(Topology, PartialFollowsTheOriginalRule) {
  MeshSpec s;
  s.full = false;
  for (const char* n : {"a", "b", "c", "d", "e"}) s.nodes.push_back({.name = n});
  s.nodes[0].peers = {"b"};  // a lists b: a-b
  s.nodes[2].peers = {"a"};  // c lists a: a-c, one side is enough
  // d and e list nobody: they peer with each other, and b (empty list too).
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Named(s), (std::vector<P>{{"a", "b"}, {"a", "c"}, {"b", "d"}, {"b", "e"},
                                      {"d", "e"}}));
}

TEST(Topology, ComponentsFindSplitMeshes) {
  auto adj = Adjacency(4, {{0, 1}, {2, 3}});
  auto comps = Components(adj);
  ASSERT_EQ(comps.size(), 2u);
  EXPECT_EQ(comps[0], (std::vector<size_t>{0, 1}));
  EXPECT_EQ(comps[1], (std::vector<size_t>{2, 3}));
}

}  // namespace
}  // namespace wgmesh
