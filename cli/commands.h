// The `wgmesh` subcommands. Each returns the process exit code and prints
// its own errors.
#pragma once

#include "cli/options.h"

namespace wgmesh::cli {

int RunCheck(const GlobalOptions& options);
int RunRender(const GlobalOptions& options);

}  // namespace wgmesh::cli
