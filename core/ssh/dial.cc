#include "core/ssh/dial.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"

namespace wgmesh::ssh {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSlice = std::chrono::milliseconds(100);

bool Cancelled(const CancelToken* cancel) { return cancel != nullptr && cancel->cancelled(); }

bool Retryable(int err) { return err == ECONNREFUSED || err == ETIMEDOUT; }

// Connects one address; returns the socket or -1 with errno-like `err`.
int ConnectOne(const addrinfo* ai, Clock::time_point deadline, const CancelToken* cancel,
               int& err) {
  int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
  if (fd < 0) {
    err = errno;
    return -1;
  }
  if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
    err = errno;
    ::close(fd);
    return -1;
  }
  for (;;) {
    if (Cancelled(cancel)) {
      err = ECANCELED;
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      err = ETIMEDOUT;
      break;
    }
    pollfd p{fd, POLLOUT, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min(left, std::chrono::milliseconds(kSlice)).count()));
    if (n < 0 && errno != EINTR) {
      err = errno;
      break;
    }
    if (n <= 0) continue;
    int so_error = 0;
    socklen_t len = sizeof so_error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
    if (so_error != 0) {
      err = so_error;
      break;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
  }
  ::close(fd);
  return -1;
}

}  // namespace

absl::StatusOr<int> DialTcp(const std::string& host, int port, std::chrono::milliseconds timeout,
                            const CancelToken* cancel) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    if (rc == EAI_AGAIN) return absl::UnavailableError(absl::StrCat("name lookup: ", gai_strerror(rc)));
    return absl::NotFoundError(absl::StrCat("cannot resolve \"", host, "\": ", gai_strerror(rc)));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, &freeaddrinfo);

  const auto deadline = Clock::now() + timeout;
  int err = ETIMEDOUT;
  for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    int fd = ConnectOne(ai, deadline, cancel, err);
    if (fd >= 0) return fd;
    if (err == ECANCELED) return absl::CancelledError("cancelled");
    if (Clock::now() >= deadline) break;
  }
  std::string what = err == ETIMEDOUT
                         ? absl::StrCat("timed out after ", timeout.count(), " ms")
                         : std::string(std::strerror(err));
  if (Retryable(err)) return absl::UnavailableError(what);
  return absl::FailedPreconditionError(what);
}

bool SleepUnlessCancelled(std::chrono::milliseconds delay, const CancelToken* cancel) {
  const auto until = Clock::now() + delay;
  while (Clock::now() < until) {
    if (Cancelled(cancel)) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(50)));
  }
  return !Cancelled(cancel);
}

}  // namespace wgmesh::ssh
