// Mesh inputs (a Value) -> the core's MeshSpec, with the core's problems as
// diagnostics on Value paths. Unknown inputs are left out and only what can be
// judged without them is reported.
#ifndef WGMESH_PROVIDER_RESOURCES_MESH_SPEC_H_
#define WGMESH_PROVIDER_RESOURCES_MESH_SPEC_H_

#include "core/problems.h"
#include "core/spec.h"
#include "provider/resources/resource.h"
#include "provider/resources/schema.h"
#include "provider/value.h"

namespace wgmesh::resources {

struct MeshInputs {
  MeshSpec spec;
  bool known = false;  // the inputs were wholly known; spec is complete and validated
  Diagnostics diagnostics;
};

MeshInputs ReadMeshInputs(const Value& inputs);

// Each problem as a diagnostic on its attribute path, typed by `properties`.
Diagnostics ToDiagnostics(const Problems& problems, const std::vector<Property>& properties,
                          std::string_view what);

// A copy without null members and without unknowns (members, list elements).
Value WithoutNullsAndUnknowns(const Value& v);

}  // namespace wgmesh::resources

#endif  // WGMESH_PROVIDER_RESOURCES_MESH_SPEC_H_
