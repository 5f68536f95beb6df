// A jump host (bastion): node 2 reached through node 1 over the underlay.
#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"
#include "tests/ssh/lab.h"

namespace wgmesh::ssh::testing {
namespace {

using std::chrono::steady_clock;

class JumpTest : public LabTest {
 protected:
  // Node `to` at its underlay address, through node `via`.
  ConnectOptions Through(int via, int to, const std::string& user = "root") {
    ConnectOptions o = lab().Options(to, user);
    o.proxy = lab().Options(via).target;
    o.target.host = lab().Underlay(to);
    o.target.port = 22;
    o.target.host_key.pinned = lab().HostKey(to);
    return o;
  }
};

TEST_F(JumpTest, RunsOnTheTargetThroughTheJumpHost) {
  auto start = steady_clock::now();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(Through(1, 2), nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  double connect_s = SecondsSince(start);
  start = steady_clock::now();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript(
      "hostname\ncat <<'EOF' | wc -c\n" + std::string(300000, 'x') + "\nEOF\n", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  std::cout << "connect via jump host " << connect_s << " s, run " << SecondsSince(start)
            << " s\n";
  EXPECT_EQ(r->out, "n2\n300001\n");
  EXPECT_EQ((*s)->target().host, "fd00:10::2");

  r = (*s)->RunScript("echo $SSH_CONNECTION", nullptr);  // the client is node 1
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->out.starts_with("fd00:10::1 ")) << r->out;
}

TEST_F(JumpTest, SudoThroughTheJumpHost) {
  ConnectOptions o = Through(1, 3, "mesh");
  o.sudo = true;
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("id -u; hostname", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "0\nn3\n");
}

TEST_F(JumpTest, TargetHostKeyStillChecked) {
  ConnectOptions o = Through(1, 2);
  o.target.host_key.pinned = lab().HostKey(3);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied) << s.status();
  std::string m(s.status().message());
  EXPECT_TRUE(absl::StrContains(
      m, absl::StrCat("root@[fd00:10::2]:22 via root@127.0.0.1:", lab().Port(1), ": host key: ")))
      << m;
}

TEST_F(JumpTest, JumpHostKeyChecked) {
  ConnectOptions o = Through(1, 2);
  o.proxy->host_key.pinned = lab().HostKey(3);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(),
                                absl::StrCat("jump host: root@127.0.0.1:", lab().Port(1),
                                             ": host key: ")))
      << s.status();
}

TEST_F(JumpTest, RefusedTargetPortFailsAfterTheDialAttempts) {
  ConnectOptions o = Through(1, 2);
  o.target.port = 2222;
  o.dial_attempts = 2;
  auto start = steady_clock::now();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kUnavailable) << s.status();
  std::string m(s.status().message());
  std::cout << m << " (" << SecondsSince(start) << " s)\n";
  EXPECT_TRUE(absl::StrContains(m, "connect: gave up after 2 attempts")) << m;
  EXPECT_TRUE(absl::StrContains(m, "could not connect to fd00:10::2 port 2222")) << m;
  EXPECT_TRUE(absl::StrContains(m, "refused")) << m;
}

}  // namespace
}  // namespace wgmesh::ssh::testing
