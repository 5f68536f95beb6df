#include "provider/terraform/json_codec.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "provider/value_json.h"

namespace wgmesh::terraform {
namespace {

absl::Status ErrorAt(const Path& path, absl::string_view what) {
  std::string where = PathString(path);
  return absl::InvalidArgumentError(
      where.empty() ? std::string(what) : absl::StrCat(where, ": ", what));
}

absl::StatusOr<Value> Conform(const Value& v, const CtyType& type, const JsonDecodeOptions& options,
                              Path& path) {
  if (v.is_null()) return Value::Null();
  switch (type.kind()) {
    case CtyType::Kind::kDynamic: {
      const Value* inner = v.Get("value");
      const Value* inner_type = v.Get("type");
      if (!v.is_object() || inner == nullptr || inner_type == nullptr || v.members().size() != 2) {
        return ErrorAt(path, "dynamic value must be {\"value\": ..., \"type\": ...}");
      }
      absl::StatusOr<nlohmann::json> type_json = ToJson(*inner_type);
      if (!type_json.ok()) return ErrorAt(path, type_json.status().message());
      absl::StatusOr<CtyType> actual = CtyType::FromJson(*type_json);
      if (!actual.ok()) return ErrorAt(path, actual.status().message());
      return Conform(*inner, *actual, options, path);
    }
    case CtyType::Kind::kString:
      if (v.is_string()) return v;
      if (v.is_number()) return Value::String(v.as_number().ToString());
      if (v.is_bool()) return Value::String(v.as_bool() ? "true" : "false");
      return ErrorAt(path, "expected a string");
    case CtyType::Kind::kNumber:
      if (v.is_number()) return v;
      if (v.is_string()) {
        absl::StatusOr<Number> n = Number::Parse(v.as_string());
        if (!n.ok()) return ErrorAt(path, n.status().message());
        return Value::Num(*std::move(n));
      }
      return ErrorAt(path, "expected a number");
    case CtyType::Kind::kBool:
      if (v.is_bool()) return v;
      if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false")) {
        return Value::Bool(v.as_string() == "true");
      }
      return ErrorAt(path, "expected a bool");
    case CtyType::Kind::kList:
    case CtyType::Kind::kSet:
    case CtyType::Kind::kTuple: {
      if (!v.is_list()) return ErrorAt(path, "expected a JSON array");
      const bool tuple = type.kind() == CtyType::Kind::kTuple;
      if (tuple && v.elements().size() != type.elements().size()) {
        return ErrorAt(path, absl::StrCat("tuple needs ", type.elements().size(), " elements, got ",
                                          v.elements().size()));
      }
      Value out = Value::List();
      for (size_t i = 0; i < v.elements().size(); ++i) {
        path.push_back(PathStep::Index(static_cast<int64_t>(i)));
        absl::StatusOr<Value> e =
            Conform(v.elements()[i], tuple ? type.elements()[i] : type.element(), options, path);
        path.pop_back();
        if (!e.ok()) return e.status();
        out.Append(*std::move(e));
      }
      return out;
    }
    case CtyType::Kind::kMap: {
      if (!v.has_members()) return ErrorAt(path, "expected a JSON object");
      Value out = Value::Map();
      for (const auto& [key, member] : v.members()) {
        path.push_back(PathStep::Key(key));
        absl::StatusOr<Value> e = Conform(member, type.element(), options, path);
        path.pop_back();
        if (!e.ok()) return e.status();
        out.Set(key, *std::move(e));
      }
      return out;
    }
    case CtyType::Kind::kObject: {
      if (!v.has_members()) return ErrorAt(path, "expected a JSON object");
      Value out = Value::Object();
      for (const auto& [key, member] : v.members()) {
        auto it = type.attributes().find(key);
        if (it == type.attributes().end()) {
          if (options.ignore_undefined_attributes) continue;
          return ErrorAt(path, absl::StrCat("unsupported attribute \"", key, "\""));
        }
        path.push_back(PathStep::Attribute(key));
        absl::StatusOr<Value> e = Conform(member, it->second, options, path);
        path.pop_back();
        if (!e.ok()) return e.status();
        out.Set(key, *std::move(e));
      }
      for (const auto& [name, attr_type] : type.attributes()) {
        if (out.Get(name) == nullptr) out.Set(name, Value::Null());
      }
      return out;
    }
  }
  return ErrorAt(path, "unreachable type");
}

}  // namespace

absl::StatusOr<Value> ConformToType(const Value& untyped, const CtyType& type,
                                    const JsonDecodeOptions& options) {
  Path path;
  return Conform(untyped, type, options, path);
}

absl::StatusOr<Value> DecodeJson(std::string_view json_text, const CtyType& type,
                                 const JsonDecodeOptions& options) {
  absl::StatusOr<Value> untyped = ParseJson(json_text);
  if (!untyped.ok()) return untyped.status();
  return ConformToType(*untyped, type, options);
}

}  // namespace wgmesh::terraform
