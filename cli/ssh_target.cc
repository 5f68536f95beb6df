#include "cli/ssh_target.h"

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

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

absl::StatusOr<bool> ParseBool(const NodeSpec& node, const std::string& field,
                               const std::string& v) {
  if (v == "true" || v == "yes") return true;
  if (v == "false" || v == "no") return false;
  return FieldError(node, field, "must be true or false");
}

}  // namespace

std::string HostLabel(const NodeSpec& node) {
  if (!node.ssh) return node.name;
  if (!node.ssh->alias.empty()) return node.ssh->alias;
  auto it = node.ssh->fields.find("host");
  return it == node.ssh->fields.end() ? node.name : it->second;
}

absl::StatusOr<ssh::ConnectOptions> ConnectionFor(const NodeSpec& node,
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
  for (const auto& [key, value] : node.ssh->fields) {
    if (key == "host") {
      if (value.empty()) return FieldError(node, key, "must not be empty");
      t.config_alias = t.host = value;
    } else if (key == "user") {
      t.credentials.user = value;
    } else if (key == "port") {
      auto port = ParsePort(node, key, value);
      if (!port.ok()) return port.status();
      t.port = *port;
    } else if (key == "identity_file" || key == "key_filename") {
      std::ifstream in(value);
      if (!in) return FieldError(node, key, "cannot read the key file " + value);
      std::stringstream text;
      text << in.rdbuf();
      t.credentials.private_key = text.str();
    } else if (key == "known_hosts") {
      t.host_key.known_hosts_file = value;
    } else if (key == "host_key") {
      t.host_key.pinned = value;
    } else if (key == "connect_timeout" || key == "connect_attempts") {
      int v = 0;
      if (!absl::SimpleAtoi(value, &v) || v < 1 || v > 600)
        return FieldError(node, key, "\"" + value + "\" must be a whole number, 1-600");
      if (key == "connect_timeout")
        o.per_dial_timeout = std::chrono::seconds(v);
      else
        o.dial_attempts = v;
    } else if (key == "sudo") {
      auto b = ParseBool(node, key, value);
      if (!b.ok()) return b.status();
      o.sudo = *b;
    } else {
      return FieldError(node, key,
                        "unknown field; known: host, user, port, identity_file (key_filename), "
                        "known_hosts, host_key, sudo, connect_timeout (seconds), connect_attempts");
    }
  }
  return o;
}

}  // namespace wgmesh::cli
