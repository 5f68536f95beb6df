// Reconciliation against a live state read from a real lab node
// (tests/unit/data/live_lab_n1.txt) and variations of it.
#include "core/reconcile.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/str_join.h"
#include "core/host_scripts.h"
#include "core/keys.h"
#include "core/live_state.h"
#include "core/node_plan_json.h"
#include "core/ownership.h"
#include "core/render_wgquick.h"
#include "core/shell.h"
#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

class ReconcileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string seed_text = testing::ReadSourceFile("tests/unit/data/lab2.seed");
    while (!seed_text.empty() && seed_text.back() == '\n') seed_text.pop_back();
    auto seed = KeyFromBase64(seed_text);
    ASSERT_TRUE(seed);
    plan = testing::PlanOrDie(testing::SpecFromFile("tests/unit/data/lab2.yaml"), *seed).nodes[0];
    auto parsed = ParseLiveState(testing::ReadSourceFile("tests/unit/data/live_lab_n1.txt"));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    live = *parsed;
    files = {Sha256Hex(RenderWgQuick(plan)), Sha256Hex(NodePlanToText(plan) + "\n"), kCliOwner};
    live.owner_marker = "wgmesh-owner cli";  // the fixture predates owner markers
    // The node's config file is the one this version renders (the fixture
    // recorded the hash of an older rendering of the same plan).
    live.config.sha256 = files.config_sha256;
  }
  std::vector<std::string> Steps() { return Reconcile(plan, live, files).Descriptions(); }

  NodePlan plan;
  LiveState live;
  DesiredFiles files;
};

TEST_F(ReconcileTest, ParsesTheLabNode) {
  EXPECT_TRUE(live.tools.at("wg"));
  EXPECT_FALSE(live.systemd);
  ASSERT_TRUE(live.wireguard);
  EXPECT_EQ(live.wireguard->public_key, plan.public_key);
  ASSERT_EQ(live.wireguard->peers.size(), 1u);
  EXPECT_EQ(live.wireguard->peers[0].endpoint, "[fd00:10::2]:51820");
  EXPECT_GT(live.wireguard->peers[0].latest_handshake, 0);
  const LiveLink* gt = live.Link("gt-lab-2");
  ASSERT_NE(gt, nullptr);
  EXPECT_EQ(gt->kind, "ip6gretap");
  EXPECT_EQ(gt->master, "br-lab");
  EXPECT_TRUE(gt->isolated);
  EXPECT_EQ(gt->port_state, "forwarding");
  EXPECT_EQ(gt->mtu, 1362);
  EXPECT_EQ(live.Link("br-lab")->forward_delay, 400);
  EXPECT_EQ(live.addresses.at("br-lab"), std::vector<std::string>{"10.50.0.1/24"});
  EXPECT_EQ(live.wireguard_routes, std::vector<std::string>{plan.peers[0].allowed_ips[0]});
  EXPECT_TRUE(live.config.present);
  EXPECT_EQ(live.config.mode, "600");
  EXPECT_FALSE(live.plan_config.present);
}

TEST_F(ReconcileTest, InSyncButForTheNodeConfigFile) {
  EXPECT_EQ(Steps(), std::vector<std::string>{"write the node config file"});
  live.plan_config = {true, "600", files.plan_config_sha256};
  EXPECT_TRUE(Reconcile(plan, live, files).empty());
}

class DriftTest : public ReconcileTest {
 protected:
  void SetUp() override {
    ReconcileTest::SetUp();
    live.plan_config = {true, "600", files.plan_config_sha256};
  }
};

TEST_F(DriftTest, PeerRemovedByHand) {
  live.wireguard->peers.clear();
  EXPECT_EQ(Steps(), std::vector<std::string>{"add peer n2"});
  Reconciliation r = Reconcile(plan, live, files);
  EXPECT_FALSE(r.rebuild);
  EXPECT_EQ(r.steps[0].wireguard, ReconcileStep::Wireguard::kAddconf);
  EXPECT_EQ(r.steps[0].peers, std::vector<std::string>{plan.peers[0].public_key});
  EXPECT_TRUE(r.steps[0].commands.empty());
}

// A config file's peer has its allowed IPs replaced when set: a peer that did
// not change is never sent, or packets to it would be dropped meanwhile.
TEST_F(DriftTest, OnlyTheNewPeerIsSentToWireguard) {
  PeerPlan added = plan.peers[0];
  added.name = "n3";
  added.public_key = "n3n3n3n3n3n3n3n3n3n3n3n3n3n3n3n3n3n3n3n3n3k=";
  added.allowed_ips = {"fd00:7::3/128"};
  plan.peers.push_back(added);
  Reconciliation r = Reconcile(plan, live, files);
  ASSERT_EQ(r.steps.size(), 2u) << absl::StrJoin(r.Descriptions(), "; ");
  EXPECT_EQ(r.steps[0].description, "add peer n3");
  EXPECT_EQ(r.steps[0].peers, std::vector<std::string>{added.public_key});
  EXPECT_EQ(r.steps[1].description, "add route fd00:7::3/128 via wg-lab");
  const std::string text = RenderWgAddconf(plan, r.steps[0].peers);
  EXPECT_NE(text.find(added.public_key), std::string::npos) << text;
  EXPECT_EQ(text.find(plan.peers[0].public_key), std::string::npos) << text;
  EXPECT_EQ(text.find("[Interface]"), std::string::npos) << text;
  EXPECT_NE(text.find("PersistentKeepalive = off"), std::string::npos) << text;
}

TEST_F(DriftTest, UnknownPeerIsRemovedByItselfInOneWgSet) {
  LivePeer stranger = live.wireguard->peers[0];
  stranger.public_key = "strangerstrangerstrangerstrangerstrangers0=";
  live.wireguard->peers.push_back(stranger);
  Reconciliation r = Reconcile(plan, live, files);
  ASSERT_EQ(r.steps.size(), 1u) << absl::StrJoin(r.Descriptions(), "; ");
  EXPECT_EQ(r.steps[0].description, "remove unknown peer stranger...");
  EXPECT_EQ(r.steps[0].wireguard, ReconcileStep::Wireguard::kNone);
  EXPECT_EQ(r.steps[0].commands, std::vector<std::string>{
                                     "wg set wg-lab peer " + ShellQuote(stranger.public_key) +
                                     " remove"});
}

TEST_F(DriftTest, TunnelDeletedByHand) {
  live.links.erase("gt-lab-2");
  EXPECT_EQ(Steps(), std::vector<std::string>{"create tunnel gt-lab-2 to n2"});
  EXPECT_EQ(Reconcile(plan, live, files).kinds_created, std::vector<std::string>{"ip6gretap"});
}

TEST_F(DriftTest, StaleTunnelAndRouteOfARemovedNode) {
  live.links["gt-lab-9"] = LiveLink{.name = "gt-lab-9", .kind = "ip6gretap"};
  live.links["gt-lab1-9"] = LiveLink{.name = "gt-lab1-9", .kind = "ip6gretap"};  // other mesh
  live.wireguard_routes.push_back("fd00:dead::9/128");
  EXPECT_EQ(Steps(), (std::vector<std::string>{"remove tunnel gt-lab-9 (no longer a peer)",
                                               "remove route fd00:dead::9/128 via wg-lab"}));
}

TEST_F(DriftTest, BridgeSettingsAndEndpoint) {
  live.links["br-lab"].priority = 7;
  live.wireguard->peers[0].endpoint = "(none)";
  live.links["gt-lab-2"].isolated = false;
  // A full mesh: the port is isolated before the bridge's STP settings change.
  EXPECT_EQ(Steps(), (std::vector<std::string>{"set tunnel gt-lab-2 isolated on",
                                               "set bridge br-lab priority",
                                               "update peer n2: endpoint"}));
}

TEST_F(DriftTest, AnUnisolatedPortIsNeverUpOnALiveBridgeWithoutStp) {
  // Released from the bridge and up: it rejoins down, isolated, then up.
  live.links["gt-lab-2"].master = "";
  live.links["gt-lab-2"].isolated = false;
  const Reconciliation r = Reconcile(plan, live, files);
  ASSERT_EQ(r.steps.size(), 1u) << absl::StrJoin(r.Descriptions(), "; ");
  EXPECT_EQ(r.steps[0].ip_batch,
            (std::vector<std::string>{"link set dev gt-lab-2 down",
                                      "link set dev gt-lab-2 mtu 1362 master br-lab",
                                      "link set dev gt-lab-2 type bridge_slave isolated on",
                                      "link set dev gt-lab-2 up"}));
  // A bridge that is down comes up after its ports are in place.
  live.links.erase("gt-lab-2");
  live.links["br-lab"].admin_up = false;
  const Reconciliation r2 = Reconcile(plan, live, files);
  const auto d = r2.Descriptions();
  ASSERT_GE(d.size(), 2u);
  EXPECT_EQ(d.back(), "bring br-lab up") << absl::StrJoin(d, "; ");
  EXPECT_EQ(d.front(), "create tunnel gt-lab-2 to n2") << absl::StrJoin(d, "; ");
}

TEST_F(DriftTest, RoamedEndpointIsNotDrift) {
  // The peer's packets now come from another address (NAT, a second
  // address): WireGuard follows it, and so does wgmesh.
  live.wireguard->peers[0].endpoint = "[fd00:10::9]:40000";
  EXPECT_TRUE(Reconcile(plan, live, files).empty());
}

TEST_F(DriftTest, ConfigFileEditedTouchesNoPeerThatMatches) {
  live.config.sha256 = "0";
  EXPECT_EQ(Steps(), std::vector<std::string>{"write the wg-quick config file"});
}

// An endpoint edited in the plan: the live peer (which roams) is set to it
// with the new config file, by `wg set`, its allowed IPs untouched.
TEST_F(DriftTest, NewConfigFileSetsAChangedEndpoint) {
  live.config.sha256 = "0";
  live.wireguard->peers[0].endpoint = "[fd00:10::9]:40000";
  Reconciliation r = Reconcile(plan, live, files);
  EXPECT_EQ(r.Descriptions(), (std::vector<std::string>{"write the wg-quick config file",
                                                        "set endpoint of peer n2"}));
  EXPECT_EQ(r.steps[0].commands,
            std::vector<std::string>{"wg set wg-lab peer " + ShellQuote(plan.peers[0].public_key) +
                                     " endpoint " + ShellQuote(plan.peers[0].endpoint)});
}

TEST_F(DriftTest, IdentityChangeRestarts) {
  live.wireguard->listen_port = 51999;
  Reconciliation r = Reconcile(plan, live, files);
  EXPECT_TRUE(r.rebuild);
  EXPECT_TRUE(r.restart);
  EXPECT_EQ(r.Descriptions().back(), "restart interface wg-lab: listen_port changed");
}

TEST_F(DriftTest, MissingInterfaceIsCreatedFromScratch) {
  live.links.erase("wg-lab");
  live.wireguard.reset();
  Reconciliation r = Reconcile(plan, live, files);
  EXPECT_TRUE(r.rebuild);
  EXPECT_FALSE(r.restart);
  EXPECT_EQ(r.Descriptions(),
            (std::vector<std::string>{"remove leftover links of mesh lab",
                                      "create interface wg-lab with its bridge and 1 tunnels"}));
  // Everything in one `ip -batch` (and one `bridge -batch`), then `wg setconf`:
  // no process per link, no wg-quick.
  const ReconcileStep& create = r.steps.back();
  EXPECT_EQ(create.wireguard, ReconcileStep::Wireguard::kSetconf);
  EXPECT_TRUE(create.commands.empty());
  EXPECT_EQ(create.ip_batch.front(), "link add dev wg-lab type wireguard");
  EXPECT_NE(std::find(create.ip_batch.begin(), create.ip_batch.end(),
                      "link add dev gt-lab-2 type ip6gretap local " + plan.tunnels[0].local +
                          " remote " + plan.tunnels[0].remote + " encaplimit none"),
            create.ip_batch.end());
  EXPECT_EQ(create.ip_batch.back(), "link set dev br-lab up");
}

TEST_F(DriftTest, SystemdUnitGetsEnabled) {
  live.systemd = true;
  live.unit = "disabled";
  EXPECT_EQ(Steps(), std::vector<std::string>{"enable wg-quick@wg-lab at boot"});
}

TEST(LiveState, RefusesATruncatedAnswer) {
  auto s = ParseLiveState("@@wgmesh tools\nwg yes\n@@wgmesh links\n[]\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("lacks the `routes` section"), std::string::npos);
}

TEST(LiveState, ReadsAddressesFromLinksAndOnlyTheMainTablesRoutes) {
  // `ip -j -d addr show` gives each link with its addresses; `ip -j route show
  // table all` gives both families and every table.
  auto s = ParseLiveState(
      "@@wgmesh tools\n@@wgmesh links\n"
      "[{\"ifname\":\"br-m\",\"addr_info\":[{\"local\":\"10.9.0.1\",\"prefixlen\":24,"
      "\"scope\":\"global\"},{\"local\":\"fe80::1\",\"prefixlen\":64,\"scope\":\"link\"}]},"
      "{\"ifname\":\"wg-m\"}]\n"
      "@@wgmesh routes\n"
      "[{\"dst\":\"fd00::2\",\"metric\":1024},{\"dst\":\"10.8.0.0/16\"},"
      "{\"dst\":\"fd00::1\",\"protocol\":\"kernel\"},"
      "{\"type\":\"local\",\"dst\":\"fd00::1\",\"table\":\"local\"},"
      "{\"dst\":\"10.7.0.0/24\",\"table\":\"100\"},7]\n"
      "@@wgmesh wg\n@@wgmesh config\nabsent\n@@wgmesh end\n");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->links.size(), 2u);
  EXPECT_EQ(s->addresses["br-m"], std::vector<std::string>{"10.9.0.1/24"});
  EXPECT_EQ(s->addresses.count("wg-m"), 0u);
  EXPECT_EQ(s->wireguard_routes, (std::vector<std::string>{"fd00::2/128", "10.8.0.0/16"}));
}

TEST(HostScripts, SecretsTravelOnlyInsideTheScriptBody) {
  NodePlan plan = testing::PlanOrDie(testing::SpecFromFile("tests/unit/data/lab2.yaml"),
                                     testing::TestSeed())
                      .nodes[0];
  Reconciliation r;
  r.write_config = true;
  auto applied = ApplyScript(plan, r, "fingerprint", RenderWgQuick(plan), "{}", "wgmesh-owner cli\n");
  ASSERT_TRUE(applied.ok()) << applied.status();
  const std::string& script = *applied;
  // The key is inside a quoted heredoc (no expansion), never on a command line.
  size_t key = script.find(plan.private_key);
  ASSERT_NE(key, std::string::npos);
  size_t heredoc = script.rfind("<<'WGMESH_FILE_END_7f3a9c'", key);
  EXPECT_NE(heredoc, std::string::npos);
  EXPECT_EQ(script.find(plan.private_key, key + 1), std::string::npos);
  // The read prints `wg show dump` only through the function that drops its
  // private key (host_read_script_test runs it).
  const std::string read = ReadScript("lab");
  const size_t dump = read.find("dump=$(wg show");
  ASSERT_NE(dump, std::string::npos);
  const std::string print = "print_wg_dump_without_key ";
  EXPECT_EQ(read.find("\"$dump\"", dump), read.find(print + "\"$dump\"", dump) + print.size());
}

TEST_F(ReconcileTest, RecordsANewOwnerWithoutTouchingLinks) {
  live.plan_config = {.present = true, .mode = "600", .sha256 = files.plan_config_sha256};
  files.owner = "node:0123456789abcdef";
  const Reconciliation r = Reconcile(plan, live, files);
  EXPECT_TRUE(r.write_owner);
  EXPECT_TRUE(r.steps.empty());
  EXPECT_FALSE(r.restart);
  EXPECT_EQ(Steps(), std::vector<std::string>{"record this instance as the node's owner"});
}

class HostScriptsTest : public ReconcileTest {
 protected:
  std::string Apply(const Reconciliation& r, std::string_view config) {
    auto s = ApplyScript(plan, r, "f1ngerpr1nt", config, "{}", OwnerMarkerText(kCliOwner));
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : "";
  }
};

TEST_F(HostScriptsTest, ChangesOnlyUnderTheLockAndWhileTheHostIsAsRead) {
  Reconciliation r;
  r.write_config = true;
  r.kinds_created = {"wireguard", "ip6gretap"};
  r.steps.push_back({"create tunnel gt-lab-2 to b", {"ip link add dev gt-lab-2 type ip6gretap"}});
  const std::string script = Apply(r, RenderWgQuick(plan));
  const size_t lock = script.find("flock -w 120 9");
  const size_t check = script.find("\"$fp\" != f1ngerpr1nt");
  const size_t first_change = script.find("ip link add dev wgp");
  ASSERT_NE(lock, std::string::npos);
  ASSERT_NE(check, std::string::npos);
  ASSERT_NE(first_change, std::string::npos);
  EXPECT_LT(lock, check);
  EXPECT_LT(check, first_change);
  EXPECT_NE(script.find("/run/wgmesh/lab.lock"), std::string::npos);
  // Probe names are per run ($$) and per kind: two runs never collide.
  EXPECT_NE(script.find("ip link add dev wgp$$w9 type wireguard"), std::string::npos);
  EXPECT_NE(script.find("ip link add dev wgp$$i9 type ip6gretap"), std::string::npos);
  EXPECT_EQ(script.find("dev wgmesh-probe type"), std::string::npos);
  // Files reach the disk before they replace the old ones.
  EXPECT_LT(script.find("sync "), script.find("mv -f "));
  const std::string teardown = TeardownScript("lab", true, "f1ngerpr1nt");
  EXPECT_LT(teardown.find("flock -w 120 9"), teardown.find("ip link del"));
  // The owner marker goes last: until then what remains is marked as wgmesh's.
  EXPECT_LT(teardown.find("/etc/wireguard/wg-lab.json"), teardown.find("rm -f /etc/wireguard/wg-lab.owner"));
}

TEST_F(HostScriptsTest, AStepIsOneBatchAndKeysGoOnStdin) {
  live.links.erase("wg-lab");
  live.wireguard.reset();
  const Reconciliation r = Reconcile(plan, live, files);
  const std::string script = Apply(r, RenderWgQuick(plan));
  const size_t create = script.find("step 'create interface wg-lab");
  ASSERT_NE(create, std::string::npos);
  const std::string step = script.substr(create, script.find("step 'read back'") - create);
  auto count = [&](std::string_view what) {
    size_t n = 0;
    for (size_t at = step.find(what); at != std::string::npos; at = step.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("ip -batch -"), 1u) << step;
  EXPECT_EQ(count("bridge -batch"), 0u) << step;  // isolation goes through the same `ip` batch
  EXPECT_EQ(count("\nbridge "), 0u) << step;
  EXPECT_EQ(count("wg setconf wg-lab /dev/stdin <<'"), 1u) << step;
  EXPECT_EQ(count("wg-quick"), 0u) << step;
  // The private key only inside the setconf heredoc, after the command.
  const size_t key = step.find(plan.private_key);
  ASSERT_NE(key, std::string::npos);
  EXPECT_LT(step.find("wg setconf"), key);
  // Every probe in one batch; each kind alone only if that batch fails.
  EXPECT_NE(script.find("if ! ip -batch - >/dev/null 2>&1 <<WGMESH_PROBE_END\nlink add dev wgp$$w9 type wireguard\n"),
            std::string::npos);
}

TEST_F(HostScriptsTest, RefusesABatchLineThatNeedsQuoting) {
  Reconciliation r;
  r.steps.push_back({.description = "x", .ip_batch = {"link del dev 'a b'"}});
  auto s = ApplyScript(plan, r, "f", "", "{}", OwnerMarkerText(kCliOwner));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("needs quoting"), std::string::npos) << s.status();
}

TEST_F(HostScriptsTest, RefusesAFileTextThatWouldEndItsHeredoc) {
  Reconciliation r;
  r.write_config = true;
  auto s = ApplyScript(plan, r, "f", "x\nWGMESH_FILE_END_7f3a9c\nrm -rf /\n", "{}",
                       OwnerMarkerText(kCliOwner));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("heredoc delimiter"), std::string::npos);
}

}  // namespace
}  // namespace wgmesh
