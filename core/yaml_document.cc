// YAML -> JSON document, resolving plain scalars the way PyYAML (YAML 1.1) did
// for the original tool: ints, floats, booleans (yes/no/on/off too), null.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/spec_parse.h"

namespace wgmesh {
namespace {

using nlohmann::json;

json PlainScalar(const std::string& s) {
  static const std::set<std::string> kTrue = {"true", "True", "TRUE", "yes", "Yes", "YES",
                                              "on",   "On",   "ON",   "y",   "Y"};
  static const std::set<std::string> kFalse = {"false", "False", "FALSE", "no", "No", "NO",
                                               "off",   "Off",   "OFF",   "n",  "N"};
  static const std::set<std::string> kNull = {"", "~", "null", "Null", "NULL"};
  static const std::regex kInt("[-+]?(0|[1-9][0-9_]*)");
  static const std::regex kFloat("[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?");
  if (kNull.count(s)) return nullptr;
  if (kTrue.count(s)) return true;
  if (kFalse.count(s)) return false;
  if (std::regex_match(s, kInt)) {
    std::string digits;
    for (char c : s)
      if (c != '_' && c != '+') digits += c;
    int64_t v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec == std::errc() && end == digits.data() + digits.size()) return v;
    return s;  // out of range: keep the text; the field check reports it
  }
  if (std::regex_match(s, kFloat) && s != "." ) return std::stod(s);
  return s;
}

absl::StatusOr<json> Convert(const YAML::Node& node, std::string_view source) {
  auto where = [&](const YAML::Node& n) {
    return absl::StrCat(std::string(source), ":", n.Mark().line + 1, ":", n.Mark().column + 1);
  };
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return json(nullptr);
    case YAML::NodeType::Scalar:
      // A quoted scalar has the tag "!" and stays a string.
      if (node.Tag() == "!") return json(node.Scalar());
      return PlainScalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) {
        auto v = Convert(item, source);
        if (!v.ok()) return v.status();
        out.push_back(*std::move(v));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node) {
        if (!kv.first.IsScalar())
          return absl::InvalidArgumentError(
              absl::StrCat(where(kv.first), ": mapping keys must be plain strings"));
        const std::string key = kv.first.Scalar();
        if (out.contains(key))
          return absl::InvalidArgumentError(
              absl::StrCat(where(kv.first), ": duplicate key \"", key, "\""));
        auto v = Convert(kv.second, source);
        if (!v.ok()) return v.status();
        out[key] = *std::move(v);
      }
      return out;
    }
  }
  return json(nullptr);
}

}  // namespace

absl::StatusOr<json> ParseDocument(std::string_view text, DocFormat format,
                                   std::string_view source) {
  if (format == DocFormat::kJson) {
    try {
      return json::parse(text);
    } catch (const json::parse_error& e) {
      return absl::InvalidArgumentError(absl::StrCat(std::string(source), ": invalid JSON: ", e.what()));
    }
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    return Convert(root, source);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(source), ":", e.mark.line + 1, ":",
                                                   e.mark.column + 1, ": invalid YAML: ", e.msg));
  }
}

}  // namespace wgmesh
