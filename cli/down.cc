// `wgmesh down [-r] [--skip-unreachable]`: takes every node down. With -r the
// configs (and so the keys) are removed too, but only once every node's
// interface is down: if one host fails, no config is removed anywhere and the
// mesh can come back up. --skip-unreachable (for a mesh with a dead host)
// leaves out the hosts that cannot be connected to at all, removes the mesh
// from every other one and lists the skipped ones; any other failure (auth,
// host key, a failed step on a reachable host) still stops the removal.
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/error.h"
#include "cli/commands.h"
#include "cli/keys_from_hosts.h"
#include "cli/result.h"

namespace wgmesh::cli {
namespace {

constexpr char kDownUsage[] =
    "usage: wgmesh [-f FILE] [-J] [-q] [--ssh-config FILE] down [-r] [--skip-unreachable]\n"
    "\n"
    "Removes this mesh's links (WireGuard interface, bridge, tunnels) from every node,\n"
    "in parallel, and disables the boot unit. Other meshes on the hosts are untouched.\n"
    "\n"
    "  -r   also remove the config files (and with them the keys), once every node is\n"
    "       down; if any node fails, no config is removed anywhere\n"
    "  --skip-unreachable\n"
    "       hosts that cannot be connected to (refused, timed out, no route) are\n"
    "       skipped and listed; the mesh is taken down (with -r: removed) on every\n"
    "       other host. Authentication, host key and other failures still stop -r.\n"
    "       Run `wgmesh down -r` again when a skipped host is back.\n";

// A host that cannot be connected to at all: the SSH layer's "connect" step
// failed with refused / timed out / unreachable (core/ssh/error.h formats
// every error as "<host>: <step>: <message>").
bool Unreachable(const absl::Status& s) {
  return (absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s)) &&
         absl::StrContains(s.message(), std::string(": ") + ssh::kStepConnect + ": ");
}

}  // namespace

int RunDown(const GlobalOptions& options) {
  bool remove = false, skip_unreachable = false;
  for (const auto& a : options.args) {
    if (a == "-r" || a == "--remove") {
      remove = true;
    } else if (a == "--skip-unreachable") {
      skip_unreachable = true;
    } else {
      return UsageOrHelp(options, "down", a, kDownUsage);
    }
  }
  auto hosts = LoadMeshHostsFor(options, "down");
  if (!hosts.ok()) return kExitFailure;
  const size_t n = hosts->labels.size();
  const std::string& mesh = hosts->spec.name;
  const ssh::CancelToken* cancel = InterruptToken();
  Progress progress(hosts->labels, options.quiet);
  std::vector<std::optional<OperationReport>> reports(n);
  std::vector<bool> skipped(n, false);
  // One connection per host for both phases (down, then the configs removed).
  std::vector<std::optional<NodeHost>> open(n);
  auto teardown = [&](bool remove_config) {
    return RunOnHosts(
        hosts->labels, progress,
        [&](size_t i, const ProgressFn& step) -> absl::Status {
          if (skipped[i]) return absl::OkStatus();
          if (!open[i]) {
            auto host = NodeHost::Connect(hosts->connections[i], cancel, step,
                                           progress.Warnings(hosts->labels[i]));
            if (!host.ok()) return host.status();
            open[i].emplace(*std::move(host));
          }
          open[i]->set_progress(step);
          auto r = open[i]->Teardown(mesh, remove_config, kAnyOwner);
          if (!r.ok()) return r.status();
          reports[i] = *std::move(r);
          return absl::OkStatus();
        },
        [&](size_t i) -> std::string {
          if (skipped[i]) return "skipped (unreachable)";
          return std::string(remove_config ? "config removed" : "down");
        });
  };
  std::vector<absl::Status> results = teardown(false);
  int failures = 0, skips = 0;
  for (size_t i = 0; i < n; ++i) {
    if (skip_unreachable && Unreachable(results[i])) {
      skipped[i] = true;
      ++skips;
    } else {
      failures += !results[i].ok();
    }
  }
  std::vector<absl::Status> removed;
  if (remove && failures == 0) {
    removed = teardown(true);
    for (const auto& r : removed) failures += !r.ok();
  }
  progress.Finish();

  Json doc = {{"mesh", mesh}, {"nodes", Json::object()}};
  Json errors = Json::array();
  for (size_t i = 0; i < n; ++i) {
    const std::string& node = hosts->spec.nodes[i].name;
    Json e = {{"host", hosts->where[i]}, {"down", results[i].ok()}};
    if (!results[i].ok()) {
      e["error"] = std::string(results[i].message());
      if (!skipped[i])
        errors.push_back(HostError(node, hosts->where[i], "taking it down", results[i].message()));
    }
    if (skip_unreachable) e["skipped"] = static_cast<bool>(skipped[i]);
    if (remove) {
      e["config_removed"] = !removed.empty() && !skipped[i] && removed[i].ok();
      if (!removed.empty() && !removed[i].ok()) {
        e["error"] = std::string(removed[i].message());
        errors.push_back(
            HostError(node, hosts->where[i], "removing the config", removed[i].message()));
      }
    }
    doc["nodes"][node] = e;
  }
  if (options.json_output) {
    PrintJson(std::move(doc), "down", failures == 0, errors, std::cout);
  } else if (!options.quiet && failures == 0) {
    std::cout << "mesh " << mesh << ": " << n - skips << " node(s) down"
              << (remove ? ", configs removed" : "; configs kept (`wgmesh up` restores them)");
    if (skips > 0) std::cout << "; " << skips << " unreachable node(s) skipped";
    std::cout << "\n";
  }
  for (size_t i = 0; i < n; ++i) {
    if (skipped[i])
      std::cerr << "wgmesh down: " << hosts->labels[i]
                << " SKIPPED (unreachable; the mesh is still configured there): "
                << results[i].message() << "\n";
    else if (!results[i].ok())
      std::cerr << "wgmesh down: " << hosts->labels[i] << " FAILED at step \"taking it down\": "
                << results[i].message() << "\n";
    else if (!removed.empty() && !removed[i].ok())
      std::cerr << "wgmesh down: " << hosts->labels[i]
                << " FAILED at step \"removing the config\": " << removed[i].message() << "\n";
  }
  if (failures > 0 && remove && removed.empty())
    std::cerr << "wgmesh down: no config was removed on any node because not every node is "
                 "down; run `wgmesh down -r` again once the failed hosts are fixed"
              << (skip_unreachable ? "" : " (or add --skip-unreachable to leave out hosts that "
                                          "cannot be reached)")
              << "\n";
  if (skips > 0 && failures == 0)
    std::cerr << "wgmesh down: " << skips << " unreachable node(s) skipped; run `wgmesh down"
              << (remove ? " -r" : "") << "` again when they are back\n";
  return failures > 0 ? kExitFailure : kExitOk;
}

}  // namespace wgmesh::cli
