// Global flags of the `wgmesh` command, as the original `mesh` tool had them:
//   wgmesh [-f FILE|-] [-j] [-J] [-q] [--ssh-config FILE] COMMAND [ARGS...]
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
  std::string ssh_config;          // --ssh-config; "" = ~/.ssh/config
  std::string command;
  std::vector<std::string> args;   // after the command
};

// Parses argv; an error names the offending argument.
absl::StatusOr<GlobalOptions> ParseGlobalOptions(const std::vector<std::string>& argv);

inline constexpr char kUsage[] =
    "usage: wgmesh [-f FILE|-] [-j] [-J] [-q] [--ssh-config FILE] COMMAND [ARGS...]\n"
    "\n"
    "Brings up and manages L2-bridged WireGuard meshes described in a mesh.yaml.\n"
    "Keys live only on the hosts: every command reads them back over SSH.\n"
    "\n"
    "options:\n"
    "  -f, --file FILE     the mesh description (default mesh.yaml; - reads standard input)\n"
    "  -j, --json          the input is JSON (default: by file extension)\n"
    "  -J, --json-out      print JSON\n"
    "  -q, --quiet         print only errors\n"
    "  --ssh-config FILE   where `ssh` host aliases are looked up (default ~/.ssh/config)\n"
    "  --version           print wgmesh's version\n"
    "\n"
    "commands:\n"
    "  up [-i]     bring every node up (or up to date); -i prints info after\n"
    "  down [-r]   take every node down; -r also removes the configs (and keys);\n"
    "              --skip-unreachable leaves out hosts that cannot be reached\n"
    "  sync        the same as up, for users of the original tool\n"
    "  plan        what `up` would change on each host; changes nothing;\n"
    "              --detailed-exitcode exits 2 when there are changes\n"
    "  info        state of the mesh and of every node (YAML, or JSON with -J)\n"
    "  show        `wg show` of every node, keys hidden unless --show-keys\n"
    "  graph       the mesh as a Graphviz picture (DOT, SVG, PNG); --from-spec:\n"
    "              the planned topology, touching no host\n"
    "  check       validate the mesh description; touches no host\n"
    "  render      print each node's configuration (secrets redacted); touches no host\n"
    "\n"
    "Run `wgmesh COMMAND --help` for a command's options.\n"
    "\n"
    "Exit status: 0 ok, 1 failure (a spec error, or a host failed), 2 usage.\n"
    "With -J every command prints one JSON document (format_version 1), errors too.\n";

}  // namespace wgmesh::cli
