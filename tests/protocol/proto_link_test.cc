// The generated protocol library links, and its wire names and numbers are the documented ones.
#include <gtest/gtest.h>
#include <google/protobuf/descriptor.h>

#include "google/rpc/status.pb.h"
#include "plugin.grpc.pb.h"
#include "pulumi/engine.grpc.pb.h"
#include "pulumi/provider.grpc.pb.h"
#include "tfplugin6.grpc.pb.h"

namespace wgmesh {
namespace {

namespace pb = google::protobuf;

// Looks a service up among the linked descriptors (a .pb.o is linked once any of its
// messages is referenced, hence the descriptor() calls in the test).
const pb::ServiceDescriptor* Service(const char* name) {
  const pb::ServiceDescriptor* s = pb::DescriptorPool::generated_pool()->FindServiceByName(name);
  EXPECT_NE(s, nullptr) << name;
  return s;
}

const pb::MethodDescriptor* Method(const char* service, const char* method) {
  const pb::ServiceDescriptor* s = Service(service);
  return s == nullptr ? nullptr : s->FindMethodByName(method);
}

int FieldNumber(const pb::Descriptor* d, const char* field) {
  const pb::FieldDescriptor* f = d->FindFieldByName(field);
  return f == nullptr ? -1 : f->number();
}

TEST(ProtoLinkTest, MessagesBuildAndSerialize) {
  tfplugin6::DynamicValue dv;
  dv.set_msgpack("\xa3wg0");
  std::string wire;
  ASSERT_TRUE(dv.SerializeToString(&wire));
  EXPECT_EQ(wire, std::string("\x0a\x04\xa3wg0"));  // field 1, length-delimited

  pulumirpc::CheckFailure failure;
  failure.set_property("nodes.a.addr");
  failure.set_reason("not an address");
  pulumirpc::CheckResponse response;
  *response.add_failures() = failure;
  pulumirpc::CheckResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(response.SerializeAsString()));
  EXPECT_EQ(parsed.failures(0).reason(), "not an address");

  pulumirpc::ErrorResourceInitFailed init;
  init.set_id("node-a");
  google::rpc::Status status;
  status.set_code(2);
  status.add_details()->PackFrom(init);
  EXPECT_EQ(status.details(0).type_url(), "type.googleapis.com/pulumirpc.ErrorResourceInitFailed");
}

TEST(ProtoLinkTest, ServiceAndMethodNames) {
  EXPECT_STREQ(tfplugin6::Provider::service_full_name(), "tfplugin6.Provider");
  const pb::ServiceDescriptor* tf = Service("tfplugin6.Provider");
  ASSERT_NE(tf, nullptr);
  for (const char* m : {"GetMetadata", "GetProviderSchema", "ValidateProviderConfig", "ValidateResourceConfig",
                        "ValidateDataResourceConfig", "UpgradeResourceState", "GetResourceIdentitySchemas",
                        "ConfigureProvider", "ReadResource", "PlanResourceChange", "ApplyResourceChange",
                        "ImportResourceState", "MoveResourceState", "ReadDataSource", "StopProvider"}) {
    EXPECT_NE(tf->FindMethodByName(m), nullptr) << m;
  }
  EXPECT_STREQ(plugin::GRPCController::service_full_name(), "plugin.GRPCController");
  ASSERT_NE(plugin::Empty::descriptor(), nullptr);
  EXPECT_NE(Method("plugin.GRPCController", "Shutdown"), nullptr);
  EXPECT_NE(Method("plugin.GRPCStdio", "StreamStdio"), nullptr);
  EXPECT_NE(Method("plugin.GRPCBroker", "StartStream"), nullptr);

  EXPECT_STREQ(pulumirpc::ResourceProvider::service_full_name(), "pulumirpc.ResourceProvider");
  const pb::ServiceDescriptor* pu = Service("pulumirpc.ResourceProvider");
  ASSERT_NE(pu, nullptr);
  for (const char* m : {"Handshake", "GetPluginInfo", "GetSchema", "CheckConfig", "DiffConfig", "Configure",
                        "Check", "Diff", "Create", "Read", "Update", "Delete", "Cancel", "Attach", "Invoke"}) {
    EXPECT_NE(pu->FindMethodByName(m), nullptr) << m;
  }
  ASSERT_NE(pulumirpc::LogRequest::descriptor(), nullptr);
  EXPECT_NE(Method("pulumirpc.Engine", "Log"), nullptr);
}

TEST(ProtoLinkTest, DocumentedFieldNumbers) {
  EXPECT_EQ(FieldNumber(tfplugin6::ServerCapabilities::descriptor(), "plan_destroy"), 1);
  EXPECT_EQ(FieldNumber(tfplugin6::ServerCapabilities::descriptor(), "get_provider_schema_optional"), 2);
  EXPECT_EQ(FieldNumber(tfplugin6::ServerCapabilities::descriptor(), "move_resource_state"), 3);
  EXPECT_EQ(FieldNumber(tfplugin6::ServerCapabilities::descriptor(), "generate_resource_config"), 4);
  EXPECT_EQ(FieldNumber(tfplugin6::Schema::Attribute::descriptor(), "nested_type"), 10);
  EXPECT_EQ(FieldNumber(tfplugin6::Schema::Attribute::descriptor(), "write_only"), 11);
  EXPECT_EQ(FieldNumber(tfplugin6::Schema::Object::descriptor(), "nesting"), 3);
  EXPECT_EQ(FieldNumber(tfplugin6::ValidateProviderConfig::Response::descriptor(), "diagnostics"), 2);
  EXPECT_EQ(FieldNumber(tfplugin6::GetProviderSchema::Response::descriptor(), "server_capabilities"), 6);
  EXPECT_EQ(FieldNumber(tfplugin6::PlanResourceChange::Response::descriptor(), "requires_replace"), 2);
  EXPECT_EQ(FieldNumber(tfplugin6::ApplyResourceChange::Response::descriptor(), "diagnostics"), 3);
  EXPECT_EQ(FieldNumber(tfplugin6::AttributePath::Step::descriptor(), "element_key_int"), 3);

  EXPECT_EQ(FieldNumber(pulumirpc::ProviderHandshakeResponse::descriptor(), "accepts_byte_string"), 6);
  EXPECT_EQ(FieldNumber(pulumirpc::CheckRequest::descriptor(), "randomSeed"), 5);
  EXPECT_EQ(FieldNumber(pulumirpc::DiffResponse::descriptor(), "hasDetailedDiff"), 7);
  EXPECT_EQ(FieldNumber(pulumirpc::ReadRequest::descriptor(), "timeout"), 10);
  EXPECT_EQ(FieldNumber(pulumirpc::UpdateRequest::descriptor(), "old_inputs"), 8);
  EXPECT_EQ(FieldNumber(pulumirpc::DeleteRequest::descriptor(), "old_inputs"), 5);
  EXPECT_EQ(FieldNumber(pulumirpc::ErrorResourceInitFailed::descriptor(), "inputs"), 4);
  EXPECT_EQ(FieldNumber(pulumirpc::LogRequest::descriptor(), "ephemeral"), 5);
  EXPECT_EQ(pulumirpc::PropertyDiff::UPDATE_REPLACE, 5);
  EXPECT_EQ(pulumirpc::DiffResponse::DIFF_SOME, 2);
}

}  // namespace
}  // namespace wgmesh
