// The rules on the fields of an SSH connection, whatever front end gives them:
// mesh.yaml's `ssh` (the CLI), the Node's `connection` and the provider
// configuration's connection defaults (Terraform, Pulumi). One rule per kind
// of field, so that every front end refuses the same value with the same words.
//
// Every string that names where or as whom to connect can reach ssh_config
// token expansion (%r, %h in a ProxyCommand: the CVE-2023-51385 class) or a
// shell, so it must be a "safe word" (IsSafeSshWord). Secrets (private keys,
// passwords) are not checked here and never shown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/problems.h"

namespace wgmesh {

enum class ConnectionField {
  kAlias,    // mesh.yaml's string form: an ssh_config alias or user@host[:port]
  kHost,     // a host name, address or ssh_config alias
  kUser,     // a user name
  kPath,     // a local file path: key file, known_hosts file, agent socket
  kHostKey,  // a public key as in a .pub file, without its comment
};

// Printable ASCII without spaces, quotes, shell or ssh_config token
// characters, not starting with '-', at most kMaxConnectionWord bytes.
bool IsSafeSshWord(std::string_view s);
inline constexpr size_t kMaxConnectionWord = 4096;

// The rule `value` breaks as a `field` ("must be a host name, ..."), or
// nullopt when it meets it.
std::optional<std::string> ConnectionFieldRule(ConnectionField field, std::string_view value);

// Reports a problem at `path` naming the value and the rule when `value`
// breaks the rule of `field`. An empty value is not checked (absent).
void CheckConnectionField(ConnectionField field, const AttrPath& path, const std::string& value,
                          Problems& p);

// Numbers of a connection, in seconds or attempts: each must be within
// [1, max] (the deadline arithmetic overflows near 9.2e9 s without a maximum).
inline constexpr int64_t kMaxConnectTimeoutSeconds = 600;
inline constexpr int64_t kMaxConnectAttempts = 600;
// Hosts one provider process configures at once.
inline constexpr int64_t kMaxParallelism = 1024;

// Reports a problem at `path` unless 1 <= value <= max; `what` names the unit
// ("seconds", "hosts", ...).
void CheckRange(const AttrPath& path, int64_t value, int64_t max, std::string_view what,
                Problems& p);

}  // namespace wgmesh
