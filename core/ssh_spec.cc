#include "core/ssh_spec.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/connection_rules.h"

namespace wgmesh {
namespace {

using nlohmann::json;

void Refuse(JsonReader& r, const json& v, const AttrPath& path, const std::string& why) {
  r.TypeError(v, path, why);
}

void Ignored(JsonReader& r, const json& v, const AttrPath& path, const std::string& why) {
  r.problems().Warning(path, ShownValue(v), why);
}

// A string or a list of strings (Fabric's key_filename takes both).
void StringOrList(const json& v, const AttrPath& path, JsonReader& r,
                  std::vector<std::string>* out) {
  if (v.is_string()) {
    out->push_back(v.get<std::string>());
  } else if (v.is_array()) {
    r.StringList(v, path, out);
  } else if (!v.is_null()) {
    r.TypeError(v, path, "must be a file path or a list of file paths");
  }
}

void OptBool(const json& v, const AttrPath& path, JsonReader& r, std::optional<bool>* out) {
  if (v.is_null()) return;
  bool b = false;
  size_t before = r.problems().all().size();
  r.Bool(v, path, &b);
  if (r.problems().all().size() == before) *out = b;
}

// Seconds, whole or not (paramiko's timeouts are floats): rounded up.
void Seconds(const json& v, const AttrPath& path, JsonReader& r, std::optional<int64_t>* out) {
  if (v.is_null()) return;
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() > 1e6)
    return r.TypeError(v, path, "must be a number of seconds");
  *out = static_cast<int64_t>(std::ceil(v.get<double>()));
}

// connect_kwargs: the arguments Fabric passed on to paramiko's connect().
void ReadConnectKwargs(const json& v, const AttrPath& path, JsonReader& r, SshTarget& t) {
  if (v.is_null()) return;
  if (!v.is_object())
    return r.TypeError(v, path, "must be a mapping of connection arguments (key_filename, ...)");
  for (const auto& [key, value] : v.items()) {
    const AttrPath at = path.Child(key);
    if (key == "key_filename") {
      StringOrList(value, at, r, &t.identity_files);
    } else if (key == "timeout") {
      if (t.connect_timeout)
        Refuse(r, value, at,
               "the connect timeout is given twice (connect_timeout and connect_kwargs.timeout); "
               "keep one");
      else
        Seconds(value, at, r, &t.connect_timeout);
    } else if (key == "banner_timeout" || key == "auth_timeout" || key == "channel_timeout") {
      std::optional<int64_t> unused;
      Seconds(value, at, r, &unused);  // covered by connect_timeout (each handshake step)
    } else if (key == "compress") {
      std::optional<bool> unused;
      OptBool(value, at, r, &unused);  // performance only
    } else if (key == "allow_agent" || key == "look_for_keys") {
      std::optional<bool> b;
      OptBool(value, at, r, &b);
      if (b && !*b)
        Ignored(r, value, at,
                key == "allow_agent"
                    ? "is ignored: wgmesh uses ssh-agent whenever SSH_AUTH_SOCK is set; unset it "
                      "to keep the agent out"
                    : "is ignored: wgmesh also tries the IdentityFile keys of ssh_config");
    } else if (key == "password" || key == "passphrase") {
      Refuse(r, json("(hidden)"), at,
             "is a secret and wgmesh reads no secrets from mesh.yaml: use a key file "
             "(connect_kwargs.key_filename or IdentityFile in ssh_config) without a passphrase, "
             "or load the key into ssh-agent (ssh-add) and leave this out");
    } else if (key.rfind("gss_", 0) == 0) {
      Refuse(r, value, at,
             "GSSAPI (Kerberos) authentication is not supported: use a key "
             "(connect_kwargs.key_filename) or ssh-agent");
    } else if (key == "disabled_algorithms") {
      Refuse(r, value, at,
             "is not supported: restrict algorithms for this host in ssh_config instead "
             "(HostKeyAlgorithms, KexAlgorithms, Ciphers, MACs) and write `ssh: ALIAS`");
    } else {
      r.problems().Error(at, "",
                         "unknown or unsupported connection argument; known: key_filename, "
                         "timeout, banner_timeout, auth_timeout, channel_timeout, compress, "
                         "allow_agent, look_for_keys");
    }
  }
}

void ReadSshMapping(const json& v, const AttrPath& path, JsonReader& r, SshTarget& t) {
  for (const auto& [key, value] : v.items()) {
    const AttrPath at = path.Child(key);
    if (key == "host") {
      r.String(value, at, &t.host);
    } else if (key == "user") {
      r.String(value, at, &t.user);
    } else if (key == "port") {
      r.OptInt(QuotedIntAsInt(value), at, &t.port);
    } else if (key == "identity_file" || key == "key_filename") {
      StringOrList(value, at, r, &t.identity_files);
    } else if (key == "known_hosts") {
      r.String(value, at, &t.known_hosts);
    } else if (key == "host_key") {
      r.String(value, at, &t.host_key);
    } else if (key == "sudo") {
      OptBool(value, at, r, &t.sudo);
    } else if (key == "insecure_skip_host_key_check") {
      r.Bool(value, at, &t.insecure_skip_host_key_check);
    } else if (key == "connect_timeout") {
      Seconds(QuotedIntAsInt(value), at, r, &t.connect_timeout);
    } else if (key == "connect_attempts") {
      r.OptInt(QuotedIntAsInt(value), at, &t.connect_attempts);
    } else if (key == "connect_kwargs") {
      // After connect_timeout whatever the key order, to see a double timeout.
    } else if (key == "forward_agent") {
      std::optional<bool> b;
      OptBool(value, at, r, &b);
      if (b && *b)
        Ignored(r, value, at,
                "is ignored: wgmesh never forwards the ssh agent to the hosts (it runs as root "
                "there and needs no agent)");
    } else if (key == "inline_ssh_env") {
      std::optional<bool> unused;
      OptBool(value, at, r, &unused);  // wgmesh sends no environment
    } else if (key == "gateway") {
      Refuse(r, value, at,
             "a gateway is a command the original tool ran in a local shell; wgmesh runs no "
             "command from mesh.yaml: write the jump host as ProxyJump in ssh_config and "
             "`ssh: ALIAS`");
    } else {
      r.problems().Error(at, "",
                         "unknown field; known: host, user, port, connect_timeout, "
                         "connect_kwargs, forward_agent, inline_ssh_env (the original's), "
                         "identity_file (key_filename), known_hosts, host_key, sudo, "
                         "connect_attempts, insecure_skip_host_key_check");
    }
  }
  ReadConnectKwargs(JsonReader::Field(v, "connect_kwargs"), path.Child("connect_kwargs"), r, t);
  if (t.host.empty() && !r.problems().HasErrorAt(path.Child("host")))
    r.problems().Error(path.Child("host"), "",
                       "an ssh mapping needs at least `host`: a host name, address or alias");
}

AttrPath SshPath(const NodeSpec& n) { return AttrPath("nodes").Child(n.name).Child("ssh"); }

// Fabric's host shorthand ([user@]host[:port]) next to `user` / `port`: the
// original refused a value given both ways, and so does wgmesh.
void CheckShorthandTwice(const SshTarget& t, const AttrPath& path, Problems& p) {
  const size_t at = t.host.rfind('@');
  if (at != std::string::npos && !t.user.empty())
    p.Error(path.Child("user"), t.user,
            "the user is given twice (also in host \"" + t.host + "\"); keep one");
  const std::string hostport = at == std::string::npos ? t.host : t.host.substr(at + 1);
  const size_t colon = hostport.rfind(':');
  const bool has_port = colon != std::string::npos && colon > 0 &&
                        (hostport.find(':') == colon || hostport[colon - 1] == ']');
  if (has_port && t.port)
    p.Error(path.Child("port"), std::to_string(*t.port),
            "the port is given twice (also in host \"" + t.host + "\"); keep one");
}

}  // namespace

void ReadSshSpec(const json& v, const AttrPath& path, JsonReader& r,
                 std::optional<SshTarget>* out) {
  if (v.is_null()) return;
  SshTarget target;
  if (v.is_string()) {
    target.alias = v.get<std::string>();
    if (target.alias.empty()) return r.TypeError(v, path, "must not be empty");
  } else if (v.is_object()) {
    ReadSshMapping(v, path, r, target);
  } else {
    return r.TypeError(v, path, "must be an ssh host alias (string) or a mapping with `host`");
  }
  *out = std::move(target);
}

void CheckSshTarget(const NodeSpec& node, Problems& p) {
  if (!node.ssh) return;
  const SshTarget& t = *node.ssh;
  const AttrPath path = SshPath(node);
  if (!t.alias.empty()) {
    CheckConnectionField(ConnectionField::kAlias, path, t.alias, p);
    return;
  }
  // An absent or empty host is the parser's error.
  CheckConnectionField(ConnectionField::kHost, path.Child("host"), t.host, p);
  CheckConnectionField(ConnectionField::kUser, path.Child("user"), t.user, p);
  if (t.port && (*t.port < 1 || *t.port > 65535))
    p.Error(path.Child("port"), std::to_string(*t.port), "must be a port, 1-65535");
  for (size_t i = 0; i < t.identity_files.size(); ++i) {
    // An empty entry is no path at all.
    if (t.identity_files[i].empty())
      p.Error(path.Child("identity_file").Child(i), "", "must be a file path, not empty");
    CheckConnectionField(ConnectionField::kPath, path.Child("identity_file").Child(i),
                         t.identity_files[i], p);
  }
  CheckConnectionField(ConnectionField::kPath, path.Child("known_hosts"), t.known_hosts, p);
  CheckConnectionField(ConnectionField::kHostKey, path.Child("host_key"), t.host_key, p);
  if (t.connect_timeout)
    CheckRange(path.Child("connect_timeout"), *t.connect_timeout, kMaxConnectTimeoutSeconds,
               "seconds", p);
  if (t.connect_attempts)
    CheckRange(path.Child("connect_attempts"), *t.connect_attempts, kMaxConnectAttempts,
               "attempts", p);
  if (t.insecure_skip_host_key_check && !t.host_key.empty())
    p.Error(path.Child("insecure_skip_host_key_check"), "true",
            "contradicts host_key: a pinned key is always checked; remove one of them");
  CheckShorthandTwice(t, path, p);
}

json SshTargetToDocument(const SshTarget& t) {
  if (!t.alias.empty()) return t.alias;
  json doc = {{"host", t.host}};
  if (!t.user.empty()) doc["user"] = t.user;
  if (t.port) doc["port"] = *t.port;
  if (!t.identity_files.empty()) doc["identity_file"] = t.identity_files;
  if (!t.known_hosts.empty()) doc["known_hosts"] = t.known_hosts;
  if (!t.host_key.empty()) doc["host_key"] = t.host_key;
  if (t.sudo) doc["sudo"] = *t.sudo;
  if (t.connect_timeout) doc["connect_timeout"] = *t.connect_timeout;
  if (t.connect_attempts) doc["connect_attempts"] = *t.connect_attempts;
  if (t.insecure_skip_host_key_check) doc["insecure_skip_host_key_check"] = true;
  return doc;
}

}  // namespace wgmesh
