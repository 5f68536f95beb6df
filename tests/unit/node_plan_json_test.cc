#include "core/node_plan_json.h"

#include <gtest/gtest.h>

#include "core/json_reader.h"
#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

using nlohmann::json;

NodePlan SamplePlan() {
  MeshSpec spec = testing::SpecFromFile("tests/unit/data/partial.yaml");
  spec.nodes[0].bridge_ports = {"eth1"};
  return testing::PlanOrDie(spec, testing::TestSeed()).nodes[0];
}

TEST(NodePlanJson, RoundTripsExactly) {
  for (const char* file : {"tests/unit/data/original.yaml", "tests/unit/data/partial.yaml"}) {
    for (const auto& node : testing::PlanOrDie(testing::SpecFromFile(file), testing::TestSeed()).nodes) {
      std::string text = NodePlanToText(node);
      ParsedNodePlan back = NodePlanFromText(text);
      EXPECT_FALSE(back.problems.has_errors()) << back.problems.ToString();
      EXPECT_EQ(back.plan, node);
      EXPECT_EQ(NodePlanToText(back.plan), text);
      EXPECT_EQ(json::parse(text).dump(), text);  // canonical: sorted keys, no spaces
    }
  }
}

struct Broken {
  const char* pointer;  // JSON pointer of the field to replace
  json value;
  const char* path;
  const char* rule;
};

// `good` with c.value at c.pointer must be reported at c.path with c.rule (and
// the value itself, when `with_value`).
void ExpectReported(const json& good, const Broken& c, bool with_value = false) {
  json doc = good;
  doc[json::json_pointer(c.pointer)] = c.value;
  ParsedNodePlan p = NodePlanFromJson(doc);
  bool found = false;
  for (const auto& e : p.problems.errors())
    if (e.path == c.path && e.rule.find(c.rule) != std::string::npos &&
        (!with_value || e.value == ShownValue(c.value)))
      found = true;
  EXPECT_TRUE(found) << c.pointer << " = " << c.value.dump() << "\n" << p.problems.ToString();
}

TEST(NodePlanJson, ValidatesEveryFieldThatReachesAHost) {
  const Broken cases[] = {
      {"/format", 2, "format", "reads node config format 1"},
      {"/mesh", "a b", "mesh", "valid mesh name"},
      {"/interface", "wg0;reboot", "interface", "must be wg-ring"},
      {"/private_key", "short", "private_key", "32-byte key"},
      {"/public_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "public_key", "does not belong to private_key"},
      {"/listen_port", 0, "listen_port", "from 1 to 65535"},
      {"/tunnel_address", "fd00::1/64", "tunnel_address", "/32 or /128"},
      {"/config_path", "/tmp/x.conf", "config_path", "must be /etc/wireguard/wg-ring.conf"},
      {"/peers/0/endpoint", "host:1:2", "peers.0.endpoint", "host:port"},
      {"/peers/0/endpoint", "$(reboot):1", "peers.0.endpoint", "host:port"},
      {"/peers/0/allowed_ips/0", "x", "peers.0.allowed_ips.0", "CIDR"},
      {"/peers/0/name", "", "peers.0.name", ""},
      {"/tunnels/0/name", "gt-much-too-long-name", "tunnels.0.name", "interface name"},
      {"/tunnels/0/type", "vxlan", "tunnels.0.type", "ip6gretap, gretap"},
      {"/tunnels/0/remote", "fd00::1 up", "tunnels.0.remote", "canonical IP address"},
      {"/bridge/mac", "zz", "bridge.mac", "MAC address"},
      {"/bridge/priority", 70000, "bridge.priority", "from 0 to 65535"},
      {"/bridge/extra_ports/0", "eth0;reboot", "bridge.extra_ports.0", "interface name"},
      {"/bridge/extra_ports/0", "-x", "bridge.extra_ports.0", "must not start with '-'"},
      {"/bridge/stp", "yes", "bridge.stp", "true or false"},
      {"/bridge/address", "10.0.0.1", "bridge.address", "CIDR"},
  };
  const json good = NodePlanToJson(SamplePlan());
  for (const auto& c : cases) ExpectReported(good, c);
}

// Issue 10 item 2: a tampered config must not name links or files outside its
// mesh, since reconcile deletes and replaces what the config names.
TEST(NodePlanJson, EveryNameIsTheOneDerivedFromTheMesh) {
  // SamplePlan is node a (fd00:99::1) of mesh "ring": tunnels to b, d, e.
  const Broken cases[] = {
      {"/interface", "eth0", "interface", "must be wg-ring, the name wgmesh derives"},
      {"/interface", "wg-prod", "interface", "must be wg-ring"},
      {"/config_path", "/etc/wireguard/wg-prod.conf", "config_path",
       "must be /etc/wireguard/wg-ring.conf"},
      {"/config_path", "/etc/wireguard/../shadow", "config_path", "must be /etc/wireguard/wg-ring.conf"},
      {"/bridge/name", "ens3", "bridge.name", "must be br-ring"},
      {"/bridge/name", "br-prod", "bridge.name", "must be br-ring"},
      {"/tunnels/0/name", "lo", "tunnels.0.name", "must be gt-ring-<host part"},
      {"/tunnels/0/name", "gt-prod-2", "tunnels.0.name", "must be gt-ring-<host part"},
      {"/tunnels/0/name", "gt-ring-02", "tunnels.0.name", "must be gt-ring-<host part"},
      {"/tunnels/0/name", "gt-ring-0", "tunnels.0.name", "must be gt-ring-<host part"},
      {"/tunnels/0/name", "gt-ring-+2", "tunnels.0.name", "must be gt-ring-<host part"},
      {"/tunnels/0/name", "gt-ring-1", "tunnels.0.name", "own host part"},
      {"/tunnels/0/name", "gt-ring-4", "tunnels.1.name", "also the name of tunnels.0"},
      {"/tunnels/0/peer", "zz", "tunnels.0.peer", "one of the config's peers"},
      {"/tunnels/0/remote", "fd00::9", "tunnels.0.remote", "tunnel address of peer b"},
      {"/bridge/extra_ports/0", "wg-prod", "bridge.extra_ports.0", "wg-/br-/gt- namespace"},
      {"/bridge/extra_ports/0", "br-ring", "bridge.extra_ports.0", "wg-/br-/gt- namespace"},
      {"/bridge/extra_ports/0", "gt-other-1", "bridge.extra_ports.0", "wg-/br-/gt- namespace"},
  };
  const json good = NodePlanToJson(SamplePlan());
  ASSERT_EQ(good["tunnels"][0]["name"], "gt-ring-2");
  ASSERT_EQ(good["tunnels"][1]["name"], "gt-ring-4");
  for (const auto& c : cases) ExpectReported(good, c, /*with_value=*/true);
}

TEST(NodePlanJson, AGretapTunnelNameMatchesItsRemote) {
  MeshSpec spec = testing::GeneratedMesh(3, /*full=*/true);
  spec.tunnel_type = "gretap";
  json doc = NodePlanToJson(testing::PlanOrDie(spec, testing::TestSeed()).nodes[0]);
  EXPECT_FALSE(NodePlanFromJson(doc).problems.has_errors());
  // Swapping two tunnels' names keeps every name in the mesh but ties each
  // to the other's peer: the remote (169.254.1.<n>) gives the index away.
  std::swap(doc["tunnels"][0]["name"], doc["tunnels"][1]["name"]);
  ParsedNodePlan p = NodePlanFromJson(doc);
  EXPECT_TRUE(p.problems.HasErrorAt("tunnels.0.name")) << p.problems.ToString();
  EXPECT_TRUE(p.problems.HasErrorAt("tunnels.1.name")) << p.problems.ToString();
}

TEST(NodePlanJson, SecretsNeverShowInErrorsOrRedactedForm) {
  NodePlan plan = SamplePlan();
  json doc = NodePlanToJson(plan);
  doc["private_key"] = plan.private_key.substr(0, 40);  // malformed secret
  std::string errors = NodePlanFromJson(doc).problems.ToString();
  EXPECT_EQ(errors.find(plan.private_key.substr(0, 40)), std::string::npos) << errors;
  std::string redacted = RedactedNodePlanJson(plan).dump();
  EXPECT_EQ(redacted.find(plan.private_key), std::string::npos);
  for (const auto& p : plan.peers) EXPECT_EQ(redacted.find(p.preshared_key), std::string::npos);
  EXPECT_NE(redacted.find(plan.public_key), std::string::npos);
}

TEST(NodePlanJson, RejectsNonJsonAndMissingFields) {
  EXPECT_TRUE(NodePlanFromText("not json").problems.has_errors());
  ParsedNodePlan p = NodePlanFromJson(json::object());
  for (const char* path : {"mesh", "node", "private_key", "listen_port", "bridge"})
    EXPECT_TRUE(p.problems.HasErrorAt(path)) << path;
}

}  // namespace
}  // namespace wgmesh
