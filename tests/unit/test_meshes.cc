#include "tests/unit/test_meshes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace wgmesh::testing {

std::string ReadSourceFile(const std::string& relative_path) {
  std::ifstream in(std::string(WGMESH_SOURCE_DIR) + "/" + relative_path);
  EXPECT_TRUE(in.good()) << relative_path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

MeshSpec SpecFromYaml(const std::string& yaml) {
  auto doc = ParseDocument(yaml, DocFormat::kYaml, "test.yaml");
  EXPECT_TRUE(doc.ok()) << doc.status();
  if (!doc.ok()) return {};
  ParsedSpec parsed = SpecFromDocument(*doc);
  EXPECT_FALSE(parsed.problems.has_errors()) << parsed.problems.ToString();
  return parsed.spec;
}

MeshSpec SpecFromFile(const std::string& relative_path) {
  return SpecFromYaml(ReadSourceFile(relative_path));
}

MeshSpec GeneratedMesh(int n, bool full, bool ipv6) {
  MeshSpec spec;
  spec.name = "gen";
  spec.network = ipv6 ? "fd00::/64" : "10.0.0.0/16";
  spec.full = full;
  for (int i = 0; i < n; ++i) {
    NodeSpec node;
    char name[16];
    std::snprintf(name, sizeof name, "n%03d", i);
    node.name = name;
    const int host = i + 1;
    node.addr = ipv6 ? absl::StrCat("fd00::", absl::Hex(host), "/64")
                     : absl::StrCat("10.0.", host / 256, ".", host % 256, "/16");
    node.endpoint = absl::StrCat("192.0.2.", i % 250 + 1, ":", 10000 + i);
    if (!full) {
      // A ring plus a chord every 10 nodes: connected, with loops.
      char next[16];
      std::snprintf(next, sizeof next, "n%03d", (i + 1) % n);
      node.peers.push_back(next);
      if (i % 10 == 0 && n > 20) {
        std::snprintf(next, sizeof next, "n%03d", (i + n / 2) % n);
        if (std::string(next) != name) node.peers.push_back(next);
      }
    }
    spec.nodes.push_back(node);
  }
  return spec;
}

Key TestSeed(uint8_t fill) {
  Key k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(fill + i);
  return k;
}

MeshPlan PlanOrDie(const MeshSpec& spec, const Key& seed) {
  SeedKeys keys(seed);
  auto plan = PlanMesh(spec, keys);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return plan.ok() ? *plan : MeshPlan{};
}

}  // namespace wgmesh::testing
