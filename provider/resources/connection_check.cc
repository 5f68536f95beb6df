#include "provider/resources/connection_check.h"

#include <string_view>
#include <utility>

#include "core/connection_rules.h"
#include "core/ssh/session.h"
#include "provider/resources/mesh_spec.h"
#include "provider/resources/schema.h"

namespace wgmesh::resources {
namespace {

// The string fields a connection (or proxy, or the provider's defaults) may
// have, with their rule.
constexpr std::pair<std::string_view, ConnectionField> kStringFields[] = {
    {"host", ConnectionField::kHost},
    {"user", ConnectionField::kUser},
    {"agent_socket_path", ConnectionField::kPath},
    {"known_hosts_file", ConnectionField::kPath},
    {"host_key", ConnectionField::kHostKey},
};

const Value* Known(const Value& object, std::string_view key) {
  const Value* v = object.has_members() ? object.Get(key) : nullptr;
  return v && !v->is_null() && !v->is_unknown() ? v : nullptr;
}

void CheckStrings(const Value& connection, const AttrPath& at, Problems& p) {
  for (const auto& [key, field] : kStringFields)
    if (const Value* v = Known(connection, key); v && v->is_string())
      CheckConnectionField(field, at.Child(std::string(key)), v->as_string(), p);
  if (const Value* proxy = Known(connection, "proxy"); proxy && proxy->has_members())
    CheckStrings(*proxy, at.Child("proxy"), p);
}

}  // namespace

Diagnostics CheckNodeConnection(const Value& connection) {
  Problems p;
  CheckStrings(connection, AttrPath("connection"), p);
  return ToDiagnostics(p, Schema().Resource("wgmesh:index:Node").properties, "connection");
}

Diagnostics CheckProviderConfig(const Value& config) {
  Problems p;
  CheckStrings(config, AttrPath(), p);
  if (const Value* v = Known(config, "parallelism"); v && v->is_number())
    CheckRange(AttrPath("parallelism"), v->as_number().ToInt64().value_or(0), kMaxParallelism,
               "hosts at once", p);
  if (const Value* v = Known(config, "command_timeout"); v && v->is_number())
    CheckRange(AttrPath("command_timeout"), v->as_number().ToInt64().value_or(0),
               ssh::kMaxCommandTimeout.count(), "seconds", p);
  return ToDiagnostics(p, Schema().provider_config, "provider configuration");
}

}  // namespace wgmesh::resources
