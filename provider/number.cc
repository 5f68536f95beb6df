#include "provider/number.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace wgmesh {
namespace {

// value = (neg ? -1 : 1) * digits * 10^exp; digits has no leading or trailing zeros and is
// empty for zero (then neg is false and exp is 0).
struct Canonical {
  bool neg = false;
  std::string digits;
  int64_t exp = 0;
  bool operator==(const Canonical&) const = default;
};

constexpr int64_t kMaxExponent = 1'000'000'000;

std::optional<Canonical> ParseCanonical(std::string_view s) {
  Canonical c;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) c.neg = s[i++] == '-';
  std::string mantissa;
  int64_t frac_digits = 0;
  bool any_digit = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    mantissa.push_back(s[i++]);
    any_digit = true;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      mantissa.push_back(s[i++]);
      ++frac_digits;
      any_digit = true;
    }
  }
  if (!any_digit) return std::nullopt;
  int64_t exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_neg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) exp_neg = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      exp = exp * 10 + (s[i++] - '0');
      if (exp > kMaxExponent) return std::nullopt;
    }
    if (exp_neg) exp = -exp;
  }
  if (i != s.size()) return std::nullopt;

  size_t first = mantissa.find_first_not_of('0');
  if (first == std::string::npos) return Canonical{};  // zero, including "-0"
  size_t last = mantissa.find_last_not_of('0');
  c.digits = mantissa.substr(first, last - first + 1);
  c.exp = exp - frac_digits + static_cast<int64_t>(mantissa.size() - 1 - last);
  return c;
}

std::string FormatCanonical(const Canonical& c) {
  if (c.digits.empty()) return "0";
  std::string out = c.neg ? "-" : "";
  const int64_t n = static_cast<int64_t>(c.digits.size());
  constexpr int64_t kPlainLimit = 64;
  if (c.exp >= 0 && n + c.exp <= kPlainLimit) {
    out += c.digits;
    out.append(static_cast<size_t>(c.exp), '0');
  } else if (c.exp < 0 && -c.exp <= kPlainLimit) {
    const int64_t int_digits = n + c.exp;
    if (int_digits > 0) {
      out += c.digits.substr(0, static_cast<size_t>(int_digits));
      out += '.';
      out += c.digits.substr(static_cast<size_t>(int_digits));
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-int_digits), '0');
      out += c.digits;
    }
  } else {
    out += c.digits.substr(0, 1);
    if (n > 1) absl::StrAppend(&out, ".", c.digits.substr(1));
    absl::StrAppend(&out, "e", c.exp + n - 1);
  }
  return out;
}

std::string ShortestDouble(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d);
  return std::string(buf, res.ptr);
}

template <typename T>
std::string IntText(T v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, res.ptr);
}

// The canonical form of a finite number.
Canonical CanonicalOf(const Number& n) {
  std::string text;
  switch (n.form()) {
    case Number::Form::kInt: text = IntText(n.int_value()); break;
    case Number::Form::kUint: text = IntText(n.uint_value()); break;
    case Number::Form::kDouble: text = ShortestDouble(n.double_value()); break;
    case Number::Form::kDecimal: text = n.ToString(); break;
  }
  return ParseCanonical(text).value_or(Canonical{});
}

bool IsFinite(const Number& n) {
  return n.form() != Number::Form::kDouble || std::isfinite(n.double_value());
}

}  // namespace

Number Number::Int(int64_t v) {
  Number n;
  n.form_ = Form::kInt;
  n.i_ = v;
  return n;
}

Number Number::Uint(uint64_t v) {
  if (v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return Int(static_cast<int64_t>(v));
  }
  Number n;
  n.form_ = Form::kUint;
  n.u_ = v;
  return n;
}

Number Number::Double(double v) {
  Number n;
  n.form_ = Form::kDouble;
  n.d_ = v;
  return n;
}

absl::StatusOr<Number> Number::Parse(std::string_view text) {
  std::optional<Canonical> c = ParseCanonical(text);
  if (!c) return absl::InvalidArgumentError(absl::StrCat("not a decimal number: \"", std::string(text), "\""));
  const std::string canonical_text = FormatCanonical(*c);

  if (c->exp >= 0 && c->digits.size() + static_cast<size_t>(c->exp) <= 20) {
    std::string digits = c->digits + std::string(static_cast<size_t>(c->exp), '0');
    if (c->digits.empty()) return Int(0);
    if (c->neg) {
      int64_t v;
      std::string signed_digits = "-" + digits;
      auto res = std::from_chars(signed_digits.data(), signed_digits.data() + signed_digits.size(), v);
      if (res.ec == std::errc() && res.ptr == signed_digits.data() + signed_digits.size()) return Int(v);
    } else {
      uint64_t v;
      auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (res.ec == std::errc() && res.ptr == digits.data() + digits.size()) return Uint(v);
    }
  }

  double d;
  auto res = std::from_chars(canonical_text.data(), canonical_text.data() + canonical_text.size(), d);
  if (res.ec == std::errc() && std::isfinite(d) &&
      ParseCanonical(ShortestDouble(d)) == c) {
    return Double(d);
  }
  Number n;
  n.form_ = Form::kDecimal;
  n.text_ = canonical_text;
  return n;
}

bool Number::is_integer() const {
  switch (form_) {
    case Form::kInt:
    case Form::kUint: return true;
    case Form::kDouble: return std::isfinite(d_) && std::trunc(d_) == d_;
    case Form::kDecimal: return CanonicalOf(*this).exp >= 0;
  }
  return false;
}

std::optional<int64_t> Number::ToInt64() const {
  switch (form_) {
    case Form::kInt: return i_;
    case Form::kDouble:
      // 2^63 is exact as a double; every integral double below it fits.
      if (is_integer() && d_ >= -9223372036854775808.0 && d_ < 9223372036854775808.0) {
        return static_cast<int64_t>(d_);
      }
      return std::nullopt;
    default: return std::nullopt;  // kUint is above INT64_MAX; kDecimal fits no integer
  }
}

std::optional<uint64_t> Number::ToUint64() const {
  switch (form_) {
    case Form::kInt:
      if (i_ >= 0) return static_cast<uint64_t>(i_);
      return std::nullopt;
    case Form::kUint: return u_;
    case Form::kDouble:
      if (is_integer() && d_ >= 0 && d_ < 18446744073709551616.0) return static_cast<uint64_t>(d_);
      return std::nullopt;
    default: return std::nullopt;
  }
}

double Number::ToDouble() const {
  switch (form_) {
    case Form::kInt: return static_cast<double>(i_);
    case Form::kUint: return static_cast<double>(u_);
    case Form::kDouble: return d_;
    case Form::kDecimal: {
      double d = 0;
      auto res = std::from_chars(text_.data(), text_.data() + text_.size(), d);
      if (res.ec == std::errc::result_out_of_range) {
        // Out of range either way: tiny values round to zero, huge ones to infinity.
        Canonical c = CanonicalOf(*this);
        double mag = c.exp > 0 ? std::numeric_limits<double>::infinity() : 0.0;
        return c.neg ? -mag : mag;
      }
      return d;
    }
  }
  return 0;
}

std::string Number::ToString() const {
  switch (form_) {
    case Form::kInt: return IntText(i_);
    case Form::kUint: return IntText(u_);
    case Form::kDouble: return ShortestDouble(d_);
    case Form::kDecimal: return text_;
  }
  return "0";
}

bool operator==(const Number& a, const Number& b) {
  if (a.form_ == Number::Form::kInt && b.form_ == Number::Form::kInt) return a.i_ == b.i_;
  if (!IsFinite(a) || !IsFinite(b)) {
    return a.form_ == Number::Form::kDouble && b.form_ == Number::Form::kDouble && a.d_ == b.d_;
  }
  return CanonicalOf(a) == CanonicalOf(b);
}

}  // namespace wgmesh
