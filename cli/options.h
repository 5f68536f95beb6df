// Global flags of the `wgmesh` command, as the original `mesh` tool had them:
//   wgmesh [-f FILE|-] [-j] [-J] [-q] COMMAND [ARGS...]
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wgmesh::cli {

struct GlobalOptions {
  std::string file = "mesh.yaml";  // "-" reads standard input
  bool json_input = false;         // -j; also implied by a .json file name
  bool json_output = false;        // -J
  bool quiet = false;              // -q: only errors
  std::string command;
  std::vector<std::string> args;   // after the command
};

// Parses argv; an error names the offending argument.
absl::StatusOr<GlobalOptions> ParseGlobalOptions(const std::vector<std::string>& argv);

inline constexpr char kUsage[] =
    "usage: wgmesh [-f FILE|-] [-j] [-J] [-q] COMMAND [ARGS...]\n"
    "\n"
    "Brings up and manages L2-bridged WireGuard meshes described in a mesh.yaml.\n"
    "\n"
    "options:\n"
    "  -f FILE   the mesh description (default mesh.yaml; - reads standard input)\n"
    "  -j        the input is JSON (default: by file extension)\n"
    "  -J        print JSON\n"
    "  -q        print only errors\n"
    "\n"
    "commands:\n"
    "  check     validate the mesh description; touches no host\n"
    "  render    print each node's configuration (secrets redacted); touches no host\n"
    "\n"
    "Run `wgmesh COMMAND --help` for a command's options.\n";

}  // namespace wgmesh::cli
