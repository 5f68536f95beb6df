#include "provider/pulumi/provider_config.h"

#include "absl/strings/str_cat.h"
#include "provider/pulumi/schema.h"
#include "provider/value_json.h"

namespace wgmesh::pulumi {
namespace {

// The schema's name of a property's type.
std::string TypeName(const resources::PropertyType& type) {
  using Kind = resources::PropertyType::Kind;
  switch (type.kind) {
    case Kind::kString: return "string";
    case Kind::kInteger: return "integer";
    case Kind::kNumber: return "number";
    case Kind::kBool: return "boolean";
    case Kind::kList: return "array";
    case Kind::kMap:
    case Kind::kObject: return "object";
  }
  return "string";
}

bool HasType(const Value& v, const std::string& type) {
  if (v.is_null() || v.is_unknown()) return true;
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_bool();
  if (type == "integer") return v.is_number() && v.as_number().is_integer();
  if (type == "number") return v.is_number();
  if (type == "object") return v.has_members();
  if (type == "array") return v.is_list();
  return true;
}

}  // namespace

ProviderConfig ParseProviderConfig(const Value& args, const SchemaModel& schema) {
  ProviderConfig out;
  if (!args.has_members()) return out;
  Value typed = Value::Object();
  for (const auto& [name, raw] : args.members()) {
    if (name == "version") continue;  // the engine's own key
    const resources::Property* variable = schema.FindCamel(kProviderToken, name);
    if (variable == nullptr) {
      out.failures.push_back({name, "unknown configuration key of the wgmesh provider"});
      continue;
    }
    const std::string want = TypeName(variable->type);
    Value v = raw;
    if (v.is_string() && want != "string") {
      absl::StatusOr<Value> parsed = ParseJson(v.as_string());
      if (!parsed.ok()) {
        out.failures.push_back({name, absl::StrCat("must be ", want, ", not \"",
                                                   raw.secret() ? "(secret)" : v.as_string(),
                                                   "\"")});
        continue;
      }
      parsed->set_secret(raw.secret());
      v = *std::move(parsed);
    }
    if (!HasType(v, want)) {
      out.failures.push_back({name, absl::StrCat("must be ", want)});
      continue;
    }
    typed.Set(name, std::move(v));
  }
  out.config = schema.ToSnake(kProviderToken, typed);
  return out;
}

Value ArgsFromVariables(const std::map<std::string, std::string>& variables) {
  Value args = Value::Object();
  for (const auto& [key, text] : variables) {
    const size_t colon = key.rfind(':');
    args.Set(colon == std::string::npos ? key : key.substr(colon + 1), Value::String(text));
  }
  return args;
}

}  // namespace wgmesh::pulumi
