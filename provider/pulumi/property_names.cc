#include "provider/pulumi/property_names.h"

#include <utility>

#include "provider/pulumi/schema.h"
#include "provider/resources/schema.h"

namespace wgmesh::pulumi {
namespace {

using nlohmann::json;

const json* Member(const json* type, const char* key) {
  if (type == nullptr || !type->is_object()) return nullptr;
  auto it = type->find(key);
  return it == type->end() ? nullptr : &*it;
}

class Walker {
 public:
  Walker(const json& schema, bool to_snake) : schema_(schema), to_snake_(to_snake) {}

  // Follows "$ref": "#/types/<token>"; nullptr when there is nothing to follow.
  const json* Resolve(const json* type) const {
    const json* ref = Member(type, "$ref");
    if (ref == nullptr || !ref->is_string()) return type;
    std::string_view r = ref->get_ref<const std::string&>();
    constexpr std::string_view kPrefix = "#/types/";
    if (r.substr(0, kPrefix.size()) != kPrefix) return nullptr;
    return Member(Member(&schema_, "types"), std::string(r.substr(kPrefix.size())).c_str());
  }

  // The schema property whose name (camelCase) matches `name` in the source case.
  std::pair<std::string, const json*> Property(const json* properties,
                                               const std::string& name) const {
    if (to_snake_) {
      const json* p = Member(properties, name.c_str());
      return {resources::SnakeCase(name), p};
    }
    if (properties != nullptr && properties->is_object()) {
      for (const auto& [camel, spec] : properties->items()) {
        if (resources::SnakeCase(camel) == name) return {camel, &spec};
      }
    }
    return {SnakeToCamel(name), nullptr};
  }

  Value Walk(const Value& v, const json* type) const {
    const json* secret = Member(type, "secret");  // on the property, not its $ref target
    Value out = WalkData(v, Resolve(type));
    if (v.secret() || (secret != nullptr && secret->is_boolean() && secret->get<bool>())) {
      out.set_secret(true);
    }
    return out;
  }

 private:
  Value WalkData(const Value& v, const json* type) const {
    if (v.is_list()) {
      Value out = Value::List();
      const json* items = Member(type, "items");
      for (const Value& e : v.elements()) out.Append(Walk(e, items));
      return out;
    }
    if (!v.has_members()) {
      Value out = v;
      out.set_secret(false);
      return out;
    }
    if (type == nullptr) {  // unknown to the schema: keep as it is
      Value out = v;
      out.set_secret(false);
      return out;
    }
    if (const json* additional = Member(type, "additionalProperties")) {
      Value out = Value::Map();
      for (const auto& [key, member] : v.members()) out.Set(key, Walk(member, additional));
      return out;
    }
    const json* properties = Member(type, "properties");
    Value out = Value::Object();
    for (const auto& [name, member] : v.members()) {
      auto [converted, spec] = Property(properties, name);
      out.Set(std::move(converted), Walk(member, spec));
    }
    return out;
  }

  const json& schema_;
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

void AddProperties(json& root, const json* properties) {
  if (properties == nullptr || !properties->is_object()) return;
  for (const auto& [name, spec] : properties->items()) root["properties"][name] = spec;
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

PropertyNames::PropertyNames(const json& schema) : schema_(schema) {
  auto add = [&](std::string token, const json* inputs, const json* outputs) {
    json root = json::object();
    root["properties"] = json::object();
    AddProperties(root, inputs);
    AddProperties(root, outputs);
    std::vector<std::string> names;
    if (inputs != nullptr && inputs->is_object()) {
      for (const auto& [name, spec] : inputs->items()) names.push_back(resources::SnakeCase(name));
    }
    inputs_.emplace(token, std::move(names));
    roots_.emplace(std::move(token), std::move(root));
  };
  const json* resources = Member(&schema, "resources");
  if (resources != nullptr && resources->is_object()) {
    for (const auto& [token, spec] : resources->items()) {
      add(token, Member(&spec, "inputProperties"), Member(&spec, "properties"));
    }
  }
  add(std::string(kProviderToken), Member(Member(&schema, "provider"), "inputProperties"),
      Member(Member(&schema, "config"), "variables"));
}

const json* PropertyNames::Root(std::string_view token) const {
  auto it = roots_.find(token);
  return it == roots_.end() ? nullptr : &it->second;
}

std::vector<std::string> PropertyNames::InputNames(std::string_view token) const {
  auto it = inputs_.find(token);
  return it == inputs_.end() ? std::vector<std::string>{} : it->second;
}

Value PropertyNames::ToSnake(std::string_view token, const Value& camel) const {
  static const json kEmptyObject = {{"properties", json::object()}};
  const json* root = Root(token);
  return Walker(schema_, /*to_snake=*/true).Walk(camel, root ? root : &kEmptyObject);
}

Value PropertyNames::ToCamel(std::string_view token, const Value& snake) const {
  static const json kEmptyObject = {{"properties", json::object()}};
  const json* root = Root(token);
  return Walker(schema_, /*to_snake=*/false).Walk(snake, root ? root : &kEmptyObject);
}

std::string PropertyNames::PathToCamel(std::string_view token, const Path& snake_path) const {
  Walker walker(schema_, /*to_snake=*/false);
  const json* type = Root(token);
  std::string out;
  for (const PathStep& step : snake_path) {
    type = walker.Resolve(type);
    std::string segment;
    const json* additional = Member(type, "additionalProperties");
    if (step.kind == PathStep::Kind::kIndex) {
      out += "[" + std::to_string(step.index) + "]";
      type = Member(type, "items");
      continue;
    }
    if (additional != nullptr) {
      segment = step.name;  // a map key: never converted
      type = additional;
    } else if (Member(type, "items") != nullptr && !step.name.empty() &&
               step.name.find_first_not_of("0123456789") == std::string::npos) {
      out += "[" + step.name + "]";  // a list index spelled as a name
      type = Member(type, "items");
      continue;
    } else if (step.kind == PathStep::Kind::kKey && Member(type, "properties") == nullptr) {
      segment = step.name;  // a key of something the schema does not describe
      type = nullptr;
    } else {
      auto [camel, spec] = walker.Property(Member(type, "properties"), step.name);
      segment = std::move(camel);
      type = spec;
    }
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
