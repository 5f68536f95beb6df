#include "provider/pulumi/schema.h"

#include <algorithm>

namespace wgmesh::pulumi {
namespace {

// The property of `props` whose `field` is `name`; nullptr if none.
const resources::Property* FindIn(const std::vector<resources::Property>* props,
                                  std::string resources::Property::*field,
                                  std::string_view name) {
  if (props == nullptr) return nullptr;
  for (const resources::Property& p : *props)
    if (p.*field == name) return &p;
  return nullptr;
}

}  // namespace

SchemaModel::SchemaModel(const resources::PackageSchema& typed, std::string_view text)
    : typed_(typed), text_(text) {}

const SchemaModel& SchemaModel::Embedded() {
  // The resource layer embeds the file at build time; both providers share it.
  static const SchemaModel* model =
      new SchemaModel(resources::Schema(), resources::SchemaJsonText());
  return *model;
}

std::string SchemaModel::version() const {
  return typed_.version.empty() ? std::string("0.0.0") : typed_.version;
}

const std::vector<resources::Property>* SchemaModel::Properties(std::string_view token) const {
  if (token == kProviderToken) return &typed_.provider_config;
  auto it = typed_.resources.find(std::string(token));
  return it == typed_.resources.end() ? nullptr : &it->second.properties;
}

const resources::Property* SchemaModel::Find(std::string_view token,
                                             std::string_view snake) const {
  return FindIn(Properties(token), &resources::Property::name, snake);
}

const resources::Property* SchemaModel::FindCamel(std::string_view token,
                                                  std::string_view camel) const {
  return FindIn(Properties(token), &resources::Property::schema_name, camel);
}

std::vector<std::string> SchemaModel::InputNames(std::string_view token) const {
  std::vector<const resources::Property*> inputs;
  if (const std::vector<resources::Property>* props = Properties(token)) {
    for (const resources::Property& p : *props)
      if (p.input) inputs.push_back(&p);
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const auto* a, const auto* b) { return a->schema_name < b->schema_name; });
  std::vector<std::string> names;
  for (const resources::Property* p : inputs) names.push_back(p->name);
  return names;
}

}  // namespace wgmesh::pulumi
