// The CLI keeps no state: the keys of a mesh are read back from its hosts (the
// NodePlan JSON each host got at /etc/wireguard/wg-<mesh>.json), and only
// nodes without one get fresh keys.
//
// A host that cannot be read is not "new": its peers still know its public
// key, preshared keys and tunnel address from their own configs, and the plan
// keeps those, so a host that is down for a while never gets its peers
// re-keyed against it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/hosts.h"
#include "cli/options.h"
#include "core/plan.h"
#include "core/spec.h"
#include "core/ssh/session.h"

namespace wgmesh::cli {

// A mesh and how to reach each of its nodes, in MeshSpec::nodes order.
struct MeshHosts {
  MeshSpec spec;
  std::vector<std::string> labels;  // "mesh1 (n1)": what progress and summaries show
  std::vector<std::string> where;   // "n1": the node's `ssh` as written
  std::vector<ssh::ConnectOptions> connections;
};

// Resolves every node's `ssh`. Errors are printed to `err` (file: field: rule).
absl::StatusOr<MeshHosts> ResolveHosts(const MeshSpec& spec, const GlobalOptions& options,
                                       std::ostream& err);

struct InstalledConfigs {
  std::vector<std::optional<NodePlan>> plans;  // per node; nullopt: new or unreadable
  std::vector<absl::Status> status;            // per node: OK, NOT_FOUND (new) or the error
  bool is_new(size_t i) const { return absl::IsNotFound(status[i]); }
  bool readable(size_t i) const { return status[i].ok() || is_new(i); }
};

// Reads every host's installed config in parallel.
InstalledConfigs ReadInstalledConfigs(const MeshHosts& hosts, Progress& progress,
                                      const ssh::CancelToken* cancel);

// Plans the mesh with the keys read back; fresh random keys for new nodes.
absl::StatusOr<MeshPlan> PlanFromHosts(const MeshSpec& spec, const InstalledConfigs& installed);

}  // namespace wgmesh::cli

namespace wgmesh::cli {

// What every host command starts with: the mesh description loaded and
// validated, and every node's connection resolved. Errors are printed.
absl::StatusOr<MeshHosts> LoadMeshHosts(const GlobalOptions& options, std::ostream& err);

// Cancelled by SIGINT (a second SIGINT kills): host operations stop promptly.
const ssh::CancelToken* InterruptToken();

}  // namespace wgmesh::cli
