// google.protobuf.Struct <-> Value with Pulumi secrets and unknowns (pulumi-protocol.md section 3).
#include "provider/pulumi/struct_codec.h"

#include <gtest/gtest.h>
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

namespace wgmesh::pulumi {
namespace {

namespace pb = google::protobuf;

pb::Struct ParseStruct(const std::string& json) {
  pb::Struct s;
  auto status = pb::util::JsonStringToMessage(json, &s);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return s;
}

// Protobuf map order is unspecified: compare through a key-sorted JSON form.
std::string PrintStruct(const pb::Struct& s) {
  std::string out;
  (void)pb::util::MessageToJsonString(s, &out);
  return nlohmann::json::parse(out).dump();
}

Value FromJson(const std::string& json) {
  absl::StatusOr<Value> v = FromStruct(ParseStruct(json));
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : Value::String("<error>");
}

TEST(StructCodecTest, PlainValues) {
  Value v = FromJson(R"({"s":"x","n":51820,"f":0.5,"b":true,"z":null,"l":[1,"a"],"o":{"k":"v"}})");
  EXPECT_EQ(v, Value::Object({{"s", Value::String("x")},
                              {"n", Value::Int(51820)},
                              {"f", Value::Double(0.5)},
                              {"b", Value::Bool(true)},
                              {"z", Value::Null()},
                              {"l", Value::List({Value::Int(1), Value::String("a")})},
                              {"o", Value::Object({{"k", Value::String("v")}})}}));
  EXPECT_EQ(v.Get("n")->as_number().form(), Number::Form::kInt);
}

TEST(StructCodecTest, SecretsAtAnyDepth) {
  Value v = FromJson(R"({
    "key": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": "k3y"},
    "conn": {"host": "h", "password": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": "pw"}},
    "list": [1, {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": 2}],
    "whole": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
              "value": {"a": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": [true]}}}
  })");
  EXPECT_EQ(*v.Get("key"), Value::String("k3y").MarkSecret());
  EXPECT_FALSE(v.Get("conn")->secret());
  EXPECT_EQ(*v.Get("conn")->Get("password"), Value::String("pw").MarkSecret());
  EXPECT_FALSE(v.Get("list")->At(0)->secret());
  EXPECT_EQ(*v.Get("list")->At(1), Value::Int(2).MarkSecret());
  EXPECT_TRUE(v.Get("whole")->secret());
  EXPECT_TRUE(v.Get("whole")->Get("a")->secret());
  EXPECT_EQ(v.Get("whole")->Get("a")->WithoutMarks(), Value::List({Value::Bool(true)}));
}

TEST(StructCodecTest, AllFiveUnknownSentinelsAnywhere) {
  for (std::string_view sentinel : {kUnknown, kUnknownBool, kUnknownNumber, kUnknownArray, kUnknownObject}) {
    const std::string s(sentinel);
    Value v = FromJson(R"({"top":")" + s + R"(","obj":{"a":")" + s + R"("},"arr":["x",")" + s +
                       R"("],"sec":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","value":")" +
                       s + R"("},"sec_obj":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","value":{"in":[")" +
                       s + R"("]}}})");
    EXPECT_TRUE(v.Get("top")->is_unknown()) << s;
    EXPECT_TRUE(v.Get("obj")->Get("a")->is_unknown()) << s;
    EXPECT_EQ(*v.Get("arr")->At(0), Value::String("x"));
    EXPECT_TRUE(v.Get("arr")->At(1)->is_unknown()) << s;
    EXPECT_TRUE(v.Get("sec")->is_unknown()) << s;
    EXPECT_TRUE(v.Get("sec")->secret()) << s;
    EXPECT_TRUE(v.Get("sec_obj")->Get("in")->At(0)->is_unknown()) << s;
    EXPECT_FALSE(v.IsWhollyKnown());
  }
  EXPECT_TRUE(IsUnknownSentinel("04da6b54-80e4-46f7-96ec-b56ff0331ba9"));
  EXPECT_FALSE(IsUnknownSentinel("04da6b54"));
}

TEST(StructCodecTest, ResourceReferencesAssetsAndStrangers) {
  Value v = FromJson(R"({
    "ref": {"4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", "urn": "urn:a", "id": "i-1"},
    "comp": {"4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", "urn": "urn:b"},
    "pending": {"4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", "urn": "urn:c",
                "id": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}
  })");
  EXPECT_EQ(*v.Get("ref"), Value::String("i-1"));
  EXPECT_EQ(*v.Get("comp"), Value::String("urn:b"));
  EXPECT_TRUE(v.Get("pending")->is_unknown());

  EXPECT_FALSE(FromStruct(ParseStruct(
      R"({"a":{"4dabf18193072939515e22adb298388d":"c44067f5952c0a294b673a41bacd8c17","path":"x"}})")).ok());
  EXPECT_FALSE(FromStruct(ParseStruct(
      R"({"a":{"4dabf18193072939515e22adb298388d":"0def7320c3a5731c473e5ecbe6d01bc7","path":"x"}})")).ok());
  absl::StatusOr<Value> odd = FromStruct(ParseStruct(R"({"a":{"b":{"4dabf18193072939515e22adb298388d":"nope"}}})"));
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.status().message().find("a.b"), absl::string_view::npos) << odd.status();
}

TEST(StructCodecTest, OutputsWrapSecretsAndWriteUnknowns) {
  Value out = Value::Object({{"name", Value::String("lab")},
                             {"seed", Value::String("s33d").MarkSecret()},
                             {"port", Value::Int(51820)},
                             {"pending", Value::Unknown()},
                             {"configs", Value::Map({{"a", Value::Object({{"key", Value::String("k").MarkSecret()}})
                                                               .MarkSecret()}})}});
  absl::StatusOr<pb::Struct> s = ToStruct(out);
  ASSERT_TRUE(s.ok()) << s.status();
  // A mark inside a secret is not wrapped again.
  EXPECT_EQ(PrintStruct(*s),
            R"({"configs":{"a":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270",)"
            R"("value":{"key":"k"}}},"name":"lab","pending":"04da6b54-80e4-46f7-96ec-b56ff0331ba9",)"
            R"("port":51820,"seed":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270",)"
            R"("value":"s33d"}})");
}

TEST(StructCodecTest, RoundTrips) {
  Value v = Value::Object(
      {{"s", Value::String("x")},
       {"n", Value::Int(-3)},
       {"d", Value::Double(2.25)},
       {"secret_unknown", Value::Unknown().MarkSecret()},
       {"list", Value::List({Value::Unknown(), Value::String("p").MarkSecret(), Value::Null()})},
       {"nested", Value::Object({{"inner", Value::Object({{"k", Value::Bool(false).MarkSecret()}})}})},
       {"secret_obj", Value::Object({{"u", Value::Unknown()}, {"l", Value::List()}}).MarkSecret()}});
  absl::StatusOr<pb::Struct> s = ToStruct(v);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<Value> back = FromStruct(*s);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, v) << back->DebugString();

  absl::StatusOr<pb::Value> pv = ToProtoValue(Value::String("x").MarkSecret());
  ASSERT_TRUE(pv.ok());
  EXPECT_EQ(*FromProtoValue(*pv), Value::String("x").MarkSecret());
}

TEST(StructCodecTest, StructNeedsAPlainObject) {
  EXPECT_FALSE(ToStruct(Value::List()).ok());
  EXPECT_FALSE(ToStruct(Value::Object().MarkSecret()).ok());
  EXPECT_TRUE(ToStruct(Value::Map({{"a", Value::Int(1)}})).ok());
}

}  // namespace
}  // namespace wgmesh::pulumi
