// mesh.yaml's `ssh` (the CLI's connection to a node): reading both forms the
// original tool accepted, and the rules every field must meet.
//
//   ssh: alias | [user@]host[:port] | user@[v6]:port
//   ssh: {host, user, port, connect_timeout,            (Fabric's Connection
//         connect_kwargs: {key_filename, timeout, ...},  arguments, as the
//         forward_agent, inline_ssh_env,                 original passed them)
//         identity_file, known_hosts, host_key,         (wgmesh's own)
//         sudo, connect_attempts, insecure_skip_host_key_check}
//
// Fabric arguments wgmesh cannot honour safely are refused with the field and
// how to write it instead: `gateway` (a ProxyCommand the original ran in a
// local shell), `connect_kwargs.password` / `passphrase` (secrets in the
// file), GSSAPI and `disabled_algorithms`. Ones that only tune behaviour
// wgmesh already has (compress, banner/auth timeouts, inline_ssh_env) are
// accepted; ones whose effect wgmesh does not reproduce are warnings.
//
// Every field meets the rules every front end shares (core/connection_rules.h):
// each string that can reach ssh_config token expansion (%r, %h in a
// ProxyCommand) or a shell is a "safe word", in every form.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/connection_rules.h"  // IsSafeSshWord
#include "core/json_reader.h"
#include "core/problems.h"
#include "core/spec.h"

namespace wgmesh {

// Reads `v` (the node's `ssh`, at `path`) into `out`; type errors and refused
// fields become problems. Null leaves `out` empty.
void ReadSshSpec(const nlohmann::json& v, const AttrPath& path, JsonReader& r,
                 std::optional<SshTarget>* out);

// The rules on every field of `node.ssh` (path, value, rule for each).
void CheckSshTarget(const NodeSpec& node, Problems& p);

// The ssh mapping as a document (the reverse of ReadSshSpec, wgmesh's names).
nlohmann::json SshTargetToDocument(const SshTarget& t);

}  // namespace wgmesh
