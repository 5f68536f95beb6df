// `wgmesh up [-i]`: brings every node up, or up to date.
#include <iostream>

#include "cli/apply.h"
#include "cli/commands.h"
#include "cli/result.h"

namespace wgmesh::cli {
namespace {

constexpr char kUpUsage[] =
    "usage: wgmesh [-f FILE] [-J] [-q] [--ssh-config FILE] up [-i] [--adopt]\n"
    "\n"
    "Brings every node of the mesh up, or up to date, over SSH, all hosts in\n"
    "parallel. Keys are read back from the hosts; only new nodes get fresh keys.\n"
    "Only what differs is changed: peers change live, and an interface restarts\n"
    "only when its own identity (key, listen port, address) changed. On a mesh that\n"
    "is up it changes nothing and says so. A failure on one host leaves the others\n"
    "configured; the exit status is then 1 and the failed hosts and steps are named.\n"
    "\n"
    "  -i        print `wgmesh info` afterwards\n"
    "  --adopt   migrate a mesh the original `mesh` tool deployed to wgmesh's\n"
    "            layout, keeping every key and tunnel address (`wgmesh plan`\n"
    "            shows it first); each node's WireGuard sessions restart once\n";

}  // namespace

int RunUp(const GlobalOptions& options) {
  ApplyMode mode{.command = "up"};
  for (const auto& a : options.args) {
    if (a == "-i" || a == "--info") {  // the original's spellings
      mode.info_after = true;
    } else if (a == "--adopt") {
      mode.adopt = true;
    } else {
      return UsageOrHelp(options, "up", a, kUpUsage);
    }
  }
  return ApplyMesh(options, mode);
}

}  // namespace wgmesh::cli
