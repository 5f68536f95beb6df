#include "cli/apply.h"

#include <iostream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/info.h"
#include "cli/keys_from_hosts.h"
#include "cli/output.h"
#include "cli/result.h"

namespace wgmesh::cli {
namespace {

// The step a host operation failed at: the one its error names (`step "X"
// failed`), else the last one progress showed (connecting, reading).
std::string FailedStep(const absl::Status& status, const std::string& last_shown) {
  const std::string message(status.message());
  const size_t at = message.find("step \"");
  if (at == std::string::npos) return last_shown;
  const size_t end = message.find('"', at + 6);
  return end == std::string::npos ? last_shown : message.substr(at + 6, end - at - 6);
}

}  // namespace

int ApplyMesh(const GlobalOptions& options, const ApplyMode& mode) {
  const std::string cmd = std::string("wgmesh ") + mode.command;
  auto hosts = LoadMeshHostsFor(options, mode.command);
  if (!hosts.ok()) return kExitFailure;
  const size_t n = hosts->labels.size();
  const ssh::CancelToken* cancel = InterruptToken();
  Progress progress(hosts->labels, options.quiet);
  InstalledConfigs installed = ReadInstalledConfigs(*hosts, progress, cancel);
  auto plan = PlanFromHosts(hosts->spec, installed);
  if (!plan.ok()) {
    std::cerr << cmd << ": " << plan.status().message() << "\n";
    return FailureDocument(options, mode.command, "spec", plan.status().message());
  }

  std::vector<std::optional<OperationReport>> reports(n);
  std::vector<std::string> failed_step(n);
  std::vector<absl::Status> results = RunOnHosts(
      hosts->labels, progress,
      [&](size_t i, const ProgressFn& step) -> absl::Status {
        if (!installed.readable(i)) {
          failed_step[i] = "reading keys";
          return installed.status[i];
        }
        if (installed.adopting(i) && !mode.adopt) {
          failed_step[i] = "adopting the original tool's mesh";
          return absl::FailedPreconditionError(
              DescribeAdoption(hosts->spec, installed, i) + " (nothing was changed)");
        }
        installed.hosts[i]->set_progress(step);
        auto report = installed.hosts[i]->Apply(plan->nodes[i], kCliOwner, mode.adopt);
        if (!report.ok()) {
          failed_step[i] = FailedStep(report.status(), progress.LastStep(hosts->labels[i]));
          return report.status();
        }
        reports[i] = *std::move(report);
        return absl::OkStatus();
      },
      [&](size_t i) -> std::string {
        const OperationReport& r = *reports[i];
        if (r.changes.empty()) return "up to date: nothing changed";
        return absl::StrCat(r.changes.size(), " change(s)", r.restarted ? ", interface restarted" : "",
                            installed.is_new(i) ? " (new node, fresh keys)" : "",
                            installed.adopting(i) ? " (adopted, keys kept)" : "");
      });
  progress.Finish();

  int failures = 0, changed = 0;
  Json doc = {{"mesh", hosts->spec.name}, {"nodes", Json::object()}};
  Json errors = Json::array();
  for (size_t i = 0; i < n; ++i) {
    const std::string& node = hosts->spec.nodes[i].name;
    Json entry = {{"host", hosts->where[i]}, {"ok", results[i].ok()}};
    if (!results[i].ok()) {
      ++failures;
      entry["failed_step"] = failed_step[i];
      entry["error"] = std::string(results[i].message());
      errors.push_back(HostError(node, hosts->where[i], failed_step[i], results[i].message()));
    } else {
      const OperationReport& r = *reports[i];
      entry["changes"] = r.changes;
      entry["restarted"] = r.restarted;
      entry["new_node"] = installed.is_new(i);
      if (!r.changes.empty()) ++changed;
    }
    doc["nodes"][node] = entry;
  }
  doc["failed"] = failures;
  doc["changed"] = changed;

  if (options.json_output && !mode.info_after) {
    PrintJson(std::move(doc), mode.command, failures == 0, errors, std::cout);
  } else if (!options.quiet) {
    for (size_t i = 0; i < n; ++i) {
      if (!results[i].ok()) continue;
      const OperationReport& r = *reports[i];
      if (r.changes.empty()) continue;
      std::cout << hosts->labels[i] << ":"
                << (installed.is_new(i) ? " new node, fresh keys;" : "")
                << (r.restarted ? " interface restarted;" : "") << "\n";
      for (const auto& c : r.changes) std::cout << "  - " << c << "\n";
    }
    const size_t ok = n - failures;
    if (failures == 0 && changed == 0)
      std::cout << "mesh " << hosts->spec.name << ": all " << ok
                << " node(s) already up to date; nothing changed\n";
    else
      std::cout << "mesh " << hosts->spec.name << ": " << ok << " of " << n << " node(s) up ("
                << changed << " changed)\n";
  }
  // Failures always print, even with -q: which host, which step, why.
  for (size_t i = 0; i < n; ++i) {
    if (results[i].ok()) continue;
    std::cerr << cmd << ": " << hosts->labels[i] << " FAILED at step \"" << failed_step[i]
              << "\": " << results[i].message() << "\n";
  }
  if (failures > 0)
    std::cerr << cmd << ": " << failures << " of " << n
              << " node(s) failed; the other nodes were left configured, nothing was torn down "
                 "or deleted; run `"
              << cmd << "` again once the failed hosts are fixed\n";

  if (mode.info_after) {
    std::vector<absl::StatusOr<NodeStatus>> status(n, absl::UnknownError(""));
    for (size_t i = 0; i < n; ++i) {
      if (!results[i].ok())
        status[i] = results[i];
      else
        status[i] = reports[i]->after;
    }
    Json info = InfoDocument(*hosts, *plan, status);
    if (options.json_output)
      PrintJson(std::move(info), mode.command, failures == 0, errors, std::cout);
    else
      PrintDocument(info, false, std::cout);
  }
  return failures > 0 ? kExitFailure : kExitOk;
}

}  // namespace wgmesh::cli
