// sudo: a non-root user with passwordless sudo runs scripts as root; one
// without gets a clear error.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"
#include "tests/ssh/lab.h"

namespace wgmesh::ssh::testing {
namespace {

class SudoTest : public LabTest {};

TEST_F(SudoTest, PasswordlessSudoRunsAsRoot) {
  ConnectOptions o = lab().Options(1, "mesh");
  o.sudo = true;
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ScriptResult> r =
      (*s)->RunScript("id -u\nread line <<'EOF'\nfrom stdin\nEOF\necho \"$line\"\n", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_status, 0) << r->err;
  EXPECT_EQ(r->out, "0\nfrom stdin\n");
}

TEST_F(SudoTest, WithoutSudoRunsAsTheUser) {
  absl::StatusOr<std::unique_ptr<Session>> s =
      Session::Connect(lab().Options(1, "nosudo"), nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("id -un", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "nosudo\n");
}

TEST_F(SudoTest, SudoNeedingPasswordIsAClearError) {
  ConnectOptions o = lab().Options(1, "nosudo");
  o.sudo = true;
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("id -u", nullptr);
  ASSERT_FALSE(r.ok());
  std::string m(r.status().message());
  std::cout << m << "\n";
  EXPECT_EQ(r.status().code(), absl::StatusCode::kPermissionDenied) << m;
  EXPECT_TRUE(absl::StrContains(m, absl::StrCat("nosudo@127.0.0.1:", lab().Port(1), ": sudo: ")))
      << m;
  EXPECT_TRUE(absl::StrContains(m, "needs passwordless sudo")) << m;
  EXPECT_TRUE(absl::StrContains(m, "a password is required")) << m;
}

}  // namespace
}  // namespace wgmesh::ssh::testing
