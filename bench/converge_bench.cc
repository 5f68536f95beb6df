// Converging a fresh mesh on the lab through the core API: wall time with the
// hosts configured in parallel, SSH round trips per host for create, no-op and
// update, and the time of a no-op apply. Needs a running lab (lab.env):
//   tests/lab/with-lab.sh build/bench/converge_bench 3
//   tests/lab/with-lab.sh build/bench/converge_bench 6
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/node_ops.h"
#include "core/plan.h"
#include "tests/ssh/lab.h"

namespace {

using namespace wgmesh;
using Clock = std::chrono::steady_clock;

struct Round {
  double seconds = 0;
  int max_round_trips = 0;
  bool ok = true;
};

Round ApplyAll(const ssh::testing::Lab& lab, const MeshPlan& plan) {
  auto start = Clock::now();
  std::vector<std::future<absl::StatusOr<OperationReport>>> running;
  for (size_t i = 0; i < plan.nodes.size(); ++i) {
    ssh::ConnectOptions options = lab.Options(static_cast<int>(i) + 1);
    const NodePlan& node = plan.nodes[i];
    running.push_back(std::async(std::launch::async,
                                 [options, &node] { return ApplyNode(options, node, kCliOwner, nullptr); }));
  }
  Round r;
  for (auto& f : running) {
    auto report = f.get();
    if (!report.ok()) {
      std::fprintf(stderr, "%s\n", std::string(report.status().message()).c_str());
      r.ok = false;
      continue;
    }
    r.max_round_trips = std::max(r.max_round_trips, report->round_trips);
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

MeshPlan Plan(const MeshSpec& spec, const Key& seed) {
  SeedKeys keys(seed);
  auto plan = PlanMesh(spec, keys);
  if (!plan.ok()) {
    std::fprintf(stderr, "%s\n", std::string(plan.status().message()).c_str());
    std::exit(1);
  }
  return *plan;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 3;
  const auto& lab = ssh::testing::LoadLab();
  if (!lab.ok() || lab->nodes < n) {
    std::fprintf(stderr, "needs a lab with %d nodes: tests/lab/with-lab.sh %s %d\n", n, argv[0], n);
    return 2;
  }
  MeshSpec spec;
  spec.name = "bench";
  spec.network = "10.88.0.0/24";
  for (int k = 1; k <= n; ++k)
    spec.nodes.push_back(NodeSpec{.name = absl::StrCat("n", k),
                                  .addr = absl::StrCat("10.88.0.", k, "/24"),
                                  .endpoint = lab->Underlay(k),
                                  .listen_port = 51900});  // clear of other meshes in the lab
  const Key seed = RandomKey();
  Round create = ApplyAll(*lab, Plan(spec, seed));
  Round noop = ApplyAll(*lab, Plan(spec, seed));
  for (auto& node : spec.nodes) node.persistent_keepalive = 25;  // a peer change on every host
  Round update = ApplyAll(*lab, Plan(spec, seed));
  for (int k = 1; k <= n; ++k) {
    auto down = TeardownNode(lab->Options(k), "bench", true, kAnyOwner, nullptr);
    if (!down.ok()) std::fprintf(stderr, "%s\n", std::string(down.status().message()).c_str());
  }
  std::printf("%d-node mesh: create %.1f s (%d round trips/host), no-op %.1f s (%d), "
              "update %.1f s (%d)\n",
              n, create.seconds, create.max_round_trips, noop.seconds, noop.max_round_trips,
              update.seconds, update.max_round_trips);
  return create.ok && noop.ok && update.ok ? 0 : 1;
}
