// What `up` and `sync` share: read the keys back from every host, plan, and
// reconcile every host in parallel. A failure on one host leaves the others
// as they are (configured, never torn down); nothing is ever deleted here.
#pragma once

#include "cli/options.h"

namespace wgmesh::cli {

struct ApplyMode {
  const char* command;      // "up" | "sync": for messages
  bool info_after = false;  // -i
  bool adopt = false;       // --adopt: migrate meshes the original tool deployed
};

int ApplyMesh(const GlobalOptions& options, const ApplyMode& mode);

}  // namespace wgmesh::cli
