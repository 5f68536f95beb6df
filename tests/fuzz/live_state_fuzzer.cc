// A host's answer to the read script (core/live_state.h), fuzzing the `wg show
// dump` section (WGMESH_FUZZ_WG_DUMP=1) or the `ip -j` sections (=0), then
// reconciling the sample node plan against what was read.
#include <string>

#include "core/live_state.h"
#include "core/reconcile.h"
#include "tests/fuzz/fuzz_support.h"

using namespace wgmesh;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(fuzz::Text(data, size));
  const std::string ip = WGMESH_FUZZ_WG_DUMP ? "[]\n" : input + "\n";
  const std::string wg = WGMESH_FUZZ_WG_DUMP ? input + "\n" : "";
  const std::string output =
      "@@wgmesh tools\nwg yes\nwg-quick yes\nip yes\nbridge yes\nsha256sum yes\nsystemd no\n"
      "@@wgmesh links\n" + ip + "@@wgmesh routes\n" + ip + "@@wgmesh wg\n" + wg +
      "@@wgmesh config\nabsent\n@@wgmesh plan-config\nabsent\n@@wgmesh unit\n@@wgmesh end\n";
  auto live = ParseLiveState(output);
  if (!live.ok()) return 0;
  const NodePlan& plan = fuzz::SampleMeshPlan().nodes[0];
  Reconciliation r = Reconcile(plan, *live, DesiredFiles{"x", "y"});
  (void)r.Descriptions();
  return 0;
}
