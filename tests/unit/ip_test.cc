#include "core/ip.h"

#include <gtest/gtest.h>

namespace wgmesh {
namespace {

TEST(Ip, ParsesAndFormatsCanonically) {
  EXPECT_EQ(IpAddr::Parse("10.0.0.1")->ToString(), "10.0.0.1");
  EXPECT_EQ(IpAddr::Parse("FD00:0:0::1")->ToString(), "fd00::1");
  EXPECT_FALSE(IpAddr::Parse("10.0.0.256"));
  EXPECT_FALSE(IpAddr::Parse("fe80::1%eth0"));
  EXPECT_FALSE(IpAddr::Parse(""));
  // Found by the invalid-input catalogue: inet_pton stopped at the NUL.
  EXPECT_FALSE(IpAddr::Parse(std::string("10.0.0.1\0junk", 13)));
  EXPECT_FALSE(Cidr::Parse(std::string("10.0.0.1\0/24", 12)));
}

TEST(Ip, CidrParts) {
  auto c = Cidr::Parse("10.0.1.7/16");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->Network().ToString(), "10.0.0.0");
  EXPECT_EQ(c->HostPart(), 263u);
  EXPECT_TRUE(c->Contains(*IpAddr::Parse("10.0.255.255")));
  EXPECT_FALSE(c->Contains(*IpAddr::Parse("10.1.0.0")));
  EXPECT_FALSE(c->Contains(*IpAddr::Parse("fd00::1")));
  EXPECT_TRUE(Cidr::Parse("10.0.255.255/16")->IsAllOnesHost());
  EXPECT_EQ(Cidr::Parse("fd00::1:2/64")->HostPart(), 0x10002u);
  EXPECT_EQ(Cidr::Parse("fd00::ffff:ffff:ffff:ffff/1")->HostPart(), UINT64_MAX);
}

TEST(Ip, CidrRejectsMalformedPrefixes) {
  for (const char* bad : {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/08", "10.0.0.0/x",
                          "fd00::/129", "/24"})
    EXPECT_FALSE(Cidr::Parse(bad)) << bad;
}

TEST(Ip, WithHostPart) {
  EXPECT_EQ(IpAddr::Parse("10.0.0.0")->WithHostPart(16, 258).ToString(), "10.0.1.2");
  EXPECT_EQ(IpAddr::Parse("fd00::")->WithHostPart(64, 0xabc).ToString(), "fd00::abc");
}

}  // namespace
}  // namespace wgmesh
