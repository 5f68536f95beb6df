// How the CLI reaches a node: mesh.yaml's `ssh` (core/ssh_spec.h: both forms,
// already validated), resolved as the original tool (Fabric) did, through an
// ssh_config file:
//   ssh: alias                 a Host block (HostName, Port, User, IdentityFile,
//   ssh: user@host[:port]      UserKnownHostsFile, ProxyJump); a name without a
//   ssh: user@[v6]:port        block is a host name, as with OpenSSH
//   ssh: {host: .., ...}       `host` may itself be an alias or user@host:port
//   (no ssh)                   the node's name, as an alias
// Host keys are verified unless insecure_skip_host_key_check, which prints a
// warning on stderr every time a connection is resolved with it, and another
// for each connection that accepts a key unverified (Progress::Warnings). Scripts run
// through `sudo -n` unless the user is root.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "core/spec.h"
#include "core/ssh/session.h"

namespace wgmesh::cli {

// `ssh_config` is --ssh-config ("" = ~/.ssh/config). An error names the field
// (nodes.<name>.ssh.<field>) and the rule. An alias is looked up in the config
// file (no network) so that Target::Describe() shows the real user@host:port.
absl::StatusOr<ssh::ConnectOptions> ConnectionFor(const NodeSpec& node,
                                                  const std::string& ssh_config);

// What a user reads as "where": the alias or host as written in mesh.yaml.
std::string HostLabel(const NodeSpec& node);

}  // namespace wgmesh::cli
