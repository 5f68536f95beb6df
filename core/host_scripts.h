// The shell scripts a host operation sends (each on one channel's stdin, run
// by /bin/sh; never in argv). Every word from user input is validated
// upstream and quoted here. Output is machine-readable: sections headed
// "@@wgmesh <name>" (parsed by live_state.h), "@@step <description>" before
// each change, and "@@fail <description>" when a step fails.
#pragma once

#include <string>
#include <string_view>

#include "core/plan.h"
#include "core/reconcile.h"

namespace wgmesh {

// Reads the live state of `mesh` on the host (no changes).
std::string ReadScript(std::string_view mesh);

// Preflight (tools, kernel support for the link kinds about to be created,
// the listen port, extra bridge ports exist) before any change; then the
// file writes and the steps of `r`; then the read script again, to verify.
std::string ApplyScript(const NodePlan& desired, const Reconciliation& r,
                        std::string_view config_text, std::string_view plan_config_text);

// Removes the links of `mesh` (and its files when `remove_config`), disables
// the boot unit, then reads back.
std::string TeardownScript(std::string_view mesh, bool remove_config);

// Prints "@@wgmesh found" and the NodePlan JSON, or "@@wgmesh absent".
std::string ReadInstalledConfigScript(std::string_view mesh);

}  // namespace wgmesh
