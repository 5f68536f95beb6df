// wgmesh_node over tfplugin6, as Terraform calls it, without the lab: which
// plans replace, and what a failed create leaves in state. Hosts are real
// loopback ports where nothing listens.
#include <gtest/gtest.h>

#include "provider/resources/mesh_resource.h"
#include "provider/resources/node_resource.h"
#include "provider/terraform/dynamic_value.h"
#include "provider/terraform/provider_service.h"
#include "provider/terraform/tf_schema.h"
#include "provider/terraform/timeouts.h"
#include "tests/protocol/loopback_hosts.h"

namespace wgmesh::terraform {
namespace {

const CtyType& NodeType() { return TerraformSchema().resources.at("wgmesh_node").type; }

tfplugin6::DynamicValue Dv(const Value& v) {
  absl::StatusOr<tfplugin6::DynamicValue> dv = EncodeDynamicValue(v, NodeType());
  EXPECT_TRUE(dv.ok()) << dv.status();
  return dv.ok() ? *dv : tfplugin6::DynamicValue();
}

Value Decoded(const tfplugin6::DynamicValue& dv) {
  absl::StatusOr<Value> v = DecodeDynamicValue(dv, NodeType());
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : Value();
}

std::string Errors(const google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += d.summary() + ": " + d.detail() + "\n";
  return out;
}

// Node "a" of a real mesh "lab".
std::string NodeConfig() {
  auto node = [](std::string addr, std::string endpoint) {
    Value n = Value::Object();
    n.Set("addr", Value::String(std::move(addr)));
    n.Set("endpoint", Value::String(std::move(endpoint)));
    return n;
  };
  Value in = Value::Object();
  in.Set("name", Value::String("lab"));
  in.Set("network", Value::String("10.0.0.0/24"));
  in.Set("nodes", Value::Map({{"a", node("10.0.0.1/24", "192.0.2.1")},
                              {"b", node("10.0.0.2/24", "192.0.2.2")}}));
  resources::MeshResource mesh;
  resources::Context ctx;
  resources::ApplyResult created = mesh.Create(mesh.Plan(Value::Null(), in, ctx).planned_state, ctx);
  const Value* configs = created.state.has_members() ? created.state.Get("node_configs") : nullptr;
  EXPECT_NE(configs, nullptr) << "the mesh was not created";
  return configs ? configs->Get("a")->as_string() : "";
}

// The configuration as Terraform sends it: every attribute present, unset ones null.
Value Config(const Value& host, int64_t port = 1) {
  Value conn = Value::Object();
  conn.Set("host", host);
  conn.Set("port", Value::Int(port));
  conn.Set("dial_error_limit", Value::Int(1));
  conn.Set("per_dial_timeout", Value::Int(2));
  Value in = Value::Object();
  in.Set("config", Value::String(NodeConfig()));
  in.Set("connection", conn);
  return in;
}

class TfNodeTest : public ::testing::Test {
 protected:
  TfNodeTest() : service(Handlers(), nullptr) {}
  static std::map<std::string, std::unique_ptr<resources::Resource>> Handlers() {
    std::map<std::string, std::unique_ptr<resources::Resource>> h;
    h["wgmesh:index:Node"] = std::make_unique<resources::NodeResource>();
    return h;
  }

  tfplugin6::PlanResourceChange::Response Plan(const Value& prior, const Value& config) {
    tfplugin6::PlanResourceChange::Request req;
    req.set_type_name("wgmesh_node");
    *req.mutable_prior_state() = Dv(prior);
    *req.mutable_proposed_new_state() = Dv(config);
    *req.mutable_config() = Dv(config);
    tfplugin6::PlanResourceChange::Response resp;
    EXPECT_TRUE(service.PlanResourceChange(nullptr, &req, &resp).ok());
    return resp;
  }

  ProviderService service;
};

// Issue 9 item 2: `host = some_vm.new.ip` on an existing node.
TEST_F(TfNodeTest, AnUnknownHostWithAPriorHostRequiresReplacement) {
  auto created = Plan(Value::Null(), Config(Value::String("192.0.2.10")));
  ASSERT_EQ(created.diagnostics_size(), 0) << Errors(created.diagnostics());
  EXPECT_EQ(created.requires_replace_size(), 0);
  const Value prior = Decoded(created.planned_state());

  auto same = Plan(prior, Config(Value::String("192.0.2.10")));
  EXPECT_EQ(same.requires_replace_size(), 0);

  auto unknown = Plan(prior, Config(Value::Unknown()));
  ASSERT_EQ(unknown.diagnostics_size(), 0) << Errors(unknown.diagnostics());
  ASSERT_EQ(unknown.requires_replace_size(), 1);
  const tfplugin6::AttributePath& path = unknown.requires_replace(0);
  ASSERT_EQ(path.steps_size(), 2);
  EXPECT_EQ(path.steps(0).attribute_name(), "connection");
  EXPECT_EQ(path.steps(1).attribute_name(), "host");
  // The identity is known from the config: the plan shows it.
  EXPECT_EQ(*Decoded(unknown.planned_state()).Get("mesh"), Value::String("lab"));
}

// Issue 9 item 3: a create that could not connect changed nothing; Terraform
// must record nothing (a tainted object would need the failed connection to
// be destroyed before the fixed one could create).
TEST_F(TfNodeTest, ACreateThatCouldNotConnectReturnsNoState) {
  auto planned = Plan(Value::Null(), Config(Value::String("127.0.0.1"), 1));
  ASSERT_EQ(planned.diagnostics_size(), 0) << Errors(planned.diagnostics());
  tfplugin6::ApplyResourceChange::Request req;
  req.set_type_name("wgmesh_node");
  *req.mutable_prior_state() = Dv(Value::Null());
  *req.mutable_planned_state() = planned.planned_state();
  *req.mutable_config() = Dv(Config(Value::String("127.0.0.1"), 1));
  tfplugin6::ApplyResourceChange::Response resp;
  ASSERT_TRUE(service.ApplyResourceChange(nullptr, &req, &resp).ok());
  ASSERT_GE(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), tfplugin6::Diagnostic::ERROR);
  EXPECT_NE(resp.diagnostics(0).summary().find("127.0.0.1:1"), std::string::npos)
      << Errors(resp.diagnostics());
  EXPECT_TRUE(Decoded(resp.new_state()).is_null());
}

Value WithTimeouts(Value config, const char* create) {
  Value t = Value::Object();
  t.Set("create", Value::String(create));
  config.Set("timeouts", t);
  return config;
}

TEST(TimeoutsTest, DurationsParseAsTerraformUsersWriteThem) {
  EXPECT_EQ(*ParseDuration("90s"), std::chrono::seconds(90));
  EXPECT_EQ(*ParseDuration("1h30m"), std::chrono::minutes(90));
  EXPECT_EQ(*ParseDuration("250ms"), std::chrono::milliseconds(250));
  for (const char* bad : {"", "10", "m", "1d", "-1s", "0s", "1.5m", "ten minutes"})
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
}

// The `timeouts` block: validated on its path, carried into the plan as
// configured, and honoured by the host operation.
TEST_F(TfNodeTest, TheTimeoutsBlockBoundsTheHostOperation) {
  wgmesh::testing::SilentHost host;
  Value config = Config(Value::String("127.0.0.1"), host.port());
  Value conn = *config.Get("connection");
  conn.Set("dial_error_limit", Value::Int(3));
  conn.Set("per_dial_timeout", Value::Int(30));
  config.Set("connection", conn);

  tfplugin6::ValidateResourceConfig::Request vreq;
  vreq.set_type_name("wgmesh_node");
  *vreq.mutable_config() = Dv(WithTimeouts(config, "ten minutes"));
  tfplugin6::ValidateResourceConfig::Response vresp;
  ASSERT_TRUE(service.ValidateResourceConfig(nullptr, &vreq, &vresp).ok());
  ASSERT_EQ(vresp.diagnostics_size(), 1) << Errors(vresp.diagnostics());
  EXPECT_EQ(vresp.diagnostics(0).attribute().steps(0).attribute_name(), "timeouts");
  EXPECT_EQ(vresp.diagnostics(0).attribute().steps(1).attribute_name(), "create");

  config = WithTimeouts(config, "1s");
  auto planned = Plan(Value::Null(), config);
  ASSERT_EQ(planned.diagnostics_size(), 0) << Errors(planned.diagnostics());
  EXPECT_EQ(*Decoded(planned.planned_state()).Get("timeouts")->Get("create"), Value::String("1s"));

  tfplugin6::ApplyResourceChange::Request req;
  req.set_type_name("wgmesh_node");
  *req.mutable_prior_state() = Dv(Value::Null());
  *req.mutable_planned_state() = planned.planned_state();
  *req.mutable_config() = Dv(config);
  tfplugin6::ApplyResourceChange::Response resp;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(service.ApplyResourceChange(nullptr, &req, &resp).ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_GE(resp.diagnostics_size(), 1);
  EXPECT_NE(resp.diagnostics(0).detail().find("timed out after 1s"), std::string::npos)
      << Errors(resp.diagnostics());
  EXPECT_TRUE(Decoded(resp.new_state()).is_null());  // it never connected
}

// Write-only credentials: in the schema as write_only, refused by an engine
// that cannot keep them out of state, never in a plan.
TEST_F(TfNodeTest, WriteOnlyCredentialsNeverReachThePlan) {
  const auto& block = TerraformSchema().resources.at("wgmesh_node").schema.block();
  bool found = false;
  for (const auto& a : block.attributes())
    if (a.name() == "connection")
      for (const auto& n : a.nested_type().attributes())
        if (n.name() == "private_key_wo") found = n.write_only() && n.sensitive();
  EXPECT_TRUE(found) << "connection.private_key_wo is not a sensitive write-only attribute";

  Value config = Config(Value::String("127.0.0.1"));
  Value conn = *config.Get("connection");
  conn.Set("private_key_wo", Value::String("-----BEGIN OPENSSH PRIVATE KEY----- not a real key"));
  config.Set("connection", conn);
  for (bool supported : {false, true}) {
    tfplugin6::ValidateResourceConfig::Request req;
    req.set_type_name("wgmesh_node");
    *req.mutable_config() = Dv(config);
    req.mutable_client_capabilities()->set_write_only_attributes_allowed(supported);
    tfplugin6::ValidateResourceConfig::Response resp;
    ASSERT_TRUE(service.ValidateResourceConfig(nullptr, &req, &resp).ok());
    if (supported) {
      EXPECT_EQ(resp.diagnostics_size(), 0) << Errors(resp.diagnostics());
    } else {
      ASSERT_EQ(resp.diagnostics_size(), 1) << Errors(resp.diagnostics());
      EXPECT_EQ(resp.diagnostics(0).attribute().steps(1).attribute_name(), "private_key_wo");
    }
  }
  auto planned = Plan(Value::Null(), config);
  ASSERT_EQ(planned.diagnostics_size(), 0) << Errors(planned.diagnostics());
  EXPECT_TRUE(Decoded(planned.planned_state()).Get("connection")->Get("private_key_wo")->is_null());
  EXPECT_EQ(planned.planned_state().msgpack().find("not a real key"), std::string::npos);
}

}  // namespace
}  // namespace wgmesh::terraform
