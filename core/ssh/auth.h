// User authentication on a connected, verified session.
#pragma once

#include <libssh/libssh.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/ssh/scrub.h"
#include "core/ssh/session.h"

namespace wgmesh::ssh {

// Tries, in order: the private key, the ~/.ssh/config identities (only when
// `config_identities`, which also covers the agent), the agent, the password
// (then keyboard-interactive with the same password). The first success wins.
absl::Status Authenticate(ssh_session session, const Credentials& credentials,
                          bool config_identities, absl::string_view where,
                          const Scrubber& scrubber);

}  // namespace wgmesh::ssh
