#include "core/plan.h"

#include <gtest/gtest.h>

#include "core/node_plan_json.h"
#include "core/plan_diff.h"
#include "core/spec_parse.h"
#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

using testing::PlanOrDie;
using testing::SpecFromFile;
using testing::TestSeed;

struct MtuRow {
  int64_t underlay;
  const char* family;
  const char* tunnel;
  int64_t wireguard, bridge;
};

TEST(Mtu, TableFromMeshMd) {
  for (const MtuRow& r : {MtuRow{1500, "ipv6", "ip6gretap", 1420, 1362},
                          MtuRow{1500, "ipv6", "gretap", 1420, 1382},
                          MtuRow{1500, "ipv4", "ip6gretap", 1440, 1382},
                          MtuRow{1500, "ipv4", "gretap", 1440, 1402},
                          MtuRow{1638, "ipv6", "ip6gretap", 1558, 1500},
                          MtuRow{9000, "ipv6", "ip6gretap", 8920, 8862}}) {
    Mtus m = ComputeMtus(r.underlay, r.family, r.tunnel);
    EXPECT_EQ(m.wireguard, r.wireguard) << r.underlay << r.family << r.tunnel;
    EXPECT_EQ(m.tunnel, r.bridge);
    EXPECT_EQ(m.bridge, r.bridge);
  }
}

TEST(Plan, OriginalExample) {
  MeshPlan plan = PlanOrDie(SpecFromFile("tests/unit/data/original.yaml"), TestSeed());
  ASSERT_EQ(plan.nodes.size(), 3u);
  const NodePlan& m1 = *plan.Find("mesh1");
  EXPECT_EQ(m1.interface, "wg-mesh");
  EXPECT_EQ(m1.config_path, "/etc/wireguard/wg-mesh.conf");
  EXPECT_EQ(m1.listen_port, 51820);
  EXPECT_EQ(m1.wireguard_mtu, 1420);
  ASSERT_EQ(m1.peers.size(), 2u);
  // The peer's own listen_port is the default port; IPv6 endpoints get brackets.
  EXPECT_EQ(m1.peers[0].name, "mesh2");
  EXPECT_EQ(m1.peers[0].endpoint, "198.51.100.20:51821");
  EXPECT_EQ(m1.peers[1].endpoint, "[2001:db8::30]:51820");
  EXPECT_EQ(plan.Find("mesh2")->peers[0].endpoint, "192.0.2.10:51820");
  EXPECT_EQ(m1.tunnels[0].name, "gt-mesh-2");
  EXPECT_EQ(m1.tunnels[1].name, "gt-mesh-3");
  EXPECT_EQ(m1.tunnels[0].type, "ip6gretap");
  EXPECT_EQ(m1.bridge.name, "br-mesh");
  EXPECT_EQ(m1.bridge.address, "10.99.0.1/24");
  // A full mesh: isolated tunnel ports, no STP.
  EXPECT_FALSE(m1.bridge.stp);
  EXPECT_TRUE(m1.bridge.isolated_ports);
  EXPECT_EQ(m1.bridge.priority, 16385);
  EXPECT_EQ(plan.Find("mesh2")->bridge.priority, 100);
  for (const auto& n : plan.nodes) {
    EXPECT_EQ(n.bridge.mtu, 1362);
    EXPECT_EQ(n.wireguard_mtu, 1420);
    for (const auto& t : n.tunnels) EXPECT_EQ(t.mtu, 1362);
  }
}

TEST(Plan, PeersAgreeOnKeysAndAddresses) {
  MeshPlan plan = PlanOrDie(SpecFromFile("tests/unit/data/partial.yaml"), TestSeed());
  for (const auto& n : plan.nodes) {
    ASSERT_EQ(n.peers.size(), n.tunnels.size());
    for (size_t i = 0; i < n.peers.size(); ++i) {
      const NodePlan& other = *plan.Find(n.peers[i].name);
      EXPECT_EQ(n.peers[i].public_key, other.public_key);
      EXPECT_EQ(n.peers[i].allowed_ips, std::vector<std::string>{other.tunnel_address});
      EXPECT_EQ(n.tunnels[i].remote + "/128", other.tunnel_address);
      EXPECT_EQ(n.tunnels[i].local + "/128", n.tunnel_address);
      const PeerPlan* back = nullptr;
      for (const auto& p : other.peers)
        if (p.name == n.node) back = &p;
      ASSERT_NE(back, nullptr) << n.node << " -> " << other.node;
      EXPECT_EQ(back->preshared_key, n.peers[i].preshared_key);
    }
  }
}

TEST(Plan, PartialMeshRunsStpWithRootAtTheLowestAddress) {
  MeshPlan plan = PlanOrDie(SpecFromFile("tests/unit/data/partial.yaml"), TestSeed());
  const NodePlan& a = *plan.Find("a");
  EXPECT_TRUE(a.bridge.stp);
  EXPECT_FALSE(a.bridge.isolated_ports);
  EXPECT_EQ(a.bridge.forward_delay, 4);
  EXPECT_EQ(a.bridge.max_age, 6);
  for (const auto& n : plan.nodes) {
    if (n.node != "a") {
      EXPECT_GT(n.bridge.priority, a.bridge.priority) << n.node;
    }
  }
  // e lists only a; nobody lists e except through a: one peer.
  ASSERT_EQ(plan.Find("e")->peers.size(), 1u);
  EXPECT_EQ(plan.Find("e")->peers[0].persistent_keepalive, 25);
  EXPECT_EQ(plan.Find("a")->peers.back().name, "e");
  EXPECT_EQ(plan.Find("a")->peers.back().endpoint, "");  // e is behind NAT
  EXPECT_EQ(plan.Find("a")->peers[0].endpoint, "[2001:db8::2]:51820");
  EXPECT_EQ(plan.Find("c")->peers[1].endpoint, "host-d.example.net:51999");
}

TEST(Plan, SameSeedSamePlan) {
  MeshSpec spec = SpecFromFile("tests/unit/data/partial.yaml");
  MeshPlan one = PlanOrDie(spec, TestSeed()), two = PlanOrDie(spec, TestSeed());
  ASSERT_EQ(one.nodes.size(), two.nodes.size());
  for (size_t i = 0; i < one.nodes.size(); ++i)
    EXPECT_EQ(NodePlanToText(one.nodes[i]), NodePlanToText(two.nodes[i]));
  MeshPlan other = PlanOrDie(spec, TestSeed(99));
  EXPECT_NE(other.nodes[0].private_key, one.nodes[0].private_key);
}

TEST(Plan, AddingANodeChangesOnlyItsPeers) {
  MeshSpec spec = SpecFromFile("tests/unit/data/partial.yaml");
  MeshPlan before = PlanOrDie(spec, TestSeed());
  NodeSpec f{.name = "f", .addr = "fd00:99::6/64", .endpoint = "2001:db8::6", .peers = {"c"}};
  spec.nodes.push_back(f);
  MeshPlan after = PlanOrDie(spec, TestSeed());
  MeshPlanDiff d = DiffMeshPlans(before, after);
  EXPECT_EQ(d.nodes_added, std::vector<std::string>{"f"});
  EXPECT_TRUE(d.nodes_removed.empty());
  ASSERT_EQ(d.nodes_changed.size(), 1u);
  const NodePlanDiff& c = d.nodes_changed.at("c");
  EXPECT_EQ(c.peers_added, std::vector<std::string>{"f"});
  EXPECT_EQ(c.tunnels_added, std::vector<std::string>{"gt-ring-6"});
  EXPECT_TRUE(c.peers_changed.empty());
  EXPECT_FALSE(c.identity_changed());
  EXPECT_TRUE(c.bridge.empty());
}

TEST(Plan, AddingANodeToAFullMeshOnlyAddsOnePeerEverywhere) {
  MeshSpec spec = testing::GeneratedMesh(12, true);
  MeshPlan before = PlanOrDie(spec, TestSeed());
  MeshSpec grown = testing::GeneratedMesh(13, true);
  MeshPlan after = PlanOrDie(grown, TestSeed());
  MeshPlanDiff d = DiffMeshPlans(before, after);
  ASSERT_EQ(d.nodes_changed.size(), 12u);
  for (const auto& [name, nd] : d.nodes_changed) {
    EXPECT_EQ(nd.peers_added, std::vector<std::string>{"n012"}) << name;
    EXPECT_EQ(nd.Describe().size(), 2u) << name;  // one peer, one tunnel
  }
}

TEST(Plan, GretapUsesLinkLocalAddressesFromTheHostIndex) {
  MeshSpec spec = SpecFromFile("tests/unit/data/original.yaml");
  spec.tunnel_type = "gretap";
  MeshPlan plan = PlanOrDie(spec, TestSeed());
  const NodePlan& m1 = *plan.Find("mesh1");
  EXPECT_EQ(m1.tunnel_address, "169.254.1.1/32");
  EXPECT_EQ(m1.tunnels[0].type, "gretap");
  EXPECT_EQ(m1.tunnels[0].remote, "169.254.1.2");
  EXPECT_EQ(m1.peers[0].allowed_ips, std::vector<std::string>{"169.254.1.2/32"});
  EXPECT_EQ(m1.bridge.mtu, 1382);
}

TEST(Plan, RefusesAnInvalidSpec) {
  MeshSpec spec = SpecFromFile("tests/unit/data/original.yaml");
  spec.nodes[0].addr = "10.1.0.1/24";
  SeedKeys keys(TestSeed());
  auto plan = PlanMesh(spec, keys);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("nodes.mesh1.addr"), std::string::npos);
}

TEST(Plan, BigMeshesPlan) {
  MeshPlan full = PlanOrDie(testing::GeneratedMesh(250, true), TestSeed());
  EXPECT_EQ(full.edges.size(), 31125u);
  EXPECT_EQ(full.nodes[0].peers.size(), 249u);
  MeshPlan partial = PlanOrDie(testing::GeneratedMesh(1000, false, true), TestSeed());
  EXPECT_EQ(partial.nodes.size(), 1000u);
}

}  // namespace
}  // namespace wgmesh
