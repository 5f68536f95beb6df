#include "provider/number.h"

#include <gtest/gtest.h>

namespace wgmesh {
namespace {

TEST(NumberTest, ParsePicksNarrowestExactForm) {
  EXPECT_EQ(Number::Parse("51820")->form(), Number::Form::kInt);
  EXPECT_EQ(Number::Parse("-9223372036854775808")->form(), Number::Form::kInt);
  EXPECT_EQ(Number::Parse("18446744073709551615")->form(), Number::Form::kUint);
  EXPECT_EQ(Number::Parse("0.5")->form(), Number::Form::kDouble);
  EXPECT_EQ(Number::Parse("5.000")->form(), Number::Form::kInt);
  EXPECT_EQ(Number::Parse("1e3")->form(), Number::Form::kInt);
  EXPECT_EQ(Number::Parse("1e30")->form(), Number::Form::kDouble);
  EXPECT_EQ(Number::Parse("18446744073709551616")->form(), Number::Form::kDouble);  // 2^64
  EXPECT_EQ(Number::Parse("18446744073709551617")->form(), Number::Form::kDecimal);
  EXPECT_EQ(Number::Parse("123456789012345678901234567890")->form(), Number::Form::kDecimal);
  EXPECT_EQ(Number::Parse("0.1000000000000000000000001")->form(), Number::Form::kDecimal);
  EXPECT_EQ(Number::Parse("1e400")->form(), Number::Form::kDecimal);
}

TEST(NumberTest, ParseRejectsNonDecimals) {
  for (const char* bad : {"", "-", "1.2.3", "0x10", "1e", "inf", "NaN", " 1", "1 ", "e5", "."}) {
    EXPECT_FALSE(Number::Parse(bad).ok()) << bad;
  }
}

TEST(NumberTest, DecimalTextIsCanonical) {
  EXPECT_EQ(Number::Parse("123456789012345678901234567890")->ToString(),
            "123456789012345678901234567890");
  EXPECT_EQ(Number::Parse("-000123456789012345678901234567890.000")->ToString(),
            "-123456789012345678901234567890");
  EXPECT_EQ(Number::Parse("0.1000000000000000000000001")->ToString(), "0.1000000000000000000000001");
  EXPECT_EQ(Number::Parse("1e400")->ToString(), "1e400");
  EXPECT_EQ(Number::Parse("-2.5E-400")->ToString(), "-2.5e-400");
}

TEST(NumberTest, EqualityIsByValue) {
  EXPECT_EQ(Number::Int(5), Number::Double(5.0));
  EXPECT_EQ(Number::Uint(7), Number::Int(7));
  EXPECT_EQ(Number::Double(0.5), *Number::Parse("0.50"));
  EXPECT_EQ(*Number::Parse("1e30"), *Number::Parse("1000000000000000000000000000000"));
  EXPECT_FALSE(Number::Int(5) == Number::Int(6));
  EXPECT_FALSE(*Number::Parse("123456789012345678901234567890") ==
               *Number::Parse("123456789012345678901234567891"));
  EXPECT_EQ(Number::Double(-0.0), Number::Int(0));
}

TEST(NumberTest, Conversions) {
  EXPECT_EQ(Number::Double(42.0).ToInt64(), 42);
  EXPECT_FALSE(Number::Double(42.5).ToInt64().has_value());
  EXPECT_FALSE(Number::Int(-1).ToUint64().has_value());
  EXPECT_EQ(Number::Uint(UINT64_MAX).ToUint64(), UINT64_MAX);
  EXPECT_FALSE(Number::Uint(UINT64_MAX).ToInt64().has_value());
  EXPECT_TRUE(Number::Double(3.0).is_integer());
  EXPECT_FALSE(Number::Double(3.5).is_integer());
  EXPECT_TRUE(Number::Parse("1e30")->is_integer());
  EXPECT_DOUBLE_EQ(Number::Parse("123456789012345678901234567890")->ToDouble(), 1.2345678901234568e29);
  EXPECT_EQ(Number::Parse("1e400")->ToDouble(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(Number::Double(0.1).ToString(), "0.1");
}

}  // namespace
}  // namespace wgmesh
