#include "tests/hosts/mesh_lab.h"

#include <gtest/gtest.h>

#include <fstream>
#include <future>

#include "absl/strings/str_cat.h"
#include "core/ip.h"
#include "core/validate.h"

namespace wgmesh::testing {

std::string LabEnv(const ssh::testing::Lab& lab, const std::string& key) {
  std::ifstream in(lab.env_file);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

LabMesh MakeLabMesh(const ssh::testing::Lab& lab, const std::string& name,
                    const std::string& network, const std::vector<int>& nodes, bool full,
                    bool ipv4_underlay) {
  LabMesh m;
  m.spec.name = name;
  m.spec.network = network;
  m.spec.full = full;
  if (ipv4_underlay) m.spec.underlay_family = "ipv4";
  auto net = Cidr::Parse(network);
  EXPECT_TRUE(net) << network;
  for (int k : nodes) {
    NodeSpec n;
    n.name = absl::StrCat("n", k);
    n.addr = Cidr{net->Network().WithHostPart(net->prefix, static_cast<uint64_t>(k)), net->prefix}
                 .ToString();
    n.endpoint = ipv4_underlay ? LabEnv(lab, absl::StrCat("LAB_NODE", k, "_UNDERLAY_ADDR"))
                               : lab.Underlay(k);
    m.spec.nodes.push_back(n);
    m.lab_node[n.name] = k;
  }
  m.seed = RandomKey();
  Replan(m);
  return m;
}

void Replan(LabMesh& m) {
  std::sort(m.spec.nodes.begin(), m.spec.nodes.end(),
            [](const NodeSpec& a, const NodeSpec& b) { return a.name < b.name; });
  Problems p = ValidateMesh(m.spec);
  ASSERT_FALSE(p.has_errors()) << p.ToString();
  SeedKeys keys(m.seed);
  auto plan = PlanMesh(m.spec, keys);
  ASSERT_TRUE(plan.ok()) << plan.status();
  m.plan = *plan;
}

std::map<std::string, absl::StatusOr<OperationReport>> ApplyAll(const ssh::testing::Lab& lab,
                                                                 const LabMesh& mesh) {
  std::map<std::string, std::future<absl::StatusOr<OperationReport>>> running;
  for (const auto& node : mesh.plan.nodes) {
    ssh::ConnectOptions options = lab.Options(mesh.lab_node.at(node.node));
    running[node.node] = std::async(std::launch::async, [options, node] {
      return ApplyNode(options, node, kCliOwner, nullptr);
    });
  }
  std::map<std::string, absl::StatusOr<OperationReport>> out;
  for (auto& [name, f] : running) out.emplace(name, f.get());
  return out;
}

void TeardownAll(const ssh::testing::Lab& lab, const LabMesh& mesh) {
  std::vector<std::future<absl::StatusOr<OperationReport>>> running;
  for (const auto& [name, k] : mesh.lab_node) {
    ssh::ConnectOptions options = lab.Options(k);
    std::string mesh_name = mesh.spec.name;
    running.push_back(std::async(std::launch::async, [options, mesh_name] {
      return TeardownNode(options, mesh_name, /*remove_config=*/true, kAnyOwner, nullptr);
    }));
  }
  for (auto& f : running) {
    auto r = f.get();
    EXPECT_TRUE(r.ok()) << r.status();
  }
}

ssh::ScriptResult OnNode(const ssh::testing::Lab& lab, int node, const std::string& script) {
  auto session = ssh::Session::Connect(lab.Options(node), nullptr);
  EXPECT_TRUE(session.ok()) << session.status();
  if (!session.ok()) return {};
  auto r = (*session)->RunScript(script, nullptr);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : ssh::ScriptResult{};
}

std::string BridgeIp(const LabMesh& mesh, const std::string& node) {
  const NodePlan* p = mesh.plan.Find(node);
  EXPECT_NE(p, nullptr) << node;
  return p ? Cidr::Parse(p->bridge.address)->addr.ToString() : "";
}

}  // namespace wgmesh::testing
