// The Terraform schema derived from schema/wgmesh.schema.json: what Terraform
// and OpenTofu validate at load time, and what users see in plans.
#include "provider/terraform/tf_schema.h"

#include <gtest/gtest.h>

#include <functional>
#include <regex>

namespace wgmesh::terraform {
namespace {

using Attr = tfplugin6::Schema::Attribute;

const Attr* FindAttr(const google::protobuf::RepeatedPtrField<Attr>& attrs, std::string_view name) {
  for (const Attr& a : attrs)
    if (a.name() == name) return &a;
  return nullptr;
}

const tfplugin6::Schema::Block& Block(const char* type) {
  return TerraformSchema().resources.at(type).schema.block();
}

void ForEachAttr(const google::protobuf::RepeatedPtrField<Attr>& attrs, const std::string& where,
                 const std::function<void(const Attr&, const std::string&)>& f) {
  for (const Attr& a : attrs) {
    f(a, where + "." + a.name());
    if (a.has_nested_type()) ForEachAttr(a.nested_type().attributes(), where + "." + a.name(), f);
  }
}

TEST(TfSchemaTest, EveryAttributeIsWellFormedForTerraform) {
  const std::regex name_re("^[a-z0-9_]+$");
  auto check = [&](const Attr& a, const std::string& where) {
    EXPECT_TRUE(std::regex_match(a.name(), name_re)) << where;
    EXPECT_TRUE(a.required() || a.optional() || a.computed()) << where;
    EXPECT_FALSE(a.required() && (a.optional() || a.computed())) << where;
    EXPECT_NE(a.type().empty(), !a.has_nested_type()) << where << ": exactly one of type, nested_type";
    if (!a.type().empty()) {
      EXPECT_TRUE(CtyType::Parse(a.type()).ok()) << where << ": " << a.type();
    }
    EXPECT_FALSE(a.description().empty()) << where;
    EXPECT_EQ(a.description_kind(), tfplugin6::MARKDOWN) << where;
  };
  ForEachAttr(TerraformSchema().provider.block().attributes(), "provider", check);
  for (const auto& [name, rt] : TerraformSchema().resources)
    ForEachAttr(rt.schema.block().attributes(), name, check);
}

TEST(TfSchemaTest, ResourcesAreNamedFromTheSchemaTokens) {
  const auto& r = TerraformSchema().resources;
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.at("wgmesh_mesh").token, "wgmesh:index:Mesh");
  EXPECT_EQ(r.at("wgmesh_node").token, "wgmesh:index:Node");
  EXPECT_EQ(r.at("wgmesh_mesh").schema.version(), 0);
}

TEST(TfSchemaTest, MeshInputsOutputsAndSecrets) {
  const auto& attrs = Block("wgmesh_mesh").attributes();
  EXPECT_TRUE(FindAttr(attrs, "name")->required());
  EXPECT_TRUE(FindAttr(attrs, "underlay_mtu")->optional());
  EXPECT_TRUE(FindAttr(attrs, "underlay_mtu")->computed());  // has a default, filled in the plan
  EXPECT_EQ(FindAttr(attrs, "underlay_mtu")->type(), "\"number\"");
  const Attr* seed = FindAttr(attrs, "seed");
  EXPECT_TRUE(seed->computed() && !seed->optional() && seed->sensitive());
  EXPECT_TRUE(FindAttr(attrs, "node_configs")->sensitive());
  EXPECT_EQ(FindAttr(attrs, "node_configs")->type(), R"(["map","string"])");
  EXPECT_FALSE(FindAttr(attrs, "public_keys")->sensitive());
  const Attr* nodes = FindAttr(attrs, "nodes");
  ASSERT_TRUE(nodes->has_nested_type());
  EXPECT_EQ(nodes->nested_type().nesting(), tfplugin6::Schema::Object::MAP);
  const auto& node_attrs = nodes->nested_type().attributes();
  EXPECT_TRUE(FindAttr(node_attrs, "addr")->required());
  EXPECT_EQ(FindAttr(node_attrs, "peers")->type(), R"(["list","string"])");
  EXPECT_TRUE(FindAttr(node_attrs, "prio")->optional());
  EXPECT_FALSE(FindAttr(node_attrs, "prio")->computed());
}

TEST(TfSchemaTest, NodeConnectionIsANestedObjectWithSensitiveCredentials) {
  const auto& attrs = Block("wgmesh_node").attributes();
  EXPECT_TRUE(FindAttr(attrs, "config")->required());
  EXPECT_TRUE(FindAttr(attrs, "config")->sensitive());
  const Attr* conn = FindAttr(attrs, "connection");
  ASSERT_TRUE(conn->has_nested_type());
  EXPECT_EQ(conn->nested_type().nesting(), tfplugin6::Schema::Object::SINGLE);
  const auto& c = conn->nested_type().attributes();
  EXPECT_TRUE(FindAttr(c, "host")->required());
  EXPECT_TRUE(FindAttr(c, "private_key")->sensitive());
  EXPECT_TRUE(FindAttr(c, "password")->sensitive());
  EXPECT_TRUE(FindAttr(c, "proxy")->has_nested_type());
  EXPECT_TRUE(FindAttr(attrs, "in_sync")->computed());
  EXPECT_EQ(FindAttr(attrs, "drift")->type(), R"(["list","string"])");
}

TEST(TfSchemaTest, DescriptionsNameOtherAttributesInSnakeCase) {
  const auto& attrs = Block("wgmesh_node").attributes();
  const std::string& config = FindAttr(attrs, "config")->description();
  EXPECT_NE(config.find("`node_configs`"), std::string::npos) << config;
  EXPECT_EQ(config.find("nodeConfigs"), std::string::npos) << config;
  // Other backticked text is left alone.
  const std::string& remove = FindAttr(attrs, "remove_config_on_delete")->description();
  EXPECT_NE(remove.find("`/etc/wireguard/wg-<mesh>.conf`"), std::string::npos) << remove;
}

TEST(TfSchemaTest, ProviderConfigIsAllOptionalConnectionDefaults) {
  const auto& attrs = TerraformSchema().provider.block().attributes();
  for (const Attr& a : attrs) {
    EXPECT_TRUE(a.optional()) << a.name();
    EXPECT_FALSE(a.computed()) << a.name();
  }
  EXPECT_TRUE(FindAttr(attrs, "private_key")->sensitive());
  EXPECT_NE(FindAttr(attrs, "known_hosts_file"), nullptr);
  EXPECT_NE(FindAttr(attrs, "parallelism"), nullptr);
}

TEST(TfSchemaTest, StateTypeHasEveryAttribute) {
  const CtyType& t = TerraformSchema().resources.at("wgmesh_node").type;
  ASSERT_EQ(t.kind(), CtyType::Kind::kObject);
  // Every attribute, and the `timeouts` block.
  EXPECT_EQ(t.attributes().size(), static_cast<size_t>(Block("wgmesh_node").attributes_size() +
                                                       Block("wgmesh_node").block_types_size()));
  EXPECT_EQ(t.attributes().at("timeouts").kind(), CtyType::Kind::kObject);
  EXPECT_EQ(t.attributes().at("connection").kind(), CtyType::Kind::kObject);
}

}  // namespace
}  // namespace wgmesh::terraform
