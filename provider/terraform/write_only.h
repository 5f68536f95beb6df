// Write-only variants of a Node connection's secrets: `private_key_wo` and
// `password_wo` inside wgmesh_node's `connection`. Terraform and OpenTofu
// (write-only attributes: Terraform >= 1.11, OpenTofu >= 1.11) never store
// them in plan or state. Terraform-only, so the adapter handles them:
// - the schema marks them write_only (and sensitive);
// - ValidateResourceConfig rejects them when the engine cannot send them
//   (client_capabilities.write_only_attributes_allowed false);
// - plans and states hold null for them;
// - ApplyResourceChange hands them from the configuration to the handler as
//   Context::connection_secrets, used for the create or update only. A
//   destroy and a refresh get no configuration from Terraform, so they use
//   the provider's credentials: the documented, recommended place for keys.
#ifndef WGMESH_PROVIDER_TERRAFORM_WRITE_ONLY_H_
#define WGMESH_PROVIDER_TERRAFORM_WRITE_ONLY_H_

#include <map>
#include <string>
#include <string_view>

#include "google/protobuf/repeated_ptr_field.h"
#include "provider/resources/resource.h"
#include "provider/terraform/cty_type.h"
#include "provider/value.h"
#include "tfplugin6.pb.h"

namespace wgmesh::terraform {

// Adds the write-only attributes of the object type `token` (none for most).
void AddWriteOnlyAttributes(std::string_view token,
                            google::protobuf::RepeatedPtrField<tfplugin6::Schema::Attribute>* out);
void AddWriteOnlyTypes(std::string_view token, std::map<std::string, CtyType>* attributes);

// Errors for write-only values set when the engine does not support them.
resources::Diagnostics CheckWriteOnly(const Value& config, bool engine_supports);
// `state` with every write-only attribute null.
Value WithoutWriteOnly(const Value& state);
// The write-only values of `config` as the connection fields they stand for
// ({"private_key": ...}); null when there are none.
Value WriteOnlySecrets(const Value& config);

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_WRITE_ONLY_H_
