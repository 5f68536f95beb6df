// A TCP stream opened through a jump host (bastion): a direct-tcpip channel on
// the jump host's session, handed to the target's libssh session as one end of
// a socketpair (SSH_OPTIONS_FD). A pump thread copies bytes between the two.
// libssh 0.10 has no ProxyJump of its own.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "core/ssh/handles.h"

namespace wgmesh::ssh {

class JumpTunnel {
 public:
  // `jump` is connected, verified and authenticated; from Open() on it is used
  // only by the pump thread. `jump_socket` (>= 0) is its socket, closed after it.
  JumpTunnel(SessionPtr jump, int jump_socket);
  ~JumpTunnel();
  JumpTunnel(const JumpTunnel&) = delete;
  JumpTunnel& operator=(const JumpTunnel&) = delete;

  // Asks the jump host to connect to host:port. Returns the local end for the
  // target session; the caller closes it after freeing that session.
  // UNAVAILABLE when the jump host's connection was refused or timed out.
  absl::StatusOr<int> Open(const std::string& host, int port);

  // Stops the pump and closes the channel; Open() may be called again.
  void Close();

  int jump_fd() const;

 private:
  void Pump(int local, ssh_channel channel);

  SessionPtr jump_;
  int jump_socket_ = -1;
  ChannelPtr channel_;
  int local_ = -1;  // the pump's end of the socketpair
  std::atomic<bool> stop_{false};
  std::thread pump_;
};

}  // namespace wgmesh::ssh
