// `wgmesh render`: what each node's configuration would look like, planned
// with a throwaway key seed. Touches no host.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/result.h"
#include "core/keys.h"
#include "core/node_plan_json.h"
#include "core/plan.h"
#include "core/render_wgquick.h"

namespace wgmesh::cli {
namespace {

constexpr char kRenderUsage[] =
    "usage: wgmesh [-f FILE] [-J] render [--show-secrets] [--seed-file FILE]\n"
    "\n"
    "Prints each node's wg-quick configuration (or, with -J, its JSON document) as\n"
    "wgmesh would install it. Keys come from a throwaway random seed unless\n"
    "--seed-file names a file holding a base64 32-byte seed. Private and preshared\n"
    "keys are shown as (sensitive) unless --show-secrets is given. Touches no host.\n";

}  // namespace

int RunRender(const GlobalOptions& options) {
  bool show_secrets = false;
  std::string seed_file;
  for (size_t i = 0; i < options.args.size(); ++i) {
    const std::string& a = options.args[i];
    if (a == "--show-secrets") {
      show_secrets = true;
    } else if (a == "--seed-file" && i + 1 < options.args.size()) {
      seed_file = options.args[++i];
    } else {
      return UsageOrHelp(options, "render", a, kRenderUsage);
    }
  }
  auto spec = LoadMeshFor(options, "render");
  if (!spec.ok()) return kExitFailure;
  Key seed = RandomKey();
  if (!seed_file.empty()) {
    std::ifstream in(seed_file);
    std::string text;
    in >> text;
    auto parsed = KeyFromBase64(text);
    if (!parsed) {
      const std::string message = seed_file + ": must hold a base64 32-byte seed";
      std::cerr << "wgmesh render: " << message << "\n";
      return FailureDocument(options, "render", "usage", message);
    }
    seed = *parsed;
  }
  SeedKeys keys(seed);
  auto plan = PlanMesh(*spec, keys);
  if (!plan.ok()) {
    std::cerr << "wgmesh: " << plan.status().message() << "\n";
    return FailureDocument(options, "render", "spec", plan.status().message());
  }
  if (options.json_output) {
    Json out = {{"mesh", spec->name},
                          {"wireguard_mtu", plan->mtus.wireguard},
                          {"bridge_mtu", plan->mtus.bridge},
                          {"nodes", nlohmann::json::object()}};
    for (const auto& n : plan->nodes)
      out["nodes"][n.node] = show_secrets ? NodePlanToJson(n) : RedactedNodePlanJson(n);
    PrintJson(std::move(out), "render", true, Json::array(), std::cout);
    return kExitOk;
  }
  std::cout << "# mesh " << spec->name << " (" << spec->network << "): " << plan->nodes.size()
            << " nodes, " << plan->edges.size() << " peerings, MTU wireguard "
            << plan->mtus.wireguard << " / bridge " << plan->mtus.bridge << "\n";
  for (const auto& n : plan->nodes) {
    std::cout << "\n# ---- node " << n.node << ": " << n.config_path << " ----\n"
              << RenderWgQuick(show_secrets ? n : Redacted(n));
  }
  return kExitOk;
}

}  // namespace wgmesh::cli
