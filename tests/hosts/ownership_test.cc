// The ownership rule on real hosts (core/ownership.h): wgmesh refuses
// objects it did not create, a resource instance removes only what it owns,
// and two runs on one host neither collide nor act on a stale read.
#include <gtest/gtest.h>

#include <future>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/node_ops.h"
#include "tests/hosts/mesh_lab.h"

namespace wgmesh::testing {
namespace {


constexpr char kOwnerA[] = "node:0000000000000a0a";
constexpr char kOwnerB[] = "node:0000000000000b0b";

class OwnershipLabTest : public MeshLabTest {
 protected:
  // The names of this mesh's links and files on node k, sorted, one line.
  std::string Objects(int k, const std::string& mesh) {
    return OnNode(lab(), k, "{ ip -o link show | sed -n 's/^[0-9]*: \\([^:@]*\\).*/\\1/p'; "
                            "ls /etc/wireguard; } | grep -- '-" + mesh + "' | sort | tr '\\n' ' '")
        .out;
  }
};

TEST_F(OwnershipLabTest, ObjectsWgmeshDidNotCreateAreRefusedAndLeftAsTheyAre) {
  LabMesh m = MakeLabMesh(lab(), "frgn", "10.93.0.0/24", {1, 2});
  // Somebody's own WireGuard interface and config that happen to have our names.
  OnNode(lab(), 1, "ip link add dev wg-frgn type wireguard && printf '[Interface]\\nListenPort = "
                   "51999\\n' > /etc/wireguard/wg-frgn.conf && chmod 600 /etc/wireguard/wg-frgn.conf");
  const std::string before = Objects(1, "frgn");
  ASSERT_EQ(before, "wg-frgn wg-frgn.conf ");
  auto up = ApplyNode(lab().Options(1), *m.plan.Find("n1"), kOwnerA, nullptr);
  ASSERT_FALSE(up.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(up.status())) << up.status();
  EXPECT_NE(up.status().message().find("found wg-frgn, /etc/wireguard/wg-frgn.conf"),
            std::string::npos)
      << up.status();
  auto down = TeardownNode(lab().Options(1), "frgn", /*remove_config=*/true, kAnyOwner, nullptr);
  ASSERT_FALSE(down.ok());
  EXPECT_NE(down.status().message().find("did not create"), std::string::npos) << down.status();
  auto read = ReadNode(lab().Options(1), *m.plan.Find("n1"), kOwnerA, nullptr);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->in_sync);
  EXPECT_NE(read->refusal.find("wg-frgn"), std::string::npos);
  EXPECT_EQ(Objects(1, "frgn"), before);
  OnNode(lab(), 1, "ip link del dev wg-frgn; rm -f /etc/wireguard/wg-frgn.conf");
}

TEST_F(OwnershipLabTest, ANewInstanceTakesOverAndTheOldOnesDeleteLeavesTheHostAlone) {
  LabMesh& m = Mesh(MakeLabMesh(lab(), "own", "10.93.1.0/24", {1, 2}));
  for (const auto& node : m.plan.nodes) {
    auto r = ApplyNode(lab().Options(m.lab_node.at(node.node)), node, kOwnerA, nullptr);
    ASSERT_TRUE(r.ok()) << r.status();
  }
  // A renamed resource: the new instance applies the same node, which changes
  // only the owner marker (no restart, no link touched).
  auto takeover = ApplyNode(lab().Options(1), *m.plan.Find("n1"), kOwnerB, nullptr);
  ASSERT_TRUE(takeover.ok()) << takeover.status();
  EXPECT_EQ(takeover->changes, std::vector<std::string>{"record this instance as the node's owner"});
  EXPECT_FALSE(takeover->restarted);
  ASSERT_EQ(takeover->warnings.size(), 1u);
  EXPECT_NE(takeover->warnings[0].find(kOwnerA), std::string::npos);
  // The old instance's delete: nothing removed, a warning says why.
  const std::string before = Objects(1, "own");
  auto old_delete = TeardownNode(lab().Options(1), "own", true, kOwnerA, nullptr);
  ASSERT_TRUE(old_delete.ok()) << old_delete.status();
  EXPECT_TRUE(old_delete->left_alone);
  ASSERT_EQ(old_delete->warnings.size(), 1u);
  EXPECT_NE(old_delete->warnings[0].find(kOwnerB), std::string::npos);
  EXPECT_EQ(Objects(1, "own"), before);
  auto status = ReadNode(lab().Options(1), *m.plan.Find("n1"), kOwnerB, nullptr);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(status->in_sync) << absl::StrJoin(status->drift, "; ");
  EXPECT_EQ(status->owner, kOwnerB);
  auto ping = OnNode(lab(), 2, "ping -c 2 -W 3 " + BridgeIp(m, "n1") + " >/dev/null && echo ok");
  EXPECT_EQ(ping.out, "ok\n");
  // The owner's delete removes everything, the owner marker last.
  auto owner_delete = TeardownNode(lab().Options(1), "own", true, kOwnerB, nullptr);
  ASSERT_TRUE(owner_delete.ok()) << owner_delete.status();
  EXPECT_FALSE(owner_delete->left_alone);
  EXPECT_EQ(Objects(1, "own"), "");
}

TEST_F(OwnershipLabTest, TwoRunsOnOneHostAtOnce) {
  // Two meshes at once (Terraform's parallelism), and the same mesh twice
  // (two CI jobs): every run succeeds and the host ends in sync.
  LabMesh& a = Mesh(MakeLabMesh(lab(), "twoa", "10.93.2.0/24", {1, 2}));
  LabMesh& b = Mesh(MakeLabMesh(lab(), "twob", "10.93.3.0/24", {1, 2}));
  for (auto& n : b.spec.nodes) n.listen_port = 51822;
  Replan(b);
  // Leftovers of earlier runs: a probe link of the old fixed name and a temp
  // dir of a run killed mid-script (its shell's pid is gone).
  OnNode(lab(), 1, "ip link add dev wgmesh-probe type dummy; mkdir -p /run/wgmesh/tmp.999999.x && "
                   "echo secret > /run/wgmesh/tmp.999999.x/psk");
  std::vector<std::future<absl::StatusOr<OperationReport>>> runs;
  for (const NodePlan* plan : {a.plan.Find("n1"), b.plan.Find("n1"), a.plan.Find("n1")})
    runs.push_back(std::async(std::launch::async, [this, plan] {
      return ApplyNode(lab().Options(1), *plan, kCliOwner, nullptr);
    }));
  for (auto& r : runs) {
    auto report = r.get();
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->after.in_sync) << absl::StrJoin(report->after.drift, "; ");
  }
  auto left = OnNode(lab(), 1, "ip -o link show | grep -c -e wgmesh-probe -e ': wgp'; "
                               "ls /run/wgmesh | grep -c tmp");
  EXPECT_EQ(left.out, "0\n0\n");
  for (const LabMesh* m : {&a, &b}) {
    auto s = ReadNode(lab().Options(1), *m->plan.Find("n1"), kCliOwner, nullptr);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_TRUE(s->in_sync) << m->spec.name << ": " << absl::StrJoin(s->drift, "; ");
  }
}

}  // namespace
}  // namespace wgmesh::testing
