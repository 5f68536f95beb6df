#include "core/json_reader.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/input_limits.h"

namespace wgmesh {

using nlohmann::json;

absl::StatusOr<json> ParseJsonText(std::string_view text) {
  // The callback sees each value's depth as it is parsed; nlohmann's parser
  // itself keeps its stack on the heap, so only what comes after recurses.
  bool too_deep = false;
  auto limit = [&](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= kMaxNestingDepth)
      too_deep = true;
    return !too_deep;
  };
  try {
    json doc = json::parse(text, limit);
    if (too_deep)
      return absl::InvalidArgumentError(
          absl::StrCat("nested deeper than ", kMaxNestingDepth, " arrays and objects"));
    return doc;
  } catch (const json::exception& e) {
    // Only where and why: the "last read" text may be part of a secret.
    std::string_view what = e.what();
    what = what.substr(0, what.find("; last read"));
    if (auto bracket = what.find("] "); what.front() == '[' && bracket != what.npos)
      what.remove_prefix(bracket + 2);
    return absl::InvalidArgumentError(std::string(what));
  }
}

std::string ShownValue(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

json QuotedIntAsInt(const json& v) {
  if (!v.is_string()) return v;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > 9 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return v;
  return std::stoll(s);
}

const json& JsonReader::Field(const json& obj, const std::string& key) {
  static const json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

void JsonReader::String(const json& v, const AttrPath& path, std::string* out) {
  if (v.is_null()) return;
  if (!v.is_string()) return TypeError(v, path, "must be a string");
  *out = v.get<std::string>();
}

void JsonReader::OptString(const json& v, const AttrPath& path,
                           std::optional<std::string>* out) {
  if (v.is_null()) return;
  if (!v.is_string()) return TypeError(v, path, "must be a string");
  *out = v.get<std::string>();
}

void JsonReader::Bool(const json& v, const AttrPath& path, bool* out) {
  if (v.is_null()) return;
  if (!v.is_boolean()) return TypeError(v, path, "must be true or false");
  *out = v.get<bool>();
}

void JsonReader::Int(const json& v, const AttrPath& path, int64_t* out) {
  if (v.is_null()) return;
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      return TypeError(v, path, "must be an integer");
    *out = static_cast<int64_t>(v.get<uint64_t>());
    return;
  }
  if (v.is_number_integer()) {
    *out = v.get<int64_t>();
    return;
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9e15) {
      *out = static_cast<int64_t>(d);
      return;
    }
  }
  TypeError(v, path, "must be an integer");
}

void JsonReader::OptInt(const json& v, const AttrPath& path, std::optional<int64_t>* out) {
  if (v.is_null()) return;
  size_t before = problems_->all().size();
  int64_t i = 0;
  Int(v, path, &i);
  if (problems_->all().size() == before) *out = i;
}

void JsonReader::StringList(const json& v, const AttrPath& path,
                            std::vector<std::string>* out) {
  if (v.is_null()) return;
  if (!v.is_array()) return TypeError(v, path, "must be a list of strings");
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      TypeError(v[i], path.Child(i), "must be a string");
      continue;
    }
    out->push_back(v[i].get<std::string>());
  }
}

bool JsonReader::Required(const json& v, const AttrPath& path) {
  if (!v.is_null()) return true;
  problems_->Error(path, "", "is required");
  return false;
}

void JsonReader::KnownFields(const json& obj, const AttrPath& prefix,
                             const std::vector<std::string>& names) {
  if (!obj.is_object()) return;
  for (const auto& [key, unused] : obj.items()) {
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    problems_->Error(prefix.Child(key), "",
                     "unknown field; the fields here are: " + list);
  }
}

void JsonReader::TypeError(const json& v, const AttrPath& path, const std::string& rule) {
  problems_->Error(path, ShownValue(v), rule);
}

}  // namespace wgmesh
