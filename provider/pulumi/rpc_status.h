// gRPC statuses for the provider's replies.
//
// Pulumi reads INTERNAL, UNKNOWN and DATA_LOSS as "state may be corrupt", so
// ordinary failures (bad input, host unreachable, cancelled) keep their own
// codes. A Create/Update that failed after changing something carries a
// pulumirpc.ErrorResourceInitFailed detail with the partial state, which the
// engine records so the next `up` updates instead of re-creating.
#ifndef WGMESH_PROVIDER_PULUMI_RPC_STATUS_H_
#define WGMESH_PROVIDER_PULUMI_RPC_STATUS_H_

#include <string>
#include <vector>

#include <google/protobuf/struct.pb.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace wgmesh::pulumi {

grpc::Status ToGrpc(const absl::Status& status);

// An UNKNOWN status whose details hold ErrorResourceInitFailed{id, properties,
// reasons, inputs}. UNKNOWN is the code the engine itself uses for this error:
// the state it records is exactly the detail's.
grpc::Status InitFailed(const std::string& id, const google::protobuf::Struct& properties,
                        const google::protobuf::Struct& inputs,
                        const std::vector<std::string>& reasons);

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_RPC_STATUS_H_
