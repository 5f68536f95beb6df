#include "core/render_wgquick.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/unit/test_meshes.h"

namespace wgmesh {
namespace {

// `wg-quick strip` parses the file the way `wg-quick up` does and prints what
// it hands to `wg setconf`.
std::string WgQuickStrip(const std::string& text, const std::string& interface) {
  char dir[] = "/tmp/wgmesh-render-XXXXXX";
  EXPECT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/" + interface + ".conf";
  {
    std::ofstream out(path);
    out << text;
  }
  chmod(path.c_str(), 0600);
  const std::string out_path = std::string(dir) + "/stripped";
  int rc = std::system(("wg-quick strip " + path + " > " + out_path + " 2>&1").c_str());
  std::ifstream in(out_path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path.c_str());
  std::remove(out_path.c_str());
  rmdir(dir);
  EXPECT_EQ(rc, 0) << ss.str();
  return ss.str();
}

std::string ExpectedStripped(const NodePlan& plan) {
  std::string s = "[Interface]\nPrivateKey = " + plan.private_key +
                  "\nListenPort = " + std::to_string(plan.listen_port) + "\n";
  for (const auto& p : plan.peers) {
    s += "\n[Peer]\nPublicKey = " + p.public_key + "\nPresharedKey = " + p.preshared_key + "\n";
    if (!p.endpoint.empty()) s += "Endpoint = " + p.endpoint + "\n";
    s += "AllowedIPs = " + p.allowed_ips[0] + "\n";
    if (p.persistent_keepalive) s += "PersistentKeepalive = " + std::to_string(p.persistent_keepalive) + "\n";
  }
  return s;
}

TEST(RenderWgQuick, WgQuickStripParsesItBack) {
  for (const char* file : {"tests/unit/data/original.yaml", "tests/unit/data/partial.yaml"}) {
    MeshPlan plan = testing::PlanOrDie(testing::SpecFromFile(file), testing::TestSeed());
    for (const auto& node : plan.nodes) {
      std::string stripped = WgQuickStrip(RenderWgQuick(node), node.interface);
      // wg-quick strip keeps comments and drops blank lines; compare without both.
      std::string expected = ExpectedStripped(node);
      std::string got;
      std::istringstream lines(stripped);
      for (std::string line; std::getline(lines, line);)
        if (line.rfind("#", 0) != 0) got += line + "\n";
      auto squash = [](std::string s) {
        std::string out;
        for (size_t i = 0; i < s.size(); ++i)
          if (!(s[i] == '\n' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
        return out;
      };
      EXPECT_EQ(squash(got), squash(expected)) << file << " " << node.node;
      // The fast path (host_scripts.cc) sets what `wg-quick up` of the file sets.
      EXPECT_EQ(squash(got), squash(RenderWgSetconf(node))) << file << " " << node.node;
    }
  }
}

TEST(RenderWgQuick, HooksBuildBridgeAndTunnelsAndTearThemDown) {
  MeshPlan plan = testing::PlanOrDie(testing::SpecFromFile("tests/unit/data/original.yaml"),
                                     testing::TestSeed());
  const NodePlan& m1 = *plan.Find("mesh1");
  std::string text = RenderWgQuick(m1);
  EXPECT_NE(text.find("MTU = 1420\n"), std::string::npos);
  EXPECT_NE(text.find("Address = " + m1.tunnel_address + "\n"), std::string::npos);
  EXPECT_NE(text.find("PostUp = ip link set dev br-mesh type bridge stp_state 0 priority 16385 "
                      "forward_delay 400 hello_time 200 max_age 600\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("PostUp = ip link show dev gt-mesh-2 >/dev/null 2>&1 || ip link add dev "
                      "gt-mesh-2 type ip6gretap local " + m1.tunnels[0].local + " remote " +
                      m1.tunnels[0].remote + " encaplimit none\n"),
            std::string::npos)
      << text;
  // A tunnel joins down, is isolated, then comes up; the bridge comes up last.
  const size_t join = text.find("PostUp = ip link set dev gt-mesh-2 mtu 1362 master br-mesh\n");
  const size_t isolate =
      text.find("PostUp = ip link set dev gt-mesh-2 type bridge_slave isolated on\n");
  const size_t up = text.find("PostUp = ip link set dev gt-mesh-2 up\n");
  ASSERT_NE(join, std::string::npos) << text;
  ASSERT_NE(isolate, std::string::npos) << text;
  ASSERT_NE(up, std::string::npos) << text;
  EXPECT_LT(join, isolate);
  EXPECT_LT(isolate, up);
  EXPECT_LT(text.find("gt-mesh-3 type bridge_slave isolated on\n"),
            text.find("PostUp = ip link set dev br-mesh up\n"));
  EXPECT_NE(text.find("PostUp = ip addr replace 10.99.0.1/24 dev br-mesh\n"), std::string::npos);
  EXPECT_NE(text.find("PreDown = ip link del dev gt-mesh-3 2>/dev/null || true\n"),
            std::string::npos);
  EXPECT_NE(text.find("PreDown = ip link del dev br-mesh 2>/dev/null || true\n"),
            std::string::npos);
}

TEST(RenderWgQuick, PartialMeshHasStpAndNoIsolation) {
  MeshPlan plan = testing::PlanOrDie(testing::SpecFromFile("tests/unit/data/partial.yaml"),
                                     testing::TestSeed());
  std::string text = RenderWgQuick(*plan.Find("b"));
  EXPECT_NE(text.find("stp_state 1 priority 16386"), std::string::npos) << text;
  EXPECT_EQ(text.find("isolated on"), std::string::npos);
  EXPECT_NE(text.find(" nodad\n"), std::string::npos);  // IPv6 mesh address usable at once
}

TEST(RenderWgQuick, ExtraBridgePortsJoinAndLeave) {
  MeshSpec spec = testing::SpecFromFile("tests/unit/data/original.yaml");
  spec.nodes[0].bridge_ports = {"eth1.100"};
  MeshPlan plan = testing::PlanOrDie(spec, testing::TestSeed());
  std::string text = RenderWgQuick(plan.nodes[0]);
  EXPECT_NE(text.find("PostUp = ip link set dev eth1.100 master br-mesh up\n"), std::string::npos);
  EXPECT_NE(text.find("PreDown = ip link set dev eth1.100 nomaster 2>/dev/null || true\n"),
            std::string::npos);
}

}  // namespace
}  // namespace wgmesh
