// The `wgmesh` command: reads a mesh.yaml as the original `mesh` tool did.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"

int main(int argc, char** argv) {
  using namespace wgmesh::cli;
  auto options = ParseGlobalOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!options.ok()) {
    std::cerr << "wgmesh: " << options.status().message() << "\n\n" << kUsage;
    return 2;
  }
  if (options->command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (options->command == "check") return RunCheck(*options);
  if (options->command == "render") return RunRender(*options);
  std::cerr << "wgmesh: unknown command " << options->command << "\n\n" << kUsage;
  return 2;
}
