// Reads the mesh description named by the global options, parses and
// validates it. Problems are printed to `err` prefixed with the file name;
// warnings do not stop it, errors do (nothing else runs then). Every problem
// found is also appended to `problems` when given (for -J).
#pragma once

#include <ostream>

#include "absl/status/statusor.h"
#include "cli/options.h"
#include "core/problems.h"
#include "core/spec.h"

namespace wgmesh::cli {

absl::StatusOr<MeshSpec> LoadMesh(const GlobalOptions& options, std::ostream& err,
                                  Problems* problems = nullptr);

}  // namespace wgmesh::cli
