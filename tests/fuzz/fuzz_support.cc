#include "tests/fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include "core/keys.h"
#include "core/node_plan_json.h"
#include "core/render_wgquick.h"
#include "core/spec_parse.h"

namespace wgmesh::fuzz {

const MeshPlan& SampleMeshPlan() {
  static const MeshPlan plan = [] {
    auto doc = ParseDocument(R"(
name: fz
network: 10.7.0.0/24
nodes:
  a: {addr: 10.7.0.1/24, endpoint: "192.0.2.1:51820", bridge_ports: [eth1]}
  b: {addr: 10.7.0.2/24, endpoint: "[2001:db8::2]:51820"}
  c: {addr: 10.7.0.3/24, persistent_keepalive: 25}
)",
                             DocFormat::kYaml, "sample");
    Require(doc.ok(), "the sample mesh parses");
    ParsedSpec spec = SpecFromDocument(*doc);
    Require(!spec.problems.has_errors(), "the sample mesh is valid");
    Key seed{};
    seed.fill(7);
    SeedKeys keys(seed);
    auto planned = PlanMesh(spec.spec, keys);
    Require(planned.ok(), "the sample mesh plans");
    return *planned;
  }();
  return plan;
}

void Require(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

void CheckNodePlanInvariants(const NodePlan& plan) {
  const std::string text = NodePlanToText(plan);
  ParsedNodePlan back = NodePlanFromText(text);
  if (back.problems.has_errors())
    std::fprintf(stderr, "%s\n", back.problems.ToString().c_str());
  Require(!back.problems.has_errors(), "a node plan's own JSON reads back without errors");
  Require(back.plan == plan, "a node plan's JSON reads back to the same plan");
  Require(!RenderWgQuick(plan).empty(), "a node plan renders");
  (void)LinkUpCommands(plan);
  (void)LinkDownCommands(plan);
}

}  // namespace wgmesh::fuzz
