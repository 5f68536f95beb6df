#include "provider/resources/node_connection.h"

#include "absl/strings/str_cat.h"
#include "provider/resources/schema.h"

namespace wgmesh::resources {
namespace {

const Value* Member(const Value& v, std::string_view key) {
  const Value* m = v.has_members() ? v.Get(key) : nullptr;
  return m && !m->is_null() && !m->is_unknown() ? m : nullptr;
}

std::string Str(const Value& conn, const Value& provider, std::string_view key) {
  if (const Value* v = Member(conn, key); v && v->is_string()) return v->as_string();
  if (const Value* v = Member(provider, key); v && v->is_string()) return v->as_string();
  return "";
}

std::optional<int64_t> Int(const Value& v, std::string_view key) {
  const Value* m = Member(v, key);
  if (m && m->is_number()) return m->as_number().ToInt64();
  return std::nullopt;
}

std::optional<bool> Bool(const Value& v, std::string_view key) {
  const Value* m = Member(v, key);
  if (m && m->is_bool()) return m->as_bool();
  return std::nullopt;
}

// One SSH target from a connection or proxy object; credentials fall back to the provider's.
absl::StatusOr<ssh::Target> ToTarget(const Value& conn, const Value& provider,
                                     std::string_view what) {
  ssh::Target t;
  t.host = Str(conn, Value(), "host");
  if (t.host.empty()) return absl::InvalidArgumentError(absl::StrCat(std::string(what), ".host is required"));
  int64_t port = Int(conn, "port").value_or(22);
  if (port < 1 || port > 65535)
    return absl::InvalidArgumentError(absl::StrCat(std::string(what), ".port must be 1-65535"));
  t.port = static_cast<int>(port);
  t.credentials.user = Str(conn, provider, "user");
  if (t.credentials.user.empty()) t.credentials.user = "root";
  t.credentials.password = Str(conn, Value(), "password");
  // A connection that brings its own key does not inherit the provider's passphrase.
  if (Member(conn, "private_key")) {
    t.credentials.private_key = Str(conn, Value(), "private_key");
    t.credentials.private_key_passphrase = Str(conn, Value(), "private_key_password");
  } else {
    t.credentials.private_key = Str(Value(), provider, "private_key");
    t.credentials.private_key_passphrase = Str(Value(), provider, "private_key_password");
  }
  t.credentials.agent_socket = Str(conn, provider, "agent_socket_path");
  t.host_key.pinned = Str(conn, Value(), "host_key");
  t.host_key.known_hosts_file = Str(conn, provider, "known_hosts_file");
  t.host_key.insecure_skip = Bool(conn, "insecure_skip_host_key_check")
                                 .value_or(Bool(provider, "insecure_skip_host_key_check").value_or(false));
  return t;
}

}  // namespace

Value ResolveConnectionDefaults(const Value& connection, const Value& provider_config) {
  if (!connection.has_members()) return connection;
  Value out = connection;
  auto fill = [&](const char* key, const Value* from_provider) {
    const Value* v = connection.Get(key);
    if ((!v || v->is_null()) && from_provider) out.Set(key, *from_provider);
  };
  fill("user", Member(provider_config, "user"));
  fill("insecure_skip_host_key_check", Member(provider_config, "insecure_skip_host_key_check"));
  fill("command_timeout", Member(provider_config, "command_timeout"));
  const ObjectType& type = *Schema().types.at("wgmesh:index:Connection");
  return ApplyDefaults(out, type.properties);
}

absl::StatusOr<ssh::ConnectOptions> ToConnectOptions(const Value& connection,
                                                     const Value& provider_config) {
  ssh::ConnectOptions o;
  absl::StatusOr<ssh::Target> target = ToTarget(connection, provider_config, "connection");
  if (!target.ok()) return target.status();
  o.target = *std::move(target);
  const Value* proxy = Member(connection, "proxy");
  if (!proxy) proxy = Member(provider_config, "proxy");
  if (proxy) {
    absl::StatusOr<ssh::Target> p = ToTarget(*proxy, provider_config, "connection.proxy");
    if (!p.ok()) return p.status();
    o.proxy = *std::move(p);
  }
  o.sudo = Bool(connection, "sudo").value_or(o.target.credentials.user != "root");
  o.dial_attempts = static_cast<int>(Int(connection, "dial_error_limit").value_or(10));
  const int64_t per_dial = Int(connection, "per_dial_timeout").value_or(15);
  const int64_t command =
      Int(connection, "command_timeout").value_or(Int(provider_config, "command_timeout").value_or(300));
  if (o.dial_attempts < 1 || per_dial < 1 || command < 1)
    return absl::InvalidArgumentError(
        "connection: dial_error_limit, per_dial_timeout and command_timeout must be positive");
  if (per_dial > ssh::kMaxPerDialTimeout.count() || command > ssh::kMaxCommandTimeout.count())
    return absl::InvalidArgumentError(absl::StrCat(
        "connection: per_dial_timeout must be at most ", ssh::kMaxPerDialTimeout.count(),
        " and command_timeout at most ", ssh::kMaxCommandTimeout.count(), " seconds"));
  o.per_dial_timeout = std::chrono::seconds(per_dial);
  o.command_timeout = std::chrono::seconds(command);
  return o;
}

}  // namespace wgmesh::resources
