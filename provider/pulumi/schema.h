// The package schema as the Pulumi adapter knows it: one model, built once from
// the embedded schema/wgmesh.schema.json (through the resource layer's parsed
// form, provider/resources/schema.h), and the only place the adapter learns
// the schema from. GetSchema answers with its text unchanged, GetPluginInfo
// with its version; CheckConfig finds config variables in it; Check, Diff,
// Create, Read, Update and Delete convert property names and paths through it.
//
// Names: Pulumi uses camelCase (as in the schema), the resource handlers
// snake_case. Walking a value alongside its schema type: an object type
// converts its member names; a map keeps its keys (node names are never
// converted) and becomes a Value map; list elements follow the element type.
// Members the schema does not know are converted by the plain rule
// (aB <-> a_b) and their contents left alone. Properties marked `secret` in
// the schema come out secret in both directions, so a secret is never lost to
// a handler or an engine that forgot to mark it.
#ifndef WGMESH_PROVIDER_PULUMI_SCHEMA_H_
#define WGMESH_PROVIDER_PULUMI_SCHEMA_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "provider/resources/schema.h"
#include "provider/value.h"

namespace wgmesh::pulumi {

// The provider resource's type token, used for the provider's own config.
inline constexpr std::string_view kProviderToken = "pulumi:providers:wgmesh";

// "listen_port" -> "listenPort" (the plain rule).
std::string SnakeToCamel(std::string_view snake);

class SchemaModel {
 public:
  // `typed` must outlive this object; `text` is what GetSchema answers.
  SchemaModel(const resources::PackageSchema& typed, std::string_view text);
  // The embedded schema.
  static const SchemaModel& Embedded();

  std::string_view text() const { return text_; }
  std::string version() const;  // "0.0.0" when the schema has none

  // `token` is a resource type ("wgmesh:index:Mesh") or kProviderToken. The
  // properties (inputs and outputs), nullptr for an unknown token.
  const std::vector<resources::Property>* Properties(std::string_view token) const;
  // A property by its snake_case or by its schema (camelCase) name; nullptr if none.
  const resources::Property* Find(std::string_view token, std::string_view snake) const;
  const resources::Property* FindCamel(std::string_view token, std::string_view camel) const;
  // The input property names, snake_case, in the schema's order.
  std::vector<std::string> InputNames(std::string_view token) const;

  // Conversions (an unknown token converts by the plain rule only).
  Value ToSnake(std::string_view token, const Value& camel) const;
  Value ToCamel(std::string_view token, const Value& snake) const;
  // A snake_case path into a resource's inputs rendered as a Pulumi property
  // path with camelCase names: nodes.a.listenPort, nodes["web.example"].addr,
  // connection.proxy.host, nodes.a.peers[0].
  std::string PathToCamel(std::string_view token, const Path& snake_path) const;

 private:
  const resources::PackageSchema& typed_;
  std::string_view text_;
};

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_SCHEMA_H_
