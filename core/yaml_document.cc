// YAML -> JSON document, resolving plain scalars the way PyYAML (YAML 1.1) did
// for the original tool: ints, floats, booleans (yes/no/on/off too), null.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/input_limits.h"
#include "core/json_reader.h"
#include "core/spec_parse.h"

namespace wgmesh {
namespace {

using nlohmann::json;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A plain scalar that is a number as PyYAML (YAML 1.1) resolves it, scanned
// by hand (std::regex recursed per character: a 50,000-digit scalar
// overflowed the stack; std::stod threw on "-." and "1e999"):
//   int    [-+]?(0|[1-9][0-9_]*)
//   float  [-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?  with a digit somewhere
// nullopt when it is no number; the text itself when it is one that int64 or
// double cannot hold, so the field check reports it as written.
std::optional<json> PlainNumber(const std::string& s) {
  std::string number;  // what from_chars reads: no '+', no '_'
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && (s[i] == '-' || s[i] == '+')) number += s[i++] == '-' ? "-" : "";
  const size_t int_start = i;
  size_t mantissa_digits = 0;
  auto digits = [&] {
    while (i < n && (IsDigit(s[i]) || s[i] == '_')) {
      if (s[i] != '_') number += s[i], ++mantissa_digits;
      ++i;
    }
  };
  if (i < n && IsDigit(s[i])) digits();
  const size_t int_end = i;
  if (i == n) {  // an int
    if (mantissa_digits == 0 || (s[int_start] == '0' && int_end - int_start > 1))
      return std::nullopt;
    int64_t v = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
    if (ec == std::errc() && end == number.data() + number.size()) return json(v);
    return json(s);
  }
  if (s[i] != '.') return std::nullopt;
  number += s[i++];
  digits();
  if (mantissa_digits == 0) return std::nullopt;  // ".", "-.", ".e5"
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    number += s[i++];
    if (i < n && (s[i] == '-' || s[i] == '+')) number += s[i++];
    const size_t exp_start = i;
    while (i < n && IsDigit(s[i])) number += s[i++];
    if (i == exp_start) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  double d = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), d);
  if (ec == std::errc() && end == number.data() + number.size() && std::isfinite(d))
    return json(d);
  return json(s);
}

json PlainScalar(const std::string& s) {
  static const std::set<std::string> kTrue = {"true", "True", "TRUE", "yes", "Yes", "YES",
                                              "on",   "On",   "ON",   "y",   "Y"};
  static const std::set<std::string> kFalse = {"false", "False", "FALSE", "no", "No", "NO",
                                               "off",   "Off",   "OFF",   "n",  "N"};
  static const std::set<std::string> kNull = {"", "~", "null", "Null", "NULL"};
  if (kNull.count(s)) return nullptr;
  if (kTrue.count(s)) return true;
  if (kFalse.count(s)) return false;
  if (auto number = PlainNumber(s)) return *std::move(number);
  return s;
}

// YAML nodes -> JSON values within the input limits. Aliases share nodes in
// yaml-cpp but are copied here, so a few nested aliases ("billion laughs")
// would expand without end: the values are counted.
class Converter {
 public:
  explicit Converter(std::string_view source) : source_(source) {}

  // `path` names the node for errors about its content; `depth` counts the
  // sequences and mappings around it.
  absl::StatusOr<json> Convert(const YAML::Node& node, const AttrPath& path, int depth) {
    if (++values_ > kMaxDocumentValues)
      return Fail(node, path, absl::StrCat("the document holds more than ", kMaxDocumentValues,
                                           " values (aliases count each time they are used)"));
    if ((node.IsSequence() || node.IsMap()) && depth >= kMaxNestingDepth)
      return Fail(node, path,
                  absl::StrCat("nested deeper than ", kMaxNestingDepth, " lists and mappings"));
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return json(nullptr);
      case YAML::NodeType::Scalar: {
        auto s = Text(node, path);
        if (!s.ok()) return s.status();
        // A quoted scalar has the tag "!" and stays a string.
        if (node.Tag() == "!") return json(*std::move(s));
        return PlainScalar(*s);
      }
      case YAML::NodeType::Sequence: {
        json out = json::array();
        for (const auto& item : node) {
          auto v = Convert(item, path.Child(out.size()), depth + 1);
          if (!v.ok()) return v.status();
          out.push_back(*std::move(v));
        }
        return out;
      }
      case YAML::NodeType::Map: {
        json out = json::object();
        for (const auto& kv : node) {
          if (!kv.first.IsScalar())
            return Fail(kv.first, path, "mapping keys must be plain strings");
          auto key = Text(kv.first, path);
          if (!key.ok()) return key.status();
          if (out.contains(*key))
            return Fail(kv.first, path, absl::StrCat("duplicate key \"", *key, "\""));
          auto v = Convert(kv.second, path.Child(*key), depth + 1);
          if (!v.ok()) return v.status();
          out[*key] = *std::move(v);
        }
        return out;
      }
    }
    return json(nullptr);
  }

 private:
  absl::Status Fail(const YAML::Node& n, const AttrPath& at, std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(std::string(source_), ":", n.Mark().line + 1, ":",
                                                   n.Mark().column + 1, ": ",
                                                   at.empty() ? "" : at.ToString() + ": ",
                                                   std::string(what)));
  }
  absl::StatusOr<std::string> Text(const YAML::Node& n, const AttrPath& at) const {
    if (!IsValidUtf8(n.Scalar())) return Fail(n, at, "is not valid UTF-8");
    return n.Scalar();
  }

  std::string_view source_;
  int64_t values_ = 0;
};

}  // namespace

absl::StatusOr<json> ParseDocument(std::string_view text, DocFormat format,
                                   std::string_view source) {
  if (format == DocFormat::kJson) {
    auto doc = ParseJsonText(text);
    if (!doc.ok())
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(source), ": invalid JSON: ", doc.status().message()));
    return doc;
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    return Converter(source).Convert(root, AttrPath(), 0);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(source), ":", e.mark.line + 1, ":",
                                                   e.mark.column + 1, ": invalid YAML: ", e.msg));
  }
}

}  // namespace wgmesh
