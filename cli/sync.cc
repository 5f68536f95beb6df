// `wgmesh sync`: brings the nodes that are part of the mesh up to date.
#include <iostream>

#include "cli/apply.h"
#include "cli/commands.h"

namespace wgmesh::cli {

int RunSync(const GlobalOptions& options) {
  if (!options.args.empty()) {
    std::cout << "usage: wgmesh [-f FILE] [-J] [-q] [--ssh-config FILE] sync\n"
                 "\n"
                 "Brings every node that already has this mesh's config up to date with the\n"
                 "mesh description (endpoints, ports, priorities, peers) without dropping the\n"
                 "sessions of peers that did not change. Nodes without a config are left alone\n"
                 "(`wgmesh up` adds them). Exit status 0 when everything is in sync.\n";
    return options.args[0] == "--help" ? 0 : 2;
  }
  return ApplyMesh(options, {.command = "sync", .create_new = false});
}

}  // namespace wgmesh::cli
