// Authentication: keys with passphrases, the agent, passwords, refusals; no
// credential ever appears in an error.
#include <chrono>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"
#include "tests/ssh/lab.h"

namespace wgmesh::ssh::testing {
namespace {

class AuthTest : public LabTest {
 protected:
  // A new ed25519 key (encrypted with `passphrase` when not empty).
  std::string NewKey(const std::string& name, const std::string& passphrase) {
    std::string file = absl::StrCat(dir_.path(), "/", name);
    int status = -1;
    Shell(absl::StrCat("ssh-keygen -q -t ed25519 -C wgmesh-test -N '", passphrase, "' -f ", file),
          &status);
    EXPECT_EQ(status, 0);
    return file;
  }
  // Adds the key to node N's root authorized_keys, over a root session.
  void Authorize(int node, const std::string& key_file) {
    absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(lab().Options(node), nullptr);
    ASSERT_TRUE(s.ok()) << s.status();
    absl::StatusOr<ScriptResult> r = (*s)->RunScript(
        absl::StrCat("cat >> /root/.ssh/authorized_keys <<'EOF'\n", ReadFile(key_file + ".pub"),
                     "EOF\n"),
        nullptr);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->exit_status, 0) << r->err;
  }
  TempDir dir_;
};

TEST_F(AuthTest, PassphraseProtectedKey) {
  const std::string passphrase = "correct horse 7f3e";
  std::string key = NewKey("id_pass", passphrase);
  Authorize(2, key);

  ConnectOptions o = lab().Options(2);
  o.target.credentials.private_key = ReadFile(key);
  o.target.credentials.private_key_passphrase = passphrase;
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("id -un", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "root\n");

  o.target.credentials.private_key_passphrase = "wrong passphrase 99";
  s = Session::Connect(o, nullptr);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(), ": authenticate: ")) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(), "wrong private_key_passphrase"));
  EXPECT_FALSE(absl::StrContains(s.status().message(), "wrong passphrase 99"));

  o.target.credentials.private_key_passphrase.clear();
  s = Session::Connect(o, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.status().message(), "set private_key_passphrase"))
      << s.status();
}

TEST_F(AuthTest, UnauthorizedKeyRefusedWithoutLeakingIt) {
  std::string key = NewKey("id_other", "");
  ConnectOptions o = lab().Options(1);
  o.target.credentials.private_key = ReadFile(key);
  o.target.credentials.password = "pw-that-must-not-leak";
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied) << s.status();
  std::string m(s.status().message());
  EXPECT_TRUE(absl::StrContains(m, absl::StrCat("root@127.0.0.1:", lab().Port(1),
                                                ": authenticate: the server refused user \"root\"")))
      << m;
  EXPECT_TRUE(absl::StrContains(m, "tried private_key, password")) << m;
  EXPECT_TRUE(absl::StrContains(m, "accepts publickey")) << m;
  EXPECT_FALSE(absl::StrContains(m, "pw-that-must-not-leak")) << m;
}

// The lab's sshd takes keys only. A second sshd with passwords on node 3
// (port 2222, reached from node 1 over the underlay) and a user with a password.
TEST_F(AuthTest, PasswordThroughJumpHost) {
  const std::string password = "pw 8d1e'\"x";
  absl::StatusOr<std::unique_ptr<Session>> root = Session::Connect(lab().Options(3), nullptr);
  ASSERT_TRUE(root.ok()) << root.status();
  absl::StatusOr<ScriptResult> setup = (*root)->RunScript(
      absl::StrCat("id wgmesh-pw >/dev/null 2>&1 || useradd -M -d /tmp -s /bin/sh wgmesh-pw\n"
                   "chpasswd -c SHA512 -s 1000 <<'EOF'\nwgmesh-pw:", password,
                   "\nEOF\n"
                   "test -s /run/sshd-pwtest.pid && kill $(cat /run/sshd-pwtest.pid) 2>/dev/null\n"
                   "/usr/sbin/sshd -r -p 2222 -o PasswordAuthentication=yes "
                   "-o PidFile=/run/sshd-pwtest.pid\n"),
      nullptr);
  ASSERT_TRUE(setup.ok()) << setup.status();
  if (setup->exit_status != 0) GTEST_SKIP() << "cannot start a password sshd: " << setup->err;

  ConnectOptions o = lab().Options(3, "wgmesh-pw");
  o.proxy = lab().Options(1).target;
  o.target.host = lab().Underlay(3);
  o.target.port = 2222;
  o.target.host_key.pinned = lab().HostKey(3);
  o.target.credentials.private_key.clear();
  o.target.credentials.password = password;
  o.dial_attempts = 5;  // sshd may still be starting
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  std::cout << "password connect " << SecondsSince(start) << " s\n";
  EXPECT_TRUE(s.ok()) << s.status();
  if (s.ok()) {
    absl::StatusOr<ScriptResult> r = (*s)->RunScript("id -un", nullptr);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->out, "wgmesh-pw\n");
  }

  o.target.credentials.password = "not-the-password-31";
  s = Session::Connect(o, nullptr);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(), "tried password")) << s.status();
  EXPECT_FALSE(absl::StrContains(s.status().message(), "not-the-password-31"));

  absl::StatusOr<ScriptResult> stop =
      (*root)->RunScript("kill $(cat /run/sshd-pwtest.pid)", nullptr);
  EXPECT_TRUE(stop.ok()) << stop.status();
}

TEST_F(AuthTest, NoCredentials) {
  ConnectOptions o = lab().Options(1);
  o.target.credentials.private_key.clear();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(), "no credentials")) << s.status();
}

TEST_F(AuthTest, AgentSocket) {
  std::string socket = absl::StrCat(dir_.path(), "/agent.sock");
  int status = -1;
  std::string pid = Shell(absl::StrCat("eval \"$(ssh-agent -s -a ", socket,
                                       ")\" >/dev/null && echo $SSH_AGENT_PID && ssh-add -q ",
                                       lab().key_file, " 2>/dev/null"),
                          &status);
  while (!pid.empty() && pid.back() == '\n') pid.pop_back();
  auto stop_agent = [&] { Shell(absl::StrCat("kill ", pid, " 2>/dev/null")); };
  if (status != 0 || pid.empty()) {
    stop_agent();
    GTEST_SKIP() << "cannot start ssh-agent here";
  }
  ConnectOptions o = lab().Options(3);
  o.target.credentials.private_key.clear();
  o.target.credentials.agent_socket = socket;
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  stop_agent();
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("hostname", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "n3\n");
}

}  // namespace
}  // namespace wgmesh::ssh::testing
