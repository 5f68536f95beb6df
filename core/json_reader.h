// Typed reads from a JSON document that report type errors as Problems at an
// attribute path instead of failing: the parser goes on and the user sees
// every mistake at once. A JSON null counts as absent everywhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "core/problems.h"

namespace wgmesh {

class JsonReader {
 public:
  explicit JsonReader(Problems* problems) : problems_(problems) {}

  // obj[key], or null when obj is not an object or lacks the key.
  static const nlohmann::json& Field(const nlohmann::json& obj, const std::string& key);

  void String(const nlohmann::json& v, const AttrPath& path, std::string* out);
  void OptString(const nlohmann::json& v, const AttrPath& path,
                 std::optional<std::string>* out);
  void Bool(const nlohmann::json& v, const AttrPath& path, bool* out);
  // Whole numbers only; whole floats (51820.0, as Terraform may send) are accepted.
  void Int(const nlohmann::json& v, const AttrPath& path, int64_t* out);
  void OptInt(const nlohmann::json& v, const AttrPath& path, std::optional<int64_t>* out);
  void StringList(const nlohmann::json& v, const AttrPath& path,
                  std::vector<std::string>* out);
  // Reports an error at `path` when `v` is null.
  bool Required(const nlohmann::json& v, const AttrPath& path);
  // Every key of `obj` must be one of `names`.
  void KnownFields(const nlohmann::json& obj, const AttrPath& prefix,
                   const std::vector<std::string>& names);
  void TypeError(const nlohmann::json& v, const AttrPath& path, const std::string& rule);

  Problems& problems() { return *problems_; }

 private:
  Problems* problems_;
};

// The original tool converted ports and priorities with Python's int(), so a
// quoted "51820" was a number to it: a string of 1-9 decimal digits becomes
// that integer; any other value is returned unchanged.
nlohmann::json QuotedIntAsInt(const nlohmann::json& v);

// Parses JSON text within the input limits (core/input_limits.h): nesting at
// most kMaxNestingDepth, strings UTF-8 (nlohmann checks). The error says
// where the text went wrong; it never throws.
absl::StatusOr<nlohmann::json> ParseJsonText(std::string_view text);

// The value as a user would read it: strings bare, everything else as JSON.
std::string ShownValue(const nlohmann::json& v);

}  // namespace wgmesh
