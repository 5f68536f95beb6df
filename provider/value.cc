#include "provider/value.h"

#include <cassert>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace wgmesh {

Value Value::Unknown() {
  Value v;
  v.kind_ = Kind::kUnknown;
  return v;
}

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.data_ = b;
  return v;
}

Value Value::Num(Number n) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.data_ = std::move(n);
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.data_ = std::move(s);
  return v;
}

Value Value::List(ValueList elements) {
  Value v;
  v.kind_ = Kind::kList;
  v.data_ = std::move(elements);
  return v;
}

Value Value::Map(ValueMap members) {
  Value v;
  v.kind_ = Kind::kMap;
  v.data_ = std::move(members);
  return v;
}

Value Value::Object(ValueMap attributes) {
  Value v;
  v.kind_ = Kind::kObject;
  v.data_ = std::move(attributes);
  return v;
}

bool Value::as_bool() const {
  assert(is_bool());
  return *std::get_if<bool>(&data_);
}

const Number& Value::as_number() const {
  assert(is_number());
  return *std::get_if<Number>(&data_);
}

const std::string& Value::as_string() const {
  assert(is_string());
  return *std::get_if<std::string>(&data_);
}

const ValueList& Value::elements() const {
  assert(is_list());
  return *std::get_if<ValueList>(&data_);
}

ValueList& Value::mutable_elements() {
  assert(is_list());
  return *std::get_if<ValueList>(&data_);
}

const ValueMap& Value::members() const {
  assert(has_members());
  return *std::get_if<ValueMap>(&data_);
}

ValueMap& Value::mutable_members() {
  assert(has_members());
  return *std::get_if<ValueMap>(&data_);
}

const Value* Value::Get(std::string_view key) const {
  if (!has_members()) return nullptr;
  const ValueMap& m = members();
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

const Value* Value::At(size_t index) const {
  if (!is_list() || index >= elements().size()) return nullptr;
  return &elements()[index];
}

Value& Value::Set(std::string key, Value v) {
  mutable_members().insert_or_assign(std::move(key), std::move(v));
  return *this;
}

Value& Value::Append(Value v) {
  mutable_elements().push_back(std::move(v));
  return *this;
}

bool Value::IsWhollyKnown() const {
  switch (kind_) {
    case Kind::kUnknown: return false;
    case Kind::kList:
      for (const Value& e : elements()) {
        if (!e.IsWhollyKnown()) return false;
      }
      return true;
    case Kind::kMap:
    case Kind::kObject:
      for (const auto& [k, e] : members()) {
        if (!e.IsWhollyKnown()) return false;
      }
      return true;
    default: return true;
  }
}

bool Value::ContainsSecret() const {
  if (secret_) return true;
  if (is_list()) {
    for (const Value& e : elements()) {
      if (e.ContainsSecret()) return true;
    }
  } else if (has_members()) {
    for (const auto& [k, e] : members()) {
      if (e.ContainsSecret()) return true;
    }
  }
  return false;
}

Value Value::WithoutMarks() const {
  Value out = *this;
  out.secret_ = false;
  if (out.is_list()) {
    for (Value& e : out.mutable_elements()) e = e.WithoutMarks();
  } else if (out.has_members()) {
    for (auto& [k, e] : out.mutable_members()) e = e.WithoutMarks();
  }
  return out;
}

std::string Value::DebugString() const {
  if (secret_) return "(sensitive)";
  switch (kind_) {
    case Kind::kNull: return "null";
    case Kind::kUnknown: return "(known after apply)";
    case Kind::kBool: return as_bool() ? "true" : "false";
    case Kind::kNumber: return as_number().ToString();
    case Kind::kString: return absl::StrCat("\"", as_string(), "\"");
    case Kind::kList:
      return absl::StrCat("[", absl::StrJoin(elements(), ", ", [](std::string* out, const Value& e) {
        out->append(e.DebugString());
      }), "]");
    case Kind::kMap:
    case Kind::kObject:
      return absl::StrCat(is_map() ? "map" : "", "{",
                          absl::StrJoin(members(), ", ", [](std::string* out, const auto& kv) {
                            absl::StrAppend(out, kv.first, ": ", kv.second.DebugString());
                          }),
                          "}");
  }
  return "?";
}

namespace {

bool Equal(const Value& a, const Value& b, bool marks) {
  if (a.kind() != b.kind()) return false;
  if (marks && a.secret() != b.secret()) return false;
  switch (a.kind()) {
    case Value::Kind::kNull:
    case Value::Kind::kUnknown: return true;
    case Value::Kind::kBool: return a.as_bool() == b.as_bool();
    case Value::Kind::kNumber: return a.as_number() == b.as_number();
    case Value::Kind::kString: return a.as_string() == b.as_string();
    case Value::Kind::kList: {
      const ValueList& x = a.elements();
      const ValueList& y = b.elements();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Equal(x[i], y[i], marks)) return false;
      }
      return true;
    }
    case Value::Kind::kMap:
    case Value::Kind::kObject: {
      const ValueMap& x = a.members();
      const ValueMap& y = b.members();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first || !Equal(i->second, j->second, marks)) return false;
      }
      return true;
    }
  }
  return false;
}

// HCL identifiers may be written bare after a dot; anything else needs ["..."].
bool IsIdentifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool operator==(const Value& a, const Value& b) { return Equal(a, b, /*marks=*/true); }

bool EqualIgnoringMarks(const Value& a, const Value& b) { return Equal(a, b, /*marks=*/false); }

std::string PathString(const Path& path) {
  std::string out;
  for (const PathStep& step : path) {
    switch (step.kind) {
      case PathStep::Kind::kAttribute:
        if (IsIdentifier(step.name)) {
          absl::StrAppend(&out, out.empty() ? "" : ".", step.name);
          break;
        }
        [[fallthrough]];
      case PathStep::Kind::kKey: {
        std::string escaped;
        for (char c : step.name) {
          if (c == '"' || c == '\\') escaped.push_back('\\');
          escaped.push_back(c);
        }
        absl::StrAppend(&out, "[\"", escaped, "\"]");
        break;
      }
      case PathStep::Kind::kIndex: absl::StrAppend(&out, "[", step.index, "]"); break;
    }
  }
  return out;
}

const Value* Find(const Value& root, const Path& path) {
  const Value* v = &root;
  for (const PathStep& step : path) {
    if (step.kind == PathStep::Kind::kIndex) {
      if (step.index < 0) return nullptr;
      v = v->At(static_cast<size_t>(step.index));
    } else {
      v = v->Get(step.name);
    }
    if (v == nullptr) return nullptr;
  }
  return v;
}

}  // namespace wgmesh
