// The `wgmesh` command: reads a mesh.yaml as the original `mesh` tool did.
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/options.h"
#include "version/version.h"

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
  if (options->command == "version") {
    std::cout << "wgmesh " << wgmesh::Version() << "\n";
    return 0;
  }
  const std::map<std::string, int (*)(const GlobalOptions&)> commands = {
      {"check", RunCheck}, {"render", RunRender}, {"up", RunUp},     {"sync", RunSync},
      {"down", RunDown},   {"plan", RunPlan},     {"info", RunInfo}, {"show", RunShow}};
  auto it = commands.find(options->command);
  if (it == commands.end()) {
    std::cerr << "wgmesh: unknown command " << options->command << "\n\n" << kUsage;
    return 2;
  }
  return it->second(*options);
}
