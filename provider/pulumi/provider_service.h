// The pulumirpc.ResourceProvider service: translates each RPC between
// protobuf Structs (camelCase, Pulumi secrets and unknowns) and the
// protocol-neutral resource handlers (snake_case Values). No mesh logic here.
//
// RPC -> handler:
//   Check              Resource::Check; each error diagnostic is a CheckFailure
//                      at its camelCase property path; warnings go to Engine.Log
//   Diff               Resource::Plan for replacements; changed inputs compared
//                      with the old inputs; never DIFF_UNKNOWN
//   Create / Update    Resource::Plan, then (unless preview) Create / Update;
//                      a partial failure returns ErrorResourceInitFailed
//   Read               Resource::Read (refresh; null state = gone), or Import
//                      then Read when only an id is given (pulumi import)
//   Delete             Resource::Delete
//   (Create, Update and Delete pass the request's customTimeouts `timeout` on)
//   Cancel             cancels every host operation of this configuration
//   Configure          also renews the cancel token (core/cancel.h)
// Every handler catches everything: no exception reaches gRPC.
#ifndef WGMESH_PROVIDER_PULUMI_PROVIDER_SERVICE_H_
#define WGMESH_PROVIDER_PULUMI_PROVIDER_SERVICE_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/cancel.h"
#include "provider/pulumi/engine_log.h"
#include "provider/pulumi/schema.h"
#include "provider/resources/resource.h"
#include "provider/value.h"
#include "pulumi/provider.grpc.pb.h"

namespace wgmesh::pulumi {

// "urn:pulumi:dev::proj::parent$wgmesh:index:Node::n1" -> "wgmesh:index:Node".
std::string TypeFromUrn(std::string_view urn);

class ProviderService final : public pulumirpc::ResourceProvider::Service {
 public:
  // `log` must outlive the service.
  ProviderService(std::vector<std::unique_ptr<resources::Resource>> resources, EngineLog* log);

  // Aborts in-flight host work (the Cancel RPC and SIGINT). Configure starts
  // a fresh token: a reused plugin process (PULUMI_DEBUG_PROVIDERS) works
  // again in the next deployment.
  void CancelAll() { cancel_.CancelAll(); }

  using Ctx = grpc::ServerContext;
  grpc::Status Handshake(Ctx*, const pulumirpc::ProviderHandshakeRequest*,
                         pulumirpc::ProviderHandshakeResponse*) override;
  grpc::Status GetPluginInfo(Ctx*, const google::protobuf::Empty*,
                             pulumirpc::PluginInfo*) override;
  grpc::Status GetSchema(Ctx*, const pulumirpc::GetSchemaRequest*,
                         pulumirpc::GetSchemaResponse*) override;
  grpc::Status Attach(Ctx*, const pulumirpc::PluginAttach*, google::protobuf::Empty*) override;
  grpc::Status CheckConfig(Ctx*, const pulumirpc::CheckRequest*,
                           pulumirpc::CheckResponse*) override;
  grpc::Status DiffConfig(Ctx*, const pulumirpc::DiffRequest*, pulumirpc::DiffResponse*) override;
  grpc::Status Configure(Ctx*, const pulumirpc::ConfigureRequest*,
                         pulumirpc::ConfigureResponse*) override;
  grpc::Status Check(Ctx*, const pulumirpc::CheckRequest*, pulumirpc::CheckResponse*) override;
  grpc::Status Diff(Ctx*, const pulumirpc::DiffRequest*, pulumirpc::DiffResponse*) override;
  grpc::Status Create(Ctx*, const pulumirpc::CreateRequest*, pulumirpc::CreateResponse*) override;
  grpc::Status Read(Ctx*, const pulumirpc::ReadRequest*, pulumirpc::ReadResponse*) override;
  grpc::Status Update(Ctx*, const pulumirpc::UpdateRequest*, pulumirpc::UpdateResponse*) override;
  grpc::Status Delete(Ctx*, const pulumirpc::DeleteRequest*, google::protobuf::Empty*) override;
  grpc::Status Cancel(Ctx*, const google::protobuf::Empty*, google::protobuf::Empty*) override;

 private:
  struct Target {
    resources::Resource* resource = nullptr;
    std::string token;
    grpc::Status status;  // not OK when the type is not ours
  };
  Target Find(const std::string& type, const std::string& urn) const;
  // `timeout_seconds`: the request's customTimeouts value (0 = none).
  resources::Context MakeContext(const std::string& urn, bool preview,
                                 double timeout_seconds = 0) const;
  // A diagnostic's text with its camelCase path in front, the path printed once.
  std::string Located(const resources::Diagnostic& d, const std::string& token) const;
  // Logs warning diagnostics (unless `log_warnings` is false: Check logged the
  // same ones already); returns the error ones joined, "" when none.
  std::string Report(const resources::Diagnostics& diagnostics, const std::string& token,
                     const std::string& urn, bool log_warnings = true) const;

  grpc::Status DoCheck(const pulumirpc::CheckRequest&, pulumirpc::CheckResponse*);
  grpc::Status DoDiff(const pulumirpc::DiffRequest&, pulumirpc::DiffResponse*);
  grpc::Status DoApply(const std::string& urn, const std::string& type, const std::string& id,
                       const google::protobuf::Struct* olds,
                       const google::protobuf::Struct& news, bool preview, double timeout,
                       std::string* id_out, google::protobuf::Struct* properties_out);
  grpc::Status DoRead(const pulumirpc::ReadRequest&, pulumirpc::ReadResponse*);
  grpc::Status DoDelete(const pulumirpc::DeleteRequest&);
  grpc::Status DoConfigure(const pulumirpc::ConfigureRequest&, pulumirpc::ConfigureResponse*);

  std::vector<std::unique_ptr<resources::Resource>> resources_;
  EngineLog* log_;
  const SchemaModel& schema_;  // the one model of the package schema
  CancelSource cancel_;
  mutable std::mutex mu_;
  Value provider_config_;  // guarded by mu_
};

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_PROVIDER_SERVICE_H_
