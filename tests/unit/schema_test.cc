// The schema is the one description of the resources: it must match the core
// spec field for field, and mark every secret.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "core/spec.h"
#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

using nlohmann::json;

std::string SnakeCase(const std::string& camel) {
  std::string out;
  for (char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::set<std::string> SnakeKeys(const json& properties) {
  std::set<std::string> out;
  for (const auto& [k, v] : properties.items()) out.insert(SnakeCase(k));
  return out;
}

std::set<std::string> ProviderFields(const std::vector<SpecField>& fields) {
  std::set<std::string> out;
  for (const auto& f : fields)
    if (!f.mesh_yaml_only) out.insert(f.name);
  return out;
}

class SchemaTest : public ::testing::Test {
 protected:
  json schema = json::parse(testing::ReadSourceFile("schema/wgmesh.schema.json"));
  const json& Resource(const char* token) { return schema.at("resources").at(token); }
  const json& Type(const char* token) { return schema.at("types").at(token); }
};

TEST_F(SchemaTest, PackageIdentity) {
  EXPECT_EQ(schema.at("name"), "wgmesh");
  EXPECT_TRUE(std::regex_match(schema.at("version").get<std::string>(),
                               std::regex(R"(\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)")));
}

TEST_F(SchemaTest, MeshInputsAreTheSpecFields) {
  EXPECT_EQ(SnakeKeys(Resource("wgmesh:index:Mesh").at("inputProperties")),
            ProviderFields(MeshFields()));
  EXPECT_EQ(SnakeKeys(Type("wgmesh:index:MeshNode").at("properties")),
            ProviderFields(NodeFields()));
  EXPECT_EQ(Resource("wgmesh:index:Mesh").at("inputProperties").at("nodes").at(
                "additionalProperties").at("$ref"),
            "#/types/wgmesh:index:MeshNode");
}

TEST_F(SchemaTest, DefaultsAgreeWithTheCore) {
  const json& in = Resource("wgmesh:index:Mesh").at("inputProperties");
  const MeshSpec d;
  EXPECT_EQ(in.at("full").at("default"), d.full);
  EXPECT_EQ(in.at("underlayMtu").at("default"), d.underlay_mtu);
  EXPECT_EQ(in.at("underlayFamily").at("default"), d.underlay_family);
  EXPECT_EQ(in.at("tunnelType").at("default"), d.tunnel_type);
  EXPECT_EQ(in.at("stp").at("default"), d.stp);
  EXPECT_EQ(in.at("stpForwardDelay").at("default"), d.stp_forward_delay);
  EXPECT_EQ(Type("wgmesh:index:MeshNode").at("properties").at("listenPort").at("default"),
            kDefaultListenPort);
}

TEST_F(SchemaTest, SecretsAreMarked) {
  auto secret = [](const json& p) { return p.value("secret", false); };
  const json& mesh = Resource("wgmesh:index:Mesh").at("properties");
  EXPECT_TRUE(secret(mesh.at("seed")));
  EXPECT_TRUE(secret(mesh.at("nodeConfigs")));
  EXPECT_FALSE(secret(mesh.at("publicKeys")));
  const json& node = Resource("wgmesh:index:Node");
  EXPECT_TRUE(secret(node.at("inputProperties").at("config")));
  EXPECT_TRUE(secret(node.at("properties").at("config")));
  for (const char* t : {"wgmesh:index:Connection", "wgmesh:index:ProxyConnection"})
    for (const char* f : {"password", "privateKey", "privateKeyPassword"})
      EXPECT_TRUE(secret(Type(t).at("properties").at(f))) << t << "." << f;
  EXPECT_TRUE(secret(schema.at("provider").at("inputProperties").at("privateKey")));
}

TEST_F(SchemaTest, EveryPropertyHasADescriptionAndEveryRefResolves) {
  std::function<void(const json&, const std::string&)> walk = [&](const json& j,
                                                                   const std::string& where) {
    if (j.is_object()) {
      for (const char* key : {"properties", "inputProperties"}) {
        if (!j.contains(key)) continue;
        for (const auto& [name, prop] : j.at(key).items()) {
          EXPECT_FALSE(prop.value("description", "").empty()) << where << "." << name;
        }
      }
      if (j.contains("$ref")) {
        std::string ref = j.at("$ref");
        ASSERT_EQ(ref.rfind("#/types/", 0), 0u) << ref;
        EXPECT_TRUE(schema.at("types").contains(ref.substr(8))) << ref;
      }
      for (const auto& [k, v] : j.items()) walk(v, where + "." + k);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v, where);
    }
  };
  walk(schema, "");
}

TEST_F(SchemaTest, OutputsEchoInputs) {
  for (const char* r : {"wgmesh:index:Mesh", "wgmesh:index:Node"})
    for (const auto& [name, unused] : Resource(r).at("inputProperties").items())
      EXPECT_TRUE(Resource(r).at("properties").contains(name)) << r << "." << name;
}

}  // namespace
}  // namespace wgmesh
