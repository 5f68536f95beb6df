// `wgmesh show`: `wg show` of this mesh's interface on every node. Private
// and preshared keys stay hidden (wg's own default) unless --show-keys.
#include <iostream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/keys_from_hosts.h"
#include "cli/result.h"
#include "core/names.h"
#include "core/shell.h"

namespace wgmesh::cli {

int RunShow(const GlobalOptions& options) {
  bool show_keys = false;
  for (const auto& a : options.args) {
    if (a == "--show-keys") {
      show_keys = true;
    } else {
      return UsageOrHelp(
          options, "show", a,
          "usage: wgmesh [-f FILE] [-J] [-q] [--ssh-config FILE] show [--show-keys]\n"
          "\n"
          "Prints `wg show` of the mesh's WireGuard interface on every node, in\n"
          "parallel. Private and preshared keys are hidden unless --show-keys.\n");
    }
  }
  auto hosts = LoadMeshHostsFor(options, "show");
  if (!hosts.ok()) return kExitFailure;
  const size_t n = hosts->labels.size();
  const std::string iface = WireguardInterfaceName(hosts->spec.name);
  const std::string script = absl::StrCat(
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n",
      "if ip link show dev ", ShellQuote(iface), " >/dev/null 2>&1; then\n",
      "  WG_HIDE_KEYS=", show_keys ? "never" : "always", " wg show ", ShellQuote(iface), "\n",
      "else echo '(interface ", iface, " is not up)'; fi\n");
  const ssh::CancelToken* cancel = InterruptToken();
  std::vector<std::string> out(n);
  Progress progress(hosts->labels, options.quiet);
  std::vector<absl::Status> results =
      RunOnHosts(hosts->labels, progress, [&](size_t i, const ProgressFn& step) -> absl::Status {
        step("connecting to " + hosts->connections[i].target.Describe());
        auto session =
            ssh::Session::Connect(hosts->connections[i], cancel, progress.Warnings(hosts->labels[i]));
        if (!session.ok()) return session.status();
        step("wg show");
        auto r = (*session)->RunScript(script, cancel);
        if (!r.ok()) return r.status();
        if (r->exit_status != 0)
          return absl::FailedPreconditionError(
              absl::StrCat((*session)->target().Describe(), ": wg show failed: ", r->err));
        out[i] = r->out;
        return absl::OkStatus();
      });
  progress.Finish();
  Json nodes = Json::object();
  Json errors = Json::array();
  for (size_t i = 0; i < n; ++i) {
    const std::string& node = hosts->spec.nodes[i].name;
    if (!results[i].ok()) {
      std::cerr << "wgmesh show: " << hosts->labels[i] << ": " << results[i].message() << "\n";
      nodes[node] = {{"host", hosts->where[i]}, {"error", std::string(results[i].message())}};
      errors.push_back(HostError(node, hosts->where[i], "wg show", results[i].message()));
      continue;
    }
    nodes[node] = {{"host", hosts->where[i]}, {"wg_show", out[i]}};
    if (!options.json_output) std::cout << "== " << hosts->labels[i] << "\n" << out[i] << "\n";
  }
  if (options.json_output)
    PrintJson(Json{{"mesh", hosts->spec.name}, {"nodes", nodes}}, "show", errors.empty(), errors,
              std::cout);
  return errors.empty() ? kExitOk : kExitFailure;
}

}  // namespace wgmesh::cli
