// A node config (the Node resource's `config`, the installed wg-<mesh>.json):
// whatever the reader accepts must round-trip and render.
#include "core/node_plan_json.h"
#include "tests/fuzz/fuzz_support.h"

using namespace wgmesh;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ParsedNodePlan parsed = NodePlanFromText(fuzz::Text(data, size));
  (void)parsed.problems.ToString();
  if (!parsed.problems.has_errors()) fuzz::CheckNodePlanInvariants(parsed.plan);
  return 0;
}
