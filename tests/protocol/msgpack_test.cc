// The raw msgpack reader and writer: every format width, in and out.
#include "provider/terraform/msgpack.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "tests/protocol/hex.h"

namespace wgmesh::terraform {
namespace {

using ::wgmesh::testing::Bytes;
using ::wgmesh::testing::Hex;

std::string WriteInt(int64_t v) {
  MsgpackWriter w;
  w.Int(v);
  return Hex(w.bytes());
}

TEST(MsgpackWriterTest, IntegersUseTheSmallestFormat) {
  EXPECT_EQ(WriteInt(0), "00");
  EXPECT_EQ(WriteInt(127), "7f");                       // positive fixint
  EXPECT_EQ(WriteInt(128), "cc 80");                    // uint8
  EXPECT_EQ(WriteInt(255), "cc ff");
  EXPECT_EQ(WriteInt(256), "cd 01 00");                 // uint16
  EXPECT_EQ(WriteInt(51820), "cd ca 6c");
  EXPECT_EQ(WriteInt(65536), "ce 00 01 00 00");         // uint32
  EXPECT_EQ(WriteInt(4294967295), "ce ff ff ff ff");
  EXPECT_EQ(WriteInt(4294967296), "cf 00 00 00 01 00 00 00 00");  // uint64
  EXPECT_EQ(WriteInt(-1), "ff");                        // negative fixint
  EXPECT_EQ(WriteInt(-32), "e0");
  EXPECT_EQ(WriteInt(-33), "d0 df");                    // int8
  EXPECT_EQ(WriteInt(-128), "d0 80");
  EXPECT_EQ(WriteInt(-129), "d1 ff 7f");                // int16
  EXPECT_EQ(WriteInt(-32768), "d1 80 00");
  EXPECT_EQ(WriteInt(-32769), "d2 ff ff 7f ff");        // int32
  EXPECT_EQ(WriteInt(INT32_MIN), "d2 80 00 00 00");
  EXPECT_EQ(WriteInt(int64_t{INT32_MIN} - 1), "d3 ff ff ff ff 7f ff ff ff");  // int64
  EXPECT_EQ(WriteInt(INT64_MIN), "d3 80 00 00 00 00 00 00 00");
  MsgpackWriter w;
  w.Uint(UINT64_MAX);
  EXPECT_EQ(Hex(w.bytes()), "cf ff ff ff ff ff ff ff ff");
}

TEST(MsgpackWriterTest, OtherFormats) {
  MsgpackWriter w;
  w.Nil();
  w.Bool(false);
  w.Bool(true);
  w.Double(0.5);
  w.Ext(0, std::string("\0", 1));
  EXPECT_EQ(Hex(w.bytes()), "c0 c2 c3 cb 3f e0 00 00 00 00 00 00 d4 00 00");

  auto header = [](auto write) {
    MsgpackWriter x;
    write(x);
    return Hex(x.bytes().substr(0, 3));
  };
  EXPECT_EQ(header([](MsgpackWriter& x) { x.String(std::string(31, 'a')); }), "bf 61 61");
  EXPECT_EQ(header([](MsgpackWriter& x) { x.String(std::string(32, 'a')); }), "d9 20 61");
  EXPECT_EQ(header([](MsgpackWriter& x) { x.String(std::string(256, 'a')); }), "da 01 00");
  EXPECT_EQ(header([](MsgpackWriter& x) { x.Binary("ab"); }), "c4 02 61");
  EXPECT_EQ(header([](MsgpackWriter& x) { x.ArrayHeader(15); }), "9f");
  EXPECT_EQ(header([](MsgpackWriter& x) { x.ArrayHeader(16); }), "dc 00 10");
  EXPECT_EQ(header([](MsgpackWriter& x) { x.ArrayHeader(70000); }), "dd 00 01");
  EXPECT_EQ(header([](MsgpackWriter& x) { x.MapHeader(1); }), "81");
  EXPECT_EQ(header([](MsgpackWriter& x) { x.MapHeader(16); }), "de 00 10");
}

TEST(MsgpackReaderTest, ReadsEveryIntegerWidth) {
  struct Case {
    const char* hex;
    int64_t want;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"05", 5}, {"7f", 127}, {"ff", -1}, {"e0", -32},
           {"cc ff", 255}, {"cd ca 6c", 51820}, {"ce ff ff ff ff", 4294967295},
           {"cf 00 00 00 00 00 00 00 2a", 42},
           {"d0 80", -128}, {"d0 05", 5}, {"d1 80 00", -32768}, {"d2 80 00 00 00", INT32_MIN},
           {"d3 80 00 00 00 00 00 00 00", INT64_MIN}, {"d3 00 00 00 00 00 00 00 07", 7}}) {
    const std::string r_bytes = Bytes(c.hex);
    MsgpackReader r(r_bytes);
    absl::StatusOr<int64_t> v = r.ReadInt();
    ASSERT_TRUE(v.ok()) << c.hex << ": " << v.status();
    EXPECT_EQ(*v, c.want) << c.hex;
    EXPECT_TRUE(r.AtEnd()) << c.hex;
  }
  const std::string big_bytes = Bytes("cf ff ff ff ff ff ff ff ff");
  MsgpackReader big(big_bytes);
  EXPECT_FALSE(big.ReadInt().ok());
  EXPECT_EQ(*big.ReadUint(), UINT64_MAX);
}

TEST(MsgpackReaderTest, ReadsFloatsStringsAndContainers) {
  const std::string f32_bytes = Bytes("ca 3f c0 00 00");
  MsgpackReader f32(f32_bytes);
  EXPECT_EQ(*f32.ReadFloat(), 1.5);
  const std::string f64_bytes = Bytes("cb 3f b9 99 99 99 99 99 9a");
  MsgpackReader f64(f64_bytes);
  EXPECT_EQ(*f64.ReadFloat(), 0.1);

  const std::string s_bytes = Bytes("a3 77 67 30 d9 01 78 da 00 01 79 db 00 00 00 01 7a c4 01 62");
  MsgpackReader s(s_bytes);
  EXPECT_EQ(*s.ReadString(), "wg0");
  EXPECT_EQ(*s.ReadString(), "x");
  EXPECT_EQ(*s.ReadString(), "y");
  EXPECT_EQ(*s.ReadString(), "z");
  EXPECT_EQ(*s.ReadBinary(), "b");
  EXPECT_TRUE(s.AtEnd());

  const std::string a_bytes = Bytes("dc 00 01 c0 de 00 01 a1 6b c3");
  MsgpackReader a(a_bytes);
  EXPECT_EQ(*a.ReadArrayHeader(), 1u);
  EXPECT_TRUE(a.ReadNil().ok());
  EXPECT_EQ(*a.ReadMapHeader(), 1u);
  EXPECT_EQ(*a.ReadString(), "k");
  EXPECT_EQ(*a.ReadBool(), true);
}

TEST(MsgpackReaderTest, ReadsEveryExtensionForm) {
  for (const char* hex : {"d4 00 00", "d5 0c 80 80", "d6 0c 00 00 00 00", "d7 0c 00 00 00 00 00 00 00 00",
                          "d8 0c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
                          "c7 03 0c 81 01 c3", "c8 00 01 0c 80", "c9 00 00 00 00 0c"}) {
    const std::string r_bytes = Bytes(hex);
    MsgpackReader r(r_bytes);
    EXPECT_EQ(*r.Peek(), MsgpackReader::Type::kExt) << hex;
    EXPECT_TRUE(r.ReadExt().ok()) << hex;
    EXPECT_TRUE(r.AtEnd()) << hex;
  }
}

TEST(MsgpackReaderTest, RejectsTruncatedAndHostileInput) {
  for (const char* hex : {"", "cd ca", "a3 77 67", "dd ff ff ff ff", "df 00 00 00 09 c0", "c1",
                          "c7 05 0c 00", "d9"}) {
    const std::string r_bytes = Bytes(hex);
    MsgpackReader r(r_bytes);
    EXPECT_FALSE(r.Skip().ok()) << hex;
  }
  std::string deep(1000, '\x91');  // [[[[...]]]]
  deep.push_back('\xc0');
  MsgpackReader r(deep);
  EXPECT_FALSE(r.Skip().ok());
}

}  // namespace
}  // namespace wgmesh::terraform
