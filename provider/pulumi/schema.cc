#include "provider/pulumi/schema.h"

#include "provider/resources/schema.h"

namespace wgmesh::pulumi {

// The resource layer embeds the file at build time; both providers share it.
std::string_view SchemaText() { return resources::SchemaJsonText(); }

const nlohmann::json& Schema() {
  static const nlohmann::json* schema = new nlohmann::json(
      nlohmann::json::parse(SchemaText(), /*cb=*/nullptr, /*allow_exceptions=*/false));
  return *schema;
}

std::string SchemaVersion() {
  const nlohmann::json& s = Schema();
  auto it = s.is_object() ? s.find("version") : s.end();
  return it != s.end() && it->is_string() ? it->get<std::string>() : std::string("0.0.0");
}

}  // namespace wgmesh::pulumi
