// What a host's objects belong to (core/ownership.h): the one rule that
// decides what wgmesh may change or remove.
#include "core/ownership.h"

#include <gtest/gtest.h>

namespace wgmesh {
namespace {

LiveLink Link(const std::string& name, const std::string& kind) {
  LiveLink l;
  l.name = name;
  l.kind = kind;
  return l;
}

class OwnershipTest : public ::testing::Test {
 protected:
  void Add(const std::string& name, const std::string& kind) { live.links[name] = Link(name, kind); }
  HostClaim Claim() const { return ClaimOf("lab", live); }
  LiveState live;
};

TEST_F(OwnershipTest, NothingOfTheMeshIsAbsent) {
  Add("eth0", "veth");
  Add("wg-other", "wireguard");
  EXPECT_EQ(Claim().kind, HostClaim::Kind::kAbsent);
  EXPECT_TRUE(CheckOurs(Claim(), "lab", "root@h:22").ok());
}

TEST_F(OwnershipTest, LinksWithOurNamesButNoMarkerAreForeign) {
  Add("wg-lab", "wireguard");
  Add("gt-lab-2", "ip6gretap");
  live.config.present = true;  // a hand-written /etc/wireguard/wg-lab.conf
  live.config_header_wgmesh = false;
  const HostClaim claim = Claim();
  EXPECT_EQ(claim.kind, HostClaim::Kind::kForeign);
  EXPECT_EQ(claim.objects,
            (std::vector<std::string>{"gt-lab-2", "wg-lab", "/etc/wireguard/wg-lab.conf"}));
  absl::Status refused = CheckOurs(claim, "lab", "root@h:22");
  EXPECT_TRUE(absl::IsFailedPrecondition(refused));
  EXPECT_NE(refused.message().find("root@h:22: mesh lab"), std::string::npos) << refused;
  EXPECT_NE(refused.message().find("wg-lab, /etc/wireguard/wg-lab.conf"), std::string::npos);
  EXPECT_NE(refused.message().find("did not create"), std::string::npos);
}

TEST_F(OwnershipTest, AnyMarkerMakesItWgmeshs) {
  Add("wg-lab", "wireguard");
  live.plan_config.present = true;
  EXPECT_EQ(Claim().kind, HostClaim::Kind::kWgmesh);
  EXPECT_EQ(Claim().owner, "");

  live.plan_config.present = false;
  live.owner_marker = "wgmesh-owner node:0123456789abcdef";
  EXPECT_EQ(Claim().kind, HostClaim::Kind::kWgmesh);
  EXPECT_EQ(Claim().owner, "node:0123456789abcdef");

  // A run cut short after writing only the wg-quick file.
  live.owner_marker.reset();
  live.config.present = true;
  live.config_header_wgmesh = true;
  EXPECT_EQ(Claim().kind, HostClaim::Kind::kWgmesh);
}

TEST_F(OwnershipTest, RecognisesAMeshDeployedByTheOriginalTool) {
  // mesh 0.2.x, node 1 of mesh "lab": wg-lab1, its config, tunnels gt-lab<n>, bridge br-lab.
  live.wireguard_dir = {"wg-lab1.conf"};
  Add("wg-lab1", "wireguard");
  Add("gt-lab2", "ip6gretap");
  Add("br-lab", "bridge");
  const HostClaim claim = Claim();
  EXPECT_EQ(claim.kind, HostClaim::Kind::kOriginalTool);
  EXPECT_EQ(claim.objects,
            (std::vector<std::string>{"/etc/wireguard/wg-lab1.conf", "gt-lab2", "wg-lab1", "br-lab"}));
  absl::Status refused = CheckOurs(claim, "lab", "root@h:22");
  EXPECT_NE(refused.message().find("original `mesh` tool"), std::string::npos) << refused;

  // Its config alone (mesh down) still marks the names as taken.
  live.links.clear();
  EXPECT_EQ(Claim().kind, HostClaim::Kind::kOriginalTool);
}

TEST_F(OwnershipTest, AnotherWgmeshMeshWhoseNameExtendsOursIsNotTheOriginalTool) {
  // wgmesh mesh "lab1" beside mesh "lab": wg-lab1 with its node config.
  live.wireguard_dir = {"wg-lab1.conf", "wg-lab1.json", "wg-lab1.owner"};
  Add("wg-lab1", "wireguard");
  Add("gt-lab1-2", "ip6gretap");
  Add("br-lab1", "bridge");
  EXPECT_EQ(Claim().kind, HostClaim::Kind::kAbsent);
}

TEST(Ownership, OnlyTheOwnerOrAnyoneForAnUnownedNodeMayRemoveIt) {
  HostClaim claim;
  claim.kind = HostClaim::Kind::kWgmesh;
  claim.owner = "node:0123456789abcdef";
  EXPECT_TRUE(MayRemove(claim, "node:0123456789abcdef"));
  EXPECT_FALSE(MayRemove(claim, "node:fedcba9876543210"));
  EXPECT_FALSE(MayRemove(claim, ""));
  EXPECT_TRUE(MayRemove(claim, kAnyOwner));
  claim.owner.clear();  // written before owners were recorded
  EXPECT_TRUE(MayRemove(claim, "node:fedcba9876543210"));
}

TEST(Ownership, OwnerIds) {
  const std::string a = NewOwnerId("node"), b = NewOwnerId("node");
  EXPECT_NE(a, b);
  EXPECT_TRUE(IsValidOwnerId(a)) << a;
  EXPECT_EQ(a.size(), 5u + 16u);
  EXPECT_TRUE(IsValidOwnerId(kCliOwner));
  for (const char* bad : {"", "*", "node:", "node:0123", "Node:0123456789abcdef", ":0123456789abcdef",
                          "node:0123456789abcdeg", "node:0123456789abcdef\nx"})
    EXPECT_FALSE(IsValidOwnerId(bad)) << bad;
  EXPECT_EQ(OwnerMarkerText("cli"), "wgmesh-owner cli\n");
}

}  // namespace
}  // namespace wgmesh
