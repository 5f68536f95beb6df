// Number: a numeric value as the protocols carry it, kept exact.
//
// Terraform numbers are arbitrary precision (msgpack int of any width, float64, or a decimal
// string); Pulumi numbers are doubles. A Number holds the narrowest exact form: int64, uint64
// (only above INT64_MAX), double, or canonical decimal text when neither integer nor double
// represents the value exactly. Equality is by numeric value, whatever the form.
#ifndef WGMESH_PROVIDER_NUMBER_H_
#define WGMESH_PROVIDER_NUMBER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wgmesh {

class Number {
 public:
  enum class Form { kInt, kUint, kDouble, kDecimal };

  Number() = default;  // 0
  static Number Int(int64_t v);
  static Number Uint(uint64_t v);  // stored as kInt when it fits
  static Number Double(double v);  // any double; NaN/inf are rejected by the codecs
  // Parses decimal text ("-12", "0.5", "1e400", "123456789012345678901234") into the
  // narrowest exact form. No hex, no inf/nan, no surrounding space.
  static absl::StatusOr<Number> Parse(std::string_view text);

  Form form() const { return form_; }
  bool is_integer() const;  // an integral value, in any form
  std::optional<int64_t> ToInt64() const;    // exact, or nullopt
  std::optional<uint64_t> ToUint64() const;  // exact, or nullopt
  double ToDouble() const;                   // nearest double
  int64_t int_value() const { return i_; }   // form kInt
  uint64_t uint_value() const { return u_; } // form kUint
  double double_value() const { return d_; } // form kDouble
  // Canonical decimal text: integers as digits, doubles as their shortest round-trip text,
  // decimals as stored. Parse(ToString()) yields an equal Number.
  std::string ToString() const;

  friend bool operator==(const Number& a, const Number& b);

 private:
  Form form_ = Form::kInt;
  int64_t i_ = 0;
  uint64_t u_ = 0;
  double d_ = 0;
  std::string text_;  // form kDecimal
};

}  // namespace wgmesh

#endif  // WGMESH_PROVIDER_NUMBER_H_
