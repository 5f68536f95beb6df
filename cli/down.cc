// `wgmesh down [-r]`: takes every node down. With -r the configs (and so the
// keys) are removed too, but only once every node's interface is down: if one
// host fails, no config is removed anywhere and the mesh can come back up.
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/keys_from_hosts.h"

namespace wgmesh::cli {
namespace {

constexpr char kDownUsage[] =
    "usage: wgmesh [-f FILE] [-J] [-q] [--ssh-config FILE] down [-r]\n"
    "\n"
    "Removes this mesh's links (WireGuard interface, bridge, tunnels) from every node,\n"
    "in parallel, and disables the boot unit. Other meshes on the hosts are untouched.\n"
    "\n"
    "  -r   also remove the config files (and with them the keys), once every node is\n"
    "       down; if any node fails, no config is removed anywhere\n";

}  // namespace

int RunDown(const GlobalOptions& options) {
  bool remove = false;
  for (const auto& a : options.args) {
    if (a == "-r") {
      remove = true;
    } else {
      std::cout << kDownUsage;
      return a == "--help" ? 0 : 2;
    }
  }
  auto hosts = LoadMeshHosts(options, std::cerr);
  if (!hosts.ok()) return 1;
  const size_t n = hosts->labels.size();
  const std::string& mesh = hosts->spec.name;
  const ssh::CancelToken* cancel = InterruptToken();
  Progress progress(hosts->labels, options.quiet);
  std::vector<std::optional<OperationReport>> reports(n);
  auto teardown = [&](bool remove_config) {
    return RunOnHosts(
        hosts->labels, progress,
        [&](size_t i, const ProgressFn& step) -> absl::Status {
          auto r = TeardownNode(hosts->connections[i], mesh, remove_config, kAnyOwner, cancel, step);
          if (!r.ok()) return r.status();
          reports[i] = *std::move(r);
          return absl::OkStatus();
        },
        [&](size_t) -> std::string {
          return std::string(remove_config ? "config removed" : "down");
        });
  };
  std::vector<absl::Status> results = teardown(false);
  int failures = 0;
  for (const auto& r : results) failures += !r.ok();
  std::vector<absl::Status> removed;
  if (remove && failures == 0) {
    removed = teardown(true);
    for (const auto& r : removed) failures += !r.ok();
  }
  progress.Finish();

  nlohmann::json doc = {{"mesh", mesh}, {"nodes", nlohmann::json::object()}};
  for (size_t i = 0; i < n; ++i) {
    nlohmann::json e = {{"host", hosts->where[i]}, {"down", results[i].ok()}};
    if (!results[i].ok()) e["error"] = std::string(results[i].message());
    if (remove) {
      e["config_removed"] = !removed.empty() && removed[i].ok();
      if (!removed.empty() && !removed[i].ok()) e["error"] = std::string(removed[i].message());
    }
    doc["nodes"][hosts->spec.nodes[i].name] = e;
  }
  if (options.json_output) {
    std::cout << doc.dump(2) << "\n";
  } else if (!options.quiet && failures == 0) {
    std::cout << "mesh " << mesh << ": " << n << " node(s) down"
              << (remove ? ", configs removed" : "; configs kept (`wgmesh up` restores them)")
              << "\n";
  }
  for (size_t i = 0; i < n; ++i) {
    if (!results[i].ok())
      std::cerr << "wgmesh down: " << hosts->labels[i] << " FAILED at step \"taking it down\": "
                << results[i].message() << "\n";
    else if (!removed.empty() && !removed[i].ok())
      std::cerr << "wgmesh down: " << hosts->labels[i]
                << " FAILED at step \"removing the config\": " << removed[i].message() << "\n";
  }
  if (failures > 0 && remove && removed.empty())
    std::cerr << "wgmesh down: no config was removed on any node because not every node is "
                 "down; run `wgmesh down -r` again once the failed hosts are fixed\n";
  return failures > 0 ? 1 : 0;
}

}  // namespace wgmesh::cli
