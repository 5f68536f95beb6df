// Cancellation of long-running host work, shared by the code that runs an
// operation and the code that stops it (an engine's Stop/Cancel RPC, a
// signal). Protocol-neutral: no SSH here.
//
// Contract:
// - A CancelToken only goes from "running" to "cancelled", never back: code
//   that polls it may stop at any point after Cancel(), after its parent's
//   Cancel(), or once its deadline passed.
// - A CancelSource hands out the token new operations should use. CancelAll()
//   cancels the current one (and so every operation holding it); Renew()
//   starts a fresh token, so that operations started afterwards run again
//   while the ones holding the old token stay cancelled. The engines renew on
//   Configure: a Stop/Cancel ends the operations of that configuration only,
//   not the process (a reused plugin process keeps working).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

namespace wgmesh {

class CancelToken {
 public:
  using Clock = std::chrono::steady_clock;

  CancelToken() = default;
  // Also cancelled when `parent` (may be null) is, and once `deadline` passed:
  // one operation's token under the engine's, with the operation's timeout.
  CancelToken(std::shared_ptr<const CancelToken> parent, std::optional<Clock::time_point> deadline)
      : parent_(std::move(parent)), deadline_(deadline) {}

  void Cancel() { cancelled_.store(true); }
  bool cancelled() const {
    return cancelled_.load() || (parent_ && parent_->cancelled()) || expired();
  }
  // True when the deadline passed (the operation timed out rather than was stopped).
  bool expired() const { return deadline_ && Clock::now() >= *deadline_; }

 private:
  std::atomic<bool> cancelled_{false};
  const std::shared_ptr<const CancelToken> parent_;
  const std::optional<Clock::time_point> deadline_;
};

class CancelSource {
 public:
  // The token for an operation starting now; it stays valid as long as held.
  std::shared_ptr<const CancelToken> Current() const {
    std::lock_guard lock(mu_);
    return current_;
  }
  void CancelAll() {
    std::lock_guard lock(mu_);
    current_->Cancel();
  }
  void Renew() {
    std::lock_guard lock(mu_);
    current_ = std::make_shared<CancelToken>();
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<CancelToken> current_ = std::make_shared<CancelToken>();
};

}  // namespace wgmesh
