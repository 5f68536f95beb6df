// A mesh on lab nodes, for the host-operation tests: builds specs whose
// endpoints are the lab's underlay addresses, plans them, applies them to the
// nodes in parallel through core/node_ops, and runs checks on the nodes.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/node_ops.h"
#include "core/plan.h"
#include "core/spec.h"
#include "tests/ssh/lab.h"

namespace wgmesh::testing {

struct LabMesh {
  MeshSpec spec;
  Key seed;
  MeshPlan plan;
  std::map<std::string, int> lab_node;  // mesh node name -> lab node number
};

// A mesh named `name` on lab nodes `nodes` (node "n<k>" on lab node k), with
// the network `network` (addresses .k) and endpoints on the IPv6 underlay, or
// the IPv4 one when `ipv4_underlay`.
LabMesh MakeLabMesh(const ssh::testing::Lab& lab, const std::string& name,
                    const std::string& network, const std::vector<int>& nodes, bool full = true,
                    bool ipv4_underlay = false);
// Re-plans after the spec was edited (same seed).
void Replan(LabMesh& mesh);

// Applies every node's plan in parallel; returns the reports by node name.
std::map<std::string, absl::StatusOr<OperationReport>> ApplyAll(const ssh::testing::Lab& lab,
                                                                 const LabMesh& mesh);
// Tears every node of the mesh down (config removed).
void TeardownAll(const ssh::testing::Lab& lab, const LabMesh& mesh);

// Runs a shell script as root on a lab node; the result's out and exit status.
ssh::ScriptResult OnNode(const ssh::testing::Lab& lab, int node, const std::string& script);
// The node's bridge address without prefix ("10.0.0.3").
std::string BridgeIp(const LabMesh& mesh, const std::string& node);
// The lab.env value of `key` ("" when absent).
std::string LabEnv(const ssh::testing::Lab& lab, const std::string& key);

// A lab test whose meshes (made with Mesh()) are torn down after it.
class MeshLabTest : public ssh::testing::LabTest {
 protected:
  void TearDown() override {
    for (const auto& m : meshes_) TeardownAll(lab(), *m);
  }
  LabMesh& Mesh(LabMesh m) {
    meshes_.push_back(std::make_unique<LabMesh>(std::move(m)));
    return *meshes_.back();
  }

 private:
  std::vector<std::unique_ptr<LabMesh>> meshes_;
};

}  // namespace wgmesh::testing
