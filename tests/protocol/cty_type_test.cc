#include "provider/terraform/cty_type.h"

#include <gtest/gtest.h>

namespace wgmesh::terraform {
namespace {

TEST(CtyTypeTest, ParsesAndWritesSchemaTypes) {
  for (const char* json : {R"("string")", R"("number")", R"("bool")", R"("dynamic")",
                           R"(["list","string"])", R"(["set","number"])", R"(["map","string"])",
                           R"(["object",{"a":"string","b":["list","bool"]}])",
                           R"(["tuple",["string","number"]])",
                           R"(["map",["object",{"addr":"string","peers":["set","string"]}]])",
                           R"(["object",{"a":"string","b":"number"},["b"]])"}) {
    absl::StatusOr<CtyType> t = CtyType::Parse(json);
    ASSERT_TRUE(t.ok()) << json << ": " << t.status();
    EXPECT_EQ(t->ToJsonString(), json);
  }
}

TEST(CtyTypeTest, BuildsTheSameAsItParses) {
  CtyType built = CtyType::Object({{"a", CtyType::String()}, {"b", CtyType::List(CtyType::Bool())}});
  EXPECT_EQ(built, *CtyType::Parse(R"(["object",{"b":["list","bool"],"a":"string"}])"));
  EXPECT_EQ(built.ToJsonString(), R"(["object",{"a":"string","b":["list","bool"]}])");
  EXPECT_EQ(built.attributes().at("b").element().kind(), CtyType::Kind::kBool);
  EXPECT_FALSE(built == CtyType::Object({{"a", CtyType::String()}}));
  EXPECT_FALSE(CtyType::List(CtyType::String()) == CtyType::Set(CtyType::String()));
}

TEST(CtyTypeTest, RejectsInvalidTypes) {
  for (const char* json : {"", "{}", R"("str")", R"(["list"])", R"(["list","string","x"])",
                           R"(["object",["a"]])", R"(["tuple","string"])", R"(["frob","string"])",
                           R"(["object",{"a":"string"},["b"]])", "[1,2]"}) {
    EXPECT_FALSE(CtyType::Parse(json).ok()) << json;
  }
}

}  // namespace
}  // namespace wgmesh::terraform
