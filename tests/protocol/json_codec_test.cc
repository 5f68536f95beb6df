// cty JSON (stored state, RawState) -> Value, and the DynamicValue/RawState glue.
#include "provider/terraform/json_codec.h"

#include <gtest/gtest.h>

#include "provider/terraform/dynamic_value.h"
#include "tests/protocol/hex.h"

namespace wgmesh::terraform {
namespace {

const CtyType kMeshType = CtyType::Object(
    {{"name", CtyType::String()},
     {"seed", CtyType::String()},
     {"mtu", CtyType::Number()},
     {"full", CtyType::Bool()},
     {"nodes", CtyType::Map(CtyType::Object({{"addr", CtyType::String()},
                                             {"listen_port", CtyType::Number()}}))},
     {"peers", CtyType::Set(CtyType::String())},
     {"extra", CtyType::Dynamic()}});

TEST(JsonCodecTest, DecodesStoredState) {
  absl::StatusOr<Value> v = DecodeJson(R"({
      "name": "lab", "seed": "c2VlZA==", "mtu": 1420, "full": true,
      "nodes": {"a": {"addr": "10.0.0.1", "listen_port": 51820}, "b": {"addr": "10.0.0.2"}},
      "peers": ["a", "b"],
      "extra": {"value": {"x": [1, "y"]}, "type": ["object", {"x": ["tuple", ["number", "string"]]}]}
    })",
                                       kMeshType);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(*v->Get("mtu"), Value::Int(1420));
  EXPECT_EQ(*v->Get("full"), Value::Bool(true));
  EXPECT_TRUE(v->Get("nodes")->is_map());
  EXPECT_EQ(*Find(*v, {PathStep::Attribute("nodes"), PathStep::Key("a"), PathStep::Attribute("listen_port")}),
            Value::Int(51820));
  // Absent attributes are null.
  EXPECT_TRUE(Find(*v, {PathStep::Attribute("nodes"), PathStep::Key("b"), PathStep::Attribute("listen_port")})
                  ->is_null());
  EXPECT_EQ(*v->Get("extra"),
            Value::Object({{"x", Value::List({Value::Int(1), Value::String("y")})}}));
}

TEST(JsonCodecTest, NullsAndMissingAttributes) {
  absl::StatusOr<Value> v = DecodeJson(R"({"name": null})", kMeshType);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->members().size(), 7u);
  for (const auto& [k, member] : v->members()) EXPECT_TRUE(member.is_null()) << k;
  EXPECT_TRUE(DecodeJson("null", kMeshType)->is_null());
}

TEST(JsonCodecTest, UndefinedAttributes) {
  absl::StatusOr<Value> strict = DecodeJson(R"({"name": "x", "gone": 1})", kMeshType);
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("\"gone\""), absl::string_view::npos);
  absl::StatusOr<Value> lenient =
      DecodeJson(R"({"name": "x", "gone": 1})", kMeshType, {.ignore_undefined_attributes = true});
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ(lenient->Get("gone"), nullptr);
}

TEST(JsonCodecTest, PrimitivesConvertAsCtyDoes) {
  EXPECT_EQ(*DecodeJson("12", CtyType::String()), Value::String("12"));
  EXPECT_EQ(*DecodeJson("true", CtyType::String()), Value::String("true"));
  EXPECT_EQ(*DecodeJson(R"("12.5")", CtyType::Number()), Value::Double(12.5));
  EXPECT_EQ(*DecodeJson(R"("false")", CtyType::Bool()), Value::Bool(false));
  EXPECT_FALSE(DecodeJson(R"("yes")", CtyType::Bool()).ok());
  EXPECT_FALSE(DecodeJson(R"("x")", CtyType::Number()).ok());
  EXPECT_FALSE(DecodeJson("[1]", CtyType::String()).ok());
  EXPECT_FALSE(DecodeJson(R"({"a":1})", CtyType::List(CtyType::Number())).ok());
  EXPECT_FALSE(DecodeJson("[1]", CtyType::Tuple({CtyType::Number(), CtyType::Number()})).ok());
  EXPECT_FALSE(DecodeJson(R"({"value": 1})", CtyType::Dynamic()).ok());
}

TEST(JsonCodecTest, BigNumbersStayExact) {
  absl::StatusOr<Value> v = DecodeJson("123456789012345678901234567890.5", CtyType::Number());
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->as_number().ToString(), "123456789012345678901234567890.5");
}

TEST(DynamicValueTest, MsgpackJsonAndEmpty) {
  tfplugin6::DynamicValue dv;
  dv.set_msgpack(::wgmesh::testing::Bytes("a3 77 67 30"));
  EXPECT_EQ(*DecodeDynamicValue(dv, CtyType::String()), Value::String("wg0"));

  tfplugin6::DynamicValue json;
  json.set_json(R"("wg0")");
  EXPECT_EQ(*DecodeDynamicValue(json, CtyType::String()), Value::String("wg0"));

  EXPECT_TRUE(DecodeDynamicValue(tfplugin6::DynamicValue(), kMeshType)->is_null());

  absl::StatusOr<tfplugin6::DynamicValue> out = EncodeDynamicValue(Value::Int(51820), CtyType::Number());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(::wgmesh::testing::Hex(out->msgpack()), "cd ca 6c");
  EXPECT_TRUE(out->json().empty());
}

TEST(DynamicValueTest, RawState) {
  tfplugin6::RawState raw;
  raw.set_json(R"({"name":"lab","mtu":1420})");
  absl::StatusOr<Value> v = DecodeRawState(raw, kMeshType);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(*v->Get("name"), Value::String("lab"));

  tfplugin6::RawState flat;
  (*flat.mutable_flatmap())["name"] = "lab";
  EXPECT_EQ(DecodeRawState(flat, kMeshType).status().code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace wgmesh::terraform
