#include "provider/resources/schema.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "provider/value_json.h"

namespace wgmesh::resources {
namespace {

using nlohmann::json;

[[noreturn]] void Fatal(const std::string& what) {
  std::fprintf(stderr, "wgmesh: embedded schema: %s\n", what.c_str());
  std::abort();
}

class Parser {
 public:
  explicit Parser(PackageSchema* out) : out_(out) {}

  PropertyType Type(const json& j, const std::string& where) {
    PropertyType t;
    if (j.contains("$ref")) {
      std::string ref = j.at("$ref");
      auto it = out_->types.find(ref.substr(ref.rfind('/') + 1));
      if (ref.rfind("#/types/", 0) != 0 || it == out_->types.end()) Fatal(where + ": bad $ref");
      t.kind = PropertyType::Kind::kObject;
      t.object = it->second.get();
      return t;
    }
    std::string type = j.value("type", "");
    if (type == "string") {
      t.kind = PropertyType::Kind::kString;
    } else if (type == "integer") {
      t.kind = PropertyType::Kind::kInteger;
    } else if (type == "number") {
      t.kind = PropertyType::Kind::kNumber;
    } else if (type == "boolean") {
      t.kind = PropertyType::Kind::kBool;
    } else if (type == "array") {
      t.kind = PropertyType::Kind::kList;
      t.element = std::make_shared<PropertyType>(Type(j.at("items"), where + "[]"));
    } else if (type == "object" && j.contains("additionalProperties")) {
      t.kind = PropertyType::Kind::kMap;
      t.element = std::make_shared<PropertyType>(Type(j.at("additionalProperties"), where + "{}"));
    } else {
      Fatal(where + ": unsupported type");
    }
    return t;
  }

  std::vector<Property> Properties(const json& props, const json& required, bool input,
                                   const std::string& where) {
    std::set<std::string> req;
    for (const auto& r : required) req.insert(r.get<std::string>());
    std::vector<Property> out;
    for (const auto& [name, p] : props.items()) {
      Property prop;
      prop.schema_name = name;
      prop.name = SnakeCase(name);
      prop.type = Type(p, where + "." + name);
      prop.description = p.value("description", "");
      prop.secret = p.value("secret", false);
      prop.required = req.contains(name);
      prop.input = input;
      if (p.contains("default")) prop.default_value = p.at("default");
      out.push_back(std::move(prop));
    }
    std::sort(out.begin(), out.end(),
              [](const Property& a, const Property& b) { return a.name < b.name; });
    return out;
  }

  void Parse(const json& doc) {
    out_->name = doc.value("name", "");
    out_->version = doc.value("version", "");
    out_->description = doc.value("description", "");
    const json& types = doc.at("types");
    for (const auto& [token, unused] : types.items()) {
      auto t = std::make_unique<ObjectType>();
      t->token = token;
      out_->types[token] = std::move(t);
    }
    for (const auto& [token, t] : types.items()) {
      ObjectType& ot = *out_->types[token];
      ot.description = t.value("description", "");
      ot.properties =
          Properties(t.at("properties"), t.value("required", json::array()), true, token);
    }
    const json& provider = doc.at("provider");
    out_->provider_config =
        Properties(provider.at("inputProperties"), json::array(), true, "provider");
    for (const auto& [token, r] : doc.at("resources").items()) {
      ResourceSchema rs;
      rs.token = token;
      rs.description = r.value("description", "");
      std::vector<Property> inputs = Properties(
          r.at("inputProperties"), r.value("requiredInputs", json::array()), true, token);
      // `required` of the outputs: the properties every state holds.
      std::vector<Property> all =
          Properties(r.at("properties"), r.value("required", json::array()), false, token);
      for (Property& p : all) {
        const bool always_set = p.required;
        if (const Property* in = FindIn(inputs, p.name)) {
          p = *in;
          p.filled_when_unset = !p.required && always_set;
        } else {
          p.required = false;  // outputs are never required inputs
        }
      }
      rs.properties = std::move(all);
      out_->resources[token] = std::move(rs);
    }
  }

  static const Property* FindIn(const std::vector<Property>& props, std::string_view name) {
    for (const Property& p : props)
      if (p.name == name) return &p;
    return nullptr;
  }

 private:
  PackageSchema* out_;
};

const Property* FindProperty(const std::vector<Property>& props, std::string_view name) {
  return Parser::FindIn(props, name);
}

Value Walk(const Value& v, const PropertyType& type, bool defaults, bool secrets);

Value WalkObject(const Value& v, const std::vector<Property>& props, bool defaults,
                 bool secrets) {
  if (!v.has_members()) return v;
  Value out = v;
  for (const Property& p : props) {
    const Value* member = v.Get(p.name);
    Value m = member ? *member : Value::Null();
    if (defaults && m.is_null() && p.input && p.default_value) {
      absl::StatusOr<Value> d = FromJson(*p.default_value);
      if (d.ok()) m = *d;
    }
    m = Walk(m, p.type, defaults, secrets);
    if (secrets && p.secret && !m.is_null()) m.set_secret(true);
    if (member || !m.is_null()) out.Set(p.name, std::move(m));
  }
  return out;
}

Value Walk(const Value& v, const PropertyType& type, bool defaults, bool secrets) {
  switch (type.kind) {
    case PropertyType::Kind::kObject:
      return WalkObject(v, type.object->properties, defaults, secrets);
    case PropertyType::Kind::kMap:
      if (v.has_members()) {
        Value out = v;
        for (auto& [k, m] : out.mutable_members()) m = Walk(m, *type.element, defaults, secrets);
        return out;
      }
      return v;
    case PropertyType::Kind::kList:
      if (v.is_list()) {
        Value out = v;
        for (Value& e : out.mutable_elements()) e = Walk(e, *type.element, defaults, secrets);
        return out;
      }
      return v;
    default:
      return v;
  }
}

}  // namespace

std::string SnakeCase(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

const Property* ObjectType::Find(std::string_view name) const {
  return FindProperty(properties, name);
}
const Property* ResourceSchema::Find(std::string_view name) const {
  return FindProperty(properties, name);
}

const ResourceSchema& PackageSchema::Resource(std::string_view token) const {
  auto it = resources.find(std::string(token));
  if (it == resources.end()) Fatal("no resource " + std::string(token));
  return it->second;
}

const PackageSchema& Schema() {
  static const PackageSchema* schema = [] {
    auto* s = new PackageSchema;
    json doc = json::parse(SchemaJsonText(), nullptr, false);
    if (doc.is_discarded()) Fatal("not valid JSON");
    try {
      Parser(s).Parse(doc);
    } catch (const json::exception& e) {
      Fatal(e.what());
    }
    return s;
  }();
  return *schema;
}

std::string TerraformTypeName(std::string_view token) {
  std::string_view last = token.substr(token.rfind(':') + 1);
  std::string snake = SnakeCase(last);
  if (!snake.empty() && snake[0] == '_') snake.erase(0, 1);
  return "wgmesh_" + snake;
}

Value ApplyDefaults(const Value& value, const std::vector<Property>& properties) {
  return WalkObject(value, properties, /*defaults=*/true, /*secrets=*/false);
}

Value MarkSecrets(const Value& value, const std::vector<Property>& properties) {
  return WalkObject(value, properties, /*defaults=*/false, /*secrets=*/true);
}

Path ToValuePath(const AttrPath& path, const std::vector<Property>& properties) {
  Path out;
  const std::vector<Property>* props = &properties;
  const PropertyType* type = nullptr;  // the type of the value the next segment indexes
  for (const std::string& seg : path.segments()) {
    if (type == nullptr) {
      const Property* p = props ? FindProperty(*props, seg) : nullptr;
      out.push_back(PathStep::Attribute(seg));
      type = p ? &p->type : nullptr;
      props = nullptr;
      if (type && type->kind == PropertyType::Kind::kObject) {
        props = &type->object->properties;
        type = nullptr;
      } else if (!type || (type->kind != PropertyType::Kind::kMap &&
                           type->kind != PropertyType::Kind::kList)) {
        type = nullptr;  // a leaf: anything further is kept as attributes
      }
      continue;
    }
    const PropertyType* element = type->element.get();
    if (type->kind == PropertyType::Kind::kList) {
      char* end = nullptr;
      long long index = std::strtoll(seg.c_str(), &end, 10);
      if (end && *end == '\0' && !seg.empty())
        out.push_back(PathStep::Index(index));
      else
        out.push_back(PathStep::Attribute(seg));
    } else {
      out.push_back(PathStep::Key(seg));
    }
    type = nullptr;
    props = nullptr;
    if (element->kind == PropertyType::Kind::kObject) {
      props = &element->object->properties;
    } else if (element->kind == PropertyType::Kind::kMap ||
               element->kind == PropertyType::Kind::kList) {
      type = element;
    }
  }
  return out;
}

}  // namespace wgmesh::resources
