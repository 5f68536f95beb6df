// One SSH connection to one host (libssh), and running a host operation on it.
//
// Contract:
// - Host keys are verified by default: against `host_key.pinned` when set,
//   else against a known_hosts file. An unknown or changed key is an error
//   that prints the key's SHA256 fingerprint and how to pin it. Skipping the
//   check is an explicit flag and logs a warning on every connection.
// - A host operation is one script run by /bin/sh on the host, sent on the
//   channel's stdin (never in argv), through `sudo -n` when `sudo` is set.
//   Secrets the script carries therefore never appear in a process list.
// - Every error names the host and the step (connect, host key, authenticate,
//   sudo, run) and never contains a credential.
// - Cancel() on the token (the engines' Stop/Cancel) aborts a connect or a
//   running script promptly; the call then returns CANCELLED.
// - Sessions are independent: many may run in parallel threads. One Session is
//   used by one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/cancel.h"

namespace wgmesh::ssh {

struct HostKeyCheck {
  std::string pinned;            // "ssh-ed25519 AAAA..." : only this key is accepted
  std::string known_hosts_file;  // used when pinned is empty; "" = ~/.ssh/known_hosts
  bool insecure_skip = false;    // accept any key (logged as a warning)
};

struct Credentials {
  std::string user = "root";
  std::string password;                // secret
  std::string private_key;             // key file contents, secret
  std::string private_key_passphrase;  // secret
  std::string agent_socket;            // "" = $SSH_AUTH_SOCK when set
};

struct Target {
  std::string host;
  int port = 22;
  Credentials credentials;
  HostKeyCheck host_key;
  // CLI only: an ~/.ssh/config Host alias; HostName, Port, User, IdentityFile,
  // UserKnownHostsFile and ProxyJump (one hop) come from the config file.
  // `host` is then ignored; `port` (when not 22) wins over Port, the user
  // applies when the config has no User, known_hosts_file (when set) wins over
  // UserKnownHostsFile. Keys come from IdentityFile, the agent and private_key.
  std::string config_alias;
  std::string config_file;  // "" = ~/.ssh/config

  // "user@host:port" ("user@[v6]:port"); with an alias "alias (user@host:port)".
  // No secrets.
  std::string Describe() const;
};

// Upper bounds for the timeouts below: front ends refuse larger values (near
// 9.2e9 s the deadline arithmetic on the nanosecond clock overflows).
inline constexpr std::chrono::seconds kMaxCommandTimeout{std::chrono::hours(24)};
inline constexpr std::chrono::seconds kMaxPerDialTimeout{std::chrono::hours(1)};

struct ConnectOptions {
  Target target;
  // One jump host (bastion), with its own credentials and host key check. The
  // target's host and port are then as the jump host sees them.
  std::optional<Target> proxy;
  bool sudo = false;  // run scripts through `sudo -n` (not needed, so skipped, for root)
  // Attempts for connection refused / timed out / dropped before the SSH
  // handshake ended (on the target; through a jump host, its channel opening),
  // with backoff 0.25 s, 0.5 s, 1 s, ... 4 s. Other errors fail at once.
  int dial_attempts = 10;
  // Per attempt: the TCP connect, and each blocking step of the handshake.
  std::chrono::milliseconds per_dial_timeout{std::chrono::seconds(15)};
  std::chrono::milliseconds command_timeout{std::chrono::seconds(300)};
};

// The protocol-neutral token (core/cancel.h), under the name SSH code uses.
using CancelToken = ::wgmesh::CancelToken;

struct ScriptResult {
  int exit_status = -1;
  std::string out;
  std::string err;
};

// Receives warnings (e.g. a skipped host key check) and debug lines.
using LogSink = std::function<void(std::string_view level, std::string_view message)>;

class Session {
 public:
  virtual ~Session() = default;

  // Connects, verifies the host key and authenticates.
  static absl::StatusOr<std::unique_ptr<Session>> Connect(const ConnectOptions& options,
                                                          const CancelToken* cancel,
                                                          LogSink log = nullptr);

  // Runs `script` with /bin/sh (via `sudo -n` when configured). A non-zero
  // exit status is a result, not an error; errors are transport failures,
  // timeouts (DEADLINE_EXCEEDED), cancellation (CANCELLED) and sudo refusing
  // to run without a password (PERMISSION_DENIED, step "sudo").
  virtual absl::StatusOr<ScriptResult> RunScript(std::string_view script,
                                                 const CancelToken* cancel) = 0;

  // Channels opened so far: the number of round trips of this operation.
  virtual int round_trips() const = 0;
  virtual const Target& target() const = 0;
};

}  // namespace wgmesh::ssh
