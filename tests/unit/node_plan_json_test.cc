#include "core/node_plan_json.h"

#include <gtest/gtest.h>

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

TEST(NodePlanJson, ValidatesEveryFieldThatReachesAHost) {
  const Broken cases[] = {
      {"/format", 2, "format", "reads node config format 1"},
      {"/mesh", "a b", "mesh", "valid mesh name"},
      {"/interface", "wg0;reboot", "interface", "interface name"},
      {"/private_key", "short", "private_key", "32-byte key"},
      {"/public_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "public_key", "does not belong to private_key"},
      {"/listen_port", 0, "listen_port", "from 1 to 65535"},
      {"/tunnel_address", "fd00::1/64", "tunnel_address", "/32 or /128"},
      {"/config_path", "/tmp/x.conf", "config_path", "/etc/wireguard/<interface>.conf"},
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
      {"/bridge/stp", "yes", "bridge.stp", "true or false"},
      {"/bridge/address", "10.0.0.1", "bridge.address", "CIDR"},
  };
  const json good = NodePlanToJson(SamplePlan());
  for (const auto& c : cases) {
    json doc = good;
    doc[json::json_pointer(c.pointer)] = c.value;
    ParsedNodePlan p = NodePlanFromJson(doc);
    bool found = false;
    for (const auto& e : p.problems.errors())
      if (e.path == c.path && e.rule.find(c.rule) != std::string::npos) found = true;
    EXPECT_TRUE(found) << c.pointer << " = " << c.value.dump() << "\n" << p.problems.ToString();
  }
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
