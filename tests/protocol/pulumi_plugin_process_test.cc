// pulumi-resource-wgmesh started as the engine starts it: engine flags and
// address on the command line, exactly one line (the port) on stdout, gRPC on
// that port, and a prompt exit on SIGINT.
#include <signal.h>
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

}  // namespace
}  // namespace wgmesh::pulumi
