// The tfplugin6 RPCs, called on the service implementation directly with
// msgpack DynamicValues, as Terraform sends them. No host is involved: the
// Mesh resource is pure.
#include "provider/terraform/provider_service.h"

#include <gtest/gtest.h>

#include "provider/resources/mesh_resource.h"
#include "provider/terraform/dynamic_value.h"
#include "provider/terraform/tf_schema.h"

namespace wgmesh::terraform {
namespace {

const CtyType& MeshType() { return TerraformSchema().resources.at("wgmesh_mesh").type; }

tfplugin6::DynamicValue Dv(const Value& v, const CtyType& type = MeshType()) {
  absl::StatusOr<tfplugin6::DynamicValue> dv = EncodeDynamicValue(v, type);
  EXPECT_TRUE(dv.ok()) << dv.status();
  return dv.ok() ? *dv : tfplugin6::DynamicValue();
}

Value Decoded(const tfplugin6::DynamicValue& dv, const CtyType& type = MeshType()) {
  absl::StatusOr<Value> v = DecodeDynamicValue(dv, type);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : Value();
}

Value MeshConfig(std::string addr_a = "10.0.0.1/24") {
  auto node = [](std::string addr, std::string endpoint) {
    Value n = Value::Object();
    n.Set("addr", Value::String(std::move(addr)));
    n.Set("endpoint", Value::String(std::move(endpoint)));
    return n;
  };
  Value in = Value::Object();
  in.Set("name", Value::String("lab"));
  in.Set("network", Value::String("10.0.0.0/24"));
  in.Set("nodes", Value::Map({{"a", node(addr_a, "192.0.2.1")}, {"b", node("10.0.0.2/24", "192.0.2.2")}}));
  return in;
}

std::string Errors(const google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += d.summary() + ": " + d.detail() + "\n";
  return out;
}

class ProviderServiceTest : public ::testing::Test {
 protected:
  ProviderServiceTest() : service(Handlers(), nullptr) {}
  static std::map<std::string, std::unique_ptr<resources::Resource>> Handlers() {
    std::map<std::string, std::unique_ptr<resources::Resource>> h;
    h["wgmesh:index:Mesh"] = std::make_unique<resources::MeshResource>();
    return h;
  }

  tfplugin6::PlanResourceChange::Response Plan(const Value& prior, const Value& config) {
    tfplugin6::PlanResourceChange::Request req;
    req.set_type_name("wgmesh_mesh");
    *req.mutable_prior_state() = Dv(prior);
    *req.mutable_proposed_new_state() = Dv(config);
    *req.mutable_config() = Dv(config);
    req.set_prior_private("opaque");
    tfplugin6::PlanResourceChange::Response resp;
    EXPECT_TRUE(service.PlanResourceChange(nullptr, &req, &resp).ok());
    return resp;
  }

  tfplugin6::ApplyResourceChange::Response Apply(const Value& prior, const tfplugin6::DynamicValue& planned) {
    tfplugin6::ApplyResourceChange::Request req;
    req.set_type_name("wgmesh_mesh");
    *req.mutable_prior_state() = Dv(prior);
    *req.mutable_planned_state() = planned;
    tfplugin6::ApplyResourceChange::Response resp;
    EXPECT_TRUE(service.ApplyResourceChange(nullptr, &req, &resp).ok());
    return resp;
  }

  Value Created() {
    auto plan = Plan(Value::Null(), MeshConfig());
    auto applied = Apply(Value::Null(), plan.planned_state());
    EXPECT_EQ(applied.diagnostics_size(), 0) << Errors(applied.diagnostics());
    return Decoded(applied.new_state());
  }

  ProviderService service;
};

TEST_F(ProviderServiceTest, SchemaOffersBothResourcesAndPlanDestroy) {
  tfplugin6::GetProviderSchema::Request req;
  tfplugin6::GetProviderSchema::Response resp;
  ASSERT_TRUE(service.GetProviderSchema(nullptr, &req, &resp).ok());
  EXPECT_EQ(resp.diagnostics_size(), 0);
  EXPECT_TRUE(resp.has_provider());
  EXPECT_TRUE(resp.provider().has_block());
  EXPECT_TRUE(resp.resource_schemas().contains("wgmesh_mesh"));
  EXPECT_TRUE(resp.resource_schemas().contains("wgmesh_node"));
  EXPECT_TRUE(resp.server_capabilities().plan_destroy());
}

TEST_F(ProviderServiceTest, InvalidConfigGivesADiagnosticOnTheAttributePath) {
  tfplugin6::ValidateResourceConfig::Request req;
  req.set_type_name("wgmesh_mesh");
  *req.mutable_config() = Dv(MeshConfig("10.9.0.1/24"));
  tfplugin6::ValidateResourceConfig::Response resp;
  ASSERT_TRUE(service.ValidateResourceConfig(nullptr, &req, &resp).ok());
  ASSERT_GE(resp.diagnostics_size(), 1);
  const tfplugin6::Diagnostic& d = resp.diagnostics(0);
  EXPECT_EQ(d.severity(), tfplugin6::Diagnostic::ERROR);
  ASSERT_EQ(d.attribute().steps_size(), 3) << d.summary();
  EXPECT_EQ(d.attribute().steps(0).attribute_name(), "nodes");
  EXPECT_EQ(d.attribute().steps(1).element_key_string(), "a");
  EXPECT_EQ(d.attribute().steps(2).attribute_name(), "addr");
}

TEST_F(ProviderServiceTest, ValidConfigWithUnknownsHasNoDiagnostics) {
  Value config = MeshConfig();
  config.Set("network", Value::Unknown());
  tfplugin6::ValidateResourceConfig::Request req;
  req.set_type_name("wgmesh_mesh");
  *req.mutable_config() = Dv(config);
  tfplugin6::ValidateResourceConfig::Response resp;
  ASSERT_TRUE(service.ValidateResourceConfig(nullptr, &req, &resp).ok());
  EXPECT_EQ(resp.diagnostics_size(), 0) << Errors(resp.diagnostics());
}

// Issue 9 item 4: an endpoint from another resource (unknown at validate and
// plan) must not hide a bad address; the path is printed once, in the detail.
TEST_F(ProviderServiceTest, AnUnknownEndpointDoesNotHideABadAddress) {
  Value config = MeshConfig();
  Value nodes = *config.Get("nodes");
  Value a = *nodes.Get("a");
  a.Set("endpoint", Value::Unknown());
  nodes.Set("a", a);
  Value b = *nodes.Get("b");
  b.Set("addr", Value::String("10.9.0.2/24"));
  nodes.Set("b", b);
  config.Set("nodes", nodes);
  tfplugin6::ValidateResourceConfig::Request req;
  req.set_type_name("wgmesh_mesh");
  *req.mutable_config() = Dv(config);
  tfplugin6::ValidateResourceConfig::Response resp;
  ASSERT_TRUE(service.ValidateResourceConfig(nullptr, &req, &resp).ok());
  for (const auto& diags : {resp.diagnostics(), Plan(Value::Null(), config).diagnostics()}) {
    ASSERT_EQ(diags.size(), 1) << Errors(diags);
    const tfplugin6::Diagnostic& d = diags[0];
    EXPECT_EQ(d.severity(), tfplugin6::Diagnostic::ERROR);
    ASSERT_EQ(d.attribute().steps_size(), 3);
    EXPECT_EQ(d.attribute().steps(1).element_key_string(), "b");
    EXPECT_EQ(d.attribute().steps(2).attribute_name(), "addr");
    const std::string text = d.summary() + "\n" + d.detail();
    const std::string path = "nodes[\"b\"].addr";
    EXPECT_EQ(text.find(path), text.rfind(path)) << text;  // printed once
    EXPECT_NE(text.find(path + ": must lie inside network 10.0.0.0/24"), std::string::npos) << text;
  }
}

TEST_F(ProviderServiceTest, CreatePlanKeepsConfigAndMarksSeedOutputsUnknown) {
  auto resp = Plan(Value::Null(), MeshConfig());
  ASSERT_EQ(resp.diagnostics_size(), 0) << Errors(resp.diagnostics());
  EXPECT_EQ(resp.planned_private(), "opaque");
  Value planned = Decoded(resp.planned_state());
  EXPECT_EQ(*planned.Get("name"), Value::String("lab"));
  EXPECT_TRUE(planned.Get("seed")->is_unknown());
  EXPECT_TRUE(planned.Get("node_configs")->is_unknown());
  EXPECT_EQ(*planned.Get("bridge_mtu"), Value::Int(1362));
  // Unknown goes on the wire only as d4 00 00.
  EXPECT_NE(resp.planned_state().msgpack().find(std::string("\xd4\x00\x00", 3)), std::string::npos);
}

TEST_F(ProviderServiceTest, ApplyReturnsAWhollyKnownStateAndTheNextPlanIsEmpty) {
  Value state = Created();
  ASSERT_TRUE(state.IsWhollyKnown());
  EXPECT_EQ(state.Get("seed")->as_string().size(), 44u);
  auto again = Plan(state, MeshConfig());
  ASSERT_EQ(again.diagnostics_size(), 0);
  EXPECT_EQ(Decoded(again.planned_state()), state);
  EXPECT_EQ(again.requires_replace_size(), 0);
}

TEST_F(ProviderServiceTest, DestroyPlansNullAndApplyDeletes) {
  Value state = Created();
  tfplugin6::PlanResourceChange::Request req;
  req.set_type_name("wgmesh_mesh");
  *req.mutable_prior_state() = Dv(state);
  *req.mutable_proposed_new_state() = Dv(Value::Null());
  *req.mutable_config() = Dv(Value::Null());
  tfplugin6::PlanResourceChange::Response resp;
  ASSERT_TRUE(service.PlanResourceChange(nullptr, &req, &resp).ok());
  EXPECT_TRUE(Decoded(resp.planned_state()).is_null());
  auto applied = Apply(state, Dv(Value::Null()));
  EXPECT_EQ(applied.diagnostics_size(), 0);
  EXPECT_TRUE(Decoded(applied.new_state()).is_null());
}

TEST_F(ProviderServiceTest, ReadKeepsTheMeshAsIs) {
  Value state = Created();
  tfplugin6::ReadResource::Request req;
  req.set_type_name("wgmesh_mesh");
  *req.mutable_current_state() = Dv(state);
  req.set_private_("p");
  tfplugin6::ReadResource::Response resp;
  ASSERT_TRUE(service.ReadResource(nullptr, &req, &resp).ok());
  EXPECT_EQ(Decoded(resp.new_state()), state.WithoutMarks());
  EXPECT_EQ(resp.private_(), "p");
}

TEST_F(ProviderServiceTest, UpgradeReadsJsonStateAndAnswersMsgpack) {
  tfplugin6::UpgradeResourceState::Request req;
  req.set_type_name("wgmesh_mesh");
  req.set_version(0);
  // As in a state file, including an attribute an older schema had.
  req.mutable_raw_state()->set_json(
      R"({"name":"lab","network":"10.0.0.0/24","nodes":{"a":{"addr":"10.0.0.1/24"}},)"
      R"("seed":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","retired":1})");
  tfplugin6::UpgradeResourceState::Response resp;
  ASSERT_TRUE(service.UpgradeResourceState(nullptr, &req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 0) << Errors(resp.diagnostics());
  EXPECT_FALSE(resp.upgraded_state().msgpack().empty());
  Value v = Decoded(resp.upgraded_state());
  EXPECT_EQ(*v.Get("name"), Value::String("lab"));
  EXPECT_EQ(v.Get("retired"), nullptr);

  req.set_version(7);
  tfplugin6::UpgradeResourceState::Response newer;
  ASSERT_TRUE(service.UpgradeResourceState(nullptr, &req, &newer).ok());
  EXPECT_EQ(newer.diagnostics_size(), 1);
}

TEST_F(ProviderServiceTest, MeshImportIsAnErrorDiagnostic) {
  tfplugin6::ImportResourceState::Request req;
  req.set_type_name("wgmesh_mesh");
  req.set_id("lab");
  tfplugin6::ImportResourceState::Response resp;
  ASSERT_TRUE(service.ImportResourceState(nullptr, &req, &resp).ok());
  EXPECT_EQ(resp.imported_resources_size(), 0);
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), tfplugin6::Diagnostic::ERROR);
}

TEST_F(ProviderServiceTest, UnknownTypesAndBadBytesAreDiagnosticsNotRpcErrors) {
  tfplugin6::ValidateResourceConfig::Request req;
  req.set_type_name("wgmesh_nothing");
  tfplugin6::ValidateResourceConfig::Response resp;
  EXPECT_TRUE(service.ValidateResourceConfig(nullptr, &req, &resp).ok());
  EXPECT_EQ(resp.diagnostics_size(), 1);

  tfplugin6::PlanResourceChange::Request plan;
  plan.set_type_name("wgmesh_mesh");
  plan.mutable_config()->set_msgpack("\xc1");  // never valid msgpack
  tfplugin6::PlanResourceChange::Response presp;
  EXPECT_TRUE(service.PlanResourceChange(nullptr, &plan, &presp).ok());
  EXPECT_GE(presp.diagnostics_size(), 1);
}

TEST_F(ProviderServiceTest, ConfigureAcceptsConnectionDefaultsAndValidateChecksNumbers) {
  const CtyType& type = TerraformSchema().provider_type;
  Value config = Value::Object();
  config.Set("user", Value::String("admin"));
  config.Set("parallelism", Value::Int(0));
  tfplugin6::ValidateProviderConfig::Request vreq;
  *vreq.mutable_config() = Dv(config, type);
  tfplugin6::ValidateProviderConfig::Response vresp;
  ASSERT_TRUE(service.ValidateProviderConfig(nullptr, &vreq, &vresp).ok());
  ASSERT_EQ(vresp.diagnostics_size(), 1);
  EXPECT_EQ(vresp.diagnostics(0).attribute().steps(0).attribute_name(), "parallelism");

  config.Set("parallelism", Value::Int(4));
  tfplugin6::ConfigureProvider::Request creq;
  *creq.mutable_config() = Dv(config, type);
  tfplugin6::ConfigureProvider::Response cresp;
  ASSERT_TRUE(service.ConfigureProvider(nullptr, &creq, &cresp).ok());
  EXPECT_EQ(cresp.diagnostics_size(), 0);
}

TEST_F(ProviderServiceTest, StopProviderCancelsInFlightWork) {
  EXPECT_FALSE(service.cancel_token()->cancelled());
  tfplugin6::StopProvider::Request req;
  tfplugin6::StopProvider::Response resp;
  ASSERT_TRUE(service.StopProvider(nullptr, &req, &resp).ok());
  EXPECT_TRUE(service.cancel_token()->cancelled());
  EXPECT_EQ(resp.error(), "");
}

// A reattached provider (TF_REATTACH_PROVIDERS, -debug) lives through many runs:
// a stop ends the operations of its run, and the next ConfigureProvider starts
// afresh, while an operation still holding the stopped token stays cancelled.
TEST_F(ProviderServiceTest, ConfigureAfterStopProviderStartsAFreshToken) {
  std::shared_ptr<const CancelToken> in_flight = service.cancel_token();
  tfplugin6::StopProvider::Request stop;
  tfplugin6::StopProvider::Response stopped;
  ASSERT_TRUE(service.StopProvider(nullptr, &stop, &stopped).ok());
  ASSERT_TRUE(in_flight->cancelled());

  tfplugin6::ConfigureProvider::Request creq;
  *creq.mutable_config() = Dv(Value::Object(), TerraformSchema().provider_type);
  tfplugin6::ConfigureProvider::Response cresp;
  ASSERT_TRUE(service.ConfigureProvider(nullptr, &creq, &cresp).ok());
  EXPECT_EQ(cresp.diagnostics_size(), 0) << Errors(cresp.diagnostics());
  EXPECT_FALSE(service.cancel_token()->cancelled());
  EXPECT_TRUE(in_flight->cancelled());
}

}  // namespace
}  // namespace wgmesh::terraform
