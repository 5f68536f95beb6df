#include "provider/terraform/msgpack_codec.h"

#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/input_limits.h"
#include "provider/terraform/msgpack.h"

namespace wgmesh::terraform {
namespace {

constexpr int kMaxDepth = MsgpackReader::kMaxDepth;

absl::Status ErrorAt(const Path& path, absl::string_view what) {
  std::string where = PathString(path);
  return absl::InvalidArgumentError(
      where.empty() ? std::string(what) : absl::StrCat(where, ": ", what));
}

absl::Status Annotate(const Path& path, const absl::Status& s) {
  return ErrorAt(path, s.message());
}

// ---- decoding ----

absl::StatusOr<std::string_view> ReadText(MsgpackReader& in, MsgpackReader::Type t, const Path& path) {
  absl::StatusOr<std::string_view> s = t == MsgpackReader::Type::kBinary ? in.ReadBinary() : in.ReadString();
  if (!s.ok()) return Annotate(path, s.status());
  // cty strings are Unicode; refusing malformed UTF-8 here keeps every Value string valid.
  if (!IsValidUtf8(*s)) return ErrorAt(path, "string is not valid UTF-8");
  return s;
}

absl::StatusOr<Value> Decode(MsgpackReader& in, const CtyType& type, Path& path, int depth);

absl::StatusOr<Value> DecodeNumber(MsgpackReader& in, MsgpackReader::Type t, const Path& path) {
  switch (t) {
    case MsgpackReader::Type::kInt: {
      absl::StatusOr<int64_t> v = in.ReadInt();
      if (!v.ok()) return Annotate(path, v.status());
      return Value::Int(*v);
    }
    case MsgpackReader::Type::kUint: {
      absl::StatusOr<uint64_t> v = in.ReadUint();
      if (!v.ok()) return Annotate(path, v.status());
      return Value::Num(Number::Uint(*v));
    }
    case MsgpackReader::Type::kFloat: {
      absl::StatusOr<double> v = in.ReadFloat();
      if (!v.ok()) return Annotate(path, v.status());
      if (std::isnan(*v)) return ErrorAt(path, "NaN is not a number");
      return Value::Double(*v);
    }
    case MsgpackReader::Type::kString: {
      // Numbers beyond int64 and float64 arrive as decimal text.
      absl::StatusOr<std::string_view> text = in.ReadString();
      if (!text.ok()) return Annotate(path, text.status());
      absl::StatusOr<Number> n = Number::Parse(*text);
      if (!n.ok()) return Annotate(path, n.status());
      return Value::Num(*std::move(n));
    }
    default: return ErrorAt(path, "expected a number");
  }
}

absl::StatusOr<Value> DecodeDynamic(MsgpackReader& in, Path& path, int depth) {
  absl::StatusOr<uint32_t> n = in.ReadArrayHeader();
  if (!n.ok()) return Annotate(path, n.status());
  if (*n != 2) return ErrorAt(path, "dynamic value must be [type, value]");
  absl::StatusOr<MsgpackReader::Type> t = in.Peek();
  if (!t.ok()) return Annotate(path, t.status());
  absl::StatusOr<std::string_view> type_json =
      *t == MsgpackReader::Type::kString ? in.ReadString() : in.ReadBinary();
  if (!type_json.ok()) return Annotate(path, type_json.status());
  absl::StatusOr<CtyType> type = CtyType::Parse(*type_json);
  if (!type.ok()) return Annotate(path, type.status());
  return Decode(in, *type, path, depth + 1);
}

absl::StatusOr<Value> Decode(MsgpackReader& in, const CtyType& type, Path& path, int depth) {
  if (depth > kMaxDepth) return ErrorAt(path, "value nested too deeply");
  absl::StatusOr<MsgpackReader::Type> t = in.Peek();
  if (!t.ok()) return Annotate(path, t.status());
  // Every extension is an unknown: plain (ext 0) or refined (ext 12, whose payload
  // describes what is known about the value; we do not need it).
  if (*t == MsgpackReader::Type::kExt) {
    if (absl::Status s = in.Skip(); !s.ok()) return Annotate(path, s);
    return Value::Unknown();
  }
  if (type.kind() == CtyType::Kind::kDynamic) {
    if (*t == MsgpackReader::Type::kNil) {
      (void)in.ReadNil();
      return Value::Null();
    }
    return DecodeDynamic(in, path, depth);
  }
  if (*t == MsgpackReader::Type::kNil) {
    (void)in.ReadNil();
    return Value::Null();
  }

  switch (type.kind()) {
    case CtyType::Kind::kString: {
      absl::StatusOr<std::string_view> s = ReadText(in, *t, path);
      if (!s.ok()) return s.status();
      return Value::String(std::string(*s));
    }
    case CtyType::Kind::kNumber: return DecodeNumber(in, *t, path);
    case CtyType::Kind::kBool: {
      absl::StatusOr<bool> b = in.ReadBool();
      if (!b.ok()) return Annotate(path, b.status());
      return Value::Bool(*b);
    }
    case CtyType::Kind::kList:
    case CtyType::Kind::kSet:
    case CtyType::Kind::kTuple: {
      absl::StatusOr<uint32_t> n = in.ReadArrayHeader();
      if (!n.ok()) return Annotate(path, n.status());
      const bool tuple = type.kind() == CtyType::Kind::kTuple;
      if (tuple && *n != type.elements().size()) {
        return ErrorAt(path, absl::StrCat("tuple needs ", type.elements().size(), " elements, got ", *n));
      }
      ValueList elements;
      elements.reserve(*n);
      for (uint32_t i = 0; i < *n; ++i) {
        path.push_back(PathStep::Index(i));
        absl::StatusOr<Value> e = Decode(in, tuple ? type.elements()[i] : type.element(), path, depth + 1);
        path.pop_back();
        if (!e.ok()) return e.status();
        elements.push_back(*std::move(e));
      }
      return Value::List(std::move(elements));
    }
    case CtyType::Kind::kMap:
    case CtyType::Kind::kObject: {
      absl::StatusOr<uint32_t> n = in.ReadMapHeader();
      if (!n.ok()) return Annotate(path, n.status());
      const bool object = type.kind() == CtyType::Kind::kObject;
      ValueMap members;
      for (uint32_t i = 0; i < *n; ++i) {
        absl::StatusOr<MsgpackReader::Type> key_type = in.Peek();
        if (!key_type.ok()) return Annotate(path, key_type.status());
        if (*key_type != MsgpackReader::Type::kString) return ErrorAt(path, "map key is not a string");
        absl::StatusOr<std::string_view> key = ReadText(in, *key_type, path);
        if (!key.ok()) return key.status();
        const CtyType* member_type = &type;
        if (object) {
          auto it = type.attributes().find(std::string(*key));
          if (it == type.attributes().end()) {
            return ErrorAt(path, absl::StrCat("unsupported attribute \"", std::string(*key), "\""));
          }
          member_type = &it->second;
        } else {
          member_type = &type.element();
        }
        path.push_back(object ? PathStep::Attribute(std::string(*key)) : PathStep::Key(std::string(*key)));
        absl::StatusOr<Value> v = Decode(in, *member_type, path, depth + 1);
        path.pop_back();
        if (!v.ok()) return v.status();
        members.insert_or_assign(std::string(*key), *std::move(v));
      }
      if (!object) return Value::Map(std::move(members));
      for (const auto& [name, attr_type] : type.attributes()) members.try_emplace(name);
      return Value::Object(std::move(members));
    }
    case CtyType::Kind::kDynamic: break;
  }
  return ErrorAt(path, "unreachable type");
}

// ---- encoding ----

const char* KindName(Value::Kind k) {
  switch (k) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kUnknown: return "unknown";
    case Value::Kind::kBool: return "bool";
    case Value::Kind::kNumber: return "number";
    case Value::Kind::kString: return "string";
    case Value::Kind::kList: return "list";
    case Value::Kind::kMap: return "map";
    case Value::Kind::kObject: return "object";
  }
  return "?";
}

absl::Status Expected(const Path& path, absl::string_view want, const Value& got) {
  return ErrorAt(path, absl::StrCat("expected ", want, ", got ", KindName(got.kind())));
}

absl::Status EncodeNumber(MsgpackWriter& out, const Number& n, const Path& path) {
  switch (n.form()) {
    case Number::Form::kInt: out.Int(n.int_value()); return absl::OkStatus();
    case Number::Form::kUint: out.Uint(n.uint_value()); return absl::OkStatus();
    case Number::Form::kDouble: {
      const double d = n.double_value();
      if (std::isnan(d)) return ErrorAt(path, "NaN is not a number");
      if (std::optional<int64_t> i = n.ToInt64()) {
        out.Int(*i);  // integral values go as integers, as cty writes them
      } else {
        out.Double(d);
      }
      return absl::OkStatus();
    }
    case Number::Form::kDecimal: out.String(n.ToString()); return absl::OkStatus();
  }
  return ErrorAt(path, "bad number");
}

absl::Status Encode(MsgpackWriter& out, const Value& v, const CtyType& type, Path& path, int depth) {
  if (depth > kMaxDepth) return ErrorAt(path, "value nested too deeply");
  if (type.kind() == CtyType::Kind::kDynamic && !v.is_null() && !v.is_unknown()) {
    const CtyType actual = ImpliedType(v);
    out.ArrayHeader(2);
    out.Binary(actual.ToJsonString());
    return Encode(out, v, actual, path, depth + 1);
  }
  if (v.is_unknown()) {
    out.Ext(0, std::string_view("\0", 1));  // d4 00 00: the only unknown form we send
    return absl::OkStatus();
  }
  if (v.is_null()) {
    out.Nil();
    return absl::OkStatus();
  }

  switch (type.kind()) {
    case CtyType::Kind::kString:
      if (!v.is_string()) return Expected(path, "string", v);
      out.String(v.as_string());
      return absl::OkStatus();
    case CtyType::Kind::kNumber:
      if (!v.is_number()) return Expected(path, "number", v);
      return EncodeNumber(out, v.as_number(), path);
    case CtyType::Kind::kBool:
      if (!v.is_bool()) return Expected(path, "bool", v);
      out.Bool(v.as_bool());
      return absl::OkStatus();
    case CtyType::Kind::kList:
    case CtyType::Kind::kSet:
    case CtyType::Kind::kTuple: {
      if (!v.is_list()) return Expected(path, "list", v);
      const bool tuple = type.kind() == CtyType::Kind::kTuple;
      const ValueList& elements = v.elements();
      if (tuple && elements.size() != type.elements().size()) {
        return ErrorAt(path, absl::StrCat("tuple needs ", type.elements().size(), " elements, got ",
                                          elements.size()));
      }
      out.ArrayHeader(static_cast<uint32_t>(elements.size()));
      for (size_t i = 0; i < elements.size(); ++i) {
        path.push_back(PathStep::Index(static_cast<int64_t>(i)));
        absl::Status s = Encode(out, elements[i], tuple ? type.elements()[i] : type.element(), path, depth + 1);
        path.pop_back();
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
    }
    case CtyType::Kind::kMap: {
      if (!v.has_members()) return Expected(path, "map", v);
      out.MapHeader(static_cast<uint32_t>(v.members().size()));
      for (const auto& [key, member] : v.members()) {
        out.String(key);
        path.push_back(PathStep::Key(key));
        absl::Status s = Encode(out, member, type.element(), path, depth + 1);
        path.pop_back();
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
    }
    case CtyType::Kind::kObject: {
      if (!v.has_members()) return Expected(path, "object", v);
      for (const auto& [key, member] : v.members()) {
        if (!type.attributes().contains(key)) {
          return ErrorAt(path, absl::StrCat("attribute \"", key, "\" is not in the type"));
        }
      }
      // Exactly the type's attributes, null where the value has none.
      out.MapHeader(static_cast<uint32_t>(type.attributes().size()));
      static const Value kNull;
      for (const auto& [name, attr_type] : type.attributes()) {
        out.String(name);
        const Value* member = v.Get(name);
        path.push_back(PathStep::Attribute(name));
        absl::Status s = Encode(out, member ? *member : kNull, attr_type, path, depth + 1);
        path.pop_back();
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
    }
    case CtyType::Kind::kDynamic: break;
  }
  return ErrorAt(path, "unreachable type");
}

}  // namespace

CtyType ImpliedType(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull:
    case Value::Kind::kUnknown: return CtyType::Dynamic();
    case Value::Kind::kBool: return CtyType::Bool();
    case Value::Kind::kNumber: return CtyType::Number();
    case Value::Kind::kString: return CtyType::String();
    case Value::Kind::kList: {
      std::vector<CtyType> elements;
      for (const Value& e : value.elements()) elements.push_back(ImpliedType(e));
      return CtyType::Tuple(std::move(elements));
    }
    case Value::Kind::kMap:
    case Value::Kind::kObject: {
      std::map<std::string, CtyType> attributes;
      for (const auto& [k, e] : value.members()) attributes.emplace(k, ImpliedType(e));
      if (value.is_map() && !attributes.empty()) {
        const CtyType& first = attributes.begin()->second;
        bool same = first.kind() != CtyType::Kind::kDynamic;
        for (const auto& [k, t] : attributes) same = same && t == first;
        if (same) return CtyType::Map(first);
      }
      return CtyType::Object(std::move(attributes));
    }
  }
  return CtyType::Dynamic();
}

absl::StatusOr<Value> DecodeMsgpack(std::string_view bytes, const CtyType& type) {
  MsgpackReader in(bytes);
  Path path;
  absl::StatusOr<Value> v = Decode(in, type, path, 0);
  if (!v.ok()) return v.status();
  if (!in.AtEnd()) {
    return absl::InvalidArgumentError(absl::StrCat("msgpack: ", bytes.size() - in.offset(),
                                                   " trailing bytes after the value"));
  }
  return v;
}

absl::StatusOr<std::string> EncodeMsgpack(const Value& value, const CtyType& type) {
  MsgpackWriter out;
  Path path;
  if (absl::Status s = Encode(out, value, type, path, 0); !s.ok()) return s;
  return out.Take();
}

}  // namespace wgmesh::terraform
