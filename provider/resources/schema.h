// The package schema (schema/wgmesh.schema.json, embedded in the binary at
// build time) as the resource layer sees it: properties by snake_case name,
// their types, defaults, secret marks and descriptions. Both providers derive
// their wire schemas from it; the handlers use it to fill defaults, mark
// secrets and map core attribute paths onto Value paths.
#ifndef WGMESH_PROVIDER_RESOURCES_SCHEMA_H_
#define WGMESH_PROVIDER_RESOURCES_SCHEMA_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/problems.h"
#include "provider/value.h"

namespace wgmesh::resources {

// The schema file's text, exactly as in the source tree.
std::string_view SchemaJsonText();

// "listenPort" -> "listen_port".
std::string SnakeCase(std::string_view camel);

struct ObjectType;

struct PropertyType {
  enum class Kind { kString, kInteger, kNumber, kBool, kList, kMap, kObject };
  Kind kind = Kind::kString;
  std::shared_ptr<const PropertyType> element;  // kList, kMap
  const ObjectType* object = nullptr;           // kObject: a named type of the package
};

struct Property {
  std::string name;        // snake_case
  std::string schema_name;  // as in the file: camelCase
  PropertyType type;
  std::string description;  // markdown
  bool secret = false;
  bool required = false;     // a required input (or a required field of a type)
  bool input = false;        // an input property (else output only)
  std::optional<nlohmann::json> default_value;
  // An optional input the provider fills when unset (the resource's outputs
  // list it as always set): from its default, or derived from other inputs
  // (a Node's `mesh` from its `config`). Terraform: optional + computed.
  bool filled_when_unset = false;
};

struct ObjectType {
  std::string token;  // "wgmesh:index:Connection"
  std::string description;
  std::vector<Property> properties;  // sorted by name
  const Property* Find(std::string_view name) const;
};

struct ResourceSchema {
  std::string token;  // "wgmesh:index:Mesh"
  std::string description;
  std::vector<Property> properties;  // inputs and outputs, sorted by name
  const Property* Find(std::string_view name) const;
};

struct PackageSchema {
  std::string name, version, description;
  std::vector<Property> provider_config;  // provider.inputProperties
  std::map<std::string, std::unique_ptr<ObjectType>> types;
  std::map<std::string, ResourceSchema> resources;
  const ResourceSchema& Resource(std::string_view token) const;  // must exist
};

// The embedded schema, parsed once. A malformed schema aborts at start-up
// (it is part of the build, checked by tests).
const PackageSchema& Schema();

// The resource part of a token: "wgmesh:index:Mesh" -> "Mesh"; Terraform's
// type name is "wgmesh_" + SnakeCase of it ("wgmesh_mesh").
std::string TerraformTypeName(std::string_view token);

// `value` (an object of `properties`) with null inputs that have a default
// filled in, at every depth.
Value ApplyDefaults(const Value& value, const std::vector<Property>& properties);
// `value` with the secret mark set on every secret property, at every depth.
Value MarkSecrets(const Value& value, const std::vector<Property>& properties);
// A core attribute path ({"nodes","a","peers","0"}) as a Value path
// (nodes["a"].peers[0]), typed by `properties`. Segments past what the schema
// describes are kept as attributes.
Path ToValuePath(const AttrPath& path, const std::vector<Property>& properties);

}  // namespace wgmesh::resources

#endif  // WGMESH_PROVIDER_RESOURCES_SCHEMA_H_
