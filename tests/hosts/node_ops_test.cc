// Host operations against the lab: real sshd, real kernel (QEMU VM), real
// WireGuard, ip6gretap/gretap and bridges. Each test uses its own mesh name
// and removes it at the end.
#include "core/node_ops.h"

#include <gtest/gtest.h>

#include <future>
#include <regex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/names.h"
#include "tests/hosts/mesh_lab.h"

namespace wgmesh::testing {
namespace {


class NodeOpsTest : public MeshLabTest {
 protected:
  bool HasNodes(int n) const { return lab().nodes >= n; }
  void ExpectAllApplied(const LabMesh& m) {
    for (const auto& [name, report] : ApplyAll(lab(), m))
      ASSERT_TRUE(report.ok()) << name << ": " << report.status();
  }
  // Every node pings every other node's bridge address, one node at a time (to
  // all of its peers at once): each pair's first packet then comes from one
  // side. When both ends of a new pair send their first packet within a few
  // milliseconds, both WireGuard handshake initiations cross and fail, and the
  // retries come every 5 s (docs/reliability.md, bench/handshake_crossing.sh);
  // the lab's first-answer waits up to 45 s for each pair. A node that gets no
  // answer shows its neighbours, bridge ports and forwarding table, WireGuard
  // peers and the kernel's latest handshake messages (the lab logs them).
  void ExpectPingMatrix(const LabMesh& m) {
    const std::string br = BridgeName(m.spec.name), wg = WireguardInterfaceName(m.spec.name);
    for (const auto& [from, k] : m.lab_node) {
      std::string script;
      for (const auto& [to, unused] : m.lab_node)
        if (to != from)
          absl::StrAppend(&script, "(sh /run/lab/first-answer ", BridgeIp(m, to), " && echo ok ",
                          to, " || echo FAIL ", to, ") >>/tmp/matrix.$$ &\n");
      absl::StrAppend(&script, "wait; cat /tmp/matrix.$$; if grep -q FAIL /tmp/matrix.$$; then ",
                      "date -u +%T.%N; ip neigh show dev ", br, "; bridge link show; ",
                      "bridge fdb show br ", br, " | grep -v permanent; wg show ", wg,
                      " | grep -v key; dmesg | grep -i handshake | tail -n 12; fi; ",
                      "rm -f /tmp/matrix.$$\n");
      const std::string row = from + ": " + OnNode(lab(), k, script).out;
      EXPECT_EQ(row.find("FAIL"), std::string::npos) << row;
    }
  }
  NodeStatus Read(const LabMesh& m, const std::string& node) {
    auto s = ReadNode(lab().Options(m.lab_node.at(node)), *m.plan.Find(node), kCliOwner, nullptr);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : NodeStatus{};
  }
};

TEST_F(NodeOpsTest, FullMeshComesUpPingsAndRespectsTheMtu) {
  LabMesh& m = Mesh(MakeLabMesh(lab(), "full", "10.91.0.0/24", {1, 2, 3}));
  auto reports = ApplyAll(lab(), m);
  for (const auto& [name, r] : reports) {
    ASSERT_TRUE(r.ok()) << name << ": " << r.status();
    EXPECT_LE(r->round_trips, 2) << name;
    EXPECT_TRUE(r->after.in_sync) << absl::StrJoin(r->after.drift, "; ");
  }
  ExpectPingMatrix(m);
  // DF pings: the bridge MTU (1362) passes, one byte more fails locally.
  const std::string to = BridgeIp(m, "n2");
  auto df = OnNode(lab(), 1, absl::StrCat("ping -M do -c 2 -W 3 -s ", 1362 - 28, " ", to,
                                          " && echo PASS; ping -M do -c 1 -W 3 -s ", 1363 - 28,
                                          " ", to, " 2>&1; echo rc=$?"));
  EXPECT_NE(df.out.find("PASS"), std::string::npos) << df.out;
  EXPECT_NE(df.out.find("message too long"), std::string::npos) << df.out;
  // WireGuard: every peer has a preshared key and a handshake.
  NodeStatus s = Read(m, "n1");
  EXPECT_TRUE(s.in_sync) << absl::StrJoin(s.drift, "; ");
  ASSERT_EQ(s.peers.size(), 2u);
  for (const auto& p : s.peers) EXPECT_GT(p.latest_handshake, 0) << p.name;
  auto psk = OnNode(lab(), 1, "wg show wg-full preshared-keys | awk '{print $2}' | sort -u");
  EXPECT_EQ(psk.out.find("(none)"), std::string::npos);
  EXPECT_EQ(s.bridge_mtu, 1362);
  // A second apply changes nothing, in one round trip.
  for (const auto& [name, r] : ApplyAll(lab(), m)) {
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->changes.empty()) << absl::StrJoin(r->changes, "; ");
    EXPECT_EQ(r->round_trips, 1);
  }
}

TEST_F(NodeOpsTest, PartialMeshStpBlocksExactlyTheLoopPort) {
  if (!HasNodes(4)) GTEST_SKIP() << "needs 4 lab nodes; run with WGMESH_LAB_NODES=4 or more";
  LabMesh& m = Mesh(MakeLabMesh(lab(), "ring", "fd00:91::/64", {1, 2, 3, 4}, /*full=*/false));
  // A ring n1-n2-n3-n4-n1: one loop, so exactly one port must block.
  m.spec.nodes[0].peers = {"n2"};
  m.spec.nodes[1].peers = {"n3"};
  m.spec.nodes[2].peers = {"n4"};
  m.spec.nodes[3].peers = {"n1"};
  Replan(m);
  ExpectAllApplied(m);
  std::map<std::string, int> states;
  for (int attempt = 0; attempt < 30; ++attempt) {
    states.clear();
    for (const auto& [name, k] : m.lab_node)
      for (const auto& [port, state] : Read(m, name).port_states) states[state]++;
    if (!states.count("listening") && !states.count("learning")) break;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  EXPECT_EQ(states["blocking"], 1);
  EXPECT_EQ(states["forwarding"], 7);
  // The root is the node with the lowest address (n1, priority 16385): it has
  // no root port, every other bridge has one.
  for (const auto& [name, k] : m.lab_node) {
    auto br = OnNode(lab(), k, "ip -j -d link show dev br-ring | grep -o '\"root_port\":[0-9]*'");
    EXPECT_EQ(br.out == "\"root_port\":0\n", name == "n1") << name << ": " << br.out;
  }
  ExpectPingMatrix(m);
}

TEST_F(NodeOpsTest, AddingAndRemovingANodeDoesNotDisturbTheOthers) {
  if (!HasNodes(4)) GTEST_SKIP() << "needs 4 lab nodes; run with WGMESH_LAB_NODES=4 or more";
  LabMesh& m = Mesh(MakeLabMesh(lab(), "grow", "10.92.0.0/24", {1, 2, 3}));
  ExpectAllApplied(m);
  const NodeStatus before = Read(m, "n1");
  auto rx = [](const NodeStatus& s, const std::string& peer) {
    for (const auto& p : s.peers)
      if (p.name == peer) return p.rx_bytes;
    return int64_t{-1};
  };
  // -D -O: every reply and every miss with its time, to set against the change's.
  auto change_under_ping = [&](const std::string& what, const std::function<void()>& change) {
    std::string target = BridgeIp(m, "n2");
    auto ping = std::async(std::launch::async, [&] {
      auto r = OnNode(lab(), 1, "ping -D -O -c 40 -i 0.2 -W 1 " + target + " 2>&1");
      return absl::StrCat(r.out, r.err, "(exit ", r.exit_status, ")");
    });
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const auto start = std::chrono::system_clock::now();
    change();
    const auto end = std::chrono::system_clock::now();
    std::string out = ping.get();
    auto unix_s = [](auto t) {
      return std::chrono::duration<double>(t.time_since_epoch()).count();
    };
    EXPECT_NE(out.find(" 0% packet loss"), std::string::npos)
        << what << " (from " << absl::StrFormat("%.3f", unix_s(start)) << " to "
        << absl::StrFormat("%.3f", unix_s(end)) << "):\n" << out;
  };

  // Add n4 while n1 pings n2.
  change_under_ping("adding n4", [&] {
    m.spec.nodes.push_back(NodeSpec{.name = "n4", .addr = "10.92.0.4/24",
                                    .endpoint = lab().Underlay(4)});
    m.lab_node["n4"] = 4;
    Replan(m);
    for (const auto& [name, r] : ApplyAll(lab(), m)) {
      ASSERT_TRUE(r.ok()) << name << ": " << r.status();
      EXPECT_FALSE(r->restarted) << name;
    }
  });
  NodeStatus grown = Read(m, "n1");
  EXPECT_EQ(grown.interface_ifindex, before.interface_ifindex);  // never restarted
  EXPECT_GE(rx(grown, "n2"), rx(before, "n2"));                  // counters never reset
  EXPECT_EQ(grown.peers.size(), 3u);
  ExpectPingMatrix(m);

  // Remove n4 the same way; the others keep no trace of it.
  const std::string n4_key = m.plan.Find("n4")->public_key;
  change_under_ping("removing n4", [&] {
    m.spec.nodes.pop_back();
    m.lab_node.erase("n4");
    Replan(m);
    ExpectAllApplied(m);
  });
  auto n4 = TeardownNode(lab().Options(4), "grow", true, kAnyOwner, nullptr);
  ASSERT_TRUE(n4.ok()) << n4.status();
  for (int k : {1, 2, 3}) {
    auto trace = OnNode(lab(), k, "ip -o link show | grep -c gt-grow-4; wg show wg-grow peers; "
                                  "ip -j route show dev wg-grow");
    EXPECT_EQ(trace.out.find(n4_key), std::string::npos) << k;
    EXPECT_EQ(trace.out.rfind("0\n", 0), 0u) << trace.out;
    EXPECT_EQ(trace.out.find("10.92.0.4"), std::string::npos);
  }
  EXPECT_EQ(Read(m, "n1").interface_ifindex, before.interface_ifindex);
}

TEST_F(NodeOpsTest, DriftIsReportedExactlyAndRepaired) {
  LabMesh& m = Mesh(MakeLabMesh(lab(), "drift", "10.93.0.0/24", {1, 2, 3}));
  ExpectAllApplied(m);
  const std::string n3_key = m.plan.Find("n3")->public_key;
  OnNode(lab(), 2, "wg set wg-drift peer '" + n3_key + "' remove; ip link del dev gt-drift-3");
  NodeStatus s = Read(m, "n2");
  EXPECT_FALSE(s.in_sync);
  EXPECT_EQ(s.drift, (std::vector<std::string>{"create tunnel gt-drift-3 to n3", "add peer n3"}));
  auto fixed = ApplyNode(lab().Options(2), *m.plan.Find("n2"), kCliOwner, nullptr);
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  EXPECT_FALSE(fixed->restarted);
  EXPECT_TRUE(fixed->after.in_sync) << absl::StrJoin(fixed->after.drift, "; ");
  ExpectPingMatrix(m);
}

// What a user changes next on a running mesh: keepalive on, then off again
// (unset in the spec), then one node's keys rotated, so its peers swap the
// old public key for a new one with the same allowed IPs. Each must reach the
// kernel as it is, without restarting the peers' interfaces.
TEST_F(NodeOpsTest, KeepaliveOffAndARotatedPeerKeyReachTheKernelInPlace) {
  LabMesh& m = Mesh(MakeLabMesh(lab(), "keep", "10.95.0.0/24", {1, 2, 3}));
  m.spec.nodes[0].persistent_keepalive = 25;  // n1 (nodes are sorted by name)
  Replan(m);
  ExpectAllApplied(m);
  auto keepalives = [&] {  // n1's peers' keepalives, counted
    return OnNode(lab(), 1, "wg show wg-keep persistent-keepalive | awk '{print $2}' | sort | "
                            "uniq -c | awk '{print $1, $2}'").out;
  };
  EXPECT_EQ(keepalives(), "2 25\n");
  const int64_t n1_ifindex = Read(m, "n1").interface_ifindex;
  auto apply_in_place = [&](const std::string& what) {
    for (const auto& [name, r] : ApplyAll(lab(), m)) {
      ASSERT_TRUE(r.ok()) << what << ", " << name << ": " << r.status();
      EXPECT_TRUE(r->after.in_sync) << what << ", " << name << ": "
                                    << absl::StrJoin(r->after.drift, "; ");
      if (name != "n3") {
        EXPECT_FALSE(r->restarted) << what << ", " << name;
      }
    }
  };

  m.spec.nodes[0].persistent_keepalive.reset();
  Replan(m);
  apply_in_place("keepalive unset");
  EXPECT_EQ(keepalives(), "2 off\n");

  const std::string old_key = m.plan.Find("n3")->public_key;
  m.spec.nodes[2].key_epoch = 1;
  Replan(m);
  const std::string new_key = m.plan.Find("n3")->public_key;
  ASSERT_NE(new_key, old_key);
  apply_in_place("n3's keys rotated");
  for (int k : {1, 2}) {
    const std::string peers = OnNode(lab(), k, "wg show wg-keep peers").out;
    EXPECT_NE(peers.find(new_key), std::string::npos) << "n" << k << ": " << peers;
    EXPECT_EQ(peers.find(old_key), std::string::npos) << "n" << k << ": " << peers;
  }
  EXPECT_EQ(Read(m, "n1").interface_ifindex, n1_ifindex);
  ExpectPingMatrix(m);
}

TEST_F(NodeOpsTest, RebootRebuildsTheNodeFromItsConfigFile) {
  LabMesh& m = Mesh(MakeLabMesh(lab(), "boot", "10.94.0.0/24", {1, 2, 3}));
  ExpectAllApplied(m);
  // What a reboot leaves: no links, the config files still there. Then what
  // boot runs: wg-quick up.
  auto boot = OnNode(lab(), 3, "for l in gt-boot-1 gt-boot-2 br-boot wg-boot; do ip link del dev $l; "
                               "done; ip -o link show | grep -c -- -boot; wg-quick up wg-boot 2>&1 "
                               ">/dev/null; echo rc=$?");
  EXPECT_EQ(boot.out.rfind("0\n", 0), 0u) << boot.out;
  EXPECT_NE(boot.out.find("rc=0"), std::string::npos) << boot.out;
  EXPECT_TRUE(Read(m, "n3").in_sync) << absl::StrJoin(Read(m, "n3").drift, "; ");
  ExpectPingMatrix(m);
}

TEST_F(NodeOpsTest, ExtraBridgePortsJoinAndLeaveTheMeshBridge) {
  LabMesh& m = Mesh(MakeLabMesh(lab(), "port", "10.89.0.0/24", {1, 2}));
  OnNode(lab(), 1, "ip link add dev vpc0 type dummy && ip link set dev vpc0 mtu 1362");
  m.spec.nodes[0].bridge_ports = {"vpc0"};
  Replan(m);
  ExpectAllApplied(m);
  auto joined = OnNode(lab(), 1, "ip -j link show dev vpc0");
  EXPECT_NE(joined.out.find("\"master\":\"br-port\""), std::string::npos) << joined.out;
  EXPECT_TRUE(Read(m, "n1").in_sync);
  // Dropped from the plan: released from the bridge, not deleted.
  m.spec.nodes[0].bridge_ports.clear();
  Replan(m);
  auto report = ApplyNode(lab().Options(1), *m.plan.Find("n1"), kCliOwner, nullptr);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->restarted);
  auto left = OnNode(lab(), 1, "ip -j link show dev vpc0; ip link del dev vpc0");
  EXPECT_NE(left.out.find("\"ifname\":\"vpc0\""), std::string::npos);
  EXPECT_EQ(left.out.find("master"), std::string::npos) << left.out;
}

TEST_F(NodeOpsTest, TeardownRemovesOnlyItsOwnMesh) {
  LabMesh& a = Mesh(MakeLabMesh(lab(), "lab", "10.95.0.0/24", {1, 2}));
  LabMesh& b = Mesh(MakeLabMesh(lab(), "lab1", "10.96.0.0/24", {1, 2}));
  for (auto& n : b.spec.nodes) n.listen_port = 51821;  // one host, two meshes: two ports
  Replan(b);
  ExpectAllApplied(a);
  ExpectAllApplied(b);
  auto down = TeardownNode(lab().Options(1), "lab", /*remove_config=*/true, kAnyOwner, nullptr);
  ASSERT_TRUE(down.ok()) << down.status();
  auto left = OnNode(lab(), 1, "ip -o link show | sed -n 's/^[0-9]*: \\([^:@]*\\).*/\\1/p' | "
                               "grep -- '-lab' | sort | tr '\\n' ' '; ls /etc/wireguard");
  EXPECT_EQ(left.out, "br-lab1 gt-lab1-2 wg-lab1 wg-lab1.conf\nwg-lab1.json\nwg-lab1.owner\n");
  EXPECT_TRUE(Read(b, "n1").in_sync);
}

// The failures below must leave the host exactly as it was.
class FailureTest : public NodeOpsTest {
 protected:
  void ExpectUntouched(int k, const std::string& mesh) {
    auto r = OnNode(lab(), k, "ip -o link show | grep -c -- '-" + mesh + "'; ls /etc/wireguard "
                              "2>/dev/null | grep -c " + mesh);
    EXPECT_EQ(r.out, "0\n0\n") << "node " << k;
  }
};

TEST_F(FailureTest, WrongHostKey) {
  LabMesh m = MakeLabMesh(lab(), "hkey", "10.97.0.0/24", {1, 2});
  ssh::ConnectOptions options = lab().Options(1);
  options.target.host_key.pinned = lab().HostKey(2);
  auto r = ApplyNode(options, *m.plan.Find("n1"), kCliOwner, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("SHA256:"), std::string::npos) << r.status();
  ExpectUntouched(1, "hkey");
}

// Issue 10 item 7: with insecure_skip_host_key_check the SSH layer's warning
// reaches the log sink on every connection (the CLI, Terraform and Pulumi each
// pass one). Reads only.
TEST_F(FailureTest, InsecureHostKeyWarnsThroughTheSinkOnEveryConnection) {
  LabMesh m = MakeLabMesh(lab(), "hdwarn", "10.97.0.0/24", {1, 2});
  ssh::ConnectOptions options = lab().Options(1);
  options.target.host_key.known_hosts_file = "/dev/null";  // nothing could verify it
  options.target.host_key.insecure_skip = true;
  std::vector<std::string> warnings;
  ssh::LogSink sink = [&](std::string_view level, std::string_view message) {
    if (level == "warning") warnings.emplace_back(message);
  };
  for (int i = 0; i < 2; ++i) {
    auto r = ReadNode(options, *m.plan.Find("n1"), kCliOwner, nullptr, nullptr, sink);
    ASSERT_TRUE(r.ok()) << r.status();
  }
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("host key NOT verified"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("SHA256:"), std::string::npos) << warnings[0];
}

TEST_F(FailureTest, UnreachableHost) {
  LabMesh m = MakeLabMesh(lab(), "gone", "10.97.0.0/24", {1, 2});
  ssh::ConnectOptions options = lab().Options(1);
  options.target.port = 1;
  options.dial_attempts = 1;
  options.per_dial_timeout = std::chrono::seconds(3);
  auto r = ApplyNode(options, *m.plan.Find("n1"), kCliOwner, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("127.0.0.1:1"), std::string::npos) << r.status();
}

TEST_F(FailureTest, ListenPortTakenByAnotherMesh) {
  LabMesh& a = Mesh(MakeLabMesh(lab(), "porta", "10.97.0.0/24", {1, 2}));
  ExpectAllApplied(a);
  LabMesh m = MakeLabMesh(lab(), "portb", "10.97.1.0/24", {1, 2});
  auto r = ApplyNode(lab().Options(1), *m.plan.Find("n1"), kCliOwner, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("UDP port 51820 is already used by WireGuard interface "
                                      "wg-porta"),
            std::string::npos)
      << r.status();
  ExpectUntouched(1, "portb");
}

TEST_F(FailureTest, MissingSudoRights) {
  LabMesh m = MakeLabMesh(lab(), "sudo", "10.97.0.0/24", {1, 2});
  ssh::ConnectOptions options = lab().Options(1, "nosudo");
  options.sudo = true;
  auto r = ApplyNode(options, *m.plan.Find("n1"), kCliOwner, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("sudo"), std::string::npos) << r.status();
  ExpectUntouched(1, "sudo");
}

TEST_F(FailureTest, WorksThroughSudoForANonRootUser) {
  LabMesh& m = Mesh(MakeLabMesh(lab(), "mesh", "10.98.0.0/24", {1, 2}));
  for (const auto& node : m.plan.nodes) {
    ssh::ConnectOptions options = lab().Options(m.lab_node.at(node.node), "mesh");
    options.sudo = true;
    auto r = ApplyNode(options, node, kCliOwner, nullptr);
    ASSERT_TRUE(r.ok()) << r.status();
  }
  ExpectPingMatrix(m);
}

// SIMULATION: the lab kernel has every module and they cannot be unloaded
// (all nodes share one kernel), so node 3 gets an `ip` that refuses
// ip6gretap, on its command line or in a `-batch -` on stdin, as an `ip` on a
// kernel without the module does.
TEST_F(FailureTest, MissingKernelSupportStopsBeforeAnyChange) {
  LabMesh& m = Mesh(MakeLabMesh(lab(), "nomod", "10.99.0.0/24", {1, 3}));
  OnNode(lab(), 3, R"(mount -t tmpfs tmpfs /usr/local/sbin && cat > /usr/local/sbin/ip <<'WRAP'
#!/bin/sh
case " $* " in *" ip6gretap "*) echo 'Error: Unknown device type.' >&2; exit 2 ;; esac
case " $* " in *" -batch - "*)
  batch=$(cat)
  case "$batch" in *" ip6gretap "*) echo 'Error: Unknown device type.' >&2; exit 1 ;; esac
  printf '%s\n' "$batch" | exec /usr/bin/ip "$@" ;;
esac
exec /usr/bin/ip "$@"
WRAP
chmod 755 /usr/local/sbin/ip)");
  auto r = ApplyNode(lab().Options(3), *m.plan.Find("n3"), kCliOwner, nullptr);
  OnNode(lab(), 3, "umount /usr/local/sbin");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("preflight"), std::string::npos) << r.status();
  EXPECT_NE(r.status().message().find("cannot create ip6gretap links"), std::string::npos)
      << r.status();
  ExpectUntouched(3, "nomod");
}

// Issue 10 item 3: bridging the interface the SSH session arrives on (here
// also the default route's) would cut the host off: the preflight refuses it
// before any change.
TEST_F(FailureTest, BridgingTheUplinkIsRefusedBeforeAnyChange) {
  LabMesh m = MakeLabMesh(lab(), "hz", "10.97.2.0/24", {1, 2});
  for (auto& n : m.spec.nodes) n.listen_port = 52100;
  // The interface holding the address this SSH session was accepted on.
  std::string uplink =
      OnNode(lab(), 1, "set -- $SSH_CONNECTION; ip -o addr show to \"$3\" | awk '{print $2}'").out;
  while (!uplink.empty() && uplink.back() == '\n') uplink.pop_back();
  ASSERT_FALSE(uplink.empty());
  m.spec.nodes[0].bridge_ports = {uplink};
  Replan(m);
  auto r = ApplyNode(lab().Options(1), *m.plan.Find("n1"), kCliOwner, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bridge port " + uplink +
                                      " carries the default route or this SSH session"),
            std::string::npos)
      << r.status();
  ExpectUntouched(1, "hz");
}

TEST_F(NodeOpsTest, Ipv4NetworkOverIpv4UnderlayWithGretap) {
  if (LabEnv(lab(), "LAB_UNDERLAY") != "ipv4")
    GTEST_SKIP() << "needs the lab with --ipv4-underlay (WGMESH_LAB_UNDERLAY=ipv4)";
  LabMesh& m = Mesh(MakeLabMesh(lab(), "four", "10.90.0.0/24", {1, 2, 3}, true, true));
  m.spec.tunnel_type = "gretap";
  Replan(m);
  ExpectAllApplied(m);
  ExpectPingMatrix(m);
  EXPECT_EQ(m.plan.mtus.bridge, 1402);
  auto df = OnNode(lab(), 2, absl::StrCat("ping -M do -c 2 -W 3 -s ", 1402 - 28, " ",
                                          BridgeIp(m, "n3"), " >/dev/null && echo PASS"));
  EXPECT_NE(df.out.find("PASS"), std::string::npos);
  auto link = OnNode(lab(), 2, "ip -d link show dev gt-four-3");
  EXPECT_NE(link.out.find("gretap remote 169.254.1.3 local 169.254.1.2"), std::string::npos)
      << link.out;
}

}  // namespace
}  // namespace wgmesh::testing
