// Malformed and hostile input to the providers' decoders (issue 10 item 6):
// Terraform msgpack and JSON state, Pulumi Struct values and JSON config.
// Each gives an error naming the problem, never a crash: nesting is limited
// to kMaxNestingDepth everywhere (20,000 nested '[' overflowed the stack) and
// every string must be UTF-8.
#include <gtest/gtest.h>

#include <string>

#include "core/input_limits.h"
#include "provider/pulumi/struct_codec.h"
#include "provider/terraform/json_codec.h"
#include "provider/terraform/msgpack.h"
#include "provider/terraform/msgpack_codec.h"
#include "provider/value_json.h"

namespace wgmesh {
namespace {

namespace pb = google::protobuf;

std::string Nested(int depth, const std::string& open, const std::string& inner,
                   const std::string& close) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  s += inner;
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

void ExpectError(const absl::Status& s, const std::string& part) {
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(part), absl::string_view::npos) << s;
}

TEST(HostileProviderInput, JsonValuesAreDepthLimited) {
  // Pulumi config values and Terraform JSON state go through ParseJson.
  ExpectError(ParseJson(Nested(20000, "[", "", "]")).status(), "nested deeper than 64");
  ExpectError(ParseJson(Nested(20000, "{\"a\":", "1", "}")).status(), "nested deeper than 64");
  EXPECT_TRUE(ParseJson(Nested(kMaxNestingDepth, "[", "", "]")).ok());
  ExpectError(ParseJson(Nested(kMaxNestingDepth + 1, "[", "", "]")).status(), "nested deeper");
}

TEST(HostileProviderInput, JsonStringsMustBeUtf8) {
  EXPECT_FALSE(ParseJson("{\"name\": \"a\xff\"}").ok());
  EXPECT_FALSE(ParseJson("{\"\xc3\x28\": 1}").ok());
  EXPECT_TRUE(ParseJson("{\"name\": \"a\xc3\xa9\"}").ok());
}

TEST(HostileProviderInput, TerraformJsonStateIsDepthLimited) {
  using terraform::CtyType;
  // A dynamic attribute carries its own type: deep in the value and in the type.
  const CtyType type = CtyType::Object({{"v", CtyType::Dynamic()}});
  ExpectError(terraform::DecodeJson("{\"v\": {\"value\": " + Nested(20000, "[", "", "]") +
                                        ", \"type\": \"string\"}}",
                                    type)
                  .status(),
              "nested deeper than 64");
  ExpectError(terraform::DecodeJson("{\"v\": {\"value\": null, \"type\": " +
                                        Nested(20000, "[\"list\",", "\"string\"", "]") + "}}",
                                    type)
                  .status(),
              "nested deeper than 64");
}

TEST(HostileProviderInput, MsgpackDynamicValuesAreDepthLimited) {
  using terraform::CtyType;
  using terraform::MsgpackWriter;
  // [type JSON, value]: a type nested 20,000 deep (it is parsed as JSON).
  MsgpackWriter deep_type;
  deep_type.ArrayHeader(2);
  deep_type.String(Nested(20000, "[\"list\",", "\"string\"", "]"));
  deep_type.Nil();
  ExpectError(terraform::DecodeMsgpack(deep_type.bytes(), CtyType::Dynamic()).status(),
              "nested deeper than 64");
  // A value nested deeper than the limit under a type that allows it.
  MsgpackWriter deep_value;
  deep_value.ArrayHeader(2);
  deep_value.String(Nested(kMaxNestingDepth + 1, "[\"list\",", "\"string\"", "]"));
  for (int i = 0; i < kMaxNestingDepth + 1; ++i) deep_value.ArrayHeader(1);
  deep_value.String("x");
  EXPECT_FALSE(terraform::DecodeMsgpack(deep_value.bytes(), CtyType::Dynamic()).ok());
  // Invalid UTF-8 in a string of a dynamic value.
  MsgpackWriter bad;
  bad.ArrayHeader(2);
  bad.String("\"string\"");
  bad.String("a\xff");
  ExpectError(terraform::DecodeMsgpack(bad.bytes(), CtyType::Dynamic()).status(), "UTF-8");
}

TEST(HostileProviderInput, PulumiStructValuesAreDepthLimitedAndUtf8) {
  pb::Value deep;
  pb::Value* at = &deep;
  for (int i = 0; i < 200; ++i) at = at->mutable_list_value()->add_values();
  at->set_string_value("x");
  ExpectError(pulumi::FromProtoValue(deep).status(), "nested too deeply");

  pb::Struct bad_value;
  (*bad_value.mutable_fields())["name"].set_string_value("a\xff");
  ExpectError(pulumi::FromStruct(bad_value).status(), "name: string is not valid UTF-8");

  pb::Struct bad_key;
  (*bad_key.mutable_fields())["\xc3\x28"].set_string_value("x");
  ExpectError(pulumi::FromStruct(bad_key).status(), "not valid UTF-8");
}

}  // namespace
}  // namespace wgmesh
