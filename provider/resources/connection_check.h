// The rules on what the providers connect with, shared by Terraform and
// Pulumi: the Node's `connection` and the provider configuration (connection
// defaults, parallelism, command_timeout). The string fields follow the rules
// the CLI applies to mesh.yaml's `ssh` (core/connection_rules.h); each error
// names the attribute path, the value and the rule. Secrets are not checked.
#ifndef WGMESH_PROVIDER_RESOURCES_CONNECTION_CHECK_H_
#define WGMESH_PROVIDER_RESOURCES_CONNECTION_CHECK_H_

#include "provider/resources/resource.h"
#include "provider/value.h"

namespace wgmesh::resources {

// A Node's `connection` (snake_case inputs; unknown values are skipped).
Diagnostics CheckNodeConnection(const Value& connection);

// The provider configuration (snake_case): Terraform's ValidateProviderConfig
// and Pulumi's CheckConfig.
Diagnostics CheckProviderConfig(const Value& config);

}  // namespace wgmesh::resources

#endif  // WGMESH_PROVIDER_RESOURCES_CONNECTION_CHECK_H_
