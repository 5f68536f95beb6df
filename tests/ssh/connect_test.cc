// Dialing: refused ports, servers that never speak, cancellation while
// connecting.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"
#include "tests/ssh/lab.h"

namespace wgmesh::ssh::testing {
namespace {

using std::chrono::steady_clock;

// A listening socket on 127.0.0.1 that never accepts or speaks.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 16);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

int FreePort() {
  SilentServer s;
  return s.port();  // closed again: connecting is refused
}

ConnectOptions Local(int port) {
  ConnectOptions o;
  o.target.host = "127.0.0.1";
  o.target.port = port;
  o.target.credentials.private_key = "unused";
  o.target.host_key.insecure_skip = true;
  o.dial_attempts = 2;
  o.per_dial_timeout = std::chrono::seconds(1);
  return o;
}

TEST(ConnectTest, RefusedPortFailsAfterTheDialAttempts) {
  int port = FreePort();
  std::vector<std::string> debug;
  auto start = steady_clock::now();
  absl::StatusOr<std::unique_ptr<Session>> s =
      Session::Connect(Local(port), nullptr, [&](std::string_view level, std::string_view m) {
        if (level == "debug") debug.emplace_back(m);
      });
  double took = SecondsSince(start);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kUnavailable) << s.status();
  std::string m(s.status().message());
  EXPECT_EQ(m, absl::StrCat("root@127.0.0.1:", port,
                            ": connect: gave up after 2 attempts: Connection refused"));
  EXPECT_LT(took, 1.5);
  ASSERT_EQ(debug.size(), 1u);
  EXPECT_TRUE(absl::StrContains(debug[0], "attempt 1/2 failed")) << debug[0];
}

TEST(ConnectTest, ServerThatNeverSpeaksTimesOut) {
  SilentServer server;
  auto start = steady_clock::now();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(Local(server.port()), nullptr);
  double took = SecondsSince(start);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kUnavailable) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(), ": connect: gave up after 2 attempts"))
      << s.status();
  EXPECT_GT(took, 1.9);  // two handshakes of 1 s each, plus the backoff
  EXPECT_LT(took, 5.0);
}

TEST(ConnectTest, CancelWhileConnecting) {
  SilentServer server;
  ConnectOptions o = Local(server.port());
  o.per_dial_timeout = std::chrono::seconds(30);
  CancelToken cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel.Cancel();
  });
  auto start = steady_clock::now();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, &cancel);
  double took = SecondsSince(start);
  canceller.join();
  ASSERT_EQ(s.status().code(), absl::StatusCode::kCancelled) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(), ": connect: cancelled")) << s.status();
  EXPECT_LT(took, 1.5);
}

TEST(ConnectTest, UnresolvableHostFailsAtOnce) {
  ConnectOptions o = Local(22);
  o.target.host = "no-such-host.invalid";
  o.dial_attempts = 5;
  auto start = steady_clock::now();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Connect(o, nullptr);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.status().message(), "root@no-such-host.invalid:22: connect: "))
      << s.status();
  EXPECT_LT(SecondsSince(start), 5.0);
}

TEST(ConnectTest, DescribeHasNoSecrets) {
  Target t;
  t.host = "fd00:10::2";
  t.credentials.user = "mesh";
  t.credentials.password = "secret";
  EXPECT_EQ(t.Describe(), "mesh@[fd00:10::2]:22");
  t.config_alias = "n2";
  EXPECT_EQ(t.Describe(), "n2 (mesh@[fd00:10::2]:22)");
  t.host.clear();
  EXPECT_EQ(t.Describe(), "n2");
}

}  // namespace
}  // namespace wgmesh::ssh::testing
