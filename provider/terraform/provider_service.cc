#include "provider/terraform/provider_service.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "provider/resources/connection_check.h"
#include "provider/terraform/diagnostics.h"
#include "provider/terraform/dynamic_value.h"
#include "provider/terraform/timeouts.h"
#include "provider/terraform/write_only.h"

namespace wgmesh::terraform {
namespace {

using Diags = google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>;

// Runs `body`, turning any exception into an error diagnostic: nothing escapes an RPC.
template <typename F>
grpc::Status Guard(std::string_view rpc, Diags* diags, Logger* logger, F body) {
  try {
    body();
  } catch (const std::exception& e) {
    AddError(absl::StrCat("Internal error in ", std::string(rpc)), e.what(), diags);
    if (logger) logger->Log("error", absl::StrCat(std::string(rpc), ": ", e.what()));
  } catch (...) {
    AddError(absl::StrCat("Internal error in ", std::string(rpc)), "unknown exception", diags);
  }
  return grpc::Status::OK;
}

// Decodes, or adds an error diagnostic and returns nullopt.
std::optional<Value> Decode(const tfplugin6::DynamicValue& dv, const CtyType& type,
                            std::string_view what, Diags* diags) {
  absl::StatusOr<Value> v = DecodeDynamicValue(dv, type);
  if (!v.ok()) {
    AddStatus(absl::StrCat("Cannot decode ", std::string(what)), v.status(), diags);
    return std::nullopt;
  }
  return *std::move(v);
}

bool Encode(const Value& v, const CtyType& type, tfplugin6::DynamicValue* out,
            std::string_view what, Diags* diags) {
  absl::StatusOr<tfplugin6::DynamicValue> dv = EncodeDynamicValue(v, type);
  if (!dv.ok()) {
    AddStatus(absl::StrCat("Cannot encode ", std::string(what)), dv.status(), diags);
    return false;
  }
  *out = *std::move(dv);
  return true;
}

void Capabilities(tfplugin6::ServerCapabilities* caps) { caps->set_plan_destroy(true); }

}  // namespace

ProviderService::ProviderService(
    std::map<std::string, std::unique_ptr<resources::Resource>> resources, Logger* logger)
    : resources_(std::move(resources)), logger_(logger) {}

ProviderService::Handler ProviderService::Find(const std::string& type_name, Diags* diags) const {
  Handler h;
  const auto& types = TerraformSchema().resources;
  auto t = types.find(type_name);
  if (t == types.end()) {
    AddError("Unknown resource type", absl::StrCat("wgmesh has no resource \"", type_name, "\""),
             diags);
    return h;
  }
  h.type = &t->second;
  auto r = resources_.find(t->second.token);
  if (r == resources_.end()) {
    AddError("Resource not available",
             absl::StrCat("\"", type_name, "\" is not supported by this build of the provider"),
             diags);
    return h;
  }
  h.resource = r->second.get();
  return h;
}

resources::Context ProviderService::MakeContext() const {
  resources::Context ctx;
  {
    std::lock_guard lock(mu_);
    ctx.provider_config = provider_config_;
  }
  ctx.cancel = cancel_.Current();
  Logger* logger = logger_;
  if (logger) {
    ctx.log = [logger](std::string_view level, std::string_view msg) { logger->Log(level, msg); };
    ctx.progress = [logger](std::string_view step) { logger->Log("info", step); };
  }
  return ctx;
}

grpc::Status ProviderService::GetMetadata(grpc::ServerContext*,
                                          const tfplugin6::ProviderMetadata::Request*,
                                          tfplugin6::ProviderMetadata::Response* resp) {
  Capabilities(resp->mutable_server_capabilities());
  for (const auto& [name, unused] : TerraformSchema().resources)
    resp->add_resources()->set_type_name(name);
  return grpc::Status::OK;
}

grpc::Status ProviderService::GetProviderSchema(grpc::ServerContext*,
                                                const tfplugin6::GetProviderSchema::Request*,
                                                tfplugin6::GetProviderSchema::Response* resp) {
  return Guard("GetProviderSchema", resp->mutable_diagnostics(), logger_, [&] {
    const ProviderSchema& s = TerraformSchema();
    *resp->mutable_provider() = s.provider;
    resp->mutable_provider_meta()->mutable_block();
    for (const auto& [name, rt] : s.resources) (*resp->mutable_resource_schemas())[name] = rt.schema;
    Capabilities(resp->mutable_server_capabilities());
  });
}

grpc::Status ProviderService::ValidateProviderConfig(
    grpc::ServerContext*, const tfplugin6::ValidateProviderConfig::Request* req,
    tfplugin6::ValidateProviderConfig::Response* resp) {
  return Guard("ValidateProviderConfig", resp->mutable_diagnostics(), logger_, [&] {
    std::optional<Value> config = Decode(req->config(), TerraformSchema().provider_type,
                                         "provider configuration", resp->mutable_diagnostics());
    if (!config || !config->has_members()) return;
    AddDiagnostics(resources::CheckProviderConfig(*config), resp->mutable_diagnostics());
  });
}

grpc::Status ProviderService::ConfigureProvider(grpc::ServerContext*,
                                                const tfplugin6::ConfigureProvider::Request* req,
                                                tfplugin6::ConfigureProvider::Response* resp) {
  return Guard("ConfigureProvider", resp->mutable_diagnostics(), logger_, [&] {
    std::optional<Value> config = Decode(req->config(), TerraformSchema().provider_type,
                                         "provider configuration", resp->mutable_diagnostics());
    if (!config) return;
    std::lock_guard lock(mu_);
    provider_config_ = *std::move(config);
    cancel_.Renew();  // a new run: an earlier StopProvider no longer applies
  });
}

grpc::Status ProviderService::ValidateResourceConfig(
    grpc::ServerContext*, const tfplugin6::ValidateResourceConfig::Request* req,
    tfplugin6::ValidateResourceConfig::Response* resp) {
  Diags* diags = resp->mutable_diagnostics();
  return Guard("ValidateResourceConfig", diags, logger_, [&] {
    Handler h = Find(req->type_name(), diags);
    if (!h.resource) return;
    std::optional<Value> config = Decode(req->config(), h.type->type, "configuration", diags);
    if (!config) return;
    AddDiagnostics(h.resource->Check(*config, MakeContext()).diagnostics, diags);
    if (HasTimeouts(h.type->token)) AddDiagnostics(CheckTimeouts(*config), diags);
    AddDiagnostics(
        CheckWriteOnly(*config, req->client_capabilities().write_only_attributes_allowed()), diags);
  });
}

grpc::Status ProviderService::UpgradeResourceState(
    grpc::ServerContext*, const tfplugin6::UpgradeResourceState::Request* req,
    tfplugin6::UpgradeResourceState::Response* resp) {
  Diags* diags = resp->mutable_diagnostics();
  return Guard("UpgradeResourceState", diags, logger_, [&] {
    Handler h = Find(req->type_name(), diags);
    if (!h.type) return;
    if (req->version() > kResourceSchemaVersion) {
      AddError("State written by a newer provider",
               absl::StrCat("The state has schema version ", req->version(),
                            "; this provider knows up to ", kResourceSchemaVersion,
                            ". Upgrade the wgmesh provider."),
               diags);
      return;
    }
    // Version 0 is current. Attributes a later schema dropped are ignored; new ones read as null.
    absl::StatusOr<Value> state =
        DecodeRawState(req->raw_state(), h.type->type, {.ignore_undefined_attributes = true});
    if (!state.ok()) {
      AddStatus("Cannot read the stored state", state.status(), diags);
      return;
    }
    // An input added since the state was written reads as its default, not as a change.
    Value upgraded = resources::ApplyDefaults(*state, resources::Schema().Resource(h.type->token).properties);
    Encode(upgraded, h.type->type, resp->mutable_upgraded_state(), "upgraded state", diags);
  });
}

grpc::Status ProviderService::GetResourceIdentitySchemas(
    grpc::ServerContext*, const tfplugin6::GetResourceIdentitySchemas::Request*,
    tfplugin6::GetResourceIdentitySchemas::Response*) {
  return grpc::Status::OK;  // no resource identities
}

grpc::Status ProviderService::ReadResource(grpc::ServerContext*,
                                           const tfplugin6::ReadResource::Request* req,
                                           tfplugin6::ReadResource::Response* resp) {
  Diags* diags = resp->mutable_diagnostics();
  return Guard("ReadResource", diags, logger_, [&] {
    resp->set_private_(req->private_());
    Handler h = Find(req->type_name(), diags);
    if (!h.resource) return;
    std::optional<Value> state = Decode(req->current_state(), h.type->type, "state", diags);
    if (!state) return;
    if (state->is_null()) {
      Encode(*state, h.type->type, resp->mutable_new_state(), "state", diags);
      return;
    }
    resources::ApplyResult r = h.resource->Read(*state, MakeContext());
    AddDiagnostics(r.diagnostics, diags);
    Encode(r.state, h.type->type, resp->mutable_new_state(), "state", diags);
  });
}

grpc::Status ProviderService::PlanResourceChange(grpc::ServerContext*,
                                                 const tfplugin6::PlanResourceChange::Request* req,
                                                 tfplugin6::PlanResourceChange::Response* resp) {
  Diags* diags = resp->mutable_diagnostics();
  return Guard("PlanResourceChange", diags, logger_, [&] {
    resp->set_planned_private(req->prior_private());
    Handler h = Find(req->type_name(), diags);
    if (!h.resource) return;
    std::optional<Value> prior = Decode(req->prior_state(), h.type->type, "prior state", diags);
    std::optional<Value> proposed =
        Decode(req->proposed_new_state(), h.type->type, "proposed state", diags);
    std::optional<Value> config = Decode(req->config(), h.type->type, "configuration", diags);
    if (!prior || !proposed || !config) return;
    if (proposed->is_null()) {  // destroy
      Encode(Value::Null(), h.type->type, resp->mutable_planned_state(), "planned state", diags);
      return;
    }
    // The handler plans from the configuration (null = unset, so defaults apply) and the prior
    // state (where the mesh seed lives), not from Terraform's proposed merge of the two.
    resources::PlanResult r = h.resource->Plan(*prior, *config, MakeContext());
    AddDiagnostics(r.diagnostics, diags);
    if (resources::HasErrors(r.diagnostics)) return;
    r.planned_state = WithoutWriteOnly(r.planned_state);  // never in a plan
    if (HasTimeouts(h.type->token) && config->has_members())  // as configured
      r.planned_state.Set(kTimeouts, config->Get(kTimeouts) ? *config->Get(kTimeouts) : Value::Null());
    Encode(r.planned_state, h.type->type, resp->mutable_planned_state(), "planned state", diags);
    if (!prior->is_null())
      for (const Path& p : r.replace_paths) *resp->add_requires_replace() = ToAttributePath(p);
  });
}

grpc::Status ProviderService::ApplyResourceChange(
    grpc::ServerContext*, const tfplugin6::ApplyResourceChange::Request* req,
    tfplugin6::ApplyResourceChange::Response* resp) {
  Diags* diags = resp->mutable_diagnostics();
  return Guard("ApplyResourceChange", diags, logger_, [&] {
    resp->set_private_(req->planned_private());
    Handler h = Find(req->type_name(), diags);
    if (!h.resource) return;
    std::optional<Value> prior = Decode(req->prior_state(), h.type->type, "prior state", diags);
    std::optional<Value> planned =
        Decode(req->planned_state(), h.type->type, "planned state", diags);
    std::optional<Value> config = Decode(req->config(), h.type->type, "configuration", diags);
    if (!prior || !planned || !config) return;
    resources::Context ctx = MakeContext();
    ctx.connection_secrets = WriteOnlySecrets(*config);  // this call only, never in state
    const char* operation = planned->is_null() ? "delete" : prior->is_null() ? "create" : "update";
    if (HasTimeouts(h.type->token))  // a delete has no plan: the block it was created with
      ctx.timeout = TimeoutOf(planned->is_null() ? *prior : *planned, operation);
    resources::ApplyResult r;
    if (planned->is_null())
      r = h.resource->Delete(*prior, ctx);
    else if (prior->is_null())
      r = h.resource->Create(*planned, ctx);
    else
      r = h.resource->Update(*prior, *planned, ctx);
    r.state = WithoutWriteOnly(r.state);
    if (HasTimeouts(h.type->token) && r.state.has_members()) {
      const Value& from = planned->is_null() ? *prior : *planned;
      const Value* block = from.has_members() ? from.Get(kTimeouts) : nullptr;
      r.state.Set(kTimeouts, block ? *block : Value::Null());
    }
    AddDiagnostics(r.diagnostics, diags);
    Encode(r.state, h.type->type, resp->mutable_new_state(), "new state", diags);
  });
}

grpc::Status ProviderService::ImportResourceState(
    grpc::ServerContext*, const tfplugin6::ImportResourceState::Request* req,
    tfplugin6::ImportResourceState::Response* resp) {
  Diags* diags = resp->mutable_diagnostics();
  return Guard("ImportResourceState", diags, logger_, [&] {
    Handler h = Find(req->type_name(), diags);
    if (!h.resource) return;
    resources::ApplyResult r = h.resource->Import(req->id(), MakeContext());
    AddDiagnostics(r.diagnostics, diags);
    if (r.state.is_null()) return;
    auto* imported = resp->add_imported_resources();
    imported->set_type_name(req->type_name());
    Encode(r.state, h.type->type, imported->mutable_state(), "imported state", diags);
  });
}

grpc::Status ProviderService::StopProvider(grpc::ServerContext*,
                                           const tfplugin6::StopProvider::Request*,
                                           tfplugin6::StopProvider::Response*) {
  if (logger_) logger_->Log("info", "StopProvider: cancelling host operations in flight");
  cancel_.CancelAll();
  return grpc::Status::OK;
}

}  // namespace wgmesh::terraform
