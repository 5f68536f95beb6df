#include "provider/value.h"

#include <gtest/gtest.h>

#include "provider/value_json.h"

namespace wgmesh {
namespace {

Value Node() {
  return Value::Object({{"addr", Value::String("10.0.0.1")},
                        {"listen_port", Value::Int(51820)},
                        {"peers", Value::List({Value::String("b"), Value::String("c")})}});
}

TEST(ValueTest, KindsAndAccessors) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_TRUE(Value::Unknown().is_unknown());
  EXPECT_TRUE(Value::Bool(true).as_bool());
  EXPECT_EQ(Value::Int(3).as_number(), Number::Int(3));
  EXPECT_EQ(Value::String("wg0").as_string(), "wg0");
  EXPECT_EQ(Node().members().size(), 3u);
  EXPECT_TRUE(Value::Map().has_members());
  EXPECT_FALSE(Value::List().has_members());
}

TEST(ValueTest, EqualityIsStructural) {
  EXPECT_EQ(Node(), Node());
  EXPECT_EQ(Value::Int(5), Value::Double(5.0));
  EXPECT_EQ(Value::Unknown(), Value::Unknown());
  EXPECT_NE(Value::Null(), Value::Unknown());
  EXPECT_NE(Value::Map({{"a", Value::Int(1)}}), Value::Object({{"a", Value::Int(1)}}));
  Value other = Node();
  other.Set("addr", Value::String("10.0.0.2"));
  EXPECT_NE(Node(), other);
  EXPECT_NE(Value::List({Value::Int(1)}), Value::List({Value::Int(1), Value::Int(2)}));
}

TEST(ValueTest, SecretMarks) {
  Value key = Value::String("k3y").MarkSecret();
  EXPECT_TRUE(key.secret());
  EXPECT_NE(key, Value::String("k3y"));
  EXPECT_TRUE(EqualIgnoringMarks(key, Value::String("k3y")));

  Value node = Node();
  node.Set("private_key", key);
  EXPECT_FALSE(node.secret());
  EXPECT_TRUE(node.ContainsSecret());
  EXPECT_FALSE(node.WithoutMarks().ContainsSecret());
  EXPECT_EQ(node.DebugString().find("k3y"), std::string::npos);
}

TEST(ValueTest, Knownness) {
  Value node = Node();
  EXPECT_TRUE(node.IsWhollyKnown());
  node.mutable_members()["peers"].Append(Value::Unknown());
  EXPECT_FALSE(node.IsWhollyKnown());
}

TEST(ValueTest, PathsFindAndRender) {
  Value mesh = Value::Object({{"nodes", Value::Map({{"a", Node()}, {"b.c", Node()}})}});
  Path p = {PathStep::Attribute("nodes"), PathStep::Key("a"), PathStep::Attribute("listen_port")};
  ASSERT_NE(Find(mesh, p), nullptr);
  EXPECT_EQ(*Find(mesh, p), Value::Int(51820));
  EXPECT_EQ(PathString(p), "nodes[\"a\"].listen_port");

  Path q = {PathStep::Attribute("nodes"), PathStep::Key("b.c"), PathStep::Attribute("peers"),
            PathStep::Index(1)};
  EXPECT_EQ(*Find(mesh, q), Value::String("c"));
  EXPECT_EQ(PathString(q), "nodes[\"b.c\"].peers[1]");

  EXPECT_EQ(Find(mesh, {PathStep::Attribute("nope")}), nullptr);
  EXPECT_EQ(Find(mesh, {PathStep::Attribute("nodes"), PathStep::Index(0)}), nullptr);
  EXPECT_EQ(Find(mesh, {}), &mesh);
}

TEST(ValueJsonTest, RoundTrip) {
  Value v = Node();
  v.Set("ratio", Value::Double(0.5));
  v.Set("none", Value::Null());
  v.Set("on", Value::Bool(true));
  absl::StatusOr<nlohmann::json> j = ToJson(v);
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_EQ(j->dump(),
            R"({"addr":"10.0.0.1","listen_port":51820,"none":null,"on":true,"peers":["b","c"],"ratio":0.5})");
  absl::StatusOr<Value> back = FromJson(*j);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, v);
  absl::StatusOr<Value> parsed = ParseJson(j->dump());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, v);
}

TEST(ValueJsonTest, SecretsWritePlainUnknownsFail) {
  Value v = Value::Object({{"k", Value::String("s").MarkSecret()}});
  EXPECT_EQ(ToJson(v)->dump(), R"({"k":"s"})");
  Value u = Value::Object({{"nodes", Value::Map({{"a", Value::Unknown()}})}});
  absl::StatusOr<nlohmann::json> j = ToJson(u);
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.status().message().find("nodes[\"a\"]"), absl::string_view::npos) << j.status();
}

TEST(ValueJsonTest, ParseKeepsExactNumbers) {
  absl::StatusOr<Value> v =
      ParseJson(R"({"big": 123456789012345678901234567890, "u": 18446744073709551615, "n": -7})");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->Get("big")->as_number().ToString(), "123456789012345678901234567890");
  EXPECT_EQ(v->Get("u")->as_number().form(), Number::Form::kUint);
  EXPECT_EQ(*v->Get("n"), Value::Int(-7));
  EXPECT_FALSE(ParseJson("{").ok());
  EXPECT_FALSE(ParseJson("[1,]").ok());
}

}  // namespace
}  // namespace wgmesh
