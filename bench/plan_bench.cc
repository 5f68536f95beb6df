// Plans a generated mesh and renders every node's wg-quick text and JSON
// document: the work a Mesh resource does on each plan. Prints wall time and
// the process's peak RSS.
//   plan_bench full 250      # 250 nodes, 31,125 peerings
//   plan_bench partial 1000  # ring plus chords, STP
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/node_plan_json.h"
#include "core/plan.h"
#include "core/render_wgquick.h"
#include "core/validate.h"

namespace {

using namespace wgmesh;

MeshSpec Generate(int n, bool full) {
  MeshSpec spec;
  spec.name = "bench";
  spec.network = "fd00:b::/64";
  spec.full = full;
  char name[16], next[16];
  for (int i = 0; i < n; ++i) {
    std::snprintf(name, sizeof name, "n%04d", i);
    NodeSpec node{.name = name, .addr = absl::StrCat("fd00:b::", absl::Hex(i + 1), "/64"),
                  .endpoint = absl::StrCat("[2001:db8::", absl::Hex(i + 1), "]")};
    if (!full) {
      std::snprintf(next, sizeof next, "n%04d", (i + 1) % n);
      node.peers.push_back(next);
      if (i % 10 == 0) {
        std::snprintf(next, sizeof next, "n%04d", (i + n / 2) % n);
        node.peers.push_back(next);
      }
    }
    spec.nodes.push_back(node);
  }
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: plan_bench full|partial NODES\n");
    return 2;
  }
  const bool full = std::string(argv[1]) == "full";
  const int n = std::atoi(argv[2]);
  MeshSpec spec = Generate(n, full);

  auto start = std::chrono::steady_clock::now();
  if (ValidateMesh(spec).has_errors()) {
    std::fprintf(stderr, "generated mesh is invalid\n");
    return 1;
  }
  SeedKeys keys(RandomKey());
  auto plan = PlanMesh(spec, keys);  // validates again: the real path does too
  if (!plan.ok()) return 1;
  size_t bytes = 0;
  for (const auto& node : plan->nodes) {
    bytes += RenderWgQuick(node).size();
    bytes += NodePlanToText(node).size();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%s mesh, %d nodes, %zu peerings: %.3f s, peak RSS %.1f MB, %.1f MB of configs\n",
              full ? "full" : "partial", n, plan->edges.size(), seconds,
              static_cast<double>(usage.ru_maxrss) / 1024.0, static_cast<double>(bytes) / 1e6);
  return 0;
}
