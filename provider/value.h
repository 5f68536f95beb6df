// Value: the protocol-neutral value the resource handlers work on.
//
// A Value is null, unknown (not yet known: planned/previewed), a bool, a Number, a string,
// a list, a map (string keys, one element type) or an object (named attributes). Any value
// may carry a secret mark (Terraform "sensitive", Pulumi secret); marks do not change the
// data. Sets travel as lists. The wire codecs (msgpack/cty, protobuf Struct, JSON) convert
// to and from this type; nothing here knows about a wire format.
//
// Values are plain copyable data. Accessors such as as_string() require the matching kind
// (checked by assert); Get() and Find() are the checked lookups.
#ifndef WGMESH_PROVIDER_VALUE_H_
#define WGMESH_PROVIDER_VALUE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "provider/number.h"

namespace wgmesh {

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value, std::less<>>;

class Value {
 public:
  enum class Kind { kNull, kUnknown, kBool, kNumber, kString, kList, kMap, kObject };

  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Unknown();
  static Value Bool(bool b);
  static Value Num(Number n);
  static Value Int(int64_t v) { return Num(Number::Int(v)); }
  static Value Double(double v) { return Num(Number::Double(v)); }
  static Value String(std::string s);
  static Value List(ValueList elements = {});
  static Value Map(ValueMap members = {});
  static Value Object(ValueMap attributes = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_unknown() const { return kind_ == Kind::kUnknown; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_list() const { return kind_ == Kind::kList; }
  bool is_map() const { return kind_ == Kind::kMap; }
  bool is_object() const { return kind_ == Kind::kObject; }
  // A map or an object: both hold string-keyed members.
  bool has_members() const { return is_map() || is_object(); }

  bool secret() const { return secret_; }
  void set_secret(bool secret) { secret_ = secret; }
  Value& MarkSecret() & { secret_ = true; return *this; }
  Value&& MarkSecret() && { secret_ = true; return std::move(*this); }

  bool as_bool() const;
  const Number& as_number() const;
  const std::string& as_string() const;
  const ValueList& elements() const;  // list
  ValueList& mutable_elements();
  const ValueMap& members() const;  // map or object
  ValueMap& mutable_members();

  // Member `key` of a map or object; nullptr when absent or when this holds no members.
  const Value* Get(std::string_view key) const;
  // Element `index` of a list; nullptr when out of range or not a list.
  const Value* At(size_t index) const;
  // Builders for maps/objects and lists (require that kind).
  Value& Set(std::string key, Value v);
  Value& Append(Value v);

  // True when no unknown appears anywhere inside.
  bool IsWhollyKnown() const;
  // True when this or anything inside is marked secret.
  bool ContainsSecret() const;
  // A copy with every secret mark removed, at every depth.
  Value WithoutMarks() const;
  // A short human-readable rendering for logs and test failures; secrets print as
  // (sensitive), unknowns as (known after apply).
  std::string DebugString() const;

  // Structural equality: same kind, same data, same secret marks at every depth. Numbers
  // compare by value; two unknowns are equal; map and object are different kinds.
  friend bool operator==(const Value& a, const Value& b);

 private:
  Kind kind_ = Kind::kNull;
  bool secret_ = false;
  std::variant<std::monostate, bool, Number, std::string, ValueList, ValueMap> data_;
};

// Equality ignoring secret marks.
bool EqualIgnoringMarks(const Value& a, const Value& b);

// One step of a path into a Value: an object attribute, a map key or a list index.
// These are exactly Terraform's AttributePath steps and Pulumi property path parts.
struct PathStep {
  enum class Kind { kAttribute, kKey, kIndex };
  Kind kind = Kind::kAttribute;
  std::string name;   // kAttribute, kKey
  int64_t index = 0;  // kIndex

  static PathStep Attribute(std::string name) { return {Kind::kAttribute, std::move(name), 0}; }
  static PathStep Key(std::string key) { return {Kind::kKey, std::move(key), 0}; }
  static PathStep Index(int64_t i) { return {Kind::kIndex, {}, i}; }
  bool operator==(const PathStep&) const = default;
};
using Path = std::vector<PathStep>;

// Renders a path as HCL does: nodes["a"].addr, peers[0]. Empty path renders as "".
std::string PathString(const Path& path);
// The value at `path`, or nullptr. Attribute and key steps apply to maps and objects alike.
const Value* Find(const Value& root, const Path& path);

}  // namespace wgmesh

#endif  // WGMESH_PROVIDER_VALUE_H_
