// Reading the configs the original `mesh` tool wrote, for adoption. The
// fixture was rendered by wireguard-tools (the original's config writer) with
// throwaway keys.
#include "core/original_config.h"

#include <gtest/gtest.h>

#include "core/reconcile.h"
#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

TEST(OriginalConfig, ReadsKeysAddressesAndPeerNames) {
  auto c = ParseOriginalConfig(testing::ReadSourceFile("tests/unit/data/original_wg-lab1.conf"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(KeyToBase64(c->private_key), "SDisYZzx/Rt9X3g7/3Y7T4ST28jP1S1vPIKyFsIkX1c=");
  EXPECT_EQ(c->tunnel_address, IpAddr::Parse("fd11:2233:4455:6677:8899:aabb:ccdd:eeff"));
  EXPECT_EQ(c->listen_port, 51820);
  ASSERT_EQ(c->peers.size(), 1u);
  EXPECT_EQ(c->peers[0].name, "n2");
  EXPECT_EQ(KeyToBase64(c->peers[0].public_key), "Dejrdx+Nq8SFZilyJG4RfouD8kp7dKEUwztAhHuYbEk=");
  ASSERT_TRUE(c->peers[0].preshared_key);
  EXPECT_EQ(KeyToBase64(*c->peers[0].preshared_key), "AJm7/c2LMJ2bxDwFyAdp65fe3iVkzNNLSBRajr3IqWQ=");
  EXPECT_EQ(c->peers[0].tunnel_address, IpAddr::Parse("fdaa::2"));
  EXPECT_EQ(OriginalInterfaceName("lab", 1), "wg-lab1");
}

TEST(OriginalConfig, ErrorsNameTheLineNeverTheKey) {
  auto c = ParseOriginalConfig("[Interface]\nPrivateKey = c2VjcmV0LWJ1dC1ub3QtYS1rZXk=\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("line 2: PrivateKey"), std::string::npos) << c.status();
  EXPECT_EQ(c.status().message().find("c2VjcmV0"), std::string::npos);
  EXPECT_FALSE(ParseOriginalConfig("[Interface]\nListenPort = 51820\n").ok());
}

TEST(Adoption, RemovesTheOriginalsLinksAndKeepsItsConfigAside) {
  HostClaim claim;
  claim.kind = HostClaim::Kind::kOriginalTool;
  claim.objects = {"/etc/wireguard/wg-lab1.conf", "gt-lab2", "wg-lab1", "br-lab"};
  Reconciliation r;
  r.steps.push_back({"create interface wg-lab ...", {"wg-quick up wg-lab >/dev/null"}});
  PlanAdoption(claim, r);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].commands,
            (std::vector<std::string>{"ip link del dev wg-lab1", "ip link del dev gt-lab2",
                                      "mv -f /etc/wireguard/wg-lab1.conf "
                                      "/etc/wireguard/wg-lab1.conf.wgmesh-adopted"}));
  EXPECT_EQ(r.adopted_links, (std::vector<std::string>{"gt-lab2", "wg-lab1"}));
}

}  // namespace
}  // namespace wgmesh
