// `wgmesh plan`: the original's missing --dry-run. Reads every host (keys,
// then live state) and prints what `up` would change there. Only reads.
#include <iostream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/keys_from_hosts.h"
#include "cli/result.h"
#include "core/plan_diff.h"

namespace wgmesh::cli {

namespace {

constexpr char kPlanUsage[] =
    "usage: wgmesh [-f FILE] [-J] [-q] [--ssh-config FILE] plan [--detailed-exitcode]\n"
    "\n"
    "Prints what `wgmesh up` would change on each host, one line per change\n"
    "(secrets never shown), and whether the interface would restart. Reads every\n"
    "host in parallel; changes nothing. Exit status 0 whether or not there are\n"
    "changes, 1 when a host could not be read.\n"
    "\n"
    "  --detailed-exitcode   exit status 0: no changes, 2: changes pending,\n"
    "                        1: an error (as terraform plan -detailed-exitcode)\n";

}  // namespace

int RunPlan(const GlobalOptions& options) {
  bool detailed_exitcode = false;
  for (const auto& a : options.args) {
    if (a == "--detailed-exitcode" || a == "-detailed-exitcode")
      detailed_exitcode = true;
    else
      return UsageOrHelp(options, "plan", a, kPlanUsage);
  }
  auto hosts = LoadMeshHostsFor(options, "plan");
  if (!hosts.ok()) return kExitFailure;
  const size_t n = hosts->labels.size();
  const ssh::CancelToken* cancel = InterruptToken();
  Progress progress(hosts->labels, options.quiet);
  InstalledConfigs installed = ReadInstalledConfigs(*hosts, progress, cancel);
  auto plan = PlanFromHosts(hosts->spec, installed);
  if (!plan.ok()) {
    std::cerr << "wgmesh plan: " << plan.status().message() << "\n";
    return FailureDocument(options, "plan", "spec", plan.status().message());
  }
  std::vector<absl::StatusOr<NodeStatus>> status(n, absl::UnknownError(""));
  std::vector<absl::Status> results =
      RunOnHosts(hosts->labels, progress, [&](size_t i, const ProgressFn& step) -> absl::Status {
        if (!installed.readable(i)) return installed.status[i];
        installed.hosts[i]->set_progress(step);
        status[i] = installed.hosts[i]->Read(plan->nodes[i], kCliOwner);
        if (status[i].ok() && installed.adopting(i))
          status[i]->drift = {DescribeAdoption(hosts->spec, installed, i)};
        return status[i].status();
      });
  progress.Finish();

  // Per node: what changes in its configuration (the installed node config
  // against the new plan: "peer mesh3: endpoint changed") and the steps `up`
  // would run on the host (ReadNode's drift: live state against the plan).
  std::vector<std::vector<std::string>> diff(n);
  std::vector<bool> changes(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (!results[i].ok()) continue;
    if (installed.plans[i]) diff[i] = DiffNodePlans(*installed.plans[i], plan->nodes[i]).Describe();
    changes[i] = !diff[i].empty() || !status[i]->in_sync;
  }
  Json doc = {{"mesh", hosts->spec.name}, {"nodes", Json::object()}};
  Json errors = Json::array();
  int changing = 0, failures = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string& node = hosts->spec.nodes[i].name;
    Json e = {{"host", hosts->where[i]}};
    if (!results[i].ok()) {
      ++failures;
      e["error"] = std::string(results[i].message());
      errors.push_back(HostError(node, hosts->where[i], "reading", results[i].message()));
    } else {
      e["new_node"] = installed.is_new(i);
      e["changes"] = diff[i];
      e["steps"] = status[i]->drift;
      changing += changes[i];
    }
    doc["nodes"][node] = e;
  }
  doc["nodes_changing"] = changing;
  doc["nodes_unreadable"] = failures;
  doc["changes_pending"] = changing > 0;
  const int exit_code = failures > 0                        ? kExitFailure
                        : detailed_exitcode && changing > 0 ? kExitChanges
                                                            : kExitOk;
  if (options.json_output) {
    PrintJson(std::move(doc), "plan", failures == 0, errors, std::cout);
  } else {  // the plan is what was asked for: printed even with -q
    for (size_t i = 0; i < n; ++i) {
      if (!results[i].ok()) continue;
      if (!changes[i]) {
        std::cout << hosts->labels[i] << ": no changes\n";
        continue;
      }
      std::cout << hosts->labels[i] << ":"
                << (installed.is_new(i) ? " new node (fresh keys)" : "") << "\n";
      for (const auto& d : diff[i]) std::cout << "  ~ " << d << "\n";
      if (!status[i]->drift.empty()) {
        std::cout << "  steps on the host:\n";
        for (const auto& d : status[i]->drift) std::cout << "    - " << d << "\n";
      }
    }
    const std::string& mesh = hosts->spec.name;
    if (changing == 0 && failures == 0)
      std::cout << "mesh " << mesh << ": no changes; every node is up to date\n";
    else if (failures == 0)
      std::cout << "mesh " << mesh << ": `wgmesh up` would change " << changing << " of " << n
                << " node(s); nothing was changed\n";
    else  // a plan of the nodes that were read, and how many were not
      std::cout << "mesh " << mesh << ": " << failures << " of " << n
                << " node(s) could not be read, so their changes are unknown; `wgmesh up` "
                   "would change "
                << changing << " of the " << n - failures
                << " node(s) that were read; nothing was changed\n";
  }
  for (size_t i = 0; i < n; ++i)
    if (!results[i].ok())
      std::cerr << "wgmesh plan: " << hosts->labels[i] << ": cannot read: " << results[i].message()
                << "\n";
  return exit_code;
}

}  // namespace wgmesh::cli
