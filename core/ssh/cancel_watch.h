// Makes a blocking libssh call abortable: when the token is cancelled, the
// session's socket is shut down, so whatever libssh waits on returns an error.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/ssh/session.h"

namespace wgmesh::ssh {

class CancelWatch {
 public:
  // Does nothing when `cancel` is null or fd < 0. `grace` lets a caller that
  // polls the token itself finish first (the socket stays usable meanwhile).
  CancelWatch(int fd, const CancelToken* cancel,
              std::chrono::milliseconds grace = std::chrono::milliseconds(0));
  ~CancelWatch();
  CancelWatch(const CancelWatch&) = delete;
  CancelWatch& operator=(const CancelWatch&) = delete;

  bool fired() const { return fired_.load(); }

 private:
  void Loop(int fd, const CancelToken* cancel, std::chrono::milliseconds grace);

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::atomic<bool> fired_{false};
  std::thread thread_;
};

}  // namespace wgmesh::ssh
