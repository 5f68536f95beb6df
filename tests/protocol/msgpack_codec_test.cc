// DynamicValue msgpack <-> Value under cty types (terraform-protocol.md section 3).
#include "provider/terraform/msgpack_codec.h"

#include <random>

#include <gtest/gtest.h>

#include "tests/protocol/hex.h"

namespace wgmesh::terraform {
namespace {

using ::wgmesh::testing::Bytes;
using ::wgmesh::testing::Hex;

std::string Encode(const Value& v, const CtyType& t) {
  absl::StatusOr<std::string> bytes = EncodeMsgpack(v, t);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? Hex(*bytes) : "<error>";
}

Value Decode(const char* hex, const CtyType& t) {
  absl::StatusOr<Value> v = DecodeMsgpack(Bytes(hex), t);
  EXPECT_TRUE(v.ok()) << hex << ": " << v.status();
  return v.ok() ? *v : Value::String("<error>");
}

const CtyType kNodeType = CtyType::Object({{"addr", CtyType::String()},
                                           {"listen_port", CtyType::Number()},
                                           {"peers", CtyType::List(CtyType::String())}});

TEST(MsgpackCodecTest, DocumentedExamplesBothWays) {
  struct Case {
    Value value;
    CtyType type;
    const char* hex;
  };
  const Case cases[] = {
      {Value::String("wg0"), CtyType::String(), "a3 77 67 30"},
      {Value::Int(51820), CtyType::Number(), "cd ca 6c"},
      {Value::Bool(true), CtyType::Bool(), "c3"},
      {Value::Unknown(), CtyType::String(), "d4 00 00"},
      {Value::List({Value::String("a"), Value::String("b")}), CtyType::List(CtyType::String()),
       "92 a1 61 a1 62"},
      {Value::Map({{"k", Value::String("v")}}), CtyType::Map(CtyType::String()), "81 a1 6b a1 76"},
      {Value::Object({{"k", Value::String("v")}}), CtyType::Object({{"k", CtyType::String()}}),
       "81 a1 6b a1 76"},
      {Value::Null(), CtyType::String(), "c0"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Encode(c.value, c.type), c.hex);
    EXPECT_EQ(Decode(c.hex, c.type), c.value) << c.hex;
  }
}

TEST(MsgpackCodecTest, DecodesEveryNumberForm) {
  struct Case {
    const char* hex;
    Number want;
  };
  const Case cases[] = {
      {"05", Number::Int(5)},
      {"ff", Number::Int(-1)},
      {"e0", Number::Int(-32)},
      {"cc ff", Number::Int(255)},
      {"cd ca 6c", Number::Int(51820)},
      {"ce ff ff ff ff", Number::Int(4294967295)},
      {"cf ff ff ff ff ff ff ff ff", Number::Uint(UINT64_MAX)},
      {"d0 80", Number::Int(-128)},
      {"d1 80 00", Number::Int(-32768)},
      {"d2 80 00 00 00", Number::Int(INT32_MIN)},
      {"d3 80 00 00 00 00 00 00 00", Number::Int(INT64_MIN)},
      {"ca 3f c0 00 00", Number::Double(1.5)},
      {"cb 3f b9 99 99 99 99 99 9a", Number::Double(0.1)},
      {"a2 34 32", Number::Int(42)},
      {"be 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30",
       *Number::Parse("123456789012345678901234567890")},
      {"a5 31 65 34 30 30", *Number::Parse("1e400")},
  };
  for (const Case& c : cases) {
    Value v = Decode(c.hex, CtyType::Number());
    ASSERT_TRUE(v.is_number()) << c.hex;
    EXPECT_EQ(v.as_number(), c.want) << c.hex << " -> " << v.as_number().ToString();
  }
  EXPECT_EQ(Decode("cf ff ff ff ff ff ff ff ff", CtyType::Number()).as_number().ToString(),
            "18446744073709551615");
  EXPECT_FALSE(DecodeMsgpack(Bytes("a3 61 62 63"), CtyType::Number()).ok());
  EXPECT_FALSE(DecodeMsgpack(Bytes("cb 7f f8 00 00 00 00 00 01"), CtyType::Number()).ok());  // NaN
}

TEST(MsgpackCodecTest, EncodesEveryNumberForm) {
  EXPECT_EQ(Encode(Value::Int(0), CtyType::Number()), "00");
  EXPECT_EQ(Encode(Value::Int(200), CtyType::Number()), "cc c8");
  EXPECT_EQ(Encode(Value::Int(-200), CtyType::Number()), "d1 ff 38");
  EXPECT_EQ(Encode(Value::Int(INT64_MAX), CtyType::Number()), "cf 7f ff ff ff ff ff ff ff");
  EXPECT_EQ(Encode(Value::Num(Number::Uint(UINT64_MAX)), CtyType::Number()),
            "cf ff ff ff ff ff ff ff ff");
  EXPECT_EQ(Encode(Value::Double(0.5), CtyType::Number()), "cb 3f e0 00 00 00 00 00 00");
  EXPECT_EQ(Encode(Value::Double(-2.0), CtyType::Number()), "fe");  // integral: as an integer
  EXPECT_EQ(Encode(Value::Num(*Number::Parse("123456789012345678901234567890")), CtyType::Number()),
            "be 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30");
  EXPECT_FALSE(EncodeMsgpack(Value::Double(std::nan("")), CtyType::Number()).ok());
}

TEST(MsgpackCodecTest, AnyExtensionIsUnknown) {
  // Plain unknown, refined unknowns (ext 12 with a map payload), other extension types.
  for (const char* hex : {"d4 00 00", "c7 03 0c 81 01 c3", "d5 0c 81 01", "d6 05 00 00 00 00",
                          "c7 00 0c"}) {
    EXPECT_TRUE(Decode(hex, CtyType::String()).is_unknown()) << hex;
    EXPECT_TRUE(Decode(hex, kNodeType).is_unknown()) << hex;
    EXPECT_TRUE(Decode(hex, CtyType::Dynamic()).is_unknown()) << hex;
  }
  // Unknowns inside containers.
  Value node = Decode("83 a4 61 64 64 72 c7 03 0c 81 01 c3 ab 6c 69 73 74 65 6e 5f 70 6f 72 74 d4 00 00 "
                      "a5 70 65 65 72 73 92 a1 62 d4 00 00",
                      kNodeType);
  EXPECT_TRUE(node.Get("addr")->is_unknown());
  EXPECT_TRUE(node.Get("listen_port")->is_unknown());
  EXPECT_TRUE(node.Get("peers")->At(1)->is_unknown());
  EXPECT_FALSE(node.IsWhollyKnown());
  // Out, unknowns are only ever d4 00 00, whatever came in.
  EXPECT_EQ(Encode(node, kNodeType),
            "83 a4 61 64 64 72 d4 00 00 ab 6c 69 73 74 65 6e 5f 70 6f 72 74 d4 00 00 "
            "a5 70 65 65 72 73 92 a1 62 d4 00 00");
}

TEST(MsgpackCodecTest, ObjectsCarryExactlyTheTypesAttributes) {
  const CtyType t = CtyType::Object({{"a", CtyType::String()}, {"b", CtyType::Number()}});
  // Encoding fills absent attributes with nil.
  EXPECT_EQ(Encode(Value::Object({{"a", Value::String("x")}}), t), "82 a1 61 a1 78 a1 62 c0");
  EXPECT_EQ(Encode(Value::Object(), t), "82 a1 61 c0 a1 62 c0");
  // Decoding fills absent attributes with null.
  EXPECT_EQ(Decode("81 a1 61 a1 78", t),
            Value::Object({{"a", Value::String("x")}, {"b", Value::Null()}}));
  // Attributes outside the type are refused both ways, naming the attribute.
  absl::StatusOr<Value> extra = DecodeMsgpack(Bytes("81 a1 63 c0"), t);
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.status().message().find("\"c\""), absl::string_view::npos);
  EXPECT_FALSE(EncodeMsgpack(Value::Object({{"c", Value::Null()}}), t).ok());
}

TEST(MsgpackCodecTest, DynamicValuesCarryTheirType) {
  // ["string", "x"] as [bin("\"string\""), "x"]
  EXPECT_EQ(Encode(Value::String("x"), CtyType::Dynamic()),
            "92 c4 08 22 73 74 72 69 6e 67 22 a1 78");
  EXPECT_EQ(Decode("92 c4 08 22 73 74 72 69 6e 67 22 a1 78", CtyType::Dynamic()), Value::String("x"));
  EXPECT_EQ(Encode(Value::Null(), CtyType::Dynamic()), "c0");
  EXPECT_EQ(Encode(Value::Unknown(), CtyType::Dynamic()), "d4 00 00");
  EXPECT_TRUE(Decode("c0", CtyType::Dynamic()).is_null());

  // A nested dynamic attribute holding an object, round trip.
  const CtyType t = CtyType::Object({{"extra", CtyType::Dynamic()}});
  Value v = Value::Object(
      {{"extra", Value::Object({{"n", Value::Int(1)}, {"l", Value::List({Value::Bool(true)})}})}});
  absl::StatusOr<std::string> bytes = EncodeMsgpack(v, t);
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(bytes->find(R"(["object",{"l":["tuple",["bool"]],"n":"number"}])"), std::string::npos)
      << Hex(*bytes);
  EXPECT_EQ(*DecodeMsgpack(*bytes, t), v);

  // Terraform may send a list(string) typed value; it decodes as a list.
  std::string list_type = R"(["list","string"])";
  std::string msg = Bytes("92 c4") + static_cast<char>(list_type.size()) + list_type + Bytes("91 a1 61");
  EXPECT_EQ(*DecodeMsgpack(msg, CtyType::Dynamic()), Value::List({Value::String("a")}));
  EXPECT_FALSE(DecodeMsgpack(Bytes("93 c0 c0 c0"), CtyType::Dynamic()).ok());
}

TEST(MsgpackCodecTest, SetsTuplesAndMapsOfObjects) {
  const CtyType mesh = CtyType::Object(
      {{"name", CtyType::String()},
       {"nodes", CtyType::Map(kNodeType)},
       {"tags", CtyType::Set(CtyType::String())},
       {"pair", CtyType::Tuple({CtyType::String(), CtyType::Number()})}});
  Value v = Value::Object(
      {{"name", Value::String("lab")},
       {"nodes", Value::Map({{"a", Value::Object({{"addr", Value::String("10.0.0.1")},
                                                  {"listen_port", Value::Int(51820)},
                                                  {"peers", Value::List({Value::String("b")})}})},
                             {"b", Value::Object({{"addr", Value::String("10.0.0.2")},
                                                  {"listen_port", Value::Null()},
                                                  {"peers", Value::Null()}})}})},
       {"tags", Value::List({Value::String("x"), Value::String("y")})},
       {"pair", Value::List({Value::String("p"), Value::Double(2.5)})}});
  absl::StatusOr<std::string> bytes = EncodeMsgpack(v, mesh);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<Value> back = DecodeMsgpack(*bytes, mesh);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, v);
  EXPECT_EQ(Hex(*EncodeMsgpack(*back, mesh)), Hex(*bytes));

  EXPECT_FALSE(EncodeMsgpack(Value::List({Value::String("p")}),
                             CtyType::Tuple({CtyType::String(), CtyType::Number()})).ok());
}

TEST(MsgpackCodecTest, SecretMarksAreNotOnTheWire) {
  EXPECT_EQ(Encode(Value::String("k").MarkSecret(), CtyType::String()), "a1 6b");
}

TEST(MsgpackCodecTest, ErrorsNameThePath) {
  const CtyType t = CtyType::Object({{"nodes", CtyType::Map(kNodeType)}});
  Value v = Value::Object(
      {{"nodes", Value::Map({{"a", Value::Object({{"listen_port", Value::String("x")}})}})}});
  absl::StatusOr<std::string> bytes = EncodeMsgpack(v, t);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.status().message().find("nodes[\"a\"].listen_port"), absl::string_view::npos)
      << bytes.status();

  absl::StatusOr<Value> bad = DecodeMsgpack(Bytes("81 a5 6e 6f 64 65 73 81 a1 61 81 a4 61 64 64 72 c3"), t);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("nodes[\"a\"].addr"), absl::string_view::npos) << bad.status();
}

TEST(MsgpackCodecTest, RejectsMalformedInput) {
  EXPECT_FALSE(DecodeMsgpack(Bytes(""), CtyType::String()).ok());
  EXPECT_FALSE(DecodeMsgpack(Bytes("a3 77 67"), CtyType::String()).ok());
  EXPECT_FALSE(DecodeMsgpack(Bytes("a1 61 c0"), CtyType::String()).ok());  // trailing bytes
  EXPECT_FALSE(DecodeMsgpack(Bytes("c3"), CtyType::String()).ok());
  EXPECT_FALSE(DecodeMsgpack(Bytes("81 01 c0"), CtyType::Map(CtyType::String())).ok());  // int key
  EXPECT_FALSE(DecodeMsgpack(Bytes("92 a1 61"), CtyType::List(CtyType::String())).ok());
  EXPECT_FALSE(DecodeMsgpack(Bytes("a2 c3 28"), CtyType::String()).ok());        // bad UTF-8
  EXPECT_FALSE(DecodeMsgpack(Bytes("a3 ed a0 80"), CtyType::String()).ok());     // surrogate
  EXPECT_FALSE(DecodeMsgpack(Bytes("81 a1 ff c0"), CtyType::Map(CtyType::String())).ok());
  EXPECT_EQ(*DecodeMsgpack(Bytes("a4 f0 9f 94 91"), CtyType::String()), Value::String("\xf0\x9f\x94\x91"));
  CtyType deep_type = CtyType::String();
  for (int i = 0; i < 600; ++i) deep_type = CtyType::List(deep_type);
  std::string deep(600, '\x91');
  deep.push_back('\xc0');
  absl::StatusOr<Value> too_deep = DecodeMsgpack(deep, deep_type);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_NE(too_deep.status().message().find("too deeply"), absl::string_view::npos);
}

TEST(MsgpackCodecTest, ArbitraryBytesNeverCrash) {
  // A poor man's fuzzer: random and mutated inputs must decode or fail, never crash
  // (run under ASan/UBSan in Debug builds).
  const CtyType types[] = {CtyType::Dynamic(), kNodeType, CtyType::Map(kNodeType),
                           CtyType::List(CtyType::Number())};
  const std::string seed = Bytes("83 a4 61 64 64 72 a1 78 ab 6c 69 73 74 65 6e 5f 70 6f 72 74 cd ca 6c "
                                 "a5 70 65 65 72 73 92 a1 62 d4 00 00");
  std::mt19937 rng(20240611);
  for (int i = 0; i < 20000; ++i) {
    std::string input = seed;
    if (i % 2 == 0) {
      input.resize(rng() % 24);
      for (char& c : input) c = static_cast<char>(rng());
    } else {
      for (int flips = 1 + rng() % 4; flips > 0; --flips) input[rng() % input.size()] = static_cast<char>(rng());
      input.resize(rng() % (input.size() + 1));
    }
    for (const CtyType& t : types) {
      absl::StatusOr<Value> v = DecodeMsgpack(input, t);
      if (v.ok()) (void)EncodeMsgpack(*v, t);
    }
  }
}

TEST(MsgpackCodecTest, ImpliedTypes) {
  EXPECT_EQ(ImpliedType(Value::Map({{"a", Value::Int(1)}, {"b", Value::Int(2)}})).ToJsonString(),
            R"(["map","number"])");
  EXPECT_EQ(ImpliedType(Value::Map({{"a", Value::Int(1)}, {"b", Value::String("x")}})).ToJsonString(),
            R"(["object",{"a":"number","b":"string"}])");
  EXPECT_EQ(ImpliedType(Value::List({Value::Int(1), Value::Null()})).ToJsonString(),
            R"(["tuple",["number","dynamic"]])");
}

}  // namespace
}  // namespace wgmesh::terraform
