#include "core/ssh/config_alias.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/ssh/handles.h"

namespace wgmesh::ssh {
namespace {

// libssh 0.10 turns "ProxyJump [user@]host[:port]" into the ProxyCommand
// "ssh [-l user] [-p port] [-J more] -W '[%h]:%p' host". Returns the hop, or
// nullopt when the command is anything else.
absl::StatusOr<std::optional<Target>> JumpFromProxyCommand(absl::string_view command,
                                                          const Target& target) {
  std::vector<absl::string_view> words = absl::StrSplit(command, ' ', absl::SkipEmpty());
  if (words.size() < 4 || words[0] != "ssh") return std::nullopt;
  Target jump;
  jump.credentials = target.credentials;
  jump.host_key.known_hosts_file = target.host_key.known_hosts_file;
  jump.host_key.insecure_skip = target.host_key.insecure_skip;
  jump.config_file = target.config_file;
  bool saw_w = false;
  absl::string_view host;
  for (size_t i = 1; i < words.size(); ++i) {
    absl::string_view w = words[i];
    if (w == "-W" && i + 1 < words.size()) {
      saw_w = true;
      ++i;
    } else if (w == "-l" && i + 1 < words.size()) {
      jump.credentials.user = std::string(words[++i]);
    } else if (w == "-p" && i + 1 < words.size()) {
      if (!absl::SimpleAtoi(words[++i], &jump.port)) return std::nullopt;
    } else if (w == "-J") {
      return absl::InvalidArgumentError("ProxyJump: only one jump host is supported");
    } else if (i + 1 == words.size()) {
      host = w;
    } else {
      return std::nullopt;
    }
  }
  if (!saw_w || host.empty()) return std::nullopt;
  jump.host = std::string(host);
  jump.config_alias = std::string(host);  // its own Host block applies
  return jump;
}

}  // namespace

absl::StatusOr<ResolvedAlias> ApplyConfigAlias(ssh_session session, const Target& target) {
  const std::string& alias = target.config_alias;
  if (ssh_options_set(session, SSH_OPTIONS_HOST, alias.c_str()) != SSH_OK) {
    return absl::InvalidArgumentError(absl::StrCat("bad host alias \"", alias, "\""));
  }
  const char* file = target.config_file.empty() ? nullptr : target.config_file.c_str();
  if (ssh_options_parse_config(session, file) != SSH_OK) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot read ", target.config_file.empty() ? "~/.ssh/config" : target.config_file, ": ",
        ssh_get_error(session)));
  }

  ResolvedAlias resolved;
  char* value = nullptr;
  resolved.host = ssh_options_get(session, SSH_OPTIONS_HOST, &value) == SSH_OK
                      ? TakeLibsshString(value)
                      : alias;
  unsigned int port = 0;
  if (ssh_options_get_port(session, &port) == SSH_OK && port != 0) resolved.port = static_cast<int>(port);
  if (target.port != 22) {  // an explicit port (e.g. from ProxyJump host:port) wins
    resolved.port = target.port;
    ssh_options_set(session, SSH_OPTIONS_PORT, &resolved.port);
  }
  value = nullptr;
  if (ssh_options_get(session, SSH_OPTIONS_USER, &value) == SSH_OK) {
    resolved.user = TakeLibsshString(value);
  } else {
    resolved.user = target.credentials.user;
    ssh_options_set(session, SSH_OPTIONS_USER, resolved.user.c_str());
  }
  value = nullptr;
  if (ssh_options_get(session, SSH_OPTIONS_PROXYCOMMAND, &value) == SSH_OK) {
    std::string command = TakeLibsshString(value);
    absl::StatusOr<std::optional<Target>> jump = JumpFromProxyCommand(command, target);
    if (!jump.ok()) return jump.status();
    if (jump->has_value()) {
      resolved.jump = std::move(**jump);
      // We carry the hop ourselves; libssh must not run `ssh -W`.
      ssh_options_set(session, SSH_OPTIONS_PROXYCOMMAND, "none");
    } else {
      resolved.proxy_command = !command.empty() && command != "none";
    }
  }
  if (!target.host_key.known_hosts_file.empty()) {
    ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, target.host_key.known_hosts_file.c_str());
  }
  return resolved;
}

absl::StatusOr<ResolvedAlias> ResolveConfigAlias(const Target& target) {
  SessionPtr session(ssh_new());
  if (!session) return absl::ResourceExhaustedError("cannot create an ssh session");
  return ApplyConfigAlias(session.get(), target);
}

}  // namespace wgmesh::ssh
