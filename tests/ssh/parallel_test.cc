// Many sessions at once, one per thread, as the engines run hosts.
#include <chrono>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"
#include "tests/ssh/lab.h"

namespace wgmesh::ssh::testing {
namespace {

class ParallelTest : public LabTest {};

TEST_F(ParallelTest, SixSessionsInParallelThreads) {
  constexpr int kSessions = 6;
  std::vector<absl::StatusOr<ScriptResult>> results(kSessions, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  CancelToken never;  // as the engines pass one: every call also runs a cancel watch
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kSessions; ++i) {
    threads.emplace_back([&, i] {
      int node = i % 3 + 1;
      ConnectOptions o = lab().Options(node);
      if (i == 5) {  // one through a jump host too
        o.proxy = lab().Options(1).target;
        o.target.host = lab().Underlay(node);
        o.target.port = 22;
        o.target.host_key.pinned = lab().HostKey(node);
      }
      absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, &never);
      if (!s.ok()) {
        results[i] = s.status();
        return;
      }
      results[i] = (*s)->RunScript(absl::StrCat("echo ", i, " $(hostname)"), &never);
    });
  }
  for (std::thread& t : threads) t.join();
  std::cout << kSessions << " sessions (connect + run) in parallel: " << SecondsSince(start)
            << " s\n";
  for (int i = 0; i < kSessions; ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status();
    EXPECT_EQ(results[i]->out, absl::StrCat(i, " n", i % 3 + 1, "\n"));
  }
}

}  // namespace
}  // namespace wgmesh::ssh::testing
