#include "core/ssh/cancel_watch.h"

#include <sys/socket.h>

namespace wgmesh::ssh {

CancelWatch::CancelWatch(int fd, const CancelToken* cancel, std::chrono::milliseconds grace) {
  if (cancel == nullptr || fd < 0) return;
  thread_ = std::thread([this, fd, cancel, grace] { Loop(fd, cancel, grace); });
}

CancelWatch::~CancelWatch() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void CancelWatch::Loop(int fd, const CancelToken* cancel, std::chrono::milliseconds grace) {
  constexpr auto kSlice = std::chrono::milliseconds(50);
  std::unique_lock<std::mutex> lock(mu_);
  std::chrono::steady_clock::time_point seen{};
  while (!stop_) {
    if (cancel->cancelled()) {
      auto now = std::chrono::steady_clock::now();
      if (seen == std::chrono::steady_clock::time_point{}) seen = now;
      if (now - seen >= grace) {
        fired_.store(true);
        ::shutdown(fd, SHUT_RDWR);  // the fd stays open: its owner closes it
        return;
      }
    }
    cv_.wait_for(lock, kSlice);
  }
}

}  // namespace wgmesh::ssh
