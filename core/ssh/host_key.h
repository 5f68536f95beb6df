// Host key verification: a pinned key, or a known_hosts file.
#pragma once

#include <libssh/libssh.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/ssh/handles.h"
#include "core/ssh/scrub.h"
#include "core/ssh/session.h"

namespace wgmesh::ssh {

// Accepts "ssh-ed25519 AAAA... [comment]" and a known_hosts line
// ("[host]:port ssh-ed25519 AAAA...").
absl::StatusOr<KeyPtr> ParsePublicKey(absl::string_view text);

// The marker lines of a known_hosts text that libssh does not act on, as far
// as they concern `key`: `@revoked` lines listing it (OpenSSH never accepts a
// revoked key; here the host patterns of such a line do not matter) and
// whether any `@cert-authority` line exists (host certificates are not
// supported, so such lines vouch for nothing).
struct KnownHostsMarkers {
  bool revoked = false;
  bool cert_authority = false;
};
KnownHostsMarkers ScanKnownHostsMarkers(absl::string_view known_hosts, ssh_key key);

// "SHA256:..." as ssh-keygen -l prints it.
std::string Fingerprint(ssh_key key);

// "ssh-ed25519 AAAA..." (no comment).
std::string PublicKeyLine(ssh_key key);

// Before ssh_connect: sets the known_hosts file, and for a pinned key asks the
// server for that key type only.
absl::Status PrepareHostKeyCheck(ssh_session session, const HostKeyCheck& check);

// After ssh_connect, before authentication. Errors name the host, the key's
// fingerprint and how to pin it.
absl::Status VerifyHostKey(ssh_session session, const HostKeyCheck& check, absl::string_view where,
                           const LogSink& log, const Scrubber& scrubber);

}  // namespace wgmesh::ssh
