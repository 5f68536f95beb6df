// camelCase <-> snake_case by the schema, property paths, provider config
// parsing, input diffs, plugin arguments: the pure parts of the Pulumi adapter.
#include <gtest/gtest.h>

#include "provider/pulumi/input_diff.h"
#include "provider/pulumi/plugin_args.h"
#include "provider/pulumi/provider_config.h"
#include "provider/pulumi/provider_service.h"
#include "provider/pulumi/schema.h"
#include "provider/pulumi/struct_codec.h"

namespace wgmesh::pulumi {
namespace {

constexpr char kMesh[] = "wgmesh:index:Mesh";
constexpr char kNode[] = "wgmesh:index:Node";

Value Str(const char* s) { return Value::String(s); }

TEST(PulumiNamesTest, NodeNamesAreNeverConverted) {
  const SchemaModel& names = SchemaModel::Embedded();
  Value camel = Value::Object(
      {{"name", Str("lab")},
       {"underlayMtu", Value::Int(1400)},
       {"nodes", Value::Object({{"webServer", Value::Object({{"addr", Str("10.0.0.1/24")},
                                                             {"listenPort", Value::Int(1)}})},
                                {"web.example", Value::Object({{"keyEpoch", Value::Int(2)}})}})}});
  Value snake = names.ToSnake(kMesh, camel);
  ASSERT_NE(snake.Get("underlay_mtu"), nullptr);
  const Value* nodes = snake.Get("nodes");
  ASSERT_NE(nodes, nullptr);
  EXPECT_TRUE(nodes->is_map());  // additionalProperties -> a map for the handlers
  ASSERT_NE(nodes->Get("webServer"), nullptr);
  EXPECT_NE(nodes->Get("webServer")->Get("listen_port"), nullptr);
  EXPECT_NE(nodes->Get("web.example")->Get("key_epoch"), nullptr);
  // And back, exactly as on the wire (maps and objects are both Structs there).
  EXPECT_EQ(ToStruct(names.ToCamel(kMesh, snake))->DebugString(),
            ToStruct(camel)->DebugString());
}

TEST(PulumiNamesTest, SchemaSecretsAreMarkedBothWays) {
  const SchemaModel& names = SchemaModel::Embedded();
  Value camel = Value::Object(
      {{"config", Str("{}")},
       {"connection", Value::Object({{"host", Str("h")},
                                     {"privateKey", Str("KEY")},
                                     {"proxy", Value::Object({{"password", Str("pw")}})}})}});
  Value snake = names.ToSnake(kNode, camel);
  EXPECT_TRUE(snake.Get("config")->secret());
  EXPECT_TRUE(snake.Get("connection")->Get("private_key")->secret());
  EXPECT_FALSE(snake.Get("connection")->Get("host")->secret());
  EXPECT_TRUE(snake.Get("connection")->Get("proxy")->Get("password")->secret());

  Value mesh_state = Value::Object({{"seed", Str("x")},
                                    {"node_configs", Value::Map({{"a", Str("{}")}})},
                                    {"public_keys", Value::Map({{"a", Str("pk")}})}});
  Value out = names.ToCamel(kMesh, mesh_state);
  EXPECT_TRUE(out.Get("seed")->secret());
  EXPECT_TRUE(out.Get("nodeConfigs")->secret());
  EXPECT_FALSE(out.Get("publicKeys")->secret());
  // A secret the handler marked stays secret even where the schema says nothing.
  Value marked = Value::Object({{"name", Str("lab").MarkSecret()}});
  EXPECT_TRUE(names.ToCamel(kMesh, marked).Get("name")->secret());
}

TEST(PulumiNamesTest, UnknownsSurviveConversion) {
  const SchemaModel& names = SchemaModel::Embedded();
  Value camel = Value::Object({{"nodes", Value::Object({{"a", Value::Object(
      {{"listenPort", Value::Unknown()}})}})}, {"keyEpoch", Value::Unknown()}});
  Value snake = names.ToSnake(kMesh, camel);
  EXPECT_TRUE(snake.Get("key_epoch")->is_unknown());
  EXPECT_TRUE(snake.Get("nodes")->Get("a")->Get("listen_port")->is_unknown());
}

TEST(PulumiNamesTest, PropertyPathsAreCamelCase) {
  const SchemaModel& names = SchemaModel::Embedded();
  EXPECT_EQ(names.PathToCamel(kMesh, {PathStep::Attribute("nodes"), PathStep::Key("a"),
                                      PathStep::Attribute("listen_port")}),
            "nodes.a.listenPort");
  // Core paths may spell map keys and list indices as attributes.
  EXPECT_EQ(names.PathToCamel(kMesh, {PathStep::Attribute("nodes"), PathStep::Attribute("b_c"),
                                      PathStep::Attribute("peers"), PathStep::Attribute("0")}),
            "nodes.b_c.peers[0]");
  EXPECT_EQ(names.PathToCamel(kMesh, {PathStep::Attribute("nodes"), PathStep::Key("web.example"),
                                      PathStep::Attribute("addr")}),
            "nodes[\"web.example\"].addr");
  EXPECT_EQ(names.PathToCamel(kNode, {PathStep::Attribute("connection"),
                                      PathStep::Attribute("proxy"),
                                      PathStep::Attribute("private_key_password")}),
            "connection.proxy.privateKeyPassword");
  EXPECT_EQ(names.PathToCamel(kMesh, {PathStep::Attribute("underlay_mtu")}), "underlayMtu");
  EXPECT_EQ(names.PathToCamel(kMesh, {}), "");
}

TEST(PulumiProviderConfigTest, StringsHoldingJsonBecomeTyped) {
  const SchemaModel& names = SchemaModel::Embedded();
  Value args = Value::Object({{"user", Str("mesh")},
                              {"insecureSkipHostKeyCheck", Str("true")},
                              {"commandTimeout", Str("120")},
                              {"privateKey", Str("KEY")},
                              {"proxy", Str(R"({"host":"bastion","privateKey":"PK"})")},
                              {"version", Str("0.1.0")}});
  ProviderConfig c = ParseProviderConfig(args, names);
  EXPECT_TRUE(c.failures.empty());
  EXPECT_EQ(*c.config.Get("user"), Str("mesh"));
  EXPECT_EQ(*c.config.Get("insecure_skip_host_key_check"), Value::Bool(true));
  EXPECT_EQ(*c.config.Get("command_timeout"), Value::Int(120));
  EXPECT_TRUE(c.config.Get("private_key")->secret());
  EXPECT_EQ(c.config.Get("proxy")->Get("host")->as_string(), "bastion");
  EXPECT_TRUE(c.config.Get("proxy")->Get("private_key")->secret());
  EXPECT_EQ(c.config.Get("version"), nullptr);  // the engine's key, not ours
}

TEST(PulumiProviderConfigTest, WrongTypesAndUnknownKeysAreNamed) {
  const SchemaModel& names = SchemaModel::Embedded();
  ProviderConfig c = ParseProviderConfig(
      Value::Object({{"commandTimeout", Str("soon")}, {"privatekey", Str("x")},
                     {"parallelism", Value::Bool(true)}}),
      names);
  ASSERT_EQ(c.failures.size(), 3u);
  std::vector<std::string> props;
  for (const ConfigFailure& f : c.failures) props.push_back(f.property);
  EXPECT_EQ(props, (std::vector<std::string>{"commandTimeout", "parallelism", "privatekey"}));
}

TEST(PulumiProviderConfigTest, LegacyVariablesLoseTheirNamespace) {
  Value args = ArgsFromVariables({{"wgmesh:config:user", "mesh"}, {"wgmesh:parallelism", "4"}});
  EXPECT_EQ(*args.Get("user"), Str("mesh"));
  EXPECT_EQ(*args.Get("parallelism"), Str("4"));
}

TEST(PulumiInputDiffTest, ReportsPathsBelowMapsButNotInsideSecretsOrLists) {
  Value olds = Value::Object(
      {{"nodes", Value::Map({{"a", Value::Object({{"endpoint", Str("h1")},
                                                  {"peers", Value::List({Str("b")})}})},
                             {"b", Value::Object({{"addr", Str("x")}})}})},
       {"config", Str("old").MarkSecret()},
       {"full", Value::Bool(true)}});
  Value news = Value::Object(
      {{"nodes", Value::Map({{"a", Value::Object({{"endpoint", Str("h2")},
                                                  {"peers", Value::List({Str("c")})}})},
                             {"c", Value::Object({{"addr", Str("y")}})}})},
       {"config", Str("new").MarkSecret()},
       {"full", Value::Bool(true)}});
  std::vector<InputChange> changes = DiffInputs(olds, news, {"config", "full", "nodes"});
  std::vector<std::string> got;
  for (const InputChange& c : changes) {
    got.push_back(PathString(c.path) + (c.kind == InputChange::Kind::kAdd      ? " add"
                                        : c.kind == InputChange::Kind::kDelete ? " delete"
                                                                               : " update"));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"config update", "nodes[\"a\"].endpoint update",
                                           "nodes[\"a\"].peers update", "nodes[\"b\"] delete",
                                           "nodes[\"c\"] add"}));
}

TEST(PulumiInputDiffTest, UnknownIsAChangeAndNullIsAbsent) {
  Value olds = Value::Object({{"full", Value::Bool(true)}, {"stp", Value::Null()}});
  Value news = Value::Object({{"full", Value::Unknown()}});
  std::vector<InputChange> changes = DiffInputs(olds, news, {"full", "stp"});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(PathString(changes[0].path), "full");
  EXPECT_TRUE(DiffInputs(olds, olds, {"full", "stp"}).empty());
}

TEST(PulumiPluginArgsTest, SkipsEngineFlags) {
  EXPECT_EQ(ParsePluginArgs({"--logtostderr", "-v=9", "--tracing", "http://t:1", "127.0.0.1:4242"})
                .engine_address,
            "127.0.0.1:4242");
  EXPECT_EQ(ParsePluginArgs({"127.0.0.1:1", "extra"}).engine_address, "127.0.0.1:1");
  EXPECT_EQ(ParsePluginArgs({}).engine_address, "");
}

TEST(PulumiUrnTest, TypeIsTheLastPartOfTheQualifiedType) {
  EXPECT_EQ(TypeFromUrn("urn:pulumi:dev::lab::wgmesh:index:Mesh::lab"), "wgmesh:index:Mesh");
  EXPECT_EQ(TypeFromUrn("urn:pulumi:dev::lab::my:comp$wgmesh:index:Node::n1::x"),
            "wgmesh:index:Node");
  EXPECT_EQ(TypeFromUrn("garbage"), "");
}

}  // namespace
}  // namespace wgmesh::pulumi
