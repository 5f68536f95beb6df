// The `wgmesh` command: reads a mesh.yaml as the original `mesh` tool did.
// Exit status: 0 ok, 1 failure, 2 usage (cli/result.h; docs/cli.md).
#include <algorithm>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/result.h"
#include "version/version.h"

int main(int argc, char** argv) {
  using namespace wgmesh::cli;
  const std::vector<std::string> args(argv + 1, argv + argc);
  auto options = ParseGlobalOptions(args);
  if (!options.ok()) {
    // The options could not be read, so look for -J itself.
    GlobalOptions fallback;
    fallback.json_output = std::any_of(args.begin(), args.end(), [](const std::string& a) {
      return a == "-J" || a == "--json-out";
    });
    return UsageError(fallback, "", options.status().message(), kUsage);
  }
  if (options->command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (options->command == "version") {
    std::cout << "wgmesh " << wgmesh::Version() << "\n";
    return kExitOk;
  }
  const std::map<std::string, int (*)(const GlobalOptions&)> commands = {
      {"check", RunCheck}, {"render", RunRender}, {"up", RunUp},     {"sync", RunSync},
      {"down", RunDown},   {"plan", RunPlan},     {"info", RunInfo}, {"show", RunShow},
      {"graph", RunGraph}};
  auto it = commands.find(options->command);
  if (it == commands.end())
    return UsageError(*options, "", "unknown command " + options->command, kUsage);
  return it->second(*options);
}
