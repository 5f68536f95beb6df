// The Terraform schema, derived at start-up from the package schema
// (provider/resources/schema.h): snake_case names, `secret` -> sensitive,
// markdown descriptions, named object types as nested attributes (SINGLE,
// or MAP for a map of objects). Inputs with a schema default are
// optional+computed (the handlers fill the default into the plan); outputs
// are computed.
#ifndef WGMESH_PROVIDER_TERRAFORM_TF_SCHEMA_H_
#define WGMESH_PROVIDER_TERRAFORM_TF_SCHEMA_H_

#include <map>
#include <string>

#include "provider/resources/schema.h"
#include "provider/terraform/cty_type.h"
#include "tfplugin6.pb.h"

namespace wgmesh::terraform {

inline constexpr int64_t kResourceSchemaVersion = 0;

struct ResourceType {
  std::string type_name;  // "wgmesh_mesh"
  std::string token;      // "wgmesh:index:Mesh"
  tfplugin6::Schema schema;
  CtyType type;  // the object type of a state/config value
};

struct ProviderSchema {
  tfplugin6::Schema provider;
  CtyType provider_type;
  std::map<std::string, ResourceType> resources;  // by type_name
};

// Built once from the embedded schema.
const ProviderSchema& TerraformSchema();

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_TF_SCHEMA_H_
