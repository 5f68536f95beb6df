// Validation of a MeshSpec before anything is planned or any host touched.
// Returns every problem at once; each names the attribute path, the value and
// the rule. Warnings (asymmetric peers lists, peers on a full mesh) do not
// stop a plan.
#pragma once

#include "core/problems.h"
#include "core/spec.h"

namespace wgmesh {

Problems ValidateMesh(const MeshSpec& spec);

}  // namespace wgmesh
