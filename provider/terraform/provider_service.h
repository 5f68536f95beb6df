// tfplugin6.Provider: the RPCs Terraform/OpenTofu call, translated onto the
// protocol-neutral resource handlers. No mesh logic here: decode, call, encode.
// Every RPC catches everything and answers with diagnostics; gRPC error
// statuses are never returned for a request that reached a handler.
// StopProvider cancels in-flight host operations (the handlers' CancelToken);
// ConfigureProvider starts a fresh token, so a process Terraform reattaches to
// (TF_REATTACH_PROVIDERS, -debug) works again after a stop.
#ifndef WGMESH_PROVIDER_TERRAFORM_PROVIDER_SERVICE_H_
#define WGMESH_PROVIDER_TERRAFORM_PROVIDER_SERVICE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/cancel.h"
#include "provider/resources/resource.h"
#include "provider/terraform/log.h"
#include "provider/terraform/tf_schema.h"
#include "tfplugin6.grpc.pb.h"

namespace wgmesh::terraform {

class ProviderService final : public tfplugin6::Provider::Service {
 public:
  // `resources` by token ("wgmesh:index:Mesh"); a schema resource without a
  // handler is still in the schema but its operations answer an error.
  ProviderService(std::map<std::string, std::unique_ptr<resources::Resource>> resources,
                  Logger* logger);

  grpc::Status GetMetadata(grpc::ServerContext*, const tfplugin6::ProviderMetadata::Request*,
                           tfplugin6::ProviderMetadata::Response*) override;
  grpc::Status GetProviderSchema(grpc::ServerContext*, const tfplugin6::GetProviderSchema::Request*,
                                 tfplugin6::GetProviderSchema::Response*) override;
  grpc::Status ValidateProviderConfig(grpc::ServerContext*,
                                      const tfplugin6::ValidateProviderConfig::Request*,
                                      tfplugin6::ValidateProviderConfig::Response*) override;
  grpc::Status ValidateResourceConfig(grpc::ServerContext*,
                                      const tfplugin6::ValidateResourceConfig::Request*,
                                      tfplugin6::ValidateResourceConfig::Response*) override;
  grpc::Status UpgradeResourceState(grpc::ServerContext*,
                                    const tfplugin6::UpgradeResourceState::Request*,
                                    tfplugin6::UpgradeResourceState::Response*) override;
  grpc::Status GetResourceIdentitySchemas(grpc::ServerContext*,
                                          const tfplugin6::GetResourceIdentitySchemas::Request*,
                                          tfplugin6::GetResourceIdentitySchemas::Response*) override;
  grpc::Status ConfigureProvider(grpc::ServerContext*, const tfplugin6::ConfigureProvider::Request*,
                                 tfplugin6::ConfigureProvider::Response*) override;
  grpc::Status ReadResource(grpc::ServerContext*, const tfplugin6::ReadResource::Request*,
                            tfplugin6::ReadResource::Response*) override;
  grpc::Status PlanResourceChange(grpc::ServerContext*,
                                  const tfplugin6::PlanResourceChange::Request*,
                                  tfplugin6::PlanResourceChange::Response*) override;
  grpc::Status ApplyResourceChange(grpc::ServerContext*,
                                   const tfplugin6::ApplyResourceChange::Request*,
                                   tfplugin6::ApplyResourceChange::Response*) override;
  grpc::Status ImportResourceState(grpc::ServerContext*,
                                   const tfplugin6::ImportResourceState::Request*,
                                   tfplugin6::ImportResourceState::Response*) override;
  grpc::Status StopProvider(grpc::ServerContext*, const tfplugin6::StopProvider::Request*,
                            tfplugin6::StopProvider::Response*) override;

  // The token operations starting now receive; cancelled by StopProvider or
  // CancelAll(), replaced by ConfigureProvider.
  std::shared_ptr<const CancelToken> cancel_token() const { return cancel_.Current(); }
  void CancelAll() { cancel_.CancelAll(); }

 private:
  struct Handler {
    const ResourceType* type = nullptr;
    resources::Resource* resource = nullptr;
  };
  // Null `resource` with an error diagnostic added when the type is unknown.
  Handler Find(const std::string& type_name,
               google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* diags) const;
  resources::Context MakeContext() const;

  std::map<std::string, std::unique_ptr<resources::Resource>> resources_;
  Logger* logger_;
  CancelSource cancel_;
  mutable std::mutex mu_;
  Value provider_config_;  // set by ConfigureProvider
};

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_PROVIDER_SERVICE_H_
