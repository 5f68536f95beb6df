// pulumi-resource-wgmesh started as the engine starts it: engine flags and
// address on the command line, exactly one line (the port) on stdout, gRPC on
// that port, a prompt exit on SIGINT, and an exit when its engine dies.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "pulumi/provider.grpc.pb.h"

namespace wgmesh::pulumi {
namespace {

struct Plugin {
  pid_t pid = -1;
  FILE* out = nullptr;
};

Plugin Start() {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  Plugin p;
  p.pid = fork();
  if (p.pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    // An engine address nobody listens on: logging falls back to stderr.
    execl(PULUMI_PROVIDER_BINARY, PULUMI_PROVIDER_BINARY, "--logtostderr", "-v=9", "--tracing",
          "http://127.0.0.1:1/trace", "127.0.0.1:1", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  p.out = fdopen(fds[0], "r");
  return p;
}

// Waits up to `limit` for the process to exit; its status, or -1.
int WaitExit(pid_t pid, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

TEST(PulumiPluginProcessTest, PrintsOnlyThePortAndStopsOnSigint) {
  Plugin p = Start();
  ASSERT_NE(p.out, nullptr);
  char line[64] = {};
  ASSERT_NE(fgets(line, sizeof(line), p.out), nullptr) << "no port line";
  const std::string text(line);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const int port = std::stoi(text);
  EXPECT_GT(port, 0);
  EXPECT_EQ(text, std::to_string(port) + "\n");  // the whole line is the port

  auto stub = pulumirpc::ResourceProvider::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  pulumirpc::PluginInfo info;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  ASSERT_TRUE(stub->GetPluginInfo(&ctx, {}, &info).ok());
  EXPECT_FALSE(info.version().empty());

  const auto start = std::chrono::steady_clock::now();
  kill(p.pid, SIGINT);
  const int status = WaitExit(p.pid, std::chrono::seconds(5));
  ASSERT_NE(status, -1) << "still running 5 s after SIGINT";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  // Nothing else was written to stdout.
  EXPECT_EQ(fgetc(p.out), EOF);
  fclose(p.out);
}

// Issue 9 item 6: an engine killed with SIGKILL never sends Cancel or a
// signal. The plugin notices it was orphaned and exits cleanly.
TEST(PulumiPluginProcessTest, ExitsWhenItsEngineIsKilled) {
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);  // the orphan comes to us
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t engine = fork();
  if (engine == 0) {  // a stand-in engine: starts the plugin, reports its pid, waits
    const pid_t plugin = fork();
    if (plugin == 0) {
      close(fds[0]);
      close(fds[1]);
      execl(PULUMI_PROVIDER_BINARY, PULUMI_PROVIDER_BINARY, "127.0.0.1:1", static_cast<char*>(nullptr));
      _exit(127);
    }
    (void)!write(fds[1], &plugin, sizeof(plugin));
    for (;;) pause();
  }
  close(fds[1]);
  pid_t plugin = -1;
  ASSERT_EQ(read(fds[0], &plugin, sizeof(plugin)), static_cast<ssize_t>(sizeof(plugin)));
  close(fds[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // serving by now
  ASSERT_EQ(kill(plugin, 0), 0) << "the plugin is not running";
  kill(engine, SIGKILL);
  waitpid(engine, nullptr, 0);
  const int status = WaitExit(plugin, std::chrono::seconds(5));
  prctl(PR_SET_CHILD_SUBREAPER, 0);
  ASSERT_NE(status, -1) << "the plugin outlived its engine by 5 s";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace wgmesh::pulumi
