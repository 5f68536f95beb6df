// What the fuzz targets share: a fixed, valid mesh and node plan to reconcile
// fuzzed host state against, and the invariant checks that turn a wrong
// result into a crash libFuzzer reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/plan.h"

namespace wgmesh::fuzz {

// The fuzzer's bytes as text.
inline std::string_view Text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A small valid mesh (3 nodes, one with a bridge port) planned with a fixed seed.
const MeshPlan& SampleMeshPlan();

// Aborts with `what` on stderr when `ok` is false: an invariant broke.
void Require(bool ok, std::string_view what);

// Checks what must hold for every node plan wgmesh accepts or produces: its
// canonical JSON reads back without problems to the same plan, and it renders.
void CheckNodePlanInvariants(const NodePlan& plan);

}  // namespace wgmesh::fuzz
