#include "core/plan_diff.h"

#include <gtest/gtest.h>

#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

using testing::PlanOrDie;
using testing::SpecFromFile;
using testing::TestSeed;

class PlanDiffTest : public ::testing::Test {
 protected:
  MeshSpec spec = SpecFromFile("tests/unit/data/original.yaml");
  MeshPlan before = PlanOrDie(spec, TestSeed());
  MeshPlanDiff After() { return DiffMeshPlans(before, PlanOrDie(spec, TestSeed())); }
};

TEST_F(PlanDiffTest, NothingChangedIsEmpty) { EXPECT_TRUE(After().empty()); }

TEST_F(PlanDiffTest, EndpointChangeTouchesOnlyThePeersEntries) {
  spec.nodes[1].endpoint = "198.51.100.99:51821";  // mesh2
  MeshPlanDiff d = After();
  EXPECT_EQ(d.nodes_changed.size(), 2u);
  EXPECT_FALSE(d.nodes_changed.count("mesh2"));  // its own plan does not hold its endpoint
  const NodePlanDiff& m1 = d.nodes_changed.at("mesh1");
  EXPECT_FALSE(m1.identity_changed());
  EXPECT_EQ(m1.peers_changed, std::vector<std::string>{"mesh2"});
  EXPECT_EQ(m1.Describe(), std::vector<std::string>{"peer mesh2: endpoint changed"});
}

TEST_F(PlanDiffTest, ListenPortChangeIsAnIdentityChangeForThatNodeOnly) {
  spec.nodes[2].listen_port = 51900;  // mesh3
  MeshPlanDiff d = After();
  EXPECT_EQ(d.nodes_changed.at("mesh3").identity, std::vector<std::string>{"listen_port"});
  EXPECT_FALSE(d.nodes_changed.at("mesh1").identity_changed());
  EXPECT_EQ(d.nodes_changed.at("mesh1").peer_fields.at("mesh3"),
            std::vector<std::string>{"endpoint"});
}

TEST_F(PlanDiffTest, KeyEpochRotatesTheNodeAndItsPairKeys) {
  spec.nodes[0].key_epoch = 1;  // mesh1
  MeshPlanDiff d = After();
  EXPECT_EQ(d.nodes_changed.at("mesh1").identity, std::vector<std::string>{"private_key"});
  EXPECT_EQ(d.nodes_changed.at("mesh1").peers_changed.size(), 2u);  // psks
  EXPECT_EQ(d.nodes_changed.at("mesh2").peer_fields.at("mesh1"),
            (std::vector<std::string>{"public_key", "preshared_key"}));
  EXPECT_FALSE(d.nodes_changed.at("mesh2").identity_changed());
}

TEST_F(PlanDiffTest, RemovingANodeRemovesItsPeerAndTunnel) {
  spec.nodes.pop_back();  // mesh3
  MeshPlanDiff d = After();
  EXPECT_EQ(d.nodes_removed, std::vector<std::string>{"mesh3"});
  EXPECT_EQ(d.nodes_changed.at("mesh1").peers_removed, std::vector<std::string>{"mesh3"});
  EXPECT_EQ(d.nodes_changed.at("mesh1").tunnels_removed, std::vector<std::string>{"gt-mesh-3"});
}

TEST_F(PlanDiffTest, MtuAndBridgeChangesAreLive) {
  spec.underlay_mtu = 1600;
  spec.nodes[0].prio = 5;
  MeshPlanDiff d = After();
  const NodePlanDiff& m1 = d.nodes_changed.at("mesh1");
  EXPECT_FALSE(m1.identity_changed());
  EXPECT_EQ(m1.interface, std::vector<std::string>{"wireguard_mtu"});
  EXPECT_EQ(m1.bridge, (std::vector<std::string>{"mtu", "priority"}));
  EXPECT_EQ(m1.tunnels_changed.size(), 2u);
}

}  // namespace
}  // namespace wgmesh
