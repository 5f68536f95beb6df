// A Node's `connection` (plus the provider's defaults) -> ssh::ConnectOptions.
//
// Precedence for each setting: the Node's connection, then the provider
// configuration, then the schema default. Settings with a schema default
// (user, port, timeouts, insecure_skip_host_key_check) are resolved into the
// planned state by ResolveConnectionDefaults, so state shows what is used;
// credentials without one (private_key, known_hosts_file, proxy, ...) stay
// null in state and are taken from the provider when the connection is made,
// so provider-level secrets are not copied into every node's state.
#ifndef WGMESH_PROVIDER_RESOURCES_NODE_CONNECTION_H_
#define WGMESH_PROVIDER_RESOURCES_NODE_CONNECTION_H_

#include "absl/status/statusor.h"
#include "core/ssh/session.h"
#include "provider/value.h"

namespace wgmesh::resources {

// `connection` with null defaulted settings filled from the provider or the schema.
Value ResolveConnectionDefaults(const Value& connection, const Value& provider_config);

// Fails (InvalidArgument) when host is missing or a number is out of range.
absl::StatusOr<ssh::ConnectOptions> ToConnectOptions(const Value& connection,
                                                     const Value& provider_config);

}  // namespace wgmesh::resources

#endif  // WGMESH_PROVIDER_RESOURCES_NODE_CONNECTION_H_
