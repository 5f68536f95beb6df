// mesh.yaml (WGMESH_FUZZ_JSON=0) or mesh JSON (=1) as `wgmesh -f` reads it:
// parse, read the spec, validate; a valid mesh must plan, and each node plan
// must pass its own validation (core/node_plan_json.h) and render.
#include "core/keys.h"
#include "core/spec_parse.h"
#include "core/validate.h"
#include "tests/fuzz/fuzz_support.h"

using namespace wgmesh;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc = ParseDocument(fuzz::Text(data, size), WGMESH_FUZZ_JSON ? DocFormat::kJson : DocFormat::kYaml,
                           "fuzz");
  if (!doc.ok()) return 0;
  ParsedSpec parsed = SpecFromDocument(*doc);
  (void)parsed.problems.ToString();
  if (parsed.problems.has_errors()) return 0;
  Problems problems = ValidateMesh(parsed.spec);
  (void)problems.ToString();
  if (problems.has_errors()) return 0;
  (void)SpecToDocument(parsed.spec).dump();
  Key seed{};
  SeedKeys keys(seed);
  auto plan = PlanMesh(parsed.spec, keys);
  fuzz::Require(plan.ok(), "a valid mesh plans");
  for (const NodePlan& node : plan->nodes) fuzz::CheckNodePlanInvariants(node);
  return 0;
}
