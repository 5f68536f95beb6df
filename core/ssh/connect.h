// Connecting: dial (directly, through a jump host, or by a ProxyCommand),
// handshake, host key check, authentication; dial attempts with backoff.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "core/ssh/handles.h"
#include "core/ssh/jump.h"
#include "core/ssh/scrub.h"
#include "core/ssh/session.h"

namespace wgmesh::ssh {

// A ready session and what keeps it alive. Tears down in a safe order: the
// session, then its socket, then the jump host tunnel.
struct Connection {
  Target target;      // with a config alias resolved
  std::string where;  // for messages: Describe(), plus the jump host
  SessionPtr session;
  int fd = -1;  // our socket (libssh does not close an SSH_OPTIONS_FD socket)
  std::unique_ptr<JumpTunnel> tunnel;

  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();
};

absl::StatusOr<std::unique_ptr<Connection>> OpenConnection(const ConnectOptions& options,
                                                           const CancelToken* cancel,
                                                           const LogSink& log,
                                                           const Scrubber& scrubber);

}  // namespace wgmesh::ssh
