// Host key verification: pinned keys, known_hosts, unknown and changed keys,
// and the explicit opt-out.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"
#include "tests/ssh/lab.h"

namespace wgmesh::ssh::testing {
namespace {

class HostKeyTest : public LabTest {
 protected:
  // What ssh-keygen prints for the key: "SHA256:...".
  std::string KeygenFingerprint(const std::string& key_line) {
    std::string file = dir_.Write("key.pub", key_line + "\n");
    std::vector<std::string> words =
        absl::StrSplit(Shell(absl::StrCat("ssh-keygen -lf ", file)), ' ');
    return words.size() > 1 ? words[1] : "?";
  }
  TempDir dir_;
};

TEST_F(HostKeyTest, PinnedKeyAccepted) {
  ConnectOptions o = lab().Options(1);
  o.target.host_key.known_hosts_file = "/nonexistent";
  o.target.host_key.pinned = lab().HostKey(1);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("hostname", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "n1\n");
}

TEST_F(HostKeyTest, PinnedKnownHostsLineAccepted) {
  ConnectOptions o = lab().Options(1);
  o.target.host_key.pinned = absl::StrCat("[127.0.0.1]:", lab().Port(1), " ", lab().HostKey(1));
  EXPECT_TRUE(Session::Connect(o, nullptr).ok());
}

TEST_F(HostKeyTest, WrongPinnedKeyRefusedBeforeAuthentication) {
  ConnectOptions o = lab().Options(1);
  o.target.host_key.pinned = lab().HostKey(2);  // node 2's key for node 1
  o.target.credentials.private_key.clear();     // had we authenticated, that would fail
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_FALSE(s.ok());
  std::string m(s.status().message());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied) << m;
  EXPECT_TRUE(absl::StrContains(m, absl::StrCat("root@127.0.0.1:", lab().Port(1), ": host key: ")))
      << m;
  EXPECT_TRUE(absl::StrContains(m, KeygenFingerprint(lab().HostKey(1)))) << m;
  EXPECT_TRUE(absl::StrContains(m, KeygenFingerprint(lab().HostKey(2)))) << m;
  EXPECT_TRUE(absl::StrContains(m, absl::StrCat("host_key = \"", lab().HostKey(1), "\""))) << m;
}

TEST_F(HostKeyTest, UnknownHostNamesFingerprintAndHowToPin) {
  ConnectOptions o = lab().Options(3);
  o.target.host_key.known_hosts_file = dir_.Write("known_hosts", "");
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_FALSE(s.ok());
  std::string m(s.status().message());
  std::cout << m << "\n";
  EXPECT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied) << m;
  EXPECT_TRUE(absl::StrContains(m, absl::StrCat("root@127.0.0.1:", lab().Port(3), ": host key: unknown host")))
      << m;
  EXPECT_TRUE(absl::StrContains(m, KeygenFingerprint(lab().HostKey(3)))) << m;
  EXPECT_TRUE(absl::StrContains(m, absl::StrCat("host_key = \"", lab().HostKey(3), "\""))) << m;
  EXPECT_TRUE(absl::StrContains(m, absl::StrCat("[127.0.0.1]:", lab().Port(3), " ssh-ed25519 ")))
      << m;
}

TEST_F(HostKeyTest, ChangedKeyInKnownHostsRefused) {
  ConnectOptions o = lab().Options(1);
  o.target.host_key.known_hosts_file = dir_.Write(
      "known_hosts", absl::StrCat("[127.0.0.1]:", lab().Port(1), " ", lab().HostKey(2), "\n"));
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_FALSE(s.ok());
  std::string m(s.status().message());
  EXPECT_TRUE(absl::StrContains(m, "differs from the key in")) << m;
  EXPECT_TRUE(absl::StrContains(m, KeygenFingerprint(lab().HostKey(1)))) << m;
}

// Issue 10 item 7: libssh skips known_hosts marker lines; a revoked key must
// be refused as OpenSSH refuses it, even when another line lists it.
TEST_F(HostKeyTest, RevokedKeyRefusedEvenWhenAlsoListed) {
  ConnectOptions o = lab().Options(1);
  const std::string listed = absl::StrCat("[127.0.0.1]:", lab().Port(1), " ", lab().HostKey(1), "\n");
  o.target.host_key.known_hosts_file =
      dir_.Write("known_hosts", absl::StrCat(listed, "@revoked * ", lab().HostKey(1), "\n"));
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_FALSE(s.ok());
  std::string m(s.status().message());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied) << m;
  EXPECT_TRUE(absl::StrContains(m, "is marked @revoked in known_hosts")) << m;
  EXPECT_TRUE(absl::StrContains(m, KeygenFingerprint(lab().HostKey(1)))) << m;
  // A revoked line for another key changes nothing.
  o.target.host_key.known_hosts_file =
      dir_.Write("known_hosts", absl::StrCat(listed, "@revoked * ", lab().HostKey(2), "\n"));
  EXPECT_TRUE(Session::Connect(o, nullptr).ok());
}

TEST_F(HostKeyTest, CertAuthorityLinesVouchForNothing) {
  ConnectOptions o = lab().Options(1);
  o.target.host_key.known_hosts_file =
      dir_.Write("known_hosts", absl::StrCat("@cert-authority * ", lab().HostKey(1), "\n"));
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_FALSE(s.ok());
  std::string m(s.status().message());
  EXPECT_TRUE(absl::StrContains(m, "unknown host")) << m;
  EXPECT_TRUE(absl::StrContains(m, "@cert-authority lines are not used")) << m;
}

TEST_F(HostKeyTest, InsecureSkipConnectsAndWarns) {
  ConnectOptions o = lab().Options(1);
  o.target.host_key.known_hosts_file = dir_.Write("known_hosts", "");
  o.target.host_key.insecure_skip = true;
  std::vector<std::string> warnings;
  absl::StatusOr<std::unique_ptr<Session>> s =
      Session::Connect(o, nullptr, [&](std::string_view level, std::string_view message) {
        if (level == "warning") warnings.emplace_back(message);
      });
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(absl::StrContains(warnings[0], "NOT verified")) << warnings[0];
  EXPECT_TRUE(absl::StrContains(warnings[0], KeygenFingerprint(lab().HostKey(1)))) << warnings[0];
}

TEST_F(HostKeyTest, MalformedPinnedKeyIsAnInputError) {
  ConnectOptions o = lab().Options(1);
  o.target.host_key.pinned = "ssh-ed25519";
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << s.status();
}

}  // namespace
}  // namespace wgmesh::ssh::testing
