// ~/.ssh/config Host aliases (the CLI), from a temporary config file.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"
#include "tests/ssh/lab.h"

namespace wgmesh::ssh::testing {
namespace {

class ConfigAliasTest : public LabTest {
 protected:
  std::string Config() {
    return absl::StrCat(
        "Host lab-n3\n"
        "  HostName 127.0.0.1\n"
        "  Port ", lab().Port(3), "\n"
        "  User mesh\n"
        "  IdentityFile ", lab().key_file, "\n"
        "  UserKnownHostsFile ", lab().known_hosts, "\n"
        "Host lab-jump\n"
        "  HostName 127.0.0.1\n"
        "  Port ", lab().Port(1), "\n"
        "  User root\n"
        "  IdentityFile ", lab().key_file, "\n"
        "  UserKnownHostsFile ", lab().known_hosts, "\n"
        "Host lab-n2-via-jump\n"
        "  HostName fd00:10::2\n"
        "  User root\n"
        "  IdentityFile ", lab().key_file, "\n"
        "  UserKnownHostsFile ", underlay_known_hosts_, "\n"
        "  ProxyJump lab-jump\n");
  }
  void SetUp() override {
    LabTest::SetUp();
    underlay_known_hosts_ = dir_.Write("known_hosts", absl::StrCat("fd00:10::2 ", lab().HostKey(2), "\n"));
    config_ = dir_.Write("config", Config());
  }
  ConnectOptions Alias(const std::string& alias) {
    ConnectOptions o;
    o.target.config_alias = alias;
    o.target.config_file = config_;
    o.dial_attempts = 2;
    return o;
  }
  TempDir dir_;
  std::string underlay_known_hosts_;
  std::string config_;
};

TEST_F(ConfigAliasTest, HostNamePortUserIdentityAndKnownHosts) {
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(Alias("lab-n3"), nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)->target().Describe(), absl::StrCat("lab-n3 (mesh@127.0.0.1:", lab().Port(3), ")"));
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("id -un; hostname", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "mesh\nn3\n");
}

TEST_F(ConfigAliasTest, ProxyJump) {
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(Alias("lab-n2-via-jump"), nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("hostname; echo $SSH_CONNECTION", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->out.starts_with("n2\nfd00:10::1 ")) << r->out;
}

TEST_F(ConfigAliasTest, UnknownHostKeyNamesTheAlias) {
  ConnectOptions o = Alias("lab-n3");
  o.target.host_key.known_hosts_file = dir_.Write("empty_known_hosts", "");
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.status().message(),
                                absl::StrCat("lab-n3 (mesh@127.0.0.1:", lab().Port(3),
                                             "): host key: unknown host")))
      << s.status();
}

}  // namespace
}  // namespace wgmesh::ssh::testing
