// `wgmesh sync`: brings the nodes that are part of the mesh up to date.
#include <iostream>

#include "cli/apply.h"
#include "cli/commands.h"
#include "cli/result.h"

namespace wgmesh::cli {
namespace {

constexpr char kSyncUsage[] =
    "usage: wgmesh [-f FILE] [-J] [-q] [--ssh-config FILE] sync\n"
    "\n"
    "Brings every node up to date with the mesh description (endpoints, ports,\n"
    "priorities, peers) without dropping the sessions of peers that did not\n"
    "change: the same reconciliation as `up`, which never restarts what it need\n"
    "not, kept for users of the original tool. Exit status 0 when in sync.\n";

}  // namespace

int RunSync(const GlobalOptions& options) {
  if (!options.args.empty())
    return UsageOrHelp(options, "sync", options.args[0], kSyncUsage);
  return ApplyMesh(options, {.command = "sync"});
}

}  // namespace wgmesh::cli
