#include "cli/ssh_target.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/config_alias.h"

namespace wgmesh::cli {
namespace {

absl::Status FieldError(const NodeSpec& node, const std::string& field, const std::string& rule) {
  return absl::InvalidArgumentError(
      absl::StrCat("nodes.", node.name, ".ssh", field.empty() ? "" : ".", field, ": ", rule));
}

absl::StatusOr<int> ParsePort(const NodeSpec& node, const std::string& field,
                              const std::string& text) {
  int port = 0;
  if (!absl::SimpleAtoi(text, &port) || port < 1 || port > 65535)
    return FieldError(node, field, absl::StrCat("\"", text, "\" must be a port, 1-65535"));
  return port;
}

// "user@host:port", "user@[v6]:port", "host", "v6" -> target fields.
absl::Status ParseConnectionString(const NodeSpec& node, const std::string& text,
                                   ssh::Target& t) {
  std::string rest = text;
  if (size_t at = rest.rfind('@'); at != std::string::npos) {
    t.credentials.user = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (t.credentials.user.empty()) return FieldError(node, "", "the user before @ is empty");
  }
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string::npos) return FieldError(node, "", "\"" + text + "\" lacks a ]");
    std::string after = rest.substr(close + 1);
    rest = rest.substr(1, close - 1);
    if (!after.empty()) {
      if (after.front() != ':') return FieldError(node, "", "\"" + text + "\": ]:port expected");
      auto port = ParsePort(node, "", after.substr(1));
      if (!port.ok()) return port.status();
      t.port = *port;
    }
  } else if (size_t colon = rest.find(':');
             colon != std::string::npos && rest.find(':', colon + 1) == std::string::npos) {
    auto port = ParsePort(node, "", rest.substr(colon + 1));
    if (!port.ok()) return port.status();
    t.port = *port;
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return FieldError(node, "", "\"" + text + "\" names no host");
  // Through the config file: a Host block applies when there is one, else
  // libssh uses the name as the host name, as OpenSSH does.
  t.config_alias = rest;
  t.host = rest;
  return absl::OkStatus();
}

// "~/x" as $HOME/x, as ssh_config's IdentityFile does.
std::string ExpandHome(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (path.rfind("~/", 0) != 0 || home == nullptr) return path;
  return std::string(home) + path.substr(1);
}

absl::StatusOr<std::string> ReadKeyFile(const NodeSpec& node, const std::string& path) {
  std::ifstream in(ExpandHome(path));
  if (!in) return FieldError(node, "identity_file", "cannot read the key file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string HostLabel(const NodeSpec& node) {
  if (!node.ssh) return node.name;
  if (!node.ssh->alias.empty()) return node.ssh->alias;
  return node.ssh->host.empty() ? node.name : node.ssh->host;
}

namespace {

// Fills in where an alias really points (HostName, Port, User), so that
// progress and errors show it; the connection resolves the same values.
void ShowResolvedAlias(ssh::Target& t) {
  if (t.config_alias.empty()) return;
  auto resolved = ssh::ResolveConfigAlias(t);
  if (!resolved.ok()) return;  // the connection reports the config error
  t.host = resolved->host;
  t.port = resolved->port;
  t.credentials.user = resolved->user;
}

absl::StatusOr<ssh::ConnectOptions> ConnectionFromSpec(const NodeSpec& node,
                                                       const std::string& ssh_config) {
  ssh::ConnectOptions o;
  o.sudo = true;  // skipped by the session for root
  ssh::Target& t = o.target;
  t.config_file = ssh_config;
  if (!node.ssh) {
    t.config_alias = t.host = node.name;
    return o;
  }
  if (!node.ssh->alias.empty()) {
    if (absl::Status st = ParseConnectionString(node, node.ssh->alias, t); !st.ok()) return st;
    return o;
  }
  // The mapping form; check (CheckSshTarget) has validated every field.
  const SshTarget& m = *node.ssh;
  if (absl::Status st = ParseConnectionString(node, m.host, t); !st.ok()) return st;
  if (!m.user.empty()) t.credentials.user = m.user;
  if (m.port) t.port = static_cast<int>(*m.port);
  // libssh takes one key besides ssh_config's IdentityFile and the agent:
  // the first readable one of the list, as paramiko tries them in order.
  for (const std::string& path : m.identity_files) {
    auto key = ReadKeyFile(node, path);
    if (key.ok()) {
      t.credentials.private_key = *std::move(key);
      break;
    }
    if (&path == &m.identity_files.back()) return key.status();
  }
  t.host_key.known_hosts_file = ExpandHome(m.known_hosts);
  t.host_key.pinned = m.host_key;
  t.host_key.insecure_skip = m.insecure_skip_host_key_check;
  if (m.sudo) o.sudo = *m.sudo;
  if (m.connect_timeout) o.per_dial_timeout = std::chrono::seconds(*m.connect_timeout);
  if (m.connect_attempts) o.dial_attempts = static_cast<int>(*m.connect_attempts);
  return o;
}

}  // namespace

absl::StatusOr<ssh::ConnectOptions> ConnectionFor(const NodeSpec& node,
                                                  const std::string& ssh_config) {
  auto o = ConnectionFromSpec(node, ssh_config);
  if (!o.ok()) return o;
  ShowResolvedAlias(o->target);
  if (o->target.host_key.insecure_skip)
    std::cerr << "wgmesh: WARNING: nodes." << node.name
              << ".ssh.insecure_skip_host_key_check: the host key of " << o->target.Describe()
              << " is NOT verified; a man in the middle can take over this host's mesh\n";
  return o;
}

}  // namespace wgmesh::cli
