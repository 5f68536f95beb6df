#include "provider/pulumi/struct_codec.h"

#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/input_limits.h"

namespace wgmesh::pulumi {
namespace {

namespace pb = google::protobuf;

constexpr int kMaxDepth = kMaxNestingDepth;
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

absl::Status ErrorAt(const Path& path, absl::string_view what) {
  std::string where = PathString(path);
  return absl::InvalidArgumentError(
      where.empty() ? std::string(what) : absl::StrCat(where, ": ", what));
}

absl::StatusOr<Value> Decode(const pb::Value& v, Path& path, int depth);

absl::StatusOr<Value> DecodeStruct(const pb::Struct& s, Path& path, int depth) {
  const auto& fields = s.fields();
  auto sig = fields.find(std::string(kSpecialSigKey));
  if (sig == fields.end()) {
    Value out = Value::Object();
    for (const auto& [key, member] : fields) {
      if (!IsValidUtf8(key)) return ErrorAt(path, "a key is not valid UTF-8");
      path.push_back(PathStep::Attribute(key));
      absl::StatusOr<Value> v = Decode(member, path, depth + 1);
      path.pop_back();
      if (!v.ok()) return v.status();
      out.Set(key, *std::move(v));
    }
    return out;
  }

  const std::string& kind = sig->second.string_value();
  if (kind == kSecretSig) {
    auto inner = fields.find("value");
    absl::StatusOr<Value> v =
        inner == fields.end() ? Value::Null() : Decode(inner->second, path, depth + 1);
    if (!v.ok()) return v.status();
    v->set_secret(true);
    return v;
  }
  if (kind == kResourceReferenceSig) {
    // The engine's own downgrade for providers that do not take references: a custom
    // resource becomes its id, a component its URN.
    auto id = fields.find("id");
    if (id != fields.end()) return Decode(id->second, path, depth + 1);
    auto urn = fields.find("urn");
    if (urn != fields.end() && urn->second.has_string_value()) {
      return Value::String(urn->second.string_value());
    }
    return ErrorAt(path, "resource reference without id or urn");
  }
  if (kind == kAssetSig || kind == kArchiveSig) {
    return ErrorAt(path, "assets and archives are not supported here");
  }
  return ErrorAt(path, absl::StrCat("unknown special value signature \"", kind, "\""));
}

absl::StatusOr<Value> Decode(const pb::Value& v, Path& path, int depth) {
  if (depth > kMaxDepth) return ErrorAt(path, "value nested too deeply");
  switch (v.kind_case()) {
    case pb::Value::KIND_NOT_SET:
    case pb::Value::kNullValue: return Value::Null();
    case pb::Value::kBoolValue: return Value::Bool(v.bool_value());
    case pb::Value::kNumberValue: {
      const double d = v.number_value();
      if (!std::isfinite(d)) return ErrorAt(path, "number is not finite");
      if (std::trunc(d) == d && std::fabs(d) <= kMaxExactInteger) {
        return Value::Int(static_cast<int64_t>(d));
      }
      return Value::Double(d);
    }
    case pb::Value::kStringValue:
      if (!IsValidUtf8(v.string_value())) return ErrorAt(path, "string is not valid UTF-8");
      if (IsUnknownSentinel(v.string_value())) return Value::Unknown();
      return Value::String(v.string_value());
    case pb::Value::kListValue: {
      Value out = Value::List();
      int64_t i = 0;
      for (const pb::Value& e : v.list_value().values()) {
        path.push_back(PathStep::Index(i++));
        absl::StatusOr<Value> decoded = Decode(e, path, depth + 1);
        path.pop_back();
        if (!decoded.ok()) return decoded.status();
        out.Append(*std::move(decoded));
      }
      return out;
    }
    case pb::Value::kStructValue: return DecodeStruct(v.struct_value(), path, depth);
  }
  return ErrorAt(path, "unknown protobuf Value kind");
}

absl::Status Encode(const Value& v, bool inside_secret, pb::Value& out, Path& path, int depth);

absl::Status EncodeMembers(const Value& v, bool inside_secret, pb::Struct& out, Path& path,
                           int depth) {
  auto& fields = *out.mutable_fields();
  for (const auto& [key, member] : v.members()) {
    path.push_back(v.is_map() ? PathStep::Key(key) : PathStep::Attribute(key));
    absl::Status s = Encode(member, inside_secret, fields[key], path, depth + 1);
    path.pop_back();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status Encode(const Value& v, bool inside_secret, pb::Value& out, Path& path, int depth) {
  if (depth > kMaxDepth) return ErrorAt(path, "value nested too deeply");
  if (v.secret() && !inside_secret) {
    auto& fields = *out.mutable_struct_value()->mutable_fields();
    fields[std::string(kSpecialSigKey)].set_string_value(std::string(kSecretSig));
    return Encode(v, /*inside_secret=*/true, fields["value"], path, depth + 1);
  }
  switch (v.kind()) {
    case Value::Kind::kNull: out.set_null_value(pb::NULL_VALUE); return absl::OkStatus();
    case Value::Kind::kUnknown: out.set_string_value(std::string(kUnknown)); return absl::OkStatus();
    case Value::Kind::kBool: out.set_bool_value(v.as_bool()); return absl::OkStatus();
    case Value::Kind::kNumber: {
      const double d = v.as_number().ToDouble();
      if (std::isnan(d)) return ErrorAt(path, "NaN is not a number");
      out.set_number_value(d);
      return absl::OkStatus();
    }
    case Value::Kind::kString: out.set_string_value(v.as_string()); return absl::OkStatus();
    case Value::Kind::kList: {
      pb::ListValue* list = out.mutable_list_value();
      int64_t i = 0;
      for (const Value& e : v.elements()) {
        path.push_back(PathStep::Index(i++));
        absl::Status s = Encode(e, inside_secret, *list->add_values(), path, depth + 1);
        path.pop_back();
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
    }
    case Value::Kind::kMap:
    case Value::Kind::kObject:
      return EncodeMembers(v, inside_secret, *out.mutable_struct_value(), path, depth);
  }
  return ErrorAt(path, "bad value kind");
}

}  // namespace

bool IsUnknownSentinel(std::string_view s) {
  return s == kUnknown || s == kUnknownBool || s == kUnknownNumber || s == kUnknownArray ||
         s == kUnknownObject;
}

absl::StatusOr<Value> FromStruct(const google::protobuf::Struct& s) {
  Path path;
  return DecodeStruct(s, path, 0);
}

absl::StatusOr<Value> FromProtoValue(const google::protobuf::Value& v) {
  Path path;
  return Decode(v, path, 0);
}

absl::StatusOr<google::protobuf::Struct> ToStruct(const Value& value) {
  if (!value.has_members()) return absl::InvalidArgumentError("a Struct needs an object");
  if (value.secret()) return absl::InvalidArgumentError("a whole Struct cannot be secret");
  google::protobuf::Struct out;
  Path path;
  if (absl::Status s = EncodeMembers(value, false, out, path, 0); !s.ok()) return s;
  return out;
}

absl::StatusOr<google::protobuf::Value> ToProtoValue(const Value& value) {
  google::protobuf::Value out;
  Path path;
  if (absl::Status s = Encode(value, false, out, path, 0); !s.ok()) return s;
  return out;
}

}  // namespace wgmesh::pulumi
