// Runs a local command for tests that check what a real program makes of
// wgmesh's output (wg, sh).
#pragma once

#include <string>

namespace wgmesh::testing {

// Runs `command` through /bin/sh with `input` on its stdin; returns its stdout
// without trailing newlines. Fails the test if the command exits non-zero.
std::string RunWithStdin(const std::string& command, const std::string& input);

}  // namespace wgmesh::testing
