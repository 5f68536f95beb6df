#include "core/spec_parse.h"

#include <gtest/gtest.h>

#include "core/validate.h"
#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

TEST(SpecParse, OriginalExampleParsesUnchanged) {
  MeshSpec s = testing::SpecFromFile("tests/unit/data/original.yaml");
  EXPECT_EQ(s.name, "mesh");
  EXPECT_EQ(s.network, "10.99.0.0/24");
  EXPECT_TRUE(s.full);
  ASSERT_EQ(s.nodes.size(), 3u);
  const NodeSpec& m1 = s.nodes[0];
  EXPECT_EQ(m1.name, "mesh1");
  ASSERT_TRUE(m1.ssh);
  EXPECT_EQ(m1.ssh->alias, "test0");
  const NodeSpec& m2 = s.nodes[1];
  ASSERT_TRUE(m2.ssh);
  EXPECT_EQ(m2.ssh->host, "198.51.100.20");
  EXPECT_EQ(m2.ssh->port, 22);
  EXPECT_EQ(m2.listen_port, 51821);
  EXPECT_EQ(m2.prio, 100);
  EXPECT_EQ(s.nodes[2].endpoint, "2001:db8::30");
  EXPECT_FALSE(ValidateMesh(s).has_errors()) << ValidateMesh(s).ToString();
}

TEST(SpecParse, ExampleInExamplesIsTheSame) {
  EXPECT_EQ(testing::ReadSourceFile("examples/mesh.yaml"),
            testing::ReadSourceFile("tests/unit/data/original.yaml"));
}

TEST(SpecParse, JsonAndYamlGiveTheSameSpec) {
  MeshSpec from_yaml = testing::SpecFromFile("tests/unit/data/partial.yaml");
  auto doc = SpecToDocument(from_yaml);
  auto reparsed = ParseDocument(doc.dump(2), DocFormat::kJson, "x.json");
  ASSERT_TRUE(reparsed.ok());
  ParsedSpec p = SpecFromDocument(*reparsed);
  EXPECT_FALSE(p.problems.has_errors());
  EXPECT_EQ(SpecToDocument(p.spec), doc);
  EXPECT_FALSE(p.spec.full);
  EXPECT_EQ(p.spec.nodes[4].persistent_keepalive, 25);
}

TEST(SpecParse, PyYamlBooleansAndQuotedStrings) {
  auto doc = ParseDocument(
      "name: m\nnetwork: 10.0.0.0/24\nfull: no\nstp: on\nnodes:\n  '1':\n    addr: \"10.0.0.1/24\"\n",
      DocFormat::kYaml, "t.yaml");
  ASSERT_TRUE(doc.ok());
  ParsedSpec p = SpecFromDocument(*doc);
  EXPECT_FALSE(p.spec.full);
  EXPECT_EQ(p.spec.stp, "on");
  EXPECT_EQ(p.spec.nodes[0].name, "1");
}

TEST(SpecParse, TypeErrorsNameEveryPath) {
  auto doc = ParseDocument(R"(
name: 7
network: [1]
full: maybe
colour: red
nodes:
  a:
    addr: 10.0.0.1/24
    listen_port: high
    peers: b
    ssh: {user: root}
    typo: 1
  b: 5
)",
                           DocFormat::kYaml, "t.yaml");
  ASSERT_TRUE(doc.ok());
  ParsedSpec p = SpecFromDocument(*doc);
  for (const char* path : {"name", "network", "full", "colour", "nodes.a.listen_port",
                           "nodes.a.peers", "nodes.a.ssh.host", "nodes.a.typo", "nodes.b"})
    EXPECT_TRUE(p.problems.HasErrorAt(path)) << path << "\n" << p.problems.ToString();
  EXPECT_NE(p.problems.ToString().find("nodes.a.listen_port: \"high\": must be an integer"),
            std::string::npos)
      << p.problems.ToString();
}

TEST(SpecParse, MissingRequiredFields) {
  auto doc = ParseDocument("nodes: {a: {endpoint: x}}", DocFormat::kYaml, "t.yaml");
  ASSERT_TRUE(doc.ok());
  ParsedSpec p = SpecFromDocument(*doc);
  p.problems.Append(ValidateMesh(p.spec));
  for (const char* path : {"name", "network", "nodes.a.addr"})
    EXPECT_TRUE(p.problems.HasErrorAt(path)) << path << "\n" << p.problems.ToString();
}

TEST(SpecParse, DocumentErrorsNameFileLineAndColumn) {
  auto bad = ParseDocument("name: a\nnodes:\n  a: {addr: [\n", DocFormat::kYaml, "mesh.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("mesh.yaml:"), std::string::npos) << bad.status();
  auto dup = ParseDocument("name: a\nname: b\n", DocFormat::kYaml, "mesh.yaml");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("mesh.yaml:2:1: duplicate key \"name\""),
            std::string::npos)
      << dup.status();
  auto json = ParseDocument("{\"name\": }", DocFormat::kJson, "mesh.json");
  ASSERT_FALSE(json.ok());
  EXPECT_NE(json.status().message().find("mesh.json: invalid JSON"), std::string::npos);
}

TEST(SpecParse, WholeFloatsFromTerraformAreIntegers) {
  auto doc = nlohmann::json::parse(
      R"({"name":"m","network":"10.0.0.0/24","underlay_mtu":1420.0,"nodes":{"a":{"addr":"10.0.0.1/24","listen_port":51820.0}}})");
  ParsedSpec p = SpecFromDocument(doc);
  EXPECT_FALSE(p.problems.has_errors()) << p.problems.ToString();
  EXPECT_EQ(p.spec.underlay_mtu, 1420);
  EXPECT_EQ(p.spec.nodes[0].listen_port, 51820);
}

}  // namespace
}  // namespace wgmesh
