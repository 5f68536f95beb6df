// The `wgmesh` subcommands, one file each. Each returns the process exit code
// and prints its own errors.
#pragma once

#include "cli/options.h"

namespace wgmesh::cli {

int RunCheck(const GlobalOptions& options);   // check_command.cc
int RunRender(const GlobalOptions& options);  // render_command.cc
int RunUp(const GlobalOptions& options);      // up.cc
int RunSync(const GlobalOptions& options);    // sync.cc
int RunDown(const GlobalOptions& options);    // down.cc
int RunPlan(const GlobalOptions& options);    // plan.cc
int RunInfo(const GlobalOptions& options);    // info.cc
int RunShow(const GlobalOptions& options);    // show.cc
int RunGraph(const GlobalOptions& options);   // graph_command.cc

}  // namespace wgmesh::cli
