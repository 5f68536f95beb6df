// RunScript on a real host: stdin-carried scripts, exit status, the process
// list, command timeout and cancellation.
#include <chrono>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"
#include "tests/ssh/lab.h"

namespace wgmesh::ssh::testing {
namespace {

using std::chrono::steady_clock;

class RunScriptTest : public LabTest {};

TEST_F(RunScriptTest, RunsAsRootWithDataOnStdinAndExitStatus) {
  auto start = steady_clock::now();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(lab().Options(1), nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  double connect_s = SecondsSince(start);
  start = steady_clock::now();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript(
      "id -u\n"
      "cat > /tmp/wgmesh-run-test <<'EOF'\n"
      "line one $HOME `not run`\n"
      "EOF\n"
      "cat /tmp/wgmesh-run-test\n"
      "echo to-stderr >&2\n"
      "exit 7\n",
      nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  std::cout << "connect " << connect_s << " s, run " << SecondsSince(start) << " s\n";
  EXPECT_EQ(r->exit_status, 7);
  EXPECT_EQ(r->out, "0\nline one $HOME `not run`\n");
  EXPECT_EQ(r->err, "to-stderr\n");
  EXPECT_EQ((*s)->round_trips(), 1);

  r = (*s)->RunScript("hostname", nullptr);  // a second script, a second channel
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_status, 0);
  EXPECT_EQ(r->out, "n1\n");
  EXPECT_EQ((*s)->round_trips(), 2);
}

TEST_F(RunScriptTest, LargeScriptAndOutput) {
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(lab().Options(1), nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  std::string script = "cat <<'EOF' | wc -c\n";
  std::string payload;
  for (int i = 0; i < 20000; ++i) absl::StrAppend(&payload, "line ", i, " of the payload\n");
  absl::StrAppend(&script, payload, "EOF\nhead -c 3000000 /dev/zero | tr '\\0' x\n");
  absl::StatusOr<ScriptResult> r = (*s)->RunScript(script, nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_status, 0);
  ASSERT_GT(r->out.size(), 3000000u);
  EXPECT_EQ(r->out.substr(0, r->out.find('\n')), std::to_string(payload.size()));
  EXPECT_EQ(r->out.size(), r->out.find('\n') + 1 + 3000000);
}

// The script and what it carries travel on stdin: another session's `ps`,
// taken while the script runs, shows `sh -s` and no secret.
TEST_F(RunScriptTest, SecretNeverInProcessList) {
  const std::string secret = "wgmesh-secret-4f1c9a77e2";
  const std::string marker = "/tmp/wgmesh-secret-written";
  absl::StatusOr<std::unique_ptr<Session>> holder = Session::Connect(lab().Options(2), nullptr);
  absl::StatusOr<std::unique_ptr<Session>> watcher = Session::Connect(lab().Options(2), nullptr);
  ASSERT_TRUE(holder.ok()) << holder.status();
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  ASSERT_TRUE((*watcher)->RunScript(absl::StrCat("rm -f ", marker), nullptr).ok());

  absl::StatusOr<ScriptResult> held;
  std::thread t([&] {
    held = (*holder)->RunScript(absl::StrCat("ps -o args= -p $$\n",
                                             "cat > /tmp/wgmesh-secret <<'EOF'\n", secret,
                                             "\nEOF\n", "touch ", marker, "\nsleep 2\n"),
                                nullptr);
  });
  absl::StatusOr<ScriptResult> ps = (*watcher)->RunScript(
      absl::StrCat("i=0; while ! test -e ", marker,
                   " && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done\n"
                   "ps -eo args\n"),
      nullptr);
  t.join();
  ASSERT_TRUE(held.ok()) << held.status();
  ASSERT_TRUE(ps.ok()) << ps.status();
  EXPECT_EQ(held->out, "sh -s\n");
  EXPECT_TRUE(absl::StrContains(ps->out, "sh -s")) << ps->out;
  EXPECT_TRUE(absl::StrContains(ps->out, "sleep 2")) << "ps was not taken while the script ran:\n"
                                                     << ps->out;
  EXPECT_FALSE(absl::StrContains(ps->out, secret)) << ps->out;
  absl::StatusOr<ScriptResult> file = (*watcher)->RunScript("cat /tmp/wgmesh-secret", nullptr);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->out, secret + "\n");
}

TEST_F(RunScriptTest, CommandTimeoutAbortsAndSessionStaysUsable) {
  ConnectOptions o = lab().Options(1);
  o.command_timeout = std::chrono::milliseconds(1500);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  auto start = steady_clock::now();
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("echo started >&2; sleep 30", nullptr);
  double took = SecondsSince(start);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_LT(took, 4.0);
  std::string m(r.status().message());
  EXPECT_TRUE(absl::StrContains(m, absl::StrCat("root@127.0.0.1:", lab().Port(1), ": run: ")))
      << m;
  EXPECT_TRUE(absl::StrContains(m, "1500 ms")) << m;
  EXPECT_TRUE(absl::StrContains(m, "started")) << m;

  r = (*s)->RunScript("echo again", nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "again\n");
}

TEST_F(RunScriptTest, CancelFromAnotherThreadAbortsRunningScript) {
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(lab().Options(1), nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  CancelToken cancel;
  steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    cancelled_at = steady_clock::now();
    cancel.Cancel();
  });
  absl::StatusOr<ScriptResult> r = (*s)->RunScript("sleep 30", &cancel);
  double after_cancel = SecondsSince(cancelled_at);
  canceller.join();
  ASSERT_EQ(r.status().code(), absl::StatusCode::kCancelled) << r.status();
  EXPECT_LT(after_cancel, 1.0);
  EXPECT_TRUE(absl::StrContains(r.status().message(), ": run: cancelled")) << r.status();

  // A cancelled token stops the next call before it starts.
  r = (*s)->RunScript("true", &cancel);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace wgmesh::ssh::testing
