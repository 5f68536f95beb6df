#include "core/keys.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/unit/run_command.h"
#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

using testing::RunWithStdin;

TEST(Keys, PublicKeysMatchWgPubkey) {
  // Known answers from wireguard-tools: derived keys and keys wg made itself.
  SeedKeys seed(testing::TestSeed());
  MeshSpec mesh;
  for (const char* name : {"a", "b", "mesh1", "node-with-long-name", "x"}) {
    NodeSpec node{.name = name};
    Key priv = seed.NodePrivateKey(mesh, node);
    EXPECT_EQ(KeyToBase64(PublicKeyOf(priv)), RunWithStdin("wg pubkey", KeyToBase64(priv) + "\n"))
        << name;
  }
  for (int i = 0; i < 3; ++i) {
    std::string genkey = RunWithStdin("wg genkey", "");
    auto priv = KeyFromBase64(genkey);
    ASSERT_TRUE(priv) << genkey;
    EXPECT_EQ(KeyToBase64(PublicKeyOf(*priv)), RunWithStdin("wg pubkey", genkey + "\n"));
  }
}

TEST(Keys, PrivateKeysAreClamped) {
  SeedKeys seed(testing::TestSeed());
  for (const char* name : {"a", "b", "c", "d"}) {
    Key k = seed.NodePrivateKey(MeshSpec{}, NodeSpec{.name = name});
    EXPECT_EQ(k[0] & 7, 0);
    EXPECT_EQ(k[31] & 128, 0);
    EXPECT_EQ(k[31] & 64, 64);
  }
  Key ones;
  ones.fill(0xff);
  Key c = Clamp(ones);
  EXPECT_EQ(c[0], 248);
  EXPECT_EQ(c[31], 127);
}

TEST(Keys, Base64IsWhatWgWrites) {
  Key k{};
  EXPECT_EQ(KeyToBase64(k), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  auto back = KeyFromBase64(KeyToBase64(testing::TestSeed()));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, testing::TestSeed());
  for (const char* bad : {"", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=x",
                          "!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
    EXPECT_FALSE(KeyFromBase64(bad)) << bad;
}

TEST(Keys, SameSeedSameKeysOtherSeedOtherKeys) {
  MeshSpec mesh;
  NodeSpec a{.name = "a"}, b{.name = "b"};
  SeedKeys s1(testing::TestSeed(1)), s1again(testing::TestSeed(1)), s2(testing::TestSeed(2));
  EXPECT_EQ(s1.NodePrivateKey(mesh, a), s1again.NodePrivateKey(mesh, a));
  EXPECT_EQ(s1.PresharedKey(mesh, a, b), s1again.PresharedKey(mesh, a, b));
  EXPECT_EQ(s1.Ipv6TunnelAddress(mesh, a), s1again.Ipv6TunnelAddress(mesh, a));
  EXPECT_EQ(s1.BridgeMac(mesh, a), s1again.BridgeMac(mesh, a));
  EXPECT_NE(s1.NodePrivateKey(mesh, a), s2.NodePrivateKey(mesh, a));
  EXPECT_NE(s1.NodePrivateKey(mesh, a), s1.NodePrivateKey(mesh, b));
  EXPECT_NE(s1.PresharedKey(mesh, a, b), s2.PresharedKey(mesh, a, b));
}

TEST(Keys, EpochsRotateOnlyWhatTheyCover) {
  MeshSpec mesh;
  NodeSpec a{.name = "a"}, b{.name = "b"}, c{.name = "c"};
  SeedKeys s(testing::TestSeed());
  const Key a0 = s.NodePrivateKey(mesh, a), b0 = s.NodePrivateKey(mesh, b);
  const Key ab0 = s.PresharedKey(mesh, a, b), bc0 = s.PresharedKey(mesh, b, c);
  const IpAddr ta0 = s.Ipv6TunnelAddress(mesh, a);
  a.key_epoch = 1;
  EXPECT_NE(s.NodePrivateKey(mesh, a), a0);
  EXPECT_EQ(s.NodePrivateKey(mesh, b), b0);
  EXPECT_NE(s.PresharedKey(mesh, a, b), ab0);
  EXPECT_EQ(s.PresharedKey(mesh, b, c), bc0);
  EXPECT_EQ(s.Ipv6TunnelAddress(mesh, a), ta0);  // addresses never rotate
  a.key_epoch = 0;
  mesh.key_epoch = 1;
  EXPECT_NE(s.NodePrivateKey(mesh, b), b0);
  EXPECT_NE(s.PresharedKey(mesh, b, c), bc0);
}

TEST(Keys, TunnelAddressesAndMacsHaveTheRightShape) {
  SeedKeys s(testing::TestSeed());
  IpAddr t = s.Ipv6TunnelAddress(MeshSpec{}, NodeSpec{.name = "a"});
  EXPECT_EQ(t.family, Family::kIpv6);
  EXPECT_EQ(t.bytes[0], 0xfd);  // ULA
  Mac mac = s.BridgeMac(MeshSpec{}, NodeSpec{.name = "a"});
  EXPECT_EQ(mac[0] & 1, 0);  // unicast
  EXPECT_EQ(mac[0] & 2, 2);  // locally administered
  EXPECT_EQ(MacFromString(MacToString(mac)), mac);
  EXPECT_FALSE(MacFromString("02:00:00:00:00"));
  EXPECT_FALSE(MacFromString("02:00:00:00:00:0g"));
}

TEST(Keys, ExistingKeysKeepWhatHostsHaveAndFillTheRest) {
  Key a_priv = Clamp(RandomKey()), ab_psk = RandomKey();
  ExistingKeys keys({{"a", HostKeys{.private_key = a_priv, .preshared_keys = {{"b", ab_psk}}}}});
  MeshSpec mesh;
  NodeSpec a{.name = "a"}, b{.name = "b"}, c{.name = "c"};
  EXPECT_EQ(keys.NodePrivateKey(mesh, a), a_priv);
  EXPECT_EQ(keys.PresharedKey(mesh, a, b), ab_psk);
  Key b_priv = keys.NodePrivateKey(mesh, b);
  EXPECT_EQ(keys.NodePrivateKey(mesh, b), b_priv);  // generated once, then kept
  EXPECT_EQ(b_priv, Clamp(b_priv));
  EXPECT_EQ(keys.PresharedKey(mesh, b, c), keys.PresharedKey(mesh, b, c));
  EXPECT_FALSE(keys.generated().count("a"));
  EXPECT_TRUE(keys.generated().count("b"));
  EXPECT_EQ(keys.Ipv6TunnelAddress(mesh, c), keys.Ipv6TunnelAddress(mesh, c));
}

}  // namespace
}  // namespace wgmesh
