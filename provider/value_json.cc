#include "provider/value_json.h"

#include <cmath>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/input_limits.h"

namespace wgmesh {
namespace {

absl::StatusOr<nlohmann::json> ToJsonAt(const Value& v, Path& path) {
  auto fail = [&](absl::string_view what) {
    std::string where = PathString(path);
    return absl::InvalidArgumentError(
        absl::StrCat(what, where.empty() ? "" : " at ", where));
  };
  switch (v.kind()) {
    case Value::Kind::kNull: return nlohmann::json(nullptr);
    case Value::Kind::kUnknown: return fail("unknown value has no JSON form");
    case Value::Kind::kBool: return nlohmann::json(v.as_bool());
    case Value::Kind::kString: return nlohmann::json(v.as_string());
    case Value::Kind::kNumber: {
      const Number& n = v.as_number();
      switch (n.form()) {
        case Number::Form::kInt: return nlohmann::json(n.int_value());
        case Number::Form::kUint: return nlohmann::json(n.uint_value());
        case Number::Form::kDouble:
          if (!std::isfinite(n.double_value())) return fail("non-finite number has no JSON form");
          return nlohmann::json(n.double_value());
        case Number::Form::kDecimal:
          return fail(absl::StrCat("number ", n.ToString(), " does not fit a JSON double"));
      }
      return fail("bad number");
    }
    case Value::Kind::kList: {
      nlohmann::json out = nlohmann::json::array();
      int64_t i = 0;
      for (const Value& e : v.elements()) {
        path.push_back(PathStep::Index(i++));
        absl::StatusOr<nlohmann::json> j = ToJsonAt(e, path);
        path.pop_back();
        if (!j.ok()) return j.status();
        out.push_back(*std::move(j));
      }
      return out;
    }
    case Value::Kind::kMap:
    case Value::Kind::kObject: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [k, e] : v.members()) {
        path.push_back(v.is_map() ? PathStep::Key(k) : PathStep::Attribute(k));
        absl::StatusOr<nlohmann::json> j = ToJsonAt(e, path);
        path.pop_back();
        if (!j.ok()) return j.status();
        out[k] = *std::move(j);
      }
      return out;
    }
  }
  return fail("bad value");
}

// Builds a Value from SAX events so numbers keep their source text.
class ValueBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return Put(Value::Null()); }
  bool boolean(bool b) override { return Put(Value::Bool(b)); }
  bool number_integer(number_integer_t v) override { return Put(Value::Int(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Put(Value::Num(Number::Uint(v))); }
  bool number_float(number_float_t, const string_t& text) override {
    absl::StatusOr<Number> n = Number::Parse(text);
    if (!n.ok()) {
      error_ = std::string(n.status().message());
      return false;
    }
    return Put(Value::Num(*std::move(n)));
  }
  bool string(string_t& s) override { return Put(Value::String(std::move(s))); }
  bool binary(binary_t&) override {
    error_ = "binary values are not JSON";
    return false;
  }
  bool start_object(std::size_t) override {
    if (TooDeep()) return false;
    stack_.push_back(Value::Object());
    return true;
  }
  bool key(string_t& k) override {
    keys_.push_back(std::move(k));
    return true;
  }
  bool end_object() override { return Pop(); }
  bool start_array(std::size_t) override {
    if (TooDeep()) return false;
    stack_.push_back(Value::List());
    return true;
  }
  bool end_array() override { return Pop(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    error_ = ex.what();
    return false;
  }

  const std::string& error() const { return error_; }
  Value TakeResult() { return std::move(result_); }

 private:
  // Everything after the parser recurses over the value: 20,000 nested '['
  // would overflow the stack there.
  bool TooDeep() {
    if (stack_.size() < static_cast<size_t>(kMaxNestingDepth)) return false;
    error_ = absl::StrCat("nested deeper than ", kMaxNestingDepth, " arrays and objects");
    return true;
  }
  bool Put(Value v) {
    if (stack_.empty()) {
      result_ = std::move(v);
    } else if (stack_.back().is_list()) {
      stack_.back().Append(std::move(v));
    } else {
      stack_.back().Set(std::move(keys_.back()), std::move(v));
      keys_.pop_back();
    }
    return true;
  }
  bool Pop() {
    Value v = std::move(stack_.back());
    stack_.pop_back();
    return Put(std::move(v));
  }

  std::vector<Value> stack_;
  std::vector<std::string> keys_;
  Value result_;
  std::string error_;
};

}  // namespace

absl::StatusOr<nlohmann::json> ToJson(const Value& value) {
  Path path;
  return ToJsonAt(value, path);
}

absl::StatusOr<Value> FromJson(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null: return Value::Null();
    case nlohmann::json::value_t::boolean: return Value::Bool(json.get<bool>());
    case nlohmann::json::value_t::number_integer: return Value::Int(json.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return Value::Num(Number::Uint(json.get<uint64_t>()));
    case nlohmann::json::value_t::number_float: return Value::Double(json.get<double>());
    case nlohmann::json::value_t::string: return Value::String(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      Value out = Value::List();
      for (const nlohmann::json& e : json) {
        absl::StatusOr<Value> v = FromJson(e);
        if (!v.ok()) return v.status();
        out.Append(*std::move(v));
      }
      return out;
    }
    case nlohmann::json::value_t::object: {
      Value out = Value::Object();
      for (const auto& [k, e] : json.items()) {
        absl::StatusOr<Value> v = FromJson(e);
        if (!v.ok()) return v.status();
        out.Set(k, *std::move(v));
      }
      return out;
    }
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded: break;
  }
  return absl::InvalidArgumentError("JSON value has no Value form");
}

absl::StatusOr<Value> ParseJson(std::string_view text) {
  ValueBuilder builder;
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text, &builder);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", e.what()));
  }
  if (!ok) return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", builder.error()));
  return builder.TakeResult();
}

}  // namespace wgmesh
