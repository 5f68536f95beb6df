#include "core/validate.h"

#include <gtest/gtest.h>

#include "core/spec_parse.h"

namespace wgmesh {
namespace {

using nlohmann::json;

// A valid three-node full mesh; each case patches it (RFC 7386 merge patch:
// null removes a field).
json Base() {
  return json::parse(R"({
    "name": "lab", "network": "10.0.0.0/24",
    "nodes": {
      "a": {"addr": "10.0.0.1/24", "endpoint": "192.0.2.1"},
      "b": {"addr": "10.0.0.2/24", "endpoint": "192.0.2.2"},
      "c": {"addr": "10.0.0.3/24", "endpoint": "192.0.2.3"}
    }})");
}

Problems Check(const json& patch) {
  json doc = Base();
  doc.merge_patch(patch);
  ParsedSpec parsed = SpecFromDocument(doc);
  Problems all = parsed.problems;
  all.Append(ValidateMesh(parsed.spec));
  return all;
}

TEST(Validate, BaseMeshIsValid) {
  Problems p = Check(json::object());
  EXPECT_TRUE(p.all().empty()) << p.ToString();
}

struct Invalid {
  const char* patch;
  const char* path;
  const char* rule;  // a part of the rule text
};

class InvalidMesh : public ::testing::TestWithParam<Invalid> {};

TEST_P(InvalidMesh, ReportsPathValueAndRule) {
  const Invalid& c = GetParam();
  Problems p = Check(json::parse(c.patch));
  bool found = false;
  for (const auto& e : p.errors())
    if (e.path == c.path && e.rule.find(c.rule) != std::string::npos) found = true;
  EXPECT_TRUE(found) << "patch " << c.patch << "\nexpected " << c.path << ": ..." << c.rule
                     << "\ngot:\n"
                     << p.ToString();
}

const Invalid kInvalid[] = {
    {R"({"name": null})", "name", "is required"},
    {R"({"name": "my-mesh"})", "name", "a letter followed by letters and digits"},
    {R"({"name": "abcdefghijk"})", "name", "at most 10 characters"},
    {R"({"name": "9lab"})", "name", "a letter followed by"},
    {R"({"network": null})", "network", "is required"},
    {R"({"network": "10.0.0.0"})", "network", "CIDR form"},
    {R"({"network": "10.0.0.1/24"})", "network", "host bits must be zero: did you mean 10.0.0.0/24"},
    {R"({"network": "10.0.0.0/31"})", "network", "prefix length must be from 1 to 30"},
    {R"({"network": "::/0"})", "network", "prefix length must be from 1 to 126"},
    {R"({"nodes": {"a": {"addr": null}}})", "nodes.a.addr", "is required"},
    {R"({"nodes": {"a": {"addr": "banana"}}})", "nodes.a.addr", "address with prefix length"},
    {R"({"nodes": {"a": {"addr": "10.0.1.1/24"}}})", "nodes.a.addr", "must lie inside network 10.0.0.0/24"},
    {R"({"nodes": {"a": {"addr": "10.0.0.1/25"}}})", "nodes.a.addr", "prefix length must equal the network's (/24)"},
    {R"({"nodes": {"a": {"addr": "10.0.0.0/24"}}})", "nodes.a.addr", "not be the network address"},
    {R"({"nodes": {"a": {"addr": "10.0.0.255/24"}}})", "nodes.a.addr", "not be the broadcast address"},
    {R"({"nodes": {"b": {"addr": "10.0.0.1/24"}}})", "nodes.b.addr", "already the address of node a"},
    {R"({"nodes": {"a": {"addr": "fd00::1/24"}}})", "nodes.a.addr", "same IP version"},
    {R"({"name": "abcdefghi", "nodes": {"c": {"addr": "10.0.0.200/24"}}})", "nodes.c.addr", "makes the tunnel name \"gt-abcdefghi-200\" 16 characters long"},
    {R"({"network": "10.0.0.0/16", "tunnel_type": "gretap", "nodes": {"a": {"addr": "10.0.168.254/16"}, "b": {"addr": "10.0.0.2/16"}, "c": {"addr": "10.0.0.3/16"}}})", "nodes.a.addr", "has no gretap tunnel address"},
    {R"({"nodes": {"a": {"endpoint": "2001:db8::1:51820:x"}}})", "nodes.a.endpoint", "not a valid IPv6 address"},
    {R"({"nodes": {"a": {"endpoint": "host:99999"}}})", "nodes.a.endpoint", "port must be a number from 1 to 65535"},
    {R"({"nodes": {"a": {"endpoint": "bad host"}}})", "nodes.a.endpoint", "host must be an IPv4 address"},
    {R"({"nodes": {"a": {"endpoint": "[192.0.2.1]:80"}}})", "nodes.a.endpoint", "brackets must hold an IPv6 address"},
    {R"({"underlay_family": "ipv4", "nodes": {"a": {"endpoint": "[2001:db8::1]"}}})", "nodes.a.endpoint", "underlay_family is ipv4"},
    {R"({"nodes": {"b": {"endpoint": "192.0.2.1"}}})", "nodes.b.endpoint", "node a already uses 192.0.2.1:51820"},
    {R"({"nodes": {"a": {"endpoint": null}, "b": {"endpoint": null}}})", "nodes.b.endpoint", "neither has an endpoint"},
    {R"({"nodes": {"a": {"listen_port": 0}}})", "nodes.a.listen_port", "must be from 1 to 65535"},
    {R"({"nodes": {"a": {"listen_port": 70000}}})", "nodes.a.listen_port", "must be from 1 to 65535"},
    {R"({"nodes": {"a": {"listen_port": "high"}}})", "nodes.a.listen_port", "must be an integer"},
    {R"({"nodes": {"a": {"prio": 65536}}})", "nodes.a.prio", "must be from 0 to 65535"},
    {R"({"nodes": {"a": {"prio": -1}}})", "nodes.a.prio", "must be from 0 to 65535"},
    {R"({"nodes": {"a": {"persistent_keepalive": 70000}}})", "nodes.a.persistent_keepalive", "must be from 0 to 65535"},
    {R"({"key_epoch": -1})", "key_epoch", "must be from 0 to"},
    {R"({"nodes": {"a": {"key_epoch": -5}}})", "nodes.a.key_epoch", "must be from 0 to"},
    {R"({"full": false, "nodes": {"a": {"peers": ["zz"]}}})", "nodes.a.peers.0", "names no node of this mesh"},
    {R"({"full": false, "nodes": {"a": {"peers": ["a", "b"]}}})", "nodes.a.peers.0", "cannot peer with itself"},
    {R"({"full": false, "nodes": {"a": {"peers": ["b", "b"]}}})", "nodes.a.peers.1", "is listed twice"},
    {R"({"full": false, "nodes": {"a": {"peers": ["b"]}, "b": {"peers": ["a"]}}})", "nodes.c.peers", "node c has no peers"},
    {R"({"full": false, "nodes": {"a": {"peers": ["b"]}, "b": {"peers": ["a"]}, "c": {"peers": ["d"]}, "d": {"addr": "10.0.0.4/24", "endpoint": "192.0.2.4", "peers": ["c"]}}})", "nodes.c.peers", "falls apart into 2 disconnected groups (a cannot reach c)"},
    {R"({"nodes": {"b": null, "c": null}})", "nodes", "at least 2 nodes"},
    {R"({"full": false, "stp": "off"})", "stp", "needs STP"},
    {R"({"stp": "maybe"})", "stp", "must be one of: auto, on, off"},
    {R"({"tunnel_type": "vxlan"})", "tunnel_type", "must be one of: ip6gretap, gretap"},
    {R"({"underlay_family": "ipx"})", "underlay_family", "must be one of: ipv6, ipv4"},
    {R"({"underlay_mtu": 100})", "underlay_mtu", "must be from 576 to 65535"},
    {R"({"network": "fd00::/64", "underlay_mtu": 1400, "nodes": {"a": {"addr": "fd00::1/64"}, "b": {"addr": "fd00::2/64"}, "c": {"addr": "fd00::3/64"}}})", "underlay_mtu", "leaves a bridge MTU of 1262; an IPv6 network needs at least 1280 (underlay_mtu >= 1418)"},
    {R"({"stp_forward_delay": 2})", "stp_forward_delay", "must be from 4 to 30"},
    {R"({"nodes": {"bad name": {"addr": "10.0.0.9/24", "endpoint": "192.0.2.9"}}})", "nodes.bad name", "node names must start with a letter or digit"},
    {R"({"nodes": {"a": {"bridge_ports": ["eth0;reboot"]}}})", "nodes.a.bridge_ports.0", "must be an interface name"},
    {R"({"nodes": {"a": {"bridge_ports": ["gt-lab-2"]}}})", "nodes.a.bridge_ports.0", "wg-/br-/gt- namespace wgmesh manages"},
    // Issue 10 item 3: no other mesh's links, nothing `ip` would read as an option.
    {R"({"nodes": {"a": {"bridge_ports": ["eth1", "br-other"]}}})", "nodes.a.bridge_ports.1", "wg-/br-/gt- namespace wgmesh manages"},
    {R"({"nodes": {"a": {"bridge_ports": ["wg-other"]}}})", "nodes.a.bridge_ports.0", "wg-/br-/gt- namespace wgmesh manages"},
    {R"({"nodes": {"a": {"bridge_ports": ["gt-other-1"]}}})", "nodes.a.bridge_ports.0", "wg-/br-/gt- namespace wgmesh manages"},
    {R"({"nodes": {"a": {"bridge_ports": ["-x"]}}})", "nodes.a.bridge_ports.0", "must not start with '-'"},
    {R"({"nodes": {"a": {"bridge_ports": ["--help"]}}})", "nodes.a.bridge_ports.0", "must not start with '-'"},
    {R"({"nodes": {"a": {"bridge_ports": [".."]}}})", "nodes.a.bridge_ports.0", "must be an interface name"},
    {R"({"nodes": {"a": {"bridge_ports": ["eth0/../x"]}}})", "nodes.a.bridge_ports.0", "must be an interface name"},
    {R"({"nodes": {"a": {"bridge_ports": ["a-very-long-name0"]}}})", "nodes.a.bridge_ports.0", "must be an interface name"},
    {R"({"nodes": {"a": {"bridge_ports": ["eth1", "eth1"]}}})", "nodes.a.bridge_ports.1", "is listed twice"},
    {R"({"nodes": {"a": {"ssh": "host; rm -rf /"}}})", "nodes.a.ssh", "without spaces, quotes or shell characters"},
    {R"({"nodes": {"a": {"ssh": {"user": "root"}}}})", "nodes.a.ssh.host", "needs at least `host`"},
    {R"({"colour": "red"})", "colour", "unknown field"},
    {R"({"nodes": {"a": {"adr": "10.0.0.1/24"}}})", "nodes.a.adr", "unknown field"},
};

INSTANTIATE_TEST_SUITE_P(Table, InvalidMesh, ::testing::ValuesIn(kInvalid));

TEST(Validate, TableHasAtLeastThirtyCases) { EXPECT_GE(std::size(kInvalid), 30u); }

TEST(Validate, ReportsEveryErrorAtOnce) {
  Problems p = Check(json::parse(R"({
    "name": "bad-name", "stp": "sometimes",
    "nodes": {"a": {"listen_port": 0}, "b": {"addr": "10.9.9.9/24"}, "c": {"endpoint": "x:y"}}})"));
  for (const char* path : {"name", "stp", "nodes.a.listen_port", "nodes.b.addr", "nodes.c.endpoint"})
    EXPECT_TRUE(p.HasErrorAt(path)) << path << "\n" << p.ToString();
}

TEST(Validate, ErrorTextShowsPathValueAndRule) {
  Problems p = Check(json::parse(R"({"nodes": {"a": {"addr": "10.0.1.1/24"}}})"));
  EXPECT_EQ(p.errors().at(0).ToString(),
            "error: nodes.a.addr: \"10.0.1.1/24\": must lie inside network 10.0.0.0/24");
}

TEST(Validate, OneSidedPeersAreNormalAndPeersOnAFullMeshWarn) {
  // Listing a peer on one side is enough (the original tool's style): no warning.
  Problems asym = Check(json::parse(R"({"full": false, "nodes": {"a": {"peers": ["b"]},
      "b": {"peers": ["c"]}, "c": {"peers": ["a"]}}})"));
  EXPECT_FALSE(asym.has_errors()) << asym.ToString();
  EXPECT_TRUE(asym.warnings().empty()) << asym.ToString();

  Problems full = Check(json::parse(R"({"nodes": {"a": {"peers": ["b"]}}})"));
  EXPECT_FALSE(full.has_errors());
  ASSERT_EQ(full.warnings().size(), 1u);
  EXPECT_EQ(full.warnings()[0].path, "nodes.a.peers");
}

TEST(Validate, PathsKeepDottedNodeNamesWhole) {
  Problems p = Check(json::parse(R"({"nodes": {"web.example.com": {"addr": "10.9.0.1/24"}}})"));
  ASSERT_TRUE(p.has_errors());
  EXPECT_EQ(p.errors()[0].path.segments(),
            (std::vector<std::string>{"nodes", "web.example.com", "addr"}));
}

TEST(Validate, NodesOnOneHostWithDifferentPortsAreFine) {
  Problems p = Check(json::parse(R"({"nodes": {"b": {"endpoint": "192.0.2.1", "listen_port": 51821}}})"));
  EXPECT_FALSE(p.has_errors()) << p.ToString();
}

TEST(Validate, NatNodeWithoutEndpointIsFineWhenItsPeersHaveOne) {
  Problems p = Check(json::parse(R"({"nodes": {"c": {"endpoint": null, "persistent_keepalive": 25}}})"));
  EXPECT_FALSE(p.has_errors()) << p.ToString();
}

}  // namespace
}  // namespace wgmesh
