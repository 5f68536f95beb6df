#include "provider/terraform/tf_schema.h"

#include "provider/terraform/timeouts.h"
#include "provider/terraform/write_only.h"

namespace wgmesh::terraform {
namespace {

// Descriptions name other properties in the schema's camelCase (`listenPort`); Terraform
// users know them in snake_case. Only backticked camelCase words are rewritten.
std::string ForTerraform(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('`', i);
    size_t close = open == std::string::npos ? open : text.find('`', open + 1);
    if (close == std::string::npos) break;
    out.append(text, i, open + 1 - i);
    std::string word = text.substr(open + 1, close - open - 1);
    bool camel = !word.empty() && word[0] >= 'a' && word[0] <= 'z';
    bool upper = false;
    for (char c : word) {
      upper |= c >= 'A' && c <= 'Z';
      camel &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    out += camel && upper ? resources::SnakeCase(word) : word;
    out += '`';
    i = close + 1;
  }
  out.append(text, i, std::string::npos);
  return out;
}

using resources::Property;
using resources::PropertyType;

CtyType TypeOf(const PropertyType& t);

// `token`: the named type the properties belong to ("" for resources and the provider).
CtyType ObjectOf(const std::vector<Property>& props, std::string_view token = "") {
  std::map<std::string, CtyType> attrs;
  for (const Property& p : props) attrs[p.name] = TypeOf(p.type);
  AddWriteOnlyTypes(token, &attrs);
  return CtyType::Object(std::move(attrs));
}

CtyType TypeOf(const PropertyType& t) {
  switch (t.kind) {
    case PropertyType::Kind::kString: return CtyType::String();
    case PropertyType::Kind::kInteger:
    case PropertyType::Kind::kNumber: return CtyType::Number();
    case PropertyType::Kind::kBool: return CtyType::Bool();
    case PropertyType::Kind::kList: return CtyType::List(TypeOf(*t.element));
    case PropertyType::Kind::kMap: return CtyType::Map(TypeOf(*t.element));
    case PropertyType::Kind::kObject: return ObjectOf(t.object->properties, t.object->token);
  }
  return CtyType::Dynamic();
}

void AddAttributes(const std::vector<Property>& props, bool provider_level,
                   google::protobuf::RepeatedPtrField<tfplugin6::Schema::Attribute>* out);

void FillAttribute(const Property& p, bool provider_level, tfplugin6::Schema::Attribute* a) {
  a->set_name(p.name);
  a->set_description(ForTerraform(p.description));
  a->set_description_kind(tfplugin6::MARKDOWN);
  a->set_sensitive(p.secret);
  if (provider_level) {  // provider configuration: never computed
    a->set_required(p.required);
    a->set_optional(!p.required);
  } else if (!p.input) {
    a->set_computed(true);
  } else if (p.required) {
    a->set_required(true);
  } else {
    a->set_optional(true);
    a->set_computed(p.default_value.has_value() || p.filled_when_unset);
  }
  const PropertyType& t = p.type;
  const bool map_of_objects =
      t.kind == PropertyType::Kind::kMap && t.element->kind == PropertyType::Kind::kObject;
  if (t.kind == PropertyType::Kind::kObject || map_of_objects) {
    const resources::ObjectType& ot = map_of_objects ? *t.element->object : *t.object;
    tfplugin6::Schema::Object* nested = a->mutable_nested_type();
    nested->set_nesting(map_of_objects ? tfplugin6::Schema::Object::MAP
                                       : tfplugin6::Schema::Object::SINGLE);
    AddAttributes(ot.properties, provider_level, nested->mutable_attributes());
    if (!provider_level) AddWriteOnlyAttributes(ot.token, nested->mutable_attributes());
    return;
  }
  a->set_type(TypeOf(t).ToJsonString());
}

void AddAttributes(const std::vector<Property>& props, bool provider_level,
                   google::protobuf::RepeatedPtrField<tfplugin6::Schema::Attribute>* out) {
  for (const Property& p : props) FillAttribute(p, provider_level, out->Add());
}

ProviderSchema Build() {
  const resources::PackageSchema& pkg = resources::Schema();
  ProviderSchema out;
  tfplugin6::Schema::Block* block = out.provider.mutable_block();
  block->set_description(pkg.description);
  block->set_description_kind(tfplugin6::MARKDOWN);
  AddAttributes(pkg.provider_config, /*provider_level=*/true, block->mutable_attributes());
  out.provider_type = ObjectOf(pkg.provider_config);
  for (const auto& [token, rs] : pkg.resources) {
    ResourceType rt;
    rt.token = token;
    rt.type_name = resources::TerraformTypeName(token);
    rt.schema.set_version(kResourceSchemaVersion);
    tfplugin6::Schema::Block* b = rt.schema.mutable_block();
    b->set_description(ForTerraform(rs.description));
    b->set_description_kind(tfplugin6::MARKDOWN);
    AddAttributes(rs.properties, /*provider_level=*/false, b->mutable_attributes());
    rt.type = ObjectOf(rs.properties);
    if (HasTimeouts(token)) {
      AddTimeoutsBlock(b);
      std::map<std::string, CtyType> attrs = rt.type.attributes();
      attrs[kTimeouts] = TimeoutsType();
      rt.type = CtyType::Object(std::move(attrs));
    }
    out.resources[rt.type_name] = std::move(rt);
  }
  return out;
}

}  // namespace

const ProviderSchema& TerraformSchema() {
  static const ProviderSchema* schema = new ProviderSchema(Build());
  return *schema;
}

}  // namespace wgmesh::terraform
