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
#include "core/original_config.h"
#include "core/plan.h"
#include "core/problems.h"
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

// Resolves every node's `ssh`. Errors are printed to `err` (file: field: rule)
// and appended to `problems` when given (path nodes.<node>.ssh).
absl::StatusOr<MeshHosts> ResolveHosts(const MeshSpec& spec, const GlobalOptions& options,
                                       std::ostream& err, Problems* problems = nullptr);

struct InstalledConfigs {
  std::vector<std::optional<NodePlan>> plans;  // per node; nullopt: new or unreadable
  std::vector<absl::Status> status;            // per node: OK, NOT_FOUND (new) or the error
  // Per node: the connection the config was read on, kept open for the
  // command's next operation on the host (which reuses that read).
  std::vector<std::optional<NodeHost>> hosts;
  // Per node: a mesh the original tool deployed there, to adopt (its keys
  // are the plan's), and what it has on the host.
  std::vector<std::optional<OriginalConfig>> originals;
  std::vector<std::vector<std::string>> original_objects;
  bool adopting(size_t i) const { return originals[i].has_value(); }
  bool is_new(size_t i) const { return absl::IsNotFound(status[i]); }
  bool readable(size_t i) const { return status[i].ok() || is_new(i); }
};

// Connects to every host and reads its installed config (and live state), in
// parallel: one round trip per host.
InstalledConfigs ReadInstalledConfigs(const MeshHosts& hosts, Progress& progress,
                                      const ssh::CancelToken* cancel);

// What adopting node `i` (installed.adopting(i)) does, one line for plans
// and errors.
std::string DescribeAdoption(const MeshSpec& spec, const InstalledConfigs& installed, size_t i);

// Plans the mesh with the keys read back (from wgmesh's node configs, or from
// the original tool's configs of a mesh to adopt); fresh random keys for new
// nodes.
absl::StatusOr<MeshPlan> PlanFromHosts(const MeshSpec& spec, const InstalledConfigs& installed);

}  // namespace wgmesh::cli

namespace wgmesh::cli {

// What every host command starts with: the mesh description loaded and
// validated, and every node's connection resolved. Errors are printed (and
// appended to `problems` when given).
absl::StatusOr<MeshHosts> LoadMeshHosts(const GlobalOptions& options, std::ostream& err,
                                        Problems* problems = nullptr);

// Cancelled by SIGINT (a second SIGINT kills): host operations stop promptly.
const ssh::CancelToken* InterruptToken();

}  // namespace wgmesh::cli
