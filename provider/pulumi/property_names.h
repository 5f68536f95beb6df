// Property names between Pulumi (camelCase, as in the schema) and the resource
// handlers (snake_case), guided by the schema so that map keys (node names)
// are never converted and map-typed properties become Value maps.
//
// Walking a value alongside its schema type: an object type with `properties`
// converts its member names; a type with `additionalProperties` is a map whose
// keys stay as they are; `items` types list elements; `$ref` follows into
// `types`. Members the schema does not know are converted by the plain rule
// (aB <-> a_b) and their contents left alone. Properties marked `secret` in
// the schema come out secret in both directions, so a secret is never lost
// to a handler or an engine that forgot to mark it.
#ifndef WGMESH_PROVIDER_PULUMI_PROPERTY_NAMES_H_
#define WGMESH_PROVIDER_PULUMI_PROPERTY_NAMES_H_

#include <map>
#include <string>
#include <vector>
#include <string_view>

#include <nlohmann/json.hpp>

#include "provider/value.h"

namespace wgmesh::pulumi {

std::string SnakeToCamel(std::string_view snake);

class PropertyNames {
 public:
  // `schema` must outlive this object.
  explicit PropertyNames(const nlohmann::json& schema);

  // `token` is a resource type ("wgmesh:index:Mesh") or kProviderToken. An
  // unknown token converts by the plain rule only.
  Value ToSnake(std::string_view token, const Value& camel) const;
  Value ToCamel(std::string_view token, const Value& snake) const;

  // A snake_case path into a resource's inputs rendered as a Pulumi property
  // path with camelCase names: nodes.a.listenPort, nodes["web.example"].addr,
  // connection.proxy.host, nodes.a.peers[0].
  std::string PathToCamel(std::string_view token, const Path& snake_path) const;

  // The resource's input property names, snake_case.
  std::vector<std::string> InputNames(std::string_view token) const;

 private:
  const nlohmann::json* Root(std::string_view token) const;
  const nlohmann::json& schema_;
  // token -> {"properties": inputs and outputs}; inputs -> snake input names.
  std::map<std::string, nlohmann::json, std::less<>> roots_;
  std::map<std::string, std::vector<std::string>, std::less<>> inputs_;
};

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_PROPERTY_NAMES_H_
