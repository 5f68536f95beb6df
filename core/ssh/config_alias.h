// ~/.ssh/config Host aliases (CLI): where an alias points, read with libssh's
// own config parser.
#pragma once

#include <libssh/libssh.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/ssh/session.h"

namespace wgmesh::ssh {

struct ResolvedAlias {
  std::string host;  // HostName
  int port = 22;
  std::string user;  // User, else the target's user
  // ProxyJump (one hop): a target to reach first, itself looked up as an alias.
  std::optional<Target> jump;
  // A ProxyCommand that is not a ProxyJump: libssh runs it and dials itself.
  bool proxy_command = false;
};

// Parses `target.config_file` (or ~/.ssh/config) for `target.config_alias`
// into `session` and reads back the result. The target's known_hosts_file
// (when set) wins over UserKnownHostsFile, and its port (when not 22) over Port.
absl::StatusOr<ResolvedAlias> ApplyConfigAlias(ssh_session session, const Target& target);

// The same on a throwaway session, for showing where an alias really points
// (user@host:port) before connecting. Reads the config file only.
absl::StatusOr<ResolvedAlias> ResolveConfigAlias(const Target& target);

}  // namespace wgmesh::ssh
