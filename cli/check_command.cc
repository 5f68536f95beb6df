#include <iostream>

#include "cli/commands.h"
#include "cli/load_mesh.h"

namespace wgmesh::cli {

int RunCheck(const GlobalOptions& options) {
  if (!options.args.empty()) {
    std::cout << "usage: wgmesh [-f FILE] check\n\nValidates the mesh description and prints "
                 "every problem with its field path. Touches no host.\n";
    return options.args[0] == "--help" ? 0 : 2;
  }
  auto spec = LoadMesh(options, std::cerr);
  if (!spec.ok()) {
    std::cerr << "wgmesh: " << spec.status().message() << "\n";
    return 1;
  }
  if (!options.quiet)
    std::cout << "mesh " << spec->name << ": " << spec->nodes.size() << " nodes, valid\n";
  return 0;
}

}  // namespace wgmesh::cli
