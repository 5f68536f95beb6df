// SchemaModel's name conversions: values and paths walked alongside the
// schema's types (provider/pulumi/schema.h says how).
#include <utility>

#include "provider/pulumi/schema.h"

namespace wgmesh::pulumi {
namespace {

using resources::Property;
using resources::PropertyType;
using Kind = PropertyType::Kind;

const PropertyType* ElementIf(const PropertyType* type, Kind kind) {
  return type != nullptr && type->kind == kind ? type->element.get() : nullptr;
}
// The properties of an object type; nullptr for anything else.
const std::vector<Property>* PropertiesOf(const PropertyType* type) {
  return type != nullptr && type->kind == Kind::kObject && type->object != nullptr
             ? &type->object->properties
             : nullptr;
}

class Walker {
 public:
  explicit Walker(bool to_snake) : to_snake_(to_snake) {}

  // The property of `props` named `name` in the source case, and its name in
  // the target case (by the plain rule when the schema does not know it).
  std::pair<std::string, const Property*> Member(const std::vector<Property>* props,
                                                 const std::string& name) const {
    if (props != nullptr) {
      for (const Property& p : *props) {
        if ((to_snake_ ? p.schema_name : p.name) == name)
          return {to_snake_ ? p.name : p.schema_name, &p};
      }
    }
    return {to_snake_ ? resources::SnakeCase(name) : SnakeToCamel(name), nullptr};
  }

  // A resource's (or the provider config's) value: an object of `props`.
  Value Root(const Value& v, const std::vector<Property>& props) const {
    Value out = v.has_members() ? Object(v, &props) : v;
    if (v.secret()) out.set_secret(true);
    return out;
  }

 private:
  Value Walk(const Value& v, const PropertyType* type, bool secret) const {
    Value out = WalkData(v, type);
    if (v.secret() || secret) out.set_secret(true);
    return out;
  }

  Value WalkData(const Value& v, const PropertyType* type) const {
    if (v.is_list()) {
      Value out = Value::List();
      const PropertyType* element = ElementIf(type, Kind::kList);
      for (const Value& e : v.elements()) out.Append(Walk(e, element, false));
      return out;
    }
    if (!v.has_members() || type == nullptr) {  // a scalar, or unknown to the schema
      Value out = v;
      out.set_secret(false);
      return out;
    }
    if (const PropertyType* element = ElementIf(type, Kind::kMap)) {
      Value out = Value::Map();
      for (const auto& [key, member] : v.members()) out.Set(key, Walk(member, element, false));
      return out;
    }
    return Object(v, PropertiesOf(type));
  }

  Value Object(const Value& v, const std::vector<Property>* props) const {
    Value out = Value::Object();
    for (const auto& [name, member] : v.members()) {
      auto [converted, p] = Member(props, name);
      out.Set(std::move(converted),
              Walk(member, p ? &p->type : nullptr, p != nullptr && p->secret));
    }
    return out;
  }

  const bool to_snake_;
};

bool IsPlainSegment(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c == '.' || c == '[' || c == ']' || c == '"' || c == '\\') return false;
  }
  return true;
}

std::string Quoted(std::string_view s) {
  std::string out = "[\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"]";
}

bool IsNumber(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string SnakeToCamel(std::string_view snake) {
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_' && !out.empty()) {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

Value SchemaModel::ToSnake(std::string_view token, const Value& camel) const {
  const std::vector<Property>* props = Properties(token);
  return Walker(/*to_snake=*/true).Root(camel, props ? *props : std::vector<Property>{});
}

Value SchemaModel::ToCamel(std::string_view token, const Value& snake) const {
  const std::vector<Property>* props = Properties(token);
  return Walker(/*to_snake=*/false).Root(snake, props ? *props : std::vector<Property>{});
}

std::string SchemaModel::PathToCamel(std::string_view token, const Path& snake_path) const {
  Walker walker(/*to_snake=*/false);
  // Where the path is: the type there, and the properties when it is an object.
  const PropertyType* type = nullptr;
  const std::vector<Property>* props = Properties(token);
  std::string out;
  for (const PathStep& step : snake_path) {
    const PropertyType* list_element = ElementIf(type, Kind::kList);
    const PropertyType* map_element = ElementIf(type, Kind::kMap);
    std::string segment;
    if (step.kind == PathStep::Kind::kIndex) {
      out += "[" + std::to_string(step.index) + "]";
      type = list_element;
      props = PropertiesOf(type);
      continue;
    }
    if (map_element != nullptr) {
      segment = step.name;  // a map key: never converted
      type = map_element;
    } else if (list_element != nullptr && IsNumber(step.name)) {
      out += "[" + step.name + "]";  // a list index spelled as a name
      type = list_element;
      props = PropertiesOf(type);
      continue;
    } else if (step.kind == PathStep::Kind::kKey && props == nullptr) {
      segment = step.name;  // a key of something the schema does not describe
      type = nullptr;
    } else {
      auto [camel, p] = walker.Member(props, step.name);
      segment = std::move(camel);
      type = p ? &p->type : nullptr;
    }
    props = PropertiesOf(type);
    if (IsPlainSegment(segment)) {
      if (!out.empty()) out += '.';
      out += segment;
    } else {
      out += Quoted(segment);
    }
  }
  return out;
}

}  // namespace wgmesh::pulumi
