// Meshes the unit tests share: parsed from text, validated, planned.
#pragma once

#include <string>

#include "core/plan.h"
#include "core/spec.h"
#include "core/spec_parse.h"

namespace wgmesh::testing {

std::string ReadSourceFile(const std::string& relative_path);
// Parses YAML; fails the test on type errors.
MeshSpec SpecFromYaml(const std::string& yaml);
MeshSpec SpecFromFile(const std::string& relative_path);
// A full (or partial) mesh of `n` nodes n000, n001, ... on 10.0.0.0/16 (or
// fd00::/64 when ipv6), each with an endpoint.
MeshSpec GeneratedMesh(int n, bool full, bool ipv6 = false);
Key TestSeed(uint8_t fill = 7);
MeshPlan PlanOrDie(const MeshSpec& spec, const Key& seed);

}  // namespace wgmesh::testing
