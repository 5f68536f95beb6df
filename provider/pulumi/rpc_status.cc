#include "provider/pulumi/rpc_status.h"

#include <google/protobuf/any.pb.h>

#include "absl/strings/str_join.h"
#include "google/rpc/status.pb.h"
#include "pulumi/provider.pb.h"

namespace wgmesh::pulumi {

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbers.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

grpc::Status InitFailed(const std::string& id, const google::protobuf::Struct& properties,
                        const google::protobuf::Struct& inputs,
                        const std::vector<std::string>& reasons) {
  pulumirpc::ErrorResourceInitFailed detail;
  detail.set_id(id);
  *detail.mutable_properties() = properties;
  *detail.mutable_inputs() = inputs;
  for (const std::string& r : reasons) detail.add_reasons(r);

  const std::string message = absl::StrJoin(reasons, "; ");
  google::rpc::Status rich;
  rich.set_code(grpc::StatusCode::UNKNOWN);
  rich.set_message(message);
  rich.add_details()->PackFrom(detail, "type.googleapis.com");
  return grpc::Status(grpc::StatusCode::UNKNOWN, message, rich.SerializeAsString());
}

}  // namespace wgmesh::pulumi
